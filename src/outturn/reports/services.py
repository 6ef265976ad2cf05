"""The life of a report pack: create, write the front sheet, build versions, sign off, publish.

States: draft → signed off → published. Versions are built in the background (a task),
numbered per pack with who asked and when, and their files never change. Sign-off is of
one ready version, by the scope's director or the performance team; publishing releases
that version and freezes the pack. Each change locks the pack row, checks the state it
starts from, and is recorded in the audit history.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from outturn.accounts import roles
from outturn.engine.periods import Period, PeriodKind
from outturn.reports.build import ScopeError, build_report, parse_scope, resolve_scope
from outturn.reports.charts import draw_charts
from outturn.reports.content import CLOSING_SECTIONS, FRONT_SHEET_FIELDS
from outturn.reports.models import (
    FileFormat,
    PackFile,
    PackState,
    PackVersion,
    ReportPack,
    VersionState,
)
from outturn.reports.renderers import FORMATS, renderer
from outturn.scorecard.models import Directorate, Indicator

logger = logging.getLogger(__name__)

AnyUser = User | AnonymousUser

EDITABLE_FIELDS = frozenset(
    [name for name, _ in FRONT_SHEET_FIELDS] + [name for name, _ in CLOSING_SECTIONS]
)


class PackRefused(ValidationError):
    """A change the pack's state does not allow (someone else may have got there first)."""


def _record(obj: Any, by: Any, reason: str) -> None:
    obj._change_reason = reason
    if by is not None and getattr(by, "pk", None) is not None:
        obj._history_user = by


# --- who may do what ----------------------------------------------------------------------


def scope_directors(scope: str) -> set[int]:
    """Ids of the directors who answer for a scope's indicators.

    A directorate's report: its director. A committee's: the directors of the directorates
    whose indicators it receives. The council pack covers every directorate, so the
    performance lead signs it off.
    """
    kind, code = parse_scope(scope)
    if kind == "directorate":
        ids = list(Directorate.objects.filter(code=code).values_list("director_id", flat=True))
    elif kind == "committee":
        ids = list(
            Indicator.objects.filter(committees__code=code)
            .values_list("directorate__director_id", flat=True)
            .distinct()
        )
    else:
        return set()
    return {pk for pk in ids if pk is not None}


def may_manage(user: AnyUser) -> bool:
    """The performance team compiles packs: front sheets, builds and publishing."""
    return roles.is_performance_team(user)


def may_sign_off(user: AnyUser, pack: ReportPack) -> bool:
    if roles.is_performance_team(user):
        return True
    pk = getattr(user, "pk", None)
    return pk is not None and pk in scope_directors(pack.scope)


def may_see_drafts(user: AnyUser, pack: ReportPack) -> bool:
    """Unpublished versions: the people who compile or sign off the pack."""
    return may_sign_off(user, pack)


def may_download(user: AnyUser, pack: ReportPack, version: PackVersion) -> bool:
    """A published pack's released version: any signed-in user; others: compilers and signers."""
    if not user.is_authenticated or version.state != VersionState.READY:
        return False  # a failed or unfinished build's files are partial
    if pack.state == PackState.PUBLISHED and version.pk == pack.signed_off_version_id:
        return True
    return may_see_drafts(user, pack)


# --- creating and editing -------------------------------------------------------------------


def _check_period(period: Period) -> None:
    if period.kind is not PeriodKind.QUARTER:
        raise ValidationError({"period": f"{period} is not a quarter: packs report on quarters."})


@transaction.atomic
def report_pack_create(
    *, period: Period, scope: str, by: AnyUser, fields: Mapping[str, Any] | None = None
) -> ReportPack:
    """A new draft pack for a quarter and a scope; one per quarter and scope."""
    if not may_manage(by):
        raise PermissionDenied("Only the performance team creates report packs.")
    _check_period(period)
    try:
        resolved = resolve_scope(scope)
    except ScopeError as error:
        raise ValidationError({"scope": str(error)}) from error
    key = resolved.scope.key
    if ReportPack.objects.filter(period=period, scope=key).exists():
        raise ValidationError({"scope": f"There is already a {period} pack for this scope."})
    pack = ReportPack(period=period, scope=key)
    for name, value in (fields or {}).items():
        _set_field(pack, name, value)
    pack.full_clean()
    _record(pack, by, "Pack created")
    pack.save()
    return pack


