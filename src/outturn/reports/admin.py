"""Report packs in the admin: read their history; changes go through the pack pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from outturn.reports.models import PackFile, PackVersion, ReportPack
from outturn.scorecard.audit_admin import AuditedAdmin


class ReadOnly:
    """Packs change only through the services (state, numbering, audit), never by hand."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PackVersionInline(ReadOnly, admin.TabularInline):
    model = PackVersion
    fields = ("number", "state", "progress", "automatic", "built_by", "requested_at", "built_at")
    readonly_fields = fields
    extra = 0


@admin.register(ReportPack)
class ReportPackAdmin(ReadOnly, AuditedAdmin):
    list_display = (
        "period",
        "scope",
        "state",
        "meeting_date",
        "signed_off_version",
        "published_at",
    )
    list_filter = ("state", "scope")
    search_fields = ("scope", "report_subject")
    inlines = [PackVersionInline]


class PackFileInline(ReadOnly, admin.TabularInline):
    model = PackFile
    fields = ("format", "file", "size", "sha256")
    readonly_fields = fields
    extra = 0


@admin.register(PackVersion)
class PackVersionAdmin(ReadOnly, AuditedAdmin):
    list_display = ("pack", "number", "state", "automatic", "built_by", "built_at")
    list_filter = ("state", "automatic")
    inlines = [PackFileInline]
