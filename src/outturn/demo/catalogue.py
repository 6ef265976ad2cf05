"""The demo council's register, written down as data.

Everything here is fictional except where a figure is marked as coming from the public
papers in ``shared/seeds`` (indicator titles, outturns, targets and comparator values):
those facts are kept as published, in the periods they were published for.

Nothing in this module touches the database; :mod:`outturn.demo.builder` turns it into
rows and :mod:`outturn.demo.history` turns each :class:`Shape` into a series of outturns.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- people and organisation ---------------------------------------------------------------

PERFORMANCE_TEAM = "Performance team"
DATA_OWNER = "Data owner"
RESPONSIBLE_OFFICER = "Responsible officer"
HEAD_OF_SERVICE = "Head of service"
DIRECTOR = "Director"
COUNCILLOR = "Councillor"

GROUPS = (PERFORMANCE_TEAM, DATA_OWNER, RESPONSIBLE_OFFICER, HEAD_OF_SERVICE, DIRECTOR, COUNCILLOR)


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    job_title: str
    group: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


# One account per role, with the usernames the demo command prints; then the other
# (fictional) officers who own, write about and approve the rest of the scorecard.
ROLE_PEOPLE = (
    Person("performance", "Megan", "Holloway", "Corporate Performance Manager", PERFORMANCE_TEAM),
    Person(
        "owner", "Tom", "Ashby", "Performance and Data Officer, Children's Services", DATA_OWNER
    ),
    Person(
        "author",
        "Rachel",
        "Okafor",
        "Service Manager, Children's Social Care",
        RESPONSIBLE_OFFICER,
    ),
    Person(
        "head",
        "Daniel",
        "Whitcombe",
        "Head of Children's Social Care",
        HEAD_OF_SERVICE,
    ),
    Person("director", "Claire", "Penrose", "Corporate Director of Children's Services", DIRECTOR),
    Person(
        "councillor",
        "Jonathan",
        "Mercer",
        "Portfolio Holder for Children and Young People",
        COUNCILLOR,
    ),
)

OTHER_PEOPLE = (
    # Children's Services
    Person(
        "samuel.adeyemi",
        "Samuel",
        "Adeyemi",
        "Service Lead, Children in Care and Care Experienced Young People",
        HEAD_OF_SERVICE,
    ),
    Person(
        "lucy.harrower",
        "Lucy",
        "Harrower",
        "Head of Inclusion and the Virtual School",
        HEAD_OF_SERVICE,
    ),
    Person("imran.qureshi", "Imran", "Qureshi", "Head of SEND Services", HEAD_OF_SERVICE),
    Person(
        "grace.pemberton", "Grace", "Pemberton", "Virtual School Headteacher", RESPONSIBLE_OFFICER
    ),
    # Adult Social Care
    Person("fiona.marsh", "Fiona", "Marsh", "Corporate Director of Adult Social Care", DIRECTOR),
    Person("owen.treharne", "Owen", "Treharne", "Head of Access and Reablement", HEAD_OF_SERVICE),
    Person("bethan.cole", "Bethan", "Cole", "Head of Safeguarding and Quality", HEAD_OF_SERVICE),
    Person("kieran.doyle", "Kieran", "Doyle", "Performance Analyst, Adult Social Care", DATA_OWNER),
    Person(
        "nadia.rahman", "Nadia", "Rahman", "Service Manager, Adult Social Care", RESPONSIBLE_OFFICER
    ),
    # Operations
    Person("michael.trent", "Michael", "Trent", "Corporate Director of Operations", DIRECTOR),
    Person("helen.quarrie", "Helen", "Quarrie", "Head of Environment", HEAD_OF_SERVICE),
    Person(
        "paul.embleton",
        "Paul",
        "Embleton",
        "Head of Public Protection and Transport",
        HEAD_OF_SERVICE,
    ),
    Person(
        "chris.dunford", "Chris", "Dunford", "Business Intelligence Officer, Operations", DATA_OWNER
    ),
    Person("amy.fenwick", "Amy", "Fenwick", "Enforcement Team Leader", RESPONSIBLE_OFFICER),
    Person("joe.latimer", "Joe", "Latimer", "Sustainable Transport Manager", RESPONSIBLE_OFFICER),
    # Wellbeing and Place
    Person(
        "sarah.kendrick", "Sarah", "Kendrick", "Corporate Director of Wellbeing and Place", DIRECTOR
    ),
    Person("victor.amos", "Victor", "Amos", "Head of Economy and Culture", HEAD_OF_SERVICE),
    Person("ruth.salter", "Ruth", "Salter", "Head of Housing and Planning", HEAD_OF_SERVICE),
    Person(
        "ellie.brand", "Ellie", "Brand", "Data and Insight Officer, Wellbeing and Place", DATA_OWNER
    ),
    Person("marcus.hale", "Marcus", "Hale", "Town Centres Manager", RESPONSIBLE_OFFICER),
    Person("priya.desai", "Priya", "Desai", "Housing Options Manager", RESPONSIBLE_OFFICER),
    # Resources
    Person("graham.whitley", "Graham", "Whitley", "Corporate Director of Resources", DIRECTOR),
    Person("jane.moorcroft", "Jane", "Moorcroft", "Head of Finance and Revenues", HEAD_OF_SERVICE),
    Person(
        "ade.balogun", "Ade", "Balogun", "Head of People and Customer Services", HEAD_OF_SERVICE
    ),
    Person("liam.percival", "Liam", "Percival", "Performance Officer, Resources", DATA_OWNER),
    Person("zoe.marchant", "Zoe", "Marchant", "Revenues and Benefits Manager", RESPONSIBLE_OFFICER),
    Person("tariq.hussain", "Tariq", "Hussain", "Customer Services Manager", RESPONSIBLE_OFFICER),
)

PEOPLE = ROLE_PEOPLE + OTHER_PEOPLE

COUNCIL_CODE = "wessex-coast"
COUNCIL_NAME = "Wessex Coast Council"

# Ten fictional statistical neighbours, used as peers for rankings and quartiles.
PEERS = (
    ("avonmere", "Avonmere Council"),
    ("brackenford", "Brackenford Council"),
    ("chalkridge", "Chalkridge Council"),
    ("estuary-borough", "Estuary Borough Council"),
    ("fernleigh", "Fernleigh Council"),
    ("greystone", "Greystone Council"),
    ("kestrel-bay", "Kestrel Bay Council"),
    ("millbourne", "Millbourne Council"),
    ("saltmarsh", "Saltmarsh Council"),
    ("westhaven", "Westhaven Council"),
)

NATIONAL = "national"
SOUTH_WEST = "south-west"
STAT_NEIGHBOURS = "stat-neighbours"
GOOD_PLUS = "good-plus"

COMPARATOR_GROUPS = (
    (NATIONAL, "National average"),
    (SOUTH_WEST, "South West average"),
    (STAT_NEIGHBOURS, "Statistical neighbours"),
    (GOOD_PLUS, "Good+ LAs"),
)


@dataclass(frozen=True)
class DirectorateSpec:
    code: str
    name: str
    director: str


@dataclass(frozen=True)
class ServiceUnitSpec:
    code: str
    name: str
    directorate: str
    head: str
    deputy: str | None = None


DIRECTORATES = (
    DirectorateSpec("CS", "Children's Services", "director"),
    DirectorateSpec("ASC", "Adult Social Care", "fiona.marsh"),
    DirectorateSpec("OPS", "Operations", "michael.trent"),
    DirectorateSpec("WBP", "Wellbeing and Place", "sarah.kendrick"),
    DirectorateSpec("RES", "Resources", "graham.whitley"),
)

SERVICE_UNITS = (
    ServiceUnitSpec("CS-MASH", "MASH, Assessment and Out of Hours", "CS", "head", "author"),
    ServiceUnitSpec("CS-EHTI", "Early Help and Targeted Intervention", "CS", "head"),
    ServiceUnitSpec("CS-CPR", "Child Protection and Reviewing", "CS", "head"),
    ServiceUnitSpec(
        "CS-CIC",
        "Children in Care and Care Experienced Young People",
        "CS",
        "head",
        "samuel.adeyemi",
    ),
    ServiceUnitSpec("CS-INC", "Inclusion and Virtual School", "CS", "lucy.harrower"),
    ServiceUnitSpec("CS-SEND", "SEND and Education, Health and Care Plans", "CS", "imran.qureshi"),
    ServiceUnitSpec("ASC-ACC", "Access and Assessment", "ASC", "owen.treharne"),
    ServiceUnitSpec("ASC-REAB", "Reablement and Intermediate Care", "ASC", "owen.treharne"),
    ServiceUnitSpec("ASC-SAFE", "Adult Safeguarding", "ASC", "bethan.cole"),
    ServiceUnitSpec("ASC-COMM", "Commissioning and Quality", "ASC", "bethan.cole"),
    ServiceUnitSpec("OPS-WASTE", "Waste and Cleansing", "OPS", "helen.quarrie"),
    ServiceUnitSpec("OPS-COAST", "Greenspace and Coast", "OPS", "helen.quarrie"),
    ServiceUnitSpec("OPS-PP", "Public Protection", "OPS", "paul.embleton"),
    ServiceUnitSpec("OPS-TRAN", "Transport and Sustainable Travel", "OPS", "paul.embleton"),
    ServiceUnitSpec("WBP-ECON", "Economic Development", "WBP", "victor.amos"),
    ServiceUnitSpec("WBP-LIB", "Libraries and Culture", "WBP", "victor.amos"),
    ServiceUnitSpec("WBP-HOUS", "Housing", "WBP", "ruth.salter"),
    ServiceUnitSpec("WBP-PLAN", "Planning", "WBP", "ruth.salter"),
    ServiceUnitSpec("RES-FIN", "Finance", "RES", "jane.moorcroft"),
    ServiceUnitSpec("RES-REV", "Revenues and Benefits", "RES", "jane.moorcroft"),
    ServiceUnitSpec("RES-HR", "People and Culture", "RES", "ade.balogun"),
    ServiceUnitSpec("RES-CUST", "Customer and Digital Services", "RES", "ade.balogun"),
)

PRIORITIES = (
    (
        "CHILDREN",
        "Every child and young person gets a good start",
        "Children are safe, learn well and are supported early, close to home.",
    ),
    (
        "PEOPLE",
        "People live healthy, safe and independent lives",
        "Adults get the care they need when they need it, and stay independent for longer.",
    ),
    (
        "PLACE",
        "A clean, green and thriving coast and towns",
        "Streets, beaches and town centres that residents and visitors enjoy.",
    ),
    (
        "COUNCIL",
        "A council that is efficient, open and listens",
        "Money, people and services managed well, with residents kept informed.",
    ),
)

# (code, name, holder name, holder's user account or None)
PORTFOLIOS = (
    ("CYP", "Children and Young People", "Cllr Jonathan Mercer", "councillor"),
    ("HEALTH", "Adult Social Care and Health", "Cllr Meera Chaudhry", None),
    ("ENV", "Climate, Environment and Transport", "Cllr Gareth Pryce", None),
    ("COMMUNITIES", "Communities and Public Protection", "Cllr Fatima Sayed", None),
    ("ECONOMY", "Economy, Housing and Regeneration", "Cllr Lorna Beckett", None),
    ("FINANCE", "Finance and Corporate Resources", "Cllr Stuart Ellery", None),
)

CABINET = "cabinet"
CHILDREN_OS = "children-os"
ENVIRONMENT_OS = "environment-os"
HEALTH_OS = "health-asc-os"
CORPORATE_OS = "corporate-os"

# (code, name, kind)
COMMITTEES = (
    (CABINET, "Cabinet", "cabinet"),
    (CHILDREN_OS, "Children's Services Overview and Scrutiny Committee", "scrutiny"),
    (ENVIRONMENT_OS, "Environment and Place Overview and Scrutiny Committee", "scrutiny"),
    (HEALTH_OS, "Health and Adult Social Care Overview and Scrutiny Committee", "scrutiny"),
    (CORPORATE_OS, "Corporate and Community Overview and Scrutiny Committee", "scrutiny"),
)


@dataclass(frozen=True)
class DirectorateDefaults:
    """Who usually owns a directorate's indicators and where they usually report."""

    owner: str
    author: str
    priority: str
    portfolio: str
    committee: str


