"""Sign-in with the council's own accounts over OpenID Connect (Microsoft Entra ID works).

mozilla-django-oidc runs the authorisation code flow; this module adds what a council
needs on top: the provider's endpoints read from its discovery document when first
needed (so a provider that is down does not stop the application starting), the ID
token's audience and issuer checked, users found by the provider's stable id, and the
provider's groups mapped onto the council's roles (``OUTTURN_OIDC_GROUPS``).
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from outturn.accounts.models import CouncilAccount
from outturn.accounts.roles import Role

log = logging.getLogger(__name__)

# Settings the discovery document supplies when they are not set explicitly.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_ISSUER": "issuer",
}
DISCOVERY_LIFETIME_SECONDS = 60 * 60
_documents: dict[str, tuple[float, dict[str, Any]]] = {}
_documents_lock = threading.Lock()


class ProviderUnavailable(Exception):
    """The identity provider could not be reached or answered nonsense."""


def discovery_url() -> str:
    url: str = getattr(settings, "OIDC_OP_DISCOVERY", "")
    if url and not url.rstrip("/").endswith("/.well-known/openid-configuration"):
        url = url.rstrip("/") + "/.well-known/openid-configuration"
    return url


def discovery_document() -> dict[str, Any]:
    """The provider's ``.well-known/openid-configuration``, cached for an hour."""
    url = discovery_url()
    if not url:
        return {}
    with _documents_lock:
        cached = _documents.get(url)
        if cached and time.monotonic() - cached[0] < DISCOVERY_LIFETIME_SECONDS:
            return cached[1]
    try:
        response = requests.get(url, timeout=getattr(settings, "OIDC_TIMEOUT", 10))
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"Could not read {url}: {error}") from error
    if not isinstance(document, dict) or "authorization_endpoint" not in document:
        raise ProviderUnavailable(f"{url} is not an OpenID Connect discovery document")
    with _documents_lock:
        _documents[url] = (time.monotonic(), document)
    return document


def forget_discovery_documents() -> None:
    with _documents_lock:
        _documents.clear()


_MISSING = object()


def provider_setting(name: str, *default: Any) -> Any:
    """A mozilla-django-oidc setting; endpoints not set explicitly come from discovery."""
    value = getattr(settings, name, _MISSING)
    if name in DISCOVERED and not value:
        value = discovery_document().get(DISCOVERED[name]) or _MISSING
    if value is _MISSING:
        if default:
            return default[0]
        raise ImproperlyConfigured(f"Setting {name} not found")
    return value


def mapped_roles(claims: dict[str, Any]) -> set[str]:
    """The council's roles that the provider's group claim grants."""
    claim = getattr(settings, "OUTTURN_OIDC_GROUPS_CLAIM", "groups")
    groups = claims.get(claim) or []
    if isinstance(groups, str):
        groups = [groups]
    mapping: dict[str, tuple[str, ...]] = getattr(settings, "OUTTURN_OIDC_GROUPS", {})
    return {role for group in groups for role in mapping.get(str(group), ())}


def check_group_mapping(mapping: dict[str, tuple[str, ...]]) -> None:
    """Refuse role names that are not the council's roles (a typo would grant nothing)."""
    known = {role.value for role in Role}
    for group, roles in mapping.items():
        for role in roles:
            if role not in known:
                raise ImproperlyConfigured(
                    f"OUTTURN_OIDC_GROUPS maps {group!r} to {role!r}, which is not a role; "
                    f"the roles are: {', '.join(sorted(known))}."
                )


def sync_roles(user: User, claims: dict[str, Any]) -> None:
    """Give ``user`` exactly the mapped roles the provider says they hold.

    Only roles named in the mapping are managed here: a role given by hand in the admin
    (say, Councillor, when councillors are not in a provider group) is left alone.
    """
    mapping: dict[str, tuple[str, ...]] = getattr(settings, "OUTTURN_OIDC_GROUPS", {})
    check_group_mapping(mapping)
    managed = {role for roles in mapping.values() for role in roles}
    if not managed:
        return
    if "_claim_names" in claims and settings.OUTTURN_OIDC_GROUPS_CLAIM not in claims:
        log.warning(
            "%s is in too many groups for the token to list them (Entra ID's group "
            "overage): assign the mapped groups to the application and emit only those.",
            user.get_username(),
        )
    wanted = mapped_roles(claims)
    held = set(user.groups.filter(name__in=managed).values_list("name", flat=True))
    if added := wanted - held:
        user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in sorted(added)))
    if removed := held - wanted:
        user.groups.remove(*Group.objects.filter(name__in=removed))
    if added or removed:
        log.info(
            "Council account roles for %s: added %s, removed %s",
            user.get_username(),
            sorted(added) or "none",
            sorted(removed) or "none",
        )
        if hasattr(user, "_outturn_roles"):
            del user._outturn_roles


def stable_subject(claims: dict[str, Any]) -> str:
    """Entra ID's ``oid`` (one id per person in the tenant), otherwise the standard ``sub``."""
    return str(claims.get("oid") or claims.get("sub") or "")


_NOT_IN_USERNAMES = re.compile(r"[^\w.@+-]")


