"""Shared fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _data_dir(tmp_path_factory: pytest.TempPathFactory, settings: object) -> None:
    """Keep generated files out of the working tree."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: object) -> None:
    """Background tasks run as they are queued, so tests see their effects."""
    settings.TASKS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache: rolled-back tests reuse row ids, and the
    scorecard's cache is keyed by them."""
    from django.core.cache import cache

    cache.clear()
