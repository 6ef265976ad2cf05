"""Writes of the exception report workflow.

States: draft → submitted → approved; submitted → returned (with a comment) → draft (when
the author edits); draft, submitted or returned → withdrawn (performance team, with a
reason). Every change locks the report's row, checks the state it starts from and who is
asking, bumps ``version`` and is recorded in the audit history; emails go after commit.

Only the assigned author or the delegate the head of service names writes; only the head
or deputy of the report's service unit approves or returns, and never a report they
submitted themselves. Text saves carry the version the editor started from: a save over
someone else's newer save is refused with ``StaleReport``, never silently overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from outturn.accounts import roles
from outturn.engine.exception_rules import ExceptionKind
from outturn.engine.periods import Period, PeriodKind
from outturn.exception_reports import notifications, rich_text
from outturn.exception_reports import permissions as can
from outturn.exception_reports.flagging import Flag, add_working_days, flags_for_period
from outturn.exception_reports.form import TEXT_FIELDS, questions
from outturn.exception_reports.models import (
    ExceptionReport,
    ExceptionRuleSettings,
    FlagSource,
    ReportKind,
    ReportState,
)
from outturn.exception_reports.signals import report_approved
from outturn.scorecard.models import Indicator, ServiceUnit


class TransitionRefused(ValidationError):
    """A change the report's current state does not allow (someone may have got there first)."""


class StaleReport(ValidationError):
    """The report was saved by someone else after the editor opened it."""

    def __init__(self, current: ExceptionReport) -> None:
        super().__init__(
            f"{person(current)} saved this report after you opened it (it is now version "
            f"{current.version}). Nothing of yours was saved: compare the two versions, "
            "then save again if yours should stand."
        )
        self.current = current


@dataclass(frozen=True)
class ReportText:
    """The author's text for the form's fields; fields the report's kind lacks stay empty."""

    reason_for_performance: str = ""
    actions: str = ""
    learnings: str = ""
    significance: str = ""

    @classmethod
    def of(cls, report: ExceptionReport) -> ReportText:
        return cls(**{name: getattr(report, name) for name in TEXT_FIELDS})

    def changed_fields(self, other: ReportText) -> list[str]:
        return [name for name in TEXT_FIELDS if getattr(self, name) != getattr(other, name)]


def person(report: ExceptionReport) -> str:
    """Who last changed the report, from its audit history, for messages."""
    latest = report.history.order_by("-history_date").select_related("history_user").first()
    user = getattr(latest, "history_user", None) if latest is not None else None
    return notifications.person_name(user) if user is not None else "Someone else"


def role_text(user: Any, unit: ServiceUnit) -> str:
    """The role printed beside a name on the form, as it stands at the time of signing."""
    if unit.head_id == user.pk:
        return f"Head of service, {unit.name}"
    if unit.deputy_id == user.pk:
        return f"Deputy head of service, {unit.name}"
    names = set(user.groups.values_list("name", flat=True))
    ordered = [role.value for role in roles.Role if role.value in names]
    return ", ".join(ordered)


CHANGE_REASON_LENGTH = 100
"""The audit history's column for the reason is this long; the full text stays on the row."""


def short_reason(reason: str) -> str:
    """A change reason that fits the audit history, on one line."""
    flat = " ".join(reason.split())
    if len(flat) <= CHANGE_REASON_LENGTH:
        return flat
    return flat[: CHANGE_REASON_LENGTH - 1].rstrip() + "…"


def _record(obj: Any, by: Any, reason: str) -> None:
    obj._change_reason = short_reason(reason)
    if by is not None:
        obj._history_user = by


def _locked(report: ExceptionReport) -> ExceptionReport:
    return (
        ExceptionReport.objects.select_for_update(of=("self",))
        .select_related("indicator__directorate", "service_unit")
        .get(pk=report.pk)
    )


def _refuse(report: ExceptionReport, verb: str) -> TransitionRefused:
    return TransitionRefused(
        f"The report for {report.indicator.code} {report.period} is "
        f"{report.get_state_display().lower()}, so it cannot be {verb}."
    )


