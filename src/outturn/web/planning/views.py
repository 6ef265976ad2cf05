"""Target-setting pages: open a year, propose, agree or return, lock.

Views check who may see a page and hand every change to ``outturn.planning.services``,
which checks again: a refused change is a 403 whether or not the button was shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from outturn.engine.periods import PeriodError, PeriodKind, financial_year_containing, parse_period
from outturn.engine.values import Unit, format_value
from outturn.planning import selectors, services
from outturn.planning.models import (
    OUTSTANDING_STATES,
    PlanningYear,
    ProposalState,
    TargetProposal,
)
from outturn.planning.rules import (
    agreement_scope,
    may_agree_target,
    may_propose_target,
    may_run_target_setting,
    may_view_proposal,
    proposer_scope,
)
from outturn.scorecard.models import Indicator, TargetKind, ToleranceKind
from outturn.web.planning.forms import LockForm, OpenYearForm, ProposalForm, ReturnForm
from outturn.web.scorecard_rows import row_for, target_text

STATE_TAGS: dict[str, str] = {
    ProposalState.DRAFT: "grey",
    ProposalState.PROPOSED: "blue",
    ProposalState.RETURNED: "orange",
    ProposalState.AGREED: "green",
    ProposalState.LOCKED: "purple",
    ProposalState.SKIPPED: "red",
}


def _by(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind login_required)."""
    return cast(User, request.user)


def _year(slug: str) -> PlanningYear:
    try:
        period = parse_period(slug.replace("-", "/"))
    except PeriodError:
        raise Http404("No such financial year") from None
    if period.kind != PeriodKind.FINANCIAL_YEAR:
        raise Http404("No such financial year")
    return get_object_or_404(PlanningYear, period=period)


def proposal_text(proposal: TargetProposal) -> str:
    """The proposed annual target as the scorecard would print it."""
    unit = Unit(proposal.indicator.unit)
    if proposal.kind == TargetKind.VALUE and proposal.value is not None:
        text = format_value(proposal.value, unit)
    elif (
        proposal.kind == TargetKind.BAND
        and proposal.band_low is not None
        and proposal.band_high is not None
    ):
        text = (
            f"{format_value(proposal.band_low, unit)} to {format_value(proposal.band_high, unit)}"
        )
    else:
        return "No target set"
    return f"{text} ({proposal.basis})" if proposal.basis else text


@dataclass(frozen=True)
class ProposalRow:
    proposal: TargetProposal
    target: str
    tag: str


def _rows(proposals: QuerySet[TargetProposal] | list[TargetProposal]) -> list[ProposalRow]:
    return [ProposalRow(p, proposal_text(p), STATE_TAGS[ProposalState(p.state)]) for p in proposals]


def _in_scope(scope: Q) -> bool:
    return Indicator.objects.filter(scope).exists()


def tolerance_text(kind: str, value: Decimal | None, unit: Unit) -> str:
    """A tolerance as a reader says it: within 2 percentage points, within 5% of target."""
    if not kind or value is None:
        return "No tolerance: any miss is off target"
    if kind == ToleranceKind.RELATIVE:
        return f"Within {format_value(value * 100, Unit.PERCENTAGE)} of the target"
    return f"Within {format_value(value, unit)} of the target"


