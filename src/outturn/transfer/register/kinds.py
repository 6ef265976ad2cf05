"""What a register workbook holds: its kinds of row (one sheet each) and their columns.

This one description drives the templates, the "Read me" sheet, the checks on import and the
export, so the four never disagree about a column. The kinds are listed in the order they
are written: each may refer to the kinds above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from outturn.engine.values import Unit
from outturn.scorecard.models import Aggregation, Committee, Frequency, Organisation, Polarity
from outturn.scorecard.models.targets import TargetKind, ToleranceKind

__all__ = ["KINDS", "KINDS_BY_SLUG", "Column", "Kind", "kind_for_name"]

README_SHEET = "Read me"

PERIOD_FORMS = (
    "a period as text: 2025/26 (financial year), 2025/26 Q2 (quarter), September 2025 "
    "(month), Spring term 2025, 2024/25 academic year, 31 March 2026 (snapshot date)"
)
NUMBER_FORM = "a plain number, e.g. 1428 or -2.5; every digit is kept"
VALUE_FORM = (
    "a number in the indicator's unit, as a number cell or text such as 83.5, 83.5%, "
    "£20,000, 22.54m or 31 (11.8); every digit is kept"
)
YES_NO = ("yes", "no")


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, what it holds and an example."""

    name: str
    description: str
    required: bool = False
    allowed: tuple[str, ...] = ()
    form: str = "text"
    example: object = None

    @property
    def requirement(self) -> str:
        return "Required" if self.required else "Optional"


@dataclass(frozen=True)
class Kind:
    """A kind of row: its sheet (or CSV file), its columns and what identifies a row."""

    slug: str
    sheet: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    noun: str = ""
    names: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", {column.name: column for column in self.columns})
        if not self.noun:
            object.__setattr__(self, "noun", self.sheet.lower().removesuffix("s"))

    @property
    def csv_name(self) -> str:
        return f"{self.slug}.csv"

    @property
    def example_row(self) -> list[object]:
        return [column.example for column in self.columns]


def _code(what: str, example: str) -> Column:
    return Column(
        "code",
        f"The {what}'s short code, unique among {what}s: letters, numbers, full stops, "
        "hyphens and underscores, no spaces. A code already in Outturn updates that "
        f"{what}; a new code creates one.",
        required=True,
        form="code",
        example=example,
    )


def _name(what: str, example: str) -> Column:
    return Column("name", f"The {what}'s name as it is printed.", required=True, example=example)


def _user(name: str, role: str) -> Column:
    return Column(
        name,
        f"The user name of the {role}. The account must already exist in Outturn (accounts "
        "are not created by an import). Blank for none.",
        form="user name",
        example="",
    )


def _ref(name: str, what: str, sheet: str, *, required: bool = True, example: str = "") -> Column:
    return Column(
        name,
        f"The code of the {what}: one on the {sheet} sheet or already in Outturn.",
        required=required,
        form="code",
        example=example,
    )


_ORDER = Column(
    "order",
    "Position in lists (smaller first). Default 0.",
    form="whole number",
    example=1,
)

DIRECTORATES = Kind(
    slug="directorates",
    sheet="Directorates",
    description="The council's directorates.",
    key=("code",),
    columns=(
        _code("directorate", "EXAMPLE-DIR"),
        _name("directorate", "Example Directorate"),
        _user("director", "corporate director accountable for the directorate"),
    ),
)

SERVICE_UNITS = Kind(
    slug="service_units",
    sheet="Service units",
    description="Service units within directorates; their heads approve data.",
    key=("code",),
    columns=(
        _code("service unit", "EXAMPLE-SU"),
        _name("service unit", "Example Service"),
        _ref(
            "directorate_code", "directorate it belongs to", "Directorates", example="EXAMPLE-DIR"
        ),
        _user("head", "head of service (approves data and exception reports)"),
        _user("deputy", "deputy who may approve when the head is away"),
    ),
)

