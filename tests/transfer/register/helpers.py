"""Helpers for the register tests: importing bytes, a snapshot of the register, wiping it."""

from __future__ import annotations

import pathlib
import tempfile
import zipfile
from io import BytesIO
from typing import Any

from django.contrib.auth.models import User

from outturn.scorecard.models import (
    Benchmark,
    Committee,
    ComparatorGroup,
    CorporatePriority,
    Directorate,
    Indicator,
    Organisation,
    Outturn,
    Portfolio,
    Restatement,
    ServiceUnit,
    Target,
    Tolerance,
)
from outturn.transfer.register.reading import RegisterFile
from outturn.transfer.register.services import ImportSummary, register_import
from outturn.transfer.register.uploads import read_register


def team_member(username: str = "perf") -> User:
    """A superuser (the performance team), created without a password hash for speed."""
    user, _ = User.objects.get_or_create(username=username, defaults={"is_superuser": True})
    return user


def read_bytes(files: dict[str, bytes]) -> RegisterFile:
    """Read files given as name to content, through the same path as an upload."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, content in files.items():
            path = pathlib.Path(folder) / name
            path.write_bytes(content)
            paths.append((path, name))
        return read_register(paths)


def import_bytes(files: dict[str, bytes], *, by: User, dry_run: bool = False) -> ImportSummary:
    return register_import(register=read_bytes(files), by=by, dry_run=dry_run)


def unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _user(user: Any) -> str | None:
    return None if user is None else user.username


def snapshot() -> dict[str, Any]:
    """The register read straight from the models, keyed by natural keys (no ids)."""
    return {
        "directorates": {d.code: (d.name, _user(d.director)) for d in Directorate.objects.all()},
        "service_units": {
            u.code: (u.name, u.directorate.code, _user(u.head), _user(u.deputy))
            for u in ServiceUnit.objects.all()
        },
        "priorities": {
            p.code: (p.name, p.description, p.order) for p in CorporatePriority.objects.all()
        },
        "portfolios": {
            p.code: (p.name, p.holder_name, _user(p.holder)) for p in Portfolio.objects.all()
        },
        "committees": {c.code: (c.name, c.kind) for c in Committee.objects.all()},
        "groups": {g.code: (g.name, g.order) for g in ComparatorGroup.objects.all()},
        "organisations": {o.code: (o.name, o.kind) for o in Organisation.objects.all()},
        "indicators": {
            i.code: (
                i.title,
                i.description,
                i.polarity,
                i.unit,
                i.frequency,
                i.aggregation,
                i.decimals,
                i.numerator_label,
                i.denominator_label,
                i.secondary_label,
                i.source,
                i.lag_months,
                i.direction_threshold,
                i.directorate.code,
                i.service_unit.code,
                i.priority.code,
                i.portfolio.code if i.portfolio else None,
                tuple(sorted(c.code for c in i.committees.all())),
                _user(i.responsible_officer),
                _user(i.data_owner),
                i.is_public,
                i.active_from,
                i.active_to,
                i.order,
            )
            for i in Indicator.objects.all()
        },
        "benchmarks": {
            (
                b.indicator.code,
                b.group.code,
                b.organisation.code if b.organisation else None,
                b.period,
            ): (
                b.value,
                b.source,
            )
            for b in Benchmark.objects.all()
        },
        "targets": {
            (t.indicator.code, t.period): (
                t.kind,
                t.value,
                t.band_low,
                t.band_high,
                t.basis,
                (t.benchmark.group.code, t.benchmark.period) if t.benchmark else None,
                t.profiled_from.period if t.profiled_from else None,
            )
            for t in Target.objects.all()
        },
        "tolerances": {
            (t.indicator.code, t.applies_from): (t.kind, t.value) for t in Tolerance.objects.all()
        },
        "outturns": {
            (o.indicator.code, o.period): (
                o.value,
                o.numerator,
                o.denominator,
                o.secondary_value,
                o.note,
                o.state,
                o.published_at.replace(microsecond=0) if o.published_at else None,
            )
            for o in Outturn.objects.all()
        },
    }


def wipe_register() -> None:
    """Empty every table of the register (users stay: accounts are not imported)."""
    Restatement.objects.all().delete()
    Outturn.objects.all().delete()
    Target.objects.filter(profiled_from__isnull=False).delete()
    Target.objects.all().delete()
    Tolerance.objects.all().delete()
    Benchmark.objects.all().delete()
    Indicator.objects.all().delete()
    for model in (
        Organisation,
        ComparatorGroup,
        Committee,
        Portfolio,
        CorporatePriority,
        ServiceUnit,
        Directorate,
    ):
        model._default_manager.all().delete()
