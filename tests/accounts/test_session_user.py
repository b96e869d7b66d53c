"""The signed-in user, read on every signed-in request (EmailOrUsernameBackend.get_user)."""

import datetime

import pytest
from django.utils import timezone

from accounts.backends import EmailOrUsernameBackend
from accounts.models import User
from tests.accounts.factories import PanelUserFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _fields(user):
    return {f.attname: getattr(user, f.attname) for f in User._meta.concrete_fields}


@pytest.mark.parametrize("factory", [UserFactory, StaffFactory, PanelUserFactory])
def test_the_session_user_is_the_whole_row_in_one_query(factory, django_assert_num_queries):
    user = factory(last_login=timezone.now() - datetime.timedelta(days=2))
    with django_assert_num_queries(1):
        loaded = EmailOrUsernameBackend().get_user(user.pk)
    assert isinstance(loaded, User)
    assert _fields(loaded) == _fields(User.objects.get(pk=user.pk))
    assert loaded.get_deferred_fields() == set()
    loaded.full_name = "Renamed"
    loaded.save()
    assert User.objects.get(pk=user.pk).full_name == "Renamed"


def test_no_user_for_an_unknown_a_malformed_or_an_inactive_id():
    backend = EmailOrUsernameBackend()
    inactive = UserFactory(is_active=False)
    assert backend.get_user(inactive.pk) is None
    assert backend.get_user(999999) is None
    assert backend.get_user("not-a-number") is None
    assert backend.get_user(None) is None


def test_a_signed_in_page_knows_its_user_and_a_deactivated_one_is_signed_out(client):
    user = StaffFactory()
    client.force_login(user)
    response = client.get("/accounts/password/change/")
    assert response.status_code == 200
    assert response.wsgi_request.user.pk == user.pk
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = client.get("/accounts/password/change/")
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated
