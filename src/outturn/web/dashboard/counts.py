"""Counts of indicators by RAG and by SPC variation and assurance, per group of the drill-down."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from outturn.web.scorecard_rows import ScorecardRow

RAG_COLUMNS = (
    ("red", "Off target"),
    ("amber", "Within tolerance"),
    ("green", "On target"),
    ("not_rated", "Not rated"),
)
VARIATION_COLUMNS = (
    ("concern", "Concern"),
    ("improvement", "Improvement"),
    ("neutral", "Neutral"),
    ("common", "Common cause"),
    ("none", "Too few values"),
)
ASSURANCE_COLUMNS = (
    ("consistent_fail", "Missed every time"),
    ("inconsistent", "Hit and miss"),
    ("consistent_pass", "Met every time"),
    ("none", "No assurance"),
)


@dataclass
class Tally:
    """One group's counts; ``href`` drills into the group."""

    name: str
    href: str = ""
    total: int = 0
    rag: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys((k for k, _ in RAG_COLUMNS), 0)
    )
    variation: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys((k for k, _ in VARIATION_COLUMNS), 0)
    )
    assurance: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys((k for k, _ in ASSURANCE_COLUMNS), 0)
    )

    def add(self, row: ScorecardRow) -> None:
        self.total += 1
        self.rag[row.rag if row.rag in self.rag else "not_rated"] += 1
        self.variation[row.variation] += 1
        self.assurance[row.assurance_icon or "none"] += 1

    @property
    def rag_cells(self) -> list[int]:
        return [self.rag[key] for key, _ in RAG_COLUMNS]

    @property
    def spc_cells(self) -> list[int]:
        return [self.variation[k] for k, _ in VARIATION_COLUMNS] + [
            self.assurance[k] for k, _ in ASSURANCE_COLUMNS
        ]


def tally(rows: Iterable[ScorecardRow], name: str = "All indicators shown") -> Tally:
    total = Tally(name)
    for row in rows:
        total.add(row)
    return total


def tally_by(
    rows: Iterable[ScorecardRow],
    group: Callable[[ScorecardRow], Any],
    order: Callable[[Any], Any],
    link: Callable[[Any], str],
) -> list[Tally]:
    """One tally per group (a priority, directorate or service unit), in ``order``."""
    groups: dict[Any, Tally] = {}
    for row in rows:
        key = group(row)
        if key not in groups:
            groups[key] = Tally(key.name, link(key))
        groups[key].add(row)
    return [groups[key] for key in sorted(groups, key=order)]
