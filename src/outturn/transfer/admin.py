"""Import jobs in the admin: a read-only record of who imported which file, and how it went."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from outturn.transfer.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["filename", "kind", "round", "created_by", "created_at", "state", "rows_total"]
    list_filter = ["state", "kind"]
    search_fields = ["filename", "created_by__username"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in ImportJob._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