DEFAULTS = {
    "CS": DirectorateDefaults("owner", "author", "CHILDREN", "CYP", CHILDREN_OS),
    "ASC": DirectorateDefaults("kieran.doyle", "nadia.rahman", "PEOPLE", "HEALTH", HEALTH_OS),
    "OPS": DirectorateDefaults("chris.dunford", "amy.fenwick", "PLACE", "ENV", ENVIRONMENT_OS),
    "WBP": DirectorateDefaults("ellie.brand", "priya.desai", "PLACE", "ECONOMY", ENVIRONMENT_OS),
    "RES": DirectorateDefaults("liam.percival", "zoe.marchant", "COUNCIL", "FINANCE", CORPORATE_OS),
}

# Service units whose indicators someone other than the directorate's usual author writes up.
UNIT_AUTHORS = {
    "CS-INC": "grace.pemberton",
    "CS-SEND": "grace.pemberton",
}

# --- indicators ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Goal:
    """A target: a value to meet, a band to stay within, or none set.

    ``benchmark`` ties the target to a comparator value (group code, the benchmark's own
    period), which the builder creates if the indicator's ``benchmarks`` do not list it.
    """

    value: str | None = None
    band: tuple[str, str] | None = None
    basis: str = ""
    benchmark: tuple[str, str] | None = None


NO_TARGET = Goal(basis="No target set: reported for context")


@dataclass(frozen=True)
class Shape:
    """How an indicator's generated history behaves.

    ``anchors`` are (period, level) points; the level between them is interpolated in time
    and held flat before the first and after the last, so a pair of close anchors makes a
    step and distant ones a trend. ``season`` adds (or, when ``multiplicative``, scales
    by) one figure per quarter or month of the financial year, April first. ``shocks``
    scale single periods (a lockdown quarter). For a cumulative indicator the shape
    describes each period's increment, which the generator adds up through the year.
    """

    anchors: tuple[tuple[str, float], ...]
    noise: float = 0.0
    season: tuple[float, ...] = ()
    multiplicative: bool = False
    shocks: tuple[tuple[str, float], ...] = ()
    floor: float | None = 0.0
    ceiling: float | None = None
    # Percentages worked out from counts: the typical denominator in one period.
    denominator: float | None = None
    # The bracketed second figure, worked out from the value: value * factor, rounded.
    secondary_factor: float | None = None
    secondary_decimals: int = 0


@dataclass(frozen=True)
class Bench:
    group: str
    period: str
    value: str
    source: str = ""


@dataclass(frozen=True)
class PeerSpread:
    """Generated values for the ten peers in one period: around ``centre``, +/- ``spread``."""

    period: str
    centre: float
    spread: float


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    title: str
    description: str
    service_unit: str
    unit: str
    polarity: str
    frequency: str
    shape: Shape
    targets: tuple[tuple[int, Goal], ...]
    aggregation: str = "snapshot"
    decimals: int = 0
    numerator_label: str = ""
    denominator_label: str = ""
    secondary_label: str = ""
    source: str = ""
    lag_months: int = 0
    is_public: bool = True
    on_cabinet_scorecard: bool = True
    owner: str | None = None
    author: str | None = None
    priority: str | None = None
    portfolio: str | None = None
    committees: tuple[str, ...] = ()
    direction_threshold: str = "0"
    # Cumulative indicators: the share of the annual target expected by the end of each
    # quarter or month (April first); even steps when empty.
    profile: tuple[float, ...] = ()
    tolerances: tuple[tuple[str, str, str], ...] = ()
    benchmarks: tuple[Bench, ...] = ()
    peers: PeerSpread | None = None

    @property
    def directorate(self) -> str:
        return self.service_unit.split("-", 1)[0]


SEED_003 = "Children's services self-assessment, comparator table"
ILLUSTRATIVE = "Illustrative figure for the demonstration"

# The month-by-month shape of council tax collection: the share of the year's bills
# collected in each month, April first (most households pay in ten instalments).
COUNCIL_TAX_MONTHS = (11.2, 9.4, 9.4, 9.3, 9.3, 9.2, 9.2, 9.1, 8.9, 8.6, 2.2, 0.9)


def _cumulative_shares(increments: tuple[float, ...]) -> tuple[float, ...]:
    total = sum(increments)
    running = 0.0
    shares = []
    for step in increments:
        running += step
        shares.append(round(running / total, 4))
    return tuple(shares)


