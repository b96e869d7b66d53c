"""Staff look after awards: the list, an award and its plaques, a new plaque, revoking."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.models import TimelineEvent
from certificates.models import Plaque
from jobs.models import Job
from tests.accounts.factories import PanelUserFactory, UserFactory
from tests.certificates.factories import AwardFactory, PlaqueFactory
from tests.certificates.helpers import confirm_award, pdf_text, scored_application
from tests.organisations.factories import member_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_staff_awards_is_staff_only(client):
    url = reverse("console:staff_awards")
    assert client.get(url).status_code == 302
    for user in (UserFactory(), PanelUserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_staff_awards_lists_and_filters_by_status(staff_client, django_assert_max_num_queries):
    current = AwardFactory(application__organisation__name="Current Org")
    expired = AwardFactory(
        application__organisation__name="Expired Org",
        awarded_on=TODAY().replace(year=TODAY().year - 3),
        expires_on=TODAY(),
    )
    revoked = AwardFactory(application__organisation__name="Revoked Org")
    revoked.revoked_at = timezone.now()
    revoked.revoked_reason = "x"
    revoked.save()
    url = reverse("console:staff_awards")
    html = staff_client.get(url).content.decode()
    for award in (current, expired, revoked):
        assert award.certificate_number in html
    assert reverse("console:staff_revoke", args=[current.pk]) in html
    assert reverse("console:staff_regenerate", args=[current.pk]) in html
    assert reverse("console:staff_revoke", args=[revoked.pk]) not in html

    for status, expected in (("current", current), ("expired", expired), ("revoked", revoked)):
        html = staff_client.get(url, {"status": status}).content.decode()
        assert expected.certificate_number in html
        others = {current, expired, revoked} - {expected}
        assert all(o.certificate_number not in html for o in others)

    with django_assert_max_num_queries(12) as few:
        staff_client.get(url)
    for _ in range(15):
        PlaqueFactory(award=AwardFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(url)


def test_staff_list_shows_a_failed_plaque_job(staff_client):
    award = AwardFactory()
    Job.objects.create(
        kind="plaque",
        key=f"plaque:{award.pk}:v1",
        payload={"award_id": award.pk, "version": 1},
        status=Job.Status.FAILED,
        attempts=5,
        last_error="OSError: disk full",
    )
    html = staff_client.get(reverse("console:staff_awards")).content.decode()
    assert "Version 1 failed" in html
    detail = staff_client.get(reverse("console:staff_award", args=[award.pk])).content
    assert b"disk full" in detail


def test_regenerate_asks_to_confirm_then_makes_a_new_version_and_keeps_the_old(
    staff_client, staff_user, run_jobs
):
    application = scored_application()
    with run_jobs(execute=True):
        confirm_award(application, staff_user)
    award = application.award
    first = Plaque.objects.get(award=award)
    application.organisation.name = "Corrected Name Youth Hub"
    application.organisation.save()
    url = reverse("console:staff_regenerate", args=[award.pk])

    response = staff_client.get(url)
    assert response.status_code == 200
    assert b"Yes, make a new plaque" in response.content
    assert Plaque.objects.filter(award=award).count() == 1  # GET changes nothing

    mail.outbox.clear()
    with run_jobs(execute=True):
        response = staff_client.post(url)
    assert response.status_code == 302
    versions = list(Plaque.objects.filter(award=award).order_by("version"))
    assert [p.version for p in versions] == [1, 2]
    assert versions[0].pk == first.pk and versions[0].file.storage.exists(versions[0].file.name)
    with versions[1].file.open("rb") as handle:
        assert "Corrected Name Youth Hub" in pdf_text(handle)
    assert [m.subject for m in mail.outbox] == [
        "Your updated Co-production Kitemark plaque is ready"
    ]
    # Members now download version 2.
    client_member = staff_client
    client_member.force_login(application.organisation.memberships.first().user)
    download = client_member.get(reverse("certificates:plaque", args=[award.pk]))
    assert "-v2.pdf" in download["Content-Disposition"]


def test_revoking_needs_a_reason_and_confirmation(staff_client):
    award = AwardFactory()
    url = reverse("console:staff_revoke", args=[award.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"reason": "  ", "confirm": "on"})
    assert response.status_code == 200
    assert "Give a reason for revoking the award." in response.content.decode()
    response = staff_client.post(url, {"reason": "Evidence was copied"})
    assert "Tick the box" in response.content.decode()
    award.refresh_from_db()
    assert award.revoked_at is None


def test_revoking_updates_verification_badge_and_emails_the_organisation(
    client, staff_client, staff_user, run_jobs
):
    award = AwardFactory()
    members = [member_of(award.organisation), member_of(award.organisation)]
    url = reverse("console:staff_revoke", args=[award.pk])
    with run_jobs(execute=True):
        response = staff_client.post(url, {"reason": "Evidence was copied", "confirm": "on"})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.revoked_by == staff_user
    assert award.revoked_reason == "Evidence was copied"
    assert award.revoked_at is not None

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted(m.email for m in members)
    assert "Evidence was copied" in message.body
    assert award.verification_url in message.body
    assert TimelineEvent.objects.filter(
        application=award.application, message__contains="revoked"
    ).exists()

    verify = client.get(reverse("certificates:verify", args=[award.verification_code]))
    assert b"This award was revoked on" in verify.content
    badge = client.get(reverse("certificates:badge", args=[award.verification_code]))
    assert b"Revoked" in badge.content

    # A second revoke changes nothing and sends nothing.
    with run_jobs(execute=True):
        staff_client.post(url, {"reason": "Again", "confirm": "on"})
    award.refresh_from_db()
    assert award.revoked_reason == "Evidence was copied"
    assert len(mail.outbox) == 1


def test_staff_actions_are_refused_to_organisation_members(client):
    award = AwardFactory()
    client.force_login(member_of(award.organisation))
    for name in ("staff_award", "staff_regenerate", "staff_revoke"):
        assert client.get(reverse(f"console:{name}", args=[award.pk])).status_code == 403
    response = client.post(
        reverse("console:staff_revoke", args=[award.pk]), {"reason": "x", "confirm": "on"}
    )
    assert response.status_code == 403
    award.refresh_from_db()
    assert award.revoked_at is None
