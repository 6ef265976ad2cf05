"""The demo council's exception reports: two finished quarters and one in progress.

The demo's scorecard counts four reasons for a report: red, special-cause concern, a red
year-end forecast and a target beaten by 10% or more (its generated series trend, so the
other two SPC reasons would flag most of the scorecard). With those settings the
engine's own flagging decides which indicators get a report:

* 2025/26 Q2 and 2025/26 Q4: every flagged indicator has a report, written by its
  responsible officer and approved by the head of its service unit. In Q2 the positive
  ones include EV charge points (OPS01), fixed penalty notices (OPS02), town-centre
  footfall (WBP01) and early-help returns (CS01).
* 2026/27 Q1, the open round: the Q1 values of CS01, CS02, CS04 and CS16 (already
  submitted) are approved here through the ORM, as their head of service would; the
  reports they call for are in progress: CS01 submitted, CS02 returned with a comment,
  CS04 a part-written draft and CS16 a draft not yet started.

The narratives are written for this project: templates filled with each report's own
figures and with what the officers say about their indicator (``TOPICS``), varied by a
seeded random generator so that the same seed always writes the same words.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User

from outturn.demo import history as hist
from outturn.engine.periods import Period, quarter
from outturn.engine.values import Unit, format_value
from outturn.exception_reports.flagging import Flag, add_working_days, flags_for_period
from outturn.exception_reports.header import ExceptionReportHeader, reason_label
from outturn.exception_reports.models import (
    ExceptionReport,
    ExceptionRuleSettings,
    FlagSource,
    MarginKind,
    ReportKind,
    ReportState,
)
from outturn.exception_reports.selectors import APPROVED_STATES, exception_report_headers
from outturn.exception_reports.services import role_text, short_reason
from outturn.rounds.models import Round
from outturn.scorecard.models import Indicator, Outturn, OutturnState
from outturn.scorecard.selectors import IndicatorHistory, indicator_histories
from outturn.scorecard.status import target_for

FINISHED_QUARTERS = (quarter(2025, 2), quarter(2025, 4))
IN_PROGRESS_QUARTER = quarter(2026, 1)

DRAFT_BLANK, DRAFT_STARTED = "draft-blank", "draft-started"
IN_PROGRESS = {
    "CS01": ReportState.SUBMITTED,
    "CS02": ReportState.RETURNED,
    "CS04": DRAFT_STARTED,
    "CS16": DRAFT_BLANK,
}
"""The 2026/27 Q1 reports and how far each has got."""

RETURN_COMMENTS = {
    "CS02": (
        "Thank you, this reads well. Before I sign it off, please:\n"
        "- say how the day-30 reviews will carry on while the team has two vacancies\n"
        "- add what the out-of-hours team will do differently from next month"
    ),
}

DEMO_SETTINGS: dict[str, Any] = {
    "count_red": True,
    "count_special_cause_concern": True,
    "count_assurance_fail": False,
    "count_forecast_red": True,
    "count_beats_target_margin": True,
    "count_special_cause_improvement": False,
    "positive_margin_kind": MarginKind.RELATIVE,
    "positive_margin": Decimal(10),
    "working_days_to_write": 10,
}


def build_exception_reports(*, seed: int = 2026) -> int:
    """Create the demo's settings and reports; returns how many reports were written."""
    people = {user.username: user for user in User.objects.all()}
    performance = people["performance"]
    _settings(performance)
    built: list[_Built] = []
    for period in FINISHED_QUARTERS:
        flagged_on = _flag_day(period)
        for flag in flags_for_period(period):
            built.append(_finished(flag, flagged_on, seed))
    for flag in flags_for_period(IN_PROGRESS_QUARTER, indicators=_approve_round_values()):
        built.append(_in_progress(flag, seed))
    ExceptionReport.objects.bulk_create([b.report for b in built])
    _write(built, seed)
    _histories(built, performance)
    return len(built)


# --- settings and dates ---------------------------------------------------------------------


def _settings(performance: User) -> None:
    row = ExceptionRuleSettings(pk=1, **DEMO_SETTINGS)
    row._history_user = performance  # type: ignore[attr-defined]
    row._history_date = hist.at(date(2025, 4, 1), 9, 0)  # type: ignore[attr-defined]
    row._change_reason = "The demo scorecard's exception settings"  # type: ignore[attr-defined]
    row.save()


def _working_day(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _flag_day(period: Period) -> date:
    """Reports are flagged on the round's deadline, when the quarter's values are in."""
    deadline = Round.objects.get(period=period).deadline
    return _working_day(deadline)


def _approve_round_values() -> list[Indicator]:
    """Approve the open round's submitted values of the in-progress reports' indicators."""
    outturns = Outturn.objects.select_related("indicator__service_unit").filter(
        indicator__code__in=list(IN_PROGRESS),
        period=IN_PROGRESS_QUARTER,
        state=OutturnState.SUBMITTED,
    )
    indicators = []
    for outturn in outturns:
        head = outturn.indicator.service_unit.head
        approved_at = (outturn.entered_at or hist.at(date(2026, 7, 1), 9, 0)) + timedelta(hours=2)
        outturn.state = OutturnState.APPROVED
        outturn.approved_by = head
        outturn.approved_at = approved_at
        outturn._history_user = head  # type: ignore[attr-defined]
        outturn._history_date = approved_at  # type: ignore[attr-defined]
        outturn._change_reason = "Approved"  # type: ignore[attr-defined]
        outturn.save(update_fields=["state", "approved_by", "approved_at"])
        indicators.append(outturn.indicator)
    return indicators


# --- the reports ------------------------------------------------------------------------------


@dataclass
class _Built:
    """A report and the dates of the steps it went through, for its audit history."""

    report: ExceptionReport
    stage: str
    flagged_at: datetime
    written_at: datetime | None = None
    submitted_at: datetime | None = None
    decided_at: datetime | None = None


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(str(part) for part in (seed, "exceptions", *parts)))  # noqa: S311


