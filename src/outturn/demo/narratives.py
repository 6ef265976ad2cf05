"""Commentary for the demo council's outturns.

Published figures from the papers carry a note written for the demo. Generated figures
get a note assembled from a few sentences: how the figure moved, where it stands against
its target, and something about the service (what drives the figure, what is being done),
chosen with the build's random generator so that the same seed gives the same words and
neighbouring quarters do not read alike.
"""

from __future__ import annotations

import random
from decimal import Decimal

from outturn.demo.catalogue import Goal, IndicatorSpec
from outturn.engine.periods import Period, PeriodKind
from outturn.engine.values import Unit, format_value

# Notes for the figures taken from the papers, keyed by (code, period).
SEED_NOTES: dict[tuple[str, str], str] = {
    ("OPS01", "2025/26 Q2"): (
        "Government statistics now count 265 public charge points in the area, so the "
        "quarterly target has been passed. Getting here took longer than planned because the "
        "procurement for the grant-funded on-street programme slipped by a quarter. The "
        "contract is now let and the first rapid charging hub is open, so numbers should "
        "climb faster from here."
    ),
    ("OPS02", "2025/26 Q2"): (
        "Summer visitors bring more litter to the beaches and parks, so enforcement patrols "
        "were planned around expected busy days and weekends. Officers and our enforcement "
        "partner also dealt with offences under the coastal public spaces order. The number "
        "of notices served was well over the quarterly target."
    ),
    ("WBP01", "2025/26 Q2"): (
        "A strong summer: 22.54 million visits across the three town centres against a "
        "quarterly target of 18 million. Support for the business improvement districts, the "
        "shop-local campaign and a busy programme of community-led events all helped. The "
        "festive quarter is the next test, and the weather remains the biggest risk."
    ),
    ("CS02", "2024/25 Q4"): (
        "94% of assessments were finished inside 45 working days, the highest quarter so "
        "far, and comfortably clear of the 85% target and of comparator councils."
    ),
    ("CS02", "2025/26 Q1"): (
        "A new high of 96% on time. The average assessment now takes 21 working days, two "
        "days quicker than last quarter, and well over half are done within 20 working days. "
        "Teams have held this level for several quarters running despite complex caseloads."
    ),
    ("CS01", "2025/26 Q1"): (
        "14% of children referred for targeted Early Help had been supported in the previous "
        "twelve months, inside the 15% target. Numbers returning stay low, and the new "
        "pathways across the Early Help partnership are bedding in."
    ),
    ("CS01", "2025/26 Q2"): (
        "Down to 10%, four points better than last quarter. Most families who came back had "
        "last been supported two or more years ago, which points to new needs rather than "
        "the same problem returning. Workers plan the ending of support from the first "
        "visit, and families leave with a network they can call on."
    ),
    ("CS02", "2019/20 Q2"): (
        "Only 65.9% of single assessments were completed within 45 working days, well below "
        "the 83% national average. Vacancies and high caseloads in the assessment teams are "
        "the main cause; a recovery plan is tracking every overdue assessment weekly."
    ),
    ("CS10", "2019/20 Q2"): (
        "31 children in care were missing education at the quarter's end, 11.8 for every "
        "100 of school age. The Virtual School is chasing school places for each child and "
        "reviewing every reduced timetable with the school."
    ),
    ("CS11", "2019/20 Q2"): (
        "Six care leavers were in bed and breakfast at the end of the quarter. Each placement "
        "is agreed by a senior manager and reviewed weekly while a suitable home is found."
    ),
    ("CS12", "2019/20 Q2"): (
        "7.7% of 16 and 17 year olds (548 young people) were not in education, employment or "
        "training, above the South West average of 6.3%. The figure usually rises at the "
        "start of the academic year while destinations are confirmed."
    ),
    ("CS13", "2019/20 Q2"): (
        "109 permanent exclusions from secondary schools in the last twelve months, 0.47% of "
        "pupils: more than double the 0.2% national rate. Schools, the inclusion service and "
        "alternative provision are reviewing how pupils at risk are supported earlier."
    ),
    ("CS03", "2025/26 Q4"): (
        "58 children per 10,000 were on a child protection plan at the end of March, well "
        "above the national (41), statistical neighbour (35) and Good+ (42) rates. A joint "
        "audit with the reviewing service found decisions to start plans sound; the work now "
        "is on ending plans with confidence once risks can be managed under a child in need "
        "plan."
    ),
    ("CS04", "2025/26 Q4"): (
        "30% of plans started in the year were for children who had been on a plan before, "
        "against 23% among statistical neighbours. Cases are being sampled to see whether "
        "earlier plans ended too soon."
    ),
    ("CS05", "2025/26 Q4"): (
        "95% of review conferences were held on time, in line with the target and above all "
        "three comparator groups."
    ),
    ("CS06", "2025/26 Q4"): (
        "644 children in care at the end of March, 86 per 10,000: a rise of about 15% in a "
        "year and high against every comparator. Placement sufficiency work has added local "
        "residential and supported accommodation beds."
    ),
    ("CS06", "2019/20 Q4"): (
        "526 children in care on 31 March 2020, the first year-end snapshot for the new council."
    ),
    ("CS07", "2025/26 Q4"): (
        "8% of children in long-term care had three or more moves in the year, better than "
        "the national figure of 10%."
    ),
    ("CS08", "March 2026"): (
        "92% of statutory visits were on time in March, above the 90% target."
    ),
    ("CS09", "2025/26 Q4"): (
        "99% of reviews were held on time between January and March, the strongest quarter "
        "on record."
    ),
    ("CS18", "2025/26 Q4"): (
        "92% of review health assessments were on time, matching statistical neighbours and "
        "above the national figure."
    ),
    ("CS19", "2025/26 Q3"): (
        "Up to 80%, meeting the target for the first time since dental services reopened."
    ),
    ("CS19", "2025/26 Q4"): (
        "76% at the end of March, down from 80% in December. Finding NHS dentists with space "
        "remains hard; the health team is booking checks directly for children who are overdue."
    ),
    ("CS20", "2025/26 Q4"): (
        "51% of care leavers aged 19 to 21 were in education, employment or training, three "
        "points below the national figure. The apprenticeship offer for care leavers is "
        "being widened across council services."
    ),
    ("CS21", "2025/26 Q4"): (
        "93% were in suitable accommodation, above the target and every comparator group."
    ),
}

