"""A small OpenID Connect provider on loopback, shaped like Microsoft Entra ID, for tests.

It serves discovery, authorise (signs in whoever the test says, at once), token (an RS256
ID token carrying the groups and ``oid``, as Entra ID does), userinfo (names and email
only, as Microsoft Graph's does) and the JWKS. It checks what a real provider checks:
the client's id and secret, the redirect URI, single-use codes and the PKCE verifier.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

USERINFO_CLAIMS = ("sub", "name", "given_name", "family_name", "email")


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class Grant:
    claims: dict[str, Any]
    nonce: str | None
    redirect_uri: str
    code_challenge: str | None


@dataclass
class FakeProvider:
    client_id: str = "outturn-test-client"
    client_secret: str = "outturn-test-secret"
    # Who signs in at the provider next: the test sets this before driving the flow.
    person: dict[str, Any] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    _grants: dict[str, Grant] = field(default_factory=dict)
    _tokens: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(4)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        host, port = self._server.server_address[:2]
        self.issuer = f"http://{host!s}:{port}/tenant/v2.0"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def start(self) -> FakeProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- what the provider answers ---------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/keys",
            "response_types_supported": ["code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict[str, Any]:
        numbers = self._key.public_key().public_numbers()
        return {
            "keys": [
                {
                    "kty": "RSA",
                    "use": "sig",
                    "alg": "RS256",
                    "kid": self.kid,
                    "n": _b64(numbers.n),
                    "e": _b64(numbers.e),
                }
            ]
        }

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {}, {"error": "unauthorized_client"}
        if "openid" not in query.get("scope", "").split():
            return 400, {}, {"error": "invalid_scope"}
        redirect_uri = query["redirect_uri"]
        if not self.person:
            denied = urlencode({"error": "access_denied", "state": query.get("state", "")})
            return 302, {"Location": f"{redirect_uri}?{denied}"}, None
        code = secrets.token_urlsafe(16)
        self._grants[code] = Grant(
            claims=dict(self.person),
            nonce=query.get("nonce"),
            redirect_uri=redirect_uri,
            code_challenge=query.get("code_challenge"),
        )
        back = urlencode({"code": code, "state": query.get("state", "")})
        return 302, {"Location": f"{redirect_uri}?{back}"}, None

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        if (form.get("client_id"), form.get("client_secret")) != (
            self.client_id,
            self.client_secret,
        ):
            return 401, {}, {"error": "invalid_client"}
        grant = self._grants.pop(form.get("code", ""), None)  # single use
        if grant is None or form.get("redirect_uri") != grant.redirect_uri:
            return 400, {}, {"error": "invalid_grant"}
        if grant.code_challenge is not None:
            verifier = form.get("code_verifier", "")
            digest = hashlib.sha256(verifier.encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant.code_challenge:
                return 400, {}, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        id_claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            **({"nonce": grant.nonce} if grant.nonce else {}),
            **grant.claims,
        }
        id_token = jwt.encode(id_claims, self._key, algorithm="RS256", headers={"kid": self.kid})
        access_token = secrets.token_urlsafe(24)
        self._tokens[access_token] = grant.claims
        body = {
            "token_type": "Bearer",
            "expires_in": 3600,
            "access_token": access_token,
            "id_token": id_token,
        }
        return 200, {}, body

    def userinfo(self, authorization: str) -> tuple[int, dict[str, str], Any]:
        claims = self._tokens.get(authorization.removeprefix("Bearer "))
        if claims is None:
            return 401, {}, {"error": "invalid_token"}
        return 200, {}, {name: claims[name] for name in USERINFO_CLAIMS if name in claims}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the test output is not the place for an access log."""

            def _send(self, status: int, headers: dict[str, str], body: Any) -> None:
                payload = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                path = url.path.removeprefix(urlsplit(provider.issuer).path)
                query = {key: values[0] for key, values in parse_qs(url.query).items()}
                provider.calls.append(f"GET {path}")
                if path == "/.well-known/openid-configuration":
                    self._send(200, {}, provider.discovery())
                elif path == "/keys":
                    self._send(200, {}, provider.jwks())
                elif path == "/authorize":
                    self._send(*provider.authorize(query))
                elif path == "/userinfo":
                    self._send(*provider.userinfo(self.headers.get("Authorization", "")))
                else:
                    self._send(404, {}, {"error": "not_found"})

            def do_POST(self) -> None:
                path = urlsplit(self.path).path.removeprefix(urlsplit(provider.issuer).path)
                length = int(self.headers.get("Content-Length", "0"))
                form = {
                    key: values[0]
                    for key, values in parse_qs(self.rfile.read(length).decode()).items()
                }
                provider.calls.append(f"POST {path}")
                if path == "/token":
                    self._send(*provider.token(form))
                else:
                    self._send(404, {}, {"error": "not_found"})

        return Handler