CHILDREN_INDICATORS = (
    IndicatorSpec(
        code="CS01",
        title=(
            "Decrease the percentage of children and young people who return to Early Help "
            "within 12 months"
        ),
        description=(
            "Of the children and young people referred for targeted Early Help in the "
            "quarter, the share who had a targeted Early Help episode closed in the twelve "
            "months before. A low figure suggests that families leave support able to cope."
        ),
        service_unit="CS-EHTI",
        unit="percentage",
        polarity="down",
        frequency="quarterly",
        decimals=0,
        numerator_label="Referrals within 12 months of a previous episode closing",
        denominator_label="Referrals for targeted Early Help in the quarter",
        source="Early Help case management system",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 19),
                ("2021/22 Q1", 17),
                ("2022/23 Q4", 14),
                ("2024/25 Q4", 12),
                ("2025/26 Q4", 11),
            ),
            noise=1.6,
            denominator=160,
        ),
        targets=((2019, Goal("18")), (2022, Goal("15"))),
        tolerances=(("2019/20 Q1", "absolute", "2"),),
        direction_threshold="0.5",
    ),
    IndicatorSpec(
        code="CS02",
        title=(
            "Complete children's social care assessments in good time, so the right help "
            "starts at the right time"
        ),
        description=(
            "Children's social care assessments (single assessments) completed within 45 "
            "working days of referral, as a share of all assessments completed in the "
            "quarter."
        ),
        service_unit="CS-MASH",
        unit="percentage",
        polarity="up",
        frequency="quarterly",
        decimals=1,
        numerator_label="Assessments completed within 45 working days",
        denominator_label="Assessments completed in the quarter",
        source="Children's social care case management system",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 64),
                ("2019/20 Q4", 68),
                ("2020/21 Q4", 72),
                ("2021/22 Q4", 78),
                ("2022/23 Q4", 85),
                ("2023/24 Q2", 91),
                ("2025/26 Q1", 95),
                ("2025/26 Q4", 95.5),
            ),
            noise=1.3,
            denominator=880,
        ),
        targets=(
            (2019, Goal("83", basis="National average", benchmark=(NATIONAL, "2018/19"))),
            (2020, Goal("85")),
        ),
        tolerances=(("2019/20 Q1", "absolute", "5"),),
        benchmarks=(
            Bench(NATIONAL, "2018/19", "83", "Children in need census"),
            Bench(NATIONAL, "2024/25", "85", "Children in need census"),
        ),
        peers=PeerSpread("2024/25", 84, 4),
        direction_threshold="0.5",
    ),
    IndicatorSpec(
        code="CS03",
        title=(
            "Bring the rate of children subject to a child protection plan closer to our "
            "comparators"
        ),
        description=(
            "Children subject to a child protection plan at the end of the quarter, per "
            "10,000 children aged under 18. Reported for context and compared with "
            "national, statistical neighbour and Good+ authority rates."
        ),
        service_unit="CS-CPR",
        unit="rate_per_10000",
        polarity="down",
        frequency="quarterly",
        decimals=1,
        secondary_label="Children subject to a child protection plan",
        source="Children's social care case management system",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 43),
                ("2021/22 Q1", 46),
                ("2023/24 Q1", 48.5),
                ("2024/25 Q4", 53),
                ("2025/26 Q4", 58),
            ),
            noise=1.1,
            secondary_factor=7.46,
        ),
        targets=((2019, NO_TARGET),),
        benchmarks=(
            Bench(NATIONAL, "2024/25", "41", SEED_003),
            Bench(STAT_NEIGHBOURS, "2024/25", "35", SEED_003),
            Bench(GOOD_PLUS, "2024/25", "42", SEED_003),
        ),
        peers=PeerSpread("2024/25", 35, 7),
    ),
    IndicatorSpec(
        code="CS04",
        title="Reduce the percentage of child protection plans that are repeat plans",
        description=(
            "Children starting a child protection plan in the last twelve months who had "
            "been on a plan before, as a share of all children starting a plan."
        ),
        service_unit="CS-CPR",
        unit="percentage",
        polarity="down",
        frequency="quarterly",
        decimals=0,
        numerator_label="Children starting a second or later plan (rolling 12 months)",
        denominator_label="Children starting a plan (rolling 12 months)",
        source="Children's social care case management system",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 21),
                ("2022/23 Q1", 23),
                ("2024/25 Q1", 27),
                ("2025/26 Q4", 30),
            ),
            noise=1.4,
            denominator=480,
        ),
        targets=(
            (2019, Goal("22")),
            (
                2025,
                Goal(
                    "23",
                    basis="Statistical neighbours average",
                    benchmark=(STAT_NEIGHBOURS, "2024/25"),
                ),
            ),
        ),
        tolerances=(("2019/20 Q1", "absolute", "3"),),
        benchmarks=(
            Bench(NATIONAL, "2024/25", "25", SEED_003),
            Bench(STAT_NEIGHBOURS, "2024/25", "23", SEED_003),
            Bench(GOOD_PLUS, "2024/25", "23", SEED_003),
        ),
    ),
    IndicatorSpec(
        code="CS05",
        title="Increase the percentage of child protection reviews held on time",
        description=(
            "Child protection review conferences held within statutory timescales, as a "
            "share of all review conferences held in the quarter."
        ),
        service_unit="CS-CPR",
        unit="percentage",
        polarity="up",
        frequency="quarterly",
        decimals=0,
        numerator_label="Review conferences held within timescale",
        denominator_label="Review conferences held",
        source="Children's social care case management system",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 88),
                ("2020/21 Q1", 74),
                ("2020/21 Q4", 80),
                ("2021/22 Q4", 90),
                ("2025/26 Q4", 95),
            ),
            noise=1.5,
            denominator=300,
        ),
        targets=((2019, Goal("90")), (2023, Goal("95"))),
        tolerances=(("2019/20 Q1", "absolute", "3"),),
        benchmarks=(
            Bench(NATIONAL, "2024/25", "91", SEED_003),
            Bench(STAT_NEIGHBOURS, "2024/25", "92", SEED_003),
            Bench(GOOD_PLUS, "2024/25", "92", SEED_003),
        ),
    ),
    IndicatorSpec(
        code="CS06",
        title="Safely reduce the rate of children in care",
        description=(
            "Children in the council's care at the end of the quarter, per 10,000 children "
            "aged under 18. Reported for context: the right number is the number who need "
            "care, and the comparison with similar councils prompts the questions."
        ),
        service_unit="CS-CIC",
        unit="rate_per_10000",
        polarity="down",
        frequency="quarterly",
        decimals=1,
        secondary_label="Children in care",
        source="Children's social care case management system (SSDA903)",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 69),
                ("2019/20 Q4", 70.3),
                ("2022/23 Q4", 72),
                ("2024/25 Q4", 75),
                ("2025/26 Q4", 86),
            ),
            noise=0.8,
            secondary_factor=7.49,
        ),
        targets=((2019, NO_TARGET),),
        benchmarks=(
            Bench(NATIONAL, "2024/25", "67", SEED_003),
            Bench(STAT_NEIGHBOURS, "2024/25", "58", SEED_003),
            Bench(GOOD_PLUS, "2024/25", "68", SEED_003),
        ),
        peers=PeerSpread("2024/25", 58, 12),
    ),
    IndicatorSpec(
        code="CS07",
        title=(
            "Reduce the percentage of children in care for 12 months or more with three or more "
            "placements"
        ),
        description=(
            "Children who have been in care for at least a year and have had three or "
            "more homes in the last twelve months, as a share of all children in care."
        ),
        service_unit="CS-CIC",
        unit="percentage",
        polarity="down",
        frequency="quarterly",
        decimals=0,
        numerator_label="Children with three or more placements in 12 months",
        denominator_label="Children in care at the end of the quarter",
        source="Children's social care case management system (SSDA903)",
        shape=Shape(
            anchors=(("2019/20 Q1", 11), ("2022/23 Q1", 10), ("2025/26 Q4", 8)),
            noise=0.8,
            denominator=600,
        ),
        targets=(
            (2019, Goal("10")),
            (2025, Goal("10", basis="National average", benchmark=(NATIONAL, "2024/25"))),
        ),
        tolerances=(("2019/20 Q1", "absolute", "1"),),
        benchmarks=(
            Bench(NATIONAL, "2024/25", "10", SEED_003),
            Bench(STAT_NEIGHBOURS, "2024/25", "12", SEED_003),
            Bench(GOOD_PLUS, "2024/25", "11", SEED_003),
        ),
    ),
    IndicatorSpec(
        code="CS08",
        title="Increase the percentage of visits to children in care made within timescale",
        description=(
            "Statutory social work visits to children in care made on time in the month, "
            "as a share of all visits due."
        ),
        service_unit="CS-CIC",
        unit="percentage",
        polarity="up",
        frequency="monthly",
        decimals=0,
        numerator_label="Visits made within timescale",
        denominator_label="Visits due in the month",
        source="Children's social care case management system",
        shape=Shape(
            anchors=(
                ("April 2019", 80),
                ("March 2021", 84),
                ("March 2023", 90),
                ("March 2026", 92),
            ),
            noise=2.0,
            denominator=420,
        ),
        targets=((2019, Goal("90")),),
        tolerances=(("April 2019", "absolute", "5"),),
        direction_threshold="1",
    ),
    IndicatorSpec(
        code="CS09",
        title="Increase the percentage of children in care reviews completed within timescales",
        description=(
            "Reviews of children's care plans chaired by an independent reviewing officer "
            "and held on time, as a share of all reviews held in the quarter."
        ),
        service_unit="CS-CPR",
        unit="percentage",
        polarity="up",
        frequency="quarterly",
        decimals=0,
        numerator_label="Reviews held within timescale",
        denominator_label="Reviews held",
        source="Children's social care case management system",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 72),
                ("2020/21 Q1", 60),
                ("2020/21 Q4", 73),
                ("2021/22 Q4", 88),
                ("2023/24 Q1", 96),
                ("2025/26 Q4", 98.5),
            ),
            noise=1.5,
            denominator=330,
        ),
        targets=((2019, Goal("95")),),
        tolerances=(("2019/20 Q1", "absolute", "5"),),
    ),
    IndicatorSpec(
        code="CS10",
        title="Reduce the number of children in care missing education",
        description=(
            "Children in care of statutory school age who are not on a school roll or are "
            "on a reduced timetable at the end of the quarter. The figure in brackets is "
            "the rate per 100 school-age children in care."
        ),
        service_unit="CS-INC",
        unit="number",
        polarity="down",
        frequency="quarterly",
        secondary_label="Rate per 100 school-age children in care",
        source="Virtual School records",
        author="grace.pemberton",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 28),
                ("2019/20 Q2", 31),
                ("2020/21 Q2", 24),
                ("2022/23 Q1", 17),
                ("2025/26 Q4", 12),
            ),
            noise=2.0,
            secondary_factor=100 / 263,
            secondary_decimals=1,
        ),
        targets=((2019, NO_TARGET), (2021, Goal("15"))),
        tolerances=(("2021/22 Q1", "absolute", "3"),),
    ),
    IndicatorSpec(
        code="CS11",
        title="Reduce the number of care leavers living in bed and breakfast accommodation",
        description=(
            "Care experienced young people aged 18 to 21 living in bed and breakfast "
            "accommodation at the end of the quarter. The aim is none."
        ),
        service_unit="CS-CIC",
        unit="number",
        polarity="down",
        frequency="quarterly",
        source="Leaving care team records",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 5),
                ("2019/20 Q2", 6),
                ("2020/21 Q2", 3),
                ("2021/22 Q2", 0.8),
                ("2025/26 Q4", 0.4),
            ),
            noise=0.7,
        ),
        targets=((2019, Goal("0")),),
        tolerances=(("2019/20 Q1", "absolute", "1"),),
    ),
    IndicatorSpec(
        code="CS12",
        title=(
            "Reduce the percentage of 16 and 17 year olds not in education, employment or training"
            " (NEET)"
        ),
        description=(
            "Young people aged 16 and 17 known to be NEET at the end of the quarter, as a "
            "share of all 16 and 17 year olds living in the area. The figure in brackets is "
            "the number of young people."
        ),
        service_unit="CS-INC",
        unit="percentage",
        polarity="down",
        frequency="quarterly",
        decimals=1,
        secondary_label="Young people aged 16 and 17 who are NEET",
        source="Client caseload information system (CCIS)",
        author="grace.pemberton",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 7.0),
                ("2020/21 Q3", 7.4),
                ("2022/23 Q1", 5.6),
                ("2025/26 Q4", 4.4),
            ),
            noise=0.25,
            season=(0.0, 0.6, 0.3, -0.2),
            secondary_factor=71.17,
        ),
        targets=(
            (2019, Goal("6.3", basis="South West average", benchmark=(SOUTH_WEST, "2018/19"))),
            (2020, Goal("6.0")),
            (2022, Goal("5.5")),
            (2024, Goal("5.0")),
        ),
        tolerances=(("2019/20 Q1", "absolute", "0.5"),),
        benchmarks=(
            Bench(SOUTH_WEST, "2018/19", "6.3", "Department for Education NEET statistics"),
        ),
        direction_threshold="0.1",
    ),
    IndicatorSpec(
        code="CS13",
        title=(
            "Reduce the percentage of secondary pupils who are permanently excluded from school"
        ),
        description=(
            "Permanent exclusions from secondary schools in the last twelve months, as a "
            "percentage of secondary pupils on roll. The figure in brackets is the number of "
            "exclusions. The percentage is the rated value so that it can be held against "
            "the national rate, which is published as a percentage."
        ),
        service_unit="CS-INC",
        unit="percentage",
        polarity="down",
        frequency="quarterly",
        decimals=2,
        secondary_label="Permanent exclusions from secondary schools (rolling 12 months)",
        source="School exclusions returns",
        author="grace.pemberton",
        # The papers print this as "109 (0.47%)" against a "0.2% national average". To rate
        # like with like, the value is the percentage (0.47) and the count (109) is the
        # secondary figure, so value and target are both percentages of pupils.
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 0.44),
                ("2019/20 Q2", 0.47),
                ("2020/21 Q2", 0.30),
                ("2022/23 Q1", 0.26),
                ("2024/25 Q1", 0.21),
                ("2025/26 Q4", 0.17),
            ),
            noise=0.02,
            secondary_factor=231.91,
        ),
        targets=(
            (
                2019,
                Goal("0.2", basis="National average 2017/18", benchmark=(NATIONAL, "2017/18")),
            ),
        ),
        tolerances=(("2019/20 Q1", "absolute", "0.05"),),
        benchmarks=(
            Bench(NATIONAL, "2017/18", "0.2", "Department for Education exclusion statistics"),
        ),
        direction_threshold="0.01",
    ),
    IndicatorSpec(
        code="CS14",
        title=("Reduce the percentage of primary pupils who are permanently excluded from school"),
        description=(
            "Permanent exclusions from primary schools during the term, as a percentage of "
            "primary pupils on roll."
        ),
        service_unit="CS-INC",
        unit="percentage",
        polarity="down",
        frequency="termly",
        decimals=3,
        source="School exclusions returns",
        lag_months=2,
        author="grace.pemberton",
        shape=Shape(
            anchors=(
                ("Summer term 2019", 0.021),
                ("Autumn term 2021", 0.016),
                ("Spring term 2026", 0.012),
            ),
            noise=0.003,
            shocks=(("Summer term 2020", 0.2),),
        ),
        targets=((2019, Goal("0.02")), (2023, Goal("0.015"))),
        tolerances=(("Summer term 2019", "absolute", "0.003"),),
    ),
    IndicatorSpec(
        code="CS15",
        title="Reduce the number of permanent exclusions from our schools (cumulative)",
        description=(
            "Permanent exclusions from all state-funded schools in the area since 1 April, "
            "counted cumulatively through the financial year and set against an annual "
            "target profiled by term."
        ),
        service_unit="CS-INC",
        unit="number",
        polarity="down",
        frequency="quarterly",
        aggregation="cumulative",
        source="School exclusions returns",
        author="grace.pemberton",
        shape=Shape(
            anchors=(("2019/20 Q1", 30), ("2021/22 Q1", 19), ("2025/26 Q4", 14)),
            noise=2.5,
            season=(1.15, 0.45, 1.15, 1.25),
            multiplicative=True,
            shocks=(("2020/21 Q1", 0.15), ("2020/21 Q4", 0.5)),
        ),
        targets=((2019, Goal("110")), (2021, Goal("80")), (2023, Goal("60")), (2025, Goal("55"))),
        profile=(0.29, 0.4, 0.69, 1.0),
        tolerances=(("2019/20 Q1", "relative", "0.1"),),
    ),
    IndicatorSpec(
        code="CS16",
        title="Increase the percentage of new EHC plans issued within the 20-week timescale",
        description=(
            "New Education, Health and Care Plans issued within the 20-week statutory "
            "timescale, as a share of all new plans issued in the quarter."
        ),
        service_unit="CS-SEND",
        unit="percentage",
        polarity="up",
        frequency="quarterly",
        decimals=1,
        numerator_label="New plans issued within 20 weeks",
        denominator_label="New plans issued in the quarter",
        source="SEND case management system",
        author="grace.pemberton",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 38),
                ("2020/21 Q4", 53),
                ("2022/23 Q2", 66),
                ("2024/25 Q2", 63),
                ("2024/25 Q4", 58),
                ("2025/26 Q1", 49.5),
                ("2025/26 Q4", 55),
            ),
            noise=2.5,
            denominator=130,
        ),
        targets=((2019, Goal("60")),),
        tolerances=(("2019/20 Q1", "absolute", "5"),),
        benchmarks=(Bench(NATIONAL, "2024/25", "46.4", "SEN2 statistical release"),),
        peers=PeerSpread("2024/25", 50, 14),
        direction_threshold="1",
    ),
    IndicatorSpec(
        code="CS17",
        title="Reduce the attainment gap for pupils in receipt of free school meals at Key Stage 4",
        description=(
            "The gap in average Attainment 8 score between pupils eligible for free school "
            "meals and all other pupils in the area's schools, by academic year. Results "
            "arrive in the autumn after the summer exams."
        ),
        service_unit="CS-INC",
        unit="number",
        polarity="down",
        frequency="academic_year",
        decimals=1,
        source="Key Stage 4 performance tables",
        lag_months=3,
        author="grace.pemberton",
        shape=Shape(
            anchors=(
                ("2018/19 academic year", 17.2),
                ("2020/21 academic year", 15.5),
                ("2022/23 academic year", 16.8),
                ("2024/25 academic year", 15.4),
            ),
            noise=0.4,
        ),
        targets=((2018, Goal("16")), (2022, Goal("15"))),
        tolerances=(("2018/19 academic year", "absolute", "1"),),
        benchmarks=(Bench(NATIONAL, "2023/24 academic year", "15.6", ILLUSTRATIVE),),
    ),
    IndicatorSpec(
        code="CS18",
        title=(
            "Increase the percentage of review health assessments for children in care completed "
            "on time"
        ),
        description=(
            "Review health assessments for children in care completed within timescale, as "
            "a share of all that fell due in the quarter."
        ),
        service_unit="CS-CIC",
        unit="percentage",
        polarity="up",
        frequency="quarterly",
        numerator_label="Review health assessments completed on time",
        denominator_label="Review health assessments due",
        source="Children in care health team",
        shape=Shape(anchors=(("2019/20 Q1", 85), ("2025/26 Q4", 92)), noise=1.8, denominator=150),
        targets=(
            (2019, Goal("90")),
            (2025, Goal("90", basis="National average", benchmark=(NATIONAL, "2024/25"))),
        ),
        tolerances=(("2019/20 Q1", "absolute", "3"),),
        benchmarks=(
            Bench(NATIONAL, "2024/25", "90", SEED_003),
            Bench(STAT_NEIGHBOURS, "2024/25", "92", SEED_003),
            Bench(GOOD_PLUS, "2024/25", "92", SEED_003),
        ),
    ),
    IndicatorSpec(
        code="CS19",
        title="Increase the percentage of children in care with an up to date dental check",
        description=(
            "Children in care for at least twelve months whose dental check is up to date at "
            "the end of the quarter."
        ),
        service_unit="CS-CIC",
        unit="percentage",
        polarity="up",
        frequency="quarterly",
        numerator_label="Children with an up to date dental check",
        denominator_label="Children in care for 12 months or more",
        source="Children in care health team",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 84),
                ("2019/20 Q4", 83),
                ("2020/21 Q2", 45),
                ("2021/22 Q4", 66),
                ("2024/25 Q4", 73),
                ("2025/26 Q3", 79),
                ("2025/26 Q4", 77),
            ),
            noise=1.8,
            denominator=470,
        ),
        targets=((2019, Goal("85")), (2021, Goal("80"))),
        tolerances=(("2019/20 Q1", "absolute", "3"),),
        benchmarks=(
            Bench(NATIONAL, "2024/25", "81", SEED_003),
            Bench(STAT_NEIGHBOURS, "2024/25", "80", SEED_003),
            Bench(GOOD_PLUS, "2024/25", "82", SEED_003),
        ),
    ),
    IndicatorSpec(
        code="CS20",
        title=(
            "Increase the percentage of care leavers aged 19 to 21 in education, employment or "
            "training"
        ),
        description=(
            "Care experienced young people aged 19 to 21 the council is in touch with who "
            "are in education, employment or training at the end of the quarter."
        ),
        service_unit="CS-CIC",
        unit="percentage",
        polarity="up",
        frequency="quarterly",
        numerator_label="Care leavers aged 19 to 21 in education, employment or training",
        denominator_label="Care leavers aged 19 to 21",
        source="Leaving care team records",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 49),
                ("2020/21 Q2", 43),
                ("2022/23 Q1", 50),
                ("2025/26 Q4", 51),
            ),
            noise=1.8,
            denominator=190,
        ),
        targets=(
            (2019, Goal("50")),
            (2025, Goal("54", basis="National average", benchmark=(NATIONAL, "2024/25"))),
        ),
        tolerances=(("2019/20 Q1", "absolute", "3"),),
        benchmarks=(
            Bench(NATIONAL, "2024/25", "54", SEED_003),
            Bench(STAT_NEIGHBOURS, "2024/25", "54", SEED_003),
            Bench(GOOD_PLUS, "2024/25", "55", SEED_003),
        ),
        peers=PeerSpread("2024/25", 54, 9),
    ),
    IndicatorSpec(
        code="CS21",
        title="Increase the percentage of care leavers aged 19 to 21 in suitable accommodation",
        description=(
            "Care experienced young people aged 19 to 21 the council is in touch with whose "
            "accommodation is judged suitable at the end of the quarter."
        ),
        service_unit="CS-CIC",
        unit="percentage",
        polarity="up",
        frequency="quarterly",
        numerator_label="Care leavers aged 19 to 21 in suitable accommodation",
        denominator_label="Care leavers aged 19 to 21",
        source="Leaving care team records",
        shape=Shape(anchors=(("2019/20 Q1", 86), ("2025/26 Q4", 93)), noise=1.5, denominator=190),
        targets=((2019, Goal("90")),),
        tolerances=(("2019/20 Q1", "absolute", "3"),),
        benchmarks=(
            Bench(NATIONAL, "2024/25", "89", SEED_003),
            Bench(STAT_NEIGHBOURS, "2024/25", "88", SEED_003),
            Bench(GOOD_PLUS, "2024/25", "90", SEED_003),
        ),
    ),
)

