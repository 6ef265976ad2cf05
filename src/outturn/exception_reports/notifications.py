"""Emails of the exception report workflow, queued to send after the transaction commits.

A rolled-back change sends nothing. The services call ``queue_*``; each email says what
happened, to which report, and where to find it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from outturn.exception_reports.models import ExceptionReport

logger = logging.getLogger(__name__)


def person_name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def _title(report: ExceptionReport) -> str:
    return f"{report.indicator.code} {report.indicator.title} ({report.period})"


def _where(report: ExceptionReport) -> str:
    try:
        return reverse("web:exceptions-report", args=[report.pk])
    except NoReverseMatch:  # the pages are not installed (e.g. a command-line build)
        return "Exception reports"


def _send(recipients: Iterable[Any], subject: str, body: str) -> None:
    addresses = sorted({user.email for user in recipients if user is not None and user.email})
    if not addresses:
        return
    try:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=addresses)
    except Exception:  # the change is committed; a failed email must not hide that
        logger.exception("Could not send the email %r", subject)


def _on_commit(recipients: Iterable[Any], subject: str, body: str) -> None:
    people = list(recipients)
    transaction.on_commit(lambda: _send(people, subject, body))


def queue_assigned(report: ExceptionReport, person: Any) -> None:
    """Tell an author (or a newly named delegate) there is a report to write."""
    kind = report.get_kind_display().lower()
    _on_commit(
        [person],
        f"{report.get_kind_display()} to write: {report.indicator.code} {report.period}",
        f"Dear {person_name(person)},\n\n"
        f"A {kind} is needed for {_title(report)}, due by "
        f"{report.due_date:%d %B %Y}.\n\nThe figures are already filled in from the "
        f"scorecard; please write the narrative and submit it to your head of service.\n\n"
        f"Open it here: {_where(report)}",
    )


def queue_submitted(report: ExceptionReport, by: Any) -> None:
    """Tell the head of service (and deputy) a report waits for their approval."""
    unit = report.service_unit
    _on_commit(
        [unit.head, unit.deputy],
        f"For approval: {report.get_kind_display().lower()} {report.indicator.code} "
        f"{report.period}",
        f"{person_name(by)} submitted the {report.get_kind_display().lower()} for "
        f"{_title(report)}.\n\nPlease approve it or return it with a comment: {_where(report)}",
    )


def queue_returned(report: ExceptionReport, by: Any) -> None:
    _on_commit(
        [report.author, report.delegate],
        f"Returned: {report.get_kind_display().lower()} {report.indicator.code} {report.period}",
        f"{person_name(by)} returned the {report.get_kind_display().lower()} for "
        f"{_title(report)}.\n\nTheir comment:\n{report.return_comment}\n\n"
        f"Revise it and submit it again: {_where(report)}",
    )


def queue_approved(report: ExceptionReport, by: Any) -> None:
    _on_commit(
        [report.author, report.delegate, report.completed_by],
        f"Approved: {report.get_kind_display().lower()} {report.indicator.code} {report.period}",
        f"{person_name(by)} approved the {report.get_kind_display().lower()} for "
        f"{_title(report)} on {report.approved_on:%d %B %Y}. It will go into the "
        f"performance report for {report.period}.\n\n{_where(report)}",
    )
