"""The pages: who sees what, forged requests refused, the two-editor conflict shown."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outturn.exception_reports.models import ExceptionReport, ExceptionRuleSettings, ReportState
from outturn.exception_reports.services import (
    ReportText,
    exception_report_save,
    exception_report_submit,
)
from tests import factories
from tests.exception_reports.conftest import Q2, Council, history, report_for

TEXT = {
    "reason_for_performance": "Twenty-five chargers opened.\n\n- Hub one\n- Hub two",
    "actions": "Open the rapid hubs.",
    "learnings": "Book grid connections early.",
    "significance": "Residents without driveways can charge.",
}


def signed_in(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def url(name: str, report: ExceptionReport | None = None) -> str:
    return reverse(f"web:exceptions-{name}", args=[report.pk] if report else [])


@pytest.fixture
def report(council: Council) -> ExceptionReport:
    history(council.indicator, ["200", "205", "212", "220", "226", "231", "236", "265"])
    return report_for(council)


def submitted(council: Council, report: ExceptionReport) -> ExceptionReport:
    text = ReportText(**TEXT)
    exception_report_save(report=report, text=text, version=report.version, by=council.author)
    return exception_report_submit(report=report, by=council.author)


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("author", 200),
        ("head", 200),
        ("deputy", 200),
        ("performance", 200),
        ("director", 200),
        ("outsider", 403),
    ],
)
def test_who_may_open_a_report(
    client: Client, council: Council, report: ExceptionReport, who: str, status: int
) -> None:
    response = signed_in(client, getattr(council, who)).get(url("report", report))

    assert response.status_code == status


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, report: ExceptionReport) -> None:
    response = client.get(url("report", report))

    assert response.status_code == 302


@pytest.mark.parametrize("who", ["outsider", "head", "performance", "director"])
def test_only_the_author_opens_the_edit_page(
    client: Client, council: Council, report: ExceptionReport, who: str
) -> None:
    response = signed_in(client, getattr(council, who)).get(url("edit", report))

    assert response.status_code == 403


@pytest.mark.parametrize("who", ["outsider", "author", "performance", "director"])
def test_a_forged_approval_is_refused(
    client: Client, council: Council, report: ExceptionReport, who: str
) -> None:
    report = submitted(council, report)

    response = signed_in(client, getattr(council, who)).post(url("approve", report))

    assert response.status_code == 403
    assert ExceptionReport.objects.get().state == ReportState.SUBMITTED


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("edit", {**TEXT, "version": "1"}),
        ("submit", {}),
        ("return", {"comment": "No"}),
        ("withdraw", {"reason": "No"}),
        ("delegate", {"delegate": ""}),
    ],
)
def test_forged_posts_from_another_service_are_refused(
    client: Client, council: Council, report: ExceptionReport, name: str, data: dict[str, str]
) -> None:
    before = ExceptionReport.objects.values().get()

    response = signed_in(client, council.outsider).post(url(name, report), data)

    assert response.status_code == 403
    assert ExceptionReport.objects.values().get() == before


@pytest.mark.parametrize("name", ["overview", "add", "settings"])
def test_team_pages_are_for_the_performance_team(
    client: Client, council: Council, name: str
) -> None:
    assert signed_in(client, council.head).get(url(name)).status_code == 403
    assert signed_in(client, council.performance).get(url(name)).status_code == 200


def test_flagging_a_quarter_is_refused_to_others(client: Client, council: Council) -> None:
    response = signed_in(client, council.head).post(url("flag"), {"period": str(Q2)})

    assert response.status_code == 403


# --- the lists ------------------------------------------------------------------------------


def test_each_person_sees_their_own_list(
    client: Client, council: Council, report: ExceptionReport
) -> None:
    mine = signed_in(client, council.author).get(url("mine")).content.decode()
    assert "EV1" in mine and "Draft" in mine

    waiting = signed_in(client, council.head).get(url("approvals")).content.decode()
    assert "No reports are waiting for your approval" in waiting

    submitted(council, report)
    waiting = signed_in(client, council.head).get(url("approvals")).content.decode()
    assert "EV1" in waiting and "Rachel Okafor" in waiting

    elsewhere = signed_in(client, council.outsider).get(url("mine")).content.decode()
    assert "EV1" not in elsewhere


def test_the_overview_groups_by_directorate_and_flags_overdue(
    client: Client, council: Council, report: ExceptionReport
) -> None:
    ExceptionReport.objects.filter(pk=report.pk).update(
        due_date=timezone.localdate() - timezone.timedelta(days=1)
    )

    html = (
        signed_in(client, council.performance)
        .get(url("overview"), {"period": "2025/26 Q2"})
        .content.decode()
    )

    assert "Exception reports: 2025/26 Q2" in html
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--m">Operations</caption>' in html
    )
    assert "Overdue</strong>" in html


def test_the_performance_team_flags_a_quarter_from_the_overview(
    client: Client, council: Council
) -> None:
    history(council.indicator, ["200", "205", "212", "220", "226", "231", "236", "265"])

    response = signed_in(client, council.performance).post(url("flag"), {"period": "2025/26 Q2"})

    assert response.status_code == 302
    assert ExceptionReport.objects.get().kind == "positive"
    follow = client.get(response["Location"]).content.decode()
    assert "1 new reports" in follow


# --- the report page ------------------------------------------------------------------------


def test_the_report_page_shows_the_header_from_the_data(
    client: Client, council: Council, report: ExceptionReport
) -> None:
    html = signed_in(client, council.author).get(url("report", report)).content.decode()

    assert "2025/26 Q2 outturn" in html and "<strong>265</strong>" in html
    assert "240" in html  # the target
    assert "The target was beaten by the positive margin or more" in html
    assert "<svg" in html and 'role="img"' in html
    assert "Write the report" in html


def test_typed_markup_is_shown_as_text(
    client: Client, council: Council, report: ExceptionReport
) -> None:
    text = ReportText(reason_for_performance='<script>alert("x")</script>\n- <b>bold</b>')
    exception_report_save(report=report, text=text, version=1, by=council.author)

    html = signed_in(client, council.head).get(url("report", report)).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<li>&lt;b&gt;bold&lt;/b&gt;</li>" in html


def test_the_author_saves_and_submits_from_the_edit_page(
    client: Client, council: Council, report: ExceptionReport
) -> None:
    signed_in(client, council.author)

    response = client.post(url("edit", report), {**TEXT, "version": "1", "action": "save"})
    assert response.status_code == 302
    assert ExceptionReport.objects.get().state == ReportState.DRAFT

    response = client.post(url("edit", report), {**TEXT, "version": "2", "action": "submit"})
    assert response.status_code == 302
    saved = ExceptionReport.objects.get()
    assert saved.state == ReportState.SUBMITTED
    assert saved.completed_by_name == "Rachel Okafor"


def test_submitting_an_unfinished_report_shows_what_is_missing(
    client: Client, council: Council, report: ExceptionReport
) -> None:
    response = signed_in(client, council.author).post(
        url("edit", report), {"reason_for_performance": "Why", "version": "1", "action": "submit"}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert 'href="#id_actions">Enter the actions and next steps</a>' in html
    assert "Your draft is saved, but it cannot be submitted yet." in html
    assert 'name="version" value="2"' in html  # the next save builds on the saved draft
    saved = ExceptionReport.objects.get()
    assert (saved.state, saved.reason_for_performance) == (ReportState.DRAFT, "Why")


def test_a_second_editor_is_shown_both_versions_and_overwrites_nothing(
    client: Client, council: Council, report: ExceptionReport
) -> None:
    exception_report_save(
        report=report,
        text=ReportText(reason_for_performance="Written first by the author."),
        version=1,
        by=council.author,
    )

    response = signed_in(client, council.author).post(
        url("edit", report),
        {**TEXT, "reason_for_performance": "Typed in a second tab.", "version": "1"},
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert "What changed since you opened the report" in html
    assert "Written first by the author." in html and "Typed in a second tab." in html
    assert 'name="version" value="2"' in html
    assert ExceptionReport.objects.get().reason_for_performance == "Written first by the author."


def test_the_head_returns_then_approves(
    client: Client,
    council: Council,
    report: ExceptionReport,
    django_capture_on_commit_callbacks: Any,
) -> None:
    report = submitted(council, report)
    signed_in(client, council.head)

    response = client.post(url("return", report), {"comment": ""})
    assert response.status_code == 400
    assert "Enter a comment saying what needs to change." in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("return", report), {"comment": "Add the cost per charger."})
    assert ExceptionReport.objects.get().state == ReportState.RETURNED
    assert mail.outbox[-1].subject.startswith("Returned")

    signed_in(client, council.author).post(
        url("edit", report), {**TEXT, "version": "4", "action": "submit"}
    )
    response = signed_in(client, council.head).post(url("approve", report))
    assert response.status_code == 302
    html = client.get(url("report", report)).content.decode()
    assert "Daniel Whitcombe, Head of service, Transport and Sustainable Travel" in html
    assert timezone.localdate().strftime("%-d %B %Y") in html


def test_approving_twice_says_someone_got_there_first(
    client: Client, council: Council, report: ExceptionReport
) -> None:
    report = submitted(council, report)
    signed_in(client, council.deputy).post(url("approve", report))

    response = signed_in(client, council.head).post(url("approve", report))

    assert response.status_code == 409
    assert "is approved, so it cannot be approved" in response.content.decode()


def test_the_performance_team_adds_and_withdraws(client: Client, council: Council) -> None:
    signed_in(client, council.performance)
    response = client.post(
        url("add"),
        {
            "indicator": council.indicator.pk,
            "period": "2025/26 Q2",
            "kind": "negative",
            "reason": "Scrutiny asked for it.",
        },
    )
    report = ExceptionReport.objects.get()
    assert response["Location"] == url("report", report)

    response = client.post(url("withdraw", report), {"reason": "Asked in error."})
    assert response.status_code == 302
    assert ExceptionReport.objects.get().state == ReportState.WITHDRAWN


def test_the_add_form_explains_bad_input(client: Client, council: Council) -> None:
    response = signed_in(client, council.performance).post(
        url("add"), {"indicator": "", "period": "2025/26", "reason": ""}
    )

    html = response.content.decode()
    assert "Choose the indicator that needs a report." in html
    assert "2025/26 is not a quarter" in html
    assert "Choose the kind of report." in html


def test_the_head_names_a_delegate(
    client: Client, council: Council, report: ExceptionReport
) -> None:
    signed_in(client, council.head).post(url("delegate", report), {"delegate": council.director.pk})

    assert ExceptionReport.objects.get().delegate == council.director
    assert signed_in(client, council.director).get(url("edit", report)).status_code == 200


def test_the_performance_team_changes_the_settings(client: Client, council: Council) -> None:
    signed_in(client, council.performance).post(
        url("settings"),
        {
            "count_red": "on",
            "positive_margin_kind": "absolute",
            "positive_margin": "5",
            "working_days_to_write": "15",
        },
    )

    row = ExceptionRuleSettings.current()
    assert (row.count_red, row.count_beats_target_margin) == (True, False)
    assert (row.positive_margin_kind, str(row.positive_margin), row.working_days_to_write) == (
        "absolute",
        "5",
        15,
    )
    assert row.history.first().history_user == council.performance


def test_the_overview_does_not_grow_queries_with_reports(client: Client, council: Council) -> None:
    signed_in(client, council.performance)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("overview"), {"period": "2025/26 Q2"}).status_code == 200
        return len(captured)

    report_for(council)
    one = queries()
    for n in range(5):
        indicator = factories.indicator(code=f"Q{n}", service_unit=council.other_unit)
        report_for(council, indicator=indicator, service_unit=council.other_unit)
    assert queries() == one