ADULT_INDICATORS = (
    IndicatorSpec(
        code="ASC01",
        title=(
            "Increase the proportion of older people still at home 91 days after leaving hospital "
            "into reablement"
        ),
        description=(
            "People aged 65 and over discharged from hospital into reablement or "
            "rehabilitation who are still living at home 91 days later."
        ),
        service_unit="ASC-REAB",
        unit="percentage",
        polarity="up",
        frequency="quarterly",
        decimals=1,
        numerator_label="People at home 91 days after discharge",
        denominator_label="People discharged into reablement",
        source="Adult social care case management system",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 81),
                ("2020/21 Q1", 76),
                ("2021/22 Q1", 80),
                ("2025/26 Q4", 85),
            ),
            noise=2.0,
            denominator=95,
        ),
        targets=((2019, Goal("82")), (2023, Goal("84"))),
        tolerances=(("2019/20 Q1", "absolute", "3"),),
        benchmarks=(Bench(NATIONAL, "2024/25", "83.8", ILLUSTRATIVE),),
        direction_threshold="0.5",
    ),
    IndicatorSpec(
        code="ASC02",
        title=(
            "Reduce permanent admissions of older people to residential and nursing care "
            "(cumulative)"
        ),
        description=(
            "Permanent admissions of people aged 65 and over to residential and nursing "
            "care homes since 1 April, per 100,000 residents aged 65 and over."
        ),
        service_unit="ASC-ACC",
        unit="rate_per_100000",
        polarity="down",
        frequency="quarterly",
        aggregation="cumulative",
        decimals=1,
        source="Adult social care case management system",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 150),
                ("2020/21 Q1", 120),
                ("2022/23 Q1", 150),
                ("2024/25 Q1", 140),
                ("2025/26 Q4", 128),
            ),
            noise=10,
        ),
        targets=((2019, Goal("600")), (2022, Goal("580")), (2024, Goal("540"))),
        tolerances=(("2019/20 Q1", "relative", "0.05"),),
    ),
    IndicatorSpec(
        code="ASC03",
        title="Reduce the number of people waiting for a Care Act assessment",
        description="People waiting for a first Care Act assessment at the end of the month.",
        service_unit="ASC-ACC",
        unit="number",
        polarity="down",
        frequency="monthly",
        source="Adult social care case management system",
        shape=Shape(
            anchors=(
                ("April 2019", 170),
                ("March 2021", 230),
                ("December 2022", 410),
                ("March 2024", 280),
                ("March 2026", 160),
            ),
            noise=12,
            season=(0, 0, 0, 5, 10, 5, 0, 0, 10, 15, 10, 0),
        ),
        targets=(
            (2019, Goal("200")),
            (2022, Goal("300")),
            (2024, Goal("220")),
            (2025, Goal("180")),
        ),
        tolerances=(("April 2019", "relative", "0.1"),),
    ),
    IndicatorSpec(
        code="ASC04",
        title="Reduce the average time from first contact to a completed assessment",
        description=(
            "Average calendar days between a person's first contact and the completion of "
            "their Care Act assessment, for assessments completed in the month."
        ),
        service_unit="ASC-ACC",
        unit="days",
        polarity="down",
        frequency="monthly",
        decimals=1,
        source="Adult social care case management system",
        shape=Shape(
            anchors=(
                ("April 2019", 27),
                ("December 2022", 41),
                ("March 2024", 30),
                ("March 2026", 22),
            ),
            noise=1.5,
        ),
        targets=((2019, Goal("28")), (2025, Goal("25"))),
        tolerances=(("April 2019", "absolute", "2"),),
        direction_threshold="0.5",
    ),
    IndicatorSpec(
        code="ASC05",
        title=(
            "Increase the percentage of safeguarding enquiries where the risk was reduced or "
            "removed"
        ),
        description=(
            "Concluded section 42 safeguarding enquiries where a risk was identified and "
            "was reduced or removed, as a share of those concluded enquiries."
        ),
        service_unit="ASC-SAFE",
        unit="percentage",
        polarity="up",
        frequency="quarterly",
        decimals=1,
        numerator_label="Enquiries where the risk was reduced or removed",
        denominator_label="Concluded enquiries where a risk was identified",
        source="Adult social care case management system",
        shape=Shape(anchors=(("2019/20 Q1", 88), ("2025/26 Q4", 92.5)), noise=1.5, denominator=210),
        targets=((2019, Goal("90")),),
        tolerances=(("2019/20 Q1", "absolute", "2"),),
    ),
    IndicatorSpec(
        code="ASC06",
        title="Increase the proportion of adults with a learning disability in paid employment",
        description=(
            "Adults aged 18 to 64 with a learning disability who receive long-term support "
            "and are in paid work, as a share of all in that group."
        ),
        service_unit="ASC-COMM",
        unit="percentage",
        polarity="up",
        frequency="quarterly",
        decimals=1,
        numerator_label="Adults with a learning disability in paid employment",
        denominator_label="Adults with a learning disability receiving long-term support",
        source="Adult social care case management system",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 5.6),
                ("2023/24 Q1", 5.8),
                ("2024/25 Q2", 7.4),
                ("2025/26 Q4", 7.8),
            ),
            noise=0.15,
            denominator=1150,
        ),
        targets=((2019, Goal("6.0")), (2024, Goal("7.0"))),
        tolerances=(("2019/20 Q1", "absolute", "0.5"),),
        direction_threshold="0.1",
    ),
    IndicatorSpec(
        code="ASC07",
        title="Increase the percentage of adult social care providers rated Good or Outstanding",
        description=(
            "Care homes and home care agencies in the area rated Good or Outstanding by the "
            "Care Quality Commission at the end of the quarter."
        ),
        service_unit="ASC-COMM",
        unit="percentage",
        polarity="up",
        frequency="quarterly",
        decimals=1,
        numerator_label="Providers rated Good or Outstanding",
        denominator_label="Providers with a published rating",
        source="Care Quality Commission ratings",
        shape=Shape(anchors=(("2019/20 Q1", 84), ("2025/26 Q4", 87)), noise=1.0, denominator=210),
        targets=((2019, Goal("85")),),
        tolerances=(("2019/20 Q1", "absolute", "2"),),
    ),
    IndicatorSpec(
        code="ASC08",
        title="Monitor the average weekly cost of a home care package",
        description=(
            "Average gross weekly cost of the home care packages in place at the end of the "
            "quarter. Reported for context on the market and the budget."
        ),
        service_unit="ASC-COMM",
        unit="money",
        polarity="none",
        frequency="quarterly",
        decimals=2,
        source="Adult social care finance system",
        is_public=False,
        on_cabinet_scorecard=False,
        shape=Shape(
            anchors=(("2019/20 Q1", 255), ("2022/23 Q1", 300), ("2025/26 Q4", 392)), noise=3
        ),
        targets=((2019, NO_TARGET),),
    ),
    IndicatorSpec(
        code="ASC09",
        title="Increase the proportion of people using social care who receive direct payments",
        description=(
            "People receiving long-term community support who take some or all of it as a "
            "direct payment, at the end of the quarter."
        ),
        service_unit="ASC-ACC",
        unit="percentage",
        polarity="up",
        frequency="quarterly",
        decimals=1,
        numerator_label="People receiving a direct payment",
        denominator_label="People receiving long-term community support",
        source="Adult social care case management system",
        shape=Shape(
            anchors=(("2019/20 Q1", 22), ("2025/26 Q4", 26.5)), noise=0.4, denominator=3400
        ),
        targets=((2019, Goal("24")), (2023, Goal("26"))),
        tolerances=(("2019/20 Q1", "absolute", "1"),),
        on_cabinet_scorecard=False,
    ),
    IndicatorSpec(
        code="ASC10",
        title="Increase the number of carers' assessments completed",
        description="Assessments of unpaid carers' own needs completed in the month.",
        service_unit="ASC-ACC",
        unit="number",
        polarity="up",
        frequency="monthly",
        source="Adult social care case management system",
        shape=Shape(
            anchors=(("April 2019", 105), ("March 2021", 95), ("March 2026", 128)),
            noise=8,
            season=(1, 1, 1, 1, 0.85, 1, 1.05, 1.05, 0.8, 1.05, 1.05, 1.1),
            multiplicative=True,
            shocks=(("April 2020", 0.6), ("May 2020", 0.75)),
        ),
        targets=((2019, Goal("100")), (2023, Goal("115"))),
        tolerances=(("April 2019", "relative", "0.1"),),
        on_cabinet_scorecard=False,
    ),
)

