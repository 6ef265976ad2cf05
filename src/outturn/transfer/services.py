"""Bulk import of outturns: the one way a file of values gets into the round.

The command line, the upload page and the background task all call
:func:`outturns_import`, so they refuse the same files, report the same problems and
write the same way: the file is checked whole, and only a clean file is written, all of
it in one transaction, with each value in the audit history as "Imported from FILE".
"""

from __future__ import annotations

import logging
import pathlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from outturn.accounts.roles import entry_scope, is_performance_team
from outturn.engine.collection import round_quarter_for
from outturn.engine.periods import Period, parse_period
from outturn.rounds.models import Round, RoundState
from outturn.scorecard.models import Indicator
from outturn.transfer.files import UnsafeFile, refuse_unsafe
from outturn.transfer.models import ImportJob, ImportStage, ImportState
from outturn.transfer.outturns.checking import Scope, check_outturns
from outturn.transfer.outturns.columns import Problem
from outturn.transfer.outturns.reading import read_outturn_file
from outturn.transfer.outturns.writing import ChangedMeanwhile, change_reason, write_outturns

__all__ = [
    "BACKGROUND_ROWS",
    "ImportOutcome",
    "import_job_create",
    "import_job_run",
    "may_import_outturns",
    "outturns_import",
]

logger = logging.getLogger(__name__)

#: Files with more rows than this are imported by the background task.
BACKGROUND_ROWS = 2_000
#: How many problems a job keeps to show; the count says how many there were.
KEPT_PROBLEMS = 1_000

#: Called with the stage, the rows dealt with so far and the rows in all (0 if unknown).
Progress = Callable[[ImportStage, int, int], None]


@dataclass
class ImportOutcome:
    """What an import did: the problems that stopped it, or what it wrote."""

    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    replaced: int = 0
    blank_rows: int = 0

    @property
    def imported(self) -> int:
        return self.created + self.replaced

    @property
    def ok(self) -> bool:
        return not self.problems


def may_import_outturns(user: User) -> bool:
    """Data owners (anyone who enters some indicator's values) and the performance team."""
    if not user.is_authenticated:
        return False
    return is_performance_team(user) or Indicator.objects.filter(entry_scope(user)).exists()


def _problem(message: str) -> ImportOutcome:
    return ImportOutcome(problems=[Problem(None, None, message)])


def outturns_import(
    *,
    path: pathlib.Path,
    filename: str,
    by: User,
    period: Period | None = None,
    round_: Round | None = None,
    progress: Progress | None = None,
    max_bytes: int | None = None,
) -> ImportOutcome:
    """Import a file of outturns as submitted values, or say every reason why not.

    ``period``: every row must be for it, and its round must be open (the command).
    ``round_``: every row must be collected by this open round (the upload page).
    With neither, each row's own round must be open. ``max_bytes`` overrides the
    OUTTURN_IMPORT_MAX_BYTES setting (for scripts that load history in bulk).
    """

    def report(stage: ImportStage, done: int = 0, total: int = 0) -> None:
        if progress is not None:
            progress(stage, done, total)

    try:
        kind = refuse_unsafe(path, filename=filename, max_bytes=max_bytes)
    except UnsafeFile as error:
        return _problem(str(error))
    if period is not None:
        quarter = round_quarter_for(period)
        if not Round.objects.filter(period=quarter, state=RoundState.OPEN).exists():
            return _problem(
                f"No data round is open for {period} (it is collected in the {quarter} "
                "round): ask the performance team to open it."
            )
    if (
        round_ is not None
        and not Round.objects.filter(pk=round_.pk, state=RoundState.OPEN).exists()
    ):
        return _problem(f"The {round_.period} round is closed: values can no longer be imported.")

    report(ImportStage.READING)
    sheet = read_outturn_file(
        path, kind=kind, progress=lambda done: report(ImportStage.READING, done, 0)
    )
    total = sheet.frame.height
    report(ImportStage.CHECKING, 0, total)
    scope = Scope(period=period, round_quarter=round_.period if round_ is not None else None)
    checked = check_outturns(sheet, by=by, scope=scope)
    if not checked.clean:
        return ImportOutcome(problems=checked.problems, rows=total, blank_rows=checked.blank_rows)

    rows = checked.rows
    report(ImportStage.WRITING, 0, rows.height)
    quarters = sorted({round_quarter_for(parse_period(p)) for p in rows["period"].unique()})
    try:
        with transaction.atomic():
            # Locking the rounds makes closing one wait until the import is in.
            still_open = list(
                Round.objects.select_for_update().filter(period__in=quarters, state=RoundState.OPEN)
            )
            if len(still_open) != len(quarters):
                raise ChangedMeanwhile("The round was closed while the file was being checked.")
            written = write_outturns(
                rows,
                by=by,
                reason=change_reason(filename),
                now=timezone.now(),
                progress=lambda done: report(ImportStage.WRITING, done, rows.height),
            )
    except ChangedMeanwhile as error:
        return _problem(f"{error} Nothing was imported: check the file and import it again.")
    except IntegrityError:
        logger.warning("Import of %s collided with another change", filename, exc_info=True)
        return _problem(
            "Some of these values were entered by someone else while the file was being "
            "imported. Nothing was imported: check the file and import it again."
        )
    return ImportOutcome(
        rows=total,
        created=written.created,
        replaced=written.replaced,
        blank_rows=checked.blank_rows,
    )


# --- import jobs (the upload page and the background task) -----------------------------


@transaction.atomic
def import_job_create(
    *, upload: File, filename: str, file_format: str, round_: Round, by: User
) -> ImportJob:
    """Keep an uploaded file (already passed by ``refuse_unsafe``) as a queued job."""
    if not may_import_outturns(by):
        raise PermissionDenied("You do not enter values, so you cannot import them.")
    job = ImportJob(
        created_by=by,
        created_at=timezone.now(),
        filename=pathlib.PurePath(filename).name[:255],
        file_format=file_format,
        round=round_,
        period=round_.period,
    )
    job.file.save(filename, upload, save=False)
    job.save()
    return job


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run a queued job to its end; None when another worker has already taken it.

    Progress is saved as the file is read and checked; the writing is one transaction,
    so the page says "Saving the values" until it is all in.
    """
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportState.QUEUED).update(
        state=ImportState.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("round", "created_by").get(pk=job_id)

    def progress(stage: ImportStage, done: int, total: int) -> None:
        changes: dict[str, object] = {"stage": stage, "rows_done": done}
        if total:
            changes["rows_total"] = total
        ImportJob.objects.filter(pk=job_id).update(**changes)

    try:
        if job.created_by is None:
            outcome = _problem("The person who uploaded this file no longer has an account.")
        else:
            outcome = outturns_import(
                path=pathlib.Path(job.file.path),
                filename=job.filename,
                by=job.created_by,
                round_=job.round,
                progress=progress,
            )
    except Exception:
        logger.exception("Import job %s failed", job_id)
        outcome = _problem(
            "Something went wrong while importing the file, and nothing was imported. "
            "Try again; if it happens again, tell the performance team."
        )
    ImportJob.objects.filter(pk=job_id).update(
        state=ImportState.SUCCEEDED if outcome.ok else ImportState.FAILED,
        finished_at=timezone.now(),
        rows_total=outcome.rows,
        rows_done=outcome.imported,
        problems=[problem.as_json() for problem in outcome.problems[:KEPT_PROBLEMS]],
        problem_count=len(outcome.problems),
        created_count=outcome.created,
        replaced_count=outcome.replaced,
        blank_rows=outcome.blank_rows,
    )
    job.refresh_from_db()
    return job
