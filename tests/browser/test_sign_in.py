"""Signing in and out in a real browser, by keyboard alone, under the strict CSP."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from outturn.accounts.roles import Role
from tests import factories
from tests.browser.conftest import AXE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at after a run


def axe_violations(page: Any) -> list[str]:
    """As conftest's, but axe is evaluated rather than added as an inline script tag, which
    the CSP (rightly) blocks."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        """async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a',
        'wcag21aa', 'wcag22aa']})).violations.map(
            v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""
    )
    return list(found)


@pytest.fixture
def watched(page: Any) -> Iterator[tuple[Any, list[str]]]:
    """The page, and every Content-Security-Policy complaint the browser makes on it."""
    complaints: list[str] = []
    page.on(
        "console",
        lambda message: (
            complaints.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page, complaints


def tab_to(page: Any, script: str, limit: int = 40) -> None:
    """Press Tab until ``script`` (about ``el``, the focused element) is true."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => Boolean({script}))(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {script}")


def test_signing_in_and_out_by_keyboard(live_server: Any, watched: Any) -> None:
    page, complaints = watched
    factories.user("jbloggs", first_name="Jo", last_name="Bloggs")

    page.goto(f"{live_server.url}/accessibility/")
    tab_to(page, "el.textContent.trim() === 'Sign in'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sign-in/?next=/accessibility/")
    assert page.title().startswith("Sign in")
    # GOV.UK Frontend ran (its scripts carry the nonce): the password can be shown.
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert page.get_by_role("button", name="Show password").is_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(SHOTS / "h_accounts_sign_in.png"), full_page=True)

    tab_to(page, "el.id === 'id_username'")
    page.keyboard.type("jbloggs")
    page.keyboard.press("Tab")
    page.keyboard.type("not-the-password")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.title().startswith("Error: Sign in")
    summary = page.locator(".govuk-error-summary")
    assert "The username or password is not right" in summary.inner_text()
    # GOV.UK's error summary takes the focus, so a screen reader announces it at once.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert axe_violations(page) == []
    page.screenshot(path=str(SHOTS / "h_accounts_sign_in_error.png"), full_page=True)

    page.keyboard.press("Tab")  # the summary's link
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_username"
    assert page.input_value("#id_username") == "jbloggs"
    page.keyboard.press("Tab")
    page.keyboard.type("test-password")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accessibility/")

    assert "Signed in as Jo Bloggs" in page.locator(".app-header__account").inner_text()
    sign_out = page.get_by_role("button", name="Sign out")
    assert sign_out.is_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(SHOTS / "h_accounts_signed_in.png"))

    tab_to(page, "el.textContent.trim() === 'Sign out'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("link", name="Sign in").is_visible()
    assert complaints == []


def test_too_many_attempts_page(live_server: Any, watched: Any) -> None:
    page, complaints = watched
    factories.user("jbloggs")
    page.goto(f"{live_server.url}/sign-in/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.fill("#id_username", "jbloggs")
        page.fill("#id_password", "a-guess")
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in", exact=True).click()

    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Too many attempts to sign in"
    assert "You can try again after" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.screenshot(path=str(SHOTS / "h_accounts_locked_out.png"), full_page=True)
    assert complaints == []


def test_the_admin_works_under_the_policy(live_server: Any, watched: Any) -> None:
    page, complaints = watched
    factories.user("chief", is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}/sign-in/?next=/admin/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "test-password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/admin/")
    for path in ("/admin/", "/admin/auth/user/", "/admin/auth/user/add/", "/admin/auth/group/"):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("#content").is_visible()
    page.screenshot(path=str(SHOTS / "h_accounts_admin.png"))
    assert complaints == []


def test_every_page_in_the_navigation_works_under_the_policy(
    live_server: Any, watched: Any
) -> None:
    """The performance team sees the most navigation; no page may need unsafe-inline."""
    page, complaints = watched
    chief = factories.user("chief", is_staff=True, is_superuser=True)
    chief.groups.add(Group.objects.get_or_create(name=Role.PERFORMANCE_TEAM.value)[0])
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "test-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()

    links = page.locator(".govuk-service-navigation__link").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert len(links) >= 2
    for href in links:
        page.goto(f"{live_server.url}{href}")
        page.wait_for_load_state()
        assert complaints == [], href
