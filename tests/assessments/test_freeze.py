"""A framework version in use is frozen at every route: model saves (moving out of it and
into it), QuerySet update/delete/bulk_update/bulk_create, the admin, and the database's
triggers (plain SQL, on SQLite and PostgreSQL alike). The pages of existing applications,
their results and the public verification page never change."""

import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet, Value
from django.urls import reverse

from assessments import framework_freeze_sql
from assessments.models import (
    FrameworkFrozen,
    FrameworkVersion,
    Indicator,
    Level,
    ScoreDescriptor,
)
from assessments.services import frameworks
from audit.models import AuditEvent
from certificates.models import Award
from tests.accounts.factories import UserFactory
from tests.assessments.factories import (
    FrameworkVersionFactory,
    IndicatorFactory,
    LevelFactory,
    ScoreDescriptorFactory,
    default_level,
)
from tests.certificates.factories import AwardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def used(application):
    """The default version "2026", in use by a draft application on its Silver level."""
    return application.level.version


@pytest.fixture
def used_indicator(used):
    return Indicator.objects.filter(level=default_level("silver")).order_by("order").first()


@pytest.fixture
def draft_level(db):
    return LevelFactory(version=FrameworkVersionFactory(name="2027-draft"))


@pytest.fixture
def draft_indicator(draft_level):
    return IndicatorFactory(level=draft_level, title="Draft wording")


def stored(obj):
    return type(obj).objects.values().get(pk=obj.pk)


# ------------------------------------------------------------------ model saves


def test_moving_an_indicator_out_of_a_used_version_is_refused(used_indicator, draft_level):
    before = stored(used_indicator)
    used_indicator.level = draft_level
    used_indicator.title = "Moved and renamed"
    with pytest.raises(FrameworkFrozen, match="already used by an application"):
        used_indicator.save()
    assert stored(used_indicator) == before


def test_moving_an_indicator_into_a_used_version_is_refused(draft_indicator, used):
    draft_indicator.level = default_level("gold")
    with pytest.raises(FrameworkFrozen):
        draft_indicator.save()
    assert Indicator.objects.get(pk=draft_indicator.pk).level.version.name == "2027-draft"


def test_moving_a_level_either_way_is_refused(used, draft_level):
    bronze = default_level("bronze")
    bronze.version = draft_level.version
    bronze.name = "Bronze MOVED"
    with pytest.raises(FrameworkFrozen):
        bronze.save()
    draft_level.version = used
    with pytest.raises(FrameworkFrozen):
        draft_level.save()
    assert Level.objects.get(pk=bronze.pk).name == "Bronze"
    assert Level.objects.get(pk=draft_level.pk).version.name == "2027-draft"


def test_moving_a_descriptor_either_way_is_refused(used, draft_level):
    descriptor = ScoreDescriptor.objects.filter(version=used).first()
    descriptor.version = draft_level.version
    with pytest.raises(FrameworkFrozen):
        descriptor.save()
    draft_descriptor = ScoreDescriptorFactory(version=draft_level.version)
    draft_descriptor.version = used
    with pytest.raises(FrameworkFrozen):
        draft_descriptor.save()
    assert ScoreDescriptor.objects.filter(version=used).count() == 5


def test_adding_a_part_to_a_used_version_is_refused(used):
    with pytest.raises(FrameworkFrozen):
        IndicatorFactory(level=default_level("gold"))
    with pytest.raises(FrameworkFrozen):
        ScoreDescriptorFactory(version=used, value=4, label="Extra")
    assert Indicator.objects.filter(level=default_level("gold")).count() == 16


def test_parts_of_unused_versions_move_and_change_freely(draft_indicator):
    other = LevelFactory(version=FrameworkVersionFactory(name="2028-draft"))
    draft_indicator.level = other
    draft_indicator.title = "Better wording"
    draft_indicator.save()
    assert stored(draft_indicator)["level_id"] == other.pk
    Indicator.objects.filter(pk=draft_indicator.pk).update(title="Best wording")
    draft_indicator.refresh_from_db()
    draft_indicator.title = "Final wording"
    Indicator.objects.bulk_update([draft_indicator], ["title"])
    assert stored(draft_indicator)["title"] == "Final wording"
    draft_indicator.delete()
    assert not Indicator.objects.filter(pk=draft_indicator.pk).exists()


