"""The scorecard's register: organisation, indicators, targets, benchmarks and outturns."""

from outturn.scorecard.models.indicators import (
    Aggregation,
    Frequency,
    Indicator,
    Polarity,
)
from outturn.scorecard.models.organisation import (
    Committee,
    CorporatePriority,
    Directorate,
    Organisation,
    Portfolio,
    ServiceUnit,
)
from outturn.scorecard.models.outturns import Outturn, OutturnState, Restatement
from outturn.scorecard.models.targets import (
    Benchmark,
    ComparatorGroup,
    Target,
    TargetKind,
    Tolerance,
    ToleranceKind,
)

__all__ = [
    "Aggregation",
    "Benchmark",
    "Committee",
    "ComparatorGroup",
    "CorporatePriority",
    "Directorate",
    "Frequency",
    "Indicator",
    "Organisation",
    "Outturn",
    "OutturnState",
    "Polarity",
    "Portfolio",
    "Restatement",
    "ServiceUnit",
    "Target",
    "TargetKind",
    "Tolerance",
    "ToleranceKind",
]
