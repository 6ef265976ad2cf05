"""Target setting's use cases: open a year, propose, agree or return, lock.

Every change runs in one transaction, re-reads its row under ``select_for_update`` and
checks the state it expects, so two approvers pressing "Agree" together make one
transition. Locking is the only step that touches the scorecard, and it writes only the
planning year's own periods: earlier years keep the targets they were rated against.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from outturn.engine.periods import Period, PeriodKind
from outturn.engine.targets import tolerance_in_force
from outturn.engine.values import Unit, check_plausible, format_value
from outturn.planning.models import (
    OUTSTANDING_STATES,
    PlanningYear,
    ProposalState,
    ProposedPeriodTarget,
    TargetProposal,
    YearState,
)
from outturn.planning.periods import TargetPlan, target_plan
from outturn.planning.rules import may_agree_target, may_propose_target, may_run_target_setting
from outturn.scorecard.models import (
    Benchmark,
    Indicator,
    Target,
    TargetKind,
    Tolerance,
    ToleranceKind,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# How far back opening a year looks for targets to carry forward.
CARRY_BACK_YEARS = 3


@dataclass(frozen=True)
class ProposalContent:
    """What an owner proposes for one indicator's year, as typed (already parsed)."""

    kind: str
    value: Decimal | None = None
    band_low: Decimal | None = None
    band_high: Decimal | None = None
    basis: str = ""
    benchmark: Benchmark | None = None
    profile: Mapping[Period, Decimal] = field(default_factory=dict)
    tolerance_kind: str = ""
    tolerance_value: Decimal | None = None
    rationale: str = ""


@dataclass(frozen=True)
class LockResult:
    locked: int
    skipped: tuple[str, ...]
    targets_written: int
    tolerances_written: int


def _today() -> date:
    """The council's date today (a seam for tests that must not age)."""
    return timezone.localdate()


def _stamp(obj: Any, by: User, reason: str) -> None:
    """Who and why, for the audit history (the request middleware is not always there)."""
    obj._history_user = by
    obj._change_reason = reason


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- opening a year ------------------------------------------------------------------


@transaction.atomic
def planning_year_open(*, period: Period, by: User) -> PlanningYear:
    """Open ``period`` for target setting and carry the active register forward."""
    _refuse_unless(
        may_run_target_setting(by), "Only the performance team opens a year for target setting."
    )
    if period.kind != PeriodKind.FINANCIAL_YEAR:
        raise ValidationError(
            {"period": f"{period} is not a financial year. Enter a year such as 2027/28."}
        )
    if period.end < _today():
        raise ValidationError(
            {
                "period": f"{period} has ended. Its targets rated its outturns, "
                "so they cannot be set again."
            }
        )
    if PlanningYear.objects.filter(period=period).exists():
        raise ValidationError({"period": f"Target setting for {period} is already open."})
    year = PlanningYear(period=period, opened_by=by, opened_at=timezone.now())
    _stamp(year, by, "Opened for target setting")
    try:
        with transaction.atomic():
            year.save()
    except IntegrityError:
        raise ValidationError({"period": f"Target setting for {period} is already open."}) from None
    _carry_forward(year, by)
    return year


@transaction.atomic
def planning_year_add_indicators(*, year: PlanningYear, by: User) -> int:
    """Add proposals for indicators that joined the register after the year was opened."""
    _refuse_unless(may_run_target_setting(by), "Only the performance team adds indicators.")
    locked = PlanningYear.objects.select_for_update().get(pk=year.pk)
    if locked.state != YearState.OPEN:
        raise ValidationError(f"{locked.period} targets are locked.")
    return len(_carry_forward(locked, by))


def carried_indicators(year: Period) -> list[Indicator]:
    """Indicators on the register in ``year``: active then, and not retired before it."""
    indicators = Indicator.objects.select_related("service_unit", "directorate")
    return [indicator for indicator in indicators if indicator.is_active_in(year)]


