"""Signals the data round sends, for the layers above it (exception reports, reports)."""

from django.dispatch import Signal

#: Sent inside the approving transaction with ``outturn`` (now approved) and ``by``.
#: Exception reports listen to flag the indicator when the engine says so.
outturn_approved = Signal()

#: Sent inside the publishing transaction with ``outturns`` (a list) and ``by``.
outturns_published = Signal()
