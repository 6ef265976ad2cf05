"""Writing checked outturns, with their audit history, inside the caller's transaction.

On PostgreSQL new values are copied (``COPY``) straight into the outturn table and their
history rows straight into the history table; replaced drafts go through a temporary
staging table and one ``UPDATE``. Elsewhere (SQLite) the rows are staged with batched
inserts and moved by the same set-based statements. Either way a million rows take
seconds or minutes, not the hours one ``save()`` each would, and the history rows are
those simple_history would write: the importing user, the same time, and the reason
"Imported from FILE".

A row's explanation (of an unusual value) is stored with it. A replaced draft keeps its
own explanation unless the row gives one, as it would if submitted from the round's list.

Both refuse to overwrite a value that stopped being a draft (or returned) between the
check and the write: :class:`ChangedMeanwhile` is raised and the transaction rolls back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import polars as pl
from django.contrib.auth.models import User
from django.db import connection, transaction
from psycopg import sql

from outturn.engine.values import plain
from outturn.scorecard.models import Outturn, OutturnState

__all__ = ["ChangedMeanwhile", "Written", "write_outturns"]

EDITABLE = (OutturnState.DRAFT.value, OutturnState.RETURNED.value)
#: simple_history keeps the reason in 100 characters.
REASON_LENGTH = 100
_COPY_CHUNK = 8 * 1024 * 1024
_BATCH = 2_000

Progress = Callable[[int], None]


class ChangedMeanwhile(Exception):
    """Someone changed these values while the file was being imported."""


@dataclass(frozen=True)
class Written:
    created: int
    replaced: int


def change_reason(filename: str) -> str:
    """``Imported from FILE``, cut to fit simple_history's 100 characters."""
    reason = f"Imported from {filename}"
    return reason if len(reason) <= REASON_LENGTH else reason[: REASON_LENGTH - 1] + "…"


