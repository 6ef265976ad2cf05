"""Personas for the data round, laid out like a council's org chart, and round helpers.

Children's Services has one service (Safeguarding) with a head and a deputy; Place has
another (Highways) with its own head. The owner enters Safeguarding's figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User

from outturn.accounts.roles import Role
from outturn.rounds.models import Round
from outturn.rounds.services import round_open
from outturn.scorecard.models import Indicator, ServiceUnit
from tests import factories
from tests.rounds.helpers import Q2, Q2_DEADLINE, with_role


@dataclass
class People:
    owner: User
    head: User
    deputy: User
    other_head: User
    other_owner: User
    director: User
    author: User
    performance: User
    outsider: User
    safeguarding: ServiceUnit
    highways: ServiceUnit


@pytest.fixture(autouse=True)
def _quick_passwords(settings: Any) -> None:
    """Nine people a test: the real password hasher would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(db: Any) -> People:
    def person(username: str, first: str, last: str, role: Role | None = None) -> User:
        user = factories.user(username, first_name=first, last_name=last)
        if role is not None:
            with_role(user, role)
        return user  # type: ignore[return-value]

    director = person("director", "Dana", "Director", Role.DIRECTOR)
    head = person("head", "Harriet", "Head", Role.HEAD_OF_SERVICE)
    deputy = person("deputy", "Desmond", "Deputy", Role.HEAD_OF_SERVICE)
    other_head = person("otherhead", "Omar", "Otherhead", Role.HEAD_OF_SERVICE)
    children = factories.directorate(name="Children's Services", director=director)
    place = factories.directorate(name="Place")
    return People(
        owner=person("owner", "Olive", "Owner", Role.DATA_OWNER),
        head=head,
        deputy=deputy,
        other_head=other_head,
        other_owner=person("otherowner", "Oscar", "Otherowner", Role.DATA_OWNER),
        director=director,
        author=person("author", "Ada", "Author", Role.RESPONSIBLE_OFFICER),
        performance=person("performance", "Priya", "Performance", Role.PERFORMANCE_TEAM),
        outsider=person("outsider", "Otto", "Outsider"),
        safeguarding=factories.service_unit(
            name="Safeguarding", directorate=children, head=head, deputy=deputy
        ),
        highways=factories.service_unit(name="Highways", directorate=place, head=other_head),
    )


@pytest.fixture
def indicator(people: People) -> Indicator:
    """A quarterly percentage of Safeguarding's, entered by the owner."""
    return factories.indicator(
        code="CS1",
        title="Increase the share of child protection visits made on time",
        service_unit=people.safeguarding,
        data_owner=people.owner,
        responsible_officer=people.author,
        unit="percentage",
        decimals=1,
    )


@pytest.fixture
def other_indicator(people: People) -> Indicator:
    """Highways' indicator, someone else's business."""
    return factories.indicator(
        code="HW1",
        title="Repair category 1 potholes within 24 hours",
        service_unit=people.highways,
        data_owner=people.other_owner,
        unit="percentage",
    )


@pytest.fixture
def q2_round(people: People) -> Round:
    return round_open(period=Q2, deadline=Q2_DEADLINE, by=people.performance)
