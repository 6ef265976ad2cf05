"""Who may do what: the council's roles, scoped to directorates and service units.

Roles are Django groups (so an OpenID Connect provider's groups can map onto them); the
scope comes from the register itself: an indicator's data owner and responsible officer,
its service unit's head and deputy, its directorate's director. Every service and every
view asks these functions, so the rules live here once.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from outturn.scorecard.models import Indicator, ServiceUnit

    AnyUser = User | AnonymousUser


class Role(StrEnum):
    """The council's roles, named as the groups that carry them."""

    PERFORMANCE_TEAM = "Performance team"
    DATA_OWNER = "Data owner"
    RESPONSIBLE_OFFICER = "Responsible officer"
    HEAD_OF_SERVICE = "Head of service"
    DIRECTOR = "Director"
    COUNCILLOR = "Councillor"


def _pk(user: Any) -> Any:
    return getattr(user, "pk", None)


def has_role(user: AnyUser, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    names: set[str] | None = getattr(user, "_outturn_roles", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._outturn_roles = names  # type: ignore[attr-defined]
    return role.value in names


def is_performance_team(user: AnyUser) -> bool:
    """The performance team runs the cycle: rounds, publishing, reports, the register."""
    if not user.is_authenticated:
        return False
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.PERFORMANCE_TEAM)


def is_unit_approver(user: AnyUser, unit: ServiceUnit) -> bool:
    """The head of a service unit, or the deputy named to approve in their absence."""
    pk = _pk(user)
    return pk is not None and pk in (unit.head_id, unit.deputy_id)


def may_enter(user: AnyUser, indicator: Indicator) -> bool:
    """The data owner enters an indicator's outturns; the performance team may for anyone."""
    pk = _pk(user)
    if pk is None:
        return False
    return indicator.data_owner_id == pk or is_performance_team(user)


def may_approve(user: AnyUser, indicator: Indicator) -> bool:
    """The head (or deputy) of the indicator's service approves its values.

    The performance team does not: it publishes what services have approved, and
    keeping the two apart is the point of the sign-off.
    """
    return is_unit_approver(user, indicator.service_unit)


def may_publish(user: AnyUser) -> bool:
    return is_performance_team(user)


def may_see_unpublished(user: AnyUser, indicator: Indicator) -> bool:
    """Figures still in the round: the people who enter, approve or answer for them."""
    pk = _pk(user)
    if pk is None:
        return False
    return (
        is_performance_team(user)
        or pk in (indicator.data_owner_id, indicator.responsible_officer_id)
        or is_unit_approver(user, indicator.service_unit)
        or indicator.directorate.director_id == pk
    )


def may_see_private(user: AnyUser) -> bool:
    """Published figures of indicators not on the public scorecard: any signed-in user."""
    return bool(user.is_authenticated)


def unpublished_scope(user: AnyUser) -> Q:
    """Indicators whose unpublished figures ``user`` may see, as a filter on Indicator."""
    pk = _pk(user)
    if pk is None:
        return Q(pk__in=[])
    if is_performance_team(user):
        return Q()
    return (
        Q(data_owner_id=pk)
        | Q(responsible_officer_id=pk)
        | Q(service_unit__head_id=pk)
        | Q(service_unit__deputy_id=pk)
        | Q(directorate__director_id=pk)
    )


def entry_scope(user: AnyUser) -> Q:
    """Indicators ``user`` owns and enters values for ("my data").

    The performance team may enter any value (``may_enter``), but its own list holds
    only what it owns: everything else is reached from the round page.
    """
    pk = _pk(user)
    if pk is None:
        return Q(pk__in=[])
    return Q(data_owner_id=pk)


def approval_scope(user: AnyUser) -> Q:
    """Indicators whose values wait for ``user``'s approval."""
    pk = _pk(user)
    if pk is None:
        return Q(pk__in=[])
    return Q(service_unit__head_id=pk) | Q(service_unit__deputy_id=pk)