def _carry_forward(year: PlanningYear, by: User) -> list[TargetProposal]:
    have = set(TargetProposal.objects.filter(year=year).values_list("indicator_id", flat=True))
    indicators = [i for i in carried_indicators(year.period) if i.pk not in have]
    plans = {
        indicator.pk: [
            target_plan(indicator, _years_before(year.period, back))
            for back in range(CARRY_BACK_YEARS)
        ]
        for indicator in indicators
    }
    keys = {str(p) for plan_list in plans.values() for plan in plan_list for p in plan.periods}
    targets: dict[tuple[int, Period], Target] = {
        (t.indicator_id, t.period): t
        for t in Target.objects.filter(indicator__in=indicators, period__in=keys)
    }
    tolerances: dict[int, list[tuple[Period, Tolerance]]] = {}
    for tolerance in Tolerance.objects.filter(indicator__in=indicators):
        tolerances.setdefault(tolerance.indicator_id, []).append(
            (tolerance.applies_from, tolerance)
        )

    proposals: list[TargetProposal] = []
    profiles: list[tuple[int, dict[Period, Decimal]]] = []
    for indicator in indicators:
        proposal, profile = _prefilled(
            indicator,
            year,
            plans[indicator.pk],
            {p: t for (pk, p), t in targets.items() if pk == indicator.pk},
            tolerances.get(indicator.pk, []),
        )
        proposals.append(proposal)
        profiles.append((len(proposals) - 1, profile))
    created = bulk_create_with_history(
        proposals,
        TargetProposal,
        default_user=by,
        default_change_reason="Carried forward when the year opened",
    )
    rows = [
        ProposedPeriodTarget(proposal=created[index], period=period, value=value)
        for index, profile in profiles
        for period, value in profile.items()
    ]
    bulk_create_with_history(
        rows, ProposedPeriodTarget, default_user=by, default_change_reason="Carried forward"
    )
    return created


def _years_before(year: Period, back: int) -> Period:
    for _ in range(back):
        year = year.previous()
    return year


def _prefilled(
    indicator: Indicator,
    year: PlanningYear,
    plans: list[TargetPlan],
    targets: Mapping[Period, Target],
    tolerances: Iterable[tuple[Period, Tolerance]],
) -> tuple[TargetProposal, dict[Period, Decimal]]:
    """A draft holding the indicator's current targets: this year's if set, else the latest.

    A profile is carried only when it says something the annual target does not (a
    cumulative indicator's year-to-date steps, a seasonal pattern): a profile equal to the
    annual target in every period rates exactly as the annual target alone.
    """
    plan = plans[0]
    proposal = TargetProposal(year=year, indicator=indicator, kind=TargetKind.NONE)
    tolerance = tolerance_in_force(plan.main, tolerances)
    if tolerance is not None:
        proposal.tolerance_kind = tolerance.kind
        proposal.tolerance_value = tolerance.value
    profile: dict[Period, Decimal] = {}
    for source in plans:
        found = [targets[p] for p in source.periods if p in targets]
        if not found:
            continue
        annual = targets.get(source.main) or max(found, key=lambda t: t.period)
        proposal.carried_from = source.year
        proposal.kind = annual.kind
        proposal.value, proposal.band_low, proposal.band_high = (
            annual.value,
            annual.band_low,
            annual.band_high,
        )
        proposal.basis = annual.basis
        proposal.benchmark_id = annual.benchmark_id
        if annual.kind == TargetKind.VALUE:
            steps = {
                new: targets[old].value
                for old, new in zip(source.profile_periods, plan.profile_periods, strict=False)
                if old in targets
                and targets[old].kind == TargetKind.VALUE
                and targets[old].value is not None
            }
            if any(value != annual.value for value in steps.values()):
                profile = {period: value for period, value in steps.items() if value is not None}
        break
    return proposal, profile


# --- proposing ------------------------------------------------------------------------


def _locked_proposal(proposal: TargetProposal) -> TargetProposal:
    """The proposal re-read under a row lock, with its indicator and an open year."""
    locked = TargetProposal.objects.select_for_update().get(pk=proposal.pk)
    locked.indicator = Indicator.objects.select_related("service_unit", "directorate").get(
        pk=locked.indicator_id
    )
    locked.year = PlanningYear.objects.get(pk=locked.year_id)
    if locked.year.state != YearState.OPEN:
        raise ValidationError(
            f"{locked.year.period} targets are locked: they can no longer be changed here."
        )
    return locked


def _state_text(proposal: TargetProposal) -> str:
    return f"{proposal.indicator.code}'s {proposal.year.period} target is " + (
        proposal.get_state_display().lower()
    )


def _plausibility(value: Decimal, unit: Unit, what: str) -> list[str]:
    return [f"{what}: {message}" for message in check_plausible(value, unit)]


