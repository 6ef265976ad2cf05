"""Target setting in a real browser: the year opened, a target proposed, agreed and locked."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from outturn.accounts.roles import Role
from outturn.engine.periods import parse_period
from outturn.planning.models import ProposalState, TargetProposal
from outturn.scorecard.models import Benchmark, ComparatorGroup, Target, Tolerance
from tests import factories
from tests.browser.conftest import axe_violations
from tests.planning.conftest import TODAY, published, target, with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/outturn-target-setting")  # noqa: S108 (screenshots for a person to look at)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("outturn.planning.services._today", lambda: TODAY)


@pytest.fixture
def council() -> dict[str, User]:
    def person(username: str, first: str, role: Role) -> User:
        user: User = factories.user(username, first_name=first, last_name="Tester")  # type: ignore[assignment]
        return with_role(user, role)

    people = {
        "performance": person("performance", "Priya", Role.PERFORMANCE_TEAM),
        "owner": person("owner", "Olive", Role.DATA_OWNER),
        "head": person("head", "Harriet", Role.HEAD_OF_SERVICE),
    }
    unit = factories.service_unit(name="Safeguarding", head=people["head"])
    indicator = factories.indicator(
        code="CP1",
        title="Reduce the rate of child protection plans",
        polarity="down",
        unit="rate_per_10000",
        decimals=1,
        service_unit=unit,
        data_owner=people["owner"],
    )
    target(indicator, "2026/27", "45")
    target(indicator, "2025/26", "45")
    quarters = [f"{y} Q{n}" for y in ("2024/25", "2025/26") for n in (1, 2, 3, 4)]
    for quarter, value in zip(
        quarters, ("52", "55", "49", "58", "51", "47", "50", "46"), strict=True
    ):
        published(indicator, quarter, value)
    national = ComparatorGroup.objects.create(code="NAT", name="National", order=1)
    Benchmark.objects.create(
        indicator=indicator, group=national, period=parse_period("2025/26"), value=Decimal(41)
    )
    Tolerance.objects.create(
        indicator=indicator, applies_from=parse_period("2025/26"), kind="absolute", value=Decimal(3)
    )
    return people


@pytest.fixture
def sign_in(browser: Any, live_server: Any) -> Iterator[Callable[[User], Any]]:
    """Pages carrying a user's session (sign-in itself is tested elsewhere).

    Each context is closed at the end, so no kept-alive request holds a database
    connection open past the test.
    """
    contexts: list[Any] = []

    def signed_in(user: User) -> Any:
        client = Client()
        client.force_login(user)
        context = browser.new_context()
        contexts.append(context)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return context.new_page()

    yield signed_in
    for context in contexts:
        context.close()


def _look(page: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert axe_violations(page) == [], name


def test_owner_proposes_head_agrees_performance_team_locks(
    live_server: Any, sign_in: Callable[[User], Any], council: dict[str, User]
) -> None:
    team = sign_in(council["performance"])
    team.goto(f"{live_server.url}/targets/")
    team.get_by_label("Financial year").fill("2027/28")
    team.get_by_role("button", name="Open for target setting").click()
    team.wait_for_url("**/targets/2027-28/")
    assert "1 indicator carried forward" in team.get_by_role("alert").inner_text()
    _look(team, "1-overview-open")

    owner = sign_in(council["owner"])
    owner.goto(f"{live_server.url}/targets/")
    owner.get_by_role("link", name="Targets to propose for 2027/28").click()
    _look(owner, "2-to-propose")
    owner.get_by_role("link", name="CP1 Reduce the rate of child protection plans").click()
    assert owner.get_by_label("Target value (for a value to meet)").input_value() == "45"
    owner.get_by_label("Target value (for a value to meet)").fill("forty")
    owner.get_by_role("button", name="Propose to head of service").click()
    summary = owner.locator(".govuk-error-summary")
    assert "is not a rate per 10,000" in summary.inner_text()
    assert "Enter why this target is right for 2027/28." in summary.inner_text()
    _look(owner, "3-proposal-errors")
    summary.get_by_role("link", name="Enter why this target is right for 2027/28.").click()
    owner.keyboard.type("Halfway from our rate to the national rate of 41 over the year.")
    owner.get_by_label("Target value (for a value to meet)").fill("43")
    owner.get_by_role("button", name="Propose to head of service").click()
    owner.wait_for_url("**/targets/2027-28/propose/")
    assert "proposed to the head of service" in owner.get_by_role("alert").inner_text()

    head = sign_in(council["head"])
    head.goto(f"{live_server.url}/targets/2027-28/agree/")
    head.get_by_role("link", name="CP1 Reduce the rate of child protection plans").click()
    assert "43" in head.get_by_text("Target for 2027/28").locator("..").inner_text()
    _look(head, "4-proposal-to-agree")
    head.get_by_role("button", name="Agree this target").click()
    head.wait_for_url("**/targets/2027-28/agree/")
    proposal = TargetProposal.objects.get()
    assert proposal.state == ProposalState.AGREED

    team.goto(f"{live_server.url}/targets/2027-28/")
    team.get_by_role("link", name="Lock 2027/28 targets").click()
    _look(team, "5-lock-confirm")
    team.get_by_role("button", name="Lock targets").click()
    team.wait_for_url("**/targets/2027-28/")
    assert "targets are locked: 1 written" in team.get_by_role("alert").inner_text()
    _look(team, "6-overview-locked")

    written = Target.objects.get(period=parse_period("2027/28"))
    assert written.value == Decimal(43)
    assert Target.objects.get(period=parse_period("2026/27")).value == Decimal(45)
