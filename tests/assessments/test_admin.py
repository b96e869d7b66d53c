import pytest
from django.urls import reverse

from assessments.models import FROZEN_MESSAGE, Indicator
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(role="staff", is_staff=True, is_superuser=True)


def indicator_data(indicator, **changes):
    data = {
        "level": indicator.level_id,
        "code": indicator.code,
        "title": indicator.title,
        "element": indicator.element,
        "promise": indicator.promise,
        "guidance": indicator.guidance,
        "example_evidence": indicator.example_evidence,
        "order": indicator.order,
    }
    data.update(changes)
    return data


def test_a_framework_in_use_is_read_only_even_for_a_superuser(client, superuser, application):
    indicator = application.level.indicators.first()
    client.force_login(superuser)
    url = reverse("admin:assessments_indicator_change", args=[indicator.pk])
    page = client.get(url).content.decode()
    assert "already used by an application" in page
    assert 'name="title"' not in page
    response = client.post(url, indicator_data(indicator, title="New wording"))
    assert response.status_code == 403
    assert Indicator.objects.get(pk=indicator.pk).title == indicator.title
    assert FROZEN_MESSAGE.startswith("This framework version is already used")


def test_unused_framework_can_be_edited(client, superuser):
    from tests.assessments.factories import IndicatorFactory

    indicator = IndicatorFactory()
    client.force_login(superuser)
    url = reverse("admin:assessments_indicator_change", args=[indicator.pk])
    response = client.post(url, indicator_data(indicator, title="Better wording"))
    assert response.status_code == 302
    assert Indicator.objects.get(pk=indicator.pk).title == "Better wording"


def test_non_superuser_sees_framework_in_use_read_only(client, application):
    from django.contrib.auth.models import Permission

    editor = UserFactory(role="staff", is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_indicator", "view_indicator"])
    )
    indicator = application.level.indicators.first()
    client.force_login(editor)
    url = reverse("admin:assessments_indicator_change", args=[indicator.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    client.post(url, indicator_data(indicator, title="Sneaky"))
    assert Indicator.objects.get(pk=indicator.pk).title == indicator.title


def test_admin_application_and_version_pages_render(client, superuser, application):
    client.force_login(superuser)
    version = application.level.version
    assert (
        client.get(
            reverse("admin:assessments_application_change", args=[application.pk])
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("admin:assessments_frameworkversion_change", args=[version.pk])
        ).status_code
        == 200
    )
    assert client.get(reverse("admin:assessments_evidence_changelist")).status_code == 200
