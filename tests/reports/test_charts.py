"""Charts are drawn once per indicator, period and data, and reused from the cache."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PIL import Image

from outturn.reports.charts import chart_file, chart_key, chart_path, draw_charts
from outturn.reports.content import Chart, ChartLimits, ChartPoint


def full_chart(**changes: object) -> Chart:
    chart = Chart(
        kind="full",
        indicator_code="CS16",
        period="2025/26 Q2",
        title="Increase the percentage of new EHC plans issued within 20 weeks",
        unit_label="Percentage",
        alt_text="A chart",
        points=tuple(
            ChartPoint(f"2023/24 Q{n % 4 + 1}", value, 60.0, cause)
            for n, (value, cause) in enumerate(
                [(55.0, ""), (58.0, ""), (61.0, ""), (66.0, "improvement"), (47.7, "concern")]
            )
        ),
        limits=(ChartLimits(0, 4, 57.6, 45.0, 70.0),),
        higher_is_better=True,
    )
    return replace(chart, **changes)  # type: ignore[arg-type]


def test_a_chart_is_drawn_once_and_reused(tmp_path: Path) -> None:
    chart = full_chart()

    first = chart_file(chart, root=tmp_path)
    stamp = first.stat().st_mtime_ns
    again = chart_file(chart, root=tmp_path)

    assert again == first and again.stat().st_mtime_ns == stamp
    assert draw_charts([chart, chart], root=tmp_path) == 0
    with Image.open(first) as image:
        assert image.format == "PNG" and image.size == (1050, 525)
    # Named by indicator and period, and a hash of the data.
    assert first.parent.name == "CS16"
    assert first.name.startswith("2025-26-Q2-full-")


def test_new_data_makes_a_new_chart_but_new_words_do_not(tmp_path: Path) -> None:
    chart = full_chart()
    changed = full_chart(points=chart.points[:-1])

    assert chart_key(changed) != chart_key(chart)
    # The text alternative is not drawn, so it does not change the file.
    assert chart_key(full_chart(alt_text="Other words")) == chart_key(chart)
    assert draw_charts([chart, changed], root=tmp_path) == 2
    assert len(list((tmp_path / "CS16").iterdir())) == 2


def test_sparkline(tmp_path: Path) -> None:
    chart = full_chart(kind="sparkline", limits=())

    path = chart_file(chart, root=tmp_path)

    assert path == chart_path(chart, root=tmp_path)
    with Image.open(path) as image:
        assert image.size[0] == 240
    assert not list(tmp_path.rglob("*.tmp"))
