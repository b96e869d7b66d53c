from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property

from kitemark.validators import validate_single_line


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        email = self.normalize_email(email) if email else None
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra):
        extra.setdefault("is_superuser", False)
        extra.setdefault("is_staff", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_superuser=True, is_staff=True, role=User.Role.STAFF, email_verified=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, login):
        return self.get_by_login(login)

    def get_by_login(self, login):
        """Email (case-insensitive) for adults; a username for panel members with no email."""
        login = (login or "").strip()
        if "@" in login:
            return self.get(email__iexact=login)
        return self.get(username__iexact=login)


# The one-to-one relations by which an account is a young person: declared by the panels
# (PanelMember) and training (Trainer) apps, named here without importing them.
YOUNG_PERSON_RELATIONS = ("panel_member", "young_trainer")


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        ORGANISATION = "organisation", "Organisation user"
        PANEL = "panel", "Panel member"
        STAFF = "staff", "Participation staff"

    email = models.EmailField(
        "email address", unique=True, null=True, blank=True, validators=[validate_single_line]
    )
    # Only panel members without an email have a username; it is how they log in.
    username = models.CharField(
        max_length=40, unique=True, null=True, blank=True, validators=[validate_single_line]
    )
    full_name = models.CharField(max_length=150, blank=True, validators=[validate_single_line])
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ORGANISATION)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "admin site access", default=False, help_text="Can log in to the Django admin."
    )
    email_verified = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(username__isnull=False),
                name="user_has_email_or_username",
            ),
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self):
        return self.full_name or self.email or self.username or f"User {self.pk}"

    @property
    def login_name(self):
        return self.email or self.username

    @property
    def is_participation_staff(self):
        return self.is_active and (self.role == self.Role.STAFF or self.is_superuser)

    @property
    def is_panel_member(self):
        return self.is_active and self.role == self.Role.PANEL

    def _has(self, relation):
        try:
            return getattr(self, relation) is not None
        except ObjectDoesNotExist:
            return False

    @cached_property
    def is_young_trainer_only(self):
        """A young person's account that trains (training.Trainer) but is not on the panel.
        Read through the relations those apps declare, without importing them; the signed-in
        user comes with both (accounts.backends), so the menu asks no query."""
        return self.is_panel_member and not self._has("panel_member") and self._has("young_trainer")

    @property
    def is_organisation_user(self):
        return self.is_active and self.role == self.Role.ORGANISATION

    def get_full_name(self):
        return self.display_label

    def get_short_name(self):
        return self.display_label