OPERATIONS_INDICATORS = (
    IndicatorSpec(
        code="OPS01",
        title="Increase the number of electric vehicle (EV) charge points open to the public",
        description=(
            "Public charging devices for electric vehicles in the council's area at the end "
            "of the quarter, as counted in the government's quarterly statistics."
        ),
        service_unit="OPS-TRAN",
        unit="number",
        polarity="up",
        frequency="quarterly",
        source="Department for Transport electric vehicle charging device statistics",
        author="joe.latimer",
        priority="PLACE",
        portfolio="ENV",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 38),
                ("2021/22 Q1", 92),
                ("2023/24 Q1", 168),
                ("2024/25 Q4", 232),
                ("2025/26 Q1", 236),
                ("2025/26 Q2", 262),
                ("2025/26 Q4", 292),
            ),
            noise=2,
        ),
        targets=(
            (2019, Goal("50")),
            (2020, Goal("80")),
            (2021, Goal("110")),
            (2022, Goal("140")),
            (2023, Goal("180")),
            (2024, Goal("220")),
            (2025, Goal("240")),
            (2026, Goal("320")),
        ),
        tolerances=(("2019/20 Q1", "relative", "0.05"),),
    ),
    IndicatorSpec(
        code="OPS02",
        title=(
            "Increase the number of Fixed Penalty Notices served for fly tipping and littering "
            "offences"
        ),
        description=(
            "Fixed penalty notices issued in the quarter by the council and its enforcement "
            "partner for littering, fly-tipping and related environmental offences."
        ),
        service_unit="OPS-PP",
        unit="number",
        polarity="up",
        frequency="quarterly",
        source="Enforcement case management system",
        portfolio="COMMUNITIES",
        committees=(CABINET, ENVIRONMENT_OS, CORPORATE_OS),
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 330),
                ("2021/22 Q4", 360),
                ("2022/23 Q1", 560),
                ("2024/25 Q4", 820),
                ("2025/26 Q4", 880),
            ),
            noise=25,
            season=(1.0, 1.45, 0.8, 0.75),
            multiplicative=True,
            shocks=(("2020/21 Q1", 0.35), ("2020/21 Q2", 0.7)),
        ),
        targets=(
            (2019, Goal("300")),
            (2022, Goal("550")),
            (2023, Goal("700")),
            (2024, Goal("780")),
            (2025, Goal("844")),
            (2026, Goal("900")),
        ),
        tolerances=(("2019/20 Q1", "relative", "0.1"),),
    ),
    IndicatorSpec(
        code="OPS03",
        title="Increase the percentage of household waste sent for reuse, recycling and composting",
        description=(
            "Household waste collected in the month that was reused, recycled or composted, "
            "as a share of all household waste collected. Weighbridge data arrive a month "
            "in arrears."
        ),
        service_unit="OPS-WASTE",
        unit="percentage",
        polarity="up",
        frequency="monthly",
        decimals=1,
        source="WasteDataFlow",
        lag_months=1,
        author="chris.dunford",
        shape=Shape(
            anchors=(("April 2019", 56.5), ("March 2026", 59.5)),
            noise=0.8,
            season=(3, 5, 5, 4, 3, 2, 0, -3, -6, -6, -4, -3),
        ),
        targets=((2019, Goal("58")), (2023, Goal("60"))),
        tolerances=(("April 2019", "absolute", "1.5"),),
        benchmarks=(Bench(NATIONAL, "2024/25", "44.6", ILLUSTRATIVE),),
        direction_threshold="0.2",
    ),
    IndicatorSpec(
        code="OPS04",
        title="Reduce the number of missed bin collections",
        description=(
            "Reported missed household bin collections in the month per 100,000 scheduled "
            "collections."
        ),
        service_unit="OPS-WASTE",
        unit="rate_per_100000",
        polarity="down",
        frequency="monthly",
        decimals=1,
        source="Customer relationship management system",
        author="chris.dunford",
        shape=Shape(
            anchors=(
                ("April 2019", 42),
                ("April 2022", 45),
                ("October 2022", 82),
                ("April 2023", 78),
                ("March 2024", 48),
                ("March 2026", 38),
            ),
            noise=4,
            season=(0, 0, 0, 0, 0, 0, 0, 0, 12, 6, 0, 0),
        ),
        targets=((2019, Goal("50")), (2024, Goal("45"))),
        tolerances=(("April 2019", "relative", "0.1"),),
        on_cabinet_scorecard=False,
    ),
    IndicatorSpec(
        code="OPS05",
        title="Reduce the number of fly-tipping incidents",
        description="Fly-tipping incidents reported to or found by the council in the month.",
        service_unit="OPS-PP",
        unit="number",
        polarity="down",
        frequency="monthly",
        source="Customer relationship management system",
        portfolio="COMMUNITIES",
        shape=Shape(
            anchors=(
                ("April 2019", 410),
                ("March 2023", 440),
                ("March 2024", 360),
                ("March 2026", 320),
            ),
            noise=20,
            season=(1.05, 1.1, 1.12, 1.15, 1.15, 1.0, 0.95, 0.88, 0.85, 0.9, 0.9, 0.95),
            multiplicative=True,
            shocks=(("April 2020", 1.35), ("May 2020", 1.3)),
        ),
        targets=((2019, Goal("400")), (2024, Goal("360"))),
        tolerances=(("April 2019", "relative", "0.1"),),
    ),
    IndicatorSpec(
        code="OPS06",
        title="Increase the number of bus passenger journeys",
        description=(
            "Passenger journeys on local bus services starting in the area in the quarter, "
            "in millions, from operators' ticket machine data."
        ),
        service_unit="OPS-TRAN",
        unit="millions",
        polarity="up",
        frequency="quarterly",
        decimals=2,
        source="Bus operators' ticketing data",
        author="joe.latimer",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 4.6),
                ("2019/20 Q4", 4.5),
                ("2020/21 Q1", 1.1),
                ("2020/21 Q4", 2.0),
                ("2021/22 Q2", 3.3),
                ("2023/24 Q1", 3.9),
                ("2025/26 Q4", 4.35),
            ),
            noise=0.06,
            season=(1.0, 1.15, 0.98, 0.87),
            multiplicative=True,
        ),
        targets=(
            (2019, Goal("4.6")),
            (2020, Goal(basis="No target set during the pandemic")),
            (2021, Goal("3.5")),
            (2023, Goal("4.0")),
            (2025, Goal("4.2")),
        ),
        tolerances=(("2019/20 Q1", "relative", "0.05"),),
        direction_threshold="0.02",
    ),
    IndicatorSpec(
        code="OPS07",
        title="Keep Blue Flag awards for our beaches",
        description="Beaches in the council's area holding a Blue Flag award for the season.",
        service_unit="OPS-COAST",
        unit="number",
        polarity="up",
        frequency="annual",
        source="Keep Britain Tidy award announcements",
        author="chris.dunford",
        shape=Shape(anchors=(("2019/20", 9), ("2025/26", 11)), noise=0.6),
        targets=((2019, Goal("10")),),
        tolerances=(("2019/20", "absolute", "1"),),
    ),
    IndicatorSpec(
        code="OPS08",
        title="Increase the percentage of streets meeting the cleanliness standard for litter",
        description=(
            "Sites inspected in the quarter's local environmental quality survey that meet "
            "the acceptable standard for litter."
        ),
        service_unit="OPS-WASTE",
        unit="percentage",
        polarity="up",
        frequency="quarterly",
        decimals=1,
        numerator_label="Sites meeting the standard",
        denominator_label="Sites inspected",
        source="Local environmental quality survey",
        author="chris.dunford",
        shape=Shape(
            anchors=(("2019/20 Q1", 93), ("2025/26 Q4", 95.5)),
            noise=0.8,
            season=(0, -1.2, 0, 0.5),
            denominator=600,
        ),
        targets=((2019, Goal("95")),),
        tolerances=(("2019/20 Q1", "absolute", "2"),),
        on_cabinet_scorecard=False,
    ),
    IndicatorSpec(
        code="OPS09",
        title="Reduce carbon emissions from the council's own operations",
        description=(
            "Greenhouse gas emissions from council buildings, fleet and street lighting in "
            "the financial year, in tonnes of carbon dioxide equivalent. Published six "
            "months after the year ends."
        ),
        service_unit="OPS-COAST",
        unit="number",
        polarity="down",
        frequency="annual",
        source="Council greenhouse gas report",
        lag_months=6,
        author="joe.latimer",
        portfolio="ENV",
        shape=Shape(anchors=(("2019/20", 21800), ("2025/26", 14200)), noise=300),
        targets=(
            (2019, NO_TARGET),
            (2020, Goal("20500")),
            (2021, Goal("19300")),
            (2022, Goal("18100")),
            (2023, Goal("16900")),
            (2024, Goal("15700")),
            (2025, Goal("14500")),
        ),
        tolerances=(("2019/20", "relative", "0.03"),),
    ),
)

