"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def council(request: HttpRequest) -> dict[str, str]:
    return {"council_name": settings.COUNCIL_NAME, "council_logo_url": settings.COUNCIL_LOGO_URL}
