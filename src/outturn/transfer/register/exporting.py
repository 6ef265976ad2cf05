"""The register as a workbook or CSV files, and the blank templates to fill in.

An export is a file the import reads back to the same register: the same sheets, columns and
forms (codes for references, user names for people, periods in their canonical form, exact
decimals). Past outturns are exported only once published, since that is what an import
makes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Prefetch

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
from outturn.transfer.export.tables import Table, csv_bytes, workbook_bytes, zip_bytes
from outturn.transfer.register import kinds as k

__all__ = [
    "readme_table",
    "register_csv_zip",
    "register_tables",
    "register_workbook",
    "template_csv",
    "template_workbook",
]

README_HEADER = ("sheet", "column", "required", "allowed values", "format", "description")


def _username(user: object) -> str | None:
    return None if user is None else user.get_username()  # type: ignore[attr-defined]


def _rows(kind: k.Kind) -> Iterable[Sequence[object]]:
    """The stored rows of ``kind`` in the kind's column order."""
    if kind is k.DIRECTORATES:
        for d in Directorate.objects.select_related("director").order_by("code"):
            yield (d.code, d.name, _username(d.director))
    elif kind is k.SERVICE_UNITS:
        units = ServiceUnit.objects.select_related("directorate", "head", "deputy")
        for u in units.order_by("code"):
            yield (u.code, u.name, u.directorate.code, _username(u.head), _username(u.deputy))
    elif kind is k.PRIORITIES:
        for p in CorporatePriority.objects.order_by("order", "code"):
            yield (p.code, p.name, p.description, p.order)
    elif kind is k.PORTFOLIOS:
        for f in Portfolio.objects.select_related("holder").order_by("code"):
            yield (f.code, f.name, f.holder_name, _username(f.holder))
    elif kind is k.COMMITTEES:
        for c in Committee.objects.order_by("code"):
            yield (c.code, c.name, c.kind)
    elif kind is k.COMPARATOR_GROUPS:
        for g in ComparatorGroup.objects.order_by("order", "code"):
            yield (g.code, g.name, g.order)
    elif kind is k.ORGANISATIONS:
        for organisation in Organisation.objects.order_by("kind", "code"):
            yield (organisation.code, organisation.name, organisation.kind)
    elif kind is k.INDICATORS:
        yield from _indicator_rows()
    elif kind is k.BENCHMARKS:
        benchmarks = Benchmark.objects.select_related("indicator", "group", "organisation")
        for b in benchmarks.order_by(
            "indicator__code", "group__code", "organisation__code", "period"
        ):
            peer = b.organisation.code if b.organisation else None
            yield (b.indicator.code, b.group.code, peer, b.period, b.value, b.source)
    elif kind is k.TARGETS:
        yield from _target_rows()
    elif kind is k.TOLERANCES:
        for t in Tolerance.objects.select_related("indicator").order_by(
            "indicator__code", "applies_from"
        ):
            yield (t.indicator.code, t.applies_from, t.kind, t.value)
    elif kind is k.OUTTURNS:
        outturns = Outturn.objects.filter(state=OutturnState.PUBLISHED).select_related("indicator")
        for o in outturns.order_by("indicator__code", "period").iterator(chunk_size=2000):
            yield (
                o.indicator.code,
                o.period,
                o.value,
                o.numerator,
                o.denominator,
                o.secondary_value,
                o.note,
                o.published_at,
            )


def _indicator_rows() -> Iterable[Sequence[object]]:
    indicators = Indicator.objects.select_related(
        "directorate",
        "service_unit",
        "priority",
        "portfolio",
        "responsible_officer",
        "data_owner",
    ).prefetch_related(Prefetch("committees", queryset=Committee.objects.order_by("code")))
    for i in indicators.order_by("order", "code"):
        yield (
            i.code,
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
            "; ".join(c.code for c in i.committees.all()),
            _username(i.responsible_officer),
            _username(i.data_owner),
            i.is_public,
            i.active_from,
            i.active_to,
            i.order,
        )


