"""Who may do what in target setting, built from the council's roles (``accounts.roles``).

The owner of an indicator's figures (its data owner) or the officer who answers for it
(its responsible officer) proposes the targets; the head of its service, or the deputy,
agrees them; the performance team opens and locks the year and may propose for anyone,
since some indicators have no owner yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from outturn.accounts import roles

if TYPE_CHECKING:
    from outturn.accounts.roles import AnyUser
    from outturn.scorecard.models import Indicator


def may_run_target_setting(user: AnyUser) -> bool:
    """Open a year, see its progress, lock it."""
    return roles.is_performance_team(user)


def may_propose_target(user: AnyUser, indicator: Indicator) -> bool:
    pk = getattr(user, "pk", None)
    return roles.may_enter(user, indicator) or (
        pk is not None and pk == indicator.responsible_officer_id
    )


def may_agree_target(user: AnyUser, indicator: Indicator) -> bool:
    """The head (or deputy) of the indicator's service, as for its values."""
    return roles.may_approve(user, indicator)


def may_view_proposal(user: AnyUser, indicator: Indicator) -> bool:
    """Proposals are unpublished figures: the same people who see the round's values."""
    return roles.may_see_unpublished(user, indicator)


def proposer_scope(user: AnyUser) -> Q:
    """Indicators whose targets ``user`` proposes, as a filter on Indicator."""
    if roles.is_performance_team(user):
        return Q()
    pk = getattr(user, "pk", None)
    if pk is None:
        return Q(pk__in=[])
    return roles.entry_scope(user) | Q(responsible_officer_id=pk)


def agreement_scope(user: AnyUser) -> Q:
    """Indicators whose targets wait for ``user``'s agreement, as a filter on Indicator."""
    return roles.approval_scope(user)