@login_required
def years(request: HttpRequest) -> HttpResponse:
    """Every year's target setting for the performance team (who open years here); for
    owners and heads of service, the years in which they have targets to act on."""
    team = may_run_target_setting(request.user)
    if not team and not _in_scope(proposer_scope(request.user) | agreement_scope(request.user)):
        raise PermissionDenied(
            "Target setting is for indicator owners, heads of service and the performance team."
        )
    suggested = financial_year_containing(timezone.localdate()).next()
    form = OpenYearForm(initial={"period": str(suggested)})
    if request.method == "POST":
        if not team:
            raise PermissionDenied("Only the performance team opens a year for target setting.")
        form = OpenYearForm(request.POST)
        if form.is_valid():
            try:
                year = services.planning_year_open(
                    period=form.cleaned_data["period"], by=_by(request)
                )
            except ValidationError as error:
                for message in error.message_dict.get("period", error.messages):
                    form.add_error("period", message)
            else:
                count = year.proposals.count()
                messages.success(
                    request,
                    f"{year.period} is open for target setting: {count} "
                    f"{'indicator' if count == 1 else 'indicators'} carried forward.",
                )
                return redirect("web:planning-year", year=year.slug)
    listed = selectors.planning_years() if team else selectors.years_with_work(request.user)
    return render(
        request,
        "outturn/planning/years.html",
        {"years": list(listed), "form": form if team else None, "team": team},
    )


@login_required
def overview(request: HttpRequest, year: str) -> HttpResponse:
    """The performance team's view of a year: progress by state, every proposal, the lock."""
    planning_year = _year(year)
    if not may_run_target_setting(request.user):
        raise PermissionDenied("Only the performance team sees a whole year's target setting.")
    counts = selectors.progress(planning_year)
    proposals = list(selectors.proposals_for_year(planning_year))
    return render(
        request,
        "outturn/planning/overview.html",
        {
            "year": planning_year,
            "counts": counts,
            "states": [
                (state, label, counts[state], STATE_TAGS[state])
                for state, label in ProposalState.choices
            ],
            "outstanding": counts["draft"] + counts["proposed"] + counts["returned"],
            "rows": _rows(proposals),
            "not_carried": selectors.not_carried(planning_year),
        },
    )


