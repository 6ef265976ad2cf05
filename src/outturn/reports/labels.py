"""Words for the engine's codes in reports: the scorecard's own labels, plus the
groupings and phrases only reports use."""

from __future__ import annotations

from outturn.scorecard.labels import DIRECTION_LABELS as DIRECTION_LABELS
from outturn.scorecard.labels import NOT_RATED as NOT_RATED
from outturn.scorecard.labels import RAG_LABELS as RAG_LABELS
from outturn.scorecard.labels import SPC_LABELS as SPC_LABELS
from outturn.scorecard.labels import rag_label as rag_label

VARIATION_CODES = (
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
    "common_cause",
)
ASSURANCE_CODES = ("consistent_pass", "inconsistent", "consistent_fail")

POSITION_LABELS = {
    "better": "better",
    "worse": "worse",
    "same": "the same",
    "higher": "higher",
    "lower": "lower",
}

POINT_TYPE_SPECIAL_CAUSE = {
    "special_cause_improvement": "improvement",
    "special_cause_concern": "concern",
    "special_cause_neutral_high": "neutral",
    "special_cause_neutral_low": "neutral",
}