def _save(report: ExceptionReport, by: Any, reason: str, fields: Iterable[str]) -> None:
    report.version += 1
    _record(report, by, reason)
    report.save(update_fields=[*fields, "version", "updated_at"])


# --- writing ----------------------------------------------------------------------------


@transaction.atomic
def exception_report_save(
    *, report: ExceptionReport, text: ReportText, version: int, by: User
) -> ExceptionReport:
    """Save the author's text. A returned report goes back to draft when it is edited."""
    locked = _locked(report)
    if not can.is_writer(by, locked):
        raise PermissionDenied("Only the report's author or delegate may edit it.")
    if locked.state not in can.EDITABLE:
        raise _refuse(locked, "edited")
    if locked.version != version:
        raise StaleReport(locked)
    asked = {question.field for question in questions(locked.kind)}
    for name in TEXT_FIELDS:
        value = rich_text.clean(getattr(text, name)) if name in asked else ""
        if len(value) > rich_text.MAX_LENGTH:
            raise ValidationError(
                {name: f"Shorten this to {rich_text.MAX_LENGTH:,} characters or fewer."}
            )
        setattr(locked, name, value)
    reason = "Text saved"
    fields = [*TEXT_FIELDS]
    if locked.state == ReportState.RETURNED:
        locked.state = ReportState.DRAFT
        reason = "Revised after being returned: back to draft"
        fields.append("state")
    _save(locked, by, reason, fields)
    return locked


@transaction.atomic
def exception_report_submit(*, report: ExceptionReport, by: User) -> ExceptionReport:
    """Sign the report as completed and send it to the head of service."""
    locked = _locked(report)
    if not can.is_writer(by, locked):
        raise PermissionDenied("Only the report's author or delegate may submit it.")
    if locked.state != ReportState.DRAFT:
        raise _refuse(locked, "submitted")
    missing = {
        question.field: f"Enter the {question.label[0].lower()}{question.label[1:]}"
        for question in questions(locked.kind)
        if not getattr(locked, question.field).strip()
    }
    if missing:
        raise ValidationError(missing)
    locked.state = ReportState.SUBMITTED
    locked.completed_by = by
    locked.completed_by_name = notifications.person_name(by)
    locked.completed_by_role = role_text(by, locked.service_unit)
    locked.completed_on = timezone.localdate()
    _save(
        locked,
        by,
        "Submitted for approval",
        ["state", "completed_by", "completed_by_name", "completed_by_role", "completed_on"],
    )
    notifications.queue_submitted(locked, by)
    return locked


# --- review -----------------------------------------------------------------------------


def _check_reviewer(locked: ExceptionReport, by: User, verb: str) -> None:
    if not can.is_approver(by, locked):
        raise PermissionDenied(
            f"Only the head of {locked.service_unit.name} (or their deputy) may {verb} this report."
        )
    if locked.state != ReportState.SUBMITTED:
        raise _refuse(locked, f"{verb}d" if verb.endswith("e") else f"{verb}ed")
    if locked.completed_by_id == by.pk:
        raise PermissionDenied(f"You completed this report, so another approver must {verb} it.")


@transaction.atomic
def exception_report_approve(*, report: ExceptionReport, by: User) -> ExceptionReport:
    """The head of service signs the report off, with their name, role and the date."""
    locked = _locked(report)
    _check_reviewer(locked, by, "approve")
    locked.state = ReportState.APPROVED
    locked.approved_by = by
    locked.approved_by_name = notifications.person_name(by)
    locked.approved_by_role = role_text(by, locked.service_unit)
    locked.approved_on = timezone.localdate()
    locked.return_comment = ""
    _save(
        locked,
        by,
        "Approved",
        [
            "state",
            "approved_by",
            "approved_by_name",
            "approved_by_role",
            "approved_on",
            "return_comment",
        ],
    )
    report_approved.send(sender=ExceptionReport, report=locked, by=by)
    notifications.queue_approved(locked, by)
    return locked