def test_a_used_version_cannot_be_renamed_or_deleted_but_can_be_made_current(used):
    used.name = "2026 renamed"
    with pytest.raises(FrameworkFrozen):
        used.save()
    with pytest.raises(FrameworkFrozen):
        FrameworkVersion.objects.filter(pk=used.pk).update(name="2026 renamed")
    with pytest.raises(FrameworkFrozen):
        FrameworkVersion.objects.bulk_update([used], ["name"])
    with pytest.raises(FrameworkFrozen):
        FrameworkVersion.objects.filter(pk=used.pk).delete()
    FrameworkVersion.objects.filter(pk=used.pk).update(is_current=False)
    used.refresh_from_db()
    used.is_current = True
    used.save()
    assert FrameworkVersion.objects.values_list("name", "is_current").get(pk=used.pk) == (
        "2026",
        True,
    )


# ------------------------------------------------------------------ querysets


def test_queryset_update_is_refused(used, used_indicator, draft_level, draft_indicator):
    with pytest.raises(FrameworkFrozen):
        Indicator.objects.filter(pk=used_indicator.pk).update(title="Bulk change")
    with pytest.raises(FrameworkFrozen):
        Indicator.objects.filter(pk=used_indicator.pk).update(level=draft_level)
    with pytest.raises(FrameworkFrozen):
        Indicator.objects.filter(pk=draft_indicator.pk).update(level_id=default_level("gold").pk)
    with pytest.raises(FrameworkFrozen):
        Level.objects.filter(version=used).update(name="Renamed")
    with pytest.raises(FrameworkFrozen):
        Level.objects.filter(pk=draft_level.pk).update(version=used)
    with pytest.raises(FrameworkFrozen):
        ScoreDescriptor.objects.filter(version=used).update(label="Changed")
    # Through a related manager and the base manager Django uses internally as well.
    with pytest.raises(FrameworkFrozen):
        default_level("silver").indicators.update(title="Via the level")
    with pytest.raises(FrameworkFrozen):
        Indicator._base_manager.filter(pk=used_indicator.pk).update(title="Base manager")
    assert stored(used_indicator)["title"] == used_indicator.title
    assert Indicator.objects.get(pk=draft_indicator.pk).level_id == draft_level.pk


def test_queryset_delete_is_refused(used, used_indicator):
    with pytest.raises(FrameworkFrozen):
        Indicator.objects.filter(level__version=used).delete()
    with pytest.raises(FrameworkFrozen):
        ScoreDescriptor.objects.filter(version=used).delete()
    with pytest.raises(FrameworkFrozen):
        Level.objects.filter(pk=default_level("gold").pk).delete()
    with pytest.raises(FrameworkFrozen):
        used_indicator.delete()
    assert Indicator.objects.filter(level__version=used).count() == 48
    assert ScoreDescriptor.objects.filter(version=used).count() == 5


def test_bulk_update_is_refused_in_both_directions(used_indicator, draft_level, draft_indicator):
    used_indicator.title = "Bulk edited"
    with pytest.raises(FrameworkFrozen):
        Indicator.objects.bulk_update([used_indicator], ["title"])
    used_indicator.level = draft_level
    with pytest.raises(FrameworkFrozen):
        Indicator.objects.bulk_update([used_indicator], ["level"])
    draft_indicator.level = default_level("gold")
    with pytest.raises(FrameworkFrozen):
        Indicator.objects.bulk_update([draft_indicator], ["level"])
    assert stored(used_indicator)["level_id"] == default_level("silver").pk
    assert stored(draft_indicator)["level_id"] == draft_level.pk


def test_bulk_create_into_a_used_version_is_refused(used):
    gold = default_level("gold")
    with pytest.raises(FrameworkFrozen):
        Indicator.objects.bulk_create([IndicatorFactory.build(level=gold)])
    assert gold.indicators.count() == 16


# ------------------------------------------------------------------ the database


def raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_freeze_triggers_are_installed():
    assert framework_freeze_sql.installed(connection) == framework_freeze_sql.expected(connection)


def test_plain_sql_on_a_used_version_is_refused_by_the_database(
    used, used_indicator, draft_level, draft_indicator
):
    descriptor = ScoreDescriptor.objects.filter(version=used).first()
    refused = [
        ("UPDATE assessments_indicator SET title = 'SQL' WHERE id = %s", [used_indicator.pk]),
        (
            "UPDATE assessments_indicator SET level_id = %s WHERE id = %s",
            [draft_level.pk, used_indicator.pk],
        ),
        (
            "UPDATE assessments_indicator SET level_id = %s WHERE id = %s",
            [default_level("gold").pk, draft_indicator.pk],
        ),
        ("DELETE FROM assessments_indicator WHERE level_id = %s", [default_level("gold").pk]),
        (
            "INSERT INTO assessments_indicator (level_id, code, title, element, promise, "
            "guidance, example_evidence, \"order\") VALUES (%s, 'X1', 'x', 'space', "
            "'involved', 'x', 'x', 99)",
            [default_level("gold").pk],
        ),
        ("UPDATE assessments_level SET name = 'Bronze MOVED' WHERE version_id = %s", [used.pk]),
        (
            "UPDATE assessments_level SET version_id = %s WHERE id = %s",
            [used.pk, draft_level.pk],
        ),
        ("UPDATE assessments_scoredescriptor SET label = 'SQL' WHERE id = %s", [descriptor.pk]),
        ("DELETE FROM assessments_scoredescriptor WHERE id = %s", [descriptor.pk]),
        ("UPDATE assessments_frameworkversion SET name = 'SQL' WHERE id = %s", [used.pk]),
    ]
    for sql, params in refused:
        with pytest.raises(IntegrityError, match="framework version in use"):
            raw(sql, params)
    assert stored(used_indicator)["title"] == used_indicator.title
    assert Indicator.objects.filter(level__version=used).count() == 48
    assert Level.objects.get(pk=default_level("bronze").pk).name == "Bronze"
    assert FrameworkVersion.objects.get(pk=used.pk).name == "2026"