def _target_rows() -> Iterable[Sequence[object]]:
    targets = Target.objects.select_related("indicator", "benchmark__group", "profiled_from")
    for t in sorted(targets, key=lambda t: (t.indicator.code, t.period)):
        benchmark = t.benchmark
        yield (
            t.indicator.code,
            t.period,
            t.kind,
            t.value,
            t.band_low,
            t.band_high,
            t.basis,
            benchmark.group.code if benchmark else None,
            benchmark.period if benchmark else None,
            t.profiled_from.period if t.profiled_from else None,
        )


def _check_columns(kind: k.Kind, row: Sequence[object]) -> Sequence[object]:
    if len(row) != len(kind.columns):  # pragma: no cover - a programming error
        raise AssertionError(f"{kind.sheet}: {len(row)} values for {len(kind.columns)} columns")
    return row


def register_tables(kinds: Iterable[k.Kind] = k.KINDS) -> list[Table]:
    return [
        Table(
            kind.sheet,
            [c.name for c in kind.columns],
            [_check_columns(kind, r) for r in _rows(kind)],
        )
        for kind in kinds
    ]


def readme_table(kinds: Iterable[k.Kind] = k.KINDS) -> Table:
    """Every column of every sheet: required or not, allowed values, format, meaning."""
    rows = []
    for kind in kinds:
        rows.append((kind.sheet, "", "", "", "", kind.description))
        for column in kind.columns:
            rows.append(
                (
                    kind.sheet,
                    column.name,
                    column.requirement,
                    ", ".join(column.allowed),
                    column.form,
                    column.description,
                )
            )
    return Table(k.README_SHEET, README_HEADER, rows, wrap=True)


_README_NOTES = (
    "How to fill in a register workbook",
    "Each sheet holds one kind of row; the first row holds the column names. Sheets and "
    "columns you do not need can be left out: a missing column leaves that field of existing "
    "rows unchanged, while a blank cell in a present column clears it.",
    "Row 2 of each template sheet is an example: delete it or type over it.",
    "A code (or an indicator and period) already in Outturn updates that row; a new one is "
    "created. Nothing is deleted. Importing the same file twice changes nothing.",
    "The whole file is checked before anything is saved: every problem is listed with its "
    "sheet, row and column, and nothing is saved until the file is clean.",
    "Outturns are imported as published figures. A published figure changed by the file is "
    "restated, with the file named as the reason.",
    "Text that begins with = + - or @ is written with a leading apostrophe, so spreadsheets "
    "do not run it as a formula; the import removes that apostrophe again.",
)


def _with_readme(tables: list[Table], kinds: Sequence[k.Kind]) -> list[Table]:
    readme = readme_table(kinds)
    notes = [(note, "", "", "", "", "") for note in _README_NOTES]
    intro = Table(
        readme.title, readme.header, [*notes, ("", "", "", "", "", ""), *readme.rows], wrap=True
    )
    return [intro, *tables]


def register_workbook(kinds: Sequence[k.Kind] = k.KINDS) -> bytes:
    """The stored register as an .xlsx workbook with a "Read me" sheet."""
    return workbook_bytes(_with_readme(register_tables(kinds), kinds))


def register_csv_zip(kinds: Sequence[k.Kind] = k.KINDS) -> bytes:
    """The stored register as a zip of CSV files, one per kind, and read-me.csv."""
    files = [
        (kind.csv_name, csv_bytes(table))
        for kind, table in zip(kinds, register_tables(kinds), strict=True)
    ]
    return zip_bytes([*files, ("read-me.csv", csv_bytes(readme_table(kinds)))])


def template_tables(kinds: Sequence[k.Kind]) -> list[Table]:
    return [Table(kind.sheet, [c.name for c in kind.columns], [kind.example_row]) for kind in kinds]


def template_workbook(kinds: Sequence[k.Kind] = k.KINDS) -> bytes:
    """A blank template: for each kind a sheet with its header and one example row."""
    return workbook_bytes(_with_readme(template_tables(kinds), kinds))


def template_csv(kind: k.Kind) -> bytes:
    """One kind's CSV template: its header and one example row."""
    [table] = template_tables([kind])
    return csv_bytes(table)
