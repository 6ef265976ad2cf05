"""Import jobs: an uploaded file, its progress and its outcome.

A large file is imported by a background task; the job row is how the upload page, the
worker and the person waiting for it share what is happening. Small uploads get a job
too, so every import leaves a record of who brought in which file, when and with what
result. The uploaded file is kept (under MEDIA_ROOT) as the record of what was imported.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models

from outturn.rounds.models import Round
from outturn.scorecard.fields import PeriodField


def _upload_to(instance: Any, filename: str) -> str:
    """Stored under a random name: the user's file name is kept in ``filename`` only."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"imports/{uuid.uuid4().hex}.{suffix}"


class ImportKind(models.TextChoices):
    OUTTURNS = "outturns", "Outturns"


class ImportState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "In progress"
    SUCCEEDED = "succeeded", "Imported"
    FAILED = "failed", "Not imported"


class ImportStage(models.TextChoices):
    READING = "reading", "Reading the file"
    CHECKING = "checking", "Checking every row"
    WRITING = "writing", "Saving the values"


class ImportJob(models.Model):
    """One file brought in by one person, and what became of it."""

    kind = models.CharField(max_length=20, choices=ImportKind.choices, default=ImportKind.OUTTURNS)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    filename = models.CharField(max_length=255, help_text="The file's name as uploaded.")
    file = models.FileField(upload_to=_upload_to, max_length=300)
    file_format = models.CharField(max_length=10, help_text="xlsx or csv")
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.PROTECT, related_name="import_jobs"
    )
    period = PeriodField(
        null=True, blank=True, help_text="The period every row must be for, when one was given."
    )
    state = models.CharField(max_length=20, choices=ImportState.choices, default=ImportState.QUEUED)
    stage = models.CharField(max_length=20, choices=ImportStage.choices, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    problems = models.JSONField(
        default=list, blank=True, help_text="Why the file was not imported (the first 1,000)."
    )
    problem_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    replaced_count = models.PositiveIntegerField(default=0)
    blank_rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=ImportState.values), name="import_job_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ImportKind.values), name="import_job_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def finished(self) -> bool:
        return self.state in (ImportState.SUCCEEDED, ImportState.FAILED)

    @property
    def percent_done(self) -> int:
        if self.state == ImportState.SUCCEEDED:
            return 100
        if not self.rows_total:
            return 0
        return min(99, round(100 * self.rows_done / self.rows_total))
