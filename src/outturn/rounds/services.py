"""Writes of the data round: opening it, entering, submitting, approving and publishing values.

Value states: draft → submitted → approved → published; submitted → returned → draft.
Each change locks the row, checks the state it starts from and the person's role, and
is recorded in the audit history, so the web form, the bulk import and scripts enforce
the same rules once.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from outturn.accounts import roles
from outturn.engine.collection import (
    EntryChecks,
    EntryError,
    check_entry,
    round_quarter_for,
    value_from_parts,
)
from outturn.engine.periods import Period, PeriodKind
from outturn.engine.values import Unit
from outturn.rounds.models import Round, RoundState
from outturn.rounds.notifications import notify_returned
from outturn.rounds.signals import outturn_approved, outturns_published
from outturn.scorecard.models import Indicator, Outturn, OutturnState
from outturn.scorecard.selectors import IndicatorHistory, indicator_histories
from outturn.scorecard.status import assess_histories

EDITABLE = (OutturnState.DRAFT, OutturnState.RETURNED)


class TransitionRefused(ValidationError):
    """A change the value's current state does not allow (someone else got there first)."""


def _record(obj: Any, by: User | None, reason: str) -> None:
    obj._change_reason = reason
    if by is not None:
        obj._history_user = by


# --- rounds -----------------------------------------------------------------------------


def _check_deadline(period: Period, deadline: date) -> None:
    if deadline <= period.end:
        raise ValidationError(
            {"deadline": f"The deadline must be after the quarter ends ({period.end:%-d %B %Y})."}
        )


@transaction.atomic
def round_open(*, period: Period, deadline: date, by: User) -> Round:
    """Open the collection of a quarter's outturns."""
    if not roles.is_performance_team(by):
        raise PermissionDenied("Only the performance team opens data rounds.")
    if period.kind is not PeriodKind.QUARTER:
        raise ValidationError({"period": f"{period} is not a quarter: rounds collect quarters."})
    _check_deadline(period, deadline)
    taken = ValidationError({"period": f"A round for {period} already exists."})
    if Round.objects.filter(period=period).exists():
        raise taken
    round_ = Round(period=period, deadline=deadline, opened_by=by, opened_at=timezone.now())
    _record(round_, by, "Round opened")
    try:
        with transaction.atomic():
            round_.save()
    except IntegrityError as error:  # opened at the same moment by someone else
        raise taken from error
    return round_


@transaction.atomic
def round_close(*, round_: Round, by: User) -> Round:
    if not roles.is_performance_team(by):
        raise PermissionDenied("Only the performance team closes data rounds.")
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.state != RoundState.OPEN:
        raise TransitionRefused(f"The {locked.period} round is already closed.")
    locked.state = RoundState.CLOSED
    locked.closed_at = timezone.now()
    _record(locked, by, "Round closed")
    locked.save(update_fields=["state", "closed_at"])
    return locked


@transaction.atomic
def round_reopen(*, round_: Round, by: User, deadline: date) -> Round:
    """Reopen a closed round, e.g. for late data with a lag; a new deadline is required."""
    if not roles.is_performance_team(by):
        raise PermissionDenied("Only the performance team reopens data rounds.")
    _check_deadline(round_.period, deadline)
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.state != RoundState.CLOSED:
        raise TransitionRefused(f"The {locked.period} round is already open.")
    locked.state = RoundState.OPEN
    locked.closed_at = None
    locked.deadline = deadline
    _record(locked, by, "Round reopened")
    locked.save(update_fields=["state", "closed_at", "deadline"])
    return locked


def open_round_for(period: Period) -> Round | None:
    """The open round that collects ``period`` (the round of the quarter it ends in)."""
    return Round.objects.filter(period=round_quarter_for(period), state=RoundState.OPEN).first()


# --- entry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """What a data owner typed for one indicator and period."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    secondary_value: Decimal | None = None
    note: str = ""
    explanation: str = ""


