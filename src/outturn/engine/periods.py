"""Reporting periods: financial years, quarters, months, academic years, terms, snapshot dates.

Every period in Outturn is a :class:`Period`. Text becomes a period in one place,
:func:`parse_period`, and a period prints one way, its :attr:`Period.key`, which is also the
form the database stores, so a period typed as ``Q2 2025-26`` in a spreadsheet and one picked
from a list are the same value.

The council's year runs April to March (2025/26 = 1 April 2025 to 31 March 2026, Q1 = April
to June). Schools run on the academic year, 1 September to 31 August, in three terms that
leave no gaps: Autumn (September to December), Spring (January to March) and Summer (April
to August).
"""

from __future__ import annotations

import calendar
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

__all__ = [
    "Period",
    "PeriodError",
    "PeriodKind",
    "academic_year",
    "financial_year",
    "financial_year_containing",
    "month",
    "parse_period",
    "periods_between",
    "quarter",
    "quarter_containing",
    "reported_period",
    "snapshot",
    "term",
]


class PeriodKind(enum.StrEnum):
    FINANCIAL_YEAR = "financial_year"
    QUARTER = "quarter"
    MONTH = "month"
    ACADEMIC_YEAR = "academic_year"
    TERM = "term"
    SNAPSHOT = "snapshot"


# Module-level aliases: looking members up on an enum class is slow, and periods are hot.
_FINANCIAL_YEAR = PeriodKind.FINANCIAL_YEAR
_QUARTER = PeriodKind.QUARTER
_MONTH = PeriodKind.MONTH
_ACADEMIC_YEAR = PeriodKind.ACADEMIC_YEAR
_TERM = PeriodKind.TERM
_SNAPSHOT = PeriodKind.SNAPSHOT


class PeriodError(ValueError):
    """A period that does not exist or text that names no period.

    ``detail`` is the bare reason (``"there is no quarter 5"``), so that :func:`parse_period`
    can quote the user's text around it.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


_FIRST_YEAR = 1900
_LAST_YEAR = 2200

_MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTHS_BY_NAME = {name.lower(): number for number, name in enumerate(_MONTH_NAMES) if name}
_MONTHS_BY_NAME.update({name[:3].lower(): number for name, number in _MONTHS_BY_NAME.items()})
_MONTHS_BY_NAME["sept"] = 9

# Terms by the month they start in; the order is the order within a calendar year.
_TERM_START_MONTH = {"spring": 1, "summer": 4, "autumn": 9}
_TERM_BY_START_MONTH = {number: season for season, number in _TERM_START_MONTH.items()}
_TERM_END = {1: (3, 31), 4: (8, 31), 9: (12, 31)}

_QUARTER_ENDS = frozenset({(3, 31), (6, 30), (9, 30), (12, 31)})

_KIND_RANK = {kind: rank for rank, kind in enumerate(PeriodKind)}

_ACCEPTED_FORMS = (
    "2025/26 (financial year), 2025/26 Q2 (quarter), September 2025 (month), "
    "2024/25 academic year, Spring term 2025, 31 March 2026 (snapshot date)"
)


def _invalid(detail: str) -> PeriodError:
    return PeriodError(detail[0].upper() + detail[1:] + ".", detail)


_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month_number: int) -> int:
    if month_number == 2 and calendar.isleap(year):
        return 29
    return _DAYS_IN_MONTH[month_number]


def _add_months(d: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the end of a shorter month."""
    year, index = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(year, index + 1, min(d.day, _days_in_month(year, index + 1)))


def _month_end(d: date) -> date:
    return date(d.year, d.month, _days_in_month(d.year, d.month))


def _end_for(kind: PeriodKind, start: date) -> date | None:
    """The last day of the period of ``kind`` beginning on ``start``; None if none begins then."""
    _check_year(start.year)
    if kind is _SNAPSHOT:
        return start
    if start.day != 1:
        return None
    year, month_number = start.year, start.month
    if kind is _MONTH:
        return _month_end(start)
    if kind is _QUARTER:
        if month_number not in (1, 4, 7, 10):
            return None
        return date(year, month_number + 2, _days_in_month(year, month_number + 2))
    if kind is _FINANCIAL_YEAR:
        return date(year + 1, 3, 31) if month_number == 4 else None
    if kind is _ACADEMIC_YEAR:
        return date(year + 1, 8, 31) if month_number == 9 else None
    term_end = _TERM_END.get(month_number)
    return None if term_end is None else date(year, *term_end)


