"""The columns Award copies for the register and the celebration list stay in step."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import selectors
from certificates.models import Award
from certificates.services.awards import revoke_award
from tests.assessments.factories import default_level
from tests.certificates.factories import AwardFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def register(client, **params):
    return client.get(reverse("certificates:register"), params).content.decode()


def copies(award):
    award.refresh_from_db()
    return award.organisation_name, award.organisation_listed, award.level_order, award.replaced


def test_a_new_award_copies_its_organisation_and_level():
    award = AwardFactory(application__organisation__name="Copy Club", level=default_level("gold"))
    assert copies(award) == ("Copy Club", True, default_level("gold").order, False)


def test_the_register_follows_a_rename_and_the_opt_out(client):
    award = AwardFactory(application__organisation__name="Old Name Trust")
    organisation = award.organisation
    organisation.name = "New Name Trust"
    organisation.save()
    html = register(client)
    assert "New Name Trust" in html and "Old Name Trust" not in html
    assert "New Name Trust" in register(client, q="new name")
    assert "1 organisation matching" in register(client, q="new name")

    organisation.listed_in_register = False
    organisation.save(update_fields=["listed_in_register"])
    assert "New Name Trust" not in register(client)
    assert "0 organisations" in register(client)
    organisation.listed_in_register = True
    organisation.save()
    assert "New Name Trust" in register(client)


def test_an_organisation_that_opted_out_before_its_award_is_not_listed(client):
    AwardFactory(
        application__organisation__name="Quiet Trust",
        application__organisation__listed_in_register=False,
    )
    assert "Quiet Trust" not in register(client)


def test_revoking_or_deleting_the_newer_award_lists_the_older_again(client, staff_user):
    old = AwardFactory(
        application__organisation__name="Renewed Trust",
        awarded_on=TODAY() - datetime.timedelta(days=900),
        expires_on=TODAY() + datetime.timedelta(days=195),
    )
    new = AwardFactory(
        application__organisation=old.organisation, application__cycle=old.application.cycle
    )
    assert copies(old)[3] is True and copies(new)[3] is False
    html = register(client)
    assert html.count("Renewed Trust") == 1
    assert new.verification_code in html and old.verification_code not in html

    revoke_award(new, actor=staff_user, reason="Evidence was not genuine")
    assert copies(old)[3] is False
    html = register(client)
    assert old.verification_code in html and new.verification_code not in html

    newest = AwardFactory(
        application__organisation=old.organisation, application__cycle=old.application.cycle
    )
    assert copies(old)[3] is True
    newest.plaques.all().delete()
    Award.objects.filter(pk=newest.pk).delete()
    assert copies(old)[3] is False
    assert old.verification_code in register(client)


def test_refresh_copies_repairs_rows_written_in_bulk():
    award = AwardFactory(application__organisation__name="Bulk Trust")
    Award.objects.filter(pk=award.pk).update(organisation_name="", organisation_listed=False)
    Award.objects.all().refresh_copies()
    assert copies(award)[:2] == ("Bulk Trust", True)


def test_the_register_orders_by_level_then_name_across_pages(client, monkeypatch):
    monkeypatch.setattr(selectors, "REGISTER_PAGE_SIZE", 2)
    for name, level in [("Zeta", "bronze"), ("Alpha", "gold"), ("Beta", "bronze")]:
        AwardFactory(application__organisation__name=name, level=default_level(level))
    first, second = register(client), register(client, page=2)
    assert first.index("Beta") < first.index("Zeta") and "Alpha" not in first
    assert "<h2>Gold</h2>" in second and "Alpha" in second and "Zeta" not in second
    assert "3 organisations" in first and "Page 2 of 2" in second


def test_the_bench_seed_fills_the_copies_and_the_register_matches_its_definition(db):
    from bench import seed as bench_seed

    bench_seed.seed(0.001, log=lambda *a: None)
    today = TODAY()
    by_definition = set(
        Award.objects.current(today)
        .filter(organisation__listed_in_register=True)
        .latest_per_organisation(current_on=today)
        .values_list("pk", flat=True)
    )
    assert by_definition
    assert set(selectors.register_queryset().values_list("pk", flat=True)) == by_definition
    award = Award.objects.select_related("organisation", "level").first()
    assert award.organisation_name == award.organisation.name
    assert award.level_order == award.level.order
