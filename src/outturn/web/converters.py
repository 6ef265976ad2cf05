"""URL converters: periods in addresses as readable slugs (``2026-27_q1``, ``april_2026``)."""

from __future__ import annotations

from outturn.engine.periods import Period, PeriodError, parse_period


class PeriodConverter:
    regex = r"[0-9a-z_-]+"

    def to_python(self, value: str) -> Period:
        try:
            return parse_period(value.replace("_", " "))
        except PeriodError as error:
            raise ValueError(str(error)) from error

    def to_url(self, value: Period | str) -> str:
        return str(value).lower().replace("/", "-").replace(" ", "_")
