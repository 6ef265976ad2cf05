"""The page layout (outturn/base.html) and the shipped front-end build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

import outturn.web

STATIC = Path(outturn.web.__file__).resolve().parent / "static" / "outturn"


@pytest.mark.django_db
def test_accessibility_statement_uses_the_layout(client: Client, settings: Any) -> None:
    settings.COUNCIL_NAME = "Borsetshire County Council"
    response = client.get("/accessibility/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert "<title>Accessibility statement \u2013 Borsetshire County Council</title>" in html
    assert "Borsetshire County Council" in html
    assert 'href="#main-content" class="govuk-skip-link"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert '<link rel="stylesheet" href="/static/outturn/css/outturn.css">' in html
    assert "/static/outturn/js/govuk-frontend.min.js" in html
    assert "govuk-frontend-supported" in html
    assert "WCAG" in html or "Web Content Accessibility Guidelines" in html
    assert "25 November 2026" in html


@pytest.mark.django_db
def test_layout_has_no_gov_uk_branding(client: Client) -> None:
    html = client.get("/accessibility/").content.decode()
    assert "govuk-header__logotype" not in html
    assert "govuk-footer__crown" not in html
    assert "Crown copyright" not in html


@pytest.mark.django_db
def test_default_service_navigation_marks_the_current_page(client: Client) -> None:
    html = client.get("/accessibility/").content.decode()
    assert "govuk-service-navigation" in html
    assert "Performance" in html
    assert 'href="/accessibility/" aria-current="page"' in html
    assert 'href="/" aria-current' not in html


@pytest.mark.django_db
def test_council_logo(client: Client, settings: Any) -> None:
    settings.COUNCIL_NAME = "Ambridge District Council"
    settings.COUNCIL_LOGO_URL = "https://example.invalid/logo.svg"
    html = client.get("/accessibility/").content.decode()
    assert (
        '<img src="https://example.invalid/logo.svg" alt="Ambridge District Council"'
        ' class="app-header__logo">'
    ) in html


@pytest.mark.django_db
def test_sign_in_link_when_anonymous(client: Client) -> None:
    html = client.get("/accessibility/").content.decode()
    assert 'href="/sign-in/?next=/accessibility/">Sign in</a>' in html
    assert "Sign out" not in html


@pytest.mark.django_db
def test_sign_out_is_a_post_form_when_signed_in(admin_client: Client) -> None:
    html = admin_client.get("/accessibility/").content.decode()
    assert '<form method="post" action="/sign-out/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert ">Sign out</button>" in html
    assert ">Sign in</a>" not in html


def test_built_static_files_are_in_the_package() -> None:
    css = STATIC / "css" / "outturn.css"
    js = STATIC / "js" / "govuk-frontend.min.js"
    favicon = STATIC / "assets" / "images" / "favicon.svg"
    for path in (css, js, favicon):
        assert path.is_file(), f"{path} missing: run scripts/build-frontend.sh"
    assert finders.find("outturn/css/outturn.css")
    assert finders.find("outturn/js/govuk-frontend.min.js")

    stylesheet = css.read_text(encoding="utf-8")
    assert ".govuk-template" in stylesheet
    assert ".app-rag--red" in stylesheet
    assert "arial" in stylesheet.lower()
    assert "GDS Transport" not in stylesheet
    assert "@font-face" not in stylesheet
    assert "url(" not in stylesheet
    assert 'version="6.0.0"' in js.read_text(encoding="utf-8")


def test_no_gov_uk_fonts_or_crown_images_are_shipped() -> None:
    shipped = [p.name for p in STATIC.rglob("*") if p.is_file()]
    assert not [n for n in shipped if n.endswith((".woff", ".woff2"))]
    assert not [n for n in shipped if "crest" in n or n.startswith("govuk-icon")]