def _new_report(flag: Flag, flagged_on: date) -> ExceptionReport:
    indicator = flag.indicator
    return ExceptionReport(
        indicator=indicator,
        period=flag.period,
        kind=ReportKind.NEGATIVE if flag.kind.value == "negative" else ReportKind.POSITIVE,
        reasons=[reason.value for reason in flag.reasons],
        source=FlagSource.ENGINE,
        service_unit=indicator.service_unit,
        author=indicator.responsible_officer,
        due_date=add_working_days(flagged_on, DEMO_SETTINGS["working_days_to_write"]),
    )


def _sign_completed(report: ExceptionReport, on: date) -> None:
    author = report.author
    assert author is not None  # noqa: S101 - every demo indicator has a responsible officer
    report.completed_by = author
    report.completed_by_name = author.get_full_name()
    report.completed_by_role = role_text(author, report.service_unit)
    report.completed_on = on


def _finished(flag: Flag, flagged_on: date, seed: int) -> _Built:
    rng = _rng(seed, flag.indicator.code, flag.period)
    report = _new_report(flag, flagged_on)
    written = add_working_days(flagged_on, rng.randint(2, 6))
    completed = add_working_days(written, rng.randint(0, 3))
    approved = add_working_days(completed, rng.randint(0, 2))
    head = report.service_unit.head
    assert head is not None  # noqa: S101 - every demo service unit has a head
    _sign_completed(report, completed)
    report.state = ReportState.APPROVED
    report.approved_by = head
    report.approved_by_name = head.get_full_name()
    report.approved_by_role = role_text(head, report.service_unit)
    report.approved_on = approved
    report.version = 4
    return _Built(
        report,
        "approved",
        flagged_at=hist.at(flagged_on, 9, 0),
        written_at=hist.at(written, 10, rng.randint(0, 59)),
        submitted_at=hist.at(completed, 12, rng.randint(0, 59)),
        decided_at=hist.at(approved, 15, rng.randint(0, 59)),
    )


def _in_progress(flag: Flag, seed: int) -> _Built:
    outturn = Outturn.objects.get(indicator=flag.indicator, period=flag.outturn_period)
    flagged_on = (outturn.approved_at or hist.at(date(2026, 7, 1), 9, 0)).date()
    report = _new_report(flag, flagged_on)
    stage = IN_PROGRESS[flag.indicator.code]
    built = _Built(report, stage, flagged_at=hist.at(flagged_on, 16, 0))
    next_day = add_working_days(flagged_on, 1)
    if stage == DRAFT_STARTED:
        report.version = 2
        built.written_at = hist.at(next_day, 10, 5)
    elif stage in (ReportState.SUBMITTED, ReportState.RETURNED):
        _sign_completed(report, next_day)
        report.state = ReportState.SUBMITTED
        report.version = 3
        built.written_at = hist.at(next_day, 9, 40)
        built.submitted_at = hist.at(next_day, 14, 20)
        if stage == ReportState.RETURNED:
            report.state = ReportState.RETURNED
            report.return_comment = RETURN_COMMENTS[flag.indicator.code]
            report.version = 4
            built.decided_at = hist.at(add_working_days(next_day, 1), 9, 15)
    return built


# --- the words ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Facts:
    """What the writer knows about one report: its figures, raw and as printed."""

    header: ExceptionReportHeader
    value: Decimal
    target: Decimal | None
    unit: Unit
    decimals: int
    polarity: str
    met_recently: tuple[int, int]


def _write(built: Sequence[_Built], seed: int) -> None:
    reports = [b.report for b in built]
    headers = exception_report_headers(reports)
    histories = {
        h.indicator.pk: h
        for h in indicator_histories({r.indicator for r in reports}, states=APPROVED_STATES)
    }
    changed = []
    for item in built:
        report = item.report
        if item.stage == DRAFT_BLANK:
            continue
        facts = _facts(headers[report.pk], histories[report.indicator_id])
        if facts is None:
            continue
        rng = _rng(seed, report.indicator.code, report.period, "words")
        text = (
            _positive(facts, rng) if report.kind == ReportKind.POSITIVE else _negative(facts, rng)
        )
        if item.stage == DRAFT_STARTED:
            text = {"reason_for_performance": text["reason_for_performance"]}
        for name, value in text.items():
            setattr(report, name, value)
        changed.append(report)
    ExceptionReport.objects.bulk_update(
        changed, ["reason_for_performance", "actions", "learnings", "significance"]
    )


def _facts(header: ExceptionReportHeader, history: IndicatorHistory) -> _Facts | None:
    shown = header.outturn_period
    outturn = history.outturn_for(shown) if shown else None
    if shown is None or outturn is None or outturn.value is None:
        return None
    indicator = history.indicator
    target = target_for(history, shown)
    value_target = target.value if target is not None else None
    sign = {"up": 1, "down": -1}.get(indicator.polarity, 0)
    recent = [o for o in history.outturns if o.period.kind == shown.kind and o.period <= shown][-4:]
    met = 0
    for earlier in recent:
        aim = target_for(history, earlier.period)
        if aim is not None and aim.value is not None and earlier.value is not None:
            met += (earlier.value - aim.value) * sign >= 0
    return _Facts(
        header=header,
        value=outturn.value,
        target=value_target,
        unit=Unit(indicator.unit),
        decimals=indicator.decimals,
        polarity=indicator.polarity,
        met_recently=(met, len(recent)),
    )