def test_orm_routes_around_the_model_are_refused_by_the_database(
    used, used_indicator, draft_indicator
):
    with pytest.raises(IntegrityError), transaction.atomic():
        QuerySet(Indicator).filter(pk=used_indicator.pk).update(title="Plain QuerySet")
    # A move given as an expression is not known before the query runs.
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.filter(pk=draft_indicator.pk).update(
            level_id=Value(default_level("gold").pk)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        QuerySet(ScoreDescriptor).filter(version=used)._raw_delete(connection.alias)
    assert stored(used_indicator)["title"] == used_indicator.title
    assert ScoreDescriptor.objects.filter(version=used).count() == 5


def test_the_database_lets_unused_versions_change_and_used_ones_become_current(
    used, draft_indicator
):
    raw("UPDATE assessments_indicator SET title = 'SQL' WHERE id = %s", [draft_indicator.pk])
    raw("UPDATE assessments_frameworkversion SET is_current = %s WHERE id = %s", [False, used.pk])
    assert stored(draft_indicator)["title"] == "SQL"
    assert FrameworkVersion.objects.get(pk=used.pk).is_current is False


# ------------------------------------------------------------------ the admin


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(role="staff", is_staff=True, is_superuser=True))
    return client


def indicator_form(indicator, **changes):
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


def test_admin_shows_a_used_indicator_read_only_with_the_reason(superuser_client, used_indicator):
    url = reverse("admin:assessments_indicator_change", args=[used_indicator.pk])
    page = superuser_client.get(url).content.decode()
    assert "already used by an application" in page
    assert "Copy as a new draft" in page
    assert 'name="title"' not in page


