"""Who may do what to an exception report, built on the council's roles.

The roles themselves (performance team, head or deputy of a service unit) are asked of
``outturn.accounts.roles``; this module only says which of them applies to a report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from outturn.accounts import roles
from outturn.exception_reports.models import ExceptionReport, ReportState

if TYPE_CHECKING:
    from outturn.accounts.roles import AnyUser

EDITABLE = (ReportState.DRAFT, ReportState.RETURNED)
"""States in which the author (or delegate) may change the text."""

BEFORE_APPROVAL = (ReportState.DRAFT, ReportState.SUBMITTED, ReportState.RETURNED)
"""States from which the performance team may withdraw a report."""


def _pk(user: Any) -> Any:
    return getattr(user, "pk", None) if user.is_authenticated else None


def is_writer(user: AnyUser, report: ExceptionReport) -> bool:
    """The assigned author, or the delegate the head of service named."""
    pk = _pk(user)
    return pk is not None and pk in (report.author_id, report.delegate_id)


def is_approver(user: AnyUser, report: ExceptionReport) -> bool:
    """The head of the report's service unit, or its named deputy."""
    return bool(user.is_authenticated) and roles.is_unit_approver(user, report.service_unit)


def may_view(user: AnyUser, report: ExceptionReport) -> bool:
    pk = _pk(user)
    if pk is None:
        return False
    return (
        is_writer(user, report)
        or is_approver(user, report)
        or roles.is_performance_team(user)
        or report.indicator.directorate.director_id == pk
    )


def may_edit(user: AnyUser, report: ExceptionReport) -> bool:
    return is_writer(user, report) and report.state in EDITABLE


def may_submit(user: AnyUser, report: ExceptionReport) -> bool:
    return is_writer(user, report) and report.state == ReportState.DRAFT


def may_review(user: AnyUser, report: ExceptionReport) -> bool:
    """Approve or return: the unit's approver, for a submitted report they did not write."""
    return (
        is_approver(user, report)
        and report.state == ReportState.SUBMITTED
        and _pk(user) != report.completed_by_id
    )


def may_withdraw(user: AnyUser, report: ExceptionReport) -> bool:
    return roles.is_performance_team(user) and report.state in BEFORE_APPROVAL


def may_delegate(user: AnyUser, report: ExceptionReport) -> bool:
    return is_approver(user, report) and report.state in BEFORE_APPROVAL


def may_manage(user: AnyUser) -> bool:
    """Add reports by hand, flag a period, change the settings, see every report."""
    return roles.is_performance_team(user)


def visible_scope(user: AnyUser) -> Q:
    """Reports ``user`` may open, as a filter on ExceptionReport."""
    pk = _pk(user)
    if pk is None:
        return Q(pk__in=[])
    if roles.is_performance_team(user):
        return Q()
    return (
        Q(author_id=pk)
        | Q(delegate_id=pk)
        | Q(service_unit__head_id=pk)
        | Q(service_unit__deputy_id=pk)
        | Q(indicator__directorate__director_id=pk)
    )
