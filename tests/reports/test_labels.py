"""Reports print the same words for ratings as the web scorecard (the maps cannot drift)."""

from __future__ import annotations

from outturn.reports import labels
from outturn.web import scorecard_rows


def test_reports_and_pages_share_their_words() -> None:
    assert labels.RAG_LABELS == scorecard_rows.RAG_LABELS
    assert labels.DIRECTION_LABELS == scorecard_rows.DIRECTION_LABELS
    assert labels.SPC_LABELS == scorecard_rows.SPC_LABELS
    assert set(labels.VARIATION_CODES) | set(labels.ASSURANCE_CODES) == set(labels.SPC_LABELS)
