from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from .models import YOUNG_PERSON_RELATIONS


class EmailOrUsernameBackend(ModelBackend):
    """Adults log in by email; panel members without an email log in by username."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        User = get_user_model()
        try:
            user = User._default_manager.get_by_login(username)
        except User.DoesNotExist:
            # Run the hasher anyway so timing does not reveal whether the account exists.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """ModelBackend's answer (None for an unknown or inactive user), and None too for an
        id that is not a primary key at all, rather than an error.

        The young person's relations come with the account (names declared by the panels
        and training apps): the menu on every page asks which kind of young person this
        is (User.is_young_trainer_only), and so needs no query of its own."""
        User = get_user_model()
        try:
            user = User._default_manager.select_related(*YOUNG_PERSON_RELATIONS).get(pk=user_id)
        except (User.DoesNotExist, TypeError, ValueError, ValidationError):
            return None
        return user if self.user_can_authenticate(user) else None
