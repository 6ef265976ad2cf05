"""An unusual value needs an explanation in the import, exactly as on the entry form.

The form and the import judge a value by one rule (``rounds.services.entry_checks`` and
its batch form): outside the process limits worked out from the approved history, or
more than 50% away from the previous approved value, it must be explained.
"""

from __future__ import annotations

import io
import pathlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from openpyxl import load_workbook

from outturn.engine.periods import Period, parse_period, periods_between
from outturn.rounds import services as rounds_services
from outturn.rounds.models import Round
from outturn.rounds.services import entry_checks, entry_checks_many
from outturn.scorecard.models import Frequency, Indicator, Outturn, OutturnState
from outturn.transfer.outturns.template import template_rows, template_xlsx
from outturn.transfer.services import ImportOutcome, outturns_import
from tests import factories

pytestmark = pytest.mark.django_db

WriteFile = Callable[..., pathlib.Path]
Q1 = parse_period("2026/27 Q1")
ADVICE = "Add an explanation in the explanation column, or enter this value through the form."


def row(
    code: str, period: str, value: object, *, note: str = "", explanation: str = ""
) -> list[object]:
    return [code, "", period, value, None, None, None, note, explanation]


def run(write_file: WriteFile, rows: list[list[object]], by: User, round_: Round) -> ImportOutcome:
    return outturns_import(path=write_file(rows), filename="q1.csv", by=by, round_=round_)


def texts(outcome: ImportOutcome) -> list[str]:
    return [str(problem) for problem in outcome.problems]


def approved_history(indicator: Indicator, first: str, last: str, values: list[str]) -> None:
    for period, figure in zip(
        periods_between(parse_period(first), parse_period(last)), values, strict=True
    ):
        factories.outturn(indicator, str(period), figure, state=OutturnState.APPROVED)


@pytest.fixture
def visits(owner: User) -> Indicator:
    """A quarterly count whose last approved quarter was 86 (as CS06 in the demo)."""
    indicator = factories.indicator(
        code="CS06",
        title="Increase visits to looked-after children",
        unit="number",
        data_owner=owner,
    )
    factories.outturn(indicator, "2025/26 Q4", "86", state=OutturnState.APPROVED)
    return indicator


@pytest.fixture
def steady(indicators: dict[str, Indicator]) -> Indicator:
    """PCT1 with eight approved quarters around 50%: process limits about 44% to 56%."""
    indicator = indicators["PCT1"]
    approved_history(
        indicator, "2024/25 Q1", "2025/26 Q4", ["50", "52", "49", "51", "50", "48", "52", "50"]
    )
    return indicator


# --- a sharp move from the previous period ---------------------------------------------


def test_a_value_ten_times_the_previous_one_needs_an_explanation(
    write_file: WriteFile, owner: User, visits: Indicator, round_q1: Round
) -> None:
    outcome = run(write_file, [row("CS06", "2026/27 Q1", "860")], owner, round_q1)

    assert texts(outcome) == [
        "row 2, column D (value): 860 is 900% above the previous period's 86: explain the "
        f"change. {ADVICE}"
    ]
    assert not Outturn.objects.filter(period=Q1).exists()


def test_with_an_explanation_it_is_imported_and_the_explanation_kept(
    write_file: WriteFile, owner: User, visits: Indicator, round_q1: Round
) -> None:
    because = "A new visiting team started in April and cleared the waiting list."
    outcome = run(
        write_file, [row("CS06", "2026/27 Q1", "860", explanation=because)], owner, round_q1
    )

    assert outcome.ok, texts(outcome)
    outturn = Outturn.objects.get(indicator=visits, period=Q1)
    assert (outturn.value, outturn.state) == (Decimal(860), OutturnState.SUBMITTED)
    assert outturn.explanation == because
    assert Outturn.history.get(id=outturn.pk).explanation == because


def test_a_usual_value_needs_no_explanation(
    write_file: WriteFile, owner: User, visits: Indicator, round_q1: Round
) -> None:
    outcome = run(write_file, [row("CS06", "2026/27 Q1", "90")], owner, round_q1)
    assert outcome.ok, texts(outcome)
    assert Outturn.objects.get(indicator=visits, period=Q1).explanation == ""


@pytest.mark.parametrize("state", [OutturnState.DRAFT, OutturnState.SUBMITTED])
def test_only_approved_history_counts(
    write_file: WriteFile, owner: User, round_q1: Round, state: str
) -> None:
    indicator = factories.indicator(code="CS07", unit="number", data_owner=owner)
    factories.outturn(indicator, "2025/26 Q4", "86", state=state)
    outcome = run(write_file, [row("CS07", "2026/27 Q1", "860")], owner, round_q1)
    assert outcome.ok, texts(outcome)


def test_an_impossible_value_is_reported_once_as_an_error(
    write_file: WriteFile, owner: User, steady: Indicator, round_q1: Round
) -> None:
    # 150% is far outside the limits too, but it cannot be right: no explanation helps.
    outcome = run(write_file, [row("PCT1", "2026/27 Q1", "150%")], owner, round_q1)
    assert texts(outcome) == [
        "row 2, column D (value): 150% is above 100%: a share of a whole cannot be more than 100%."
    ]


