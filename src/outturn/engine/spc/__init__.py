"""Statistical process control: XmR charts in the NHS "Making Data Count" style.

Follows NHSRplotthedots (process limits at 2.66 mean moving ranges, the astronomical
point, 7-point trend, 2-of-3 and 7-point run rules, variation and assurance icons)
with the departures in section 13 of SPC.md: screening never empties the limits,
an option for the MDC Excel 2-of-3 rule, provisional (trial) limits below 12 points,
and missing periods that break rule windows.

``analyse_frame`` rates many series at once on Polars frames; ``analyse`` rates one.
"""

from outturn.engine.spc.batch import analyse_frame
from outturn.engine.spc.labels import POINT_TYPES, SPECIAL_CAUSE_TYPES
from outturn.engine.spc.series import (
    Direction,
    SpcGroup,
    SpcOptions,
    SpcResult,
    analyse,
    assurance_icon,
)

__all__ = [
    "POINT_TYPES",
    "SPECIAL_CAUSE_TYPES",
    "Direction",
    "SpcGroup",
    "SpcOptions",
    "SpcResult",
    "analyse",
    "analyse_frame",
    "assurance_icon",
]
