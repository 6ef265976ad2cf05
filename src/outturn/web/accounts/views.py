"""Signing in and out: a username and password, or the council's own account (OpenID Connect)."""

from __future__ import annotations

import logging
import math
from typing import Any

import requests
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from outturn.accounts.oidc import ProviderUnavailable, provider_setting
from outturn.web.accounts.forms import SignInForm

log = logging.getLogger(__name__)

# What the sign-in page says when the provider sends someone back without signing them in.
COUNCIL_ACCOUNT_ERRORS = {
    "council-account": (
        "We could not sign you in with your council account. Try again, or ask the "
        "performance team to check that your account may use this service."
    ),
    "council-account-unavailable": (
        "Signing in with your council account is not working at the moment. Try again "
        "later, or sign in with a username and password."
    ),
}


class SignInView(LoginView):
    template_name = "outturn/accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.OIDC_ENABLED
        context["council_account_error"] = COUNCIL_ACCOUNT_ERRORS.get(
            self.request.GET.get("error", "")
        )
        return context


sign_in = SignInView.as_view()
sign_out = LogoutView.as_view()


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """Too many wrong passwords (django-axes): say when the person can try again."""
    cool_off = get_cool_off(request)
    context: dict[str, Any] = {"try_again_at": None, "minutes": None, "same_day": True}
    if cool_off:
        now = timezone.localtime()
        try_again_at = timezone.localtime(now + cool_off)
        context["try_again_at"] = try_again_at
        context["minutes"] = math.ceil(cool_off.total_seconds() / 60)
        context["same_day"] = try_again_at.date() == now.date()
    response = render(request, "outturn/accounts/locked_out.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    return response


def _back_to_sign_in(error: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse('web:accounts-sign-in')}?error={error}")


class CouncilAccountSignIn(OIDCAuthenticationRequestView):
    """Sends the person to the council's identity provider, with state, nonce and PKCE."""

    def __init__(self, **kwargs: Any) -> None:
        # The library reads the endpoint here; it is looked up on use, so that a provider
        # that is down sends people back to the sign-in page instead of failing the view.
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        for key, value in kwargs.items():
            setattr(self, key, value)

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return provider_setting(attr, *args)

    @property
    def OIDC_OP_AUTH_ENDPOINT(self) -> str:  # the name the library reads
        return str(provider_setting("OIDC_OP_AUTHORIZATION_ENDPOINT"))

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            response: HttpResponse = super().get(request)
        except ProviderUnavailable:
            log.exception("Council account sign-in: the provider's discovery document failed")
            return _back_to_sign_in("council-account-unavailable")
        return response


class CouncilAccountCallback(OIDCAuthenticationCallbackView):
    """Where the provider sends the person back: signs them in, or back to the sign-in page."""

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return provider_setting(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            response: HttpResponse = super().get(request)
        except (ProviderUnavailable, requests.RequestException):
            log.exception("Council account sign-in: the provider did not answer")
            return _back_to_sign_in("council-account-unavailable")
        return response
