"""Small inline charts for pages: SVG with a text alternative, no script, no inline style."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString

WIDTH, HEIGHT, PAD = 96, 24, 2


def sparkline(values: Sequence[Decimal | None], label: str) -> SafeString:
    """A trend line of recent values; ``label`` says in words what it shows."""
    points = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return format_html('<span class="govuk-visually-hidden">{}</span>', label)
    low = min(v for _, v in points)
    high = max(v for _, v in points)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    coords = " ".join(
        f"{PAD + i * step:.1f},{HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD):.1f}"
        for i, v in points
    )
    last_x, last_y = coords.split(" ")[-1].split(",")
    return format_html(
        '<svg class="app-sparkline" role="img" aria-label="{}" width="{}" height="{}" '
        'viewBox="0 0 {} {}" focusable="false"><polyline fill="none" stroke="currentColor" '
        'stroke-width="1.5" points="{}"/><circle cx="{}" cy="{}" r="2" fill="currentColor"/>'
        "</svg>",
        label,
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        coords,
        last_x,
        last_y,
    )