def test_admin_refuses_the_move_and_rename_post(superuser_client, used_indicator, draft_level):
    before = stored(used_indicator)
    url = reverse("admin:assessments_indicator_change", args=[used_indicator.pk])
    response = superuser_client.post(
        url, indicator_form(used_indicator, level=draft_level.pk, title="Moved")
    )
    assert response.status_code == 403
    delete = reverse("admin:assessments_indicator_delete", args=[used_indicator.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert stored(used_indicator) == before


def test_admin_delete_selected_refuses_parts_of_a_used_version(superuser_client, used_indicator):
    response = superuser_client.post(
        reverse("admin:assessments_indicator_changelist"),
        {"action": "delete_selected", "_selected_action": [used_indicator.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert "<title>Cannot delete indicator" in response.content.decode()
    assert Indicator.objects.filter(pk=used_indicator.pk).exists()


def test_admin_cannot_move_a_draft_part_into_a_used_version(
    superuser_client, used, draft_indicator
):
    url = reverse("admin:assessments_indicator_change", args=[draft_indicator.pk])
    page = superuser_client.get(url).content.decode()
    assert "2027-draft" in page
    assert f'value="{default_level("gold").pk}"' not in page
    response = superuser_client.post(
        url, indicator_form(draft_indicator, level=default_level("gold").pk)
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert stored(draft_indicator)["level_id"] == draft_indicator.level_id


def test_admin_used_level_is_read_only(superuser_client, used):
    bronze = default_level("bronze")
    url = reverse("admin:assessments_level_change", args=[bronze.pk])
    assert "already used by an application" in superuser_client.get(url).content.decode()
    data = {"version": used.pk, "code": "bronze", "name": "Bronze MOVED", "order": 1}
    assert superuser_client.post(url, data).status_code == 403
    assert Level.objects.get(pk=bronze.pk).name == "Bronze"


def test_admin_copies_a_version_as_a_new_draft(superuser_client, used):
    response = superuser_client.post(
        reverse("admin:assessments_frameworkversion_changelist"),
        {"action": "copy_as_draft", "_selected_action": [used.pk]},
    )
    draft = FrameworkVersion.objects.get(name="2026 (copy)")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:assessments_frameworkversion_change", args=[draft.pk]
    )
    assert draft.is_current is False and draft.is_in_use is False
    assert AuditEvent.objects.filter(
        object_type="assessments.frameworkversion", object_id=str(draft.pk)
    ).exists()


def test_copy_as_draft_copies_levels_indicators_and_descriptors(used):
    staff = UserFactory(role="staff", is_staff=True)
    draft = frameworks.copy_as_draft(used, actor=staff)
    again = frameworks.copy_as_draft(used, actor=staff)
    assert (draft.name, again.name) == ("2026 (copy)", "2026 (copy 2)")

    def shape(version):
        return (
            list(version.levels.order_by("order").values_list("code", "name", "colour")),
            list(
                Indicator.objects.filter(level__version=version)
                .order_by("level__order", "order")
                .values_list("level__code", "code", "title", "guidance", "order")
            ),
            list(version.descriptors.order_by("value").values_list("value", "label")),
        )

    assert shape(draft) == shape(used)
    assert Indicator.objects.filter(level__version=draft).count() == 48
    # The copy is a draft: its wording can change, and the original's did not.
    indicator = Indicator.objects.filter(level__version=draft).first()
    indicator.title = "Next year's wording"
    indicator.save()
    assert not Indicator.objects.filter(level__version=used, title="Next year's wording").exists()
    event = AuditEvent.objects.get(
        object_id=str(draft.pk), object_type="assessments.frameworkversion"
    )
    assert "Copied framework version “2026”" in event.summary
    assert event.actor == staff


# ------------------------------------------------------------------ pages never change


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    html = re.sub(r'nonce="[^"]*"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def _attempt_every_route(used, draft_level):
    """The bypasses a tester tried: each must be refused (by Python or the database)."""
    silver_indicator = Indicator.objects.filter(level__version=used, level__code="silver").first()
    bronze = Level.objects.get(version=used, code="bronze")
    silver = Level.objects.get(version=used, code="silver")
    attempts = [
        lambda: Indicator.objects.filter(pk=silver_indicator.pk).update(
            level=draft_level, title="Moved"
        ),
        lambda: Level.objects.filter(pk=bronze.pk).update(
            version=draft_level.version, name="Bronze MOVED"
        ),
        lambda: Level.objects.filter(pk=silver.pk).update(name="Silver MOVED"),
        lambda: QuerySet(Level).filter(pk=silver.pk).update(name="Silver MOVED"),
        lambda: QuerySet(Indicator).filter(level=silver).update(title="Moved"),
        lambda: ScoreDescriptor.objects.filter(version=used).delete(),
    ]
    for attempt in attempts:
        with pytest.raises((FrameworkFrozen, IntegrityError)), transaction.atomic():
            attempt()


def test_applications_results_and_verification_never_change(client, member, application):
    award = AwardFactory(application__level=default_level("silver"))
    draft_level = LevelFactory(version=FrameworkVersionFactory(name="2027-draft"))
    indicator = Indicator.objects.filter(level=application.level).first()
    member_pages = [
        reverse("assessments:detail", args=[application.pk]),
        reverse("assessments:answer", args=[application.pk, indicator.code]),
    ]
    staff_pages = [
        reverse("console:staff_detail", args=[award.application_id]),
        reverse("console:staff_scores", args=[award.application_id]),
    ]
    public_pages = [reverse("certificates:verify", args=[award.verification_code])]
    staff = UserFactory(role="staff")

    def render_all():
        client.logout()
        pages = [_page(client, url) for url in public_pages]
        client.force_login(member)
        pages += [_page(client, url) for url in member_pages]
        client.force_login(staff)
        pages += [_page(client, url) for url in staff_pages]
        return pages

    before = render_all()
    assert "Silver" in before[0]
    _attempt_every_route(application.level.version, draft_level)
    assert render_all() == before
    assert Award.objects.get(pk=award.pk).level.name == "Silver"


def test_admin_still_marks_a_used_version_current_but_not_renamed(superuser_client, used):
    FrameworkVersion.objects.filter(pk=used.pk).update(is_current=False)
    url = reverse("admin:assessments_frameworkversion_change", args=[used.pk])
    page = superuser_client.get(url).content.decode()
    assert 'name="name"' not in page
    data = dict(re.findall(r'<input type="hidden" name="([^"]+-[A-Z_]+)" value="([^"]*)"', page))
    data.update({"is_current": "on", "name": "2026 renamed"})
    response = superuser_client.post(url, data)
    assert response.status_code == 302
    assert FrameworkVersion.objects.values_list("name", "is_current").get(pk=used.pk) == (
        "2026",
        True,
    )
