"""Who may do what, read like the council's org chart: one row per persona."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User

from outturn.accounts import roles
from outturn.accounts.roles import Role
from outturn.scorecard.models import Indicator
from tests import factories
from tests.rounds.conftest import People

pytestmark = pytest.mark.django_db

EVERYONE = [
    "owner",
    "head",
    "deputy",
    "other_head",
    "other_owner",
    "director",
    "author",
    "performance",
    "outsider",
]


def who(people: People, name: str) -> User:
    # A fresh object each time, so no role cache from another check leaks in.
    return User.objects.get(pk=getattr(people, name).pk)


@pytest.mark.parametrize(
    ("name", "enter", "approve", "publish", "see_unpublished"),
    [
        ("owner", True, False, False, True),
        ("head", False, True, False, True),
        ("deputy", False, True, False, True),
        ("other_head", False, False, False, False),
        ("other_owner", False, False, False, False),
        ("director", False, False, False, True),
        ("author", False, False, False, True),
        ("performance", True, False, True, True),
        ("outsider", False, False, False, False),
    ],
)
def test_what_each_persona_may_do_with_safeguardings_indicator(
    people: People,
    indicator: Indicator,
    name: str,
    enter: bool,
    approve: bool,
    publish: bool,
    see_unpublished: bool,
) -> None:
    user = who(people, name)
    assert roles.may_enter(user, indicator) is enter
    assert roles.may_approve(user, indicator) is approve
    assert roles.may_publish(user) is publish
    assert roles.may_see_unpublished(user, indicator) is see_unpublished
    assert roles.may_see_private(user) is True


def test_the_other_services_head_approves_only_their_own(
    people: People, indicator: Indicator, other_indicator: Indicator
) -> None:
    assert roles.may_approve(who(people, "other_head"), other_indicator)
    assert not roles.may_approve(who(people, "other_head"), indicator)
    assert not roles.may_approve(who(people, "head"), other_indicator)
    assert roles.is_unit_approver(who(people, "deputy"), people.safeguarding)
    assert not roles.is_unit_approver(who(people, "deputy"), people.highways)


def test_a_superuser_is_the_performance_team_but_does_not_approve(
    people: People, indicator: Indicator
) -> None:
    admin = factories.user("admin", is_superuser=True)
    assert roles.is_performance_team(admin)  # type: ignore[arg-type]
    assert roles.may_publish(admin)  # type: ignore[arg-type]
    assert roles.may_enter(admin, indicator)  # type: ignore[arg-type]
    assert not roles.may_approve(admin, indicator)  # type: ignore[arg-type]
    assert not roles.has_role(admin, Role.PERFORMANCE_TEAM)  # type: ignore[arg-type]


def test_roles_are_django_groups(people: People) -> None:
    assert roles.has_role(who(people, "head"), Role.HEAD_OF_SERVICE)
    assert not roles.has_role(who(people, "head"), Role.PERFORMANCE_TEAM)
    assert roles.has_role(who(people, "performance"), Role.PERFORMANCE_TEAM)
    assert {role.value for role in Role} >= {"Performance team", "Head of service"}


def test_a_group_with_a_near_miss_name_is_not_the_role(people: People) -> None:
    Group.objects.create(name="performance team")  # wrong case: not the role
    outsider = who(people, "outsider")
    outsider.groups.add(Group.objects.get(name="performance team"))
    assert not roles.is_performance_team(who(people, "outsider"))


def test_roles_are_read_once_per_user_object(
    people: People, django_assert_num_queries: Any
) -> None:
    user = who(people, "performance")
    with django_assert_num_queries(1):
        for _ in range(3):
            assert roles.is_performance_team(user)
            assert not roles.has_role(user, Role.DIRECTOR)


def test_a_unit_with_no_head_has_no_approver(people: People) -> None:
    vacant = factories.service_unit(name="Vacant")
    indicator = factories.indicator(service_unit=vacant)
    for name in EVERYONE:
        assert not roles.may_approve(who(people, name), indicator)


def test_an_anonymous_visitor_may_do_nothing(indicator: Indicator) -> None:
    anonymous = AnonymousUser()
    assert not roles.has_role(anonymous, Role.PERFORMANCE_TEAM)
    assert not roles.is_performance_team(anonymous)
    assert not roles.is_unit_approver(anonymous, indicator.service_unit)
    assert not roles.may_enter(anonymous, indicator)
    assert not roles.may_approve(anonymous, indicator)
    assert not roles.may_publish(anonymous)
    assert not roles.may_see_unpublished(anonymous, indicator)
    assert not roles.may_see_private(anonymous)
    for scope in (roles.unpublished_scope, roles.entry_scope, roles.approval_scope):
        assert not Indicator.objects.filter(scope(anonymous)).exists()


def test_an_indicator_with_no_owner_is_entered_only_by_the_performance_team(
    people: People,
) -> None:
    orphan = factories.indicator(service_unit=people.safeguarding, data_owner=None)
    allowed = {name for name in EVERYONE if roles.may_enter(who(people, name), orphan)}
    assert allowed == {"performance"}


# --- scopes agree with the per-indicator checks -----------------------------------------


@pytest.fixture
def indicators(people: People, indicator: Indicator, other_indicator: Indicator) -> list[Any]:
    unowned = factories.indicator(code="CS9", service_unit=people.safeguarding)
    return [indicator, other_indicator, unowned]


def codes(scope: Any) -> set[str]:
    return set(Indicator.objects.filter(scope).values_list("code", flat=True))


@pytest.mark.parametrize("name", EVERYONE)
def test_unpublished_scope_matches_may_see_unpublished(
    people: People, indicators: list[Indicator], name: str
) -> None:
    user = who(people, name)
    expected = {i.code for i in indicators if roles.may_see_unpublished(user, i)}
    assert codes(roles.unpublished_scope(user)) == expected


@pytest.mark.parametrize("name", EVERYONE)
def test_approval_scope_matches_may_approve(
    people: People, indicators: list[Indicator], name: str
) -> None:
    user = who(people, name)
    expected = {i.code for i in indicators if roles.may_approve(user, i)}
    assert codes(roles.approval_scope(user)) == expected


def test_scopes_by_persona(people: People, indicators: list[Indicator]) -> None:
    assert codes(roles.entry_scope(who(people, "owner"))) == {"CS1"}
    assert codes(roles.entry_scope(who(people, "other_owner"))) == {"HW1"}
    assert codes(roles.approval_scope(who(people, "deputy"))) == {"CS1", "CS9"}
    assert codes(roles.unpublished_scope(who(people, "director"))) == {"CS1", "CS9"}
    assert codes(roles.unpublished_scope(who(people, "performance"))) == {"CS1", "HW1", "CS9"}
    assert codes(roles.unpublished_scope(who(people, "outsider"))) == set()


def test_the_entry_scope_is_my_data_even_for_the_performance_team(
    people: People, indicators: list[Indicator]
) -> None:
    # The performance team may enter anyone's values (may_enter), but their own
    # "my data" list holds only the indicators they own.
    performance = who(people, "performance")
    assert codes(roles.entry_scope(performance)) == set()
    assert all(roles.may_enter(performance, i) for i in indicators)
