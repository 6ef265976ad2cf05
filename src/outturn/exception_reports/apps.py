from django.apps import AppConfig


class ExceptionReportsConfig(AppConfig):
    name = "outturn.exception_reports"
    verbose_name = "Exception reports"
    default_auto_field = "django.db.models.BigAutoField"
