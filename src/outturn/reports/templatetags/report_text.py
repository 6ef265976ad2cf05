"""``{% load report_text %}``: officers' plain text as paragraphs and lists, escaped."""

from __future__ import annotations

from django import template
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

from outturn.reports.text import blocks

register = template.Library()


@register.filter
def report_text(text: str, css: str = "govuk-body") -> SafeString:
    """Paragraphs (``<p>``) and bullet lists (``<ul>``) from typed text."""
    parts = []
    for block in blocks(text or ""):
        if block.kind == "ul":
            items = format_html_join("", "<li>{}</li>", ((line,) for line in block.lines))
            parts.append(f'<ul class="govuk-list govuk-list--bullet">{items}</ul>')
        else:
            parts.append(
                f'<p class="{escape(css)}">{escape(block.lines[0]).replace(chr(10), "<br>")}</p>'
            )
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped
