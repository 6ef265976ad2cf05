from django.apps import AppConfig


class ScorecardConfig(AppConfig):
    name = "outturn.scorecard"
    verbose_name = "Scorecard"
    default_auto_field = "django.db.models.BigAutoField"