PRIORITIES = Kind(
    slug="priorities",
    sheet="Priorities",
    noun="corporate priority",
    description="Corporate priorities that indicators are grouped under.",
    key=("code",),
    columns=(
        _code("priority", "EXAMPLE-PRI"),
        _name("priority", "Example priority"),
        Column("description", "What the priority aims at.", example=""),
        _ORDER,
    ),
)

PORTFOLIOS = Kind(
    slug="portfolios",
    sheet="Portfolios",
    description="Cabinet portfolios.",
    key=("code",),
    columns=(
        _code("portfolio", "EXAMPLE-PF"),
        _name("portfolio", "Example portfolio"),
        Column("holder_name", "The Cabinet member who holds it, as printed.", example=""),
        _user("holder", "portfolio holder, if they have an account"),
    ),
)

COMMITTEES = Kind(
    slug="committees",
    sheet="Committees",
    description="Committees indicators report to.",
    key=("code",),
    columns=(
        _code("committee", "EXAMPLE-COM"),
        _name("committee", "Example Overview and Scrutiny Committee"),
        Column(
            "kind",
            "What sort of committee it is. Default scrutiny.",
            allowed=tuple(Committee.Kind.values),
            example="scrutiny",
        ),
    ),
)

COMPARATOR_GROUPS = Kind(
    slug="comparator_groups",
    sheet="Comparator groups",
    description="Groups benchmarks come from: national, regional, statistical neighbours...",
    key=("code",),
    columns=(
        _code("comparator group", "EXAMPLE-GRP"),
        _name("comparator group", "Example average"),
        _ORDER,
    ),
)

ORGANISATIONS = Kind(
    slug="organisations",
    sheet="Organisations",
    description="Peer organisations whose own values are benchmarks, and the council itself.",
    key=("code",),
    columns=(
        _code("organisation", "EXAMPLE-ORG"),
        _name("organisation", "Example Borough Council"),
        Column(
            "kind",
            "comparator for a peer organisation; council for this council (only one). "
            "Default comparator.",
            allowed=tuple(Organisation.Kind.values),
            example="comparator",
        ),
    ),
)

INDICATORS = Kind(
    slug="indicators",
    sheet="Indicators",
    description="The indicator register: one row per indicator.",
    key=("code",),
    columns=(
        _code("indicator", "EXAMPLE-01"),
        Column(
            "title",
            "The indicator phrased as an aim, e.g. 'Increase town centre footfall'.",
            required=True,
            example="Increase the percentage of example cases closed on time",
        ),
        Column("description", "What is measured, and how.", example=""),
        Column(
            "polarity",
            "Which direction is better: up (higher is better), down (lower is better) or "
            "none (reported for context).",
            required=True,
            allowed=tuple(Polarity.values),
            example="up",
        ),
        Column(
            "unit",
            "The unit of the values.",
            required=True,
            allowed=tuple(unit.value for unit in Unit),
            example="percentage",
        ),
        Column(
            "frequency",
            "How often a value is reported; outturn periods must be of this kind.",
            required=True,
            allowed=tuple(Frequency.values),
            example="quarterly",
        ),
        Column(
            "aggregation",
            "snapshot (the value at the period's end) or cumulative (year to date). "
            "Default snapshot.",
            allowed=tuple(Aggregation.values),
            example="snapshot",
        ),
        Column(
            "decimals",
            "Decimal places shown in reports, 0 to 6 (stored values keep every digit). Default 0.",
            form="whole number",
            example=1,
        ),
        Column("numerator_label", "What the numerator counts, if there is one.", example=""),
        Column("denominator_label", "What the denominator counts, if there is one.", example=""),
        Column(
            "secondary_label",
            "What the bracketed second figure means, e.g. 'rate per 10,000'.",
            example="",
        ),
        Column("source", "Where the data comes from.", example=""),
        Column(
            "lag_months",
            "Months after the period ends before the data is available. Default 0.",
            form="whole number",
            example=0,
        ),
        Column(
            "direction_threshold",
            "A change no larger than this counts as no change in the direction of travel. "
            "Default 0.",
            form=NUMBER_FORM,
            example=0,
        ),
        _ref("directorate_code", "directorate", "Directorates", example="EXAMPLE-DIR"),
        _ref("service_unit_code", "service unit", "Service units", example="EXAMPLE-SU"),
        _ref("priority_code", "corporate priority", "Priorities", example="EXAMPLE-PRI"),
        _ref("portfolio_code", "Cabinet portfolio", "Portfolios", required=False),
        Column(
            "committee_codes",
            "Codes of the committees it reports to, separated by semicolons, e.g. "
            "'CAB; OS-C'. Blank for none.",
            form="codes",
            example="EXAMPLE-COM",
        ),
        _user("responsible_officer", "responsible officer (writes exception reports)"),
        _user("data_owner", "data owner (enters each period's outturn)"),
        Column(
            "is_public",
            "yes if published outturns appear on the public scorecard. Default no.",
            allowed=YES_NO,
            example="yes",
        ),
        Column(
            "active_from",
            "The first financial year on the scorecard, e.g. 2019/20.",
            required=True,
            form="financial year",
            example="2019/20",
        ),
        Column(
            "active_to",
            "The last financial year on the scorecard, if it has been retired.",
            form="financial year",
            example="",
        ),
        _ORDER,
    ),
)

