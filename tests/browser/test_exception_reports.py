"""An exception report's journey in a real browser: written, returned, revised, approved.

Each person has their own browser context, signed in with a session made for them, so the
author, the head of service, an outsider and the performance team act side by side. Every
exception page is checked with axe-core, and screenshots are saved for a person to look at.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from outturn.exception_reports.models import ExceptionReport, ReportState
from outturn.exception_reports.services import (
    ReportText,
    exception_report_save,
    exception_reports_flag_period,
)
from tests.browser.conftest import axe_violations
from tests.exception_reports.conftest import Q2, Council, history, make_council

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("OUTTURN_SCREENSHOTS", tempfile.gettempdir())) / "outturn-shots"
RISING = ["200", "205", "212", "220", "226", "231", "236", "265"]


@pytest.fixture
def council(transactional_db: None) -> Council:
    return make_council()


@pytest.fixture
def people(browser: Any, live_server: Any) -> Iterator[Callable[[Any], Any]]:
    """Open a signed-in page for a user, in a browser context of their own."""
    contexts: list[Any] = []

    def open_as(user: Any) -> Any:
        client = Client()
        client.force_login(user)
        # axe-core is injected as an inline script, which the pages' CSP rightly forbids.
        context = browser.new_context(bypass_csp=True)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        contexts.append(context)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"exceptions-{name}.png"), full_page=True)


def accessible(page: Any, name: str) -> None:
    shot(page, name)
    assert axe_violations(page) == [], name


def report_state() -> str:
    return ExceptionReport.objects.get().state


def test_author_writes_head_returns_author_revises_head_approves(
    live_server: Any, people: Callable[[Any], Any], council: Council
) -> None:
    base = live_server.url
    history(council.indicator, RISING)
    exception_reports_flag_period(period=Q2, by=council.performance)
    report = ExceptionReport.objects.get()
    report_url = f"{base}/exception-reports/{report.pk}/"

    # The author finds the report in their list and writes it.
    author = people(council.author)
    author.goto(f"{base}/exception-reports/")
    accessible(author, "1-my-reports")
    author.get_by_role("link", name="EV1 Increase the number of public EV charge points").click()
    assert "Positive exception report" in author.inner_text("main")
    assert "The target was beaten by the positive margin or more" in author.inner_text("main")
    accessible(author, "2-report-draft")
    author.get_by_role("link", name="Write the report").click()
    accessible(author, "3-edit")

    author.get_by_label("Reason for level of performance (what drove success?)").fill(
        "Twenty-five kerbside chargers opened in September.\n\n- The first rapid hub\n"
        "- Grid applications made early"
    )
    author.get_by_role("button", name="Save and submit for approval").click()
    assert "There is a problem" in author.inner_text("main")
    assert author.get_by_role("link", name="Enter the actions and next steps").is_visible()
    accessible(author, "4-edit-errors")

    author.get_by_label("Actions and next steps").fill("Open the two remaining hubs.")
    author.get_by_label("Learnings to share").fill("Apply for grid connections first.")
    author.get_by_label("Reason for significance").fill(
        "Residents without driveways can now charge near home."
    )
    author.get_by_role("button", name="Save and submit for approval").click()
    assert "submitted to the head of service" in author.inner_text("main")
    assert report_state() == ReportState.SUBMITTED
    bullets = author.locator("#main-content ul.govuk-list--bullet li").all_inner_texts()
    assert "The first rapid hub" in bullets

    # The head of service returns it with a comment.
    head = people(council.head)
    head.goto(f"{base}/exception-reports/approvals/")
    accessible(head, "5-approvals")
    head.get_by_role("link", name="EV1 Increase the number of public EV charge points").click()
    head.get_by_role("link", name="Return it with a comment").click()
    accessible(head, "6-return")
    head.get_by_label("What needs to change").fill("Please add what the hubs cost.")
    head.get_by_role("button", name="Return the report").click()
    assert "Report returned" in head.inner_text("main")
    assert report_state() == ReportState.RETURNED

    # The author sees the comment, revises and submits again.
    author.goto(report_url)
    assert "Please add what the hubs cost." in author.inner_text("main")
    author.get_by_role("link", name="Revise the report").click()
    author.get_by_label("Actions and next steps").fill(
        "Open the two remaining hubs, at a cost of £1.2m from the grant."
    )
    author.get_by_role("button", name="Save and submit for approval").click()
    assert report_state() == ReportState.SUBMITTED

    # The head approves; the report shows their name and the date.
    head.goto(report_url)
    head.get_by_role("button", name="Approve this report").click()
    main = head.inner_text("main")
    assert "Report approved by Daniel Whitcombe" in main
    today = timezone.localdate().strftime("%-d %B %Y")
    approval = head.locator("#approval").inner_text()
    assert approval == "Daniel Whitcombe, Head of service, Transport and Sustainable Travel"
    assert today in main
    accessible(head, "7-approved")
    assert report_state() == ReportState.APPROVED

    # Someone from another service cannot open the edit page or approve by a forged POST.
    outsider = people(council.outsider)
    response = outsider.goto(f"{report_url}edit/")
    assert response.status == 403
    outsider.goto(f"{base}/exception-reports/")
    token = next(c["value"] for c in outsider.context.cookies() if c["name"] == "csrftoken")
    ExceptionReport.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    forged = outsider.request.post(
        f"{report_url}approve/", form={"csrfmiddlewaretoken": token}, max_redirects=0
    )
    assert forged.status == 403
    assert report_state() == ReportState.SUBMITTED


def test_every_other_exception_page_is_accessible(
    live_server: Any, people: Callable[[Any], Any], council: Council
) -> None:
    base = live_server.url
    history(council.indicator, RISING)
    exception_reports_flag_period(period=Q2, by=council.performance)
    report = ExceptionReport.objects.get()

    team = people(council.performance)
    team.goto(f"{base}/exception-reports/overview/?period=2025/26 Q2")
    assert "Operations" in team.inner_text("main")
    accessible(team, "8-overview")
    for path, name in (
        ("add/", "9-add"),
        ("settings/", "10-settings"),
        (f"{report.pk}/withdraw/", "11-withdraw"),
    ):
        team.goto(f"{base}/exception-reports/{path}")
        accessible(team, name)
    team.goto(f"{base}/exception-reports/add/")
    team.get_by_role("button", name="Add the report").click()
    assert "Choose the indicator that needs a report." in team.inner_text("main")
    accessible(team, "12-add-errors")

    head = people(council.head)
    head.goto(f"{base}/exception-reports/{report.pk}/delegate/")
    accessible(head, "13-delegate")

    # Two tabs: the author saves in one, then saves older text from the other.
    author = people(council.author)
    author.goto(f"{base}/exception-reports/{report.pk}/edit/")
    exception_report_save(
        report=report,
        text=ReportText(reason_for_performance="Saved first, from another tab."),
        version=1,
        by=council.author,
    )
    author.get_by_label("Reason for level of performance (what drove success?)").fill(
        "Typed in this tab."
    )
    author.get_by_role("button", name="Save draft").click()
    main = author.inner_text("main")
    assert "What changed since you opened the report" in main
    assert "Saved first, from another tab." in main and "Typed in this tab." in main
    accessible(author, "14-conflict")
    assert ExceptionReport.objects.get().reason_for_performance == "Saved first, from another tab."
