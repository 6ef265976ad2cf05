"""Charts for report packs: drawn once, cached on disk, reused by every build and format.

A chart's file name carries a hash of everything it shows (points, targets, limits,
special causes, title and the drawing style), so a chart is redrawn only when its data
changes: the second build of a pack, and the Word, PDF and HTML of one build, all read
the same PNG. Files are written to a temporary name and moved into place, so two builds
drawing the same chart at once never leave half a file.

Drawing uses matplotlib's object API on the Agg canvas (no pyplot, no display, no global
figure state), so it is safe in a web worker or a background task.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from PIL import Image as PILImage

from outturn.reports.content import Chart

STYLE_VERSION = "2"
"""Bump when the drawing changes, so cached files are redrawn."""

CACHE_FOLDER = "report-charts"
DPI = 150

INK = "#0b0c0c"
OUTTURN = "#1d70b8"
TARGET = "#d4351c"
LIMITS = "#505a5f"
SPECIAL = {
    "improvement": ("#1d70b8", "^", "Special cause: improvement"),
    "concern": ("#f47738", "X", "Special cause: concern"),
    "neutral": ("#4c2c92", "s", "Special cause: neither better nor worse"),
}


def chart_key(chart: Chart) -> str:
    """A short hash of what the chart shows and how it is drawn."""
    data = asdict(chart)
    data.pop("alt_text")
    data["style"] = STYLE_VERSION
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "x"


def cache_root() -> Path:
    return Path(settings.MEDIA_ROOT) / CACHE_FOLDER


def chart_path(chart: Chart, *, root: Path | None = None) -> Path:
    """Where the chart's PNG lives (indicator, period, kind and data hash in the name)."""
    base = root or cache_root()
    name = f"{_safe(chart.period)}-{chart.kind}-{chart_key(chart)}.png"
    return base / _safe(chart.indicator_code) / name


def chart_file(chart: Chart, *, root: Path | None = None) -> Path:
    """The chart's PNG, drawn now if the cache does not have it."""
    path = chart_path(chart, root=root)
    if not path.exists():
        _write(chart, path)
    return path


def draw_charts(charts: Iterable[Chart], *, root: Path | None = None) -> int:
    """Make sure every chart is in the cache; returns how many had to be drawn."""
    drawn = 0
    for chart in charts:
        path = chart_path(chart, root=root)
        if not path.exists():
            _write(chart, path)
            drawn += 1
    return drawn


def _write(chart: Chart, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure = _sparkline(chart) if chart.kind == "sparkline" else _full(chart)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        # Opaque RGB, not matplotlib's RGBA: PDF writers must split an alpha channel off
        # and re-encode the picture, once per page it appears on.
        rgba = PILImage.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
        with os.fdopen(handle, "wb") as out:
            rgba.convert("RGB").save(out, "PNG", dpi=(DPI, DPI))
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the web server reads it
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _sparkline(chart: Chart) -> Figure:
    figure = Figure(figsize=(1.6, 0.45), dpi=DPI)
    axes = figure.add_axes((0.03, 0.1, 0.94, 0.8))
    xs = range(len(chart.points))
    values = [p.value for p in chart.points]
    targets = [p.target for p in chart.points]
    if any(t is not None for t in targets):
        axes.step(
            xs,
            [float("nan") if t is None else t for t in targets],
            where="mid",
            color=TARGET,
            linewidth=0.9,
            linestyle=(0, (3, 2)),
        )
    axes.plot(xs, values, color=OUTTURN, linewidth=1.4)
    axes.plot([len(values) - 1], [values[-1]], "o", color=OUTTURN, markersize=3)
    axes.set_axis_off()
    axes.margins(x=0.04, y=0.2)
    return figure


def _full(chart: Chart) -> Figure:
    figure = Figure(figsize=(7.0, 3.5), dpi=DPI)
    axes = figure.add_axes((0.09, 0.3, 0.88, 0.62))
    xs = list(range(len(chart.points)))
    values = [p.value for p in chart.points]
    axes.plot(xs, values, color=OUTTURN, linewidth=1.6, marker="o", markersize=3, zorder=3)
    targets = [float("nan") if p.target is None else p.target for p in chart.points]
    handles: list[Line2D] = [Line2D([], [], color=OUTTURN, marker="o", markersize=3)]
    names = ["Outturn"]
    if any(p.target is not None for p in chart.points):
        axes.step(xs, targets, where="mid", color=TARGET, linewidth=1.3, linestyle=(0, (5, 3)))
        handles.append(Line2D([], [], color=TARGET, linestyle=(0, (5, 3))))
        names.append("Target")
    drew_limits = False
    for stretch in chart.limits:
        span = [stretch.start - 0.4, stretch.end + 0.4]
        if stretch.mean is not None:
            axes.plot(span, [stretch.mean] * 2, color=LIMITS, linewidth=1.0)
        for limit in (stretch.lower, stretch.upper):
            if limit is not None:
                axes.plot(span, [limit] * 2, color=LIMITS, linewidth=1.0, linestyle=(0, (2, 2)))
                drew_limits = True
    if chart.limits:
        handles.append(Line2D([], [], color=LIMITS))
        names.append("Mean")
    if drew_limits:
        handles.append(Line2D([], [], color=LIMITS, linestyle=(0, (2, 2))))
        names.append("Process limits")
    for kind, (colour, marker, label) in SPECIAL.items():
        found = [
            (x, p.value) for x, p in zip(xs, chart.points, strict=True) if p.special_cause == kind
        ]
        if found:
            axes.scatter(
                [x for x, _ in found],
                [y for _, y in found],
                color=colour,
                marker=marker,
                s=42,
                zorder=4,
                edgecolors=INK,
                linewidths=0.5,
            )
            handles.append(
                Line2D([], [], color=colour, marker=marker, linestyle="", markeredgecolor=INK)
            )
            names.append(label)
    step = max(1, len(xs) // 12)
    ticks = xs[::-1][::step][::-1]
    axes.set_xticks(ticks)
    axes.set_xticklabels([chart.points[i].period for i in ticks], rotation=35, ha="right")
    axes.tick_params(labelsize=7, colors=INK)
    axes.set_ylabel(chart.unit_label, fontsize=8, color=INK)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#e5e5e5", linewidth=0.6)
    axes.set_title(
        f"{chart.indicator_code}: outturn to {chart.points[-1].period}",
        fontsize=9,
        color=INK,
        loc="left",
    )
    figure.legend(
        handles,
        names,
        loc="lower center",
        ncol=min(len(names), 4),
        fontsize=7,
        frameon=False,
        bbox_to_anchor=(0.5, 0.0),
    )
    return figure
