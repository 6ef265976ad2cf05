"""Pages of the data round: rounds and their progress, My data, entry, approvals, publishing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from outturn.accounts import roles
from outturn.engine.periods import Period
from outturn.engine.values import Unit, format_value
from outturn.rounds import services
from outturn.rounds.models import Round, RoundState
from outturn.rounds.reminders import reminders_send
from outturn.rounds.selectors import (
    OWED,
    STATUS_LABELS,
    ItemStatus,
    RoundItem,
    round_items,
    round_progress,
)
from outturn.scorecard.models import Indicator, Outturn, OutturnState
from outturn.scorecard.selectors import IndicatorHistory, indicator_histories
from outturn.scorecard.status import target_for
from outturn.transfer.services import may_import_outturns
from outturn.web.charts import sparkline
from outturn.web.collect.forms import EntryForm, ReturnForm, RoundOpenForm
from outturn.web.scorecard_rows import target_text
from outturn.web.service_errors import attach_service_errors as _errors

RECENT = 6


def _blank_if_none(value: Decimal | None) -> Decimal | str:
    """A stored figure for a form field: 0 is a figure, only None is blank."""
    return "" if value is None else value


def _round_or_404(period: Period) -> Round:
    return get_object_or_404(Round, period=period)


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    """Every round; the performance team opens new ones here."""
    is_team = roles.is_performance_team(request.user)
    form = RoundOpenForm(request.POST or None) if is_team else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Only the performance team opens data rounds.")
        if form.is_valid():
            try:
                round_ = services.round_open(
                    period=form.cleaned_data["period"],
                    deadline=form.cleaned_data["deadline"],
                    by=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, f"The {round_.period} round is open.")
                return redirect("web:collect-round", period=round_.period)
    rounds = Round.objects.order_by("-period")
    ordered = sorted(rounds, key=lambda r: r.period, reverse=True)
    return render(request, "outturn/collect/round_list.html", {"rounds": ordered, "form": form})


@login_required
def round_detail(request: HttpRequest, period: Period) -> HttpResponse:
    """A round's progress by directorate and service, and its values, with filters."""
    round_ = _round_or_404(period)
    user = request.user
    is_team = roles.is_performance_team(user)
    scope = None if is_team else roles.unpublished_scope(user)
    items = round_items(round_, scope=scope, today=timezone.localdate())
    progress = round_progress(items)
    status = request.GET.get("status", "")
    shown = [item for item in items if not status or item.status == status]
    return render(
        request,
        "outturn/collect/round_detail.html",
        {
            "round": round_,
            "progress": progress,
            "items": shown,
            "status": status,
            "statuses": list(STATUS_LABELS.items()),
            "is_team": is_team,
            "may_import": may_import_outturns(user),  # type: ignore[arg-type]
            "approved_count": progress.count(ItemStatus.APPROVED),
            "attention": [
                item for item in items if item.status in (ItemStatus.OVERDUE, ItemStatus.RETURNED)
            ],
        },
    )


