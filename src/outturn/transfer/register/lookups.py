"""What the checks look up: the database's rows and the file's own codes, loaded once."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from outturn.engine.periods import Period, PeriodError, PeriodKind, parse_period
from outturn.engine.values import Unit
from outturn.rounds.models import Round, RoundState
from outturn.scorecard.models import (
    Benchmark,
    Committee,
    ComparatorGroup,
    CorporatePriority,
    Directorate,
    Frequency,
    Indicator,
    Organisation,
    Portfolio,
    ServiceUnit,
    Target,
)
from outturn.transfer.register import kinds as k
from outturn.transfer.register.problems import Problem
from outturn.transfer.register.reading import RegisterFile, Sheet
from outturn.transfer.register.rows import BAD, Bad, RowCells

__all__ = ["Context", "IndicatorFacts"]


@dataclass
class IndicatorFacts:
    """What rows that depend on an indicator need to know about it."""

    unit: Unit
    frequency: Frequency
    decimals: int


class Context:
    """What the checks look up: the database's rows and the file's own codes."""

    def __init__(self, register: RegisterFile, problems: list[Problem]):
        self.register = register
        self.problems = problems
        self.users: dict[str, AbstractBaseUser | None] = {}
        self.file_codes: dict[str, set[str]] = {}
        for slug, sheet in register.sheets.items():
            if "code" in sheet.columns:
                self.file_codes[slug] = {
                    str(cells["code"]) for _, cells in sheet.rows if cells.get("code") is not None
                }
        self.db_codes: dict[str, set[str]] = {
            k.DIRECTORATES.slug: _codes(Directorate),
            k.SERVICE_UNITS.slug: _codes(ServiceUnit),
            k.PRIORITIES.slug: _codes(CorporatePriority),
            k.PORTFOLIOS.slug: _codes(Portfolio),
            k.COMMITTEES.slug: _codes(Committee),
            k.COMPARATOR_GROUPS.slug: _codes(ComparatorGroup),
            k.ORGANISATIONS.slug: _codes(Organisation),
        }
        self.indicators = {i.code: i for i in Indicator.objects.select_related("directorate")}
        self.db_codes[k.INDICATORS.slug] = set(self.indicators)
        self.unit_directorate = dict(
            ServiceUnit.objects.values_list("code", "directorate__code").iterator()
        )
        self.file_unit_directorate: dict[str, str] = {}
        self.facts: dict[str, IndicatorFacts | None] = {}
        self.file_annual_targets = _annual_targets(register.sheet(k.TARGETS))
        self.file_group_benchmarks: set[tuple[str, str, Period]] = set()
        self.db_annual_targets = {
            (code, period)
            for code, period in Target.objects.values_list("indicator__code", "period")
            if period.kind is PeriodKind.FINANCIAL_YEAR
        }
        self.db_group_benchmarks = set(
            Benchmark.objects.filter(organisation__isnull=True).values_list(
                "indicator__code", "group__code", "period"
            )
        )
        self.councils: list[str] = []  # council organisations named by the file
        self.open_rounds = {
            r.period for r in Round.objects.filter(state=RoundState.OPEN).only("period")
        }

    def knows(self, kind: k.Kind, code: str) -> bool:
        return code in self.file_codes.get(kind.slug, set()) or code in self.db_codes[kind.slug]

    def reference(self, row: RowCells, column: str, kind: k.Kind) -> str | Bad | None:
        code = row.code(column)
        if isinstance(code, Bad) or not code:
            return code or None
        if not self.knows(kind, code):
            return row.fail(
                column,
                f"there is no {kind.noun} with the code '{code}' on the "
                f"{kind.sheet} sheet or in Outturn",
            )
        return code

    def user(self, row: RowCells, column: str) -> AbstractBaseUser | Bad | None:
        name = row.text(column)
        if isinstance(name, Bad) or not name:
            return None if not isinstance(name, Bad) else name
        if name not in self.users:
            model = get_user_model()
            self.users[name] = model.objects.filter(**{model.USERNAME_FIELD: name}).first()
        found = self.users[name]
        if found is None:
            return row.fail(
                column, f"there is no user '{name}' in Outturn: create the account first"
            )
        return found

    def indicator(self, row: RowCells, column: str = "indicator_code") -> str | Bad:
        code = self.reference(row, column, k.INDICATORS)
        return BAD if code is None else code  # a blank required cell is already reported

    def facts_for(self, code: str) -> IndicatorFacts | None:
        """Unit, frequency and decimals of an indicator: the file's definition, else stored."""
        if code not in self.facts:
            indicator = self.indicators.get(code)
            self.facts[code] = (
                IndicatorFacts(
                    Unit(indicator.unit), Frequency(indicator.frequency), indicator.decimals
                )
                if indicator
                else None
            )
        return self.facts[code]


def _annual_targets(sheet: Sheet | None) -> set[tuple[str, Period]]:
    """The annual targets a Targets sheet sets, read leniently: the rows are checked later."""
    found: set[tuple[str, Period]] = set()
    for _, cells in sheet.rows if sheet else ():
        code, text = cells.get("indicator_code"), cells.get("period")
        try:
            period = parse_period(str(text))
        except PeriodError:
            continue
        if code is not None and period.kind is PeriodKind.FINANCIAL_YEAR:
            found.add((str(code), period))
    return found


def _codes(model: type[models.Model]) -> set[str]:
    return set(model._default_manager.values_list("code", flat=True))