TARGETS = Kind(
    slug="targets",
    sheet="Targets",
    description="Targets, one per indicator and period: annual, or for a quarter or month.",
    key=("indicator_code", "period"),
    columns=(
        _ref("indicator_code", "indicator", "Indicators", example="EXAMPLE-01"),
        Column(
            "period",
            "The period the target is for: a financial year for an annual target, or a "
            "period of the indicator's own frequency. " + PERIOD_FORMS + ".",
            required=True,
            form="period",
            example="2025/26",
        ),
        Column(
            "kind",
            "value (a value to meet), band (stay between band_low and band_high) or none "
            "(no target set). If blank it follows from the figures given.",
            allowed=tuple(TargetKind.values),
            example="value",
        ),
        Column("value", "The target value, for kind value.", form=VALUE_FORM, example=85),
        Column("band_low", "The bottom of the band, for kind band.", form=VALUE_FORM),
        Column("band_high", "The top of the band, for kind band.", form=VALUE_FORM),
        Column(
            "basis",
            "Where the target comes from, e.g. 'National average'.",
            example="Example average",
        ),
        Column(
            "benchmark_group",
            "If the target is tied to a benchmark: the comparator group's code (with "
            "benchmark_period). The benchmark must be on the Benchmarks sheet or in Outturn.",
            form="code",
            example="EXAMPLE-GRP",
        ),
        Column(
            "benchmark_period",
            "The period of the benchmark the target is tied to (it may be older).",
            form="period",
            example="2024/25",
        ),
        Column(
            "profiled_from",
            "For a quarter's or month's target profiled from the annual one: the annual "
            "target's financial year, e.g. 2025/26.",
            form="financial year",
            example="",
        ),
    ),
)

TOLERANCES = Kind(
    slug="tolerances",
    sheet="Tolerances",
    description="The amber band: how far a value may miss its target before it is red.",
    key=("indicator_code", "applies_from"),
    columns=(
        _ref("indicator_code", "indicator", "Indicators", example="EXAMPLE-01"),
        Column(
            "applies_from",
            "The first period the tolerance applies to; it lasts until a later one. "
            + PERIOD_FORMS
            + ".",
            required=True,
            form="period",
            example="2019/20 Q1",
        ),
        Column(
            "kind",
            "absolute (in the indicator's units, e.g. 2 percentage points) or relative (a "
            "share of the target).",
            required=True,
            allowed=tuple(ToleranceKind.values),
            example="absolute",
        ),
        Column(
            "value",
            "How far the value may miss. Relative: a fraction (0.05) or a percentage (5%); "
            "absolute: a number in the indicator's unit.",
            required=True,
            form="a number: absolute in the indicator's unit (2, or 2% for a percentage), "
            "relative as a fraction (0.05) or a percentage (5%)",
            example=2,
        ),
    ),
)

