"""Security headers on every page, and templates that keep the strict CSP workable."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

import outturn

pytestmark = pytest.mark.django_db

TEMPLATES = Path(outturn.__file__).resolve().parent / "web" / "templates"


def policy(response: Any) -> dict[str, str]:
    directives = (part.strip() for part in response["Content-Security-Policy"].split(";"))
    return dict([*d.split(" ", 1), ""][:2] for d in directives if d)


@pytest.mark.parametrize("url", ["/accessibility/", "/sign-in/"])
def test_pages_carry_the_security_headers(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response  # only in production, over https
    csp = policy(response)
    assert csp["default-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["img-src"] == "'self' data:"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert csp["base-uri"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert re.fullmatch(r"'self' 'nonce-[A-Za-z0-9+/=]+'", csp["script-src"])
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_every_inline_script_carries_this_responses_nonce(client: Client) -> None:
    response = client.get("/accessibility/")
    nonce = re.search(r"'nonce-([^']+)'", policy(response)["script-src"])
    assert nonce
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert len(inline) == 2  # GOV.UK's js-enabled class, and the module that starts it
    assert all(f'nonce="{nonce.group(1)}"' in attributes for attributes in inline)
    other = client.get("/accessibility/")
    assert policy(other)["script-src"] != policy(response)["script-src"]


def test_the_csrf_cookie_is_not_readable_by_scripts(client: Client) -> None:
    page = client.get("/sign-in/")
    assert page.cookies["csrftoken"]["httponly"]
    assert page.cookies["csrftoken"]["samesite"] == "Lax"


def test_signed_in_people_go_straight_on_from_the_sign_in_page(
    client: Client, admin_user: Any
) -> None:
    client.force_login(admin_user)
    response = client.get("/sign-in/?next=/accessibility/")
    assert response.status_code == 302
    assert response["Location"] == "/accessibility/"


def test_hsts_in_production_over_https(client: Client, settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/accessibility/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_council_logo_elsewhere_is_allowed_as_an_image() -> None:
    from tests.accounts.test_settings import load_settings

    result = load_settings(
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])",
        OUTTURN_COUNCIL_LOGO_URL="https://cdn.wessex.example/brand/logo.svg",
    )
    assert result.stdout.strip() == "[\"'self'\", 'data:', 'https://cdn.wessex.example']"


def _templates() -> list[Path]:
    """Every template of the web pages; standalone documents (a report's download) aside."""
    return sorted(
        path
        for path in TEMPLATES.rglob("*.html")
        if not path.read_text(encoding="utf-8").lstrip().startswith("<!DOCTYPE")
    )


@pytest.mark.parametrize("template", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_need_no_unsafe_inline(template: Path) -> None:
    """Inline styles, event handlers and nonce-less scripts would be blocked by the CSP."""
    source = template.read_text(encoding="utf-8")
    assert not re.search(r"\sstyle\s*=", source), "use a class in a stylesheet, not style="
    assert not re.search(r"<style\b", source), "put styles in a stylesheet under static/"
    assert not re.search(r"\son[a-z]+\s*=", source), "no inline event handlers (onclick=…)"
    assert not re.search(r"javascript:", source, re.IGNORECASE)
    for attributes in re.findall(r"<script\b([^>]*)>", source):
        if "src=" in attributes or 'type="application/json"' in attributes:
            continue
        assert 'nonce="{{ request.csp_nonce }}"' in attributes, "inline <script> needs the nonce"
