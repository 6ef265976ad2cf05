"""Pages of the exception report workflow: lists, the report, writing and sign-off.

Every page asks ``exception_reports.permissions`` who may see or do what, and every change
goes through ``exception_reports.services``, which check again: a forged POST meets the
same rules as the button.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from outturn.engine.periods import Period, parse_period
from outturn.exception_reports import permissions as can
from outturn.exception_reports import services
from outturn.exception_reports.form import FORMAT_HINT, TEXT_FIELDS, questions
from outturn.exception_reports.models import ExceptionReport, ExceptionRuleSettings, ReportState
from outturn.exception_reports.rich_text import render as render_text
from outturn.exception_reports.selectors import (
    exception_report_header,
    is_overdue,
    my_reports,
    period_overview,
    reports_with_related,
    waiting_for_approval,
)
from outturn.scorecard.selectors import latest_published_quarter
from outturn.web.exceptions.forms import (
    AddReportForm,
    DelegateForm,
    PeriodForm,
    ReportTextForm,
    ReturnForm,
    SettingsForm,
    WithdrawForm,
)
from outturn.web.service_errors import attach_service_errors as _errors

STATE_TAGS = {
    ReportState.DRAFT: "govuk-tag--grey",
    ReportState.SUBMITTED: "govuk-tag--blue",
    ReportState.RETURNED: "govuk-tag--orange",
    ReportState.APPROVED: "govuk-tag--green",
    ReportState.WITHDRAWN: "govuk-tag--grey",
}


def _report_or_404(pk: int) -> ExceptionReport:
    return get_object_or_404(reports_with_related(), pk=pk)


def _visible(request: HttpRequest, pk: int) -> ExceptionReport:
    report = _report_or_404(pk)
    if not can.may_view(request.user, report):
        raise PermissionDenied("This exception report belongs to another service.")
    return report


def _nav(request: HttpRequest) -> dict[str, Any]:
    """Links between the exception report pages, for the people who use each."""
    user = request.user
    return {
        "is_team": can.may_manage(user),
        "waiting_count": len(waiting_for_approval(user)),
    }


def _rows(reports: list[ExceptionReport]) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [
        {
            "report": report,
            "tag": STATE_TAGS[ReportState(report.state)],
            "overdue": is_overdue(report, today),
        }
        for report in reports
    ]


# --- lists ------------------------------------------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Reports the signed-in person writes, as author or delegate."""
    return render(
        request,
        "outturn/exceptions/mine.html",
        {"rows": _rows(my_reports(request.user)), **_nav(request)},
    )


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """Submitted reports waiting for the head (or deputy) of their service unit."""
    return render(
        request,
        "outturn/exceptions/approvals.html",
        {"rows": _rows(waiting_for_approval(request.user)), **_nav(request)},
    )


def _default_quarter() -> Period | None:
    """The latest quarter with reports, or else the scorecard's latest quarter."""
    stored = ExceptionReport.objects.order_by().values_list("period", flat=True).distinct()
    quarters = [parse_period(str(period)) for period in stored]
    return max(quarters) if quarters else latest_published_quarter()


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The performance team's view of a quarter: every report by directorate."""
    if not can.may_manage(request.user):
        raise PermissionDenied("The overview is for the performance team.")
    form = PeriodForm(request.GET if "period" in request.GET else None)
    quarter = _default_quarter()
    if form.is_bound and form.is_valid():
        quarter = form.cleaned_data["period"]
    elif not form.is_bound and quarter is not None:
        form = PeriodForm(initial={"period": str(quarter)})
    groups = period_overview(request.user, quarter) if quarter is not None else []
    today = timezone.localdate()
    counts: dict[str, int] = {state.value: 0 for state in ReportState}
    overdue = 0
    for group in groups:
        for report in group.reports:
            counts[report.state] += 1
            overdue += is_overdue(report, today)
    return render(
        request,
        "outturn/exceptions/overview.html",
        {
            "form": form,
            "quarter": quarter,
            "groups": [(group.directorate, _rows(group.reports)) for group in groups],
            "counts": [(ReportState(state).label, n) for state, n in counts.items()],
            "overdue": overdue,
            "total": sum(counts.values()),
            **_nav(request),
        },
    )