BENCHMARKS = Kind(
    slug="benchmarks",
    sheet="Benchmarks",
    description=(
        "Comparator values: a group's figure (organisation_code blank) or a peer "
        "organisation's own value."
    ),
    key=("indicator_code", "group_code", "organisation_code", "period"),
    columns=(
        _ref("indicator_code", "indicator", "Indicators", example="EXAMPLE-01"),
        _ref("group_code", "comparator group", "Comparator groups", example="EXAMPLE-GRP"),
        _ref(
            "organisation_code",
            "peer organisation whose own value this is (blank for the group's figure)",
            "Organisations",
            required=False,
        ),
        Column(
            "period",
            "The period the benchmark describes (it may be older than the outturns). "
            + PERIOD_FORMS
            + ".",
            required=True,
            form="period",
            example="2024/25",
        ),
        Column("value", "The comparator's value.", required=True, form=VALUE_FORM, example=83),
        Column("source", "Where the figure was published.", example=""),
    ),
)

OUTTURNS = Kind(
    slug="outturns",
    sheet="Outturns",
    description=(
        "Past outturns, imported as published figures. Figures in an open data round are "
        "entered through the round instead."
    ),
    key=("indicator_code", "period"),
    columns=(
        _ref("indicator_code", "indicator", "Indicators", example="EXAMPLE-01"),
        Column(
            "period",
            "The period of the outturn, of the indicator's frequency. " + PERIOD_FORMS + ".",
            required=True,
            form="period",
            example="2024/25 Q4",
        ),
        Column(
            "value",
            "The outturn. Required unless numerator and denominator are both given, when "
            "it is worked out from them to the indicator's decimals. A bracketed second "
            "figure, as in 31 (11.8), fills secondary_value.",
            form=VALUE_FORM,
            example=82.4,
        ),
        Column("numerator", "The numerator, if the indicator has one.", form=NUMBER_FORM),
        Column("denominator", "The denominator, if the indicator has one.", form=NUMBER_FORM),
        Column(
            "secondary_value",
            "The second figure reported alongside (e.g. a count beside a percentage).",
            form=NUMBER_FORM,
        ),
        Column(
            "note",
            "Commentary for committee reports: what the figure means, why it moved.",
            example="",
        ),
        Column(
            "published_at",
            "When the figure was published, as a date (2025-05-20) or date and time "
            "(2025-05-20 09:30), UK time. Default: the time of the import.",
            form="date",
            example="",
        ),
    ),
)

KINDS: tuple[Kind, ...] = (
    DIRECTORATES,
    SERVICE_UNITS,
    PRIORITIES,
    PORTFOLIOS,
    COMMITTEES,
    COMPARATOR_GROUPS,
    ORGANISATIONS,
    INDICATORS,
    BENCHMARKS,
    TARGETS,
    TOLERANCES,
    OUTTURNS,
)
KINDS_BY_SLUG = {kind.slug: kind for kind in KINDS}


def _normal(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


_BY_NAME = {_normal(kind.sheet): kind for kind in KINDS} | {kind.slug: kind for kind in KINDS}


def kind_for_name(name: str) -> Kind | None:
    """The kind a sheet name (or a CSV file's name without .csv) stands for, if any.

    A CSV file may carry a prefix, as in ``council-outturns.csv``.
    """
    normal = _normal(name)
    if normal in _BY_NAME:
        return _BY_NAME[normal]
    for slug, kind in _BY_NAME.items():
        if normal.endswith("_" + slug):
            return kind
    return None


def normal_header(name: object) -> str:
    """A header as typed (``Indicator code``, ``indicator_code``) in its column-name form."""
    return _normal(str(name)) if name is not None else ""
