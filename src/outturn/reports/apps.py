from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "outturn.reports"
    verbose_name = "Reports"
    default_auto_field = "django.db.models.BigAutoField"
