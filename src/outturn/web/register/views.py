"""Register pages: templates, importing a register, exporting it and the scorecard.

An upload is checked whole and previewed (a dry run through the same service that imports);
only a clean file can be imported, and the import itself checks it again, so a register that
changed in between is never half-written. The uploaded files wait in the default storage
between the preview and the import, keyed by a token held in the user's session.
"""

from __future__ import annotations

import pathlib
import secrets
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from outturn.accounts.roles import is_performance_team
from outturn.engine.periods import Period, PeriodError, parse_period
from outturn.scorecard.selectors import latest_published_quarter
from outturn.transfer.export.scorecard import (
    COLUMNS,
    Audience,
    audience_for,
    scorecard_csv,
    scorecard_dictionary_csv,
    scorecard_workbook,
)
from outturn.transfer.export.tables import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, ZIP_MEDIA_TYPE
from outturn.transfer.files import UnsafeFile
from outturn.transfer.register.exporting import (
    register_csv_zip,
    register_workbook,
    template_csv,
    template_workbook,
)
from outturn.transfer.register.kinds import KINDS, KINDS_BY_SLUG
from outturn.transfer.register.problems import Problem, RegisterProblems
from outturn.transfer.register.services import ImportSummary, register_import
from outturn.transfer.register.uploads import read_register
from outturn.web.register.forms import RegisterUploadForm, ScorecardExportForm

PENDING = "register_import_pending"
STORE = "register-imports"
SHOWN_CHANGES = 500


def _team_only(request: HttpRequest) -> None:
    if not is_performance_team(request.user):
        raise PermissionDenied("Only the performance team manages the register.")