def _gap(facts: _Facts) -> str:
    """How far the value is from its target, in words: '4.5 percentage points', '25 (10%)'."""
    assert facts.target is not None  # noqa: S101 - callers check
    difference = abs(facts.value - facts.target)
    if facts.unit is Unit.PERCENTAGE:
        points = format_value(difference, Unit.NUMBER, max(facts.decimals, 0))
        return f"{points} percentage point{'' if points == '1' else 's'}"
    amount = format_value(difference, facts.unit, facts.decimals)
    if facts.target == 0:
        return amount
    share = (difference / abs(facts.target) * 100).quantize(Decimal(1))
    return f"{amount} ({share}%)"


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _movement(facts: _Facts, rng: random.Random) -> str:
    header = facts.header
    parts = []
    if header.previous:
        last = header.previous[-1]
        parts.append(f"{last.text} in {last.label}")
    if header.same_period_last_year and (
        not header.previous or header.same_period_last_year.period != header.previous[-1].period
    ):
        parts.append(f"{header.same_period_last_year.text} a year earlier")
    if not parts:
        return ""
    lead = rng.choice(["The figure was", "For comparison, it stood at", "It compares with"])
    return f"{lead} {' and '.join(parts)}."


def _positive(facts: _Facts, rng: random.Random) -> dict[str, str]:
    header = facts.header
    topic = topic_for(header.indicator_code)
    label = header.outturn_period or header.period
    if facts.target is not None:
        opening = rng.choice(
            [
                f"The {label} outturn of {header.outturn_text} beat the target of "
                f"{header.target_text} by {_gap(facts)}.",
                f"At {header.outturn_text}, {label} finished {_gap(facts)} better than its "
                f"target of {header.target_text}.",
                f"{label} came in at {header.outturn_text} against a target of "
                f"{header.target_text}: {_gap(facts)} better than planned.",
            ]
        )
    else:
        opening = f"The {label} outturn was {header.outturn_text}."
    lead = rng.choice(
        [
            "What drove the result:",
            "Three things made the difference this quarter:",
            "The service puts the improvement down to:",
        ]
    )
    levers = list(topic.levers)
    rng.shuffle(levers)
    reason = "\n\n".join(
        part
        for part in (
            f"{opening} {_movement(facts, rng)}".strip(),
            SEED_PARAGRAPHS.get((header.indicator_code, str(header.period)), ""),
            f"{lead}\n{_bullets(levers)}",
        )
        if part
    )
    next_quarter = header.period.next()
    actions = (
        f"{rng.choice(['Next steps:', 'To keep the improvement going:', 'Next quarter:'])}"
        f"\n{_bullets(topic.plans)}\n\n"
        f"Progress will be reported with the {next_quarter} figures."
    )
    met, of = facts.met_recently
    if of <= 1:
        steady = "This is the first period reported against this target."
    elif met == of:
        steady = f"The target has been met in each of the last {of} periods."
    else:
        steady = f"The target has been met in {met} of the last {of} periods."
    return {
        "reason_for_performance": reason,
        "actions": actions,
        "learnings": topic.lesson,
        "significance": f"{topic.matters} {steady}",
    }


def _negative(facts: _Facts, rng: random.Random) -> dict[str, str]:
    header = facts.header
    topic = topic_for(header.indicator_code)
    label = header.outturn_period or header.period
    if facts.target is not None:
        opening = rng.choice(
            [
                f"The {label} outturn was {header.outturn_text} against a target of "
                f"{header.target_text}, missing it by {_gap(facts)}.",
                f"At {header.outturn_text}, {label} fell {_gap(facts)} short of the target of "
                f"{header.target_text}.",
            ]
        )
    else:
        opening = (
            f"The {label} outturn was {header.outturn_text}. There is no target for this "
            "indicator, but the figure has moved further than normal variation explains."
        )
    why = []
    for code in header.reasons:
        if code == "red":
            why.append("It is outside the tolerance, so the indicator is rated red.")
        elif code == "special_cause_concern":
            why.append(
                "The process control chart shows special-cause concern: a real shift, not "
                "ordinary variation."
            )
        elif code == "forecast_red":
            why.append(
                "On the year's trend the year-end figure will miss its annual target"
                + (f" ({header.forecast_text})." if header.forecast_text else ".")
            )
        else:
            why.append(f"{reason_label(code)}.")
    pressures = list(topic.pressures)
    rng.shuffle(pressures)
    lead = rng.choice(
        ["The main causes:", "What lies behind the figure:", "The service has identified:"]
    )
    reason = "\n\n".join(
        part
        for part in (
            f"{opening} {_movement(facts, rng)}".strip(),
            " ".join(why),
            f"{lead}\n{_bullets(pressures[: rng.randint(2, 3)])}",
        )
        if part
    )
    recovery = header.period.next().next()
    aim = "within tolerance" if facts.target is not None else "within its usual range"
    actions = (
        f"{rng.choice(['Actions in hand:', 'What we are doing:', 'Actions taken and planned:'])}"
        f"\n{_bullets(topic.plans)}\n\n"
        f"We expect the figure to be back {aim} by {recovery}, and will report progress "
        "each quarter until it is."
    )
    return {"reason_for_performance": reason, "actions": actions}


# --- audit history --------------------------------------------------------------------------


