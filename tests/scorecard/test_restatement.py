"""A published value changes only through a recorded restatement."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from outturn.scorecard.models import Outturn, OutturnState, Restatement
from outturn.scorecard.services import outturn_restate
from tests import factories


@pytest.fixture
def published() -> Outturn:
    indicator = factories.indicator()
    return factories.outturn(
        indicator,
        "2025/26 Q2",
        "65.9",
        state=OutturnState.PUBLISHED,
        published_at=timezone.now(),
        note="As reported to Cabinet.",
    )


@pytest.mark.django_db
def test_restating_keeps_the_old_value_reason_and_history(published: Outturn) -> None:
    officer = factories.user("performance", is_superuser=True)

    restatement = outturn_restate(
        outturn=published, value=Decimal("66.1"), reason="Late returns added", by=officer
    )

    published.refresh_from_db()
    assert published.value == Decimal("66.1")
    assert restatement.previous_value == Decimal("65.9")
    assert restatement.new_value == Decimal("66.1")
    assert restatement.restated_by == officer
    latest = published.history.latest()
    assert latest.history_change_reason == "Restated: Late returns added"
    assert published.history.earliest().value == Decimal("65.9")


@pytest.mark.django_db
def test_restating_needs_a_reason(published: Outturn) -> None:
    with pytest.raises(ValidationError, match="reason"):
        outturn_restate(outturn=published, value=Decimal(1), reason="  ", by=None)
    published.refresh_from_db()
    assert published.value == Decimal("65.9")
    assert not Restatement.objects.exists()


@pytest.mark.django_db
def test_only_published_values_are_restated() -> None:
    draft = factories.outturn(factories.indicator(), "2026/27 Q1", "10")
    with pytest.raises(ValidationError, match="not published"):
        outturn_restate(outturn=draft, value=Decimal(11), reason="typo", by=None)


@pytest.mark.django_db
def test_only_the_performance_team_restates() -> None:
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    indicator = factories.indicator()
    published = factories.outturn(
        indicator, "2025/26 Q1", "10", state=OutturnState.PUBLISHED, published_at=timezone.now()
    )
    with pytest.raises(PermissionDenied):
        outturn_restate(outturn=published, value=Decimal(11), reason="typo", by=factories.user())
