"""The report header, computed from the approved data, and the report-pack selectors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from outturn.engine.periods import parse_period
from outturn.exception_reports.models import ReportState
from outturn.exception_reports.selectors import (
    approved_reports,
    exception_report_header,
    exception_report_headers,
    reports_with_related,
)
from outturn.scorecard.models import Frequency, OutturnState, Target
from tests import factories
from tests.exception_reports.conftest import Council, history, report_for

RISING = ["200", "205", "212", "220", "226", "231", "236", "265"]


def test_the_header_carries_the_figures_target_and_ratings(council: Council) -> None:
    history(council.indicator, RISING)
    factories.outturn(council.indicator, "2025/26 Q3", "999", state=OutturnState.SUBMITTED)

    header = exception_report_header(report_for(council))

    assert header.indicator_code == "EV1"
    assert header.outturn_label == "2025/26 Q2 outturn"
    assert header.outturn_text == "265"
    assert [(f.label, f.text) for f in header.previous] == [
        ("2024/25 Q2", "220"),
        ("2024/25 Q3", "226"),
        ("2024/25 Q4", "231"),
        ("2025/26 Q1", "236"),
    ]
    assert header.same_period_last_year is not None
    assert header.last_year_not_listed is None  # already among the previous four
    assert header.target_text == "240"
    assert (header.rag, header.rag_label) == ("green", "On target")
    assert header.direction_previous_label == "Improving"
    assert header.reason_labels == ("The target was beaten by the positive margin or more",)
    assert header.spc.provisional
    assert header.service_unit == "Transport and Sustainable Travel"


def test_a_target_tied_to_a_benchmark_shows_its_basis(council: Council) -> None:
    indicator = factories.indicator(code="CS2", unit="percentage", service_unit=council.unit)
    history(indicator, ["80", "81", "82", "84", "90"], target="83", basis="National average")

    header = exception_report_header(report_for(council, indicator=indicator))

    assert header.target_text == "83% - National average"
    assert header.outturn_text == "90%"


def test_a_monthly_indicator_shows_the_month_that_closes_the_quarter(council: Council) -> None:
    monthly = factories.indicator(
        code="M1", unit="number", frequency=Frequency.MONTHLY, service_unit=council.unit
    )
    for month, value in (("July 2025", "5"), ("August 2025", "6"), ("September 2025", "9")):
        factories.outturn(
            monthly, month, value, state=OutturnState.PUBLISHED, published_at=timezone.now()
        )
        Target.objects.create(indicator=monthly, period=parse_period(month), value=Decimal(4))

    header = exception_report_header(report_for(council, indicator=monthly))

    assert header.outturn_label == "September 2025 outturn"
    assert header.outturn_text == "9"
    assert [f.text for f in header.previous] == ["5", "6"]


def test_the_chart_is_svg_with_a_text_alternative(council: Council) -> None:
    history(council.indicator, RISING)

    chart = exception_report_header(report_for(council)).chart

    assert chart.svg.startswith("<svg") and 'role="img"' in chart.svg
    assert "2025/26 Q2 265" in chart.text and "Target for the latest period: 240" in chart.text
    assert chart.text in chart.svg.replace("&#x27;", "'")


def test_an_indicator_without_approved_data_gets_an_empty_header(council: Council) -> None:
    header = exception_report_header(report_for(council))

    assert header.outturn_text == "No approved value"
    assert header.chart.svg == ""
    assert "no approved outturns" in header.chart.text


def test_headers_for_many_reports_take_a_fixed_number_of_queries(
    council: Council, django_assert_max_num_queries: Any
) -> None:
    reports = []
    for n in range(6):
        indicator = factories.indicator(code=f"X{n}", unit="number", service_unit=council.unit)
        history(indicator, RISING)
        reports.append(report_for(council, indicator=indicator))
    reports = list(reports_with_related())

    with django_assert_max_num_queries(6):
        headers = exception_report_headers(reports)

    assert len(headers) == 6


def test_approved_reports_for_a_pack(council: Council) -> None:
    other = factories.indicator(code="ZZ", unit="number", service_unit=council.unit)
    approved = report_for(
        council,
        state=ReportState.APPROVED,
        completed_on=parse_period("2025/26 Q2").end,
        approved_on=parse_period("2025/26 Q2").end,
    )
    report_for(council, indicator=other)  # a draft: not in the pack

    assert approved_reports(period=parse_period("2025/26 Q2")) == [approved]
    assert approved_reports(period=parse_period("2025/26 Q2"), indicator_ids=[other.pk]) == []
    assert approved_reports(period=parse_period("2025/26 Q3")) == []
