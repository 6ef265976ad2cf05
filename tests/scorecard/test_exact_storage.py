"""Typed values come back from the database exactly, on SQLite and on PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest

from outturn.engine.periods import parse_period
from outturn.scorecard.models import Outturn, Target
from tests import factories

EXACT = [
    "98765432.123456789",
    "0.000001",
    "-0.5",
    "1428",
    "22.54",
    "12345678901234567890.123456789",
]


@pytest.mark.django_db
@pytest.mark.parametrize("typed", EXACT)
def test_outturn_values_survive_storage_exactly(typed: str) -> None:
    indicator = factories.indicator()
    factories.outturn(indicator, "2025/26 Q2", typed, numerator=Decimal(typed))

    stored = Outturn.objects.get(indicator=indicator)

    assert stored.value == Decimal(typed)
    assert str(stored.value) == typed
    assert stored.numerator == Decimal(typed)


@pytest.mark.django_db
def test_exact_values_can_be_filtered_on() -> None:
    indicator = factories.indicator()
    factories.outturn(indicator, "2025/26 Q1", "0.000001")
    factories.outturn(indicator, "2025/26 Q2", "98765432.123456789")

    found = Outturn.objects.get(value=Decimal("98765432.123456789"))

    assert found.period == parse_period("2025/26 Q2")


@pytest.mark.django_db
def test_periods_are_stored_in_canonical_form_and_come_back_as_periods() -> None:
    indicator = factories.indicator()
    Outturn.objects.create(indicator=indicator, period="Q2 2025-26", value=Decimal(1))

    stored = Outturn.objects.get(indicator=indicator)

    assert stored.period == parse_period("2025/26 Q2")
    assert Outturn.objects.filter(period="2025/26 Q2").count() == 1
    assert Outturn.objects.filter(period=parse_period("Q2 2025/26")).count() == 1


@pytest.mark.django_db
def test_upside_down_band_is_refused_by_the_database() -> None:
    from django.db import IntegrityError, transaction

    indicator = factories.indicator()
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(
            indicator=indicator,
            period=parse_period("2025/26"),
            kind="band",
            band_low=Decimal("90"),
            band_high=Decimal("80"),
        )
    Target.objects.create(
        indicator=indicator,
        period=parse_period("2025/26"),
        kind="band",
        band_low=Decimal("80"),
        band_high=Decimal("90"),
    )
