"""Council accounts in the admin: who is linked to which provider id, and when they last used it."""

from __future__ import annotations

from django.contrib import admin

from outturn.accounts.models import CouncilAccount


@admin.register(CouncilAccount)
class CouncilAccountAdmin(admin.ModelAdmin[CouncilAccount]):
    list_display = ("user", "subject", "issuer", "linked_at", "last_signed_in_at")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__email", "subject")
    # Links are made by signing in; the admin may remove one (to re-link), not forge one.
    readonly_fields = ("user", "issuer", "subject", "linked_at", "last_signed_in_at")

    def has_add_permission(self, request: object) -> bool:
        return False
