from django.apps import AppConfig
from django.conf import settings


class AccountsConfig(AppConfig):
    name = "outturn.accounts"
    verbose_name = "Accounts and roles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A role name mistyped in OUTTURN_OIDC_GROUPS would silently grant nothing: stop here.
        from outturn.accounts.oidc import check_group_mapping

        check_group_mapping(getattr(settings, "OUTTURN_OIDC_GROUPS", {}))
