"""Caching for the scorecard, invalidated by every write to what it shows.

A cached entry is keyed by the *scorecard version*: the highest audit-history id of every
table of the scorecard app (indicators, their committees, outturns, targets, tolerances,
benchmarks, directorates, service units, priorities, portfolios, committees, the council).
Every write through the ORM, the services, the admin, imports and the demo builder adds an
audit record, so the version changes with the data, in every process: a write in one
gunicorn worker, the command line or a task worker is seen by all the others at their next
request, with no shared cache needed. Reading it is one indexed query.

The public's pages read the version at most once a second per process
(``PUBLIC_CHECK_SECONDS``): a write made by another process reaches them within that
second, and the database is spared a query per anonymous request. Signed-in users, who
make the writes, read it on every request and always see their own changes at once.

Nothing is kept while a transaction is open (``ATOMIC_REQUESTS``, or a test's rolled-back
transaction): what it reads may never be committed.

Two more guards:

- a process-local generation, bumped after commit by ``post_save``, ``post_delete`` and
  ``m2m_changed`` of the scorecard's models, so a write is seen at once by the process
  that made it (and by tests, whose rolled-back transactions can reuse history ids);
- a short lifetime (``TTL_SECONDS``): on PostgreSQL two overlapping write transactions
  may commit out of id order, and the earlier id committing last does not raise the
  maximum; the entry then lives at most that long.

Entries live in Django's default cache. The default (local memory) keeps one copy per
process, which is right here: correctness comes from the version, not from sharing.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache as default_cache
from django.db import connection, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

TTL_SECONDS = 60
PUBLIC_CHECK_SECONDS = 1.0
KEY_PREFIX = "outturn:dashboard:v1"
WATCHED_APP = "scorecard"

T = TypeVar("T")

_generation = [0]
_last_reading: list[Any] = [0.0, ""]


def _bump() -> None:
    _generation[0] += 1


def _on_write(sender: type[Model], **kwargs: Any) -> None:
    if sender._meta.app_label == WATCHED_APP:
        _bump()  # at once, so this transaction's own later reads do not see old pages
        transaction.on_commit(_bump)  # and after commit, for reads that raced the write


def _on_flush(**kwargs: Any) -> None:
    _bump()  # a flush (tests, ``outturn flush``) deletes without signals, then migrates


post_save.connect(_on_write, dispatch_uid="outturn-dashboard-cache-save")
post_migrate.connect(_on_flush, dispatch_uid="outturn-dashboard-cache-migrate")
post_delete.connect(_on_write, dispatch_uid="outturn-dashboard-cache-delete")
m2m_changed.connect(_on_write, dispatch_uid="outturn-dashboard-cache-m2m")


@cache
def _version_sql() -> str:
    quote = connection.ops.quote_name
    tables = sorted(
        (model._meta.db_table, str(model._meta.pk.column))
        for model in apps.get_app_config(WATCHED_APP).get_models()
        if model._meta.db_table.startswith(f"{WATCHED_APP}_historical")
    )
    # Table and column names come from the app registry, never from input.
    columns = ", ".join(
        f"(SELECT MAX({quote(pk)}) FROM {quote(table)})"  # noqa: S608
        for table, pk in tables
    )
    return f"SELECT {columns}"


def _database_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute(_version_sql())
        row = cursor.fetchone() or ()
    return "-".join(str(value or 0) for value in row)


def scorecard_version(*, exact: bool = True) -> str:
    """The data version: changes whenever anything the scorecard shows is written.

    ``exact=False`` (the public's pages) reads the database at most once every
    ``PUBLIC_CHECK_SECONDS`` per process and otherwise reuses the last reading, still
    combined with this process's own generation, so its own writes show at once.
    """
    if not enabled():
        return "uncached"  # nothing is kept, so nothing need be told apart
    now = time.monotonic()
    checked_at, known = _last_reading
    if exact or not known or now - checked_at >= PUBLIC_CHECK_SECONDS:
        known = _database_version()
        _last_reading[:] = [now, known]
    return f"{_generation[0]}-{known}"


def make_key(*parts: object) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{digest}"


def enabled() -> bool:
    """Not inside a transaction: what it reads may yet be rolled back, so is not kept."""
    return not connection.in_atomic_block


def cached(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept under ``key`` for ``TTL_SECONDS``."""
    found = get(key)
    if found is not None:
        return found  # type: ignore[no-any-return,unused-ignore]
    value = compute()
    put(key, value)
    return value


def get(key: str) -> Any:
    return default_cache.get(key) if enabled() else None


def put(key: str, value: Any) -> None:
    if enabled():
        default_cache.set(key, value, TTL_SECONDS)