# A few sentences per indicator about what moves the figure and what is being done.
THEMES: dict[str, tuple[str, ...]] = {
    "CS01": (
        (
            "Closure conversations now start at the first visit, so families know what success "
            "looks like."
        ),
        "The Early Help advice point is steering repeat requests to the right service first time.",
        "Most returning families come back with a new need rather than an old one.",
    ),
    "CS02": (
        "Managers review every assessment open for more than 30 working days each week.",
        "Stable teams and lower agency use are keeping assessments moving.",
        (
            "The front door is screening referrals more tightly, so assessments start with better "
            "information."
        ),
    ),
    "CS03": (
        "Plans are being reviewed to check that each one still needs child protection oversight.",
        (
            "The Families First model aims to reach families earlier so fewer reach the threshold "
            "for a plan."
        ),
        "Independent chairs are being supported to step plans down when risks are managed.",
    ),
    "CS04": (
        "Repeat plans are sampled each month to learn whether earlier plans ended too soon.",
        "Step-down support after a plan ends has been strengthened.",
    ),
    "CS05": (
        "Chairs' diaries are now booked three months ahead.",
        "Cover arrangements mean conferences go ahead when a chair is absent.",
    ),
    "CS06": (
        "Reunification work is helping some children return home safely.",
        "New entrants to care are reviewed weekly by senior managers.",
        "More children are living with relatives under special guardianship orders.",
    ),
    "CS07": (
        "Matching panels are taking longer over first placements so that they last.",
        "Foster carers get therapeutic support when a placement comes under strain.",
    ),
    "CS08": (
        "Team managers check the visit tracker every Monday.",
        "Visits to children placed far away are planned a month ahead.",
    ),
    "CS09": (
        "Independent reviewing officers now hold mid-point reviews between formal meetings.",
        "Review dates are set at the end of each meeting, so few slip.",
    ),
    "CS10": (
        "The Virtual School reviews every reduced timetable with the school each fortnight.",
        "Admissions for children moving placement are fast-tracked.",
    ),
    "CS11": (
        "Emergency placements are reviewed daily by the leaving care manager.",
        "More supported lodgings hosts have been recruited.",
    ),
    "CS12": (
        "Youth workers follow up every young person whose destination is not known.",
        "A targeted offer for young people leaving alternative provision has started.",
    ),
    "CS13": (
        "Schools can ask for an inclusion panel before an exclusion is considered.",
        "Outreach from alternative provision is supporting pupils in their own schools.",
    ),
    "CS14": (
        "Primary heads meet termly with the inclusion service to discuss pupils at risk.",
        "Early years and primary staff are being trained in trauma-informed practice.",
    ),
    "CS15": (
        "The inclusion panel is offering managed moves as an alternative to exclusion.",
        "Exclusions are counted from April, so the figure builds through the school year.",
    ),
    "CS16": (
        "Educational psychology capacity is the main constraint on timeliness.",
        "A backlog plan is clearing the oldest assessments first.",
        "Weekly meetings with health partners chase overdue advice.",
    ),
    "CS17": (
        "Schools are using tutoring funding for pupils eligible for free school meals.",
        "Attendance of disadvantaged pupils is a focus for the school improvement team.",
    ),
    "CS18": (
        "Health and social care share a tracker of assessments falling due.",
        "Children placed out of area remain the hardest to see on time.",
    ),
    "CS19": (
        "Access to NHS dentists limits how quickly checks can be booked.",
        "Carers receive reminders when a check is coming due.",
    ),
    "CS20": (
        "Personal advisers work with employers on ring-fenced apprenticeships.",
        "A college transition programme supports care leavers into further study.",
    ),
    "CS21": (
        "The housing pathway for care leavers gives priority for social tenancies.",
        "Supported accommodation places have increased.",
    ),
    "ASC01": (
        "Therapists now join the discharge team on the wards.",
        "Winter pressures bring more frail patients into reablement.",
    ),
    "ASC02": (
        "Admissions are agreed at a weekly panel that looks first at support at home.",
        "Extra care housing is giving people a choice short of a care home.",
    ),
    "ASC03": (
        "A duty team is working through the longest waits first.",
        "Each person waiting is contacted to check whether their needs have changed.",
    ),
    "ASC04": (
        "Proportionate assessments by phone have shortened simple cases.",
        "Vacancies in the locality teams slow assessments down.",
    ),
    "ASC05": (
        "Making Safeguarding Personal conversations record what the person wants to happen.",
        "Enquiries are audited monthly for the quality of outcomes.",
    ),
    "ASC06": (
        "The supported employment service works with local employers on job carving.",
        "Job coaches stay with people through their first months in work.",
    ),
    "ASC07": (
        "The quality team visits providers rated Requires Improvement every month.",
        "Provider forums share learning from inspections.",
    ),
    "ASC08": (
        "Hourly rates rose with the National Living Wage.",
        "Packages are getting larger as people with higher needs are supported at home.",
    ),
    "ASC09": (
        "A personal assistant register makes direct payments easier to use.",
        "Support planners offer a direct payment at every review.",
    ),
    "ASC10": (
        "Carers' assessments are offered at every adult assessment.",
        "A community partner now completes some assessments on the council's behalf.",
    ),
    "OPS01": (
        "Installation depends on grid connections, which can take months.",
        "The on-street programme targets streets without off-street parking.",
    ),
    "OPS02": (
        "Patrols are matched to the busiest places and times.",
        "A publicity campaign explains the fines and how to dispose of waste properly.",
    ),
    "OPS03": (
        "Garden waste tonnages follow the growing season.",
        "Food waste collections are being extended to flats.",
    ),
    "OPS04": (
        "Round changes and driver vacancies are the usual causes of missed collections.",
        "In-cab technology now flags missed streets to crews on the day.",
    ),
    "OPS05": (
        "Hotspot cameras are moved monthly to where dumping is reported.",
        "Incidents rise in the warmer months.",
    ),
    "OPS06": (
        "Capped fares have helped bring passengers back.",
        "New bus priority measures are improving journey times on the main corridors.",
    ),
    "OPS07": (
        "Water quality results decide most awards.",
        "Beach teams prepare each site against the award criteria over the winter.",
    ),
    "OPS08": (
        "Summer visitors make litter harder to keep on top of.",
        "Extra evening cleansing shifts run in the season.",
    ),
    "OPS09": (
        "Street lighting has been converted to LEDs.",
        "The vehicle fleet is moving to electric as leases end.",
    ),
    "WBP01": (
        "Events and the weather explain most of the variation between quarters.",
        "The business improvement districts share footfall data monthly.",
        "Seasonal events are planned with traders to lengthen visits.",
    ),
    "WBP02": (
        "Completions depend on the pace of a few large sites.",
        "Build costs have slowed some schemes.",
    ),
    "WBP03": (
        "Demand for help with homelessness remains high.",
        "Move-on from temporary accommodation is slowed by a shortage of affordable lets.",
    ),
    "WBP04": (
        "Extensions of time are agreed early with applicants.",
        "Small numbers of decisions make the percentage swing.",
    ),
    "WBP05": (
        "Early contact with landlords is keeping more tenancies going.",
        "A prevention fund pays rent arrears where this saves a tenancy.",
    ),
    "WBP06": (
        "Events for children and families draw people back to branches.",
        "Some libraries now open later for study space.",
    ),
    "WBP07": ("The survey samples about 2,000 residents each spring.",),
    "WBP08": ("Delivery follows the timing of a few housing association schemes.",),
    "RES01": (
        "Collection follows the instalment calendar, with most paid by January.",
        "Reminders are now sent by text and email as well as post.",
    ),
    "RES02": (
        "Mental health remains the largest cause of long-term absence.",
        "Managers get monthly reports of staff reaching absence triggers.",
    ),
    "RES03": (
        "Leavers' surveys are reviewed by directorate.",
        "Recruitment to hard-to-fill roles is a continuing pressure.",
    ),
    "RES04": (
        "More invoices now arrive electronically and are matched automatically.",
        "Disputed invoices are chased with budget holders weekly.",
    ),
    "RES05": (
        "A weekly list of requests nearing their deadline goes to every directorate.",
        "Complex requests needing legal advice take longest.",
    ),
    "RES06": (
        "Annual bills in March bring the busiest weeks of the year.",
        "More residents now use online forms for simple requests.",
    ),
    "RES07": (
        "Claims with full evidence are decided within days.",
        "Automatic data from the DWP is speeding up changes.",
    ),
    "RES08": (
        "The oldest debts are reviewed monthly for recovery or write-off.",
        "Direct debit is now the default for regular charges.",
    ),
    "RES09": (
        "Complaints are allocated on the day they arrive.",
        "A few services account for most late replies.",
    ),
    "RES10": (
        "Demand in children's and adults' care drives most of the variance.",
        "Spending controls are in place on non-essential costs.",
    ),
}

