from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "outturn.planning"
    verbose_name = "Target setting"
    default_auto_field = "django.db.models.BigAutoField"