PLACE_INDICATORS = (
    IndicatorSpec(
        code="WBP01",
        title="Increase footfall across our three town centres",
        description=(
            "Visits counted by the footfall cameras in the three main town centres during "
            "the quarter, in millions."
        ),
        service_unit="WBP-ECON",
        unit="millions",
        polarity="up",
        frequency="quarterly",
        decimals=2,
        source="Town centre footfall counters",
        author="marcus.hale",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 19.2),
                ("2019/20 Q4", 18.8),
                ("2020/21 Q1", 6.0),
                ("2020/21 Q2", 13.5),
                ("2020/21 Q4", 8.5),
                ("2021/22 Q2", 15.5),
                ("2023/24 Q1", 17.6),
                ("2025/26 Q4", 18.6),
            ),
            noise=0.35,
            season=(1.0, 1.2, 1.02, 0.82),
            multiplicative=True,
        ),
        targets=(
            (2019, Goal("18.5")),
            (2020, Goal(basis="No target set during the pandemic")),
            (2021, Goal("16")),
            (2023, Goal("17.5")),
            (2025, Goal("18")),
        ),
        tolerances=(("2019/20 Q1", "relative", "0.05"),),
        direction_threshold="0.05",
    ),
    IndicatorSpec(
        code="WBP02",
        title="Increase the number of new homes delivered (cumulative)",
        description=(
            "Net additional homes completed since 1 April, counted cumulatively through the "
            "financial year against the annual housing delivery target."
        ),
        service_unit="WBP-PLAN",
        unit="number",
        polarity="up",
        frequency="quarterly",
        aggregation="cumulative",
        source="Housing land supply monitoring",
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 330),
                ("2020/21 Q1", 180),
                ("2021/22 Q1", 320),
                ("2025/26 Q4", 365),
            ),
            noise=45,
        ),
        targets=((2019, Goal("1400")), (2023, Goal("1500"))),
        tolerances=(("2019/20 Q1", "relative", "0.1"),),
    ),
    IndicatorSpec(
        code="WBP03",
        title="Reduce the number of households in temporary accommodation",
        description=(
            "Households placed in temporary accommodation by the council at the end of the month."
        ),
        service_unit="WBP-HOUS",
        unit="number",
        polarity="down",
        frequency="monthly",
        source="Housing case management system",
        priority="PEOPLE",
        shape=Shape(
            anchors=(
                ("April 2019", 310),
                ("March 2021", 330),
                ("March 2023", 420),
                ("March 2025", 540),
                ("March 2026", 515),
            ),
            noise=8,
        ),
        targets=((2019, Goal("300")), (2022, Goal("380")), (2024, Goal("480"))),
        tolerances=(("April 2019", "relative", "0.05"),),
    ),
    IndicatorSpec(
        code="WBP04",
        title="Increase the percentage of major planning applications decided on time",
        description=(
            "Major planning applications decided within 13 weeks, or within an extension "
            "agreed with the applicant, as a share of all major decisions in the quarter."
        ),
        service_unit="WBP-PLAN",
        unit="percentage",
        polarity="up",
        frequency="quarterly",
        numerator_label="Major applications decided on time",
        denominator_label="Major applications decided",
        source="Planning applications system",
        shape=Shape(anchors=(("2019/20 Q1", 72), ("2025/26 Q4", 88)), noise=4, denominator=16),
        targets=(
            (2019, Goal("60", basis="Government designation threshold")),
            (2022, Goal("75")),
        ),
        tolerances=(("2019/20 Q1", "absolute", "5"),),
        on_cabinet_scorecard=False,
    ),
    IndicatorSpec(
        code="WBP05",
        title="Increase the percentage of homelessness prevention cases where a home was secured",
        description=(
            "Households owed a prevention duty whose case closed in the quarter with "
            "accommodation secured for at least six months."
        ),
        service_unit="WBP-HOUS",
        unit="percentage",
        polarity="up",
        frequency="quarterly",
        numerator_label="Prevention duties ended with accommodation secured",
        denominator_label="Prevention duties ended",
        source="Housing case management system (H-CLIC)",
        priority="PEOPLE",
        shape=Shape(anchors=(("2019/20 Q1", 52), ("2025/26 Q4", 58)), noise=2, denominator=180),
        targets=((2019, Goal("55")),),
        tolerances=(("2019/20 Q1", "absolute", "3"),),
    ),
    IndicatorSpec(
        code="WBP06",
        title="Increase the number of visits to our libraries",
        description="Visits to the council's libraries in the quarter, counted at the door.",
        service_unit="WBP-LIB",
        unit="number",
        polarity="up",
        frequency="quarterly",
        source="Library door counters",
        author="marcus.hale",
        portfolio="COMMUNITIES",
        committees=(CABINET, CORPORATE_OS),
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 420000),
                ("2019/20 Q4", 405000),
                ("2020/21 Q1", 9000),
                ("2020/21 Q3", 120000),
                ("2021/22 Q2", 240000),
                ("2023/24 Q1", 310000),
                ("2025/26 Q4", 345000),
            ),
            noise=6000,
            season=(1.0, 1.08, 0.97, 0.95),
            multiplicative=True,
        ),
        targets=(
            (2019, Goal("420000")),
            (2020, Goal(basis="No target set during the pandemic")),
            (2021, Goal("250000")),
            (2023, Goal("320000")),
        ),
        tolerances=(("2019/20 Q1", "relative", "0.05"),),
    ),
    IndicatorSpec(
        code="WBP07",
        title=(
            "Increase the percentage of residents satisfied with their local area as a place to "
            "live"
        ),
        description=(
            "Respondents to the annual residents' survey who are very or fairly satisfied with "
            "their local area."
        ),
        service_unit="WBP-ECON",
        unit="percentage",
        polarity="up",
        frequency="annual",
        source="Residents' survey",
        lag_months=2,
        author="marcus.hale",
        shape=Shape(anchors=(("2019/20", 79), ("2025/26", 81)), noise=1.2),
        targets=((2019, Goal("80")),),
        tolerances=(("2019/20", "absolute", "2"),),
    ),
    IndicatorSpec(
        code="WBP08",
        title="Increase the number of affordable homes delivered",
        description=(
            "Affordable homes (social rent, affordable rent and shared ownership) completed in the"
            " financial year."
        ),
        service_unit="WBP-HOUS",
        unit="number",
        polarity="up",
        frequency="annual",
        source="Housing land supply monitoring",
        shape=Shape(anchors=(("2019/20", 210), ("2020/21", 150), ("2025/26", 320)), noise=25),
        targets=((2019, Goal("250")), (2023, Goal("300"))),
        tolerances=(("2019/20", "relative", "0.1"),),
    ),
)

