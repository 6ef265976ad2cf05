"""Receivers of the data round's signals, connected in ``ExceptionReportsConfig.ready``."""

from __future__ import annotations

from typing import Any

from outturn.exception_reports.flagging import flag_for_outturn
from outturn.exception_reports.services import exception_report_apply_flag
from outturn.scorecard.models import Outturn


def on_outturn_approved(sender: Any, *, outturn: Outturn, by: Any, **kwargs: Any) -> None:
    """Flag the indicator when its quarter's closing value is approved.

    Runs inside the approving transaction, so a value and the report it calls for are
    committed together or not at all.
    """
    found = flag_for_outturn(outturn)
    if found is None:
        return
    _, flags = found
    for flag in flags:
        exception_report_apply_flag(flag=flag, by=by)