def _download(content: bytes, filename: str, media_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the register ---------------------------------------------------------------------------


@login_required
@require_GET
def register_home(request: HttpRequest) -> HttpResponse:
    """Templates, import and export of the register, in one place."""
    _team_only(request)
    return render(request, "outturn/register/home.html", {"kinds": KINDS})


@login_required
@require_GET
def register_columns(request: HttpRequest) -> HttpResponse:
    """Every column of every template, as the "Read me" sheet describes it."""
    _team_only(request)
    return render(request, "outturn/register/columns.html", {"kinds": KINDS})


@login_required
@require_GET
def register_template(request: HttpRequest, name: str, extension: str) -> HttpResponse:
    """A template: ``register.xlsx`` for every sheet, or one kind's ``.xlsx`` or ``.csv``."""
    _team_only(request)
    if name == "register" and extension == "xlsx":
        return _download(template_workbook(), "register-template.xlsx", XLSX_MEDIA_TYPE)
    kind = KINDS_BY_SLUG.get(name)
    if kind is None:
        raise Http404("There is no such template.")
    if extension == "csv":
        return _download(template_csv(kind), kind.csv_name, CSV_MEDIA_TYPE)
    return _download(template_workbook([kind]), f"{kind.slug}-template.xlsx", XLSX_MEDIA_TYPE)


@login_required
@require_GET
def register_export(request: HttpRequest, extension: str) -> HttpResponse:
    """The stored register: a workbook, or a zip of CSV files."""
    _team_only(request)
    if extension == "zip":
        return _download(register_csv_zip(), "register.zip", ZIP_MEDIA_TYPE)
    return _download(register_workbook(), "register.xlsx", XLSX_MEDIA_TYPE)


@contextmanager
def _on_disk(files: Sequence[tuple[str, File]]) -> Iterator[list[tuple[pathlib.Path, str]]]:
    """Copies of ``files`` (name, content) in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="outturn-register-") as folder:
        paths = []
        for position, (name, content) in enumerate(files):
            path = pathlib.Path(folder) / f"{position}{pathlib.PurePath(name).suffix.lower()}"
            with path.open("wb") as handle:
                for chunk in content.chunks():
                    handle.write(chunk)
            paths.append((path, name))
        yield paths


def _check(
    request: HttpRequest, files: Sequence[tuple[str, File]], *, dry_run: bool
) -> tuple[ImportSummary | None, list[Problem], str | None]:
    """Run the import (or its dry run): (summary, problems, refusal)."""
    with _on_disk(files) as paths:
        try:
            register = read_register(paths)
            user: User = request.user  # type: ignore[assignment]
            return register_import(register=register, by=user, dry_run=dry_run), [], None
        except UnsafeFile as error:
            return None, [], str(error)
        except RegisterProblems as error:
            return None, error.problems, None


def _forget_pending(request: HttpRequest) -> None:
    pending = request.session.pop(PENDING, None)
    if pending:
        for name in pending["stored"]:
            default_storage.delete(name)


def _keep_pending(request: HttpRequest, uploads: Sequence[UploadedFile]) -> str:
    token = secrets.token_urlsafe(16)
    stored = []
    for position, upload in enumerate(uploads):
        upload.seek(0)
        suffix = pathlib.PurePath(upload.name or "").suffix.lower()
        stored.append(default_storage.save(f"{STORE}/{token}/{position}{suffix}", upload))
    request.session[PENDING] = {
        "token": token,
        "stored": stored,
        "names": [pathlib.PurePath(upload.name or "upload").name for upload in uploads],
    }
    return token


@login_required
def register_upload(request: HttpRequest) -> HttpResponse:
    """Upload a register: every problem is listed, or a preview of what would change."""
    _team_only(request)
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        _forget_pending(request)
        uploads: list[UploadedFile] = form.cleaned_data["upload"]
        names = [pathlib.PurePath(upload.name or "upload").name for upload in uploads]
        summary, problems, refusal = _check(
            request,
            [(name, upload) for name, upload in zip(names, uploads, strict=True)],
            dry_run=True,
        )
        if refusal:
            form.add_error("upload", refusal)
        context.update({"problems": problems, "summary": summary, "source": ", ".join(names)})
        if summary is not None:
            context["token"] = _keep_pending(request, uploads)
            context["changes"] = summary.changed[:SHOWN_CHANGES]
            context["more_changes"] = max(0, len(summary.changed) - SHOWN_CHANGES)
    return render(request, "outturn/register/upload.html", context)


@login_required
@require_POST
def register_import_confirm(request: HttpRequest) -> HttpResponse:
    """Import the previewed upload, checking it again against the register as it is now."""
    _team_only(request)
    pending = request.session.get(PENDING)
    if not pending or pending["token"] != request.POST.get("token"):
        messages.error(request, "That preview has expired: upload the file again.")
        return redirect("web:register-upload")
    files = [
        (name, default_storage.open(stored))
        for name, stored in zip(pending["names"], pending["stored"], strict=True)
    ]
    try:
        summary, problems, refusal = _check(request, files, dry_run=False)
    finally:
        for _, handle in files:
            handle.close()
        _forget_pending(request)
    if summary is None:
        form = RegisterUploadForm()
        return render(
            request,
            "outturn/register/upload.html",
            {
                "form": form,
                "problems": problems,
                "refusal": refusal,
                "source": ", ".join(pending["names"]),
            },
        )
    messages.success(
        request, f"Imported {summary.source}. " + summary.describe().replace("\n", ". ")
    )
    return redirect("web:register-home")


# --- the scorecard --------------------------------------------------------------------------


def _filename(quarter: Period, extension: str) -> str:
    return f"scorecard-{str(quarter).replace('/', '-').replace(' ', '-')}.{extension}"


def _scorecard_file(quarter: Period, audience: Audience, extension: str) -> HttpResponse:
    if extension == "csv":
        content = scorecard_csv(quarter=quarter, audience=audience)
        return _download(content, _filename(quarter, "csv"), CSV_MEDIA_TYPE)
    content = scorecard_workbook(quarter=quarter, audience=audience)
    return _download(content, _filename(quarter, "xlsx"), XLSX_MEDIA_TYPE)


@require_GET
def export_scorecard(request: HttpRequest) -> HttpResponse:
    """The scorecard for ``?period=`` (default: the latest published quarter) as a file.

    Open to everyone: the public gets published public indicators, signed-in users every
    published figure, and the performance team with ``unpublished=1`` every figure.
    """
    extension = request.GET.get("format", "xlsx")
    if extension not in ("xlsx", "csv"):
        return HttpResponseBadRequest("format must be xlsx or csv.", content_type="text/plain")
    audience = audience_for(request.user, include_unpublished=request.GET.get("unpublished") == "1")
    quarter = latest_published_quarter()
    if request.GET.get("period"):
        try:
            quarter = parse_period(request.GET["period"]).reporting_quarter()
        except PeriodError as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    if quarter is None:
        raise Http404("Nothing has been published yet.")
    return _scorecard_file(quarter, audience, extension)


@require_GET
def export_dictionary(request: HttpRequest) -> HttpResponse:
    """The scorecard export's data dictionary as CSV."""
    return _download(scorecard_dictionary_csv(), "scorecard-data-dictionary.csv", CSV_MEDIA_TYPE)


@login_required
@require_GET
def export_home(request: HttpRequest) -> HttpResponse:
    """Choose a quarter and format, and download the scorecard."""
    team = is_performance_team(request.user)
    bound = "period" in request.GET
    latest = latest_published_quarter()
    form = ScorecardExportForm(
        request.GET if bound else None,
        initial={"period": str(latest) if latest else ""},
        may_include_unpublished=team,
    )
    if bound and form.is_valid():
        audience = audience_for(
            request.user, include_unpublished=form.cleaned_data.get("include_unpublished", False)
        )
        return _scorecard_file(form.cleaned_data["period"], audience, form.cleaned_data["format"])
    return render(
        request,
        "outturn/register/export.html",
        {
            "form": form,
            "columns": COLUMNS,
            "team": team,
            "register_url": reverse("web:register-home"),
        },
    )
