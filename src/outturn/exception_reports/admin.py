"""Exception reports in the admin: settings to change, reports to look at (not to edit).

Reports change only through the workflow's services (the pages), so every change is
checked and recorded the same way; the admin shows them and their history read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from outturn.exception_reports.models import ExceptionReport, ExceptionRuleSettings
from outturn.scorecard.audit_admin import AuditedAdmin


@admin.register(ExceptionRuleSettings)
class ExceptionRuleSettingsAdmin(AuditedAdmin):
    fieldsets = [
        (
            "Reasons that call for a report",
            {
                "fields": [
                    "count_red",
                    "count_special_cause_concern",
                    "count_assurance_fail",
                    "count_forecast_red",
                    "count_beats_target_margin",
                    "count_special_cause_improvement",
                ]
            },
        ),
        ("Positive reports", {"fields": ["positive_margin_kind", "positive_margin"]}),
        ("Deadlines", {"fields": ["working_days_to_write"]}),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not ExceptionRuleSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ExceptionReport)
class ExceptionReportAdmin(AuditedAdmin):
    list_display = ["indicator", "period", "kind", "state", "author", "due_date", "approved_on"]
    list_filter = ["state", "kind", "source", "period"]
    search_fields = ["indicator__code", "indicator__title"]
    list_select_related = ["indicator", "author"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
