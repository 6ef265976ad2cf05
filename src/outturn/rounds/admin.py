from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from outturn.rounds.models import Reminder, Round
from outturn.scorecard.audit_admin import AuditedAdmin


@admin.register(Round)
class RoundAdmin(AuditedAdmin):
    """Read-only: rounds open, close and reopen through the round page and its services,
    which check deadlines and roles."""

    list_display = ["period", "deadline", "state", "opened_at", "closed_at"]
    list_filter = ["state"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["recipient", "sent_on", "items"]
    list_filter = ["sent_on"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
