"""What one visitor may see on the scorecard, asked of ``outturn.accounts.roles``.

The public see public indicators' published values. Anyone signed in also sees the
published values of indicators kept off the public scorecard; those answerable for an
indicator (its data owner, responsible officer, head of service, director, and the
performance team) also see its approved values before they are published.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from outturn.accounts import roles
from outturn.scorecard.models import Indicator

if TYPE_CHECKING:
    from outturn.accounts.roles import AnyUser


@dataclass(frozen=True)
class Visibility:
    signed_in: bool
    private: bool
    """Non-public indicators' published values."""
    unpublished_for: frozenset[int] | bool
    """Indicator ids whose approved values show before publication; True for all."""

    @property
    def key(self) -> str:
        """Distinguishes cached pages: two visitors with equal keys see the same page."""
        if self.unpublished_for is True:
            scope = "all"
        elif self.unpublished_for:
            ids = ",".join(str(pk) for pk in sorted(self.unpublished_for))
            scope = hashlib.sha256(ids.encode()).hexdigest()[:16]
        else:
            scope = "none"
        return f"{int(self.signed_in)}{int(self.private)}:{scope}"

    def sees_unpublished(self, indicator: Indicator) -> bool:
        if isinstance(self.unpublished_for, bool):
            return self.unpublished_for
        return indicator.pk in self.unpublished_for


PUBLIC = Visibility(signed_in=False, private=False, unpublished_for=frozenset())


def visibility_for(user: AnyUser) -> Visibility:
    """One query for a signed-in user (their scope), none for the public."""
    if not user.is_authenticated:
        return PUBLIC
    if roles.is_performance_team(user):
        return Visibility(True, roles.may_see_private(user), True)
    scope = Indicator.objects.filter(roles.unpublished_scope(user)).values_list("pk", flat=True)
    return Visibility(True, roles.may_see_private(user), frozenset(scope))
