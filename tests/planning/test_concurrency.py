"""Two people acting on one proposal at once make one transition.

Real concurrency needs PostgreSQL's row locks; SQLite serialises writers itself, and the
stale-object case (both pages drawn before either click) is covered on both databases in
test_services.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from outturn.planning.models import ProposalState, TargetProposal, YearState
from outturn.planning.services import (
    planning_year_lock,
    planning_year_open,
    target_proposal_agree,
    target_proposal_return,
    target_proposal_save,
)
from tests.planning.conftest import YEAR, People, content, proposal_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


RACING = threading.Event()


@pytest.fixture(autouse=True)
def _slow_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Widen the gap between a service's checks and its write, so the race always overlaps."""
    from outturn.planning import services

    stamp = services._stamp

    def slow_stamp(*args: Any) -> None:
        if RACING.is_set():
            time.sleep(0.3)
        stamp(*args)

    monkeypatch.setattr(services, "_stamp", slow_stamp)


def _race(*actions: Callable[[], Any]) -> list[str]:
    """Run the actions together from one starting line; what each one ended with."""
    start = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action: Callable[[], Any]) -> None:
        from django.db import connections

        try:
            start.wait()
            action()
            outcomes.append("done")
        except ValidationError as error:
            outcomes.append("refused: " + " ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    RACING.set()
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        RACING.clear()
    return sorted(outcomes)


def _proposed(people: People, child_protection: Any) -> TargetProposal:
    year = planning_year_open(period=YEAR, by=people.performance)
    return target_proposal_save(
        proposal=proposal_for(year, child_protection),
        content=content(),
        by=people.owner,
        submit=True,
    )


def test_two_agreements_at_once_make_one_transition(people: People, child_protection: Any) -> None:
    proposal = _proposed(people, child_protection)

    outcomes = _race(
        lambda: target_proposal_agree(proposal=proposal, by=people.head),
        lambda: target_proposal_agree(proposal=proposal, by=people.deputy),
    )

    assert outcomes[0] == "done"
    assert outcomes[1].startswith("refused: CP1's 2027/28 target is agreed")
    assert proposal.history.filter(history_change_reason="Agreed").count() == 1


def test_agree_and_return_at_once_make_one_transition(
    people: People, child_protection: Any
) -> None:
    proposal = _proposed(people, child_protection)

    outcomes = _race(
        lambda: target_proposal_agree(proposal=proposal, by=people.head),
        lambda: target_proposal_return(proposal=proposal, comment="Lower", by=people.deputy),
    )

    assert [o.split(":")[0] for o in outcomes] == ["done", "refused"]
    proposal.refresh_from_db()
    assert proposal.state in (ProposalState.AGREED, ProposalState.RETURNED)
    assert proposal.history.filter(history_change_reason__in=["Agreed", "Returned"]).count() == 1


def test_a_lock_and_an_agreement_at_once_leave_no_agreed_proposal_behind(
    people: People, child_protection: Any
) -> None:
    proposal = _proposed(people, child_protection)

    _race(
        lambda: target_proposal_agree(proposal=proposal, by=people.head),
        lambda: planning_year_lock(year=proposal.year, by=people.performance, skip=[proposal.pk]),
    )

    proposal.refresh_from_db()
    proposal.year.refresh_from_db()
    assert proposal.year.state == YearState.LOCKED
    # Either the agreement landed first and was locked in, or the lock skipped it first.
    assert proposal.state in (ProposalState.LOCKED, ProposalState.SKIPPED)
