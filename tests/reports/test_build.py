"""The report model: figures, ratings, scope, exception reports and restatements."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from outturn.engine.periods import parse_period
from outturn.reports.build import ScopeError, build_report, parse_scope
from outturn.reports.models import PackState, PackVersion, ReportPack, VersionState
from tests.reports.conftest import (
    LONDON,
    NEGATIVE_REASON,
    POSITIVE_SIGNIFICANCE,
    Council,
    restate,
)


def by_code(report: object) -> dict[str, object]:
    return {entry.code: entry for entry in report.indicators()}  # type: ignore[attr-defined]


def test_council_report_rates_every_indicator_from_published_figures(council: Council) -> None:
    report = build_report(period="2025/26 Q2", scope="council")
    entries = by_code(report)

    assert list(entries) == ["CS16", "CS01", "OPS02", "OPS01", "OPS04"]
    ehcp = entries["CS16"]
    assert (ehcp.outturn.text, ehcp.previous.text, ehcp.year_ago.text) == (
        "46.6%",
        "47.7%",
        "62.5%",
    )
    assert ehcp.previous.period == "2025/26 Q1" and ehcp.year_ago.period == "2024/25 Q2"
    assert (ehcp.target_text, ehcp.rag, ehcp.rag_label) == ("60%", "red", "Off target")
    assert ehcp.direction_label == "Worsening"
    assert ehcp.variation is not None and ehcp.variation.label.startswith("Special cause")
    assert ehcp.commentary == "Timeliness fell again: advice arrives late."
    fines = entries["OPS02"]
    # The draft 2025/26 Q3 figure (9999) never reaches a report.
    assert fines.outturn.text == "1,428" and fines.outturn.value == Decimal("1428")
    assert (fines.rag_label, fines.direction_label, fines.year_ago.text) == (
        "On target",
        "Improving",
        "800",
    )
    returns = entries["CS01"]
    assert returns.rag == "green" and returns.direction == "improving"
    [national] = returns.comparators
    assert (national.name, national.period, national.text, national.position) == (
        "National average",
        "2024/25",
        "12%",
        "better",
    )
    waiting = entries["OPS04"]
    assert waiting.period == "September 2025" and waiting.outturn.text == "5"
    assert waiting.previous.period == "August 2025" and waiting.rag_label == "Not rated"
    assert entries["OPS01"].outturn.value == Decimal("98765432.123456789")


def test_summary_counts_by_priority_directorate_and_process_control(council: Council) -> None:
    summary = build_report(period="2025/26 Q2", scope="council").summary

    overall = summary.overall
    assert (overall.green, overall.amber, overall.red, overall.not_rated) == (3, 0, 1, 1)
    assert (overall.improving, overall.worsening, overall.total) == (4, 1, 5)
    priorities = {g.name: g.counts for g in summary.by_priority}
    assert list(priorities) == ["Every child gets a good start", "A clean and thriving coast"]
    assert (
        priorities["Every child gets a good start"].red,
        priorities["A clean and thriving coast"].green,
    ) == (1, 2)
    directorates = {g.name: g.counts.total for g in summary.by_directorate}
    assert directorates == {"Children's Services": 2, "Operations": 3}
    assert sum(icon.count for icon in summary.variation) == 5
    assert all(icon.label for icon in summary.variation + summary.assurance)


def test_sections_group_indicators_by_directorate(council: Council) -> None:
    report = build_report(period="2025/26 Q2", scope="council")

    assert [(s.name, [e.code for e in s.indicators]) for s in report.sections] == [
        ("Children's Services", ["CS16", "CS01"]),
        ("Operations", ["OPS02", "OPS01", "OPS04"]),
    ]


def test_committee_report_holds_only_the_committees_indicators(council: Council) -> None:
    report = build_report(period="2025/26 Q2", scope="committee:children-os")

    assert [e.code for e in report.indicators()] == ["CS16", "CS01"]
    assert report.title.startswith("Children's Services Overview and Scrutiny Committee")
    assert report.front_sheet.committee == "Children's Services Overview and Scrutiny Committee"
    # Only the committee's own exception reports.
    assert [r.indicator_code for r in report.exception_reports] == ["CS16"]


def test_directorate_report(council: Council) -> None:
    report = build_report(period="2025/26 Q2", scope="directorate:OPS")

    assert [e.code for e in report.indicators()] == ["OPS02", "OPS01", "OPS04"]
    assert [r.indicator_code for r in report.exception_reports] == ["OPS02"]


def test_approved_exception_reports_with_every_field_and_sign_off(council: Council) -> None:
    report = build_report(period="2025/26 Q2", scope="council")

    negative, positive = report.exception_reports
    assert (negative.kind, negative.indicator_code, positive.kind) == (
        "negative",
        "CS16",
        "positive",
    )
    assert negative.reason_for_performance == NEGATIVE_REASON
    assert negative.outturn.text == "46.6%" and negative.target_text == "60%"
    assert [f.period for f in negative.earlier] == ["2025/26 Q1", "2024/25 Q2"]
    assert negative.indicator_description.startswith("New plans issued")
    assert (negative.completed_by, negative.approved_by, negative.approved_by_role) == (
        "Rachel Okafor",
        "Daniel Whitcombe",
        "Head of Service",
    )
    assert [q for q, _ in negative.sections] == [
        "Reason for level of performance",
        "Actions taken or planned to improve performance",
    ]
    assert positive.significance == POSITIVE_SIGNIFICANCE
    assert len(positive.sections) == 4
    # The draft report on CS01 is not part of any report.
    assert "Not yet finished" not in str(report)
    # Each has a full chart with limits and special causes described for screen readers.
    assert negative.chart is not None and negative.chart.kind == "full"
    assert negative.chart.limits and "Process limits" in negative.chart.alt_text
    assert "46.6%" in negative.chart.alt_text
    links = by_code(report)["CS16"].exception_links
    assert links == (("Exception report, 2025/26 Q2", negative.anchor),)


def test_sparklines_describe_their_points(council: Council) -> None:
    entry = by_code(build_report(period="2025/26 Q2", scope="council"))["OPS02"]

    assert entry.sparkline is not None and len(entry.sparkline.points) == 8
    assert entry.sparkline.alt_text.endswith("2025/26 Q2 1,428.")


def test_restatements_since_the_quarter_began_when_nothing_was_published(
    council: Council,
) -> None:
    restate(
        council.returns,
        "2025/26 Q1",
        "15",
        datetime(2025, 8, 1, 10, tzinfo=LONDON),
        council.performance,
    )
    restate(
        council.returns,
        "2024/25 Q4",
        "12",
        datetime(2025, 6, 1, 10, tzinfo=LONDON),
        council.performance,
    )

    report = build_report(period="2025/26 Q2", scope="council")

    [row] = report.restatements
    assert (row.indicator_code, row.period, row.previous_text, row.new_text) == (
        "CS01",
        "2025/26 Q1",
        "14%",
        "15%",
    )
    assert row.restated_by == "Megan Holloway" and str(report.restatements_since) == "2025-07-01"


def test_restatements_since_the_last_published_report(council: Council) -> None:
    published = ReportPack.objects.create(period=parse_period("2025/26 Q1"), scope="council")
    version = PackVersion.objects.create(
        pack=published,
        number=1,
        state=VersionState.READY,
        requested_at=timezone.now(),
        built_at=timezone.now(),
    )
    ReportPack.objects.filter(pk=published.pk).update(
        state=PackState.PUBLISHED,
        signed_off_version=version,
        published_at=datetime(2025, 8, 15, 12, tzinfo=LONDON),
    )
    restate(
        council.returns,
        "2025/26 Q1",
        "15",
        datetime(2025, 8, 1, 10, tzinfo=LONDON),
        council.performance,
    )
    restate(
        council.fines,
        "2025/26 Q1",
        "870",
        datetime(2025, 9, 1, 10, tzinfo=LONDON),
        council.performance,
    )

    report = build_report(period="2025/26 Q2", scope="council")

    assert [r.indicator_code for r in report.restatements] == ["OPS02"]
    assert str(report.restatements_since) == "2025-08-15"
    # Another scope's report has its own history.
    committee = build_report(period="2025/26 Q2", scope="committee:children-os")
    assert [r.indicator_code for r in committee.restatements] == ["CS01"]


def test_front_sheet_leaves_out_empty_fields(council: Council) -> None:
    ReportPack.objects.create(
        period=parse_period("2025/26 Q2"),
        scope="council",
        report_subject="Corporate performance, quarter 2",
        recommendations="- Note the report",
        options_appraisal="None.",
    )

    report = build_report(period="2025/26 Q2", scope="council")

    labels = [row.label for row in report.front_sheet.rows]
    assert labels == ["Report subject", "Status", "Recommendations"]
    assert report.front_sheet.value("Status") == "Public report"
    assert [s.heading for s in report.closing_sections] == ["Options appraisal"]
    assert report.front_sheet.committee == "Cabinet"


def test_any_period_is_reported_in_its_quarter(council: Council) -> None:
    assert build_report(period="September 2025", scope="council").period == "2025/26 Q2"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("everyone", "is not a scope"),
        ("directorate:", "is not a scope"),
        ("directorate:NOPE", "no directorate with the code 'NOPE'"),
        ("committee:nope", "known: cabinet, children-os"),
    ],
)
def test_unknown_scopes_are_named(council: Council, text: str, message: str) -> None:
    with pytest.raises(ScopeError, match=message):
        build_report(period="2025/26 Q2", scope=text)


def test_parse_scope() -> None:
    assert parse_scope("council") == ("council", "")
    assert parse_scope(" committee:children-os ") == ("committee", "children-os")
