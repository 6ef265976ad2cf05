"""Target-setting pages: who sees what (status codes per role), forms and their errors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from outturn.planning.models import PlanningYear, ProposalState, TargetProposal, YearState
from outturn.planning.services import target_proposal_agree, target_proposal_save
from outturn.scorecard.models import Indicator, Target
from tests.planning.conftest import YEAR, People, content, proposal_for

pytestmark = pytest.mark.django_db


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _url(name: str, year: PlanningYear | None = None, code: str | None = None) -> str:
    kwargs: dict[str, str] = {}
    if year is not None:
        kwargs["year"] = year.slug
    if code is not None:
        kwargs["code"] = code
    return reverse(f"web:{name}", kwargs=kwargs)


def _propose(year: PlanningYear, indicator: Indicator, people: People) -> TargetProposal:
    return target_proposal_save(
        proposal=proposal_for(year, indicator), content=content(), by=people.owner, submit=True
    )


def _form(**fields: str) -> dict[str, str]:
    return {
        "version": "1",
        "kind": "value",
        "value": "42.5",
        "basis": "",
        "benchmark": "",
        "tolerance_kind": "absolute",
        "tolerance_value": "3",
        "rationale": "Keeps pace with the national fall in plans.",
        "action": "propose",
        **fields,
    }


# --- status codes by role --------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("planning-years", {"performance": 200, "owner": 200, "head": 200, "outsider": 403}),
        (
            "planning-year",
            {"performance": 200, "owner": 403, "head": 403, "director": 403, "outsider": 403},
        ),
        ("planning-lock", {"performance": 200, "owner": 403, "head": 403, "outsider": 403}),
        (
            "planning-propose",
            {"performance": 200, "owner": 200, "author": 200, "head": 403, "outsider": 403},
        ),
        (
            "planning-agree",
            {"performance": 403, "owner": 403, "head": 200, "deputy": 200, "outsider": 403},
        ),
    ],
)
def test_year_pages_by_role(
    people: People, open_year: PlanningYear, page: str, expected: dict[str, int]
) -> None:
    url = _url(page, None if page == "planning-years" else open_year)
    for who, status in expected.items():
        assert _client(getattr(people, who)).get(url).status_code == status, who


def test_signing_in_is_required(open_year: PlanningYear) -> None:
    response = _client(None).get(_url("planning-year", open_year))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.parametrize(
    ("who", "status", "editable"),
    [
        ("owner", 200, True),
        ("author", 200, True),
        ("performance", 200, True),
        ("head", 200, False),
        ("director", 200, False),
        ("other_head", 403, False),
        ("outsider", 403, False),
    ],
)
def test_proposal_page_by_role(
    people: People,
    open_year: PlanningYear,
    child_protection: Indicator,
    who: str,
    status: int,
    editable: bool,
) -> None:
    response = _client(getattr(people, who)).get(
        _url("planning-proposal", open_year, child_protection.code)
    )
    assert response.status_code == status
    if status == 200:
        assert (b"Your proposal" in response.content) is editable


def test_unknown_years_and_codes_are_not_found(people: People, open_year: PlanningYear) -> None:
    client = _client(people.performance)
    assert client.get("/targets/2031-32/").status_code == 404
    assert client.get("/targets/not-a-year/").status_code == 404
    assert client.get("/targets/2027-28%20Q1/").status_code == 404
    assert client.get(_url("planning-proposal", open_year, "NOPE")).status_code == 404


# --- the evidence beside a proposal ----------------------------------------------------


def test_the_proposal_page_shows_outturns_process_limits_and_benchmarks(
    people: People, open_year: PlanningYear, child_protection: Indicator
) -> None:
    response = _client(people.owner).get(
        _url("planning-proposal", open_year, child_protection.code)
    )
    text = response.content.decode()

    # The two years before 2027/28, each outturn with its target and rating.
    for period, value in (("2025/26 Q4", "46"), ("2025/26 Q1", "51")):
        assert f'<th scope="row" class="govuk-table__header">{period}</th>' in text
        assert f">{value}<" in text
    assert "2024/25 Q4" not in text
    assert "Within tolerance" in text
    # Process limits from the engine: the mean of the eight points is 51.
    mean = response.context["spc_mean"]
    assert mean == "51.00"
    assert response.context["spc_lower"] != "Not available"
    assert "National" in text and ">41<" in text
    # The form is filled in from last year's target and tolerance.
    assert 'value="45"' in text
    assert 'value="3"' in text


# --- proposing through the page --------------------------------------------------------


def test_the_owner_proposes_through_the_form(
    people: People, open_year: PlanningYear, child_protection: Indicator
) -> None:
    url = _url("planning-proposal", open_year, child_protection.code)
    response = _client(people.owner).post(url, _form(value="42.5"))

    assert response.status_code == 302
    assert response["Location"] == _url("planning-propose", open_year)
    proposal = proposal_for(open_year, child_protection)
    assert (proposal.state, proposal.value) == (ProposalState.PROPOSED, Decimal("42.5"))
    assert proposal.history.latest().history_user == people.owner


def test_a_relative_tolerance_is_typed_as_a_percentage(
    people: People, open_year: PlanningYear, child_protection: Indicator
) -> None:
    url = _url("planning-proposal", open_year, child_protection.code)
    _client(people.owner).post(
        url, _form(tolerance_kind="relative", tolerance_value="5%", action="save")
    )
    proposal = proposal_for(open_year, child_protection)
    assert (proposal.tolerance_kind, proposal.tolerance_value) == ("relative", Decimal("0.05"))
    assert proposal.state == ProposalState.DRAFT


@pytest.mark.parametrize(
    ("fields", "anchor", "message"),
    [
        ({"value": "lots"}, "id_value", "is not a rate per 10,000"),
        ({"value": "42 (7)"}, "id_value", "Enter a single figure"),
        (
            {"kind": "band", "band_low": "50", "band_high": "40"},
            "id_band_high",
            "must not be below the lowest",
        ),
        ({"rationale": ""}, "id_rationale", "Enter why this target is right for 2027/28."),
        ({"kind": ""}, "id_kind_0", "Select what kind of target to set."),
        ({"kind": "none", "profile_0": "40"}, "id_profile_0", "divides a target value"),
    ],
)
def test_form_errors_are_summarised_and_link_to_their_fields(
    people: People,
    open_year: PlanningYear,
    child_protection: Indicator,
    fields: dict[str, str],
    anchor: str,
    message: str,
) -> None:
    url = _url("planning-proposal", open_year, child_protection.code)
    response = _client(people.owner).post(url, _form(**fields))

    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert f'href="#{anchor}"' in text
    assert message in text
    assert f'id="{anchor}"' in text
    assert "<title>Error:" in text
    assert proposal_for(open_year, child_protection).state == ProposalState.DRAFT


def test_a_stale_form_is_refused_without_losing_the_other_edit(
    people: People, open_year: PlanningYear, child_protection: Indicator
) -> None:
    url = _url("planning-proposal", open_year, child_protection.code)
    _client(people.author).post(url, _form(value="44", action="save"))
    response = _client(people.owner).post(url, _form(value="40"))

    assert response.status_code == 400
    assert "Someone else changed this proposal" in response.content.decode()
    assert proposal_for(open_year, child_protection).value == Decimal(44)


@pytest.mark.parametrize("who", ["head", "director", "outsider"])
def test_posting_a_proposal_outside_scope_is_forbidden(
    people: People, open_year: PlanningYear, child_protection: Indicator, who: str
) -> None:
    url = _url("planning-proposal", open_year, child_protection.code)
    assert _client(getattr(people, who)).post(url, _form()).status_code == 403
    assert proposal_for(open_year, child_protection).state == ProposalState.DRAFT


# --- agreeing and returning ------------------------------------------------------------


def test_the_head_agrees_from_the_page(
    people: People, open_year: PlanningYear, child_protection: Indicator
) -> None:
    _propose(open_year, child_protection, people)
    client = _client(people.head)
    listing = client.get(_url("planning-agree", open_year)).content.decode()
    assert "Waiting for you to agree or return" in listing and "CP1" in listing
    page = client.get(_url("planning-proposal", open_year, child_protection.code)).content
    assert b"Agree this target" in page

    response = client.post(
        _url("planning-decide", open_year, child_protection.code), {"action": "agree"}
    )

    assert response.status_code == 302
    assert proposal_for(open_year, child_protection).state == ProposalState.AGREED


def test_returning_needs_a_comment(
    people: People, open_year: PlanningYear, child_protection: Indicator
) -> None:
    _propose(open_year, child_protection, people)
    url = _url("planning-decide", open_year, child_protection.code)
    client = _client(people.head)

    refused = client.post(url, {"action": "return", "comment": ""})
    assert refused.status_code == 400
    assert 'href="#id_comment"' in refused.content.decode()

    client.post(url, {"action": "return", "comment": "Use the statistical neighbours' rate."})
    proposal = proposal_for(open_year, child_protection)
    assert proposal.state == ProposalState.RETURNED
    owner_page = _client(people.owner).get(
        _url("planning-proposal", open_year, child_protection.code)
    )
    assert "Use the statistical neighbours&#x27; rate." in owner_page.content.decode()


@pytest.mark.parametrize("who", ["owner", "performance", "other_head", "outsider"])
def test_deciding_outside_scope_is_forbidden(
    people: People, open_year: PlanningYear, child_protection: Indicator, who: str
) -> None:
    _propose(open_year, child_protection, people)
    url = _url("planning-decide", open_year, child_protection.code)
    assert _client(getattr(people, who)).post(url, {"action": "agree"}).status_code == 403
    assert proposal_for(open_year, child_protection).state == ProposalState.PROPOSED


# --- opening and locking ---------------------------------------------------------------


def test_the_performance_team_opens_a_year_from_the_list(
    people: People, child_protection: Indicator
) -> None:
    client = _client(people.performance)
    bad = client.post(_url("planning-years"), {"period": "2027/28 Q3"})
    assert bad.status_code == 200
    assert 'href="#id_period"' in bad.content.decode()

    response = client.post(_url("planning-years"), {"period": "2027-28"})

    year = PlanningYear.objects.get()
    assert response["Location"] == _url("planning-year", year)
    overview = client.get(response["Location"]).content.decode()
    assert "2027/28 is open for target setting: 1 indicator carried forward." in overview


def test_others_cannot_open_a_year(people: People, child_protection: Indicator) -> None:
    response = _client(people.owner).post(_url("planning-years"), {"period": "2027/28"})
    assert response.status_code == 403
    assert not PlanningYear.objects.exists()


@pytest.mark.parametrize("who", ["owner", "head", "outsider"])
def test_only_the_performance_team_adds_indicators_or_locks(
    people: People, open_year: PlanningYear, who: str
) -> None:
    client = _client(getattr(people, who))
    assert client.post(_url("planning-add", open_year)).status_code == 403
    assert client.post(_url("planning-lock", open_year), {"confirm_skip": "on"}).status_code == 403
    open_year.refresh_from_db()
    assert open_year.state == YearState.OPEN


def test_locking_lists_the_outstanding_and_needs_them_skipped(
    people: People, open_year: PlanningYear, child_protection: Indicator
) -> None:
    client = _client(people.performance)
    url = _url("planning-lock", open_year)
    page = client.get(url).content.decode()
    assert "Not agreed: skipped if you lock now" in page and "CP1" in page
    draft = proposal_for(open_year, child_protection)

    refused = client.post(url, {"skip": [str(draft.pk)]})
    assert 'href="#id_confirm_skip"' in refused.content.decode()
    open_year.refresh_from_db()
    assert open_year.state == YearState.OPEN

    response = client.post(url, {"skip": [str(draft.pk)], "confirm_skip": "on"})
    assert response.status_code == 302
    open_year.refresh_from_db()
    assert open_year.state == YearState.LOCKED


def test_locking_with_everything_agreed_writes_the_targets(
    people: People, open_year: PlanningYear, child_protection: Indicator
) -> None:
    target_proposal_agree(proposal=_propose(open_year, child_protection, people), by=people.head)

    response = _client(people.performance).post(_url("planning-lock", open_year), {})

    assert response.status_code == 302
    assert Target.objects.get(indicator=child_protection, period=YEAR).value == Decimal(42)


def test_list_pages_do_not_grow_queries_with_indicators(
    people: People, open_year: PlanningYear, django_assert_max_num_queries: Any
) -> None:
    from outturn.planning.services import planning_year_add_indicators
    from tests.planning.conftest import owned

    for number in range(15):
        owned(people, code=f"MANY{number}")
    planning_year_add_indicators(year=open_year, by=people.performance)
    client = _client(people.performance)
    for name in ("planning-year", "planning-propose", "planning-lock"):
        with django_assert_max_num_queries(14):
            assert client.get(_url(name, open_year)).status_code == 200
