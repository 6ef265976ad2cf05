"""Signing in with a username and password, signing out, and the pause after repeated failures."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client, RequestFactory

from outturn.accounts.client_ip import client_ip_address
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "test-password"


@pytest.fixture
def officer() -> Any:
    return factories.user("jbloggs", first_name="Jo", last_name="Bloggs")


def attempt(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post("/sign-in/", {"username": username, "password": password}, **extra)


def test_the_sign_in_page_is_a_gov_uk_form(client: Client) -> None:
    response = client.get("/sign-in/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Sign in \u2013" in html
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in html
    assert '<label class="govuk-label" for="id_username">Username</label>' in html
    assert 'autocomplete="current-password"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "autofocus" not in html
    assert "govuk-error-summary" not in html


def test_signing_in_goes_to_the_page_asked_for(client: Client, officer: Any) -> None:
    response = attempt(client, "jbloggs", PASSWORD, QUERY_STRING="next=/accessibility/")
    assert response.status_code == 302
    assert response["Location"] == "/accessibility/"
    html = client.get("/accessibility/").content.decode()
    assert "Signed in as Jo Bloggs" in html


def test_next_cannot_send_people_to_another_site(client: Client, officer: Any) -> None:
    response = client.post(
        "/sign-in/",
        {"username": "jbloggs", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/tasks/"


def test_a_wrong_password_shows_an_error_summary(client: Client, officer: Any) -> None:
    response = attempt(client, "jbloggs", "not-it")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in \u2013" in html
    assert "There is a problem" in html
    assert re.search(r'<a href="#id_username">The username or password is not right', html)
    assert 'aria-describedby="id_username-error"' in html
    assert 'value="jbloggs"' in html  # what they typed is kept
    assert "not-it" not in html  # the password is not


def test_empty_fields_are_named(client: Client) -> None:
    html = attempt(client, "", "").content.decode()
    assert '<a href="#id_username">Enter your username</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html


def test_login_required_pages_send_people_to_this_sign_in_page() -> None:
    assert resolve_url(settings.LOGIN_URL) == "/sign-in/"


def test_the_header_links_to_sign_in_and_back(client: Client) -> None:
    html = client.get("/accessibility/").content.decode()
    assert 'href="/sign-in/?next=/accessibility/">Sign in</a>' in html
    on_sign_in = client.get("/sign-in/").content.decode()
    assert 'href="/sign-in/">Sign in</a>' in on_sign_in


def test_sign_out_is_a_post_with_csrf(officer: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    html = client.get("/accessibility/").content.decode()
    assert '<form method="post" action="/sign-out/"' in html
    assert client.get("/sign-out/").status_code == 405
    assert client.post("/sign-out/").status_code == 403  # no CSRF token
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token
    response = client.post("/sign-out/", {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not client.get("/accessibility/").wsgi_request.user.is_authenticated


def test_five_wrong_passwords_pause_signing_in(client: Client, officer: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "jbloggs", "guess").status_code == 200

    locked = attempt(client, "jbloggs", "guess")

    assert locked.status_code == 429
    html = locked.content.decode()
    assert "<title>Too many attempts to sign in \u2013" in html
    assert "You can try again after" in html
    assert "(in 15 minutes)" in html
    assert locked["Retry-After"] == "900"
    assert "Content-Security-Policy" in locked
    # Even the right password waits until the pause is over.
    assert attempt(client, "jbloggs", PASSWORD).status_code == 429
    assert not client.get("/accessibility/").wsgi_request.user.is_authenticated


def test_the_pause_is_for_that_username_from_that_address(client: Client, officer: Any) -> None:
    factories.user("colleague")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "jbloggs", "guess")

    # A colleague in the same office, and Jo from another address, are not held up.
    assert attempt(Client(), "colleague", PASSWORD).status_code == 302
    assert attempt(Client(), "jbloggs", PASSWORD, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_signing_in_is_possible_again_after_the_pause(client: Client, officer: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "jbloggs", "guess")
    pause = settings.AXES_COOLOFF_TIME
    for stored in AccessAttempt.objects.all():
        stored.attempt_time -= pause + timedelta(seconds=1)
        stored.save(update_fields=["attempt_time"])

    assert attempt(client, "jbloggs", PASSWORD).status_code == 302


def test_a_success_clears_earlier_failures(client: Client, officer: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "jbloggs", "guess")
    assert attempt(client, "jbloggs", PASSWORD).status_code == 302
    client.post("/sign-out/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "jbloggs", "guess").status_code == 200


def test_the_admin_sign_in_is_limited_too(client: Client, officer: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/admin/login/", {"username": "jbloggs", "password": "guess"})
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # the left entry could be forged
        (2, "198.51.100.7, 203.0.113.9", "198.51.100.7"),
        (2, "203.0.113.9", "10.0.0.1"),  # fewer hops than proxies: not trusted
    ],
)
def test_client_address_behind_proxies(
    settings: Any, proxies: int, forwarded: str, expected: str
) -> None:
    settings.OUTTURN_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip_address(request) == expected
