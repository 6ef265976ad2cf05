"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from outturn.scorecard.models import Organisation


def council(request: HttpRequest) -> dict[str, object]:
    """The council's name (the setting wins over the register) and whether it is a demo."""
    home = (
        Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).only("name", "is_demo").first()
    )
    name = settings.COUNCIL_NAME or (home.name if home else "Outturn")
    return {
        "council_name": name,
        "council_logo_url": settings.COUNCIL_LOGO_URL,
        "council_is_demo": bool(home and home.is_demo),
    }
