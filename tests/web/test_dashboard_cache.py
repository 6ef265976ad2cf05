"""The scorecard's cache: kept pages replay with fresh nonces, and every write invalidates.

These tests commit (``transaction=True``): nothing is cached inside a transaction.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from outturn.engine.periods import parse_period
from outturn.scorecard.models import (
    Benchmark,
    Committee,
    ComparatorGroup,
    CorporatePriority,
    Indicator,
    Outturn,
    OutturnState,
    Target,
    Tolerance,
)
from outturn.web.dashboard import cache
from outturn.web.dashboard.kept import KeptPage
from tests.web.test_dashboard import Council, build_council

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def council() -> Council:
    return build_council()


def _nonce(response: Any) -> str:
    found = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert found is not None
    return found.group(1)


def test_the_public_page_is_kept_and_replayed_with_a_fresh_nonce(
    client: Client, council: Council
) -> None:
    first = client.get("/")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/")

    assert len(queries.captured_queries) <= 1  # at most the data version, once a second
    assert _nonce(first) != _nonce(second)
    assert f'nonce="{_nonce(second)}"' in second.content.decode()
    assert first.content.decode().replace(_nonce(first), "N") == second.content.decode().replace(
        _nonce(second), "N"
    )
    assert "Accept-Encoding" in second["Vary"] and "Cookie" in second["Vary"]


def test_browsers_that_take_gzip_get_it(client: Client, council: Council) -> None:
    client.get("/")
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    assert "Indicator GREEN1" in html
    assert f'nonce="{_nonce(response)}"' in html


def test_signed_in_and_public_pages_are_kept_apart(client: Client, council: Council) -> None:
    assert "PRIV1" not in client.get("/").content.decode()
    client.force_login(council.people["performance"])
    assert "PRIV1" in client.get("/").content.decode()
    assert "PRIV1" in client.get("/").content.decode()
    client.logout()
    assert "PRIV1" not in client.get("/").content.decode()
    client.force_login(council.people["councillor"])
    assert "Not yet published" not in client.get("/").content.decode()


def _set_outturn(c: Council) -> None:
    outturn = Outturn.objects.get(
        indicator=c.indicators["GREEN1"], period=parse_period("2025/26 Q2")
    )
    outturn.value = Decimal(133)
    outturn.save(update_fields=["value"])


def _add_outturn(c: Council) -> None:
    Outturn.objects.create(
        indicator=c.indicators["AMBER1"],
        period=parse_period("2025/26 Q1"),
        value=Decimal(133),
        state=OutturnState.PUBLISHED,
        published_at=timezone.now(),
    )


def _delete_outturn(c: Council) -> None:
    Outturn.objects.get(indicator=c.indicators["RED1"], period=parse_period("2025/26 Q2")).delete()


def _set_target(c: Council) -> None:
    target = Target.objects.get(indicator=c.indicators["RED1"])
    target.value = Decimal(40)
    target.save(update_fields=["value"])


def _add_tolerance(c: Council) -> None:
    Tolerance.objects.create(
        indicator=c.indicators["RED1"],
        applies_from=parse_period("2019/20"),
        kind="relative",
        value=Decimal("0.6"),
    )


def _rename_indicator(c: Council) -> None:
    indicator = c.indicators["GREEN1"]
    indicator.title = "Indicator renamed 133"
    indicator.save(update_fields=["title"])


def _make_public(c: Council) -> None:
    indicator = c.indicators["PRIV1"]
    indicator.is_public = True
    indicator.save(update_fields=["is_public"])


def _rename_priority(c: Council) -> None:
    priority = CorporatePriority.objects.get(code="TWO")
    priority.name = "Priority 133"
    priority.save(update_fields=["name"])


def _add_benchmark(c: Council) -> None:
    """A benchmark is shown on the indicator page; the scorecard version moves regardless."""
    group = ComparatorGroup.objects.create(code="NAT", name="National")
    Benchmark.objects.create(
        indicator=c.indicators["GREEN1"], group=group, period=parse_period("2025/26"), value=133
    )


CHANGES: dict[str, tuple[Callable[[Council], None], str, dict[str, str]]] = {
    "outturn changed": (_set_outturn, ">133<", {}),
    "outturn added": (_add_outturn, ">133<", {"period": "2025/26 Q1"}),
    "outturn deleted": (_delete_outturn, "Indicator RED1", {"rag": "red"}),
    "target changed": (_set_target, "Indicator RED1", {"rag": "green"}),
    "tolerance added": (_add_tolerance, "Indicator RED1", {"rag": "amber"}),
    "indicator renamed": (_rename_indicator, "Indicator renamed 133", {}),
    "priority renamed": (_rename_priority, "Priority 133", {}),
    "indicator made public": (_make_public, "Indicator PRIV1", {}),
}


@pytest.mark.parametrize(
    ("change", "who"),
    [
        (change, who)
        for change in CHANGES
        for who in (None, "performance")
        # The performance team see non-public indicators already: publicity changes nothing.
        if not (who and change == "indicator made public")
    ],
)
def test_every_write_that_changes_the_page_invalidates_it(
    client: Client, council: Council, change: str, who: str | None
) -> None:
    write, evidence, params = CHANGES[change]
    if who:
        client.force_login(council.people[who])
    present_after = change != "outturn deleted"
    assert (evidence in client.get("/", params).content.decode()) != present_after
    assert (evidence in client.get("/", params).content.decode()) != present_after  # kept

    write(council)

    assert (evidence in client.get("/", params).content.decode()) == present_after


def test_committee_membership_invalidates_the_committee_filter(
    client: Client, council: Council
) -> None:
    assert "Indicator RED1" not in client.get("/", {"committee": "CAB"}).content.decode()

    council.indicators["RED1"].committees.add(Committee.objects.get(code="CAB"))

    assert "Indicator RED1" in client.get("/", {"committee": "CAB"}).content.decode()


def test_the_version_moves_with_any_scorecard_write(council: Council) -> None:
    before = cache.scorecard_version()
    _add_benchmark(council)
    assert cache.scorecard_version() != before


def _write_as_another_process(indicator: Indicator) -> None:
    """Another process's write: rows and their audit record, and no signal in this one."""
    outturn = Outturn.objects.get(indicator=indicator, period=parse_period("2025/26 Q2"))
    Outturn.objects.filter(pk=outturn.pk).update(value=Decimal(133))
    outturn.refresh_from_db()
    history = Outturn.history.model  # type: ignore[attr-defined]
    fields = {f.attname: getattr(outturn, f.attname) for f in Outturn._meta.concrete_fields}
    history.objects.bulk_create([history(**fields, history_date=timezone.now(), history_type="~")])


