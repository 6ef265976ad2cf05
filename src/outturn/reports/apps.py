"""Reports."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "outturn.reports"
    verbose_name = "Reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from outturn.exception_reports.signals import report_approved
        from outturn.reports.receivers import on_outturns_published, on_report_approved
        from outturn.rounds.signals import outturns_published

        report_approved.connect(on_report_approved, dispatch_uid="reports.council_pack_build")
        outturns_published.connect(
            on_outturns_published, dispatch_uid="reports.council_pack_build_on_publish"
        )