@transaction.atomic
def exception_report_return(*, report: ExceptionReport, comment: str, by: User) -> ExceptionReport:
    """Send the report back to its author with a comment saying what to change."""
    comment = rich_text.clean(comment)
    if not comment:
        raise ValidationError({"comment": "Enter a comment saying what needs to change."})
    locked = _locked(report)
    _check_reviewer(locked, by, "return")
    locked.state = ReportState.RETURNED
    locked.return_comment = comment
    _save(locked, by, f"Returned: {comment}", ["state", "return_comment"])
    notifications.queue_returned(locked, by)
    return locked


# --- the performance team -----------------------------------------------------------------


@transaction.atomic
def exception_report_withdraw(*, report: ExceptionReport, reason: str, by: User) -> ExceptionReport:
    """Take a report out of the cycle before approval, saying why."""
    if not can.may_manage(by):
        raise PermissionDenied("Only the performance team withdraws exception reports.")
    reason = rich_text.clean(reason)
    if not reason:
        raise ValidationError({"reason": "Enter the reason for withdrawing the report."})
    locked = _locked(report)
    if locked.state not in can.BEFORE_APPROVAL:
        raise _refuse(locked, "withdrawn")
    locked.state = ReportState.WITHDRAWN
    locked.withdrawn_reason = reason
    _save(locked, by, f"Withdrawn: {reason}", ["state", "withdrawn_reason"])
    return locked


def _due_date() -> Any:
    days = ExceptionRuleSettings.current().working_days_to_write
    return add_working_days(timezone.localdate(), days)


def _live(indicator: Indicator, period: Period) -> ExceptionReport | None:
    return (
        ExceptionReport.objects.select_for_update(of=("self",))
        .filter(indicator=indicator, period=period)
        .exclude(state=ReportState.WITHDRAWN)
        .first()
    )


def _create(report: ExceptionReport, by: Any, reason: str) -> ExceptionReport | None:
    """Insert a new report; None if another one for the indicator and period won the race."""
    _record(report, by, reason)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        return None
    if report.author is not None:
        notifications.queue_assigned(report, report.author)
    return report


@transaction.atomic
def exception_report_add(
    *,
    indicator: Indicator,
    period: Period,
    kind: str,
    reason: str,
    by: User,
) -> ExceptionReport:
    """The performance team asks for a report the rules did not flag, saying why."""
    if not can.may_manage(by):
        raise PermissionDenied("Only the performance team adds exception reports.")
    reason = rich_text.clean(reason)
    errors: dict[str, str] = {}
    if period.kind is not PeriodKind.QUARTER:
        errors["period"] = f"{period} is not a quarter: exception reports are for quarters."
    if kind not in ReportKind.values:
        errors["kind"] = "Choose an exception report or a positive exception report."
    if not reason:
        errors["reason"] = "Enter the reason for asking for this report."
    if errors:
        raise ValidationError(errors)
    if _live(indicator, period) is not None:
        raise ValidationError({"indicator": f"{indicator.code} already has a report for {period}."})
    report = ExceptionReport(
        indicator=indicator,
        period=period,
        kind=kind,
        reasons=[],
        source=FlagSource.MANUAL,
        source_note=reason,
        service_unit=indicator.service_unit,
        author=indicator.responsible_officer,
        due_date=_due_date(),
    )
    created = _create(report, by, f"Added by the performance team: {reason}")
    if created is None:
        raise ValidationError({"indicator": f"{indicator.code} already has a report for {period}."})
    return created


@transaction.atomic
def exception_report_delegate(
    *, report: ExceptionReport, delegate: User | None, by: User
) -> ExceptionReport:
    """The head of service names someone to write the report instead of (or with) its author."""
    locked = _locked(report)
    if not can.is_approver(by, locked):
        raise PermissionDenied(
            f"Only the head of {locked.service_unit.name} (or their deputy) names a delegate."
        )
    if locked.state not in can.BEFORE_APPROVAL:
        raise _refuse(locked, "delegated")
    locked.delegate = delegate
    name = notifications.person_name(delegate) if delegate is not None else ""
    _save(
        locked,
        by,
        f"Delegated to {name}" if delegate is not None else "Delegate removed",
        ["delegate"],
    )
    if delegate is not None:
        notifications.queue_assigned(locked, delegate)
    return locked


