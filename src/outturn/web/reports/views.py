"""Pages of report packs: the list, the front sheet, a preview, builds, sign-off, publishing.

The performance team compiles packs; the director responsible for a pack's scope (or the
performance team) signs it off; once published, its released version can be downloaded by
anyone signed in. Every change goes through ``outturn.reports.services``, which checks
again, so a forged POST meets the same rules as the button.

Published packs are not offered to the public without signing in: a council publishes
committee papers through its committee system, which takes the PDF or Word file.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from outturn.reports import services
from outturn.reports.build import ScopeError, build_report, resolve_scope
from outturn.reports.charts import cache_root, chart_path, draw_charts
from outturn.reports.content import Chart
from outturn.reports.models import (
    CONTENT_TYPES,
    FileFormat,
    PackFile,
    PackState,
    PackVersion,
    ReportPack,
    VersionState,
)
from outturn.reports.renderers.html import report_context
from outturn.web.reports.forms import FrontSheetForm, NewPackForm, SignOffForm
from outturn.web.service_errors import attach_service_errors as _errors

STATE_TAGS: dict[str, str] = {
    PackState.DRAFT: "govuk-tag--grey",
    PackState.SIGNED_OFF: "govuk-tag--blue",
    PackState.PUBLISHED: "govuk-tag--green",
}
VERSION_TAGS: dict[str, str] = {
    VersionState.QUEUED: "govuk-tag--grey",
    VersionState.BUILDING: "govuk-tag--blue",
    VersionState.READY: "govuk-tag--green",
    VersionState.FAILED: "govuk-tag--red",
}
SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


def scope_name(scope: str) -> str:
    try:
        return resolve_scope(scope).scope.name
    except ScopeError:
        return scope


def _pack(request: HttpRequest, pk: int) -> ReportPack:
    pack = get_object_or_404(
        ReportPack.objects.select_related("signed_off_version", "signed_off_by", "published_by"),
        pk=pk,
    )
    if not (services.may_see_drafts(request.user, pack) or pack.state == PackState.PUBLISHED):
        raise PermissionDenied("This report pack has not been published yet.")
    return pack


@login_required
def pack_list(request: HttpRequest) -> HttpResponse:
    """Packs the user may see: every one for the performance team and signers."""
    user = request.user
    packs = [
        pack
        for pack in ReportPack.objects.all()
        if pack.state == PackState.PUBLISHED or services.may_see_drafts(user, pack)
    ]
    form = None
    if services.may_manage(user):
        form = NewPackForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                pack = services.report_pack_create(
                    period=form.cleaned_data["period"], scope=form.cleaned_data["scope"], by=user
                )
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, "Pack created. Write its front sheet next.")
                return redirect("web:reports-edit", pk=pack.pk)
    elif request.method == "POST":
        raise PermissionDenied("Only the performance team creates report packs.")
    rows = [
        {"pack": pack, "scope": scope_name(pack.scope), "tag": STATE_TAGS[pack.state]}
        for pack in packs
    ]
    return render(request, "outturn/reports/list.html", {"rows": rows, "form": form})


@login_required
def pack_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pack = _pack(request, pk)
    user = request.user
    drafts = services.may_see_drafts(user, pack)
    versions = list(pack.versions.select_related("built_by").prefetch_related("files"))
    if not drafts:
        versions = [v for v in versions if v.pk == pack.signed_off_version_id]
    ready = [(v.number, f"Version {v.number}") for v in versions if v.state == VersionState.READY]
    sign_off_form = SignOffForm(versions=ready) if ready else None
    return render(
        request,
        "outturn/reports/detail.html",
        {
            "pack": pack,
            "scope": scope_name(pack.scope),
            "tag": STATE_TAGS[pack.state],
            "versions": [
                {
                    "version": v,
                    "tag": VERSION_TAGS[v.state],
                    "files": sorted(v.files.all(), key=lambda f: list(FileFormat).index(f.format)),
                }
                for v in versions
            ],
            "in_progress": [
                v for v in versions if v.state in (VersionState.QUEUED, VersionState.BUILDING)
            ],
            "may_manage": services.may_manage(user) and pack.state != PackState.PUBLISHED,
            "may_sign_off": services.may_sign_off(user, pack) and pack.state != PackState.PUBLISHED,
            "may_preview": drafts,
            "sign_off_form": sign_off_form,
        },
    )


@login_required
def pack_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pack = _pack(request, pk)
    if not services.may_manage(request.user):
        raise PermissionDenied("Only the performance team edits report packs.")
    if pack.state == PackState.PUBLISHED:
        messages.info(request, "This pack is published and can no longer be changed.")
        return redirect("web:reports-pack", pk=pack.pk)
    form = FrontSheetForm(request.POST or None, instance=pack)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_pack_update(pack=pack, fields=form.cleaned_data, by=request.user)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Front sheet saved. The next version built will use it.")
            return redirect("web:reports-pack", pk=pack.pk)
    return render(
        request,
        "outturn/reports/edit.html",
        {"pack": pack, "scope": scope_name(pack.scope), "form": form},
    )


def _chart_url(chart: Chart) -> str:
    path = chart_path(chart)
    return reverse("web:reports-chart", args=[path.parent.name, path.name])


@login_required
def pack_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The report from the current published figures and front sheet: no version is stored."""
    pack = _pack(request, pk)
    if not services.may_see_drafts(request.user, pack):
        raise PermissionDenied("Only the people compiling or signing off this pack preview it.")
    report = build_report(period=pack.period, scope=pack.scope, pack=pack)
    draw_charts(report.charts())
    context = report_context(report, _chart_url)
    context["pack"] = pack
    return render(request, "outturn/reports/preview.html", context)