def _year_pair(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def _format_period(period: Period) -> str:
    kind, start = period.kind, period.start
    if kind is _FINANCIAL_YEAR:
        return _year_pair(start.year)
    if kind is _QUARTER:
        year = start.year if start.month >= 4 else start.year - 1
        return f"{_year_pair(year)} Q{period.quarter_number}"
    if kind is _MONTH:
        return f"{_MONTH_NAMES[start.month]} {start.year}"
    if kind is _ACADEMIC_YEAR:
        return f"{_year_pair(start.year)} academic year"
    if kind is _TERM:
        return f"{_TERM_BY_START_MONTH[start.month].capitalize()} term {start.year}"
    return f"{start.day} {_MONTH_NAMES[start.month]} {start.year}"


@dataclass(frozen=True, slots=True, repr=False)
class Period:
    """A reporting period: its kind and its first and last days (both inclusive).

    Periods sort by end date, then start date, then kind, so that a financial year, its
    last quarter, its last month and a snapshot on its last day line up in reading order.
    Equality and hashing use kind, start and end only.
    """

    kind: PeriodKind
    start: date
    end: date
    # The printed form, filled in on first use: periods are printed far more often than made.
    _label: str | None = field(default=None, init=False, compare=False)

    def __post_init__(self) -> None:
        if type(self.kind) is not PeriodKind:
            try:
                object.__setattr__(self, "kind", PeriodKind(self.kind))
            except ValueError:
                raise _invalid(f"{self.kind!r} is not a kind of period") from None
        if _end_for(self.kind, self.start) != self.end:
            raise _invalid(
                f"no {self.kind.replace('_', ' ')} runs from {self.start.isoformat()} "
                f"to {self.end.isoformat()}"
            )

    def __hash__(self) -> int:
        # Kind is left out: periods of different kinds rarely share both dates.
        return hash((self.start, self.end))

    def __str__(self) -> str:
        label = self._label
        if label is None:
            label = _format_period(self)
            object.__setattr__(self, "_label", label)
        return label

    def __repr__(self) -> str:
        return f"<Period {self}>"

    @property
    def key(self) -> str:
        """The canonical printed form; what the database stores."""
        return str(self)

    @property
    def sort_key(self) -> tuple[date, date, int]:
        return (self.end, self.start, _KIND_RANK[self.kind])

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key <= other.sort_key

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key > other.sort_key

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key >= other.sort_key

    @property
    def quarter_number(self) -> int | None:
        """1 to 4 for a financial quarter (Q1 starts in April), else None."""
        if self.kind is not _QUARTER:
            return None
        return (self.start.month - 4) % 12 // 3 + 1

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def previous(self) -> Period:
        """The period of the same kind just before this one on the calendar.

        This is the calendar's predecessor, whether or not the indicator has a value for it:
        direction of travel compares with the period before, and a gap is a gap.
        """
        return self._step(-1)

    def next(self) -> Period:
        """The period of the same kind just after this one on the calendar."""
        return self._step(1)

    def _step(self, direction: int) -> Period:
        kind, start = self.kind, self.start
        if kind is _SNAPSHOT:
            return snapshot(_step_snapshot(start, direction))
        if kind is _TERM:
            return _make(kind, _step_term(start, direction))
        months = 3 if kind is _QUARTER else 1 if kind is _MONTH else 12
        return _make(kind, _add_months(start, months * direction))

    def year_before(self) -> Period:
        """The same period one year earlier: 2025/26 Q2 -> 2024/25 Q2.

        A snapshot moves to the same date a year earlier; 29 February becomes 28 February.
        """
        if self.kind is _SNAPSHOT:
            return snapshot(_add_months(self.start, -12))
        return _make(self.kind, self.start.replace(year=self.start.year - 1))

    def reporting_quarter(self) -> Period:
        """The financial quarter whose scorecard first reports this period (it holds the end)."""
        return quarter_containing(self.end)

    def financial_year(self) -> Period:
        """The financial year that contains this period's last day."""
        return financial_year_containing(self.end)


@lru_cache(maxsize=1 << 16)
def _make(kind: PeriodKind, start: date) -> Period:
    """The period of ``kind`` starting on ``start``; shared, since periods are immutable."""
    end = _end_for(kind, start)
    if end is None:
        raise _invalid(f"no {kind.replace('_', ' ')} starts on {start.isoformat()}")
    return Period(kind, start, end)


def _step_term(start: date, direction: int) -> date:
    """Spring Y -> Summer Y -> Autumn Y -> Spring Y+1, and back."""
    starts = (1, 4, 9)
    index = starts.index(start.month) + direction
    year_shift, index = divmod(index, 3)
    return date(start.year + year_shift, starts[index], 1)


def _step_snapshot(d: date, direction: int) -> date:
    if (d.month, d.day) in _QUARTER_ENDS:
        return _month_end(_add_months(d, 3 * direction))
    if d.day == _days_in_month(d.year, d.month):
        return _month_end(_add_months(d, direction))
    return _add_months(d, direction)


def financial_year(start_year: int) -> Period:
    """The financial year starting 1 April ``start_year``: financial_year(2025) is 2025/26."""
    return _make(_FINANCIAL_YEAR, _first_of(start_year, 4))


def quarter(start_year: int, number: int) -> Period:
    """Quarter ``number`` of the financial year starting in ``start_year``.

    quarter(2025, 2) is 2025/26 Q2 (July to September 2025); Q4 falls in the next calendar
    year (January to March 2026).
    """
    if number not in (1, 2, 3, 4):
        raise _invalid(f"there is no quarter {number} (a financial year has quarters 1 to 4)")
    _check_year(start_year)
    return _make(_QUARTER, date(start_year + (number == 4), number * 3 % 12 + 1, 1))


def month(year: int, month: int) -> Period:
    if month not in range(1, 13):
        raise _invalid(f"there is no month {month} (months run from 1 to 12)")
    return _make(_MONTH, _first_of(year, month))


def academic_year(start_year: int) -> Period:
    """The academic year starting 1 September ``start_year``: academic_year(2024) is 2024/25."""
    return _make(_ACADEMIC_YEAR, _first_of(start_year, 9))


def term(season: str, year: int) -> Period:
    """The school term ``season`` ("autumn", "spring" or "summer") of calendar year ``year``."""
    start_month = _TERM_START_MONTH.get(season.strip().lower())
    if start_month is None:
        raise _invalid(f"{season!r} is not a term (terms are autumn, spring and summer)")
    return _make(_TERM, _first_of(year, start_month))


def snapshot(d: date) -> Period:
    """A value "as at" one date.

    Stepping (previous and next) follows how councils report snapshots: at quarter ends
    (30 June, 30 September, 31 December, 31 March) a snapshot steps to the previous or next
    quarter end, because "as at" figures are taken at the close of each quarter. Any other
    month end steps to the neighbouring month end, and any other date to the same day of the
    neighbouring month, clamped to that month's end.
    """
    if type(d) is not date:  # a datetime would never equal the date it falls on
        d = date(d.year, d.month, d.day)
    return _make(_SNAPSHOT, d)


def quarter_containing(d: date) -> Period:
    """The financial quarter that contains ``d``."""
    return _make(_QUARTER, date(d.year, (d.month - 1) // 3 * 3 + 1, 1))


def financial_year_containing(d: date) -> Period:
    """The financial year that contains ``d``."""
    return financial_year(d.year if d.month >= 4 else d.year - 1)


def _first_of(year: int, month_number: int) -> date:
    _check_year(year)
    return date(year, month_number, 1)


def _check_year(year: int) -> None:
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise _invalid(
            f"periods must start in a year from {_FIRST_YEAR} to {_LAST_YEAR}, not {year}"
        )


# --- parsing -----------------------------------------------------------------------------

_PAIR = r"(\d{4})[/-](\d{2})"
_FY_RE = re.compile(rf"(?:fy ?)?{_PAIR}", re.ASCII)
_QUARTER_RE = re.compile(
    rf"(?:fy ?)?{_PAIR} q(?P<q1>\d{{1,2}})"
    r"|q(?P<q2>\d{1,2}) (?:fy ?)?(?P<y1>\d{4})[/-](?P<y2>\d{2})",
    re.ASCII,
)
_ACADEMIC_RE = re.compile(
    rf"{_PAIR} academic year|(?:ay ?|academic year )(?P<y1>\d{{4}})[/-](?P<y2>\d{{2}})",
    re.ASCII,
)
_TERM_RE = re.compile(r"(autumn|spring|summer)(?: term)? (\d{4})", re.ASCII)
_NAMED_MONTH_RE = re.compile(r"([a-z]+) (\d{4}|\d{2})", re.ASCII)
_NAMED_DATE_RE = re.compile(r"(?:as at )?(\d{1,2}) ([a-z]+) (\d{4})", re.ASCII)
_ISO_DATE_RE = re.compile(r"(?:as at )?(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_ISO_MONTH_OR_YEAR_RE = re.compile(r"(\d{4})-(\d{2})", re.ASCII)


def _check_pair(first: str, second: str) -> int:
    start_year = int(first)
    if int(second) != (start_year + 1) % 100:
        raise _invalid(
            f"the second year must be the year after the first, as in {_year_pair(start_year)}"
        )
    return start_year


def _quarter_from(start_year: int, number: str) -> Period:
    return quarter(start_year, int(number))


def _date(year: str, month_number: int, day: str) -> date:
    _check_year(int(year))
    try:
        return date(int(year), month_number, int(day))
    except ValueError:
        raise _invalid(
            f"{_MONTH_NAMES[month_number]} {year} has no day {int(day)}"
            if 1 <= int(day) <= 31
            else f"there is no day {int(day)} in a month"
        ) from None


def _parse(text: str) -> Period:
    """Read normalised text (lower case, single spaces) as a period, or raise PeriodError."""
    if match := _ISO_MONTH_OR_YEAR_RE.fullmatch(text):
        # "2025-26" is a financial year and "2025-09" a month; "2010-11" could be either.
        year, second = int(match[1]), int(match[2])
        is_pair = second == (year + 1) % 100
        is_month = 1 <= second <= 12
        if is_pair and is_month:
            raise _invalid(
                f"it could be the financial year {_year_pair(year)} or "
                f"{_MONTH_NAMES[second]} {year}, so write one of those instead"
            )
        if is_month:
            return month(year, second)
        return financial_year(_check_pair(match[1], match[2]))
    if match := _FY_RE.fullmatch(text):
        return financial_year(_check_pair(match[1], match[2]))
    if match := _QUARTER_RE.fullmatch(text):
        if match["q1"] is not None:
            return _quarter_from(_check_pair(match[1], match[2]), match["q1"])
        return _quarter_from(_check_pair(match["y1"], match["y2"]), match["q2"])
    if match := _ACADEMIC_RE.fullmatch(text):
        if match[1] is not None:
            return academic_year(_check_pair(match[1], match[2]))
        return academic_year(_check_pair(match["y1"], match["y2"]))
    if match := _TERM_RE.fullmatch(text):
        return term(match[1], int(match[2]))
    if (match := _NAMED_MONTH_RE.fullmatch(text)) and match[1] in _MONTHS_BY_NAME:
        year = int(match[2]) + (2000 if len(match[2]) == 2 else 0)
        return month(year, _MONTHS_BY_NAME[match[1]])
    if (match := _NAMED_DATE_RE.fullmatch(text)) and match[2] in _MONTHS_BY_NAME:
        return snapshot(_date(match[3], _MONTHS_BY_NAME[match[2]], match[1]))
    if match := _ISO_DATE_RE.fullmatch(text):
        month_number = int(match[2])
        if not 1 <= month_number <= 12:
            raise _invalid(f"there is no month {month_number} (months run from 01 to 12)")
        return snapshot(_date(match[1], month_number, match[3]))
    raise PeriodError("")


def _not_recognised(text: object, detail: str) -> str:
    quoted = repr(text if not isinstance(text, str) or len(text) <= 80 else text[:80] + "...")
    reason = f": {detail}" if detail else ""
    return f"{quoted} is not a period I recognise{reason}. Use one of: {_ACCEPTED_FORMS}."


@lru_cache(maxsize=1 << 14)
def _parse_cached(text: str) -> Period:
    try:
        return _parse(" ".join(text.lower().split()))
    except PeriodError as error:
        raise PeriodError(_not_recognised(text, error.detail), error.detail) from None


def parse_period(text: str | Period) -> Period:
    """Read a period from text in any accepted form; a Period is returned as it is.

    Accepted (any case, any spacing between words): ``2025/26``, ``2025-26``, ``FY2025/26``;
    ``2025/26 Q2``, ``Q2 2025/26``, ``Q2 2025-26``; ``September 2025``, ``Sep 2025``,
    ``Sept 2025``, ``Sep 25``, ``2025-09``; ``2024/25 academic year``, ``AY2024/25``,
    ``academic year 2024/25``; ``Spring term 2025``, ``Spring 2025``; ``31 March 2026``,
    ``31 Mar 2026``, ``2026-03-31``, ``as at 31 March 2026``.

    ``2010-11`` style text in which the second number is both the next year and a month
    (years 2000-2011, for instance) is refused rather than guessed.
    """
    if isinstance(text, Period):
        return text
    if not isinstance(text, str):
        raise PeriodError(_not_recognised(text, "it is not text"), "it is not text")
    return _parse_cached(text)


# --- sequences and the quarterly scorecard ----------------------------------------------


def periods_between(first: Period, last: Period) -> list[Period]:
    """Every period of one kind from ``first`` to ``last`` inclusive, stepping with next().

    Empty when ``last`` comes before ``first``. Snapshots step as :func:`snapshot` describes,
    so the list stops at the last step that does not pass ``last``.
    """
    if first.kind is not last.kind:
        raise ValueError(f"{first} and {last} are different kinds of period")
    periods: list[Period] = []
    current = first
    while current.end <= last.end:
        periods.append(current)
        if current.end == last.end:
            break
        current = current.next()
    return periods


_WITHIN_QUARTER_KINDS = frozenset({_MONTH, _SNAPSHOT})
_LONG_KINDS = frozenset({_TERM, _ACADEMIC_YEAR, _FINANCIAL_YEAR})


def reported_period(quarter: Period, candidates: Iterable[Period]) -> Period | None:
    """The period whose value a quarter's scorecard shows, from those that have values.

    - Monthly and snapshot indicators show the value at the quarter's close: the latest
      month or date inside the quarter. A value from an earlier quarter is stale, so it
      does not count.
    - Quarterly indicators show the quarter itself and nothing else.
    - Cumulative indicators are stored per period as year-to-date figures, so the same
      rules give the year-to-date value at the quarter's close.
    - Termly, academic-year and annual indicators change less often than the scorecard is
      produced and often arrive late (exam results, annual returns), so the quarter shows
      the latest one that had ended by the quarter's end, however old; callers label it
      with its own period.

    None when no candidate qualifies.
    """
    if quarter.kind is not _QUARTER:
        raise ValueError(f"{quarter} is not a financial quarter")
    best: Period | None = None
    for candidate in candidates:
        kind = candidate.kind
        if kind in _WITHIN_QUARTER_KINDS:
            qualifies = quarter.start <= candidate.start and candidate.end <= quarter.end
        elif kind in _LONG_KINDS:
            qualifies = candidate.end <= quarter.end
        else:
            qualifies = candidate == quarter
        if qualifies and (best is None or candidate > best):
            best = candidate
    return best
