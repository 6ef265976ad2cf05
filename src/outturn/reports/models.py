"""Report packs: a committee report for a period and a scope, and its numbered versions.

The performance team writes the front sheet and closing sections on the pack; each build
renders the current figures into a new :class:`PackVersion` whose files never change.
A pack is signed off (one version, by the scope's director or the performance team) and
then published; a published pack is frozen, and later corrections to its figures appear
as restatements in the next report.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from outturn.scorecard.fields import PeriodField


class PackState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED_OFF = "signed_off", "Signed off"
    PUBLISHED = "published", "Published"


class PaperStatus(models.TextChoices):
    PUBLIC = "public", "Public report"
    EXEMPT = "exempt", "Exempt report"


class ReportPack(models.Model):
    """One committee report: the Cabinet pack, a directorate's or a committee's KPI report."""

    period = PeriodField(help_text="The quarter reported on, e.g. 2025/26 Q2.")
    scope = models.CharField(
        max_length=64,
        help_text="council, directorate:CODE or committee:CODE.",
    )
    state = models.CharField(max_length=12, choices=PackState.choices, default=PackState.DRAFT)

    # The front sheet, as committee papers print it.
    report_subject = models.CharField(max_length=300, blank=True)
    meeting_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=PaperStatus.choices, default=PaperStatus.PUBLIC
    )
    executive_summary = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    reason_for_recommendations = models.TextField(blank=True)
    portfolio_holders = models.TextField(blank=True)
    corporate_director = models.TextField(blank=True)
    report_authors = models.TextField(blank=True)
    wards = models.CharField(max_length=300, blank=True)
    classification = models.CharField(max_length=200, blank=True)

    # The closing sections.
    options_appraisal = models.TextField(blank=True)
    financial_implications = models.TextField(blank=True)
    legal_implications = models.TextField(blank=True)
    human_resources_implications = models.TextField(blank=True)
    sustainability_impact = models.TextField(blank=True)
    public_health_implications = models.TextField(blank=True)
    equality_implications = models.TextField(blank=True)
    risk_assessment = models.TextField(blank=True)
    background_papers = models.TextField(blank=True)
    appendices = models.TextField(blank=True)

    signed_off_version = models.ForeignKey(
        "PackVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period", "scope"]
        constraints = [
            models.UniqueConstraint(fields=["period", "scope"], name="report_pack_one_per_scope"),
            models.CheckConstraint(
                condition=models.Q(state__in=PackState.values), name="report_pack_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PaperStatus.values),
                name="report_pack_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(state="draft") | models.Q(signed_off_version__isnull=False),
                name="report_pack_signed_off_has_version",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="published") | models.Q(published_at__isnull=False),
                name="report_pack_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.period}"

    @property
    def is_frozen(self) -> bool:
        return self.state == PackState.PUBLISHED


class VersionState(models.TextChoices):
    QUEUED = "queued", "Waiting to be built"
    BUILDING = "building", "Being built"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class PackVersion(models.Model):
    """One build of a pack: numbered, with who asked for it and when, and its files."""

    pack = models.ForeignKey(ReportPack, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    state = models.CharField(
        max_length=10, choices=VersionState.choices, default=VersionState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    progress_message = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    automatic = models.BooleanField(
        default=False, help_text="Built because the period's last exception report was approved."
    )
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who asked for the build (the approver, for an automatic one).",
    )
    requested_at = models.DateTimeField()
    built_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pack", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "number"], name="pack_version_number_unique"),
            models.CheckConstraint(
                condition=models.Q(state__in=VersionState.values),
                name="pack_version_state_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="ready") | models.Q(built_at__isnull=False),
                name="pack_version_ready_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pack} version {self.number}"


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word"
    HTML = "html", "Web page (HTML)"
    XLSX = "xlsx", "Excel data appendix"


CONTENT_TYPES = {
    FileFormat.PDF: "application/pdf",
    FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileFormat.HTML: "text/html; charset=utf-8",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def version_file_path(instance: PackFile, filename: str) -> str:
    version = instance.version
    return f"report-packs/{version.pack_id}/v{version.number}/{filename}"


class PackFile(models.Model):
    """A version's document in one format. Written once, never replaced."""

    version = models.ForeignKey(PackVersion, on_delete=models.PROTECT, related_name="files")
    format = models.CharField(max_length=5, choices=FileFormat.choices)
    file = models.FileField(upload_to=version_file_path, max_length=300)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["version", "format"]
        constraints = [
            models.UniqueConstraint(fields=["version", "format"], name="pack_file_one_per_format"),
            models.CheckConstraint(
                condition=models.Q(format__in=FileFormat.values), name="pack_file_format_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.get_format_display()}"