@login_required
@require_POST
def round_action(request: HttpRequest, period: Period) -> HttpResponse:
    """The performance team's buttons: close, reopen, remind, publish approved values."""
    round_ = _round_or_404(period)
    user = request.user
    if not roles.is_performance_team(user):
        raise PermissionDenied("Only the performance team runs rounds.")
    action = request.POST.get("action")
    try:
        if action == "close":
            services.round_close(round_=round_, by=user)  # type: ignore[arg-type]
            messages.success(request, f"The {round_.period} round is closed.")
        elif action == "reopen":
            deadline = timezone.localdate() + timedelta(days=7)
            services.round_reopen(round_=round_, by=user, deadline=deadline)  # type: ignore[arg-type]
            messages.success(
                request, f"The {round_.period} round is open again until {deadline:%-d %B %Y}."
            )
        elif action == "remind":
            sent = reminders_send(today=timezone.localdate())
            messages.success(
                request,
                f"Sent {len(sent)} reminder email(s). Anyone reminded today was not emailed again.",
            )
        elif action == "publish":
            approved = [
                item.outturn
                for item in round_items(round_, today=timezone.localdate())
                if item.outturn is not None and item.status == ItemStatus.APPROVED
            ]
            published = services.outturns_publish(outturns=approved, by=user)  # type: ignore[arg-type]
            messages.success(request, f"Published {len(published)} approved value(s).")
        else:
            messages.error(request, "That is not something a round can do.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("web:collect-round", period=round_.period)


def _recent(history: IndicatorHistory, period: Period) -> list[Outturn]:
    earlier = [o for o in history.outturns if o.period < period and o.period.kind == period.kind]
    return earlier[-RECENT:]


def _trend(indicator: Indicator, recent: Iterable[Outturn]) -> str:
    recent = list(recent)
    unit = Unit(indicator.unit)
    values = ", ".join(
        f"{o.period}: {format_value(o.value, unit)}" for o in recent if o.value is not None
    )
    return sparkline(
        [o.value for o in recent], f"Recent values of {indicator.code}: {values or 'none'}"
    )


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """The values due from the signed-in data owner in every open round."""
    user = request.user
    today = timezone.localdate()
    rows: list[dict[str, object]] = []
    open_rounds = sorted(Round.objects.filter(state=RoundState.OPEN), key=lambda r: r.period)
    items: list[RoundItem] = []
    for round_ in open_rounds:
        items += round_items(round_, scope=roles.entry_scope(user), today=today)
    histories = {
        h.indicator.pk: h
        for h in indicator_histories(
            {item.indicator.pk: item.indicator for item in items}.values(),
            states=(OutturnState.APPROVED, OutturnState.PUBLISHED),
        )
    }
    for item in items:
        history = histories[item.indicator.pk]
        recent = _recent(history, item.period)
        unit = Unit(item.indicator.unit)
        rows.append(
            {
                "item": item,
                "previous": format_value(recent[-1].value, unit)
                if recent and recent[-1].value is not None
                else "No data",
                "target": target_text(target_for(history, item.period), unit),
                "trend": _trend(item.indicator, recent),
            }
        )
    owed = sum(1 for item in items if item.status in OWED)
    return render(
        request,
        "outturn/collect/my_data.html",
        {"rows": rows, "rounds": open_rounds, "owed": owed},
    )


@login_required
def entry(request: HttpRequest, code: str, period: Period) -> HttpResponse:
    """Enter, save and submit one indicator's value and commentary for one period."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("service_unit", "directorate"), code=code
    )
    user = request.user
    if not roles.may_enter(user, indicator):
        raise PermissionDenied(f"You do not enter values for {indicator.code}.")
    outturn = Outturn.objects.filter(indicator=indicator, period=period).first()
    editable = outturn is None or outturn.state in services.EDITABLE
    initial = {}
    if outturn is not None:
        initial = {
            "value": outturn.value if outturn.numerator is None else None,
            "numerator": _blank_if_none(outturn.numerator),
            "denominator": _blank_if_none(outturn.denominator),
            "secondary_value": _blank_if_none(outturn.secondary_value),
            "note": outturn.note,
            "explanation": outturn.explanation,
        }
    form = EntryForm(request.POST or None, indicator=indicator, initial=initial)
    warnings: list[str] = []
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("This value can no longer be changed here.")
        submit = request.POST.get("action") == "submit"
        if form.is_valid():
            try:
                saved = services.outturn_save(
                    indicator=indicator,
                    period=period,
                    entry=form.entry(),
                    by=user,  # type: ignore[arg-type]
                    submit=submit,
                )
            except ValidationError as error:
                _errors(form, error)
            else:
                verb = "submitted for approval" if submit else "saved as a draft"
                messages.success(request, f"{indicator.code} {period}: {saved.value} {verb}.")
                return redirect("web:collect-my-data")
        value = form.cleaned_data.get("value") if hasattr(form, "cleaned_data") else None
        if value is not None:
            warnings = services.entry_checks(indicator, period, value).warnings
    elif outturn is not None and outturn.value is not None:
        warnings = services.entry_checks(indicator, period, outturn.value).warnings
    [history] = indicator_histories(
        [indicator], states=(OutturnState.APPROVED, OutturnState.PUBLISHED)
    )
    unit = Unit(indicator.unit)
    recent = _recent(history, period)
    return render(
        request,
        "outturn/collect/entry.html",
        {
            "indicator": indicator,
            "period": period,
            "outturn": outturn,
            "form": form,
            "editable": editable,
            "warnings": warnings,
            "recent": [
                (o.period, format_value(o.value, unit)) for o in recent if o.value is not None
            ],
            "target": target_text(target_for(history, period), unit),
            "trend": _trend(indicator, recent),
            "round": services.open_round_for(period),
        },
    )


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """Submitted values waiting for the signed-in head of service."""
    waiting = (
        Outturn.objects.filter(state=OutturnState.SUBMITTED)
        .select_related("indicator", "indicator__service_unit", "entered_by")
        .filter(indicator__in=Indicator.objects.filter(roles.approval_scope(request.user)))
    )
    rows = []
    for outturn in sorted(waiting, key=lambda o: (o.period, o.indicator.order, o.indicator.code)):
        unit = Unit(outturn.indicator.unit)
        value = outturn.value or Decimal(0)  # submitted values always have one (a constraint)
        checks = services.entry_checks(outturn.indicator, outturn.period, value)
        rows.append(
            {
                "outturn": outturn,
                "value": format_value(value, unit),
                "warnings": checks.warnings,
                "form": ReturnForm(prefix=f"o{outturn.pk}"),
            }
        )
    return render(request, "outturn/collect/approvals.html", {"rows": rows})


@login_required
@require_POST
def approval_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve a submitted value, or return it with a comment."""
    outturn = get_object_or_404(Outturn.objects.select_related("indicator__service_unit"), pk=pk)
    user = request.user
    if not roles.may_approve(user, outturn.indicator):
        raise PermissionDenied(f"You do not approve values for {outturn.indicator.code}.")
    action = request.POST.get("action")
    label = f"{outturn.indicator.code} {outturn.period}"
    try:
        if action == "approve":
            services.outturn_approve(outturn=outturn, by=user)  # type: ignore[arg-type]
            messages.success(request, f"{label} approved.")
        elif action == "return":
            form = ReturnForm(request.POST, prefix=f"o{outturn.pk}")
            comment = form.data.get(f"o{outturn.pk}-comment", "")
            services.outturn_return(outturn=outturn, comment=comment, by=user)  # type: ignore[arg-type]
            messages.success(request, f"{label} returned to its data owner.")
        else:
            messages.error(request, "Choose approve or return.")
    except ValidationError as error:
        messages.error(request, f"{label}: {' '.join(error.messages)}")
    return HttpResponseRedirect(reverse("web:collect-approvals"))
