"""Every URL of the application, visited as every demo role and anonymously.

The matrix below is the council's org chart in code: for each named URL, the status each
person gets. A URL added without an entry fails ``test_every_url_has_an_entry``, so no
page reaches production without someone deciding who may see it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from outturn.demo.builder import build_demo_council
from outturn.engine.periods import parse_period
from outturn.exception_reports.models import ExceptionReport, ReportState
from outturn.planning.services import planning_year_open
from outturn.reports.models import ReportPack
from outturn.rounds.models import Round
from outturn.scorecard.models import Indicator, Outturn
from outturn.transfer.models import ImportJob

ROLES = ("anonymous", "councillor", "owner", "author", "head", "director", "performance")


def _report(state: str) -> str:
    report = ExceptionReport.objects.filter(state=state, indicator__code="CS01").first()
    report = report or ExceptionReport.objects.filter(state=state).order_by("pk").first()
    assert report is not None, f"the demo has no {state} exception report"
    return str(report.pk)


Path = str | Callable[[], str]


def _code(**filters: Any) -> str:
    return str(
        Indicator.objects.filter(**filters).order_by("code").values_list("code", flat=True)[0]
    )


def _pk(model: Any, **filters: Any) -> str:
    return str(model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True)[0])


ROUND = "2026-27_q1"
PATHS: dict[str, list[Path]] = {
    "web:home": ["/"],
    "web:indicator": [
        lambda: f"/indicators/{_code(is_public=True)}/",
        lambda: f"/indicators/{_code(is_public=False)}/",
    ],
    "web:accessibility": ["/accessibility/"],
    "web:healthz": ["/healthz/"],
    "web:accounts-sign-in": ["/sign-in/"],
    "web:accounts-sign-out": ["/sign-out/"],
    "web:tasks": ["/tasks/"],
    "web:collect-rounds": ["/rounds/"],
    "web:collect-round": [f"/rounds/{ROUND}/"],
    "web:collect-round-action": [f"/rounds/{ROUND}/action/"],
    "web:collect-my-data": ["/my-data/"],
    "web:collect-entry": [
        lambda: f"/my-data/{_code(data_owner__username='owner', frequency='quarterly')}/{ROUND}/"
    ],
    "web:collect-approvals": ["/approvals/"],
    "web:collect-approval-action": [lambda: f"/approvals/{_pk(Outturn, state='submitted')}/"],
    "web:imports-upload": [f"/rounds/{ROUND}/import/"],
    "web:imports-template": [f"/rounds/{ROUND}/import/template.csv"],
    "web:imports-job": [lambda: f"/imports/{_pk(ImportJob)}/"],
    "web:imports-job-status": [lambda: f"/imports/{_pk(ImportJob)}/status/"],
    "web:register-home": ["/register/"],
    "web:register-columns": ["/register/columns/"],
    "web:register-template": ["/register/templates/indicators.csv"],
    "web:register-upload": ["/register/import/"],
    "web:register-import-confirm": ["/register/import/confirm/"],
    "web:register-export": ["/register/export.xlsx"],
    "web:export-home": ["/export/"],
    "web:export-scorecard": ["/export/scorecard/?period=2025/26%20Q4&format=csv"],
    "web:export-scorecard-dictionary": ["/export/scorecard/data-dictionary.csv"],
    "web:planning-years": ["/targets/"],
    "web:planning-year": ["/targets/2027-28/"],
    "web:planning-lock": ["/targets/2027-28/lock/"],
    "web:planning-add": ["/targets/2027-28/add-indicators/"],
    "web:planning-propose": ["/targets/2027-28/propose/"],
    "web:planning-agree": ["/targets/2027-28/agree/"],
    "web:planning-proposal": [
        lambda: f"/targets/2027-28/indicators/{_code(data_owner__username='owner')}/"
    ],
    "web:planning-decide": [
        lambda: f"/targets/2027-28/indicators/{_code(data_owner__username='owner')}/decision/"
    ],
    "web:exceptions-mine": ["/exception-reports/"],
    "web:exceptions-approvals": ["/exception-reports/approvals/"],
    "web:exceptions-overview": ["/exception-reports/overview/?period=2025/26%20Q2"],
    "web:exceptions-flag": ["/exception-reports/overview/flag/"],
    "web:exceptions-add": ["/exception-reports/add/"],
    "web:exceptions-settings": ["/exception-reports/settings/"],
    "web:exceptions-report": [
        lambda: f"/exception-reports/{_report(ReportState.APPROVED)}/",
        lambda: f"/exception-reports/{_report(ReportState.DRAFT)}/",
    ],
    "web:exceptions-edit": [lambda: f"/exception-reports/{_report(ReportState.DRAFT)}/edit/"],
    "web:exceptions-submit": [lambda: f"/exception-reports/{_report(ReportState.DRAFT)}/submit/"],
    "web:exceptions-approve": [
        lambda: f"/exception-reports/{_report(ReportState.SUBMITTED)}/approve/"
    ],
    "web:exceptions-return": [
        lambda: f"/exception-reports/{_report(ReportState.SUBMITTED)}/return/"
    ],
    "web:exceptions-withdraw": [
        lambda: f"/exception-reports/{_report(ReportState.SUBMITTED)}/withdraw/"
    ],
    "web:exceptions-delegate": [
        lambda: f"/exception-reports/{_report(ReportState.DRAFT)}/delegate/"
    ],
    "web:reports-list": ["/reports/"],
    "web:reports-pack": [lambda: f"/reports/{_pk(ReportPack)}/"],
    "web:reports-edit": [lambda: f"/reports/{_pk(ReportPack)}/front-sheet/"],
    "web:reports-preview": [lambda: f"/reports/{_pk(ReportPack)}/preview/"],
    "web:reports-build": [lambda: f"/reports/{_pk(ReportPack)}/build/"],
    "web:reports-sign-off": [lambda: f"/reports/{_pk(ReportPack)}/sign-off/"],
    "web:reports-publish": [lambda: f"/reports/{_pk(ReportPack)}/publish/"],
    "web:reports-progress": [lambda: f"/reports/{_pk(ReportPack)}/versions/1/progress/"],
    "web:reports-download": [lambda: f"/reports/{_pk(ReportPack)}/versions/1/pdf/"],
    "web:reports-chart": ["/reports/charts/CS01/missing.png"],
}


STATUSES: dict[str, list[tuple[int, ...]]] = {
    # anonymous, councillor, owner, author, head, director, performance
    "web:accessibility": [(200, 200, 200, 200, 200, 200, 200)],
    "web:accounts-sign-in": [(200, 302, 302, 302, 302, 302, 302)],
    "web:accounts-sign-out": [(405, 405, 405, 405, 405, 405, 405)],
    "web:collect-approval-action": [(302, 405, 405, 405, 405, 405, 405)],
    "web:collect-approvals": [(302, 200, 200, 200, 200, 200, 200)],
    "web:collect-entry": [(302, 403, 200, 403, 403, 403, 200)],
    "web:collect-my-data": [(302, 200, 200, 200, 200, 200, 200)],
    "web:collect-round": [(302, 200, 200, 200, 200, 200, 200)],
    "web:collect-round-action": [(302, 405, 405, 405, 405, 405, 405)],
    "web:collect-rounds": [(302, 200, 200, 200, 200, 200, 200)],
    "web:exceptions-add": [(302, 403, 403, 403, 403, 403, 200)],
    "web:exceptions-approvals": [(302, 200, 200, 200, 200, 200, 200)],
    "web:exceptions-approve": [(302, 405, 405, 405, 405, 405, 405)],
    "web:exceptions-delegate": [(302, 403, 403, 403, 200, 403, 403)],
    "web:exceptions-edit": [(302, 403, 403, 200, 403, 403, 403)],
    "web:exceptions-flag": [(302, 405, 405, 405, 405, 405, 405)],
    "web:exceptions-mine": [(302, 200, 200, 200, 200, 200, 200)],
    "web:exceptions-overview": [(302, 403, 403, 403, 403, 403, 200)],
    "web:exceptions-report": [
        (302, 403, 403, 200, 200, 200, 200),
        (302, 403, 403, 200, 200, 200, 200),
    ],
    "web:exceptions-return": [(302, 403, 403, 403, 200, 403, 403)],
    "web:exceptions-settings": [(302, 403, 403, 403, 403, 403, 200)],
    "web:exceptions-submit": [(302, 405, 405, 405, 405, 405, 405)],
    "web:exceptions-withdraw": [(302, 403, 403, 403, 403, 403, 200)],
    "web:export-home": [(302, 200, 200, 200, 200, 200, 200)],
    "web:export-scorecard": [(200, 200, 200, 200, 200, 200, 200)],
    "web:export-scorecard-dictionary": [(200, 200, 200, 200, 200, 200, 200)],
    "web:healthz": [(200, 200, 200, 200, 200, 200, 200)],
    "web:home": [(200, 200, 200, 200, 200, 200, 200)],
    "web:imports-job": [(302, 403, 200, 403, 403, 403, 200)],
    "web:imports-job-status": [(302, 403, 200, 403, 403, 403, 200)],
    "web:imports-template": [(302, 403, 200, 403, 403, 403, 200)],
    "web:imports-upload": [(302, 403, 200, 403, 403, 403, 200)],
    "web:indicator": [(200, 200, 200, 200, 200, 200, 200), (404, 200, 200, 200, 200, 200, 200)],
    "web:planning-add": [(302, 405, 405, 405, 405, 405, 405)],
    "web:planning-agree": [(302, 403, 403, 200, 200, 403, 403)],
    "web:planning-decide": [(302, 405, 405, 405, 405, 405, 405)],
    "web:planning-lock": [(302, 403, 403, 403, 403, 403, 200)],
    "web:planning-proposal": [(302, 403, 200, 200, 200, 200, 200)],
    "web:planning-propose": [(302, 403, 200, 200, 403, 403, 200)],
    "web:planning-year": [(302, 403, 403, 403, 403, 403, 200)],
    "web:planning-years": [(302, 403, 200, 200, 200, 403, 200)],
    "web:register-columns": [(302, 403, 403, 403, 403, 403, 200)],
    "web:register-export": [(302, 403, 403, 403, 403, 403, 200)],
    "web:register-home": [(302, 403, 403, 403, 403, 403, 200)],
    "web:register-import-confirm": [(302, 405, 405, 405, 405, 405, 405)],
    "web:register-template": [(302, 403, 403, 403, 403, 403, 200)],
    "web:register-upload": [(302, 403, 403, 403, 403, 403, 200)],
    "web:reports-build": [(302, 405, 405, 405, 405, 405, 405)],
    "web:reports-chart": [(302, 404, 404, 404, 404, 404, 404)],
    "web:reports-download": [(302, 403, 403, 403, 403, 403, 404)],
    "web:reports-edit": [(302, 403, 403, 403, 403, 403, 200)],
    "web:reports-list": [(302, 200, 200, 200, 200, 200, 200)],
    "web:reports-pack": [(302, 403, 403, 403, 403, 403, 200)],
    "web:reports-preview": [(302, 403, 403, 403, 403, 403, 200)],
    "web:reports-progress": [(302, 403, 403, 403, 403, 403, 404)],
    "web:reports-publish": [(302, 405, 405, 405, 405, 405, 405)],
    "web:reports-sign-off": [(302, 405, 405, 405, 405, 405, 405)],
    "web:tasks": [(302, 200, 200, 200, 200, 200, 200)],
}

# 302 for anonymous is "sign in first"; 405 is a GET to a form's POST-only action (the
# action's own refusals are tested with forged POSTs in each area's tests); 404 for a
# report version that does not exist, once the person may see the pack at all.
MATRIX: dict[str, list[tuple[Path, tuple[int, ...]]]] = {
    name: list(zip(PATHS[name], STATUSES[name], strict=True)) for name in PATHS
}


def _people() -> dict[str, Any]:
    users = get_user_model().objects.in_bulk(ROLES[1:], field_name="username")
    return {role: users.get(role) for role in ROLES}


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo council, with a year open for target setting and one import job."""
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo_council(seed=2026)
        team = get_user_model().objects.get(username="performance")
        planning_year_open(period=parse_period("2027/28"), by=team)
        ImportJob.objects.create(
            created_by=get_user_model().objects.get(username="owner"),
            created_at=timezone.now(),
            filename="q1.csv",
            file="imports/q1.csv",
            file_format="csv",
            round=Round.objects.get(period=parse_period("2026/27 Q1")),
        )
        yield
        transaction.set_rollback(True)


