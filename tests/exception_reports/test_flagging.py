"""Flagging: the engine's decision on an approved quarter becomes an assigned report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from outturn.engine.periods import parse_period
from outturn.exception_reports.flagging import add_working_days, flags_for_period
from outturn.exception_reports.models import (
    ExceptionReport,
    ExceptionRuleSettings,
    FlagSource,
    MarginKind,
    ReportState,
)
from outturn.exception_reports.services import (
    exception_report_withdraw,
    exception_reports_flag_period,
)
from outturn.rounds.services import outturn_approve
from outturn.rounds.signals import outturn_approved
from outturn.scorecard.models import Frequency, Outturn, OutturnState, Target
from tests import factories
from tests.exception_reports.conftest import Q2, Council, history

RISING = ["200", "205", "212", "220", "226", "231", "236", "265"]
FALLING = ["236", "238", "235", "239", "237", "234", "236", "200"]
STEADY = ["236", "238", "235", "239", "237", "234", "236", "241"]


def approve(outturn: Outturn, by: Any) -> None:
    """What the data round does: mark the value approved and send the signal."""
    outturn.state = OutturnState.APPROVED
    outturn.approved_by = by
    outturn.approved_at = timezone.now()
    outturn.save()
    outturn_approved.send(sender=Outturn, outturn=outturn, by=by)


def closing(council: Council, period: str = "2025/26 Q2") -> Outturn:
    return Outturn.objects.get(indicator=council.indicator, period=parse_period(period))


def test_a_beaten_target_flags_a_positive_report_for_the_author(
    council: Council, django_capture_on_commit_callbacks: Any
) -> None:
    history(council.indicator, RISING, last_state=OutturnState.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        approve(closing(council), council.head)

    report = ExceptionReport.objects.get()
    assert (report.kind, report.state, report.source) == ("positive", "draft", FlagSource.ENGINE)
    assert report.period == Q2
    assert report.reasons == ["beats_target_margin"]
    assert report.author == council.author
    assert report.service_unit == council.unit
    assert report.due_date == add_working_days(timezone.localdate(), 10)
    assert [m.to for m in mail.outbox] == [["rachel@example.org"]]
    assert "EV1" in mail.outbox[0].subject
    assert report.history.get().history_user == council.head


def test_a_missed_target_flags_a_negative_report(council: Council) -> None:
    history(council.indicator, FALLING, last_state=OutturnState.SUBMITTED)

    approve(closing(council), council.head)

    report = ExceptionReport.objects.get()
    assert (report.kind, report.reasons) == ("negative", ["red"])


def test_nothing_is_flagged_within_the_margin(council: Council) -> None:
    history(council.indicator, STEADY, last_state=OutturnState.SUBMITTED)

    approve(closing(council), council.head)

    assert not ExceptionReport.objects.exists()


def test_the_settings_choose_the_reasons_and_the_margin(council: Council) -> None:
    history(council.indicator, RISING)
    settings_row = ExceptionRuleSettings.current()
    assert flags_for_period(Q2)[0].reasons == ("beats_target_margin",)

    settings_row.positive_margin = Decimal(11)  # 265 beats 240 by 10.4%
    settings_row.save()
    assert flags_for_period(Q2) == []

    settings_row.positive_margin_kind = MarginKind.ABSOLUTE
    settings_row.positive_margin = Decimal(25)
    settings_row.save()
    assert len(flags_for_period(Q2)) == 1

    settings_row.count_beats_target_margin = False
    settings_row.save()
    assert flags_for_period(Q2) == []


def test_only_approved_values_are_rated(council: Council) -> None:
    history(council.indicator, RISING, last_state=OutturnState.SUBMITTED)

    assert flags_for_period(Q2) == []


def test_reapproval_updates_a_draft_but_never_an_approved_or_withdrawn_report(
    council: Council,
) -> None:
    history(council.indicator, FALLING, last_state=OutturnState.SUBMITTED)
    outturn = closing(council)
    approve(outturn, council.head)
    report = ExceptionReport.objects.get()
    ExceptionReport.objects.filter(pk=report.pk).update(reasons=["something_else"])

    approve(outturn, council.head)
    report.refresh_from_db()
    assert report.reasons == ["red"]
    assert report.version == 2

    exception_report_withdraw(report=report, reason="Data error found", by=council.performance)
    approve(outturn, council.head)
    assert ExceptionReport.objects.get().state == ReportState.WITHDRAWN


def test_a_monthly_indicator_is_flagged_when_its_quarter_closes(council: Council) -> None:
    monthly = factories.indicator(
        code="FT1",
        unit="number",
        frequency=Frequency.MONTHLY,
        service_unit=council.unit,
        responsible_officer=council.author,
    )
    months = ["April 2026", "May 2026", "June 2026"]
    for month in months:
        factories.outturn(monthly, month, "10", state=OutturnState.SUBMITTED)
        Target.objects.create(indicator=monthly, period=parse_period(month), value=Decimal(40))

    approve(Outturn.objects.get(indicator=monthly, period=parse_period("April 2026")), council.head)
    assert not ExceptionReport.objects.exists()

    approve(Outturn.objects.get(indicator=monthly, period=parse_period("June 2026")), council.head)
    report = ExceptionReport.objects.get()
    assert report.period == parse_period("2026/27 Q1")
    assert report.kind == "negative"


def test_the_performance_team_flags_a_whole_quarter(council: Council) -> None:
    history(council.indicator, RISING)
    other = factories.indicator(
        code="FPN1", unit="number", service_unit=council.other_unit, responsible_officer=None
    )
    history(other, FALLING)
    factories.indicator(code="NEW1", unit="number")  # no data: nothing to rate

    outcome = exception_reports_flag_period(period=Q2, by=council.performance)

    assert sorted(r.indicator.code for r in outcome.created) == ["EV1", "FPN1"]
    fpn = ExceptionReport.objects.get(indicator=other)
    assert fpn.author is None and fpn.service_unit == council.other_unit

    again = exception_reports_flag_period(period=Q2, by=council.performance)
    assert again.created == [] and len(again.unchanged) == 2
    assert ExceptionReport.objects.count() == 2


def test_flagging_a_quarter_is_for_the_performance_team_and_for_quarters(
    council: Council,
) -> None:
    with pytest.raises(PermissionDenied):
        exception_reports_flag_period(period=Q2, by=council.head)
    with pytest.raises(ValidationError, match="not a quarter"):
        exception_reports_flag_period(period=parse_period("2025/26"), by=council.performance)


def test_the_data_rounds_approval_flags_through_the_signal(council: Council) -> None:
    history(council.indicator, FALLING, last_state=OutturnState.SUBMITTED)

    outturn_approve(outturn=closing(council), by=council.head)

    assert ExceptionReport.objects.get().kind == "negative"


def test_working_days_skip_weekends() -> None:
    friday = date(2025, 10, 17)
    assert add_working_days(friday, 1) == date(2025, 10, 20)
    assert add_working_days(friday, 10) == date(2025, 10, 31)
