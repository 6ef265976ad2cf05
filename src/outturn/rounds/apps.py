from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "outturn.rounds"
    verbose_name = "Data collection rounds"
    default_auto_field = "django.db.models.BigAutoField"
