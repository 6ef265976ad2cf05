"""A problem found in a register file, located by sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """What is wrong and where: ``sheet S, row N, column X: message``.

    ``row`` and ``column`` are None for a problem with a whole sheet or file. For a CSV
    file ``sheet`` is the file's name.
    """

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"sheet {self.sheet}"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class RegisterProblems(Exception):
    """The file cannot be imported; ``problems`` lists every reason, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = in_file_order(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """Sheets in the order they were first met, each sheet's problems by row."""
    first_seen: dict[str, int] = {}
    for problem in problems:
        first_seen.setdefault(problem.sheet, len(first_seen))
    return sorted(problems, key=lambda p: (first_seen[p.sheet], p.row or 0))