@login_required
@require_POST
def flag(request: HttpRequest) -> HttpResponse:
    """Flag every indicator of a quarter whose approved values call for a report."""
    if not can.may_manage(request.user):
        raise PermissionDenied("Only the performance team flags a quarter's reports.")
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the quarter to flag, for example 2025/26 Q2.")
        return redirect("web:exceptions-overview")
    try:
        outcome = services.exception_reports_flag_period(
            period=form.cleaned_data["period"],
            by=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("web:exceptions-overview")
    messages.success(
        request,
        f"{outcome.period}: {len(outcome.created)} new reports, {len(outcome.updated)} "
        f"updated, {len(outcome.unchanged)} unchanged.",
    )
    query = urlencode({"period": str(outcome.period)})
    return redirect(f"{reverse('web:exceptions-overview')}?{query}")


@login_required
def add(request: HttpRequest) -> HttpResponse:
    """The performance team asks for a report the rules did not flag."""
    if not can.may_manage(request.user):
        raise PermissionDenied("Only the performance team adds exception reports.")
    form = AddReportForm(request.POST or None, initial={"period": request.GET.get("period", "")})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.exception_report_add(
                indicator=form.cleaned_data["indicator"],
                period=form.cleaned_data["period"],
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, f"Report added and assigned: {report.indicator.code}.")
            return redirect("web:exceptions-report", pk=report.pk)
    return render(request, "outturn/exceptions/add.html", {"form": form, **_nav(request)})


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """Which reasons flag a report, the positive margin and the days to write."""
    if not can.may_manage(request.user):
        raise PermissionDenied("Only the performance team changes the exception settings.")
    current = ExceptionRuleSettings.current()
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.SETTINGS_FIELDS}
        try:
            services.exception_rule_settings_save(values=values, by=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Exception settings saved. They apply to the next flagging.")
            return redirect("web:exceptions-settings")
    return render(request, "outturn/exceptions/settings.html", {"form": form, **_nav(request)})


# --- one report -----------------------------------------------------------------------------


def _sections(report: ExceptionReport) -> list[tuple[str, Any]]:
    return [
        (question.label, render_text(getattr(report, question.field)))
        for question in questions(report.kind)
    ]


def _history(report: ExceptionReport) -> list[Any]:
    return list(report.history.select_related("history_user").order_by("-history_date")[:50])


def _report_context(request: HttpRequest, report: ExceptionReport) -> dict[str, Any]:
    user = request.user
    return {
        "report": report,
        "header": exception_report_header(report),
        "sections": _sections(report),
        "tag": STATE_TAGS[ReportState(report.state)],
        "overdue": is_overdue(report),
        "return_comment": render_text(report.return_comment),
        "history": _history(report),
        "can_edit": can.may_edit(user, report),
        "can_submit": can.may_submit(user, report),
        "can_review": can.may_review(user, report),
        "can_withdraw": can.may_withdraw(user, report),
        "can_delegate": can.may_delegate(user, report),
        "is_team": can.may_manage(user),
        "waiting_count": len(waiting_for_approval(user)),
    }


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as the council reads it: header from the data, text, sign-off."""
    found = _visible(request, pk)
    return render(request, "outturn/exceptions/report.html", _report_context(request, found))


def _refused(request: HttpRequest, report: ExceptionReport, error: ValidationError) -> HttpResponse:
    """Show the report again with what the service refused (e.g. someone got there first)."""
    context = _report_context(request, _report_or_404(report.pk))
    context["action_errors"] = error.messages
    return render(request, "outturn/exceptions/report.html", context, status=409)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The author (or delegate) writes the report; saving may also submit it."""
    found = _report_or_404(pk)
    if not can.is_writer(request.user, found):
        raise PermissionDenied("Only the report's author or delegate may edit it.")
    if found.state not in can.EDITABLE:
        messages.info(
            request, f"This report is {found.get_state_display().lower()}: it cannot be edited."
        )
        return redirect("web:exceptions-report", pk=found.pk)
    initial = {name: getattr(found, name) for name in TEXT_FIELDS} | {"version": found.version}
    form = ReportTextForm(request.POST or None, initial=initial, kind=found.kind)
    conflict = None
    status = 200
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        saved = None
        try:
            saved = services.exception_report_save(
                report=found,
                text=form.text(),
                version=form.cleaned_data["version"],
                by=request.user,  # type: ignore[arg-type]
            )
            if submit:
                saved = services.exception_report_submit(report=saved, by=request.user)  # type: ignore[arg-type]
        except services.StaleReport as stale:
            conflict = _conflict(found.kind, form.text(), stale.current)
            # The form keeps what this editor typed; saving it again now overwrites the
            # newer version knowingly, having seen it.
            form = _with_version(request, found.kind, stale.current.version)
            form.add_error(None, stale.messages[0])
            status = 409
        except services.TransitionRefused as error:
            return _refused(request, found, error)
        except ValidationError as error:
            if saved is not None:
                # The text was saved; only the submission was refused.
                form = _with_version(request, found.kind, saved.version)
                form.add_error(None, "Your draft is saved, but it cannot be submitted yet.")
            _errors(form, error)
            status = 400
        else:
            assert saved is not None  # noqa: S101 - the try block either saved or raised
            if submit:
                messages.success(request, "Report submitted to the head of service for approval.")
            else:
                messages.success(request, "Draft saved.")
            return redirect("web:exceptions-report", pk=saved.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "outturn/exceptions/edit.html",
        {
            "report": found,
            "header": exception_report_header(found),
            "form": form,
            "format_hint": FORMAT_HINT,
            "conflict": conflict,
            "return_comment": render_text(found.return_comment),
            **_nav(request),
        },
        status=status,
    )


def _with_version(request: HttpRequest, kind: str, version: int) -> ReportTextForm:
    """The posted text again, now based on ``version``."""
    data = request.POST.copy()
    data["version"] = str(version)
    form = ReportTextForm(data, kind=kind)
    form.is_valid()
    return form


def _conflict(kind: str, mine: services.ReportText, current: ExceptionReport) -> dict[str, Any]:
    theirs = services.ReportText.of(current)
    changed = set(mine.changed_fields(theirs))
    return {
        "by": services.person(current),
        "version": current.version,
        "rows": [
            {
                "label": question.label,
                "mine": render_text(getattr(mine, question.field)),
                "theirs": render_text(getattr(theirs, question.field)),
                "differs": question.field in changed,
            }
            for question in questions(kind)
        ],
    }


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _report_or_404(pk)
    try:
        services.exception_report_submit(report=found, by=request.user)  # type: ignore[arg-type]
    except services.TransitionRefused as error:
        return _refused(request, found, error)
    except ValidationError as error:
        messages.error(request, "Finish every part of the report before submitting it.")
        for text in error.messages:
            messages.error(request, text)
        return redirect("web:exceptions-edit", pk=found.pk)
    messages.success(request, "Report submitted to the head of service for approval.")
    return redirect("web:exceptions-report", pk=found.pk)


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    found = _report_or_404(pk)
    try:
        approved = services.exception_report_approve(report=found, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        return _refused(request, found, error)
    messages.success(
        request,
        f"Report approved by {approved.approved_by_name} on {approved.approved_on:%d %B %Y}.",
    )
    return redirect("web:exceptions-report", pk=found.pk)


@login_required
def return_report(request: HttpRequest, pk: int) -> HttpResponse:
    found = _report_or_404(pk)
    if not can.is_approver(request.user, found):
        raise PermissionDenied("Only the head of service (or deputy) returns this report.")
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.exception_report_return(
                report=found,
                comment=form.cleaned_data["comment"],
                by=request.user,  # type: ignore[arg-type]
            )
        except services.TransitionRefused as error:
            return _refused(request, found, error)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Report returned to its author with your comment.")
            return redirect("web:exceptions-report", pk=found.pk)
    return render(
        request,
        "outturn/exceptions/return.html",
        {"report": found, "form": form, **_nav(request)},
        status=400 if form.errors else 200,
    )


@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    found = _report_or_404(pk)
    if not can.may_manage(request.user):
        raise PermissionDenied("Only the performance team withdraws exception reports.")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.exception_report_withdraw(
                report=found,
                reason=form.cleaned_data["reason"],
                by=request.user,  # type: ignore[arg-type]
            )
        except services.TransitionRefused as error:
            return _refused(request, found, error)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Report withdrawn.")
            return redirect("web:exceptions-report", pk=found.pk)
    return render(
        request,
        "outturn/exceptions/withdraw.html",
        {"report": found, "form": form, **_nav(request)},
        status=400 if form.errors else 200,
    )


@login_required
def delegate(request: HttpRequest, pk: int) -> HttpResponse:
    found = _report_or_404(pk)
    if not can.is_approver(request.user, found):
        raise PermissionDenied("Only the head of service (or deputy) names a delegate.")
    form = DelegateForm(request.POST or None, initial={"delegate": found.delegate_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.exception_report_delegate(
                report=found,
                delegate=form.cleaned_data["delegate"],
                by=request.user,  # type: ignore[arg-type]
            )
        except services.TransitionRefused as error:
            return _refused(request, found, error)
        else:
            messages.success(request, "Delegate saved.")
            return redirect("web:exceptions-report", pk=found.pk)
    return render(
        request,
        "outturn/exceptions/delegate.html",
        {"report": found, "form": form, **_nav(request)},
    )