def _set_field(pack: ReportPack, name: str, value: Any) -> None:
    if name not in EDITABLE_FIELDS:
        raise ValidationError({name: f"{name} is not a front-sheet field or closing section."})
    setattr(pack, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def report_pack_update(*, pack: ReportPack, fields: Mapping[str, Any], by: AnyUser) -> ReportPack:
    """Change the front sheet or closing sections; later builds use the new text."""
    if not may_manage(by):
        raise PermissionDenied("Only the performance team edits report packs.")
    locked = ReportPack.objects.select_for_update().get(pk=pack.pk)
    if locked.state == PackState.PUBLISHED:
        raise PackRefused("This pack is published: it can no longer be changed.")
    changed = []
    for name, value in fields.items():
        _set_field(locked, name, value)
        changed.append(name)
    if not changed:
        return locked
    locked.full_clean()
    _record(locked, by, "Front sheet edited")
    locked.save(update_fields=[*changed, "updated_at"])
    return locked


# --- versions -------------------------------------------------------------------------------


@transaction.atomic
def pack_version_request(
    *, pack: ReportPack, by: AnyUser | None, automatic: bool = False
) -> PackVersion:
    """Number a new version and queue its build once this transaction commits."""
    if not automatic and (by is None or not may_manage(by)):
        raise PermissionDenied("Only the performance team builds report packs.")
    locked = ReportPack.objects.select_for_update().get(pk=pack.pk)
    if locked.state == PackState.PUBLISHED:
        raise PackRefused("This pack is published: no further versions can be built.")
    latest = locked.versions.aggregate(latest=Max("number"))["latest"] or 0
    version = PackVersion(
        pack=locked,
        number=latest + 1,
        automatic=automatic,
        built_by=by if isinstance(by, User) else None,
        requested_at=timezone.now(),
        progress_message="Waiting for the background worker",
    )
    reason = "Automatic build after the last exception report" if automatic else "Build requested"
    _record(version, by, reason)
    version.save()

    def enqueue() -> None:
        from outturn.reports.tasks import build_pack_version

        build_pack_version.enqueue(version.pk)

    transaction.on_commit(enqueue)
    return version


def _progress(version: PackVersion, percent: int, message: str) -> None:
    # A progress tick is not a change of state: no audit record, just the two columns.
    PackVersion.objects.filter(pk=version.pk).update(progress=percent, progress_message=message)


def _file_name(pack: ReportPack, number: int, file_format: str) -> str:
    kind, code = parse_scope(pack.scope)
    stem = "corporate-performance-report" if kind == "council" else f"{kind}-{code}-report"
    period = re.sub(r"[^a-z0-9]+", "-", str(pack.period).lower()).strip("-")
    return f"{stem}-{period}-v{number}.{file_format}"


def pack_version_build(*, version_id: int, formats: tuple[str, ...] = ()) -> PackVersion:
    """Build a queued version: the report model, its charts, then each format's file.

    Runs in the background task, outside one long transaction: each step records its
    progress, the files are stored as they are made, and the version becomes ready (or
    failed, with the reason) at the end. Only one worker can take a queued version.
    """
    taken = PackVersion.objects.filter(pk=version_id, state=VersionState.QUEUED).update(
        state=VersionState.BUILDING, progress=1, progress_message="Reading the figures"
    )
    version = PackVersion.objects.select_related("pack").get(pk=version_id)
    if not taken:
        return version
    try:
        pack = version.pack
        report = build_report(
            period=pack.period, scope=pack.scope, pack=pack, version=version.number
        )
        _progress(version, 10, "Drawing charts")
        draw_charts(report.charts())
        formats = formats or FORMATS  # every format unless asked for fewer
        steps = len(formats)
        for index, file_format in enumerate(formats):
            _progress(
                version, 20 + 75 * index // steps, f"Writing the {FileFormat(file_format).label}"
            )
            content = renderer(file_format)(report)
            stored = PackFile(
                version=version,
                format=file_format,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )
            stored.file.save(
                _file_name(pack, version.number, file_format), ContentFile(content), save=False
            )
            stored.save()
    except Exception as error:
        logger.exception("Building %s failed", version)
        _finish(version, VersionState.FAILED, error=f"{type(error).__name__}: {error}")
        raise
    return _finish(version, VersionState.READY)


@transaction.atomic
def _finish(version: PackVersion, state: str, *, error: str = "") -> PackVersion:
    locked = PackVersion.objects.select_for_update().get(pk=version.pk)
    locked.state = state
    locked.error = error
    if state == VersionState.READY:
        locked.progress, locked.progress_message = 100, "Ready"
        locked.built_at = timezone.now()
    else:
        locked.progress_message = "Failed"
    _record(locked, locked.built_by, "Build finished" if not error else "Build failed")
    locked.save(update_fields=["state", "error", "progress", "progress_message", "built_at"])
    return locked


# --- sign-off and publishing -------------------------------------------------------------------


@transaction.atomic
def report_pack_sign_off(*, pack: ReportPack, version: PackVersion, by: AnyUser) -> ReportPack:
    """Sign off one ready version (again, to replace an earlier sign-off)."""
    if not may_sign_off(by, pack):
        raise PermissionDenied(
            "Only the director responsible for this report or the performance team signs it off."
        )
    locked = ReportPack.objects.select_for_update().get(pk=pack.pk)
    if locked.state == PackState.PUBLISHED:
        raise PackRefused("This pack is already published.")
    if version.pack_id != locked.pk or version.state != VersionState.READY:
        raise PackRefused(f"Version {version.number} is not a finished build of this pack.")
    locked.state = PackState.SIGNED_OFF
    locked.signed_off_version = version
    locked.signed_off_by = by  # type: ignore[assignment]
    locked.signed_off_at = timezone.now()
    _record(locked, by, f"Signed off version {version.number}")
    locked.save(
        update_fields=[
            "state",
            "signed_off_version",
            "signed_off_by",
            "signed_off_at",
            "updated_at",
        ]
    )
    return locked


@transaction.atomic
def report_pack_publish(*, pack: ReportPack, by: AnyUser) -> ReportPack:
    """Publish the signed-off version. The pack is frozen from now on."""
    if not may_manage(by):
        raise PermissionDenied("Only the performance team publishes report packs.")
    locked = ReportPack.objects.select_for_update().get(pk=pack.pk)
    if locked.state != PackState.SIGNED_OFF:
        state = locked.get_state_display().lower()
        raise PackRefused(f"Only a signed-off pack can be published; this one is {state}.")
    locked.state = PackState.PUBLISHED
    locked.published_by = by  # type: ignore[assignment]
    locked.published_at = timezone.now()
    _record(locked, by, f"Published version {locked.signed_off_version.number}")  # type: ignore[union-attr]
    locked.save(update_fields=["state", "published_by", "published_at", "updated_at"])
    return locked


def council_pack_for(period: Period) -> ReportPack:
    """The quarter's council pack, created (empty) if the performance team has not yet."""
    pack = ReportPack.objects.filter(period=period, scope="council").first()
    if pack is not None:
        return pack
    pack = ReportPack(period=period, scope="council")
    _record(pack, None, "Pack created for an automatic build")
    try:
        with transaction.atomic():
            pack.save()
    except IntegrityError:  # created at the same moment by another approval
        return ReportPack.objects.get(period=period, scope="council")
    return pack
