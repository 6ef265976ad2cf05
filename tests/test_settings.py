"""Production mode refuses unsafe settings; the demo defaults stay usable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

STRONG_KEY = "k" * 50


def _load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "OUTTURN_PRODUCTION", "DATABASE_URL"}
    }
    environment.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import outturn.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_demo_defaults_use_sqlite_with_debug() -> None:
    result = _load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"OUTTURN_PRODUCTION": "1", "DEBUG": "0"}, "SECRET_KEY"),
        ({"OUTTURN_PRODUCTION": "1", "SECRET_KEY": STRONG_KEY, "DEBUG": "1"}, "DEBUG=0"),
    ],
)
def test_production_refuses_demo_secret_or_debug(env: dict[str, str], message: str) -> None:
    result = _load_settings(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_a_real_secret() -> None:
    result = _load_settings(OUTTURN_PRODUCTION="1", SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


def test_postgres_by_database_url() -> None:
    result = _load_settings(DATABASE_URL="postgres://someone@127.0.0.1:5432/outturn")
    assert result.stdout.split() == ["True", "django.db.backends.postgresql"]


def test_bad_boolean_is_refused_loudly() -> None:
    result = _load_settings(DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG='perhaps'" in result.stderr