def resolved_value(indicator: Indicator, entry: Entry) -> Decimal | None:
    """The value to store: typed, or worked out from the numerator and denominator."""
    has_parts = entry.numerator is not None and entry.denominator is not None
    if not has_parts:
        return entry.value
    try:
        computed = value_from_parts(
            entry.numerator,  # type: ignore[arg-type]
            entry.denominator,  # type: ignore[arg-type]
            Unit(indicator.unit),
            indicator.decimals,
        )
    except EntryError as error:
        raise ValidationError({"denominator": str(error)}) from error
    if entry.value is not None and entry.value != computed:
        raise ValidationError(
            {
                "value": f"The value {entry.value} does not match {computed}, worked out "
                "from the numerator and denominator. Leave the value blank to use it."
            }
        )
    return computed


#: The figures a new value is judged against: those signed off by a head of service.
_CHECKED_AGAINST = (OutturnState.APPROVED, OutturnState.PUBLISHED)
#: Indicators whose histories are read in one go (well under SQLite's variable limit).
_HISTORY_BATCH = 5_000
#: Earlier values needed before process limits mean anything.
_SPC_POINTS = 6

_Limits = tuple[float | None, float | None]


def entry_checks(indicator: Indicator, period: Period, value: Decimal) -> EntryChecks:
    """Errors and warnings for a value, against the indicator's published history."""
    return entry_checks_many([(indicator, period, value)])[indicator.pk, period]


def entry_checks_many(
    items: Iterable[tuple[Indicator, Period, Decimal]],
    *,
    only_with_history: bool = False,
    indicators: Collection[Indicator] | None = None,
) -> dict[tuple[int, Period], EntryChecks]:
    """:func:`entry_checks` for many values at once, keyed by indicator id and period.

    The rule is the entry form's: the previous value is the latest approved or published
    one of the same kind of period before the period; with at least six of them the
    process limits are those of the latest SPC group. Histories are read once for all the
    indicators, and process limits worked out in one engine call per period.

    ``only_with_history`` leaves out the values with no earlier approved or published
    value, whose checks turn on the value alone: a bulk import finds impossible values
    across the whole file at once. ``indicators`` (all the items' indicators, when the
    caller has them) lets the histories be read first: then, if none of the indicators
    has any, ``items`` is never read, and an import of fresh indicators can pass its
    million rows as a generator that costs nothing.
    """
    if indicators is None:
        items = list(items)
        indicators = list({indicator.pk: indicator for indicator, _, _ in items}.values())
    series = _approved_series(list(indicators))
    if only_with_history and not series:
        return {}
    items = items if isinstance(items, list) else list(items)
    contexts = _entry_contexts(items, series)
    checks = {}
    for indicator, period, value in items:
        key = (indicator.pk, period)
        context = contexts.get(key)
        if context is None and only_with_history:
            continue
        previous, limits = context if context is not None else (None, None)
        checks[key] = check_entry(
            value, Unit(indicator.unit), previous=previous, process_limits=limits
        )
    return checks


def _approved_series(
    indicators: list[Indicator],
) -> dict[tuple[int, PeriodKind], tuple[IndicatorHistory, list[Outturn]]]:
    """Each indicator's approved and published outturns of each kind of period, in order.

    Only the indicators with any such outturn have their histories read: an import of
    thousands of new indicators costs one short query.
    """
    series: dict[tuple[int, PeriodKind], tuple[IndicatorHistory, list[Outturn]]] = {}
    for start in range(0, len(indicators), _HISTORY_BATCH):
        batch = {
            indicator.pk: indicator for indicator in indicators[start : start + _HISTORY_BATCH]
        }
        with_history = (
            Outturn.objects.filter(state__in=_CHECKED_AGAINST, indicator_id__in=list(batch))
            .order_by()
            .values_list("indicator_id", flat=True)
            .distinct()
        )
        read = [batch[pk] for pk in with_history]
        for history in indicator_histories(read, states=_CHECKED_AGAINST) if read else ():
            for outturn in history.outturns:
                key = (history.indicator.pk, outturn.period.kind)
                series.setdefault(key, (history, []))[1].append(outturn)
    return series