_IMPROVED = (
    "{value} this {unit_word}, better than the {previous} reported for {previous_period}.",
    "The figure improved to {value}, from {previous} in {previous_period}.",
    "{value} for {period}: an improvement on the previous {unit_word} ({previous}).",
    "Performance moved the right way, to {value} from {previous}.",
)
_WORSENED = (
    "{value} this {unit_word}, down on the {previous} reported for {previous_period}.",
    "The figure slipped to {value}, from {previous} in {previous_period}.",
    "{value} for {period}, weaker than the previous {unit_word} ({previous}).",
    "Performance moved the wrong way, to {value} from {previous}.",
)
_STEADY = (
    "{value} this {unit_word}, much the same as {previous_period} ({previous}).",
    "Steady at {value} (previously {previous}).",
    "Little change: {value} against {previous} in {previous_period}.",
)
_CONTEXT = (
    "{value} for {period} (previously {previous}).",
    "The figure for {period} is {value}, compared with {previous} before.",
)
_FIRST = ("{value} for {period}.",)
_CUMULATIVE = (
    "{value} so far this year, to the end of {period}.",
    "The year-to-date total at {period} is {value}.",
    "By the end of {period} the running total for the year stands at {value}.",
)

_MET = (
    "That meets the target of {target}.",
    "This is on target ({target}).",
    "The target of {target} was met.",
)
_MISSED = (
    "That is short of the target of {target}.",
    "The target of {target} was not met.",
    "This is off target ({target}).",
)
_IN_BAND = ("The figure is within the agreed range of {low} to {high}.",)
_OUT_OF_BAND = ("The figure is outside the agreed range of {low} to {high}.",)
_NO_TARGET = (
    "No target is set; the figure is reported for context.",
    "There is no target for this measure, which is watched against comparators.",
)

