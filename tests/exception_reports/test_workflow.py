"""The workflow's rules, enforced by the services whatever page or script calls them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from outturn.engine.periods import parse_period
from outturn.exception_reports.models import ExceptionReport, FlagSource, ReportKind, ReportState
from outturn.exception_reports.services import (
    ReportText,
    StaleReport,
    TransitionRefused,
    exception_report_add,
    exception_report_approve,
    exception_report_delegate,
    exception_report_return,
    exception_report_save,
    exception_report_submit,
    exception_report_withdraw,
)
from outturn.exception_reports.signals import report_approved
from tests.exception_reports.conftest import Q2, Council, report_for

POSITIVE_TEXT = ReportText(
    reason_for_performance="Twenty-five new bollard chargers went live in September.",
    actions="- Open the two rapid hubs\n- Start the kerbside trial",
    learnings="Book grid connections early.",
    significance="Residents without driveways can now charge near home.",
)


def written(council: Council, **fields: Any) -> ExceptionReport:
    report = report_for(council, **fields)
    return exception_report_save(
        report=report, text=POSITIVE_TEXT, version=report.version, by=council.author
    )


def submitted(council: Council, **fields: Any) -> ExceptionReport:
    return exception_report_submit(report=written(council, **fields), by=council.author)


# --- writing ------------------------------------------------------------------------------


def test_the_author_saves_text_and_each_save_bumps_the_version(council: Council) -> None:
    report = written(council)

    assert report.version == 2
    assert report.actions == "- Open the two rapid hubs\n- Start the kerbside trial"
    assert report.history.first().history_change_reason == "Text saved"


def test_a_negative_report_keeps_only_its_two_fields(council: Council) -> None:
    report = written(council, kind=ReportKind.NEGATIVE)

    assert report.learnings == "" and report.significance == ""


@pytest.mark.parametrize("who", ["head", "outsider", "performance", "director"])
def test_nobody_but_the_author_or_delegate_edits(council: Council, who: str) -> None:
    report = report_for(council)

    with pytest.raises(PermissionDenied):
        exception_report_save(
            report=report, text=POSITIVE_TEXT, version=1, by=getattr(council, who)
        )


def test_a_stale_save_is_refused_and_overwrites_nothing(council: Council) -> None:
    report = written(council)  # version 2
    newer = ReportText(**{**POSITIVE_TEXT.__dict__, "actions": "Someone else's actions"})
    exception_report_save(report=report, text=newer, version=2, by=council.author)

    with pytest.raises(StaleReport) as refused:
        exception_report_save(report=report, text=POSITIVE_TEXT, version=2, by=council.author)

    assert refused.value.current.actions == "Someone else's actions"
    assert refused.value.current.version == 3
    assert "Rachel Okafor saved this report" in refused.value.messages[0]
    report.refresh_from_db()
    assert report.actions == "Someone else's actions"


def test_submitting_needs_every_field_of_the_form(council: Council) -> None:
    report = report_for(council)
    exception_report_save(
        report=report,
        text=ReportText(reason_for_performance="Why", actions="What next"),
        version=1,
        by=council.author,
    )

    with pytest.raises(ValidationError) as refused:
        exception_report_submit(report=report, by=council.author)

    assert set(refused.value.message_dict) == {"learnings", "significance"}
    assert refused.value.message_dict["learnings"] == ["Enter the learnings to share"]
    assert ExceptionReport.objects.get().state == ReportState.DRAFT


def test_submitting_signs_the_report_as_completed(
    council: Council, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = submitted(council)

    assert report.state == ReportState.SUBMITTED
    assert report.completed_by == council.author
    assert report.completed_by_name == "Rachel Okafor"
    assert report.completed_by_role == "Responsible officer"
    assert report.completed_on == timezone.localdate()
    assert sorted(mail.outbox[0].to) == ["dana@example.org", "daniel@example.org"]


# --- review -------------------------------------------------------------------------------


def test_the_head_approves_with_name_role_and_date(
    council: Council, django_capture_on_commit_callbacks: Any
) -> None:
    report = submitted(council)
    heard = []
    report_approved.connect(lambda sender, **kw: heard.append(kw), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            report = exception_report_approve(report=report, by=council.head)
    finally:
        report_approved.disconnect(dispatch_uid="t")

    assert report.state == ReportState.APPROVED
    assert report.approved_by_name == "Daniel Whitcombe"
    assert report.approved_by_role == "Head of service, Transport and Sustainable Travel"
    assert report.approved_on == timezone.localdate()
    assert heard == [{"signal": report_approved, "report": report, "by": council.head}]
    assert mail.outbox[-1].to == ["rachel@example.org"]
    assert mail.outbox[-1].subject.startswith("Approved")


def test_the_deputy_may_approve(council: Council) -> None:
    report = exception_report_approve(report=submitted(council), by=council.deputy)

    assert report.approved_by_role.startswith("Deputy head of service")


@pytest.mark.parametrize("who", ["author", "outsider", "performance", "director"])
def test_nobody_else_approves_or_returns(council: Council, who: str) -> None:
    report = submitted(council)

    with pytest.raises(PermissionDenied):
        exception_report_approve(report=report, by=getattr(council, who))
    with pytest.raises(PermissionDenied):
        exception_report_return(report=report, comment="No", by=getattr(council, who))
    assert ExceptionReport.objects.get().state == ReportState.SUBMITTED


def test_an_approver_cannot_approve_a_report_they_completed(council: Council) -> None:
    report = report_for(council)
    exception_report_delegate(report=report, delegate=council.deputy, by=council.head)
    exception_report_save(report=report, text=POSITIVE_TEXT, version=2, by=council.deputy)
    exception_report_submit(report=report, by=council.deputy)

    with pytest.raises(PermissionDenied, match="another approver"):
        exception_report_approve(report=report, by=council.deputy)
    assert exception_report_approve(report=report, by=council.head).state == "approved"


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("draft", "approve"),
        ("returned", "approve"),
        ("approved", "approve"),
        ("withdrawn", "approve"),
        ("draft", "return"),
        ("approved", "return"),
        ("submitted", "submit"),
        ("returned", "submit"),
        ("approved", "submit"),
        ("approved", "save"),
        ("submitted", "save"),
        ("withdrawn", "save"),
        ("approved", "withdraw"),
        ("withdrawn", "withdraw"),
    ],
)
def test_invalid_transitions_are_refused_by_the_services(
    council: Council, state: str, action: str
) -> None:
    today = timezone.localdate()
    report = report_for(council, state=state, completed_on=today, approved_on=today)
    calls = {
        "approve": lambda: exception_report_approve(report=report, by=council.head),
        "return": lambda: exception_report_return(report=report, comment="x", by=council.head),
        "submit": lambda: exception_report_submit(report=report, by=council.author),
        "save": lambda: exception_report_save(
            report=report, text=POSITIVE_TEXT, version=report.version, by=council.author
        ),
        "withdraw": lambda: exception_report_withdraw(
            report=report, reason="x", by=council.performance
        ),
    }

    with pytest.raises(TransitionRefused):
        calls[action]()
    assert ExceptionReport.objects.get().state == state


def test_return_needs_a_comment_and_editing_brings_it_back_to_draft(
    council: Council, django_capture_on_commit_callbacks: Any
) -> None:
    report = submitted(council)
    with pytest.raises(ValidationError) as refused:
        exception_report_return(report=report, comment="   ", by=council.head)
    assert "comment" in refused.value.message_dict

    with django_capture_on_commit_callbacks(execute=True):
        report = exception_report_return(
            report=report, comment="Say what the hubs cost.", by=council.head
        )
    assert report.state == ReportState.RETURNED
    assert "Say what the hubs cost." in mail.outbox[-1].body

    report = exception_report_save(
        report=report, text=POSITIVE_TEXT, version=report.version, by=council.author
    )
    assert report.state == ReportState.DRAFT
    report = exception_report_submit(report=report, by=council.author)
    report = exception_report_approve(report=report, by=council.head)
    assert report.return_comment == ""
    reasons = list(
        report.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        None,
        "Text saved",
        "Submitted for approval",
        "Returned: Say what the hubs cost.",
        "Revised after being returned: back to draft",
        "Submitted for approval",
        "Approved",
    ]


# --- the performance team -------------------------------------------------------------------


def test_the_performance_team_withdraws_with_a_reason(council: Council) -> None:
    report = submitted(council)
    with pytest.raises(PermissionDenied):
        exception_report_withdraw(report=report, reason="Not needed", by=council.head)
    with pytest.raises(ValidationError):
        exception_report_withdraw(report=report, reason="", by=council.performance)

    report = exception_report_withdraw(
        report=report, reason="The value is being restated.", by=council.performance
    )

    assert report.state == ReportState.WITHDRAWN
    assert report.withdrawn_reason == "The value is being restated."


def test_the_performance_team_adds_a_report_by_hand(
    council: Council, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = exception_report_add(
            indicator=council.indicator,
            period=Q2,
            kind=ReportKind.NEGATIVE,
            reason="Cabinet asked for an update on the delayed hubs.",
            by=council.performance,
        )

    assert report.source == FlagSource.MANUAL
    assert report.source_note == "Cabinet asked for an update on the delayed hubs."
    assert report.reasons == [] and report.author == council.author
    assert mail.outbox[0].to == ["rachel@example.org"]

    with pytest.raises(ValidationError, match="already has a report"):
        exception_report_add(
            indicator=council.indicator,
            period=Q2,
            kind="negative",
            reason="x",
            by=council.performance,
        )


def test_adding_by_hand_checks_what_it_is_given(council: Council) -> None:
    with pytest.raises(PermissionDenied):
        exception_report_add(
            indicator=council.indicator, period=Q2, kind="negative", reason="x", by=council.head
        )
    with pytest.raises(ValidationError) as refused:
        exception_report_add(
            indicator=council.indicator,
            period=parse_period("September 2025"),
            kind="sideways",
            reason="",
            by=council.performance,
        )
    assert set(refused.value.message_dict) == {"period", "kind", "reason"}


def test_the_head_names_a_delegate_who_may_then_write(
    council: Council, django_capture_on_commit_callbacks: Any
) -> None:
    report = report_for(council)
    with pytest.raises(PermissionDenied):
        exception_report_delegate(report=report, delegate=council.outsider, by=council.author)
    with pytest.raises(PermissionDenied):
        exception_report_delegate(report=report, delegate=council.outsider, by=council.outsider)

    with django_capture_on_commit_callbacks(execute=True):
        report = exception_report_delegate(
            report=report, delegate=council.director, by=council.head
        )

    assert mail.outbox[0].to == ["claire@example.org"]
    report = exception_report_save(
        report=report, text=POSITIVE_TEXT, version=report.version, by=council.director
    )
    report = exception_report_submit(report=report, by=council.director)
    assert report.completed_by_name == "Claire Penrose"
    assert report.completed_by_role == "Director"


def test_a_long_comment_is_kept_whole_and_summarised_in_the_history(council: Council) -> None:
    comment = "Please expand on the hubs. " * 20
    report = exception_report_return(report=submitted(council), comment=comment, by=council.head)

    assert report.return_comment == comment.strip()
    reason = report.history.first().history_change_reason
    assert len(reason) == 100 and reason.startswith("Returned: Please expand") and reason[-1] == "…"
