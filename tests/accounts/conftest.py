"""Fixtures for signing in: a fake OpenID Connect provider, and the application pointed at it."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import URLResolver

import outturn.urls
import outturn.web.accounts.urls
from outturn.accounts.oidc import forget_discovery_documents
from tests.accounts.fake_oidc import FakeProvider

GROUPS = {
    "0b6a-performance": ("Performance team",),
    "7c21-heads": ("Head of service",),
    "9e40-directors": ("Director",),
}


def _rebuilt(patterns: list[Any]) -> list[Any]:
    """The URL tree again, with the accounts module's patterns read afresh.

    Each ``include`` made its resolver, and cached its patterns, when the module above it
    was imported; new resolvers see the accounts module as it is now.
    """
    rebuilt = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            module = pattern.urlconf_module
            children = (
                module.urlpatterns if module is outturn.web.accounts.urls else pattern.url_patterns
            )
            pattern = URLResolver(
                pattern.pattern,
                _rebuilt(children),
                pattern.default_kwargs,
                pattern.app_name,
                pattern.namespace,
            )
        rebuilt.append(pattern)
    return rebuilt


@pytest.fixture
def provider() -> Iterator[FakeProvider]:
    with FakeProvider() as running:
        yield running


@pytest.fixture
def council_accounts(provider: FakeProvider) -> Iterator[FakeProvider]:
    """The application configured as a council would, with the provider's discovery URL."""
    overrides = {
        "OIDC_ENABLED": True,
        "OIDC_RP_CLIENT_ID": provider.client_id,
        "OIDC_RP_CLIENT_SECRET": provider.client_secret,
        "OIDC_OP_DISCOVERY": provider.issuer,
        "OUTTURN_OIDC_GROUPS": GROUPS,
        "AUTHENTICATION_BACKENDS": [
            *settings.AUTHENTICATION_BACKENDS,
            "outturn.accounts.oidc.CouncilAccountBackend",
        ],
    }
    forget_discovery_documents()
    try:
        with override_settings(**overrides):
            # The routes are mounted at import when OIDC is configured, as at start-up.
            importlib.reload(outturn.web.accounts.urls)
            root = ModuleType("council_account_urls")
            root.urlpatterns = _rebuilt(outturn.urls.urlpatterns)  # type: ignore[attr-defined]
            with override_settings(ROOT_URLCONF=root):
                yield provider
    finally:
        importlib.reload(outturn.web.accounts.urls)
        forget_discovery_documents()
