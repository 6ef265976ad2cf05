"""Exception reports."""

from django.apps import AppConfig


class ExceptionReportsConfig(AppConfig):
    name = "outturn.exception_reports"
    verbose_name = "Exception reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from outturn.exception_reports.receivers import on_outturn_approved
        from outturn.rounds.signals import outturn_approved

        outturn_approved.connect(
            on_outturn_approved, dispatch_uid="exception_reports.flag_on_outturn_approved"
        )
