"""The two forms of the council's exception reports: which text fields each kind asks for.

Negative ("Exception report"): the reason for the level of performance and the actions
taken or planned. Positive: what drove success, the actions and next steps, learnings
to share and the reason for significance. Pages, services and report packs all read
the questions from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from outturn.exception_reports.models import ReportKind


@dataclass(frozen=True)
class Question:
    field: str
    label: str
    hint: str


NEGATIVE = (
    Question(
        "reason_for_performance",
        "Reason for level of performance",
        "What lies behind the figure: causes, context and how long it is likely to last.",
    ),
    Question(
        "actions",
        "Actions taken or planned to improve performance",
        "What has been done, what will be done, by whom and by when.",
    ),
)

POSITIVE = (
    Question(
        "reason_for_performance",
        "Reason for level of performance (what drove success?)",
        "What the service did, or what changed, to produce this result.",
    ),
    Question(
        "actions",
        "Actions and next steps",
        "How the service will keep the improvement going, or build on it.",
    ),
    Question(
        "learnings",
        "Learnings to share",
        "What other services could take from this.",
    ),
    Question(
        "significance",
        "Reason for significance",
        "Why this result matters to residents, and to the council's priorities.",
    ),
)

TEXT_FIELDS = ("reason_for_performance", "actions", "learnings", "significance")

FORMAT_HINT = (
    "Write in plain paragraphs, with a blank line between them. Start a line with a "
    "hyphen and a space (- ) to make a bullet point."
)


def questions(kind: str) -> tuple[Question, ...]:
    return POSITIVE if kind == ReportKind.POSITIVE else NEGATIVE
