"""A process killed in the middle of a large import leaves all of its rows or none.

The import command runs in its own process against a database on disk (a temporary
SQLite file, or the PostgreSQL test database), announces "Writing N values" on stdout
once the file is checked, and is killed with SIGKILL as soon as that line arrives, while
it writes. The database must then hold all N values or none, with history to match.
The same database shows the command's real exit status for a bad file and a good one.
"""
# ruff: noqa: S603 - the commands run are this project's own console script and Python

from __future__ import annotations

import os
import pathlib
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from outturn.scorecard.models import Outturn
from tests.transfer.imports import killing

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUTTURN = pathlib.Path(sys.executable).with_name("outturn")
COUNT = 25_000
APP_NAME = "h_import_killed_import"

pytestmark = pytest.mark.django_db(transaction=True)

Counts = Callable[[], tuple[int, int]]


def _sqlite_database(tmp_path: pathlib.Path) -> tuple[dict[str, str], Counts]:
    env = {**os.environ, "OUTTURN_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    subprocess.run([str(OUTTURN), "migrate", "-v0"], env=env, cwd=ROOT, check=True, timeout=600)
    seed = f"import django; django.setup(); from {killing.__name__} import seed; seed({COUNT})"
    env_seed = {**env, "DJANGO_SETTINGS_MODULE": "outturn.settings"}
    subprocess.run([sys.executable, "-c", seed], env=env_seed, cwd=ROOT, check=True, timeout=600)
    database = tmp_path / "data" / "outturn.sqlite3"

    def counts() -> tuple[int, int]:
        with sqlite3.connect(database) as db:
            outturns = db.execute("SELECT count(*) FROM scorecard_outturn").fetchone()[0]
            history = db.execute("SELECT count(*) FROM scorecard_historicaloutturn").fetchone()[0]
        return outturns, history

    return env, counts


def _postgresql_database() -> tuple[dict[str, str], Counts]:
    killing.seed(COUNT)  # committed: this test runs outside a transaction
    db: dict[str, Any] = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "PGAPPNAME": APP_NAME}

    def counts() -> tuple[int, int]:
        return Outturn.objects.count(), Outturn.history.count()

    return env, counts


def _end_orphaned_backends() -> None:
    """The killed client's server process finishes its statement and rolls back on its
    own; ending it now (it was started for this test) keeps the teardown quick."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s AND pid <> pg_backend_pid()",
                [APP_NAME],
            )


def _import(path: pathlib.Path) -> list[str]:
    return [
        str(OUTTURN),
        "import-outturns",
        str(path),
        "--period",
        killing.PERIOD,
        "--user",
        killing.OWNER,
    ]


def _kill_when_writing(command: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Start the import, wait for its "Writing" line and SIGKILL it at once."""
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    seen = []
    killed = False
    watcher = selectors.DefaultSelector()
    assert process.stdout is not None
    watcher.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            if not watcher.select(timeout=1):
                continue
            line = process.stdout.readline()
            if not line:
                break  # ended before writing: the assertions below say why
            seen.append(line)
            if line.startswith("Writing"):
                os.kill(process.pid, signal.SIGKILL)
                killed = True
                break
    finally:
        if not killed and process.poll() is None:
            process.kill()
        process.wait(timeout=60)
        watcher.close()
    return process.returncode, "".join(seen)


def test_a_killed_import_leaves_all_rows_or_none(tmp_path: pathlib.Path) -> None:
    if connection.vendor == "sqlite":
        env, counts = _sqlite_database(tmp_path)
    else:
        env, counts = _postgresql_database()

    # A file with one bad row: the real console script exits 1 and writes nothing.
    bad = killing.write_file(tmp_path / "april-bad.csv", COUNT, bad_row=True)
    failed = subprocess.run(
        _import(bad), env=env, cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert failed.returncode == 1
    assert f"row {COUNT + 1}, column D (value): 'about ten' is not a number" in failed.stderr
    assert counts() == (0, 0)

    # The good file, killed while it writes.
    good = killing.write_file(tmp_path / "april.csv", COUNT)
    status, output = _kill_when_writing(_import(good), env)
    _end_orphaned_backends()
    assert output.splitlines()[-1] == f"Writing {COUNT} values", output
    assert status == -signal.SIGKILL
    outturns, history = counts()
    assert outturns in (0, COUNT)
    assert history == outturns  # every written value has its audit row, or none has
    assert outturns == 0, "the kill came after the commit: the test no longer tests anything"

    # Run again to the end: all of it goes in, and the command exits 0.
    finished = subprocess.run(
        _import(good), env=env, cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert finished.returncode == 0, finished.stderr
    assert f"Imported {COUNT} values for {killing.PERIOD}" in finished.stdout
    assert counts() == (COUNT, COUNT)
