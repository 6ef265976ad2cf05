"""The admin's view of the audit history: to read, never to revert."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin


class AuditedAdmin(SimpleHistoryAdmin):
    """History pages without "Revert".

    Reverting saves every field of an old version, state included: it would change a
    published figure without a restatement, or undo a workflow behind its services.
    ``SIMPLE_HISTORY_REVERT_DISABLED`` only hides the button, so the POST is refused here.
    """

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied("The audit history cannot be reverted.")
        return super().history_form_view(request, object_id, version_id, extra_context)