@login_required
@require_POST
def add_indicators(request: HttpRequest, year: str) -> HttpResponse:
    planning_year = _year(year)
    try:
        added = services.planning_year_add_indicators(year=planning_year, by=_by(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{added} {'indicator' if added == 1 else 'indicators'} added."
            if added
            else "Every indicator on the register already has a proposal.",
        )
    return redirect("web:planning-year", year=planning_year.slug)


@login_required
def lock(request: HttpRequest, year: str) -> HttpResponse:
    """Confirm, then lock: outstanding proposals are listed and must be skipped on purpose."""
    planning_year = _year(year)
    if not may_run_target_setting(request.user):
        raise PermissionDenied("Only the performance team locks a year's targets.")
    outstanding = list(
        selectors.proposals_for_year(planning_year).filter(state__in=OUTSTANDING_STATES)
    )
    form = LockForm(outstanding=outstanding)
    if request.method == "POST" and planning_year.is_open:
        form = LockForm(request.POST, outstanding=outstanding)
        if form.is_valid():
            skip = form.cleaned_data["skip"] if outstanding else []
            try:
                result = services.planning_year_lock(year=planning_year, by=_by(request), skip=skip)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                skipped = f"; {len(result.skipped)} skipped" if result.skipped else ""
                messages.success(
                    request,
                    f"{planning_year.period} targets are locked: {result.locked} written to the "
                    f"scorecard{skipped}.",
                )
                return redirect("web:planning-year", year=planning_year.slug)
    agreed = selectors.progress(planning_year)["agreed"]
    return render(
        request,
        "outturn/planning/lock.html",
        {
            "year": planning_year,
            "form": form,
            "rows": _rows(outstanding),
            "agreed": agreed,
            "error_targets": _lock_error_targets(form),
        },
    )


def _lock_error_targets(form: LockForm) -> list[tuple[str, str]]:
    if not form.is_bound:
        return []
    targets = [(str(m), "") for m in form.non_field_errors()]
    targets += [(str(m), "id_confirm_skip") for m in form.errors.get("confirm_skip", [])]
    return targets


@login_required
def to_propose(request: HttpRequest, year: str) -> HttpResponse:
    """An owner's indicators for the year, each with its proposal's state."""
    planning_year = _year(year)
    user = request.user
    if not may_run_target_setting(user) and not _in_scope(proposer_scope(user)):
        raise PermissionDenied("You do not own or answer for any indicator.")
    proposals = list(selectors.proposals_to_propose(planning_year, user))
    waiting = [p for p in proposals if p.state in (ProposalState.DRAFT, ProposalState.RETURNED)]
    return render(
        request,
        "outturn/planning/to_propose.html",
        {"year": planning_year, "waiting": _rows(waiting), "rows": _rows(proposals)},
    )


@login_required
def to_agree(request: HttpRequest, year: str) -> HttpResponse:
    """A head of service's proposals: those waiting for agreement first."""
    planning_year = _year(year)
    user = request.user
    if not _in_scope(agreement_scope(user)):
        raise PermissionDenied("You are not the head or deputy of a service.")
    proposals = list(selectors.proposals_to_agree(planning_year, user))
    waiting = [p for p in proposals if p.state == ProposalState.PROPOSED]
    others = [p for p in proposals if p.state != ProposalState.PROPOSED]
    return render(
        request,
        "outturn/planning/to_agree.html",
        {"year": planning_year, "waiting": _rows(waiting), "others": _rows(others)},
    )


def _proposal(year: str, code: str, user: Any) -> TargetProposal:
    planning_year = _year(year)
    proposal = get_object_or_404(
        TargetProposal.objects.select_related(
            "indicator__service_unit",
            "indicator__directorate",
            "indicator__data_owner",
            "indicator__responsible_officer",
            "benchmark__group",
            "proposed_by",
            "decided_by",
        ),
        year=planning_year,
        indicator__code=code,
    )
    proposal.year = planning_year
    if not may_view_proposal(user, proposal.indicator):
        raise PermissionDenied("This indicator's targets are not yours to see.")
    return proposal


def _limit(value: float | None, indicator: Indicator) -> str:
    if value is None:
        return "Not available"
    return format_value(Decimal(repr(value)), Unit(indicator.unit), indicator.decimals + 1)


def _render_proposal(
    request: HttpRequest,
    proposal: TargetProposal,
    form: ProposalForm | None = None,
    return_form: ReturnForm | None = None,
    status: int = 200,
    evidence: selectors.Evidence | None = None,
) -> HttpResponse:
    user = request.user
    indicator = proposal.indicator
    evidence = evidence or selectors.proposal_evidence(proposal)
    year_open = proposal.year.is_open
    can_edit = year_open and proposal.is_editable and may_propose_target(user, indicator)
    can_decide = (
        year_open and proposal.state == ProposalState.PROPOSED and may_agree_target(user, indicator)
    )
    if can_edit and form is None:
        form = ProposalForm(
            initial=ProposalForm.initial_for(proposal),
            indicator=indicator,
            plan=evidence.plan,
            benchmarks=evidence.benchmark_choices,
        )
        form.profile_initial(proposal)
    unit = Unit(indicator.unit)
    history = evidence.history
    back_to = None
    if may_agree_target(user, indicator):
        back_to = ("Targets to agree", reverse("web:planning-agree", args=[proposal.year.slug]))
    elif may_propose_target(user, indicator):
        back_to = ("Targets to propose", reverse("web:planning-propose", args=[proposal.year.slug]))
    elif may_run_target_setting(user):
        back_to = (
            str(proposal.year.period),
            reverse("web:planning-year", args=[proposal.year.slug]),
        )
    spc = evidence.spc
    current = evidence.current_tolerance
    error_targets = form.error_targets() if form is not None and form.is_bound else []
    if return_form is not None and return_form.is_bound:
        error_targets += [(str(m), "id_comment") for m in return_form.errors.get("comment", [])]
        error_targets += [(str(m), "") for m in return_form.non_field_errors()]
    return render(
        request,
        "outturn/planning/proposal.html",
        {
            "year": proposal.year,
            "proposal": proposal,
            "indicator": indicator,
            "tag": STATE_TAGS[ProposalState(proposal.state)],
            "proposed_text": proposal_text(proposal),
            "profile": sorted(proposal.profile.all(), key=lambda row: row.period),
            "unit": unit,
            "form": form,
            "return_form": return_form or ReturnForm(),
            "can_edit": can_edit,
            "can_decide": can_decide,
            "back_to": back_to,
            "error_targets": error_targets,
            "plan": evidence.plan,
            "recent": [row_for(history, s.period, s) for s in evidence.recent],
            "spc": spc,
            "spc_points": evidence.spc_points,
            "spc_mean": _limit(spc.mean if spc else None, indicator),
            "spc_lower": _limit(spc.lpl if spc else None, indicator),
            "spc_upper": _limit(spc.upl if spc else None, indicator),
            "benchmarks": [(b, format_value(b.value, unit)) for b in evidence.latest_benchmarks],
            "current_targets": [(t, target_text(t, unit)) for t in evidence.current_targets],
            "current_tolerance": tolerance_text(
                current.kind if current else "", current.value if current else None, unit
            ),
            "proposed_tolerance": tolerance_text(
                proposal.tolerance_kind, proposal.tolerance_value, unit
            ),
            "previous_year": proposal.year.period.previous(),
        },
        status=status,
    )


@login_required
def proposal(request: HttpRequest, year: str, code: str) -> HttpResponse:
    """One indicator's proposal, with the evidence to set it; the owner edits it here."""
    found = _proposal(year, code, request.user)
    if request.method != "POST":
        return _render_proposal(request, found)
    if not may_propose_target(request.user, found.indicator):
        raise PermissionDenied(f"Only {found.indicator.code}'s owner proposes its targets.")
    evidence = selectors.proposal_evidence(found)
    form = ProposalForm(
        request.POST,
        indicator=found.indicator,
        plan=evidence.plan,
        benchmarks=evidence.benchmark_choices,
    )
    submit = request.POST.get("action") == "propose"
    if not form.is_valid():
        form.add_rule_errors(
            services.proposal_errors(
                form.content(), found.indicator, evidence.plan, submitting=submit
            )
        )
    else:
        try:
            services.target_proposal_save(
                proposal=found,
                content=form.content(),
                by=_by(request),
                expected_version=form.cleaned_data["version"],
                submit=submit,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if submit:
                messages.success(
                    request, f"{found.indicator.code}'s target is proposed to the head of service."
                )
                return redirect("web:planning-propose", year=found.year.slug)
            messages.success(request, f"{found.indicator.code}'s draft is saved.")
            return redirect(
                "web:planning-proposal", year=found.year.slug, code=found.indicator.code
            )
    return _render_proposal(request, found, form=form, status=400, evidence=evidence)


@login_required
@require_POST
def decide(request: HttpRequest, year: str, code: str) -> HttpResponse:
    """The head of service agrees a proposal or returns it with a comment."""
    found = _proposal(year, code, request.user)
    action = request.POST.get("action")
    by = _by(request)
    if action == "agree":
        try:
            services.target_proposal_agree(proposal=found, by=by)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(
                "web:planning-proposal", year=found.year.slug, code=found.indicator.code
            )
        messages.success(request, f"{found.indicator.code}'s target is agreed.")
        return redirect("web:planning-agree", year=found.year.slug)
    if action != "return":
        raise Http404("No such decision")
    return_form = ReturnForm(request.POST)
    if return_form.is_valid():
        try:
            services.target_proposal_return(
                proposal=found, comment=return_form.cleaned_data["comment"], by=by
            )
        except ValidationError as error:
            for message in error.messages:
                return_form.add_error(None, message)
        else:
            messages.success(request, f"{found.indicator.code}'s target is returned to its owner.")
            return redirect("web:planning-agree", year=found.year.slug)
    return _render_proposal(request, found, return_form=return_form, status=400)