def _entry_contexts(
    items: list[tuple[Indicator, Period, Decimal]],
    series: dict[tuple[int, PeriodKind], tuple[IndicatorHistory, list[Outturn]]],
) -> dict[tuple[int, Period], tuple[Decimal | None, _Limits | None]]:
    """The previous value and process limits of each item that has an earlier value."""
    earlier_by_period: dict[Period, dict[int, tuple[IndicatorHistory, list[Outturn]]]] = {}
    for indicator, period, _ in items:
        found = series.get((indicator.pk, period.kind))
        if found is None:
            continue
        history, outturns = found
        earlier = outturns[: bisect_left(outturns, period, key=lambda o: o.period)]
        if earlier:
            earlier_by_period.setdefault(period, {})[indicator.pk] = (history, earlier)
    contexts: dict[tuple[int, Period], tuple[Decimal | None, _Limits | None]] = {}
    for period, histories in earlier_by_period.items():
        charted = [
            replace(history, outturns=earlier)
            for history, earlier in histories.values()
            if len(earlier) >= _SPC_POINTS
        ]
        statuses = assess_histories(charted) if charted else {}
        for pk, (history, earlier) in histories.items():
            limits = None
            status = statuses.get(history.indicator.code)
            if status is not None and status.spc is not None and status.spc.groups:
                group = status.spc.groups[-1]
                limits = (group.lpl, group.upl)
            contexts[pk, period] = (earlier[-1].value, limits)
    return contexts


def _check_round(indicator: Indicator, period: Period) -> None:
    from outturn.scorecard.models import Frequency

    year = period.financial_year()
    if indicator.active_from > year or (
        indicator.active_to is not None and indicator.active_to < year
    ):
        raise ValidationError(
            {"period": f"{indicator.code} is not on the scorecard in {year}: it takes no values."}
        )
    if period.kind is not Frequency(indicator.frequency).period_kind:
        raise ValidationError(
            {
                "period": f"{indicator.code} is {indicator.get_frequency_display().lower()}: "
                f"{period} is the wrong kind of period."
            }
        )
    if open_round_for(period) is None:
        raise ValidationError(
            {"period": f"No data round is open for {period}: ask the performance team."}
        )


@transaction.atomic
def outturn_save(
    *,
    indicator: Indicator,
    period: Period,
    entry: Entry,
    by: User,
    submit: bool = False,
) -> Outturn:
    """Save a value as a draft, or submit it for approval.

    Impossible values are refused; unusual ones (outside the process limits, a sharp
    move) need an explanation before they can be submitted.
    """
    if not roles.may_enter(by, indicator):
        raise PermissionDenied(f"You do not enter values for {indicator.code}.")
    _check_round(indicator, period)
    value = resolved_value(indicator, entry)
    if submit and value is None:
        raise ValidationError({"value": "Enter a value before submitting it."})
    if value is not None:
        checks = entry_checks(indicator, period, value)
        if checks.errors:
            raise ValidationError({"value": checks.errors})
        if submit and checks.warnings and not entry.explanation.strip():
            raise ValidationError({"explanation": checks.warnings})
    outturn = Outturn.objects.select_for_update().filter(indicator=indicator, period=period).first()
    if outturn is None:
        outturn = Outturn(indicator=indicator, period=period)
    elif outturn.state not in EDITABLE:
        raise TransitionRefused(
            f"{indicator.code} {period} is {outturn.get_state_display().lower()}: it can no "
            "longer be changed here."
        )
    outturn.value = value
    outturn.numerator = entry.numerator
    outturn.denominator = entry.denominator
    outturn.secondary_value = entry.secondary_value
    outturn.note = entry.note.strip()
    outturn.explanation = entry.explanation.strip()
    outturn.state = OutturnState.SUBMITTED if submit else OutturnState.DRAFT
    outturn.entered_by = by
    outturn.entered_at = timezone.now()
    _record(outturn, by, "Submitted" if submit else "Saved as draft")
    try:
        with transaction.atomic():
            outturn.save()
    except IntegrityError as error:
        # Two first saves at once (a double-clicked submit): the other one won.
        raise TransitionRefused(
            f"{indicator.code} {period} was saved by someone else at the same moment: "
            "reload the page to see it."
        ) from error
    return outturn


