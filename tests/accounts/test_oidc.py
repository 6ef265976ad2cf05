"""Signing in with a council account, end to end against a fake provider on loopback."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import NoReverseMatch, reverse

from outturn.accounts.models import CouncilAccount
from tests import factories
from tests.accounts.fake_oidc import FakeProvider

pytestmark = pytest.mark.django_db

SAM = {
    "sub": "pairwise-sub-for-outturn",
    "oid": "5d2e7f0a-0000-4000-8000-000000000001",
    "preferred_username": "sam.okafor@wessex.example",
    "name": "Sam Okafor",
    "given_name": "Sam",
    "family_name": "Okafor",
    "email": "sam.okafor@wessex.example",
    "groups": ["0b6a-performance", "ffff-not-mapped"],
}


def sign_in_at_provider(client: Client, next_url: str = "") -> Any:
    """Drive the whole flow: Outturn → provider's authorise → Outturn's callback."""
    start = client.get("/oidc/authenticate/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    assert (back.scheme, back.netloc, back.path) == ("http", "testserver", "/oidc/callback/")
    return client.get(f"{back.path}?{back.query}")


def signed_in_user(client: Client) -> Any:
    return client.get("/accessibility/").wsgi_request.user


def roles(user: Any) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_first_sign_in_creates_the_user_with_mapped_roles(
    client: Client, council_accounts: FakeProvider
) -> None:
    council_accounts.person = SAM

    response = sign_in_at_provider(client, next_url="/accessibility/")

    assert response.status_code == 302
    assert response["Location"] == "/accessibility/"
    user = signed_in_user(client)
    assert user.is_authenticated
    assert user.username == "sam.okafor@wessex.example"
    assert (user.first_name, user.last_name) == ("Sam", "Okafor")
    assert user.email == "sam.okafor@wessex.example"
    assert not user.has_usable_password()
    assert roles(user) == {"Performance team"}
    account = CouncilAccount.objects.get(user=user)
    assert (account.issuer, account.subject) == (council_accounts.issuer, SAM["oid"])
    assert account.last_signed_in_at is not None
    assert "Signed in as Sam Okafor" in client.get("/accessibility/").content.decode()


def test_the_request_to_the_provider_carries_state_nonce_and_pkce(
    client: Client, council_accounts: FakeProvider
) -> None:
    start = client.get("/oidc/authenticate/")
    query = parse_qs(urlsplit(start["Location"]).query)
    assert start["Location"].startswith(f"{council_accounts.issuer}/authorize?")
    assert query["client_id"] == [council_accounts.client_id]
    assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]
    assert query["scope"] == ["openid email profile"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"][0] and query["nonce"][0] and query["code_challenge"][0]


def test_the_provider_is_asked_for_the_token_keys_and_userinfo(
    client: Client, council_accounts: FakeProvider
) -> None:
    council_accounts.person = SAM
    sign_in_at_provider(client)
    assert council_accounts.calls == [
        "GET /.well-known/openid-configuration",
        "GET /authorize",
        "POST /token",
        "GET /keys",
        "GET /userinfo",
    ]


def test_next_sign_in_finds_the_user_by_oid_and_follows_group_changes(
    client: Client, council_accounts: FakeProvider
) -> None:
    council_accounts.person = SAM
    sign_in_at_provider(client)
    user = signed_in_user(client)
    # A role given by hand for a group the mapping does not cover is kept.
    user.groups.add(Group.objects.get_or_create(name="Councillor")[0])
    client.post("/sign-out/")

    council_accounts.person = {
        **SAM,
        "preferred_username": "sam.okafor-reid@wessex.example",
        "family_name": "Okafor-Reid",
        "name": "Sam Okafor-Reid",
        "email": "sam.okafor-reid@wessex.example",
        "groups": ["7c21-heads"],
    }
    sign_in_at_provider(client)

    again = signed_in_user(client)
    assert again.pk == user.pk
    assert get_user_model().objects.count() == 1
    assert again.last_name == "Okafor-Reid"
    assert again.email == "sam.okafor-reid@wessex.example"
    assert roles(again) == {"Head of service", "Councillor"}


def test_a_person_in_no_mapped_group_signs_in_with_no_role(
    client: Client, council_accounts: FakeProvider
) -> None:
    council_accounts.person = {**SAM, "groups": ["ffff-not-mapped"]}

    response = sign_in_at_provider(client)

    assert response.status_code == 302
    user = signed_in_user(client)
    assert user.is_authenticated
    assert roles(user) == set()


def test_no_mapped_group_is_refused_when_a_group_is_required(
    client: Client, council_accounts: FakeProvider, settings: Any
) -> None:
    settings.OUTTURN_OIDC_REQUIRE_GROUP = True
    council_accounts.person = {**SAM, "groups": []}

    response = sign_in_at_provider(client)

    assert response["Location"] == "/sign-in/?error=council-account"
    assert not signed_in_user(client).is_authenticated
    assert not get_user_model().objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "We could not sign you in with your council account" in page


def test_an_account_set_up_before_first_sign_in_is_linked_not_duplicated(
    client: Client, council_accounts: FakeProvider
) -> None:
    owner = factories.user("sokafor")
    owner.email = "Sam.Okafor@wessex.example"
    owner.set_unusable_password()  # set up by the performance team for council sign-in
    owner.save(update_fields=["email", "password"])
    council_accounts.person = {**SAM, "email_verified": True}

    sign_in_at_provider(client)

    assert signed_in_user(client).pk == owner.pk
    assert CouncilAccount.objects.get().user_id == owner.pk


@pytest.mark.parametrize(
    ("setup", "claims"),
    [
        ("password", {"email_verified": True}),  # signs in with its own password
        ("superuser", {"email_verified": True}),
        ("placeholder", {}),  # the provider did not verify the email
    ],
)
def test_only_placeholders_are_linked_and_only_by_a_verified_email(
    client: Client, council_accounts: FakeProvider, setup: str, claims: dict[str, Any]
) -> None:
    existing = factories.user("sokafor")
    existing.email = "sam.okafor@wessex.example"
    if setup == "superuser":
        existing.is_superuser = existing.is_staff = True
        existing.set_unusable_password()
    elif setup == "placeholder":
        existing.set_unusable_password()
    existing.save()
    council_accounts.person = {**SAM, "preferred_username": "sokafor-at-provider", **claims}

    sign_in_at_provider(client)

    assert signed_in_user(client).pk != existing.pk
    assert CouncilAccount.objects.get().user_id != existing.pk


def test_a_user_linked_to_someone_else_is_never_taken_over(
    client: Client, council_accounts: FakeProvider
) -> None:
    council_accounts.person = SAM
    sign_in_at_provider(client)
    first = signed_in_user(client)
    client.post("/sign-out/")

    # A different person at the provider now carries Sam's old username and email.
    council_accounts.person = {**SAM, "oid": "another-object-id", "sub": "another-sub"}
    sign_in_at_provider(client)

    second = signed_in_user(client)
    assert second.pk != first.pk
    assert second.username == "sam.okafor@wessex.example-2"


def test_the_provider_refusing_sends_the_person_back_with_a_message(
    client: Client, council_accounts: FakeProvider
) -> None:
    council_accounts.person = {}  # the provider denies access

    response = sign_in_at_provider(client)

    assert response["Location"] == "/sign-in/?error=council-account"
    assert not signed_in_user(client).is_authenticated


def test_a_token_for_another_application_is_refused(
    client: Client, council_accounts: FakeProvider, settings: Any
) -> None:
    council_accounts.person = {**SAM, "aud": "some-other-application"}

    response = sign_in_at_provider(client)

    assert response["Location"] == "/sign-in/?error=council-account"
    assert not get_user_model().objects.exists()


def test_a_forged_state_is_refused(client: Client, council_accounts: FakeProvider) -> None:
    council_accounts.person = SAM
    client.get("/oidc/authenticate/")
    response = client.get("/oidc/callback/?code=made-up&state=not-the-one-we-sent")
    assert response.status_code == 400
    assert not signed_in_user(client).is_authenticated


def test_a_password_sign_in_never_redeems_a_code(
    client: Client, council_accounts: FakeProvider
) -> None:
    factories.user("jbloggs")
    response = client.post(
        "/sign-in/?code=stolen&state=whatever", {"username": "jbloggs", "password": "wrong"}
    )
    assert response.status_code == 200
    assert council_accounts.calls == []


def test_a_provider_that_is_down_sends_the_person_back(
    client: Client, council_accounts: FakeProvider, settings: Any
) -> None:
    council_accounts.stop()
    response = client.get("/oidc/authenticate/")
    assert response["Location"] == "/sign-in/?error=council-account-unavailable"
    page = client.get(response["Location"]).content.decode()
    assert "not working at the moment" in page


def test_the_sign_in_page_offers_the_council_account(
    client: Client, council_accounts: FakeProvider
) -> None:
    html = client.get("/sign-in/?next=/accessibility/").content.decode()
    assert 'href="/oidc/authenticate/?next=/accessibility/"' in html
    assert "Sign in with your council account" in html
    # The password form is still there, for accounts the performance team made.
    assert 'name="password"' in html


def test_without_oidc_settings_there_is_no_council_account(client: Client) -> None:
    html = client.get("/sign-in/").content.decode()
    assert "council account" not in html
    assert "/oidc/" not in html
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("web:accounts-oidc-authenticate")