class CouncilAccountBackend(OIDCAuthenticationBackend):
    """Signs in, creates or updates a user from the provider's claims, and maps their roles.

    Built on every ``authenticate`` and every request of a signed-in user, so nothing
    here may reach the provider until a sign-in actually needs it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.OIDC_RP_CLIENT_ID: str = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET: str = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO: str = getattr(settings, "OIDC_RP_SIGN_ALGO", "RS256")
        self.OIDC_RP_IDP_SIGN_KEY = getattr(settings, "OIDC_RP_IDP_SIGN_KEY", None)
        self.UserModel = get_user_model()

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return provider_setting(attr, *args)

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:  # the names the library reads
        return str(provider_setting("OIDC_OP_TOKEN_ENDPOINT"))

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str | None:
        return provider_setting("OIDC_OP_USER_ENDPOINT", None)

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:
        return str(provider_setting("OIDC_OP_JWKS_ENDPOINT"))

    def authenticate(self, request: Any, **kwargs: Any) -> User | None:
        """Only from the callback (which passes the nonce); a bad token is a failed sign-in.

        Django offers every backend every sign-in, so a password form posted to a URL with
        ``?code=…&state=…`` would otherwise have the library redeem a code it never asked for.
        """
        if "nonce" not in kwargs:
            return None
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except SuspiciousOperation as refused:
            log.warning("Council account sign-in refused: %s", refused)
            return None
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks the signature, expiry and nonce; add audience and issuer."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was not issued to this application")
        issuer = provider_setting("OIDC_OP_ISSUER", None)
        if issuer and "{tenantid}" in issuer:
            # A multi-tenant document ("common") would let any organisation's users in:
            # only the tenants the council lists are accepted.
            tenant = str(payload.get("tid") or "")
            allowed = {
                t.strip()
                for t in os.environ.get("OUTTURN_OIDC_TENANTS", "").split(",")
                if t.strip()
            }
            if tenant not in allowed or payload.get("iss") != issuer.replace("{tenantid}", tenant):
                raise SuspiciousOperation("The ID token comes from a tenant not allowed here")
        elif issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("The ID token comes from another issuer")
        return payload

    def get_userinfo(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        """The ID token's claims, with the userinfo endpoint's (if any) laid over them.

        Entra ID puts the groups and ``oid`` in the ID token only, so both sources count.
        """
        if not self.OIDC_OP_USER_ENDPOINT:
            return dict(payload)
        userinfo: dict[str, Any] = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo answer is about someone else")
        return {**payload, **userinfo}

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        if not stable_subject(claims):
            return False
        return not (settings.OUTTURN_OIDC_REQUIRE_GROUP and not mapped_roles(claims))

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return f"subject {stable_subject(claims)}"

    @transaction.atomic
    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation(
                "Claims verification failed: no subject, or no mapped group while "
                "OUTTURN_OIDC_REQUIRE_GROUP is on"
            )
        issuer = str(claims.get("iss") or provider_setting("OIDC_OP_ISSUER", None) or "")
        subject = stable_subject(claims)
        account = (
            CouncilAccount.objects.select_for_update()
            .select_related("user")
            .filter(issuer=issuer, subject=subject)
            .first()
        )
        if account is not None:
            user: User = account.user
        else:
            found = self._existing_user(claims, issuer)
            if found is None and not getattr(settings, "OIDC_CREATE_USER", True):
                return None
            user = found or self.create_user(claims)
            account = CouncilAccount.objects.create(user=user, issuer=issuer, subject=subject)
            log.info("Linked %s to council account %s", user.get_username(), subject)
        self.update_user(user, claims)
        sync_roles(user, claims)
        account.last_signed_in_at = timezone.now()
        account.save(update_fields=["last_signed_in_at"])
        return user

    def _existing_user(self, claims: dict[str, Any], issuer: str) -> User | None:
        """An account made before its owner first signed in, matched by username or email.

        The performance team may set people up (as data owners, say) before they sign in.
        Only such placeholders are linked: never a user already linked to another id at
        this provider, never a staff member or superuser, never an account with a usable
        password (its owner signs in with it), and an email only when the provider says it
        verified it. Otherwise anyone who could choose their provider username or an
        unverified email could take over an account.
        """
        if not settings.OUTTURN_OIDC_LINK_EXISTING:
            return None
        match = Q()
        if username := claims.get("preferred_username"):
            match |= Q(username__iexact=username)
        email = claims.get("email")
        if email and (claims.get("email_verified") is True or claims.get("xms_edov") is True):
            match |= Q(email__iexact=email)
        if not match:
            return None
        candidates = [
            user
            for user in self.UserModel.objects.filter(match)
            .exclude(council_accounts__issuer=issuer)
            .exclude(is_staff=True)
            .exclude(is_superuser=True)[:3]
            if not user.has_usable_password()
        ][:2]
        if len(candidates) > 1:
            raise SuspiciousOperation("The council account matches more than one user")
        return candidates[0] if candidates else None

    def create_user(self, claims: dict[str, Any]) -> User:
        user: User = self.UserModel.objects.create_user(
            self.get_username(claims), email=claims.get("email") or ""
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        return user

    def get_username(self, claims: dict[str, Any]) -> str:
        """The user principal name or email, as people know themselves; unique."""
        wanted = str(
            claims.get("preferred_username") or claims.get("email") or stable_subject(claims)
        )
        base = _NOT_IN_USERNAMES.sub("", wanted)[:140] or "council-user"
        username, number = base, 1
        while self.UserModel.objects.filter(username__iexact=username).exists():
            number += 1
            username = f"{base}-{number}"
        return username

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        """Keep names and email as the provider has them; a missing claim erases nothing."""
        given, family = claims.get("given_name"), claims.get("family_name")
        if not (given or family) and claims.get("name"):
            given, family = claims["name"], ""
        updates: dict[str, str] = {}
        if given or family:
            updates["first_name"] = str(given or "")[:150]
            updates["last_name"] = str(family or "")[:150]
        if claims.get("email"):
            updates["email"] = str(claims["email"])
        changed = [name for name, value in updates.items() if getattr(user, name) != value]
        for name in changed:
            setattr(user, name, updates[name])
        if changed:
            user.save(update_fields=changed)
        return user
