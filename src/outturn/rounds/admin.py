from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from outturn.rounds.models import Round


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    list_display = ["period", "deadline", "state", "opened_at"]
    list_filter = ["state"]
