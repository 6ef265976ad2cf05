"""The indicator chart on its own: an SVG image with words, drawn without script or style."""

from __future__ import annotations

import re
from decimal import Decimal

from outturn.engine.periods import parse_period
from outturn.engine.status import SpcGroupStatus
from outturn.engine.values import Unit
from outturn.web.dashboard.chart import ChartPoint, indicator_chart


def _points(*values: int, **fields: object) -> list[ChartPoint]:
    period = parse_period("2024/25 Q1")
    points = []
    for value in values:
        points.append(ChartPoint(period=period, value=Decimal(value), **fields))  # type: ignore[arg-type]
        period = period.next()
    return points


def test_fewer_than_two_values_make_no_chart() -> None:
    assert indicator_chart(_points(5), [], Unit.NUMBER, title="One value") is None


def test_the_chart_is_an_image_titled_and_described_in_words() -> None:
    chart = indicator_chart(
        _points(10, 20, 15, target=Decimal(12)), [], Unit.PERCENTAGE, title="X1 <measure>"
    )
    assert chart is not None

    svg = str(chart.svg)
    assert svg.startswith(
        '<svg class="app-chart" role="img" aria-labelledby="chart-title chart-desc"'
    )
    assert '<title id="chart-title">X1 &lt;measure&gt;</title>' in svg
    assert "3 values from 2024/25 Q1 to 2024/25 Q3, lowest 10% in 2024/25 Q1" in svg
    assert "Latest 15% in 2024/25 Q3 against a target of 12%." in chart.summary
    assert "No special-cause points." in chart.summary
    assert "style=" not in svg and "<script" not in svg
    assert svg.count('class="app-chart__target"') == 3
    assert ("target", "Target") in chart.legend


def test_band_targets_draw_both_edges_and_process_limits_span_their_group() -> None:
    points = _points(10, 20, 15, 18, band=(Decimal(12), Decimal(16)))
    group = SpcGroupStatus(
        start=points[0].period,
        end=points[-1].period,
        mean=15.75,
        lpl=5.0,
        upl=26.5,
        provisional=True,
    )
    chart = indicator_chart(points, [group], Unit.NUMBER, title="Band")
    assert chart is not None

    svg = str(chart.svg)
    assert svg.count('class="app-chart__target"') == 8
    assert svg.count('class="app-chart__limit"') == 2
    assert "against a target band of 12 to 16" in chart.summary
    assert "Process limits 5 to 26.5 around a mean of 15.75." in chart.summary


def test_special_causes_and_unpublished_values_are_marked() -> None:
    points = _points(10, 11, 30)
    points[2] = ChartPoint(
        period=points[2].period,
        value=points[2].value,
        point_type="special_cause_concern",
        unpublished=True,
    )
    chart = indicator_chart(points, [], Unit.NUMBER, title="Jump")
    assert chart is not None

    svg = str(chart.svg)
    marked = re.findall(r'<circle class="([^"]+)"', svg)
    assert marked[-1] == "app-chart__point app-chart__point--concern app-chart__point--unpublished"
    assert marked[0] == "app-chart__point app-chart__point--common_cause"
    assert "Special-cause points: 2024/25 Q3 (concern)." in chart.summary
    assert ("point-concern", "Special cause: concern") in chart.legend


def test_the_first_and_last_periods_are_labelled_inside_the_chart() -> None:
    chart = indicator_chart(_points(*range(30)), [], Unit.NUMBER, title="Long")
    assert chart is not None

    labels = re.findall(r'text-anchor="(\w+)">(\d{4}/\d{2} Q\d)<', str(chart.svg))
    assert labels[0] == ("start", "2024/25 Q1")
    assert labels[-1] == ("end", "2031/32 Q2")
    assert len(labels) <= 9
