"""My tasks gathers what waits for each person: values, exception reports, targets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from outturn.engine.periods import parse_period, quarter_containing
from outturn.exception_reports.models import ReportState
from outturn.rounds.models import Round
from outturn.scorecard.models import OutturnState
from tests import factories
from tests.exception_reports.conftest import Council, make_council, report_for


@pytest.fixture
def council(db: None) -> Council:
    made = make_council()
    last_quarter = quarter_containing(timezone.localdate()).previous()
    Round.objects.create(
        period=last_quarter,
        deadline=timezone.localdate() + timedelta(days=10),
        opened_at=timezone.now(),
    )
    return made


def _tasks(user: object) -> str:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get("/tasks/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_data_owner_sees_values_due_and_reports_to_write(council: Council) -> None:
    report_for(council, period=parse_period("2025/26 Q2"), due_date=date(2020, 1, 1))

    html = _tasks(council.author)

    assert "Values to enter or submit" in html
    assert "Exception reports to write" in html
    assert "1 overdue" in html
    assert "to approve" not in html


def test_a_head_of_service_sees_what_waits_for_approval(council: Council) -> None:
    period = quarter_containing(timezone.localdate()).previous()
    factories.outturn(council.indicator, str(period), "250", state=OutturnState.SUBMITTED)
    report_for(council, state=ReportState.SUBMITTED)

    html = _tasks(council.head)

    assert "Values to approve" in html
    assert "Exception reports to approve" in html
    assert "Values to enter" not in html


def test_the_performance_team_sees_values_to_publish(council: Council) -> None:
    period = quarter_containing(timezone.localdate()).previous()
    factories.outturn(council.indicator, str(period), "250", state=OutturnState.APPROVED)

    html = _tasks(council.performance)

    assert f"Approved values to publish, {period}" in html


def test_someone_with_nothing_to_do_is_told_so(council: Council) -> None:
    assert "Nothing is waiting for you" in _tasks(council.outsider)
    assert Client().get("/tasks/").status_code == 302