# --- flagging ---------------------------------------------------------------------------


@transaction.atomic
def exception_report_apply_flag(*, flag: Flag, by: Any) -> ExceptionReport | None:
    """Create the report a flag calls for, or bring a live one's reasons up to date.

    A report the performance team withdrew stays withdrawn: re-approving the value does
    not bring it back (they can add one by hand). Approved reports are never changed.
    """
    reasons = [reason.value for reason in flag.reasons]
    kind = ReportKind.NEGATIVE if flag.kind is ExceptionKind.NEGATIVE else ReportKind.POSITIVE
    existing = _live(flag.indicator, flag.period)
    if existing is None:
        withdrawn = ExceptionReport.objects.filter(
            indicator=flag.indicator, period=flag.period, state=ReportState.WITHDRAWN
        ).exists()
        if withdrawn:
            return None
        report = ExceptionReport(
            indicator=flag.indicator,
            period=flag.period,
            kind=kind,
            reasons=reasons,
            source=FlagSource.ENGINE,
            service_unit=flag.indicator.service_unit,
            author=flag.indicator.responsible_officer,
            due_date=_due_date(),
        )
        return _create(report, by, f"Flagged by the scorecard's rules: {', '.join(reasons)}")
    if existing.state not in can.EDITABLE:
        return existing
    if existing.reasons == reasons and existing.kind == kind:
        return existing
    existing.reasons = reasons
    existing.kind = kind
    _save(existing, by, f"Reasons updated: {', '.join(reasons)}", ["reasons", "kind"])
    return existing


@dataclass
class FlagOutcome:
    """What flagging a quarter did."""

    period: Period
    created: list[ExceptionReport] = field(default_factory=list)
    updated: list[ExceptionReport] = field(default_factory=list)
    unchanged: list[ExceptionReport] = field(default_factory=list)
    skipped: list[Indicator] = field(default_factory=list)


@transaction.atomic
def exception_reports_flag_period(*, period: Period, by: User) -> FlagOutcome:
    """Flag every indicator the engine says needs a report for a quarter's approved values."""
    if not can.may_manage(by):
        raise PermissionDenied("Only the performance team flags a quarter's reports.")
    if period.kind is not PeriodKind.QUARTER:
        raise ValidationError(
            {"period": f"{period} is not a quarter: exception reports are for quarters."}
        )
    outcome = FlagOutcome(period)
    before = {
        report.indicator_id: report.version
        for report in ExceptionReport.objects.filter(period=period).exclude(
            state=ReportState.WITHDRAWN
        )
    }
    for flag in flags_for_period(period):
        report = exception_report_apply_flag(flag=flag, by=by)
        if report is None:
            outcome.skipped.append(flag.indicator)
        elif flag.indicator.pk not in before:
            outcome.created.append(report)
        elif before[flag.indicator.pk] != report.version:
            outcome.updated.append(report)
        else:
            outcome.unchanged.append(report)
    return outcome


SETTINGS_FIELDS = (
    "count_red",
    "count_special_cause_concern",
    "count_assurance_fail",
    "count_forecast_red",
    "count_beats_target_margin",
    "count_special_cause_improvement",
    "positive_margin_kind",
    "positive_margin",
    "working_days_to_write",
)


@transaction.atomic
def exception_rule_settings_save(*, values: dict[str, Any], by: User) -> ExceptionRuleSettings:
    """Change which reasons flag a report, the positive margin and the days to write.

    Applies to flagging from now on; reports already flagged keep their reasons.
    """
    if not can.may_manage(by):
        raise PermissionDenied("Only the performance team changes the exception settings.")
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"not exception settings: {', '.join(sorted(unknown))}")
    ExceptionRuleSettings.current()
    row = ExceptionRuleSettings.objects.select_for_update().get(pk=1)
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean()
    if row.positive_margin < 0:
        raise ValidationError({"positive_margin": "The positive margin cannot be negative."})
    _record(row, by, "Exception settings changed")
    row.save()
    return row