def _transition(outturn: Outturn, *, allowed_from: Iterable[str], to: str, verb: str) -> Outturn:
    locked = (
        Outturn.objects.select_for_update()
        .select_related("indicator__service_unit", "indicator__directorate")
        .get(pk=outturn.pk)
    )
    if locked.state not in allowed_from:
        raise TransitionRefused(
            f"{locked.indicator.code} {locked.period} is "
            f"{locked.get_state_display().lower()}, so it cannot be {verb}."
        )
    locked.state = to
    return locked


@transaction.atomic
def outturn_submit(*, outturn: Outturn, by: User) -> Outturn:
    """Submit a saved draft as it stands (the list page's "submit" button)."""
    entry = Entry(
        value=outturn.value,
        numerator=outturn.numerator,
        denominator=outturn.denominator,
        secondary_value=outturn.secondary_value,
        note=outturn.note,
        explanation=outturn.explanation,
    )
    return outturn_save(
        indicator=outturn.indicator, period=outturn.period, entry=entry, by=by, submit=True
    )


@transaction.atomic
def outturn_approve(*, outturn: Outturn, by: User) -> Outturn:
    """The head of service signs off a submitted value and its commentary."""
    if not roles.may_approve(by, outturn.indicator):
        raise PermissionDenied(f"You do not approve values for {outturn.indicator.code}.")
    locked = _transition(
        outturn, allowed_from=[OutturnState.SUBMITTED], to=OutturnState.APPROVED, verb="approved"
    )
    if locked.entered_by_id == by.pk:
        raise PermissionDenied("You entered this value: another approver must sign it off.")
    locked.approved_by = by
    locked.approved_at = timezone.now()
    locked.review_comment = ""
    _record(locked, by, "Approved")
    locked.save(update_fields=["state", "approved_by", "approved_at", "review_comment"])
    outturn_approved.send(sender=Outturn, outturn=locked, by=by)
    return locked


@transaction.atomic
def outturn_return(*, outturn: Outturn, comment: str, by: User) -> Outturn:
    """Send a submitted value back to its data owner with a comment saying what to fix."""
    if not roles.may_approve(by, outturn.indicator):
        raise PermissionDenied(f"You do not approve values for {outturn.indicator.code}.")
    if not comment.strip():
        raise ValidationError({"comment": "Enter a comment saying what needs to change."})
    locked = _transition(
        outturn, allowed_from=[OutturnState.SUBMITTED], to=OutturnState.RETURNED, verb="returned"
    )
    locked.review_comment = comment.strip()
    _record(locked, by, f"Returned: {locked.review_comment}")
    locked.save(update_fields=["state", "review_comment"])
    transaction.on_commit(lambda: notify_returned(locked, by))
    return locked


@transaction.atomic
def outturns_publish(*, outturns: Iterable[Outturn], by: User) -> list[Outturn]:
    """Publish approved values: councillors see them, and the public if the indicator is public.

    All or nothing: if any value is not approved (any more), none is published.
    """
    if not roles.may_publish(by):
        raise PermissionDenied("Only the performance team publishes values.")
    ids = [o.pk for o in outturns]
    locked = list(
        Outturn.objects.select_for_update().filter(pk__in=ids).select_related("indicator")
    )
    not_ready = [o for o in locked if o.state != OutturnState.APPROVED]
    if not_ready or len(locked) != len(set(ids)):
        names = ", ".join(f"{o.indicator.code} {o.period}" for o in not_ready)
        raise TransitionRefused(f"Only approved values can be published; not approved: {names}")
    now = timezone.now()
    for outturn in locked:
        outturn.state = OutturnState.PUBLISHED
        outturn.published_at = now
        _record(outturn, by, "Published")
        outturn.save(update_fields=["state", "published_at"])
    outturns_published.send(sender=Outturn, outturns=locked, by=by)
    return locked