def _histories(built: Sequence[_Built], performance: User) -> None:
    """Each report's steps in the audit history, dated when they happened."""
    stages: list[list[ExceptionReport]] = [[], [], [], []]
    for item in built:
        final = item.report
        flagged = _snapshot(final, item.flagged_at, performance, _flag_reason(final))
        flagged.state = ReportState.DRAFT
        flagged.version = 1
        _clear_text(flagged)
        _clear_signatures(flagged)
        stages[0].append(flagged)
        if item.written_at is not None:
            written = _snapshot(final, item.written_at, final.author, "Text saved")
            written.state = ReportState.DRAFT
            written.version = 2
            _clear_signatures(written)
            stages[1].append(written)
        if item.submitted_at is not None:
            submitted = _snapshot(final, item.submitted_at, final.author, "Submitted for approval")
            submitted.state = ReportState.SUBMITTED
            submitted.version = 3
            _clear_approval(submitted)
            stages[2].append(submitted)
        if item.decided_at is not None:
            head = final.service_unit.head
            if final.state == ReportState.RETURNED:
                reason = f"Returned: {final.return_comment}"
            else:
                reason = "Approved"
            stages[3].append(_snapshot(final, item.decided_at, head, reason))
    for number, rows in enumerate(stages):
        ExceptionReport.history.bulk_history_create(rows, update=number > 0)


def _flag_reason(report: ExceptionReport) -> str:
    return f"Flagged by the scorecard's rules: {', '.join(report.reasons)}"


def _snapshot(report: ExceptionReport, when: datetime, by: Any, reason: str) -> ExceptionReport:
    copied = copy.copy(report)
    copied._history_date = when  # type: ignore[attr-defined]
    copied._history_user = by  # type: ignore[attr-defined]
    copied._change_reason = short_reason(reason)  # type: ignore[attr-defined]
    return copied


def _clear_text(report: ExceptionReport) -> None:
    for name in ("reason_for_performance", "actions", "learnings", "significance"):
        setattr(report, name, "")


def _clear_signatures(report: ExceptionReport) -> None:
    report.completed_by = None
    report.completed_by_name = report.completed_by_role = ""
    report.completed_on = None
    _clear_approval(report)


def _clear_approval(report: ExceptionReport) -> None:
    report.approved_by = None
    report.approved_by_name = report.approved_by_role = ""
    report.approved_on = None
    report.return_comment = ""


# --- what the officers say ------------------------------------------------------------------

SEED_PARAGRAPHS: dict[tuple[str, str], str] = {
    (
        "OPS01",
        "2025/26 Q2",
    ): "The count is taken from the government's quarterly statistics on public charge "
    "points. The target was reached later in the year than planned because the contract "
    "for the grant-funded on-street programme took a quarter longer to let; with the "
    "supplier now installing, the count should rise faster from here.",
    (
        "OPS02",
        "2025/26 Q2",
    ): "Summer brings the most visitors, and the most litter, to beaches and open spaces. "
    "Patrols by our officers and our enforcement partner were planned around the busiest "
    "days, and also covered offences under the coastal public spaces order.",
    (
        "WBP01",
        "2025/26 Q2",
    ): "Footfall is counted by sensors in all three town centres. A warm, dry summer helped, "
    "but the rise was broad: every town centre was up on the same quarter last year.",
    (
        "CS01",
        "2025/26 Q2",
    ): "Most of the families who did come back had last been supported two or more years "
    "earlier, which suggests new needs rather than the same difficulties returning.",
}


@dataclass(frozen=True)
class Topic:
    """An indicator: what moves it, what holds it back, the plans, a lesson, why it matters."""

    levers: tuple[str, ...]
    pressures: tuple[str, ...]
    plans: tuple[str, ...]
    lesson: str
    matters: str


