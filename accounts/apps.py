from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

from .middleware import stamp_session_at_login


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        user_logged_in.connect(stamp_session_at_login, dispatch_uid="accounts-session-stamp")
