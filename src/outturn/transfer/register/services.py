"""Writing a checked register file: all of it in one transaction, or nothing.

A code (or an indicator and period) already in Outturn is updated, a new one created; a row
identical to what is stored changes nothing, so importing the same file twice is harmless.
Every write is in the audit history with the importer as its author. Past outturns arrive
as published figures; a published figure that the file changes is restated (with the file
named as the reason), never edited in place, as any published figure would be.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from outturn.accounts.roles import is_performance_team
from outturn.engine.periods import Period, PeriodKind
from outturn.scorecard.models import (
    Benchmark,
    Committee,
    ComparatorGroup,
    CorporatePriority,
    Directorate,
    Indicator,
    Organisation,
    Outturn,
    OutturnState,
    Portfolio,
    ServiceUnit,
    Target,
    Tolerance,
)
from outturn.scorecard.services import outturn_restate
from outturn.transfer.register import kinds as k
from outturn.transfer.register.checking import CheckedRegister, Incoming, check_register
from outturn.transfer.register.reading import RegisterFile

__all__ = ["Change", "ImportSummary", "register_import"]

M = TypeVar("M", bound=models.Model)

CREATED, UPDATED, UNCHANGED, RESTATED = "created", "updated", "unchanged", "restated"
HISTORY_REASON_LENGTH = 100


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


@dataclass(frozen=True)
class Change:
    """What the import did (or, in a dry run, would do) with one row."""

    kind: k.Kind
    row: int
    label: str
    action: str
    fields: tuple[str, ...] = ()


@dataclass
class ImportSummary:
    source: str
    dry_run: bool
    changes: list[Change] = field(default_factory=list)

    def counts(self) -> list[tuple[k.Kind, dict[str, int]]]:
        """Per kind, in sheet order: how many rows were created, updated, restated, unchanged."""
        tally: dict[str, Counter[str]] = {}
        for change in self.changes:
            tally.setdefault(change.kind.slug, Counter())[change.action] += 1
        return [
            (kind, {action: tally[kind.slug][action] for action in _ACTIONS})
            for kind in k.KINDS
            if kind.slug in tally
        ]

    @property
    def changed(self) -> list[Change]:
        return [change for change in self.changes if change.action != UNCHANGED]

    def describe(self) -> str:
        lines = []
        for kind, counts in self.counts():
            parts = [f"{n} {action}" for action, n in counts.items() if n]
            lines.append(f"{kind.sheet}: {', '.join(parts)}")
        return "\n".join(lines) or "The file holds no rows."


_ACTIONS = (CREATED, UPDATED, RESTATED, UNCHANGED)


@transaction.atomic
def register_import(
    *, register: RegisterFile, by: User | None, dry_run: bool = False
) -> ImportSummary:
    """Check ``register`` whole, then write it; with ``dry_run`` write nothing.

    ``by`` is the performance team member importing, recorded in the audit history; None
    only for a command run on the server by its operator, who is trusted. Raises
    :class:`~.problems.RegisterProblems` listing every problem when the file is not clean,
    in which case nothing is written.
    """
    if by is not None and not is_performance_team(by):
        raise PermissionDenied("Only the performance team imports the register.")
    checked = check_register(register)
    writer = _Writer(by=by, source=register.source)
    writer.write(checked)
    if dry_run:
        # Every write ran (so the preview is exactly what an import does) and is undone.
        transaction.set_rollback(True)
    return ImportSummary(source=register.source, dry_run=dry_run, changes=writer.changes)


class _Writer:
    def __init__(self, *, by: User | None, source: str) -> None:
        self.by = by
        self.restatement_reason = f"Imported from {source}"
        # The audit history keeps at most 100 characters of a reason.
        self.reason = _shorten(self.restatement_reason, HISTORY_REASON_LENGTH)
        # To the second, as files carry times: an export imported again is then unchanged.
        self.now = timezone.now().replace(microsecond=0)
        self.changes: list[Change] = []
        self.codes: dict[type[models.Model], dict[str, Any]] = {}

    # -- helpers ---------------------------------------------------------------------------

    def _by_code(self, model: type[M]) -> dict[str, M]:
        if model not in self.codes:
            self.codes[model] = {obj.code: obj for obj in model._default_manager.all()}  # type: ignore[attr-defined]
        return self.codes[model]

    def _ref(self, model: type[M], code: str | None) -> M | None:
        return None if code is None else self._by_code(model)[code]

    def _audit(self, obj: models.Model) -> None:
        obj._change_reason = self.reason  # type: ignore[attr-defined]
        if self.by is not None:
            obj._history_user = self.by  # type: ignore[attr-defined]

    def _note(self, row: Incoming, action: str, fields: Iterable[str] = ()) -> None:
        self.changes.append(Change(row.kind, row.row, row.label(), action, tuple(fields)))

    def _apply(
        self,
        row: Incoming,
        obj: M | None,
        model: type[M],
        values: dict[str, Any],
        key: dict[str, Any],
    ) -> M:
        """Create ``obj`` or update the fields of it that differ from ``values``."""
        if obj is None:
            obj = model(**key, **values)
            self._audit(obj)
            obj.save()
            self._note(row, CREATED)
            return obj
        changed = [name for name, value in values.items() if _differs(obj, name, value)]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            self._audit(obj)
            obj.save(update_fields=changed)
            self._note(row, UPDATED, changed)
        else:
            self._note(row, UNCHANGED)
        return obj

    def _coded(
        self,
        kind: k.Kind,
        model: type[M],
        rows: list[Incoming],
        fields: dict[str, tuple[str, type[models.Model] | None]],
    ) -> None:
        """Write a kind keyed by its code. ``fields`` maps column to (field, referenced model)."""
        existing = self._by_code(model)
        for row in rows:
            values = {}
            for column, value in row.values.items():
                name, target = fields.get(column, (column, None))
                values[name] = self._ref(target, value) if target is not None else value
            code = row.key[0]
            existing[code] = self._apply(row, existing.get(code), model, values, {"code": code})

    # -- the kinds ---------------------------------------------------------------------------

    def write(self, checked: CheckedRegister) -> None:
        self._coded(k.DIRECTORATES, Directorate, checked.of(k.DIRECTORATES), {})
        self._coded(
            k.SERVICE_UNITS,
            ServiceUnit,
            checked.of(k.SERVICE_UNITS),
            {"directorate_code": ("directorate", Directorate)},
        )
        self._coded(k.PRIORITIES, CorporatePriority, checked.of(k.PRIORITIES), {})
        self._coded(k.PORTFOLIOS, Portfolio, checked.of(k.PORTFOLIOS), {})
        self._coded(k.COMMITTEES, Committee, checked.of(k.COMMITTEES), {})
        self._coded(k.COMPARATOR_GROUPS, ComparatorGroup, checked.of(k.COMPARATOR_GROUPS), {})
        self._coded(k.ORGANISATIONS, Organisation, checked.of(k.ORGANISATIONS), {})
        self._indicators(checked.of(k.INDICATORS))
        self._benchmarks(checked.of(k.BENCHMARKS))
        self._targets(checked.of(k.TARGETS))
        self._tolerances(checked.of(k.TOLERANCES))
        self._outturns(checked.of(k.OUTTURNS))

    def _indicators(self, rows: list[Incoming]) -> None:
        self._coded(
            k.INDICATORS,
            Indicator,
            [_without(row, "committee_codes") for row in rows],
            {
                "directorate_code": ("directorate", Directorate),
                "service_unit_code": ("service_unit", ServiceUnit),
                "priority_code": ("priority", CorporatePriority),
                "portfolio_code": ("portfolio", Portfolio),
            },
        )
        indicators = self._by_code(Indicator)
        committees = self._by_code(Committee)
        start = len(self.changes) - len(rows)
        for offset, row in enumerate(rows):
            if "committee_codes" not in row.values:
                continue
            indicator = indicators[row.key[0]]
            wanted = set(row.values["committee_codes"])
            current = set(indicator.committees.values_list("code", flat=True))
            if wanted == current:
                continue
            self._audit(indicator)
            indicator.committees.set([committees[code] for code in wanted])
            change = self.changes[start + offset]
            action = CREATED if change.action == CREATED else UPDATED
            fields = change.fields if action == CREATED else (*change.fields, "committees")
            self.changes[start + offset] = Change(
                change.kind, change.row, change.label, action, fields
            )

    def _benchmarks(self, rows: list[Incoming]) -> None:
        if not rows:
            return
        indicators = self._by_code(Indicator)
        groups = self._by_code(ComparatorGroup)
        organisations = self._by_code(Organisation)
        existing = {
            _benchmark_key(b): b
            for b in Benchmark.objects.filter(
                indicator__code__in={r.key[0] for r in rows}
            ).select_related("indicator", "group", "organisation")
        }
        for row in rows:
            code, group, organisation, period = row.key
            key_values = {
                "indicator": indicators[code],
                "group": groups[group],
                "organisation": organisations[organisation] if organisation else None,
                "period": period,
            }
            key = (code, group, organisation or None, period)
            obj = self._apply(row, existing.get(key), Benchmark, dict(row.values), key_values)
            existing[key] = obj

    def _targets(self, rows: list[Incoming]) -> None:
        if not rows:
            return
        indicators = self._by_code(Indicator)
        codes = {row.key[0] for row in rows}
        existing = {
            (t.indicator.code, t.period): t
            for t in Target.objects.filter(indicator__code__in=codes).select_related("indicator")
        }
        benchmarks = {
            (b.indicator.code, b.group.code, b.period): b
            for b in Benchmark.objects.filter(
                indicator__code__in=codes, organisation__isnull=True
            ).select_related("indicator", "group")
        }
        # Annual targets first: quarters' and months' targets may be profiled from them.
        ordered = sorted(rows, key=lambda r: r.key[1].kind is not PeriodKind.FINANCIAL_YEAR)
        for row in ordered:
            code, period = row.key
            values = dict(row.values)
            if "benchmark" in values:
                tied = values["benchmark"]
                values["benchmark"] = None if tied is None else benchmarks[(code, *tied)]
            if "profiled_from" in values:
                annual = values["profiled_from"]
                values["profiled_from"] = None if annual is None else existing[(code, annual)]
            key = {"indicator": indicators[code], "period": period}
            existing[(code, period)] = self._apply(
                row, existing.get((code, period)), Target, values, key
            )

    def _tolerances(self, rows: list[Incoming]) -> None:
        if not rows:
            return
        indicators = self._by_code(Indicator)
        existing = {
            (t.indicator.code, t.applies_from): t
            for t in Tolerance.objects.filter(
                indicator__code__in={r.key[0] for r in rows}
            ).select_related("indicator")
        }
        for row in rows:
            code, applies_from = row.key
            key = {"indicator": indicators[code], "applies_from": applies_from}
            self._apply(row, existing.get(row.key), Tolerance, dict(row.values), key)

    def _outturns(self, rows: list[Incoming]) -> None:
        if not rows:
            return
        indicators = self._by_code(Indicator)
        existing = {
            (o.indicator.code, o.period): o
            for o in Outturn.objects.filter(
                indicator__code__in={r.key[0] for r in rows}, state=OutturnState.PUBLISHED
            ).select_related("indicator")
        }
        new: list[Outturn] = []
        for row in rows:
            code, period = row.key
            outturn = existing.get((code, period))
            if outturn is None:
                new.append(self._new_outturn(indicators[code], period, row.values))
                self._note(row, CREATED)
            else:
                self._update_outturn(row, outturn)
        bulk_create_with_history(
            new,
            Outturn,
            batch_size=500,
            default_user=self.by,
            default_change_reason=self.reason,
        )

    def _new_outturn(self, indicator: Indicator, period: Period, values: dict[str, Any]) -> Outturn:
        return Outturn(
            indicator=indicator,
            period=period,
            value=values["value"],
            numerator=values.get("numerator"),
            denominator=values.get("denominator"),
            secondary_value=values.get("secondary_value"),
            note=values.get("note", ""),
            state=OutturnState.PUBLISHED,
            entered_by=self.by,
            entered_at=self.now,
            published_at=values.get("published_at") or self.now,
        )

    def _update_outturn(self, row: Incoming, outturn: Outturn) -> None:
        """A published figure the file changes is restated; its other fields are updated."""
        values = dict(row.values)
        if values.get("published_at") is None:
            values.pop("published_at", None)
        figure = {name: values.pop(name) for name in ("value", "note") if name in values}
        restate = [name for name, value in figure.items() if _differs(outturn, name, value)]
        if restate:
            value = figure.get("value", outturn.value)
            if value is None:  # pragma: no cover - a published outturn always has a value
                raise ValueError(f"{outturn} has no value")
            outturn_restate(
                outturn=outturn,
                value=value,
                note=figure.get("note"),
                reason=self.restatement_reason,
                by=self.by,  # None: a trusted server-side run
            )
            outturn.refresh_from_db()
        parts = [name for name, value in values.items() if _differs(outturn, name, value)]
        if parts:
            for name in parts:
                setattr(outturn, name, values[name])
            self._audit(outturn)
            outturn.save(update_fields=parts)
        if restate:
            self._note(row, RESTATED, (*restate, *parts))
        elif parts:
            self._note(row, UPDATED, parts)
        else:
            self._note(row, UNCHANGED)


def _benchmark_key(b: Benchmark) -> tuple[str, str, str | None, Period]:
    return (
        b.indicator.code,
        b.group.code,
        b.organisation.code if b.organisation else None,
        b.period,
    )


def _without(row: Incoming, column: str) -> Incoming:
    values = {name: value for name, value in row.values.items() if name != column}
    return Incoming(row.kind, row.sheet, row.row, row.key, values)


def _differs(obj: models.Model, name: str, value: Any) -> bool:
    """True when ``value`` is not what ``obj`` holds (related objects compared by key)."""
    model_field = obj._meta.get_field(name)
    if isinstance(model_field, models.ForeignKey):
        current = getattr(obj, model_field.attname)
        return current != (value.pk if value is not None else None)
    current = getattr(obj, name)
    if current in (None, "") and value in (None, ""):
        return False
    if isinstance(current, datetime) and isinstance(value, datetime):
        return current.replace(microsecond=0) != value.replace(microsecond=0)
    return bool(current != value)