def proposal_errors(
    content: ProposalContent, indicator: Indicator, plan: TargetPlan, *, submitting: bool
) -> dict[str, list[str]]:
    """Every problem with ``content``, by field; empty when it may be saved."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    unit = Unit(indicator.unit)
    if content.kind not in TargetKind.values:
        add("kind", "Select what kind of target to set.")
    if content.kind == TargetKind.VALUE:
        if content.value is None:
            add("value", "Enter the target value.")
        else:
            for message in _plausibility(content.value, unit, "Target"):
                add("value", message)
    if content.kind == TargetKind.BAND:
        if content.band_low is None:
            add("band_low", "Enter the lowest value of the band.")
        if content.band_high is None:
            add("band_high", "Enter the highest value of the band.")
        if (
            content.band_low is not None
            and content.band_high is not None
            and content.band_low > content.band_high
        ):
            add("band_high", "The highest value of the band must not be below the lowest.")
        for name, edge in (("band_low", content.band_low), ("band_high", content.band_high)):
            if edge is not None:
                for message in _plausibility(edge, unit, "Band"):
                    add(name, message)
    if len(content.basis) > 200:
        add("basis", "The basis must be 200 characters or fewer.")
    if content.benchmark is not None and content.benchmark.indicator_id != indicator.pk:
        add("benchmark", "Select one of this indicator's benchmarks.")
    if content.profile:
        if content.kind != TargetKind.VALUE:
            add(
                "profile",
                f"A {plan.profile_noun} profile divides a target value: choose 'A value to "
                "meet' or clear the profile.",
            )
        for period, value in content.profile.items():
            if period not in plan.profile_periods:
                add("profile", f"{period} is not a {plan.profile_noun or 'period'} of {plan.year}.")
            else:
                for message in _plausibility(value, unit, str(period)):
                    add("profile", message)
    if content.tolerance_kind and content.tolerance_kind not in ToleranceKind.values:
        add("tolerance_kind", "Select how the tolerance is measured.")
    if content.tolerance_kind and content.tolerance_value is None:
        add("tolerance_value", "Enter the tolerance, or choose no tolerance.")
    if not content.tolerance_kind and content.tolerance_value is not None:
        add("tolerance_kind", "Select how the tolerance is measured, or clear the tolerance.")
    if content.tolerance_value is not None and content.tolerance_value < 0:
        add("tolerance_value", "The tolerance must be zero or more.")
    if submitting and not content.rationale.strip():
        add("rationale", f"Enter why this target is right for {plan.year}.")
    return errors


_CONTENT_FIELDS = [
    "kind",
    "value",
    "band_low",
    "band_high",
    "basis",
    "benchmark",
    "tolerance_kind",
    "tolerance_value",
    "rationale",
]


@transaction.atomic
def target_proposal_save(
    *,
    proposal: TargetProposal,
    content: ProposalContent,
    by: User,
    expected_version: int | None = None,
    submit: bool = False,
) -> TargetProposal:
    """Save the owner's proposal; with ``submit``, send it to the head of service to agree."""
    locked = _locked_proposal(proposal)
    _refuse_unless(
        may_propose_target(by, locked.indicator),
        f"Only the data owner or responsible officer of {locked.indicator.code} proposes "
        "its targets.",
    )
    if not locked.is_editable:
        raise ValidationError(f"{_state_text(locked)}, so it cannot be changed.")
    if expected_version is not None and expected_version != locked.version:
        raise ValidationError(
            "Someone else changed this proposal while you were editing it. "
            "Your changes have not been saved: open it again to see theirs."
        )
    plan = target_plan(locked.indicator, locked.year.period)
    errors = proposal_errors(content, locked.indicator, plan, submitting=submit)
    if errors:
        raise ValidationError(errors)
    locked.kind = content.kind
    is_value, is_band = content.kind == TargetKind.VALUE, content.kind == TargetKind.BAND
    locked.value = content.value if is_value else None
    locked.band_low = content.band_low if is_band else None
    locked.band_high = content.band_high if is_band else None
    locked.basis = content.basis.strip()
    locked.benchmark = content.benchmark
    locked.tolerance_kind = content.tolerance_kind
    locked.tolerance_value = content.tolerance_value if content.tolerance_kind else None
    locked.rationale = content.rationale.strip()
    locked.version += 1
    fields = [*_CONTENT_FIELDS, "version"]
    if submit:
        locked.state = ProposalState.PROPOSED
        locked.proposed_by = by
        locked.proposed_at = timezone.now()
        fields += ["state", "proposed_by", "proposed_at"]
    _stamp(locked, by, "Proposed" if submit else "Saved")
    locked.save(update_fields=fields)
    _replace_profile(locked, dict(content.profile) if is_value else {}, by)
    return locked


def _replace_profile(proposal: TargetProposal, profile: Mapping[Period, Decimal], by: User) -> None:
    remaining = dict(profile)
    for row in ProposedPeriodTarget.objects.filter(proposal=proposal):
        value = remaining.pop(row.period, None)
        if value is None:
            _stamp(row, by, "Profile cleared")
            row.delete()
        elif value != row.value:
            row.value = value
            _stamp(row, by, "Profile changed")
            row.save(update_fields=["value"])
    for period, value in remaining.items():
        row = ProposedPeriodTarget(proposal=proposal, period=period, value=value)
        _stamp(row, by, "Profile set")
        row.save()