RESOURCES_INDICATORS = (
    IndicatorSpec(
        code="RES01",
        title="Increase the percentage of council tax collected in year (cumulative)",
        description=(
            "Council tax received since 1 April as a share of the year's net collectable "
            "debit, counted cumulatively through the year and held against a monthly "
            "profile of the annual target."
        ),
        service_unit="RES-REV",
        unit="percentage",
        polarity="up",
        frequency="monthly",
        aggregation="cumulative",
        decimals=2,
        source="Council tax system",
        shape=Shape(
            anchors=(
                ("April 2019", 1.005),
                ("April 2020", 0.985),
                ("April 2021", 0.995),
                ("April 2025", 1.0),
            ),
            noise=0.08,
            season=COUNCIL_TAX_MONTHS,
            multiplicative=True,
        ),
        targets=(
            (2019, Goal("97.0")),
            (2020, Goal("96.0")),
            (2021, Goal("96.5")),
            (2023, Goal("97.0")),
        ),
        profile=_cumulative_shares(COUNCIL_TAX_MONTHS),
        tolerances=(("April 2019", "absolute", "0.5"),),
        direction_threshold="0.05",
    ),
    IndicatorSpec(
        code="RES02",
        title="Reduce the average number of working days lost to sickness per employee",
        description=(
            "Working days lost to sickness absence in the last twelve months per full-time "
            "equivalent employee, excluding schools."
        ),
        service_unit="RES-HR",
        unit="days",
        polarity="down",
        frequency="monthly",
        decimals=2,
        source="HR and payroll system",
        author="tariq.hussain",
        shape=Shape(
            anchors=(
                ("April 2019", 9.4),
                ("March 2021", 8.2),
                ("March 2023", 10.9),
                ("March 2026", 9.1),
            ),
            noise=0.12,
        ),
        targets=((2019, Goal("9.5")), (2023, Goal("9.0"))),
        tolerances=(("April 2019", "absolute", "0.5"),),
        direction_threshold="0.05",
    ),
    IndicatorSpec(
        code="RES03",
        title="Keep staff turnover within a healthy range",
        description=(
            "Employees leaving the council in the last twelve months as a percentage of the "
            "average headcount. Too little turnover can be as unhealthy as too much, so the "
            "target is a band."
        ),
        service_unit="RES-HR",
        unit="percentage",
        # A band is rated whatever the polarity, as long as there is one; lower turnover
        # is generally the better direction of travel.
        polarity="down",
        frequency="quarterly",
        decimals=1,
        source="HR and payroll system",
        author="tariq.hussain",
        is_public=False,
        on_cabinet_scorecard=False,
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 12.5),
                ("2020/21 Q3", 9.8),
                ("2022/23 Q2", 15.6),
                ("2025/26 Q4", 12.4),
            ),
            noise=0.4,
        ),
        targets=(
            (2019, Goal(band=("10", "14"), basis="Healthy range agreed by the People Board")),
        ),
        tolerances=(("2019/20 Q1", "absolute", "1"),),
    ),
    IndicatorSpec(
        code="RES04",
        title="Increase the percentage of invoices paid within 30 days",
        description=(
            "Undisputed supplier invoices paid within 30 days of receipt, as a share of all "
            "invoices paid in the month."
        ),
        service_unit="RES-FIN",
        unit="percentage",
        polarity="up",
        frequency="monthly",
        decimals=1,
        numerator_label="Invoices paid within 30 days",
        denominator_label="Invoices paid",
        source="Finance system",
        shape=Shape(
            anchors=(("April 2019", 92.5), ("March 2026", 96)), noise=0.7, denominator=6200
        ),
        targets=((2019, Goal("95")),),
        tolerances=(("April 2019", "absolute", "1"),),
        on_cabinet_scorecard=False,
    ),
    IndicatorSpec(
        code="RES05",
        title=(
            "Increase the percentage of Freedom of Information requests answered within 20 working"
            " days"
        ),
        description=(
            "Freedom of Information and Environmental Information requests due in the month that "
            "were answered on time."
        ),
        service_unit="RES-CUST",
        unit="percentage",
        polarity="up",
        frequency="monthly",
        numerator_label="Requests answered within 20 working days",
        denominator_label="Requests due",
        source="Information requests case system",
        author="tariq.hussain",
        shape=Shape(
            anchors=(
                ("April 2019", 87),
                ("March 2021", 80),
                ("March 2022", 76),
                ("March 2024", 90),
                ("March 2026", 93),
            ),
            noise=2.5,
            denominator=140,
        ),
        targets=((2019, Goal("90")),),
        tolerances=(("April 2019", "absolute", "5"),),
        direction_threshold="1",
    ),
    IndicatorSpec(
        code="RES06",
        title="Increase the percentage of calls to the customer contact centre that are answered",
        description=(
            "Calls to the council's main contact centre numbers answered, as a share of calls "
            "offered in the month."
        ),
        service_unit="RES-CUST",
        unit="percentage",
        polarity="up",
        frequency="monthly",
        decimals=1,
        numerator_label="Calls answered",
        denominator_label="Calls offered",
        source="Telephony system",
        author="tariq.hussain",
        shape=Shape(
            anchors=(("April 2019", 86), ("March 2026", 89)),
            noise=1.5,
            season=(-5, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, -4),
            denominator=38000,
        ),
        targets=((2019, Goal("85")),),
        tolerances=(("April 2019", "absolute", "3"),),
    ),
    IndicatorSpec(
        code="RES07",
        title="Reduce the average time taken to process new Housing Benefit claims",
        description=(
            "Average calendar days from receipt to decision for new Housing Benefit claims decided"
            " in the month."
        ),
        service_unit="RES-REV",
        unit="days",
        polarity="down",
        frequency="monthly",
        decimals=1,
        source="Benefits system",
        priority="PEOPLE",
        shape=Shape(
            anchors=(
                ("April 2019", 21),
                ("April 2020", 27),
                ("March 2022", 19),
                ("March 2026", 15.5),
            ),
            noise=1.2,
        ),
        targets=((2019, Goal("22")), (2022, Goal("20")), (2024, Goal("18"))),
        tolerances=(("April 2019", "absolute", "2"),),
        direction_threshold="0.5",
    ),
    IndicatorSpec(
        code="RES08",
        title="Reduce the value of sundry debt more than 90 days old",
        description=(
            "Outstanding sundry (non-tax) debt more than 90 days past its due date at the end of "
            "the month."
        ),
        service_unit="RES-FIN",
        unit="money",
        polarity="down",
        frequency="monthly",
        source="Finance system",
        is_public=False,
        on_cabinet_scorecard=False,
        shape=Shape(
            anchors=(
                ("April 2019", 2100000),
                ("March 2021", 3300000),
                ("March 2023", 2700000),
                ("March 2026", 2350000),
            ),
            noise=60000,
        ),
        targets=((2019, Goal("2000000")), (2021, Goal("2750000")), (2023, Goal("2500000"))),
        tolerances=(("April 2019", "relative", "0.1"),),
    ),
    IndicatorSpec(
        code="RES09",
        title="Increase the percentage of stage 1 complaints answered within 10 working days",
        description=(
            "Stage 1 corporate complaints closed in the quarter that were answered within 10 "
            "working days."
        ),
        service_unit="RES-CUST",
        unit="percentage",
        polarity="up",
        frequency="quarterly",
        numerator_label="Complaints answered within 10 working days",
        denominator_label="Stage 1 complaints closed",
        source="Complaints case system",
        author="tariq.hussain",
        shape=Shape(anchors=(("2019/20 Q1", 78), ("2025/26 Q4", 87)), noise=2, denominator=260),
        targets=((2019, Goal("85")),),
        tolerances=(("2019/20 Q1", "absolute", "5"),),
    ),
    IndicatorSpec(
        code="RES10",
        title="Keep the forecast revenue budget position within agreed limits",
        description=(
            "Forecast year-end variance on the general fund revenue budget at the end of the "
            "quarter: a positive figure is a forecast overspend, a negative one an "
            "underspend. The target is a band."
        ),
        service_unit="RES-FIN",
        unit="money",
        # Rated against a band; a smaller forecast overspend is the better direction.
        polarity="down",
        frequency="quarterly",
        source="Finance system, quarterly budget monitoring",
        is_public=False,
        shape=Shape(
            anchors=(
                ("2019/20 Q1", 0),
                ("2022/23 Q1", 2500000),
                ("2023/24 Q4", 800000),
                ("2025/26 Q4", 200000),
            ),
            noise=250000,
            season=(1200000, 600000, 0, -700000),
            floor=None,
        ),
        targets=((2019, Goal(band=("-1000000", "500000"), basis="Limits agreed by Cabinet")),),
        tolerances=(("2019/20 Q1", "absolute", "500000"),),
    ),
)

