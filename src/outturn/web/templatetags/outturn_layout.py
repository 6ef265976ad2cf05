"""Template tags for the page layout (``{% load outturn_layout %}``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.context import Context

register = template.Library()

DEFAULT_NAVIGATION = (("/", "Scorecard"), ("/accessibility/", "Accessibility"))


def _is_current(href: str, path: str) -> bool:
    if href == "/":
        return path == "/"
    return path == href or path.startswith(href.rstrip("/") + "/")


@register.simple_tag(takes_context=True)
def service_navigation_items(context: Context) -> list[dict[str, Any]]:
    """The service navigation items: ``service_navigation`` from the context, or the defaults.

    Each item is a dict ``{"href", "text", "current"}`` as GOV.UK's service navigation expects.
    """
    items = context.get("service_navigation")
    if items:
        return [dict(item) for item in items]
    request = context.get("request")
    path = getattr(request, "path", "")
    return [
        {"href": href, "text": text, "current": _is_current(href, path)}
        for href, text in DEFAULT_NAVIGATION
    ]