# --- agreeing -------------------------------------------------------------------------


@transaction.atomic
def target_proposal_agree(*, proposal: TargetProposal, by: User) -> TargetProposal:
    """The head of service agrees a proposed target; it waits for the year's lock."""
    locked = _locked_proposal(proposal)
    _refuse_unless(
        may_agree_target(by, locked.indicator),
        f"Only the head of {locked.indicator.service_unit.name} (or the deputy) agrees "
        f"{locked.indicator.code}'s targets.",
    )
    if locked.state != ProposalState.PROPOSED:
        raise ValidationError(f"{_state_text(locked)}: only a proposed target can be agreed.")
    if locked.proposed_by_id is not None and locked.proposed_by_id == by.pk:
        raise ValidationError(
            "You proposed this target, so someone else must agree it: the head of service "
            "or the deputy."
        )
    locked.state = ProposalState.AGREED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.version += 1
    _stamp(locked, by, "Agreed")
    locked.save(update_fields=["state", "decided_by", "decided_at", "version"])
    return locked


@transaction.atomic
def target_proposal_return(*, proposal: TargetProposal, comment: str, by: User) -> TargetProposal:
    """Send a proposed target back to its owner with what should change."""
    locked = _locked_proposal(proposal)
    _refuse_unless(
        may_agree_target(by, locked.indicator),
        f"Only the head of {locked.indicator.service_unit.name} (or the deputy) returns "
        f"{locked.indicator.code}'s targets.",
    )
    if locked.state != ProposalState.PROPOSED:
        raise ValidationError(f"{_state_text(locked)}: only a proposed target can be returned.")
    if not comment.strip():
        raise ValidationError(
            {"comment": "Enter what should change before the target is proposed again."}
        )
    locked.state = ProposalState.RETURNED
    locked.return_comment = comment.strip()
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.version += 1
    _stamp(locked, by, "Returned")
    locked.save(update_fields=["state", "return_comment", "decided_by", "decided_at", "version"])
    return locked


# --- locking --------------------------------------------------------------------------


@transaction.atomic
def planning_year_lock(*, year: PlanningYear, by: User, skip: Collection[int] = ()) -> LockResult:
    """Write every agreed proposal to the scorecard and close the year.

    Proposals not yet agreed hold the lock up unless they are listed in ``skip`` (by id):
    the performance team must see and name what it leaves out. Skipped indicators keep
    whatever targets the scorecard already has for the year.
    """
    _refuse_unless(may_run_target_setting(by), "Only the performance team locks a year's targets.")
    locked_year = PlanningYear.objects.select_for_update().get(pk=year.pk)
    if locked_year.state != YearState.OPEN:
        raise ValidationError(f"{locked_year.period} targets are already locked.")
    proposals = list(
        TargetProposal.objects.select_for_update().filter(year=locked_year).order_by("pk")
    )
    indicators = Indicator.objects.in_bulk([p.indicator_id for p in proposals])
    for proposal in proposals:
        proposal.indicator = indicators[proposal.indicator_id]
        proposal.year = locked_year
    outstanding = [p for p in proposals if p.state in OUTSTANDING_STATES]
    skipping = set(skip)
    unlisted = sorted(p.indicator.code for p in outstanding if p.pk not in skipping)
    if unlisted:
        raise ValidationError(
            f"{len(unlisted)} {'target is' if len(unlisted) == 1 else 'targets are'} not "
            f"agreed: {', '.join(unlisted)}. Agree them, or choose to lock without them."
        )
    agreed = [p for p in proposals if p.state == ProposalState.AGREED]
    writer = _ScorecardWriter(locked_year, agreed, by)
    for proposal in agreed:
        writer.write(proposal)
        proposal.state = ProposalState.LOCKED
        proposal.version += 1
        _stamp(proposal, by, "Locked")
        proposal.save(update_fields=["state", "version"])
    for proposal in outstanding:
        proposal.state = ProposalState.SKIPPED
        proposal.version += 1
        _stamp(proposal, by, "Skipped at lock")
        proposal.save(update_fields=["state", "version"])
    locked_year.state = YearState.LOCKED
    locked_year.locked_by = by
    locked_year.locked_at = timezone.now()
    _stamp(locked_year, by, "Locked")
    locked_year.save(update_fields=["state", "locked_by", "locked_at"])
    return LockResult(
        locked=len(agreed),
        skipped=tuple(sorted(p.indicator.code for p in outstanding)),
        targets_written=writer.targets_written,
        tolerances_written=writer.tolerances_written,
    )