INDICATORS: tuple[IndicatorSpec, ...] = (
    CHILDREN_INDICATORS
    + ADULT_INDICATORS
    + OPERATIONS_INDICATORS
    + PLACE_INDICATORS
    + RESOURCES_INDICATORS
)


# --- figures from the public papers ---------------------------------------------------------


@dataclass(frozen=True)
class SeedFigure:
    """A published outturn, stored exactly as the papers give it, in its own period.

    ``note_key`` names the commentary in :mod:`outturn.demo.narratives`. ``target`` is the
    target the papers print beside the figure; the catalogue's target plan must agree
    with it (the tests check).
    """

    code: str
    period: str
    value: str
    secondary: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    target: str | None = None


SEED_FIGURES = (
    # Positive exception reports, 2025/26 Q2 (seed 000).
    SeedFigure("OPS01", "2025/26 Q2", "265", target="240"),
    SeedFigure("OPS02", "2025/26 Q2", "1428", target="844"),
    SeedFigure("WBP01", "2025/26 Q2", "22.54", target="18"),
    SeedFigure("CS02", "2024/25 Q4", "94", numerator="846", denominator="900", target="85"),
    SeedFigure("CS02", "2025/26 Q1", "96", numerator="864", denominator="900", target="85"),
    SeedFigure("CS01", "2025/26 Q1", "14", numerator="21", denominator="150", target="15"),
    SeedFigure("CS01", "2025/26 Q2", "10", numerator="15", denominator="150", target="15"),
    # The 2019/20 scorecard (quarter 2).
    SeedFigure("CS02", "2019/20 Q2", "65.9", numerator="593", denominator="900", target="83"),
    SeedFigure("CS10", "2019/20 Q2", "31", secondary="11.8"),
    SeedFigure("CS11", "2019/20 Q2", "6", target="0"),
    SeedFigure("CS12", "2019/20 Q2", "7.7", secondary="548", target="6.3"),
    SeedFigure("CS13", "2019/20 Q2", "0.47", secondary="109", target="0.2"),
    # The children's services self-assessment, March 2026 (seed 003).
    SeedFigure("CS03", "2025/26 Q4", "58"),
    SeedFigure("CS04", "2025/26 Q4", "30", target="23"),
    SeedFigure("CS05", "2025/26 Q4", "95", target="95"),
    SeedFigure("CS06", "2025/26 Q4", "86", secondary="644"),
    SeedFigure("CS06", "2019/20 Q4", "70.2", secondary="526"),
    SeedFigure("CS07", "2025/26 Q4", "8", target="10"),
    SeedFigure("CS08", "March 2026", "92", target="90"),
    SeedFigure("CS09", "2025/26 Q4", "99", target="95"),
    SeedFigure("CS18", "2025/26 Q4", "92", target="90"),
    SeedFigure("CS19", "2025/26 Q3", "80", target="80"),
    SeedFigure("CS19", "2025/26 Q4", "76", target="80"),
    SeedFigure("CS20", "2025/26 Q4", "51", target="54"),
    SeedFigure("CS21", "2025/26 Q4", "93", target="90"),
)
