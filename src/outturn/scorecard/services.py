"""Writes to the scorecard. Every state change goes through here, in a transaction."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from outturn.scorecard.models import Outturn, OutturnState, Restatement


@transaction.atomic
def outturn_restate(
    *,
    outturn: Outturn,
    value: Decimal,
    reason: str,
    by: User | None,
    note: str | None = None,
) -> Restatement:
    """Correct a published outturn, keeping what it was and why it changed.

    A published figure may already be in a Cabinet paper, so it is never edited in place:
    the restatement is listed in the next report.
    """
    if by is not None and not (
        by.is_superuser or by.groups.filter(name="Performance team").exists()
    ):
        # The role names live in accounts, above this layer; the group is the role.
        raise PermissionDenied("Only the performance team restates published values.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for restating a published value."})
    locked = Outturn.objects.select_for_update().get(pk=outturn.pk)
    if locked.state != OutturnState.PUBLISHED:
        raise ValidationError(
            f"{locked.indicator.code} {locked.period} is {locked.get_state_display().lower()}, "
            "not published: change it through the data round instead."
        )
    restatement = Restatement.objects.create(
        outturn=locked,
        previous_value=locked.value,
        new_value=value,
        previous_note=locked.note,
        new_note=locked.note if note is None else note,
        reason=reason.strip(),
        restated_by=by,
        restated_at=timezone.now(),
    )
    locked.value = value
    locked.note = restatement.new_note
    locked._change_reason = f"Restated: {restatement.reason}"[:100]  # type: ignore[attr-defined]
    if by is not None:
        locked._history_user = by  # type: ignore[attr-defined]
    locked.save(update_fields=["value", "note"])
    return restatement
