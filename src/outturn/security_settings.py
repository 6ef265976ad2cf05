"""Sign-in, OpenID Connect, rate limiting and security headers (imported by settings).

Everything here is read from the environment once, at start-up, and a bad value stops the
application with a message naming the variable: a half-configured single sign-on is worse
than none.
"""

from __future__ import annotations

import os
from datetime import timedelta
from urllib.parse import urlsplit

from csp import constants as _csp
from django.core.exceptions import ImproperlyConfigured

from outturn.settings import COUNCIL_LOGO_URL, PRODUCTION, env_bool, env_secret


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a number of at least {minimum}")
    return value


def parse_group_mapping(raw: str) -> dict[str, tuple[str, ...]]:
    """``"<provider group>=<role>;<provider group>=<role>"`` as {provider group: roles}.

    Pairs are separated by semicolons or new lines; the last ``=`` separates the group
    (an Entra ID object id, or a group name at other providers) from the role, so one
    group may carry several roles by being named twice. Role names are checked against
    the council's roles by ``outturn check``.
    """
    mapping: dict[str, tuple[str, ...]] = {}
    for number, pair in enumerate(raw.replace("\n", ";").split(";"), start=1):
        if not pair.strip():
            continue
        group, equals, role = pair.rpartition("=")
        group, role = group.strip(), role.strip()
        if not equals or not group or not role:
            raise ImproperlyConfigured(
                f"OUTTURN_OIDC_GROUPS, pair {number} ({pair.strip()!r}): "
                "write it as <provider group>=<role>, e.g. 1f0c…=Performance team"
            )
        mapping[group] = (*mapping.get(group, ()), role)
    return mapping


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# --- Password sign-in, rate limited by django-axes ------------------------------------------
# Five wrong passwords for one username from one address, then a pause: slow enough to stop
# guessing, short enough that a colleague who mistyped is not locked out for the day. The
# pair (not the address alone) is counted because a council's staff share office addresses.
AXES_FAILURE_LIMIT = env_int("OUTTURN_SIGN_IN_ATTEMPTS", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("OUTTURN_SIGN_IN_COOL_OFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts are logged by the handler; the start-up banner would pollute command output.
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "outturn.web.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "outturn.accounts.client_ip.client_ip_address"
AXES_HTTP_RESPONSE_CODE = 429
# Behind a reverse proxy every request comes from the proxy: name how many proxies append
# to X-Forwarded-For so the client's own address is the one counted.
OUTTURN_TRUSTED_PROXIES = env_int("OUTTURN_TRUSTED_PROXIES", 0)

# --- OpenID Connect (mozilla-django-oidc), on when a client id is set ------------------------
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = env_secret("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_DISCOVERY = os.environ.get("OIDC_OP_DISCOVERY", "").strip()
# Explicit endpoints win over the discovery document's.
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "").strip()
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "").strip()
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "").strip()
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "").strip()
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "").strip()
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256").strip()
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile").strip()
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", True)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10, minimum=1)
OIDC_AUTHENTICATION_CALLBACK_URL = "web:accounts-oidc-callback"
LOGIN_REDIRECT_URL_FAILURE = "/sign-in/?error=council-account"
OUTTURN_OIDC_GROUPS = parse_group_mapping(os.environ.get("OUTTURN_OIDC_GROUPS", ""))
OUTTURN_OIDC_GROUPS_CLAIM = os.environ.get("OUTTURN_OIDC_GROUPS_CLAIM", "groups").strip()
OUTTURN_OIDC_REQUIRE_GROUP = env_bool("OUTTURN_OIDC_REQUIRE_GROUP", False)
OUTTURN_OIDC_LINK_EXISTING = env_bool("OUTTURN_OIDC_LINK_EXISTING", True)

OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    if not OIDC_RP_CLIENT_SECRET:
        raise ImproperlyConfigured(
            "OIDC_RP_CLIENT_ID is set: set OIDC_RP_CLIENT_SECRET (or OIDC_RP_CLIENT_SECRET_FILE)."
        )
    _explicit = (OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_TOKEN_ENDPOINT, OIDC_OP_JWKS_ENDPOINT)
    if not OIDC_OP_DISCOVERY and not all(_explicit):
        raise ImproperlyConfigured(
            "OIDC_RP_CLIENT_ID is set: set OIDC_OP_DISCOVERY (the provider's "
            ".well-known/openid-configuration URL), or OIDC_OP_AUTHORIZATION_ENDPOINT, "
            "OIDC_OP_TOKEN_ENDPOINT and OIDC_OP_JWKS_ENDPOINT."
        )
    if PRODUCTION and any(
        url.startswith("http://") for url in (OIDC_OP_DISCOVERY, *_explicit) if url
    ):
        raise ImproperlyConfigured("OUTTURN_PRODUCTION is on: the OIDC provider must use https.")
elif OUTTURN_OIDC_GROUPS:
    raise ImproperlyConfigured("OUTTURN_OIDC_GROUPS is set but OIDC_RP_CLIENT_ID is not.")

# --- Security headers ------------------------------------------------------------------------
# A strict policy: scripts only from this site or carrying the page's nonce (GOV.UK
# Frontend's js-enabled snippet and module loader), no inline styles, no framing.
_img_sources = [_csp.SELF, "data:"]
if _origin(COUNCIL_LOGO_URL):
    _img_sources.append(_origin(COUNCIL_LOGO_URL))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_csp.SELF],
        "script-src": [_csp.SELF, _csp.NONCE],
        "style-src": [_csp.SELF],
        "img-src": _img_sources,
        "font-src": [_csp.SELF],
        "connect-src": [_csp.SELF],
        "frame-ancestors": [_csp.NONE],
        # The council-account button is a link and sign-out returns here, so no form ever
        # posts to, or is redirected to, the provider.
        "form-action": [_csp.SELF],
        "base-uri": [_csp.SELF],
        "object-src": [_csp.NONE],
        **({"upgrade-insecure-requests": True} if PRODUCTION else {}),
    }
}