# --- outside the process limits --------------------------------------------------------


@pytest.mark.parametrize(
    ("figure", "side", "limit"), [("60", "above", "upper"), ("44", "below", "lower")]
)
def test_a_value_outside_the_process_limits_needs_an_explanation(
    write_file: WriteFile,
    owner: User,
    steady: Indicator,
    round_q1: Round,
    figure: str,
    side: str,
    limit: str,
) -> None:
    # Neither is a sharp move from 50%, but both are outside the limits.
    outcome = run(write_file, [row("PCT1", "2026/27 Q1", f"{figure}%")], owner, round_q1)
    [problem] = texts(outcome)
    assert problem.startswith(f"row 2, column D (value): {figure}% is {side} the {limit} process")
    assert problem.endswith(f"explain what caused so unusual a figure. {ADVICE}")
    assert not Outturn.objects.filter(period=Q1).exists()

    explained = row("PCT1", "2026/27 Q1", f"{figure}%", explanation="A one-off audit.")
    assert run(write_file, [explained], owner, round_q1).ok
    assert Outturn.objects.get(indicator=steady, period=Q1).explanation == "A one-off audit."


def test_every_unusual_row_is_listed_with_the_other_problems(
    write_file: WriteFile,
    owner: User,
    steady: Indicator,
    visits: Indicator,
    indicators: dict[str, Indicator],
    round_q1: Round,
) -> None:
    rows = [
        row("PCT1", "2026/27 Q1", "60%"),
        row("CS06", "2026/27 Q1", "860"),
        row("CNT1", "April 2026", "-4"),
    ]
    found = texts(run(write_file, rows, owner, round_q1))
    assert [problem.split(":")[0] for problem in found] == [
        "row 2, column D (value)",
        "row 3, column D (value)",
        "row 4, column D (value)",
    ]
    assert found[0].endswith(ADVICE) and found[1].endswith(ADVICE)
    assert not found[2].endswith(ADVICE)


# --- the form and the import agree -----------------------------------------------------


@pytest.mark.parametrize("figure", ["50", "53", "56.5", "60", "44", "20", "90"])
def test_the_form_and_the_import_agree(
    write_file: WriteFile, owner: User, steady: Indicator, round_q1: Round, figure: str
) -> None:
    warnings = entry_checks(steady, Q1, Decimal(figure)).warnings

    outcome = run(write_file, [row("PCT1", "2026/27 Q1", figure)], owner, round_q1)

    if warnings:
        assert texts(outcome) == [f"row 2, column D (value): {' '.join(warnings)} {ADVICE}"]
    else:
        assert outcome.ok, texts(outcome)


