"""Background work of report packs: building a version off the request."""

from __future__ import annotations

from django_tasks import task

from outturn.reports.services import pack_version_build


@task()
def build_pack_version(version_id: int) -> int:
    """Build a queued pack version (every format); returns the version's number."""
    return pack_version_build(version_id=version_id).number