def test_another_process_write_reaches_signed_in_users_at_once(
    client: Client, council: Council, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "PUBLIC_CHECK_SECONDS", 3600)
    client.force_login(council.people["councillor"])
    assert ">133<" not in client.get("/").content.decode()
    client.logout()
    assert ">133<" not in client.get("/").content.decode()

    _write_as_another_process(council.indicators["GREEN1"])

    # The public's page is read against the version at most once a PUBLIC_CHECK_SECONDS.
    assert ">133<" not in client.get("/").content.decode()
    client.force_login(council.people["councillor"])
    assert ">133<" in client.get("/").content.decode()


def test_another_process_write_reaches_the_public_within_the_check_interval(
    client: Client, council: Council, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "PUBLIC_CHECK_SECONDS", 0)
    assert ">133<" not in client.get("/").content.decode()

    _write_as_another_process(council.indicators["GREEN1"])

    assert ">133<" in client.get("/").content.decode()


def test_nothing_is_kept_inside_a_transaction(council: Council) -> None:
    from django.db import transaction

    with transaction.atomic():
        assert not cache.enabled()
        cache.put("outturn-test-key", "kept")
        assert cache.get("outturn-test-key") is None
    assert cache.enabled()


@pytest.mark.parametrize(
    "content",
    [
        b"<p>no nonce at all</p>",
        b'<script nonce="NONCE">a</script><main>'
        + "·£ ".encode() * 5000
        + b'</main><script nonce="NONCE">b</script>',
        b"NONCE at the start and at the end NONCE",
        b"NONCENONCE",
        b"",
    ],
)
def test_kept_pages_gzip_to_the_page_with_the_new_nonce(content: bytes) -> None:
    kept = KeptPage.of(content, "NONCE" if b"NONCE" in content else None, "text/html")
    fresh = "Zm9vYmFyYmF6cXV4cXV1eA=="

    expected = content.replace(b"NONCE", fresh.encode())
    assert kept.body(fresh) == expected
    assert gzip.decompress(kept.gzipped(fresh)) == expected
