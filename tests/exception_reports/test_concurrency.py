"""Two approvers pressing "Approve" at the same moment: one transition, one refusal."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from outturn.exception_reports.models import ExceptionReport, ReportState
from outturn.exception_reports.services import (
    ReportText,
    TransitionRefused,
    exception_report_approve,
    exception_report_save,
    exception_report_submit,
)
from tests.exception_reports.conftest import Council, report_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_approvals_record_one_transition(council: Council) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database cannot serve two writing threads")
    report = report_for(council)
    text = ReportText("Why it went well", "What next", "What we learnt", "Why it matters")
    exception_report_save(report=report, text=text, version=1, by=council.author)
    exception_report_submit(report=report, by=council.author)

    start = threading.Barrier(2)
    outcomes: list[str] = []

    def press_approve(user: Any) -> None:
        try:
            stale = ExceptionReport.objects.get(pk=report.pk)  # both see it submitted
            start.wait(timeout=10)
            exception_report_approve(report=stale, by=user)
            outcomes.append("approved")
        except TransitionRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=press_approve, args=(who,))
        for who in (council.head, council.deputy)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["approved", "refused"]
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    approvals = report.history.filter(history_change_reason="Approved")
    assert approvals.count() == 1
    assert report.approved_by_id == approvals.get().history_user_id
