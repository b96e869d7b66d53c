"""No single-line field anywhere takes a line break or a control character.

The walks below find every model field and every form class of the project, so a field
or form added later without the check fails here rather than in an email header.
"""

import importlib
import pkgutil

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models

from kitemark.forms import FieldChecksMixin, is_single_line
from kitemark.validators import one_line, validate_single_line

PROJECT_APPS = [
    "kitemark",
    "accounts",
    "jobs",
    "organisations",
    "assessments",
    "panels",
    "certificates",
    "audit",
    "console",
]

# Fields that are single-line by type but never typed by a person into a form: a
# password hash, and the count of applications per status that database triggers keep.
NOT_TYPED = {("accounts.User", "password"), ("assessments.ApplicationStatusCount", "status")}

REFUSED = [
    "\r",
    "\n",
    "\r\n",
    "\x00",
    "\t",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1f",
    "\x7f",
    "\x80",
    "\x85",
    "\x9b",
    "\x9f",
    "\u2028",
    "\u2029",
]
ACCEPTED = ["Zoë O'Brien-Smith", "Café & Co (Leeds) – Youth", "Youth Cabinet 🌟", "St. Mary's"]


def _project_modules():
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        yield package
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            yield importlib.import_module(info.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _project_classes(base):
    modules = {module.__name__ for module in _project_modules()}
    return sorted(
        {cls for cls in _subclasses(base) if cls.__module__ in modules},
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


def _single_line_model_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.CharField)
                and field.editable
                and not field.choices
                and (model._meta.label, field.name) not in NOT_TYPED
            ):
                yield model, field


# --- The rule itself -----------------------------------------------------------


@pytest.mark.parametrize("character", REFUSED, ids=[repr(c) for c in REFUSED])
def test_the_validator_refuses_each_control_character_anywhere_in_the_text(character):
    for text in [f"Eve{character}Bcc: x@example.org", f"{character}Eve", f"Eve{character}"]:
        with pytest.raises(ValidationError) as error:
            validate_single_line(text)
        assert error.value.code == "single_line"
        assert "one line" in error.value.messages[0]


@pytest.mark.parametrize("text", ACCEPTED)
def test_the_validator_accepts_ordinary_names(text):
    validate_single_line(text)


def test_one_line_turns_each_run_of_control_characters_into_one_space():
    assert one_line("Eve \r\n Bcc: x\u2028y\x00") == "Eve Bcc: x y"
    assert one_line("\nHillside\r\n") == "Hillside"
    assert one_line("") == ""


# --- Every model field -----------------------------------------------------------


def test_the_walk_finds_the_fields_named_in_the_issue():
    found = {(m._meta.label, f.name) for m, f in _single_line_model_fields()}
    assert {
        ("accounts.User", "full_name"),
        ("organisations.Organisation", "name"),
        ("organisations.Organisation", "contact_name"),
        ("panels.PanelMember", "display_name"),
        ("panels.PanelMember", "group"),
        ("panels.Interview", "venue"),
        ("assessments.AnswerLink", "title"),
        ("assessments.Cycle", "name"),
        ("assessments.Indicator", "title"),
    } <= found


def test_every_single_line_model_field_carries_the_validator():
    missing = [
        f"{model._meta.label}.{field.name}"
        for model, field in _single_line_model_fields()
        if validate_single_line not in field.validators
    ]
    assert missing == []


# --- Every form ------------------------------------------------------------------


def test_the_walk_finds_the_forms():
    names = {cls.__name__ for cls in _project_classes(forms.BaseForm)}
    assert {"PanelMemberForm", "OrganisationForm", "SignUpForm", "LinkForm"} <= names
    assert len(names) > 20


def test_every_form_class_refuses_control_characters_in_its_single_line_fields():
    """Every form, even one with no single-line field yet, so a field added later is
    covered without anyone having to remember."""
    missing = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in _project_classes(forms.BaseForm)
        if not issubclass(cls, FieldChecksMixin)
    ]
    assert missing == []


def test_every_filter_form_refuses_control_characters():
    filtersets = _project_classes(django_filters.FilterSet)
    assert filtersets
    missing = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in filtersets
        if not issubclass(cls._meta.form, FieldChecksMixin)
    ]
    assert missing == []