@login_required
def chart_image(request: HttpRequest, code: str, name: str) -> FileResponse:
    """A chart from the cache (drawn when its page was built)."""
    if not (SAFE_NAME.match(code) and SAFE_NAME.match(name) and name.endswith(".png")):
        raise Http404("No such chart")
    root = cache_root().resolve()
    path = (root / code / name).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise Http404("No such chart")
    return FileResponse(path.open("rb"), content_type="image/png")


@login_required
@require_POST
def pack_build(request: HttpRequest, pk: int) -> HttpResponse:
    pack = _pack(request, pk)
    try:
        version = services.pack_version_request(pack=pack, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Version {version.number} is being built.")
    return redirect("web:reports-pack", pk=pack.pk)


@login_required
def version_progress(request: HttpRequest, pk: int, number: int) -> JsonResponse:
    pack = _pack(request, pk)
    if not services.may_see_drafts(request.user, pack):
        raise PermissionDenied("Only the people compiling this pack follow its builds.")
    version = get_object_or_404(PackVersion, pack=pack, number=number)
    return JsonResponse(
        {
            "state": version.state,
            "state_label": version.get_state_display(),
            "progress": version.progress,
            "message": version.progress_message,
        }
    )


@login_required
@require_POST
def pack_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    pack = _pack(request, pk)
    versions = list(pack.versions.filter(state=VersionState.READY))
    form = SignOffForm(request.POST, versions=[(v.number, str(v.number)) for v in versions])
    if not form.is_valid():
        messages.error(request, "Choose a finished version to sign off.")
        return redirect("web:reports-pack", pk=pack.pk)
    version = next(v for v in versions if v.number == form.cleaned_data["version"])
    try:
        services.report_pack_sign_off(pack=pack, version=version, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Version {version.number} signed off.")
    return redirect("web:reports-pack", pk=pack.pk)


@login_required
@require_POST
def pack_publish(request: HttpRequest, pk: int) -> HttpResponse:
    pack = _pack(request, pk)
    try:
        services.report_pack_publish(pack=pack, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Pack published. It can no longer be changed.")
    return redirect("web:reports-pack", pk=pack.pk)


@login_required
def version_download(request: HttpRequest, pk: int, number: int, file_format: str) -> FileResponse:
    pack = _pack(request, pk)
    version = get_object_or_404(PackVersion, pack=pack, number=number)
    if not services.may_download(request.user, pack, version):
        raise PermissionDenied("This version has not been published.")
    stored = get_object_or_404(PackFile, version=version, format=file_format)
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=(stored.file.name or "").rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES[FileFormat(file_format)],
    )
