"""A small council for import tests: a data owner, the performance team, an open round."""

from __future__ import annotations

import csv
import io
import pathlib
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from openpyxl import Workbook

from outturn.accounts.roles import Role
from outturn.engine.periods import parse_period
from outturn.rounds.models import Round
from outturn.scorecard.models import Frequency, Indicator
from outturn.transfer.cells import neutralise
from outturn.transfer.outturns.columns import COLUMNS
from tests import factories

HEADER = list(COLUMNS)
Rows = Sequence[Sequence[object]]


@pytest.fixture(autouse=True)
def _quick_passwords(settings: Any) -> None:
    """Test users need no slow password hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def person(username: str, role: Role) -> User:
    user = factories.user(username)
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    return user  # type: ignore[return-value]


@pytest.fixture
def owner(db: None) -> User:
    return person("olive", Role.DATA_OWNER)


@pytest.fixture
def someone_else(db: None) -> User:
    return person("oscar", Role.DATA_OWNER)


@pytest.fixture
def team(db: None) -> User:
    return person("petra", Role.PERFORMANCE_TEAM)


@pytest.fixture
def round_q1(db: None) -> Round:
    return open_round_q1()


def open_round_q1() -> Round:
    return Round.objects.create(
        period=parse_period("2026/27 Q1"), deadline=date(2026, 7, 31), opened_at=timezone.now()
    )


@pytest.fixture
def indicators(owner: User, someone_else: User) -> dict[str, Indicator]:
    return make_indicators(owner, someone_else)


def make_indicators(owner: User, someone_else: User) -> dict[str, Indicator]:
    """Three of the owner's indicators (a percentage, a monthly count, a rate worked out
    from a numerator and denominator) and one of someone else's."""
    return {
        "PCT1": factories.indicator(
            code="PCT1", title="Increase the share on time", unit="percentage", data_owner=owner
        ),
        "CNT1": factories.indicator(
            code="CNT1",
            title="Increase visits",
            unit="number",
            frequency=Frequency.MONTHLY,
            data_owner=owner,
        ),
        "RATE1": factories.indicator(
            code="RATE1",
            title="Reduce the rate of referrals",
            unit="rate_per_10000",
            decimals=1,
            numerator_label="Referrals",
            denominator_label="Children",
            data_owner=owner,
        ),
        "OTH1": factories.indicator(
            code="OTH1", title="Someone else's measure", unit="number", data_owner=someone_else
        ),
    }


def csv_bytes(rows: Rows, header: Sequence[str] = HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: Rows, header: Sequence[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Outturns"
    sheet.append(list(header))
    for row in rows:
        # As the template does: text that would be a formula keeps a leading apostrophe.
        sheet.append([neutralise(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def write_file(tmp_path: pathlib.Path) -> Callable[..., pathlib.Path]:
    """Write rows (after the template's header) to a .csv or .xlsx file."""

    def write(
        rows: Rows, *, name: str = "outturns.csv", header: Sequence[str] = HEADER
    ) -> pathlib.Path:
        path = tmp_path / name
        path.write_bytes(
            xlsx_bytes(rows, header) if name.endswith(".xlsx") else csv_bytes(rows, header)
        )
        return path

    return write


def good_rows() -> list[list[object]]:
    """A clean file for the 2026/27 Q1 round, as the owner would fill in the template."""
    return [
        ["PCT1", "Increase the share on time", "2026/27 Q1", "83.5%", None, None, None, "Up again"],
        ["CNT1", "Increase visits", "April 2026", "1,428", None, None, None, ""],
        ["CNT1", "Increase visits", "May 2026", "1500", None, None, "12", "=SUM(A1)"],
        ["RATE1", "Reduce the rate", "2026/27 Q1", None, "31", "26250", None, "Stable"],
    ]