_ACTIONS_GOOD = (
    "The service expects to hold this level.",
    "The aim now is to sustain it.",
    "",
)
_ACTIONS_BAD = (
    "An improvement plan is in place and progress is reviewed monthly.",
    "The head of service is reviewing the causes with the team.",
    "Recovery actions are set out in the service plan.",
)

_UNIT_WORDS = {
    PeriodKind.QUARTER: "quarter",
    PeriodKind.MONTH: "month",
    PeriodKind.FINANCIAL_YEAR: "year",
    PeriodKind.ACADEMIC_YEAR: "academic year",
    PeriodKind.TERM: "term",
}


def shown(spec: IndicatorSpec, value: Decimal) -> str:
    return format_value(value, Unit(spec.unit), spec.decimals)


def met_target(spec: IndicatorSpec, value: Decimal, goal: Goal | None) -> bool | None:
    """Whether ``value`` meets ``goal`` by the indicator's polarity; None without a target."""
    if goal is None or spec.polarity == "none":
        return None
    if goal.band is not None:
        low, high = (Decimal(edge) for edge in goal.band)
        return low <= value <= high
    if goal.value is None:
        return None
    target = Decimal(goal.value)
    return value >= target if spec.polarity == "up" else value <= target


def _movement(spec: IndicatorSpec, value: Decimal, previous: Decimal) -> str:
    threshold = Decimal(spec.direction_threshold)
    change = value - previous
    if abs(change) <= threshold:
        return "steady"
    if spec.polarity == "none":
        return "context"
    better = change > 0 if spec.polarity == "up" else change < 0
    return "improved" if better else "worsened"