TOPICS: dict[str, Topic] = {
    "CS01": Topic(
        levers=(
            "Family support workers agree with each family, from the first visit, what "
            "'finished' will look like, so closures are planned rather than abrupt",
            "Each closing plan names the people around the family (relatives, school, "
            "a community group) who will stay involved once we step back",
            "The Early Help Hub checks every returning family's history before allocating, "
            "so they go straight to the right level of support",
        ),
        pressures=(
            "A cluster of families closed during the summer holidays came back once school "
            "routines restarted",
            "Two teams carried vacancies, so some closures were rushed to free capacity",
            "More families are presenting with housing and money worries that early help "
            "alone cannot resolve",
        ),
        plans=(
            "Review every re-referral in the quarter at the practice panel and record the "
            "reason it happened",
            "Add a six-week check-in call after closure for families the worker rates as fragile",
            "Share the closure-planning checklist with partner agencies that lead on early "
            "help plans",
        ),
        lesson="Planning the ending at the start of the work makes endings last. Families "
        "who help write their own closure plan are the least likely to need us again.",
        matters="Each family that does not return is a family coping on its own terms. Fewer "
        "returns also free workers to reach new families sooner.",
    ),
    "CS02": Topic(
        levers=(
            "Daily allocation meetings mean no assessment waits more than a day for a worker",
            "Team managers review every open assessment at day 30, so delays are caught "
            "while there is still time to act",
            "A stable, permanent workforce in the assessment teams, with agency use at its "
            "lowest for five years",
        ),
        pressures=(
            "Contacts rose sharply after the start of term, stretching the duty rota",
            "Several complex assessments needed health and police information that arrived late",
            "Newly qualified workers carry protected caseloads, which limits how many "
            "assessments each team can open",
        ),
        plans=(
            "Keep the day-30 review and extend it to the out-of-hours team",
            "Agree response times for information requests with health and police partners",
            "Publish a monthly timeliness dashboard to every team manager",
        ),
        lesson="Looking at every assessment at a fixed midpoint is simple and it works: "
        "problems surface while they can still be fixed.",
        matters="A timely assessment means help starts while it can still change the course "
        "of a child's life, and children at risk are identified sooner.",
    ),
    "CS03": Topic(
        levers=(
            "Strengthening-families conferences are bringing family members into plans earlier",
            "More children step down safely to child-in-need plans after review",
            "Consistent thresholds across the three locality teams",
        ),
        pressures=(
            "Several large sibling groups became subject to plans in the same quarter",
            "Neglect cases linked to parental mental health and substance misuse are rising",
            "Plans are lasting longer where court proceedings are running alongside them",
        ),
        plans=(
            "Audit a sample of new plans with the safeguarding partnership to test thresholds",
            "Use family group conferences before initial conferences where it is safe to do so",
            "Report the rate monthly to the children's leadership team with commentary",
        ),
        lesson="Reading the rate alongside its comparators matters more than any one quarter.",
        matters="A child protection plan is the most intrusive help short of care; using it "
        "only when needed keeps it meaningful.",
    ),
    "CS04": Topic(
        levers=(
            "Every proposed second plan is discussed with the conference chair beforehand",
            "Step-down support now lasts at least three months after a plan ends",
            "Independent reviewing officers track progress against each plan's outcomes",
        ),
        pressures=(
            "Some earlier plans ended before the changes families made had had time to settle",
            "Domestic abuse recurred in several households after the perpetrator returned home",
            "A small number of large sibling groups moves the percentage sharply",
        ),
        plans=(
            "Review every repeat plan from the quarter to see whether the earlier plan ended "
            "too soon",
            "Require a multi-agency safety plan before any plan linked to domestic abuse ends",
            "Offer every family stepping down from a plan a named key worker for three months",
        ),
        lesson="A plan that ends well needs support that carries on after it ends.",
        matters="A repeat plan means a child has faced harm twice. Every one avoided is a "
        "child kept safe the first time.",
    ),
    "CS06": Topic(
        levers=(
            "The edge-of-care team works intensively with families at risk of breakdown",
            "More children are leaving care to live with relatives under special guardianship",
            "Court work is planned earlier, shortening proceedings",
        ),
        pressures=(
            "More adolescents are coming into care because of exploitation and risk outside "
            "the home",
            "Unaccompanied asylum-seeking children arriving through the national transfer scheme",
            "Fewer children are leaving care while court timetables lengthen",
        ),
        plans=(
            "Expand the edge-of-care service to cover weekends",
            "Review every child in care under a care order at home to see whether it can end",
            "Work with the courts on realistic timetables for family members' assessments",
        ),
        lesson="The rate moves slowly; a change in who comes into care shows first in the "
        "ages of the children coming in.",
        matters="Children do best in their own families when that is safe, and places in care "
        "are costly and scarce.",
    ),
    "CS07": Topic(
        levers=(
            "Placement stability meetings are held as soon as a carer raises a concern",
            "Foster carers get therapeutic support through the new in-house team",
            "More children are matched with long-term carers within their first year",
        ),
        pressures=(
            "A shortage of foster carers for teenagers means some moves are unavoidable",
            "A small number of children with very complex needs moved several times",
            "Two residential homes closed at short notice, forcing moves",
        ),
        plans=(
            "Run a recruitment campaign aimed at carers for teenagers",
            "Extend therapeutic support to kinship carers",
            "Review every third placement move at the head of service's panel",
        ),
        lesson="Supporting carers early keeps placements together; most breakdowns start "
        "with a carer who felt alone.",
        matters="Every move means a new home, often a new school, and the loss of trusted "
        "adults. Stability lets children settle and learn.",
    ),
    "CS10": Topic(
        levers=(
            "The virtual school tracks every child's education place daily",
            "A named education adviser is involved in every placement move",
            "Schools agreed fast-track admissions for children in care",
        ),
        pressures=(
            "Children placed outside the area wait longer for school places",
            "Some placements changed at short notice",
            "Places in specialist provision are scarce",
        ),
        plans=(
            "Keep the daily tracking and extend it to children placed outside the area",
            "Agree a protocol with neighbouring councils on admissions for children in care",
            "Commission interim tuition from the first day a child is out of school",
        ),
        lesson="Knowing each child by name, every day, is what keeps the number low.",
        matters="Time out of school costs children in care learning they can rarely make up.",
    ),
    "CS12": Topic(
        levers=(
            "Careers advisers met every Year 11 pupil judged at risk before they left school",
            "The new supported internship places with local employers filled quickly",
            "Better data sharing with colleges means drop-outs are followed up within a week",
        ),
        pressures=(
            "Young people are leaving college courses in the first term",
            "Mental health needs are stopping some young people from taking up places",
            "Rural young people face long and costly journeys to college",
        ),
        plans=(
            "Follow up every college drop-out within five working days",
            "Expand the travel bursary to more rural postcodes",
            "Work with the mental health service on a pathway back into learning",
        ),
        lesson="The first weeks after a young person leaves a course are when they are most "
        "likely to come back: speed of contact matters.",
        matters="Time spent not in education, employment or training at 16 or 17 affects "
        "earnings and health for years.",
    ),
    "CS13": Topic(
        levers=(
            "Secondary heads agreed to consult the inclusion team before any permanent exclusion",
            "Managed moves between schools are used as an alternative to exclusion",
            "Outreach from the pupil referral unit supports pupils in their own schools",
        ),
        pressures=(
            "More incidents involving weapons, where exclusion is usually unavoidable",
            "Several pupils had needs that had not been assessed",
            "Alternative provision is full, limiting options short of exclusion",
        ),
        plans=(
            "Review every permanent exclusion at the fair access panel",
            "Fast-track needs assessments for pupils at risk of exclusion",
            "Commission more outreach places",
        ),
        lesson="Exclusions fall when schools have a real alternative and an early, named "
        "contact to call.",
        matters="Permanently excluded pupils are far more likely to leave school without "
        "qualifications and to be drawn into exploitation.",
    ),
    "CS14": Topic(
        levers=(
            "Primary schools can now call an inclusion adviser on the same day",
            "Nurture groups run in more primary schools",
            "Early support for speech and language needs",
        ),
        pressures=(
            "A few very young pupils with unmet needs",
            "Long waits for specialist places",
            "Staff shortages in some schools limit one-to-one support",
        ),
        plans=(
            "Keep the same-day inclusion advice line",
            "Train support staff in managing distressed behaviour",
            "Review every primary exclusion with the school",
        ),
        lesson="In primary schools, exclusion is almost always avoidable with support at the "
        "right moment.",
        matters="An exclusion at primary age can set a child's path for the rest of their "
        "education.",
    ),
    "CS16": Topic(
        levers=(
            "A triage meeting each week agrees which requests go to assessment",
            "Educational psychology time was protected for statutory advice",
            "Draft plans go to families sooner, so fewer changes come late",
        ),
        pressures=(
            "Requests for assessment rose again, outpacing the team's capacity",
            "Too few educational psychologists to give advice within six weeks",
            "Health advice is often late from the community paediatric service",
        ),
        plans=(
            "Commission locum educational psychologists to clear the backlog of advice",
            "Agree a six-week turnaround for health advice with the integrated care board",
            "Track every plan weekly from week 12 so late plans are escalated",
        ),
        lesson="The timeline is only as quick as its slowest piece of advice.",
        matters="Children wait for the support a plan secures; late plans mean lost school time "
        "and families left in limbo.",
    ),
    "CS19": Topic(
        levers=(
            "Carers are reminded a month before each child's check is due",
            "Two dental practices keep appointments free for children in care",
            "Social workers record checks on the day",
        ),
        pressures=(
            "NHS dental appointments are hard to find in the area",
            "Children placed outside the area had checks delayed",
            "Some older children decline checks",
        ),
        plans=(
            "Secure more reserved appointments through the integrated care board",
            "Give carers a list of practices taking children in care",
            "Follow up every overdue check at the child's next review",
        ),
        lesson="Reserved appointments work; reminders alone do not when appointments are scarce.",
        matters="Dental health is a basic part of a child's wellbeing and too often missed for "
        "children in care.",
    ),
    "ASC01": Topic(
        levers=(
            "Therapists assess people on the ward before discharge",
            "Reablement carers follow a single plan shared with the district nurses",
            "Follow-up calls at day 30 and day 60 catch problems early",
        ),
        pressures=(
            "People are leaving hospital sicker and frailer than before",
            "Gaps in the reablement rota at weekends",
            "Some people were readmitted with falls shortly after discharge",
        ),
        plans=(
            "Add falls prevention checks to every reablement plan",
            "Recruit to the weekend rota",
            "Review every readmission within 91 days with the hospital discharge team",
        ),
        lesson="The first week at home decides most outcomes; that is where our effort goes.",
        matters="Staying at home after a stay in hospital is what most older people want, and "
        "it avoids costly long-term care.",
    ),
    "ASC03": Topic(
        levers=(
            "A waiting list review team contacted everyone waiting over 28 days",
            "Simple needs now go to trusted assessors in the voluntary sector",
            "Assessments by video call for people who prefer them",
        ),
        pressures=(
            "Referrals from hospital rose sharply over the winter",
            "Vacancies among social workers in the assessment teams",
            "More complex cases take longer to assess",
        ),
        plans=(
            "Run weekly waiting list reviews until the list is back within target",
            "Recruit two social workers on fixed-term contracts",
            "Triage every new referral within two working days",
        ),
        lesson="Contacting people while they wait both reduces risk and clears requests that "
        "no longer need an assessment.",
        matters="People waiting for an assessment may be going without care they need, and "
        "their carers carry the strain.",
    ),
    "ASC04": Topic(
        levers=(
            "A single front door resolves more contacts at first point",
            "Assessments are booked at first contact",
            "Trusted assessors handle straightforward equipment requests",
        ),
        pressures=(
            "Long waits for occupational therapy assessments",
            "A rise in complex referrals",
            "Staff absence in the access team",
        ),
        plans=(
            "Book every assessment at first contact",
            "Expand trusted assessment to more equipment",
            "Report waiting times weekly to the head of service",
        ),
        lesson="Booking the assessment at the first call cuts days from every case.",
        matters="Quicker assessments mean people get help before a crisis.",
    ),
    "ASC06": Topic(
        levers=(
            "The supported employment team works with twenty local employers",
            "Job coaches stay with people for their first three months in work",
            "Day services now include work tasters",
        ),
        pressures=(
            "Some employers cut hours over the winter",
            "Transport to work remains a barrier for many",
            "Benefit rules worry people about taking on more hours",
        ),
        plans=(
            "Sign up ten more employers through the local business partnership",
            "Offer benefits advice to everyone starting work",
            "Extend travel training to all day service users",
        ),
        lesson="Employers stay with the scheme when the job coach stays with the employee.",
        matters="Paid work brings income, friendships and independence.",
    ),
    "ASC10": Topic(
        levers=(
            "Carers' assessments are offered at every adult social care assessment",
            "The carers' centre completes assessments on our behalf",
            "GP practices now refer carers directly",
        ),
        pressures=(
            "Staff time diverted to hospital discharge",
            "Carers do not always see themselves as carers",
            "Vacancies at the carers' centre",
        ),
        plans=(
            "Offer assessments at the carers' drop-in sessions",
            "Promote the direct referral route to all GP practices",
            "Review the carers' centre contract targets",
        ),
        lesson="Working with partners reaches carers we would not otherwise meet.",
        matters="Carers who are supported keep caring for longer and stay well themselves.",
    ),
    "OPS01": Topic(
        levers=(
            "The charge point contract awarded this year has started delivering: kerbside "
            "sockets are going in street by street",
            "The first of the rapid charging hubs opened in a council car park",
            "Grid connection requests now go in before sites are finalised, cutting lead times",
        ),
        pressures=(
            "The supplier's installation programme slipped while grid connections were awaited",
            "Two planned hub sites needed new substations",
            "Some existing chargers were out of service awaiting parts",
        ),
        plans=(
            "Open the remaining rapid hubs, starting with the park and ride site",
            "Start the pavement cable channel trial for homes without driveways",
            "Publish a quarterly map of new and planned charge points",
        ),
        lesson="Applying for grid connections early takes months off delivery. Every "
        "infrastructure programme should start with the slowest approval.",
        matters="Residents without off-street parking can only switch to electric vehicles "
        "if they can charge near home.",
    ),
    "OPS02": Topic(
        levers=(
            "Enforcement officers were deployed to beaches and parks on the busiest summer days",
            "Patrols shared intelligence with the cleansing teams on littering hotspots",
            "A publicity campaign made clear that fines would be issued",
        ),
        pressures=(
            "Fewer officers on patrol in the winter months",
            "Vacancies in the enforcement team",
            "Fewer visitors after the summer, and fewer offences witnessed",
        ),
        plans=(
            "Plan patrols around visitor forecasts and events",
            "Fill the vacant enforcement officer posts",
            "Target fly-tipping hotspots with cameras over the winter",
        ),
        lesson="Resourcing planned against expected demand puts officers where the offences are.",
        matters="Visible enforcement keeps beaches and streets clean and tells residents that "
        "environmental crime is taken seriously.",
    ),
    "OPS03": Topic(
        levers=(
            "Food waste collections now reach every household",
            "Crews leave feedback tags on contaminated recycling",
            "A new contract for garden waste composting",
        ),
        pressures=(
            "Contamination rose in flats with shared bins",
            "Garden waste tonnage fell in a dry winter",
            "Market prices for some recyclables fell",
        ),
        plans=(
            "Run a contamination campaign in blocks of flats",
            "Add recycling champions in the worst-affected estates",
            "Review collection rounds with the highest rejection rates",
        ),
        lesson="Feedback at the kerbside changes behaviour faster than leaflets.",
        matters="Recycling more saves disposal costs and cuts the council's carbon footprint.",
    ),
    "OPS04": Topic(
        levers=(
            "New in-cab technology records every missed bin as it happens",
            "Rounds were rebalanced after the new estates were added",
            "A stable crew workforce",
        ),
        pressures=(
            "Vehicle breakdowns in the ageing fleet",
            "Agency crews unfamiliar with the rounds",
            "Road works blocking access on several rounds",
        ),
        plans=(
            "Bring forward replacement of the oldest vehicles",
            "Pair agency crews with experienced drivers",
            "Share road work schedules with the collection planners",
        ),
        lesson="Reliable vehicles and familiar crews matter more than anything else.",
        matters="A missed bin is the service residents notice most.",
    ),
    "OPS05": Topic(
        levers=(
            "Cameras at the worst hotspots deter fly-tippers",
            "Fixed penalty notices issued at higher values",
            "Quicker clearance stops small tips attracting more",
        ),
        pressures=(
            "Fly-tipping rises when charges at the tip change",
            "Hotspots move when cameras move",
            "Reports via the app increased, which raises recorded numbers",
        ),
        plans=(
            "Rotate cameras between hotspots",
            "Publicise every successful prosecution",
            "Work with landowners on blocking access to lay-bys",
        ),
        lesson="Deterrence works best when it is visible and publicised.",
        matters="Fly-tipping blights neighbourhoods and costs the council to clear.",
    ),
    "OPS06": Topic(
        levers=(
            "The capped single fare has brought new passengers onto buses",
            "New bus lanes on the main corridor improved reliability",
            "Real-time information at more stops",
        ),
        pressures=(
            "Operators cut services on some routes due to driver shortages",
            "Road works on the main corridor slowed journeys",
            "Bad weather kept passengers away",
        ),
        plans=(
            "Work with operators on the driver recruitment campaign",
            "Agree road work timing with the bus operators",
            "Promote the fare cap in the winter",
        ),
        lesson="Fares and reliability move passenger numbers more than anything else.",
        matters="Buses connect residents without cars to work, education and services.",
    ),
    "OPS07": Topic(
        levers=(
            "Water quality improved after the storm overflow work",
            "Beach cleans daily in the season",
            "Lifeguard cover met the award standard on every beach",
        ),
        pressures=(
            "Heavy rain led to water quality failures",
            "Facilities closed for repairs",
            "Lifeguard cover was short at one beach",
        ),
        plans=(
            "Work with the water company on overflow spills",
            "Repair facilities before the season",
            "Recruit lifeguards earlier in the year",
        ),
        lesson="Award criteria are met through work all year, not just in the summer.",
        matters="Blue Flag awards draw visitors and reassure residents about their beaches.",
    ),
    "WBP01": Topic(
        levers=(
            "The summer events programme, run with the business improvement districts",
            "The 'shop local' campaign, promoted by traders across all three towns",
            "Community groups supported to put on their own events in the town centres",
        ),
        pressures=(
            "Wet weather over the winter kept visitors away",
            "Two large stores closed in the main town centre",
            "Road works at the main gateway reduced access",
        ),
        plans=(
            "Plan the winter lights and market events with the business improvement districts",
            "Promote town centres across council channels during the festive season",
            "Work with landlords to fill vacant units with pop-up shops",
        ),
        lesson="Working with the business improvement districts and community groups makes "
        "events bigger than the council could manage alone.",
        matters="Footfall keeps town-centre businesses open and town centres lively, and "
        "supports local jobs.",
    ),
    "WBP03": Topic(
        levers=(
            "Prevention work with families at risk of eviction",
            "More private rented homes secured through the landlord incentive scheme",
            "Move-on from temporary accommodation into social housing",
        ),
        pressures=(
            "Evictions from private rented homes are rising",
            "Few affordable homes available to let",
            "Families staying longer in temporary accommodation",
        ),
        plans=(
            "Expand the landlord incentive scheme",
            "Work with housing associations on more direct lets",
            "Review every household in temporary accommodation for over six months",
        ),
        lesson="Prevention is cheaper and kinder than temporary accommodation.",
        matters="Temporary accommodation disrupts children's schooling and costs the council "
        "heavily.",
    ),
    "WBP06": Topic(
        levers=(
            "Summer reading challenge for children",
            "Events and clubs in every branch library",
            "Longer opening hours at the central library",
        ),
        pressures=(
            "Branch closures for repairs",
            "Staff shortages reduced opening hours",
            "Fewer events in the winter",
        ),
        plans=(
            "Plan events for the autumn and winter",
            "Reopen branches after repairs",
            "Promote the library app",
        ),
        lesson="Events bring people in and they come back for the books.",
        matters="Libraries are free, warm and open to everyone.",
    ),
    "WBP08": Topic(
        levers=(
            "Housing association partners completed several schemes",
            "The council's own building programme started delivering homes",
            "Developer contributions secured affordable homes on large sites",
        ),
        pressures=(
            "Schemes delayed by rising build costs",
            "Two housing associations paused development",
            "Viability claims reduced affordable homes on some sites",
        ),
        plans=(
            "Work with housing associations on stalled schemes",
            "Bring forward council-owned sites",
            "Challenge viability claims more robustly",
        ),
        lesson="A pipeline of sites is needed years ahead of delivery.",
        matters="Affordable homes let residents stay in the area they call home.",
    ),
    "RES01": Topic(
        levers=(
            "More residents pay by direct debit",
            "Reminders sent by text as well as post",
            "Early contact with residents who fall behind",
        ),
        pressures=(
            "Cost of living pressures on households",
            "Delays in issuing reminders after a system change",
            "More residents paying over twelve instalments",
        ),
        plans=(
            "Catch up on reminders after the system change",
            "Promote direct debit with bills and online",
            "Offer payment plans early to residents in difficulty",
        ),
        lesson="Early contact keeps residents paying; enforcement is the last resort.",
        matters="Council tax pays for local services; every pound not collected is a pound "
        "not spent on them.",
    ),
    "RES02": Topic(
        levers=(
            "Managers hold return-to-work meetings after every absence",
            "Quicker access to occupational health",
            "Wellbeing support for staff",
        ),
        pressures=(
            "Long-term absence for stress and mental health rose",
            "Winter illnesses among frontline staff",
            "Delays in occupational health referrals",
        ),
        plans=(
            "Train managers in supporting staff with mental health conditions",
            "Reduce occupational health waiting times",
            "Review long-term cases monthly with HR",
        ),
        lesson="Early, kind contact during absence helps people come back sooner.",
        matters="Sickness absence reduces the service residents get and puts pressure on the "
        "colleagues who cover.",
    ),
    "RES07": Topic(
        levers=(
            "Claims are checked for missing evidence on the day they arrive",
            "Claimants can upload evidence online",
            "The team cleared its backlog with overtime",
        ),
        pressures=(
            "A rise in claims",
            "Staff vacancies",
            "Claimants slow to send evidence",
        ),
        plans=(
            "Check every claim for missing evidence on arrival",
            "Fill vacant posts",
            "Send reminders for missing evidence after five days",
        ),
        lesson="Asking for missing evidence on the day saves weeks later.",
        matters="Prompt decisions keep people in their homes and out of arrears.",
    ),
}

DEFAULT = Topic(
    levers=(
        "Managers review the figures with their teams each month",
        "Work is planned around the months of highest demand",
        "Partners share information more quickly than before",
    ),
    pressures=(
        "Demand rose faster than the service could respond",
        "Vacancies and absence reduced capacity",
        "Some work depends on partners whose own pressures grew",
    ),
    plans=(
        "Review the figures monthly with the head of service",
        "Fill vacant posts and cover absence",
        "Agree response times with partners",
    ),
    lesson="Looking at the figures early and often makes problems easier to fix.",
    matters="This measure reflects a service residents rely on.",
)


def topic_for(code: str) -> Topic:
    return TOPICS.get(code, DEFAULT)
