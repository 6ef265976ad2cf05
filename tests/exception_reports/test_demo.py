"""The demo council's exception reports: consistent with the engine, in the council's words."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from outturn.engine.periods import parse_period
from outturn.exception_reports.flagging import flags_for_period
from outturn.exception_reports.models import ExceptionReport, ReportState

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture
def demo() -> None:
    with open("/dev/null", "w") as quiet:
        call_command("demo", "--no-serve", stdout=quiet)


def _reports(period: str) -> dict[str, ExceptionReport]:
    return {
        r.indicator.code: r
        for r in ExceptionReport.objects.filter(period=parse_period(period)).select_related(
            "indicator"
        )
    }


def test_finished_quarters_hold_the_engines_flags_all_approved(demo: None) -> None:
    for period in ("2025/26 Q2", "2025/26 Q4"):
        reports = _reports(period)
        flags = {f.indicator.code: f for f in flags_for_period(parse_period(period))}
        assert set(reports) == set(flags), period
        for code, report in reports.items():
            assert report.kind == flags[code].kind.value, (period, code)
            assert report.state == ReportState.APPROVED
            assert report.approved_by_name and report.completed_by_name
            assert report.completed_on <= report.approved_on
            assert report.reason_for_performance and report.actions
        kinds = Counter(r.kind for r in reports.values())
        assert kinds["positive"] >= 4 and kinds["negative"] >= 4, period

    q2 = _reports("2025/26 Q2")
    for code in ("OPS01", "OPS02", "WBP01", "CS01"):
        assert q2[code].kind == "positive", code
        assert q2[code].learnings and q2[code].significance
    assert "265" in q2["OPS01"].reason_for_performance
    assert "240" in q2["OPS01"].reason_for_performance
    assert "1,428" in q2["OPS02"].reason_for_performance
    assert "22.54m" in q2["WBP01"].reason_for_performance


def test_the_open_round_has_reports_in_progress(demo: None) -> None:
    reports = _reports("2026/27 Q1")

    states = Counter(r.state for r in reports.values())
    assert states == {"submitted": 1, "returned": 1, "draft": 2}
    assert reports["CS02"].return_comment
    assert reports["CS04"].reason_for_performance and not reports["CS04"].actions
    history = list(reports["CS02"].history.order_by("history_date").values_list("state", flat=True))
    assert history == ["draft", "draft", "submitted", "returned"]


def test_no_sentence_comes_from_the_seed_papers(demo: None) -> None:
    if not SEEDS.exists():
        pytest.skip("the seed papers are not beside the repository")
    seed_text = " ".join(p.read_text() for p in SEEDS.glob("*.txt"))
    seed_words = re.sub(r"\s+", " ", seed_text).lower()
    for report in ExceptionReport.objects.all():
        for field in ("reason_for_performance", "actions", "learnings", "significance"):
            for sentence in re.split(r"(?<=[.!?:])\s+|\n", getattr(report, field)):
                words = sentence.strip("- ").lower()
                if len(words.split()) >= 8:
                    assert words not in seed_words, (report, sentence)


def test_the_demo_people_find_their_reports(demo: None, client: Client) -> None:
    client.force_login(User.objects.get(username="head"))
    waiting = client.get("/exception-reports/approvals/").content.decode()
    assert "CS01" in waiting

    client.force_login(User.objects.get(username="author"))
    mine = client.get("/exception-reports/").content.decode()
    assert "Returned" in mine and "Submitted" in mine and "Draft" in mine

    client.force_login(User.objects.get(username="performance"))
    overview = client.get("/exception-reports/overview/", {"period": "2025/26 Q2"})
    assert overview.status_code == 200
    assert "Operations" in overview.content.decode()