def test_the_form_and_the_import_agree_on_monthly_values(
    write_file: WriteFile, owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    """Each month is judged against the approved months before it, not the file's rows."""
    visits = indicators["CNT1"]
    approved_history(
        visits,
        "April 2025",
        "March 2026",
        ["100", "104", "98", "101", "99", "103", "100", "97", "102", "100", "101", "99"],
    )
    figures = {"April 2026": "160", "May 2026": "101", "June 2026": "40"}
    expected = {
        period: entry_checks(visits, parse_period(period), Decimal(figure)).warnings
        for period, figure in figures.items()
    }
    assert expected["April 2026"] and not expected["May 2026"] and expected["June 2026"]

    rows = [row("CNT1", period, figure) for period, figure in figures.items()]
    found = texts(run(write_file, rows, owner, round_q1))

    assert found == [
        f"row 2, column D (value): {' '.join(expected['April 2026'])} {ADVICE}",
        f"row 4, column D (value): {' '.join(expected['June 2026'])} {ADVICE}",
    ]


# --- drafts and their explanations -----------------------------------------------------


def test_a_drafts_explanation_is_kept_unless_the_file_gives_one(
    write_file: WriteFile,
    owner: User,
    visits: Indicator,
    steady: Indicator,
    round_q1: Round,
) -> None:
    kept = factories.outturn(visits, "2026/27 Q1", "700", explanation="Backlog cleared.")
    replaced = factories.outturn(steady, "2026/27 Q1", "61", explanation="First thoughts.")
    rows = [
        row("CS06", "2026/27 Q1", "860"),
        row("PCT1", "2026/27 Q1", "60%", explanation="A one-off audit."),
    ]
    outcome = run(write_file, rows, owner, round_q1)

    assert outcome.ok, texts(outcome)
    assert (outcome.created, outcome.replaced) == (0, 2)
    kept.refresh_from_db()
    replaced.refresh_from_db()
    # The draft already explains the unusual value, as submitting it from its page would.
    assert (kept.value, kept.state, kept.explanation) == (
        Decimal(860),
        OutturnState.SUBMITTED,
        "Backlog cleared.",
    )
    assert (replaced.value, replaced.explanation) == (Decimal(60), "A one-off audit.")


def test_a_draft_with_no_explanation_needs_one_in_the_file(
    write_file: WriteFile, owner: User, visits: Indicator, round_q1: Round
) -> None:
    draft = factories.outturn(visits, "2026/27 Q1", "700")
    outcome = run(write_file, [row("CS06", "2026/27 Q1", "860")], owner, round_q1)
    assert [problem.row for problem in outcome.problems] == [2]
    draft.refresh_from_db()
    assert (draft.value, draft.state) == (Decimal(700), OutturnState.DRAFT)


def test_the_template_carries_a_drafts_explanation_and_explains_the_column(
    owner: User, visits: Indicator, round_q1: Round
) -> None:
    factories.outturn(visits, "2026/27 Q1", "860", explanation="Backlog cleared.")
    rows = template_rows(round_=round_q1, by=owner)
    [draft] = [r for r in rows if r.indicator_code == "CS06"]
    assert draft.explanation == "Backlog cleared."

    workbook = load_workbook(io.BytesIO(template_xlsx(rows)))
    header = [cell.value for cell in workbook["Outturns"][1]]
    assert header[-1] == "explanation"
    readme = " ".join(str(c.value) for (c,) in workbook["Read me"].iter_rows() if c.value)
    assert "explanation: only for an unusual value" in readme


# --- the batch rule --------------------------------------------------------------------


def test_the_batch_gives_what_one_at_a_time_gives(
    owner: User, steady: Indicator, visits: Indicator, indicators: dict[str, Indicator]
) -> None:
    months = indicators["CNT1"]
    approved_history(months, "January 2026", "March 2026", ["10", "12", "11"])
    items = [
        (steady, Q1, Decimal(60)),
        (steady, parse_period("2025/26 Q3"), Decimal(30)),  # judged on what came before it
        (visits, Q1, Decimal(860)),
        (months, parse_period("April 2026"), Decimal(30)),
        (indicators["RATE1"], Q1, Decimal(5)),  # no history at all
        (indicators["PCT1"], parse_period("2026/27 Q2"), Decimal(101)),  # impossible
    ]
    batch = entry_checks_many(items)
    assert batch == {
        (indicator.pk, period): entry_checks(indicator, period, value)
        for indicator, period, value in items
    }
    assert batch[indicators["PCT1"].pk, parse_period("2026/27 Q2")].errors


def test_process_limits_take_one_engine_call_per_period(
    monkeypatch: pytest.MonkeyPatch,
    owner: User,
    steady: Indicator,
    indicators: dict[str, Indicator],
) -> None:
    other = factories.indicator(code="PCT2", unit="percentage", data_owner=owner)
    approved_history(
        other, "2024/25 Q1", "2025/26 Q4", ["70", "72", "69", "71", "70", "68", "72", "70"]
    )
    calls: list[list[str]] = []
    real = rounds_services.assess_histories

    def counted(histories: Any, **kwargs: Any) -> Any:
        histories = list(histories)
        calls.append(sorted(h.indicator.code for h in histories))
        return real(histories, **kwargs)

    monkeypatch.setattr(rounds_services, "assess_histories", counted)
    q2 = parse_period("2026/27 Q2")
    entry_checks_many(
        [
            (steady, Q1, Decimal(50)),
            (other, Q1, Decimal(70)),
            (steady, q2, Decimal(50)),
            (indicators["RATE1"], Q1, Decimal(5)),
        ]
    )
    assert sorted(calls) == [["PCT1"], ["PCT1", "PCT2"]]


def test_fresh_indicators_need_no_process_limits(
    monkeypatch: pytest.MonkeyPatch, owner: User, indicators: dict[str, Indicator]
) -> None:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("no history, so no SPC")

    monkeypatch.setattr(rounds_services, "assess_histories", refused)
    items: list[tuple[Indicator, Period, Decimal]] = [
        (indicator, Q1, Decimal(5)) for indicator in indicators.values()
    ]
    assert entry_checks_many(items, only_with_history=True) == {}
    assert all(not checks.warnings for checks in entry_checks_many(items).values())


def test_values_of_fresh_indicators_are_not_even_read(
    owner: User, indicators: dict[str, Indicator]
) -> None:
    """An import of new indicators passes its rows as a generator that is never run."""

    def rows() -> Iterator[tuple[Indicator, Period, Decimal]]:
        raise AssertionError("the rows were read")
        yield  # pragma: no cover

    found = entry_checks_many(rows(), only_with_history=True, indicators=indicators.values())
    assert found == {}


def test_an_indicator_not_yet_on_the_scorecard(
    write_file: WriteFile, owner: User, round_q1: Round
) -> None:
    factories.indicator(
        code="NEW1",
        unit="number",
        frequency=Frequency.QUARTERLY,
        data_owner=owner,
        active_from=parse_period("2027/28"),
    )
    outcome = run(write_file, [row("NEW1", "2026/27 Q1", "5")], owner, round_q1)
    assert texts(outcome) == [
        "row 2, column A (indicator_code): NEW1 is not on the scorecard in 2026/27."
    ]
