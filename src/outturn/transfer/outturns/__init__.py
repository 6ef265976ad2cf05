"""Bulk import of a round's outturns from a spreadsheet, and the template to fill in.

The file is read (:mod:`.reading`), checked whole (:mod:`.checking`) and only then
written, all in one transaction (:mod:`.writing`). :mod:`outturn.transfer.services`
puts the steps together for the command line, the upload page and the background task.
"""

from outturn.transfer.outturns.columns import COLUMNS, Problem

__all__ = ["COLUMNS", "Problem"]
