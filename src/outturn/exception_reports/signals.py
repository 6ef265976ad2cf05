"""Signals of the exception report workflow, for the layers above it (report packs)."""

from django.dispatch import Signal

#: Sent after an exception report is approved, inside the transaction, with ``report``
#: and ``by``. Report packs listen to build the council pack once a period's last
#: report is approved.
report_approved = Signal()
