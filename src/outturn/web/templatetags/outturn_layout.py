"""Template tags for the page layout (``{% load outturn_layout %}``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.context import Context

register = template.Library()

DEFAULT_NAVIGATION = (("/", "Scorecard"), ("/accessibility/", "Accessibility"))


def _signed_in_navigation(user: Any) -> list[tuple[str, str]]:
    """The areas a signed-in user works in, by what their role lets them do."""
    from outturn.accounts import roles

    items = [
        ("/", "Scorecard"),
        ("/tasks/", "My tasks"),
        ("/rounds/", "Data rounds"),
        ("/exception-reports/", "Exception reports"),
    ]
    target_setters = (
        roles.Role.DATA_OWNER,
        roles.Role.RESPONSIBLE_OFFICER,
        roles.Role.HEAD_OF_SERVICE,
    )
    if roles.is_performance_team(user) or any(roles.has_role(user, r) for r in target_setters):
        items.append(("/targets/", "Targets"))
    items.append(("/reports/", "Reports"))
    if roles.is_performance_team(user):
        items.append(("/register/", "Register"))
    items.append(("/export/", "Export"))
    return items


#: Pages reached from My tasks count as being in it.
_UNDER_TASKS = ("/my-data/", "/approvals/")


def _is_current(href: str, path: str) -> bool:
    if href == "/":
        return path == "/"
    if href == "/tasks/" and path.startswith(_UNDER_TASKS):
        return True
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
    user = getattr(request, "user", None)
    links = (
        _signed_in_navigation(user)
        if user is not None and user.is_authenticated
        else list(DEFAULT_NAVIGATION)
    )
    return [
        {"href": href, "text": text, "current": _is_current(href, path)} for href, text in links
    ]