def _names(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _names(pattern.url_patterns, namespace)
        elif pattern.name:
            yield prefix + pattern.name


def application_urls() -> set[str]:
    """Every named URL of Outturn's own pages (Django's admin has its own permissions)."""
    return {name for name in _names(get_resolver().url_patterns) if name.startswith("web:")}


def test_every_url_has_an_entry() -> None:
    missing = sorted(application_urls() - set(MATRIX))
    assert missing == [], f"add these URLs to the authorisation matrix: {missing}"
    assert set(PATHS) == set(MATRIX)


def _statuses(url: str, people: dict[str, Any]) -> tuple[int, ...]:
    got = []
    for role in ROLES:
        client = Client()
        if people[role] is not None:
            client.force_login(people[role])
        got.append(client.get(url).status_code)
    return tuple(got)


@pytest.mark.django_db
def test_every_role_gets_the_expected_status(demo: None) -> None:
    people = _people()
    wrong = []
    for name, entries in sorted(MATRIX.items()):
        for path, expected in entries:
            url = path() if callable(path) else path
            got = _statuses(url, people)
            if got != expected:
                wrong.append(f"{name} {url}: got {got}, expected {expected}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.skipif(not os.environ.get("OUTTURN_MATRIX_DISCOVER"), reason="a tool, not a test")
@pytest.mark.django_db
def test_print_the_statuses_found(demo: None) -> None:
    """OUTTURN_MATRIX_DISCOVER=1 pytest -s -k print: the statuses as they are, to review."""
    people = _people()
    for name, paths in sorted(PATHS.items()):
        for path in paths:
            url = path() if callable(path) else path
            print(f"{name}\t{url}\t{_statuses(url, people)}")
