"""Words for the engine's codes, as the web scorecard prints them.

These are the same texts as ``outturn.web.scorecard_rows`` (RAG, direction of travel, SPC
icons); the web layer sits above reports, so reports cannot import them from there. Keep
the two in step until they move to a shared lower module.
"""

from __future__ import annotations

RAG_LABELS = {"green": "On target", "amber": "Within tolerance", "red": "Off target"}
NOT_RATED = "Not rated"

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


def rag_label(rag: str) -> str:
    return RAG_LABELS.get(rag, NOT_RATED)