def _admin_forms():
    """The add and change forms the admin builds for each registered model."""
    from django.test import RequestFactory

    from accounts.models import User

    request = RequestFactory().get("/admin/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        yield model, model_admin.get_form(request)
        yield model, model_admin.get_form(request, obj=model())


# The admin's own URL fields still warn about Django 6's default scheme; not ours to fix.
@pytest.mark.filterwarnings("ignore::django.utils.deprecation.RemovedInDjango60Warning")
def test_every_admin_form_checks_its_single_line_fields():
    """The admin builds its forms from the models, whose fields carry the validator
    (ModelForm validation runs them); a field an admin form declares itself needs the
    mixin."""
    missing = []
    for model, form in _admin_forms():
        if issubclass(form, FieldChecksMixin):
            continue
        model_fields = {f.name: f for f in model._meta.concrete_fields}
        for name, field in form.base_fields.items():
            if not is_single_line(field):
                continue
            model_field = model_fields.get(name)
            if model_field is None or validate_single_line not in model_field.validators:
                missing.append(f"{model._meta.label}: {form.__qualname__}.{name}")
    assert missing == []


def test_the_mixin_adds_the_validator_to_single_line_fields_only():
    class Example(FieldChecksMixin, forms.Form):
        name = forms.CharField()
        email = forms.EmailField()
        story = forms.CharField(widget=forms.Textarea)
        password = forms.CharField(widget=forms.PasswordInput)
        count = forms.IntegerField()

    form = Example(
        {"name": "A\nB", "email": "a@example.org", "story": "one\ntwo", "password": "x\ty"}
    )
    assert not form.is_valid()
    assert set(form.errors) == {"name", "count"}
    assert "one line" in form.errors["name"][0]
    # The class's own field is left alone: instances get copies.
    assert validate_single_line not in Example.base_fields["name"].validators


# --- Through the pages and forms -------------------------------------------------

INJECTED = "Eve\r\nBcc: everyone@example.org"


def _field_error(response, field):
    errors = response.context["form"].errors
    assert field in errors, errors
    return errors[field][0]


@pytest.mark.django_db
def test_sign_up_refuses_a_full_name_with_a_line_break_next_to_the_field(client):
    from accounts.models import User

    response = client.post(
        "/accounts/signup/",
        {
            "full_name": INJECTED,
            "email": "eve@example.org",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 200
    assert "one line" in _field_error(response, "full_name")
    assert 'id="id_full_name"' in response.content.decode()
    assert not User.objects.filter(email="eve@example.org").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["name", "contact_name", "contact_phone", "postcode"])
def test_organisation_registration_refuses_control_characters(client, field):
    from organisations.models import Organisation
    from tests.accounts.factories import UserFactory
    from tests.organisations.test_register import URL, valid_data

    client.force_login(UserFactory())
    response = client.post(URL, valid_data(**{field: "Hill\u2028side"}))
    assert response.status_code == 200
    assert "one line" in _field_error(response, field)
    assert not Organisation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["display_name", "group", "username"])
def test_staff_cannot_give_a_panel_member_a_name_with_a_control_character(
    staff_client, staff_user, field
):
    from django.urls import reverse

    from panels.models import PanelMember

    data = {
        "display_name": "Maya",
        "group": "Youth Cabinet",
        "supervisor": staff_user.pk,
        "username": "maya-yc",
        "password": "a-long-kite-phrase-42",
        field: "Ma\x07ya" if field != "group" else "Youth\nCabinet",
    }
    response = staff_client.post(reverse("console:staff_member_create"), data)
    assert response.status_code == 200
    assert "one line" in _field_error(response, field)
    assert not PanelMember.objects.exists()


@pytest.mark.parametrize(
    ("form_path", "data", "field"),
    [
        ("assessments.forms.LinkForm", {"url": "https://example.org", "title": INJECTED}, "title"),
        (
            "console.forms.InterviewForm",
            {"date": "2099-01-01", "time": "10:00", "duration_minutes": "60", "venue": INJECTED},
            "venue",
        ),
        ("panels.forms.OrganisationSearchForm", {"q": "a\x1bb"}, "q"),
        ("certificates.forms.RegisterSearchForm", {"q": "a\u2029b"}, "q"),
        ("accounts.forms.LoginForm", {"username": INJECTED, "password": "x"}, "username"),
        ("organisations.forms.InvitationForm", {"email": '"a\x01b"@example.org'}, "email"),
    ],
)
def test_plain_forms_refuse_control_characters_next_to_the_field(form_path, data, field, db):
    module, name = form_path.rsplit(".", 1)
    form = getattr(importlib.import_module(module), name)(data=data)
    assert not form.is_valid()
    assert "one line" in form.errors[field][0]


@pytest.mark.django_db
def test_cycle_form_and_the_admin_refuse_control_characters_through_the_model():
    from console.forms import CycleForm
    from tests.organisations.factories import OrganisationFactory

    form = CycleForm(
        data={
            "name": "Spring\r\n2027",
            "opens_on": "2027-01-01",
            "submission_deadline": "2027-02-01",
            "interview_window_start": "2027-03-01",
            "interview_window_end": "2027-03-31",
        }
    )
    assert not form.is_valid()
    assert "one line" in form.errors["name"][0]

    organisation = OrganisationFactory()
    organisation.name = INJECTED
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "one line" in error.value.message_dict["name"][0]


@pytest.mark.django_db
def test_the_audit_and_application_filters_refuse_control_characters(staff_client):
    response = staff_client.get("/staff/audit/", {"q": "a\nb"})
    assert response.status_code == 200
    assert "one line" in response.context["filter"].form.errors["q"][0]