class _ScorecardWriter:
    """Writes agreed proposals as the scorecard's targets and tolerances for one year."""

    def __init__(self, year: PlanningYear, proposals: list[TargetProposal], by: User) -> None:
        self.year = year
        self.by = by
        self.reason = f"Locked in {year.period} target setting"
        self.plans = {p.pk: target_plan(p.indicator, year.period) for p in proposals}
        keys = {str(period) for plan in self.plans.values() for period in plan.periods}
        ids = [p.indicator_id for p in proposals]
        self.targets = {
            (t.indicator_id, t.period): t
            for t in Target.objects.filter(indicator_id__in=ids, period__in=keys)
        }
        self.tolerances: dict[int, list[Tolerance]] = {}
        for tolerance in Tolerance.objects.filter(indicator_id__in=ids):
            self.tolerances.setdefault(tolerance.indicator_id, []).append(tolerance)
        self.profiles: dict[int, dict[Period, Decimal]] = {}
        for row in ProposedPeriodTarget.objects.filter(proposal__in=proposals):
            self.profiles.setdefault(row.proposal_id, {})[row.period] = row.value
        self.targets_written = 0
        self.tolerances_written = 0

    def _inside_year(self, period: Period) -> None:
        # The guarantee that earlier years are never re-rated rests on this.
        if period.start < self.year.period.start:
            raise AssertionError(f"{period} starts before {self.year.period}")

    def _put(self, indicator: Indicator, period: Period, **fields: Any) -> Target:
        self._inside_year(period)
        target = self.targets.get((indicator.pk, period)) or Target(
            indicator=indicator, period=period
        )
        for name, value in fields.items():
            setattr(target, name, value)
        _stamp(target, self.by, self.reason)
        target.save()
        self.targets_written += 1
        return target

    def _drop(self, indicator: Indicator, period: Period) -> None:
        target = self.targets.get((indicator.pk, period))
        if target is not None:
            self._inside_year(period)
            _stamp(target, self.by, self.reason)
            target.delete()

    def write(self, proposal: TargetProposal) -> None:
        indicator = proposal.indicator
        plan = self.plans[proposal.pk]
        annual_fields: dict[str, Any] = {
            "kind": proposal.kind,
            "value": proposal.value,
            "band_low": proposal.band_low,
            "band_high": proposal.band_high,
            "basis": proposal.basis,
            "benchmark_id": proposal.benchmark_id,
        }
        annual = self._put(indicator, plan.main, **annual_fields, profiled_from=None)
        profile = self.profiles.get(proposal.pk, {})
        for period in plan.profile_periods:
            if period in profile and proposal.value is not None:
                shown = format_value(proposal.value, Unit(indicator.unit))
                self._put(
                    indicator,
                    period,
                    kind=TargetKind.VALUE,
                    value=profile[period],
                    band_low=None,
                    band_high=None,
                    basis=f"Profiled from the annual target of {shown}",
                    benchmark_id=None,
                    profiled_from=annual,
                )
            elif plan.terms_take_annual:
                self._put(indicator, period, **annual_fields, profiled_from=annual)
            else:
                self._drop(indicator, period)
        self._write_tolerance(proposal, plan)

    def _write_tolerance(self, proposal: TargetProposal, plan: TargetPlan) -> None:
        """A tolerance from the year's start, only where it differs from the one before."""
        indicator = proposal.indicator
        existing = self.tolerances.get(indicator.pk, [])
        before = tolerance_in_force(
            plan.main,
            [(t.applies_from, t) for t in existing if t.applies_from.start < plan.main.start],
        )
        own = next((t for t in existing if t.applies_from == plan.main), None)
        wanted = (
            (proposal.tolerance_kind, proposal.tolerance_value)
            if proposal.tolerance_kind and proposal.tolerance_value is not None
            else None
        )
        same_as_before = (
            (before.kind, before.value) == wanted if before is not None else wanted is None
        )
        if same_as_before:
            if own is not None:
                _stamp(own, self.by, self.reason)
                own.delete()
            return
        # No tolerance after one was in force: a zero band, so a miss is off target.
        kind, value = wanted or (ToleranceKind.ABSOLUTE, Decimal(0))
        self._inside_year(plan.main)
        tolerance = own or Tolerance(indicator=indicator, applies_from=plan.main)
        tolerance.kind = kind
        tolerance.value = value
        _stamp(tolerance, self.by, self.reason)
        tolerance.save()
        self.tolerances_written += 1
