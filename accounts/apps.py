from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

from .middleware import stamp_session_at_login


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        user_logged_in.connect(stamp_session_at_login, dispatch_uid="accounts-session-stamp")
        from .two_factor import forget_provider_mfa

        user_logged_in.connect(forget_provider_mfa, dispatch_uid="accounts-forget-provider-mfa")
