"""Helpers for the data round tests: entering, submitting and approving in one line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractUser, Group, User

from outturn.accounts.roles import Role
from outturn.engine.periods import Period, parse_period
from outturn.rounds.services import Entry, outturn_approve, outturn_save
from outturn.scorecard.models import Indicator, Outturn

Q2 = parse_period("2025/26 Q2")
Q2_DEADLINE = date(2025, 10, 31)


def with_role(user: AbstractUser, role: Role) -> AbstractUser:
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    return user


def save(
    indicator: Indicator,
    text: str | None,
    by: User,
    *,
    period: Period = Q2,
    submit: bool = False,
    **fields: Any,
) -> Outturn:
    """The service, as the entry form calls it, with the value typed as text."""
    entry = Entry(value=None if text is None else Decimal(text), **fields)
    return outturn_save(indicator=indicator, period=period, entry=entry, by=by, submit=submit)


def submitted(indicator: Indicator, text: str = "64.2", **fields: Any) -> Outturn:
    """A value submitted by the indicator's data owner."""
    assert indicator.data_owner is not None
    return save(indicator, text, indicator.data_owner, submit=True, **fields)


def approved(indicator: Indicator, text: str = "64.2", **fields: Any) -> Outturn:
    """A value submitted by the data owner and approved by the head of the service."""
    head = indicator.service_unit.head
    assert head is not None
    return outturn_approve(outturn=submitted(indicator, text, **fields), by=head)
