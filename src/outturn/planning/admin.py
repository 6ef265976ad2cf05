"""Target setting in the admin: for reading and the audit history; changes go through the pages."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from outturn.planning.models import PlanningYear, ProposedPeriodTarget, TargetProposal
from outturn.scorecard.audit_admin import AuditedAdmin


class _ReadOnly(AuditedAdmin):
    """State changes must pass the services' checks, so the admin only shows them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(PlanningYear)
class PlanningYearAdmin(_ReadOnly):
    list_display = ["period", "state", "opened_by", "opened_at", "locked_by", "locked_at"]
    list_filter = ["state"]


class ProfileInline(admin.TabularInline):
    model = ProposedPeriodTarget
    extra = 0
    can_delete = False
    fields = ["period", "value"]
    readonly_fields = ["period", "value"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(TargetProposal)
class TargetProposalAdmin(_ReadOnly):
    list_display = ["indicator", "year", "state", "kind", "value", "proposed_by", "decided_by"]
    list_filter = ["year", "state"]
    search_fields = ["indicator__code", "indicator__title"]
    list_select_related = ["indicator", "year", "proposed_by", "decided_by"]
    inlines = [ProfileInline]
