"""Reactions to the cycle's workflow: the council pack builds itself.

A quarter is ready when none of its exception reports is left in draft, submitted or
returned, and none of its values waits for approval or publication (reports show
published figures only). Whichever comes last, the last approval of a report or the
publication of the quarter's values, queues a new version of the quarter's council pack,
so the Cabinet report is ready the moment the cycle's last step lands.

The check runs after the approval commits, not inside it: two heads of service approving
the last two reports at the same moment would otherwise each still see the other's report
waiting, and neither would start the build. It also keeps the approval itself independent
of report packs: whatever happens here, the approval stands.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from outturn.engine.collection import round_quarter_for
from outturn.engine.periods import Period
from outturn.exception_reports.models import ExceptionReport, ReportState
from outturn.reports.models import PackState
from outturn.reports.services import council_pack_for, pack_version_request
from outturn.scorecard.models import Outturn, OutturnState

logger = logging.getLogger(__name__)

OPEN_STATES = (ReportState.DRAFT, ReportState.SUBMITTED, ReportState.RETURNED)
UNPUBLISHED_STATES = (OutturnState.SUBMITTED, OutturnState.RETURNED, OutturnState.APPROVED)


def quarter_has_open_reports(quarter: Period) -> bool:
    """Whether any exception report of the quarter's round still waits for someone."""
    periods = ExceptionReport.objects.filter(state__in=OPEN_STATES).values_list("period", flat=True)
    return any(round_quarter_for(period) == quarter for period in periods)


def quarter_has_unpublished_values(quarter: Period) -> bool:
    """Whether any of the quarter's values is still submitted, returned or approved."""
    waiting = (
        Outturn.objects.filter(state__in=UNPUBLISHED_STATES)
        .values_list("period", flat=True)
        .distinct()
    )
    return any(round_quarter_for(period) == quarter for period in waiting)


def build_council_pack_if_complete(quarter: Period, by: Any) -> None:
    """Queue the council pack's next version if the quarter's cycle is complete."""
    try:
        with transaction.atomic():
            if quarter_has_open_reports(quarter) or quarter_has_unpublished_values(quarter):
                return
            approved = ExceptionReport.objects.filter(state=ReportState.APPROVED)
            periods = approved.values_list("period", flat=True).distinct()
            if not any(round_quarter_for(period) == quarter for period in periods):
                return  # not a quarter of the exception cycle: packs are built by hand
            pack = council_pack_for(quarter)
            if pack.state == PackState.PUBLISHED:
                logger.info("The %s council pack is published: no automatic rebuild", quarter)
                return
            pack_version_request(pack=pack, by=by, automatic=True)
    except Exception:
        # The approval has already been saved; a failed build request must not undo it or
        # show the approver an error. The performance team can build the pack by hand.
        logger.exception("Could not queue the %s council pack after the last approval", quarter)


def on_report_approved(
    sender: Any, *, report: ExceptionReport, by: Any = None, **kwargs: Any
) -> None:
    """After the approval commits, build the council pack if it was the quarter's last."""
    quarter = round_quarter_for(report.period)
    transaction.on_commit(lambda: build_council_pack_if_complete(quarter, by))


def on_outturns_published(
    sender: Any, *, outturns: list[Outturn], by: Any = None, **kwargs: Any
) -> None:
    """After values are published, build the pack of each quarter they complete."""
    quarters = sorted({round_quarter_for(outturn.period) for outturn in outturns})

    def build_completed() -> None:
        for quarter in quarters:
            build_council_pack_if_complete(quarter, by)

    transaction.on_commit(build_completed)