def commentary(
    spec: IndicatorSpec,
    period: Period,
    value: Decimal,
    previous: tuple[Period, Decimal] | None,
    goal: Goal | None,
    rng: random.Random,
) -> str:
    """A short note on one generated outturn, in the voice of the service.

    A cumulative figure is described as a total so far, since it grows through the year
    whatever happens; otherwise the note says how it moved since the previous period.
    """
    fields = {
        "value": shown(spec, value),
        "period": str(period),
        "unit_word": _UNIT_WORDS.get(period.kind, "period"),
        "previous": "",
        "previous_period": "",
    }
    movement = "first"
    if spec.aggregation == "cumulative":
        opening = rng.choice(_CUMULATIVE)
    elif previous is None:
        opening = rng.choice(_FIRST)
    else:
        fields["previous"] = shown(spec, previous[1])
        fields["previous_period"] = str(previous[0])
        movement = _movement(spec, value, previous[1])
        pool = {
            "improved": _IMPROVED,
            "worsened": _WORSENED,
            "steady": _STEADY,
            "context": _CONTEXT,
        }[movement]
        opening = rng.choice(pool)
    sentences = [opening.format(**fields)]

    met = met_target(spec, value, goal)
    if goal is not None and goal.band is not None:
        low, high = (_target_text(spec, edge) for edge in goal.band)
        pool = _IN_BAND if met else _OUT_OF_BAND
        sentences.append(rng.choice(pool).format(low=low, high=high))
    elif met is None:
        if spec.polarity != "none" or goal is not None:
            sentences.append(rng.choice(_NO_TARGET))
    else:
        target = _target_text(spec, goal.value if goal and goal.value else "0")
        sentences.append(rng.choice(_MET if met else _MISSED).format(target=target))

    themes = THEMES.get(spec.code, ())
    if themes:
        sentences.append(rng.choice(themes))
    if met is False or (met is None and movement == "worsened"):
        sentences.append(rng.choice(_ACTIONS_BAD))
    elif met:
        sentences.append(rng.choice(_ACTIONS_GOOD))
    return " ".join(sentence for sentence in sentences if sentence)


def _target_text(spec: IndicatorSpec, figure: str) -> str:
    """A target as it was set: every digit it has, and no more."""
    return format_value(Decimal(figure), Unit(spec.unit))


_DRAFT_NOTES = (
    "Provisional figure; still being checked against the source system.",
    "Draft: waiting for the last few records to be updated before submitting.",
    "Entered early from the monthly extract; commentary to follow.",
    "Draft figure. The team is confirming two cases before it goes for approval.",
)
_SUBMITTED_NOTES = (
    "Checked against the source report and submitted for approval.",
    "Submitted. {value} for {period}; no data quality issues found.",
    "Figure validated by the service and sent to the head of service.",
    "Submitted for approval. {value}, in line with the trend.",
)


def round_note(
    spec: IndicatorSpec, period: Period, value: Decimal, state: str, rng: random.Random
) -> str:
    """A data owner's note on a figure entered in the open round."""
    pool = _SUBMITTED_NOTES if state == "submitted" else _DRAFT_NOTES
    return rng.choice(pool).format(value=shown(spec, value), period=str(period))
