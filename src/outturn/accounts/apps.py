from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "outturn.accounts"
    verbose_name = "Accounts and roles"
    default_auto_field = "django.db.models.BigAutoField"