def write_outturns(
    rows: pl.DataFrame,
    *,
    by: User,
    reason: str,
    now: datetime,
    progress: Progress | None = None,
) -> Written:
    """Write checked rows (see :class:`~.checking.CheckedFile`) as submitted values.

    Must run inside ``transaction.atomic``: on any failure nothing is kept.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("write_outturns must run inside a transaction")
    if connection.vendor == "postgresql":
        return _write_postgresql(rows, by=by, reason=reason, now=now, progress=progress)
    return _write_portable(rows, by=by, reason=reason, now=now, progress=progress)


# --- PostgreSQL -------------------------------------------------------------------------


def _history_columns() -> list[str]:
    """The outturn columns simple_history copies, named as in both tables."""
    history = Outturn.history.model
    return [field.column for field in history.tracked_fields]


_STAGE = sql.Identifier("outturn_import_stage")
_CREATE_STAGE = sql.SQL(
    "CREATE TEMPORARY TABLE {stage} (existing_id bigint, indicator_id bigint, period text, "
    "value numeric, numerator numeric, denominator numeric, secondary_value numeric, "
    "note text, explanation text) ON COMMIT DROP"
)
_SEQUENCE = "SELECT pg_get_serial_sequence(%(table)s, 'id')"
_NEW_IDS = (
    "SELECT string_agg(nextval(%(sequence)s::regclass)::text, ',') "
    "FROM generate_series(1, %(count)s)"
)
_UPDATE = sql.SQL(
    "WITH written AS (UPDATE {outturns} AS o SET value = s.value, numerator = s.numerator, "
    "denominator = s.denominator, secondary_value = s.secondary_value, note = s.note, "
    "explanation = COALESCE(s.explanation, o.explanation), "
    "state = %(state)s, entered_by_id = %(by)s, entered_at = %(now)s FROM {stage} AS s "
    "WHERE o.id = s.existing_id AND o.state = ANY(%(editable)s) RETURNING o.*) "
    "INSERT INTO {history} ({tracked}, history_date, history_change_reason, history_type, "
    "history_user_id) SELECT {tracked_from}, %(now)s, %(reason)s, '~', %(by)s FROM written"
)
_FIGURES = ("indicator_id", "period", "value", "numerator", "denominator", "secondary_value")


def _copy(cursor: Any, table: sql.Composable, frame: pl.DataFrame) -> None:
    """``COPY`` a frame into ``table`` (its columns named as the frame's), in chunks."""
    statement = sql.SQL("COPY {table} ({columns}) FROM STDIN (FORMAT csv)").format(
        table=table, columns=sql.SQL(", ").join(sql.Identifier(c) for c in frame.columns)
    )
    data = frame.write_csv(include_header=False).encode()
    with cursor.copy(statement) as copy:
        for start in range(0, len(data), _COPY_CHUNK):
            copy.write(data[start : start + _COPY_CHUNK])


def _write_postgresql(
    rows: pl.DataFrame,
    *,
    by: User,
    reason: str,
    now: datetime,
    progress: Progress | None,
) -> Written:
    """New values are copied straight into the outturn table under ids taken from its
    sequence, and their history rows straight into the history table: two ``COPY``
    streams, the fastest way into PostgreSQL. A value someone else entered meanwhile
    breaks the unique constraint and the transaction rolls back. Replaced drafts go
    through a staging table and one ``UPDATE``, which skips any no longer editable.
    """
    history_model = Outturn.history.model
    columns = _history_columns()
    outturns = sql.Identifier(Outturn._meta.db_table)
    history = sql.Identifier(history_model._meta.db_table)
    submitted = OutturnState.SUBMITTED.value
    fresh = rows.filter(pl.col("existing_id").is_null()).sort("indicator_id", "period")
    old = rows.filter(pl.col("existing_id").is_not_null())
    replaced = 0
    with connection.cursor() as wrapper:
        cursor: Any = wrapper.cursor  # psycopg's own cursor, for COPY
        if fresh.height:
            cursor.execute(_SEQUENCE, {"table": Outturn._meta.db_table})
            sequence = cursor.fetchone()[0]
            cursor.execute(_NEW_IDS, {"sequence": sequence, "count": fresh.height})
            ids = cursor.fetchone()[0].split(",")
            stamp = now.isoformat()
            written = fresh.select(
                pl.Series("id", ids).cast(pl.Int64),
                *_FIGURES,
                pl.col("note").fill_null(""),
                pl.col("explanation").fill_null(""),
                pl.lit("").alias("review_comment"),
                pl.lit(submitted).alias("state"),
                pl.lit(by.pk).alias("entered_by_id"),
                pl.lit(stamp).alias("entered_at"),
            )
            _copy(cursor, outturns, written)
            audit = written.select(
                *(
                    pl.col(c) if c in written.columns else pl.lit(None, dtype=pl.Utf8).alias(c)
                    for c in columns
                ),
                pl.lit(stamp).alias("history_date"),
                pl.lit(reason).alias("history_change_reason"),
                pl.lit("+").alias("history_type"),
                pl.lit(by.pk).alias("history_user_id"),
            )
            _copy(cursor, history, audit)
        if old.height:
            cursor.execute(_CREATE_STAGE.format(stage=_STAGE))
            _copy(
                cursor,
                _STAGE,
                # A blank explanation stays NULL here, so the draft's own is kept.
                old.select("existing_id", *_FIGURES, pl.col("note").fill_null(""), "explanation"),
            )
            update = _UPDATE.format(
                outturns=outturns,
                stage=_STAGE,
                history=history,
                tracked=sql.SQL(", ").join(sql.Identifier(c) for c in columns),
                tracked_from=sql.SQL(", ").join(sql.Identifier("written", c) for c in columns),
            )
            params = {
                "now": now,
                "reason": reason,
                "by": by.pk,
                "state": submitted,
                "editable": list(EDITABLE),
            }
            cursor.execute(update, params)
            replaced = cursor.rowcount
            cursor.execute(sql.SQL("DROP TABLE {stage}").format(stage=_STAGE))
    if replaced != old.height:
        raise ChangedMeanwhile(
            f"{old.height - replaced} of the values this file replaces were submitted by "
            "someone else while it was being imported."
        )
    if progress is not None:
        progress(fresh.height + replaced)
    return Written(created=fresh.height, replaced=replaced)


# --- elsewhere (SQLite) ----------------------------------------------------------------


def _plain(text: str | None) -> str | None:
    """The stored text of an exact number (as ExactDecimalField stores it on SQLite)."""
    return None if text is None else plain(Decimal(text))


def _write_portable(
    rows: pl.DataFrame,
    *,
    by: User,
    reason: str,
    now: datetime,
    progress: Progress | None,
) -> Written:
    """The same set-based moves as on PostgreSQL, with a batched insert for the staging.

    SQLite takes its write lock when the transaction begins (the settings ask for
    IMMEDIATE transactions), so no draft can be submitted by someone else between the
    check and the update; the count check below guards any other database.
    """
    quote = connection.ops.quote_name
    history_model = Outturn.history.model
    columns = _history_columns()
    names = {
        "outturns": quote(Outturn._meta.db_table),
        "history": quote(history_model._meta.db_table),
        "stage": "outturn_import_stage",
        "tracked": ", ".join(quote(c) for c in columns),
        "tracked_from": ", ".join(f"o.{quote(c)}" for c in columns),
    }
    stamp = connection.ops.adapt_datetimefield_value(now)
    submitted = OutturnState.SUBMITTED.value
    staged = [
        (
            existing_id,
            indicator_id,
            period,
            _plain(value),
            _plain(numerator),
            _plain(denominator),
            _plain(secondary),
            note or "",
            explanation or None,
        )
        for (
            existing_id,
            indicator_id,
            period,
            value,
            numerator,
            denominator,
            secondary,
            note,
            explanation,
        ) in (
            rows.select(
                "existing_id",
                "indicator_id",
                "period",
                "value",
                "numerator",
                "denominator",
                "secondary_value",
                "note",
                "explanation",
            ).iter_rows()
        )
    ]
    replacing = sum(1 for record in staged if record[0] is not None)
    with connection.cursor() as cursor:
        cursor.execute(_PORTABLE_STAGE.format(**names))
        for start in range(0, len(staged), _BATCH):
            cursor.executemany(
                "INSERT INTO {stage} VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)".format(**names),  # noqa: S608
                staged[start : start + _BATCH],
            )
        cursor.execute(_PORTABLE_INSERT.format(**names), [submitted, by.pk, stamp])
        created = cursor.rowcount
        replaced = 0
        if replacing:
            cursor.execute(_PORTABLE_UPDATE.format(**names), [submitted, by.pk, stamp, *EDITABLE])
            replaced = cursor.rowcount
        if replaced != replacing:
            raise ChangedMeanwhile(
                f"{replacing - replaced} of the values this file replaces were submitted by "
                "someone else while it was being imported."
            )
        cursor.execute(_PORTABLE_HISTORY.format(**names), [stamp, reason, by.pk])
        cursor.execute("DROP TABLE {stage}".format(**names))
    if progress is not None:
        progress(created + replaced)
    return Written(created=created, replaced=replaced)


_PORTABLE_STAGE = (
    "CREATE TEMPORARY TABLE {stage} (existing_id integer, indicator_id integer, period text, "
    "value text, numerator text, denominator text, secondary_value text, note text, "
    "explanation text)"
)
_PORTABLE_INSERT = (
    "INSERT INTO {outturns} (indicator_id, period, value, numerator, denominator, "
    "secondary_value, note, explanation, review_comment, state, entered_by_id, entered_at) "
    "SELECT indicator_id, period, value, numerator, denominator, secondary_value, note, "
    "COALESCE(explanation, ''), '', %s, %s, %s FROM {stage} WHERE existing_id IS NULL "
    "ORDER BY indicator_id, period"
)
_PORTABLE_UPDATE = (
    "UPDATE {outturns} SET value = s.value, numerator = s.numerator, "
    "denominator = s.denominator, secondary_value = s.secondary_value, note = s.note, "
    "explanation = COALESCE(s.explanation, {outturns}.explanation), "
    "state = %s, entered_by_id = %s, entered_at = %s FROM {stage} AS s "
    "WHERE {outturns}.id = s.existing_id AND {outturns}.state IN (%s, %s)"
)
_PORTABLE_HISTORY = (
    "INSERT INTO {history} ({tracked}, history_date, history_change_reason, history_type, "
    "history_user_id) SELECT {tracked_from}, %s, %s, "
    "CASE WHEN s.existing_id IS NULL THEN '+' ELSE '~' END, %s "
    "FROM {stage} AS s JOIN {outturns} AS o ON o.indicator_id = s.indicator_id "
    "AND o.period = s.period ORDER BY o.id"
)
