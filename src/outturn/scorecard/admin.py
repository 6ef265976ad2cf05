"""The register, maintained by the performance team in Django's admin."""

from __future__ import annotations

from django.contrib import admin

from outturn.scorecard import models
from outturn.scorecard.audit_admin import AuditedAdmin


@admin.register(models.Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "is_demo"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(models.Directorate)
class DirectorateAdmin(AuditedAdmin):
    list_display = ["code", "name", "director"]
    search_fields = ["code", "name"]


@admin.register(models.ServiceUnit)
class ServiceUnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "directorate", "head", "deputy"]
    list_filter = ["directorate"]
    search_fields = ["code", "name"]
    list_select_related = ["directorate", "head", "deputy"]


@admin.register(models.CorporatePriority)
class CorporatePriorityAdmin(AuditedAdmin):
    list_display = ["code", "name", "order"]
    search_fields = ["code", "name"]


@admin.register(models.Portfolio)
class PortfolioAdmin(AuditedAdmin):
    list_display = ["code", "name", "holder_name"]
    search_fields = ["code", "name", "holder_name"]


@admin.register(models.Committee)
class CommitteeAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(models.ComparatorGroup)
class ComparatorGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order"]
    search_fields = ["code", "name"]


class TargetInline(admin.TabularInline):
    model = models.Target
    extra = 0
    fields = ["period", "kind", "value", "band_low", "band_high", "basis", "benchmark"]
    raw_id_fields = ["benchmark"]
    show_change_link = True


class ToleranceInline(admin.TabularInline):
    model = models.Tolerance
    extra = 0
    fields = ["applies_from", "kind", "value"]


class BenchmarkInline(admin.TabularInline):
    model = models.Benchmark
    extra = 0
    fields = ["group", "organisation", "period", "value", "source"]


@admin.register(models.Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = [
        "code",
        "title",
        "directorate",
        "service_unit",
        "priority",
        "unit",
        "frequency",
        "polarity",
        "is_public",
    ]
    list_display_links = ["code", "title"]
    list_filter = [
        "directorate",
        "priority",
        "frequency",
        "polarity",
        "unit",
        "aggregation",
        "is_public",
        "committees",
    ]
    search_fields = ["code", "title", "description", "source"]
    list_select_related = ["directorate", "service_unit", "priority"]
    filter_horizontal = ["committees"]
    autocomplete_fields = ["responsible_officer", "data_owner"]
    inlines = [TargetInline, ToleranceInline, BenchmarkInline]
    fieldsets = [
        (None, {"fields": ["code", "title", "description", "order"]}),
        (
            "How it is measured",
            {
                "fields": [
                    "polarity",
                    "unit",
                    "decimals",
                    "frequency",
                    "aggregation",
                    "numerator_label",
                    "denominator_label",
                    "secondary_label",
                    "source",
                    "lag_months",
                    "direction_threshold",
                ]
            },
        ),
        (
            "Ownership and reporting",
            {
                "fields": [
                    "directorate",
                    "service_unit",
                    "responsible_officer",
                    "data_owner",
                    "priority",
                    "portfolio",
                    "committees",
                    "is_public",
                    "active_from",
                    "active_to",
                ]
            },
        ),
    ]


@admin.register(models.Benchmark)
class BenchmarkAdmin(AuditedAdmin):
    list_display = ["indicator", "group", "organisation", "period", "value", "source"]
    list_filter = ["group"]
    search_fields = ["indicator__code", "indicator__title", "source"]
    list_select_related = ["indicator", "group", "organisation"]
    raw_id_fields = ["indicator"]


@admin.register(models.Outturn)
class OutturnAdmin(AuditedAdmin):
    """Read-mostly: values change through the data round so every rule and audit applies."""

    list_display = ["indicator", "period", "value", "secondary_value", "state", "entered_by"]
    list_filter = ["state", "indicator__directorate"]
    search_fields = ["indicator__code", "indicator__title", "period", "note"]
    list_select_related = ["indicator", "entered_by"]
    readonly_fields = [
        "indicator",
        "period",
        "value",
        "numerator",
        "denominator",
        "secondary_value",
        "note",
        "state",
        "entered_by",
        "entered_at",
        "approved_by",
        "approved_at",
        "published_at",
    ]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(models.Restatement)
class RestatementAdmin(admin.ModelAdmin):
    list_display = ["outturn", "previous_value", "new_value", "restated_by", "restated_at"]
    search_fields = ["outturn__indicator__code", "reason"]
    readonly_fields = [f.name for f in models.Restatement._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
