"""Pages for importing a round's outturns: the template, the upload, the import's progress.

The rules are all in :mod:`outturn.transfer.services`; these views only move the file
and show what the service said. A small file is imported while the person waits; a
large one is handed to the background task and its page follows the task's progress.
"""

from __future__ import annotations

import pathlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from outturn.accounts.roles import is_performance_team
from outturn.engine.periods import Period
from outturn.rounds.models import Round, RoundState
from outturn.transfer.files import UnsafeFile, refuse_unsafe
from outturn.transfer.models import ImportJob, ImportState
from outturn.transfer.outturns.columns import Problem
from outturn.transfer.outturns.reading import estimate_rows
from outturn.transfer.outturns.template import (
    template_csv,
    template_filename,
    template_rows,
    template_xlsx,
)
from outturn.transfer.services import (
    BACKGROUND_ROWS,
    import_job_create,
    import_job_run,
    may_import_outturns,
)
from outturn.transfer.tasks import import_outturns_job

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload the completed file",
        error_messages={
            "required": "Select the completed template (an .xlsx or .csv file)",
            "empty": "The selected file is empty: select the completed template",
        },
    )


def _round_for(request: HttpRequest, period: Period) -> Round:
    if not may_import_outturns(request.user):  # type: ignore[arg-type]
        raise PermissionDenied("Only data owners and the performance team import values.")
    return get_object_or_404(Round, period=period)


@contextmanager
def _on_disk(upload: UploadedFile) -> Iterator[pathlib.Path]:
    """The uploaded file as a path: Django keeps small uploads in memory."""
    temporary = getattr(upload, "temporary_file_path", None)
    if temporary is not None:
        yield pathlib.Path(temporary())
        return
    with tempfile.NamedTemporaryFile(suffix=pathlib.PurePath(upload.name or "").suffix) as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        yield pathlib.Path(copy.name)


@login_required
def upload(request: HttpRequest, period: Period) -> HttpResponse:
    """The round's import page: download the template, upload it back."""
    round_ = _round_for(request, period)
    user: Any = request.user
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[Problem] = []
    problem_count = 0
    if request.method == "POST" and round_.state != RoundState.OPEN:
        form.add_error(
            None, f"The {round_.period} round is closed: values can no longer be imported."
        )
    elif request.method == "POST" and form.is_valid():
        uploaded: UploadedFile = form.cleaned_data["file"]
        filename = pathlib.PurePath(uploaded.name or "upload").name
        with _on_disk(uploaded) as path:
            try:
                file_format = refuse_unsafe(path, filename=filename)
            except UnsafeFile as error:
                form.add_error("file", str(error))
            else:
                estimate = estimate_rows(path, kind=file_format)
                with path.open("rb") as handle:
                    job = import_job_create(
                        upload=File(handle),
                        filename=filename,
                        file_format=file_format,
                        round_=round_,
                        by=user,
                    )
                if estimate is None or estimate > BACKGROUND_ROWS:
                    job_id = job.pk
                    transaction.on_commit(lambda: import_outturns_job.enqueue(job_id))
                    return redirect("web:imports-job", pk=job.pk)
                finished = import_job_run(job_id=job.pk)
                if finished is not None and finished.state == ImportState.SUCCEEDED:
                    return redirect("web:imports-job", pk=job.pk)
                if finished is not None:
                    problems = [Problem.from_json(p) for p in finished.problems]
                    problem_count = finished.problem_count
                    form.add_error(
                        "file",
                        f"{filename} has {_count(problem_count, 'problem')}: nothing was "
                        "imported. Correct the file and upload it again",
                    )
    errors: list[tuple[str, str | None]] = [(str(text), None) for text in form.non_field_errors()]
    if not problems:
        errors += [(str(text), form["file"].id_for_label) for text in form["file"].errors]
    rows = template_rows(round_=round_, by=user) if round_.state == RoundState.OPEN else []
    jobs = ImportJob.objects.filter(round=round_, created_by=user).order_by("-created_at")[:5]
    return render(
        request,
        "outturn/imports/upload.html",
        {
            "round": round_,
            "form": form,
            "errors": errors,
            "problems": problems,
            "problem_count": problem_count,
            "link_to": form["file"].id_for_label,
            "hidden_problems": max(problem_count - len(problems), 0),
            "due_count": len(rows),
            "jobs": jobs,
            "background_rows": BACKGROUND_ROWS,
        },
    )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


@login_required
def template_download(request: HttpRequest, period: Period, file_format: str) -> HttpResponse:
    """The round's template, filled with the values still due from the person asking."""
    round_ = _round_for(request, period)
    if file_format not in CONTENT_TYPES:
        raise Http404("Templates come as .xlsx or .csv")
    rows = template_rows(round_=round_, by=request.user)  # type: ignore[arg-type]
    body = template_xlsx(rows) if file_format == "xlsx" else template_csv(rows)
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="{template_filename(round_, file_format)}"'
    )
    return response


def _job_for(request: HttpRequest, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("round", "created_by"), pk=pk)
    if job.created_by_id != request.user.pk and not is_performance_team(request.user):
        raise PermissionDenied("This import is someone else's.")
    return job


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's progress while it runs, then what it imported or why it could not."""
    job = _job_for(request, pk)
    problems = [Problem.from_json(p) for p in job.problems]
    return render(
        request,
        "outturn/imports/job.html",
        {
            "job": job,
            "problems": problems,
            "hidden_problems": max(job.problem_count - len(problems), 0),
            "status_url": reverse("web:imports-job-status", kwargs={"pk": job.pk}),
        },
    )


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The import's progress for the page's script, which updates the page as it runs."""
    job = _job_for(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "stage_label": job.get_stage_display() if job.stage else "",
            "rows_done": job.rows_done,
            "rows_total": job.rows_total,
            "percent": job.percent_done,
            "finished": job.finished,
        }
    )
