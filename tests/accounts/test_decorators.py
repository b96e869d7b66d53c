"""accounts.decorators.permission_required: sign-in first, then the permission."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from accounts.decorators import permission_required
from organisations.models import Organisation
from tests.accounts.factories import StaffFactory, UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@permission_required("accounts.staff_console")
def staff_page(request):
    return HttpResponse("staff only")


@permission_required(
    "organisations.manage_organisation",
    fn=lambda request, pk: Organisation.objects.filter(pk=pk).first(),
)
def object_page(request, pk):
    return HttpResponse(f"object {pk}")


def _request(user):
    request = RequestFactory().get("/staff/somewhere/")
    request.user = user
    return request


def test_anonymous_users_go_to_the_login_page():
    response = staff_page(_request(AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/staff/somewhere/")


def test_signed_in_users_without_the_permission_get_403():
    with pytest.raises(PermissionDenied):
        staff_page(_request(UserFactory()))


def test_users_with_the_permission_see_the_page():
    response = staff_page(_request(StaffFactory()))
    assert response.status_code == 200
    assert response.content == b"staff only"


def test_the_permission_is_checked_on_the_object_fn_returns():
    membership = MembershipFactory()
    own = object_page(_request(membership.user), pk=membership.organisation.pk)
    assert own.status_code == 200
    other = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        object_page(_request(membership.user), pk=other.pk)
