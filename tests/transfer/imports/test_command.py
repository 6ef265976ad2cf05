"""`outturn import-outturns FILE --period PERIOD --user USERNAME` and its exit status."""

from __future__ import annotations

import pathlib
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connections

from outturn.cli import main
from outturn.rounds.models import Round
from outturn.scorecard.models import Indicator, Outturn

pytestmark = pytest.mark.django_db

WriteFile = Callable[..., pathlib.Path]


def april_rows() -> list[list[object]]:
    return [
        ["CNT1", "Increase visits", "April 2026", "1,428", None, None, None, "Busy month"],
        ["CNT1", "Increase visits", "May 2026", None, None, None, None, ""],  # blank: skipped
    ]


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """The console script closes its database connections as it ends; the test's must stay."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(*args: str) -> int:
    """Run the console script in this process, returning its exit status."""
    try:
        main(["import-outturns", *args])
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


def test_a_clean_file_exits_0_and_says_what_it_imported(
    write_file: WriteFile,
    owner: User,
    indicators: dict[str, Indicator],
    round_q1: Round,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_file(april_rows(), name="april.csv")
    assert run(str(path), "--period", "April 2026", "--user", "olive") == 0
    out = capsys.readouterr().out
    assert "Writing 1 values" in out
    assert (
        "Imported 1 value for April 2026 from april.csv, submitted for approval (1 new, "
        "0 replacing drafts; 1 blank row skipped)." in out
    )
    assert Outturn.objects.get().value == 1428


def test_any_problem_exits_1_prints_every_problem_and_writes_nothing(
    write_file: WriteFile,
    owner: User,
    indicators: dict[str, Indicator],
    round_q1: Round,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = [
        ["CNT1", "", "April 2026", "lots", None, None, None, ""],
        ["PCT1", "", "2026/27 Q1", "50", None, None, None, ""],
        ["OTH1", "", "April 2026", "5", None, None, None, ""],
    ]
    path = write_file(rows, name="april.xlsx")
    assert run(str(path), "--period", "April 2026", "--user", "olive") == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("row 2, column D (value): 'lots' is not a number")
    assert err[1] == (
        "row 3, column C (period): the period is 2026/27 Q1, but this import is for April 2026."
    )
    assert err[2].startswith("row 4, column A (indicator_code): you do not enter values for OTH1")
    assert err[3] == (
        "row 4, column C (period): OTH1 is collected quarterly: April 2026 is not one of its "
        "periods."
    )
    assert err[-1] == "CommandError: 4 problems found: nothing was imported."
    assert not Outturn.objects.exists()


def test_an_unsafe_file_exits_1(
    tmp_path: pathlib.Path,
    owner: User,
    round_q1: Round,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "april.xlsx"
    path.write_text("indicator_code,period,value\n")
    assert run(str(path), "--period", "April 2026", "--user", "olive") == 1
    assert "is not an Excel workbook" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "April 2026", "--user", "nobody"], "There is no active user 'nobody'."),
        (["--period", "Aprl 2026", "--user", "olive"], "--period: 'Aprl 2026' is not a period"),
        (["--period", "July 2026", "--user", "olive"], "No data round is open for July 2026"),
    ],
)
def test_bad_arguments_exit_1(
    write_file: WriteFile,
    owner: User,
    indicators: dict[str, Indicator],
    round_q1: Round,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    path = write_file(april_rows(), name="april.csv")
    assert run(str(path), *args) == 1
    assert message in capsys.readouterr().err


def test_a_missing_file_exits_1(owner: User, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("/nonexistent/april.csv", "--period", "April 2026", "--user", "olive") == 1
    assert "No such file" in capsys.readouterr().err


def test_the_period_and_user_are_required(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("april.csv") == 2  # argparse's status for a usage error
    assert "--period" in capsys.readouterr().err
