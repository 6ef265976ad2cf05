"""Links between Outturn's users and their accounts at the council's identity provider."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CouncilAccount(models.Model):
    """The provider's stable id for a user (Entra ID's ``oid``, otherwise ``sub``).

    Names, email addresses and user principal names change when people marry or move
    team; the provider's object id does not, so it is what finds the user next time.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_accounts"
    )
    issuer = models.CharField(max_length=255, help_text="The provider that vouches for the id.")
    subject = models.CharField(max_length=255, help_text="The provider's id for the person.")
    linked_at = models.DateTimeField(auto_now_add=True)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="council_account_unique"),
            models.UniqueConstraint(fields=["user", "issuer"], name="council_account_one_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.issuer}"
