"""The scorecard's words for the engine's codes: ratings, directions and SPC icons.

One set of texts for every page, report, export and exception report, so a council reads
the same words for the same signal everywhere.
"""

from __future__ import annotations

NOT_RATED = "Not rated"
RAG_LABELS = {"green": "On target", "amber": "Within tolerance", "red": "Off target"}

DIRECTION_LABELS = {
    "improving": "Improving",
    "worsening": "Worsening",
    "no_change": "No change",
    "not_comparable": "Not comparable",
    "increased": "Increased",
    "decreased": "Decreased",
}

SPC_LABELS = {
    "common_cause": "Common cause: no significant change",
    "improvement_high": "Special cause: improvement (higher)",
    "improvement_low": "Special cause: improvement (lower)",
    "concern_high": "Special cause: concern (higher)",
    "concern_low": "Special cause: concern (lower)",
    "neutral_high": "Special cause: higher",
    "neutral_low": "Special cause: lower",
    "consistent_pass": "The target will be met consistently",
    "consistent_fail": "The target will not be met without change",
    "inconsistent": "Hit and miss: the target may or may not be met",
}

# Short forms for table cells and counts; the long labels above explain them.
VARIATION_SHORT = {
    "improvement_high": "Improvement",
    "improvement_low": "Improvement",
    "concern_high": "Concern",
    "concern_low": "Concern",
    "neutral_high": "Neutral (higher)",
    "neutral_low": "Neutral (lower)",
    "common_cause": "Common cause",
}
ASSURANCE_SHORT = {
    "consistent_pass": "Met every time",
    "consistent_fail": "Missed every time",
    "inconsistent": "Hit and miss",
}
NO_VARIATION = "Too few values"
NO_ASSURANCE = "No assurance"


def rag_label(rag: str) -> str:
    return RAG_LABELS.get(rag, NOT_RATED)
