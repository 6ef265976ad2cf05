"""Small factories for tests: a council's register with sensible defaults."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

from outturn.engine.periods import parse_period
from outturn.scorecard import models

_numbers = itertools.count(1)


def _next() -> int:
    return next(_numbers)


def user(username: str | None = None, **fields: Any) -> AbstractUser:
    name = username or f"user{_next()}"
    return get_user_model().objects.create_user(  # type: ignore[no-any-return]
        username=name, password="test-password", email=f"{name}@example.org", **fields
    )


def directorate(**fields: Any) -> models.Directorate:
    n = _next()
    return models.Directorate.objects.create(
        **{"code": f"D{n}", "name": f"Directorate {n}", **fields}
    )


def service_unit(**fields: Any) -> models.ServiceUnit:
    n = _next()
    if "directorate" not in fields:
        fields["directorate"] = directorate()
    return models.ServiceUnit.objects.create(
        **{"code": f"SU{n}", "name": f"Service unit {n}", **fields}
    )


def priority(**fields: Any) -> models.CorporatePriority:
    n = _next()
    return models.CorporatePriority.objects.create(
        **{"code": f"P{n}", "name": f"Priority {n}", **fields}
    )


def indicator(**fields: Any) -> models.Indicator:
    n = _next()
    if "service_unit" not in fields:
        fields["service_unit"] = service_unit(
            **({"directorate": fields["directorate"]} if "directorate" in fields else {})
        )
    fields.setdefault("directorate", fields["service_unit"].directorate)
    if "priority" not in fields:
        fields["priority"] = priority()
    defaults: dict[str, Any] = {
        "code": f"I{n}",
        "title": f"Improve measure {n}",
        "polarity": models.Polarity.UP,
        "unit": "percentage",
        "frequency": models.Frequency.QUARTERLY,
        "active_from": parse_period("2019/20"),
    }
    return models.Indicator.objects.create(**{**defaults, **fields})


def outturn(
    indicator_: models.Indicator, period: str, value: str | Decimal, **fields: Any
) -> models.Outturn:
    return models.Outturn.objects.create(
        indicator=indicator_, period=parse_period(period), value=Decimal(value), **fields
    )
