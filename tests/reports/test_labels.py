"""Reports group the scorecard's SPC codes; every code they print has a label."""

from __future__ import annotations

from outturn.reports import labels
from outturn.scorecard import labels as scorecard_labels


def test_report_groupings_cover_every_spc_label() -> None:
    assert set(labels.VARIATION_CODES) | set(labels.ASSURANCE_CODES) == set(
        scorecard_labels.SPC_LABELS
    )
    assert labels.rag_label("amber") == "Within tolerance"
    assert labels.rag_label("not_rated") == "Not rated"
