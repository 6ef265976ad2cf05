"""A council of many monthly indicators for the killed-import test, and its file.

Kept apart from the test so that a separate process (the SQLite case) can seed its own
database with exactly what the test process seeds on PostgreSQL.
"""

from __future__ import annotations

import pathlib
from datetime import date

from django.contrib.auth.models import Group, User
from django.utils import timezone

from outturn.accounts.roles import Role
from outturn.engine.periods import parse_period
from outturn.rounds.models import Round
from outturn.scorecard import models

OWNER = "kim"
PERIOD = "April 2026"


def seed(count: int) -> None:
    """``count`` monthly indicators owned by ``kim``, and the 2026/27 Q1 round open."""
    owner = User.objects.create_user(OWNER, password="killed-import-test")
    owner.groups.add(Group.objects.get_or_create(name=Role.DATA_OWNER.value)[0])
    directorate = models.Directorate.objects.create(code="KD", name="Killing directorate")
    unit = models.ServiceUnit.objects.create(
        code="KS", name="Killing service", directorate=directorate
    )
    priority = models.CorporatePriority.objects.create(code="KP", name="Killing priority")
    models.Indicator.objects.bulk_create(
        [
            models.Indicator(
                code=f"K{number:06d}",
                title=f"Measure {number}",
                polarity=models.Polarity.UP,
                unit="number",
                frequency=models.Frequency.MONTHLY,
                directorate=directorate,
                service_unit=unit,
                priority=priority,
                data_owner=owner,
                active_from=parse_period("2019/20"),
            )
            for number in range(count)
        ],
        batch_size=5_000,
    )
    Round.objects.create(
        period=parse_period("2026/27 Q1"), deadline=date(2026, 7, 31), opened_at=timezone.now()
    )


def write_file(path: pathlib.Path, count: int, *, bad_row: bool = False) -> pathlib.Path:
    """One row per indicator for April 2026; ``bad_row`` spoils the last one."""
    lines = ["indicator_code,indicator_title,period,value,note"]
    lines += [f"K{n:06d},Measure {n},{PERIOD},{n % 997}.5,Imported in bulk" for n in range(count)]
    if bad_row:
        lines[-1] = lines[-1].replace(f"{(count - 1) % 997}.5", "about ten")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
