import datetime

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from assessments.models import TimelineEvent
from certificates.models import Plaque
from certificates.selectors import organisation_awards
from jobs.models import Job
from tests.accounts.factories import PanelUserFactory, UserFactory
from tests.certificates.factories import AwardFactory, PlaqueFactory
from tests.certificates.helpers import confirm_award, scored_application
from tests.organisations.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


# --- Plaque download -----------------------------------------------------------------


def test_members_download_the_latest_plaque(client):
    award = AwardFactory()
    PlaqueFactory(award=award, version=1)
    PlaqueFactory(award=award, version=2, file__data=b"%PDF-1.7 version two")
    client.force_login(member_of(award.organisation))
    response = client.get(reverse("certificates:plaque", args=[award.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert f"kitemark-{award.certificate_number}-v2.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.7 version two"


def test_another_organisation_gets_404_and_anonymous_is_sent_to_login(client):
    award = AwardFactory()
    PlaqueFactory(award=award)
    url = reverse("certificates:plaque", args=[award.pk])
    assert client.get(url).status_code == 302
    client.force_login(member_of())
    assert client.get(url).status_code == 404
    client.force_login(PanelUserFactory())
    assert client.get(url).status_code == 404


def test_download_before_the_plaque_is_ready_is_404(client):
    award = AwardFactory()
    client.force_login(member_of(award.organisation))
    assert client.get(reverse("certificates:plaque", args=[award.pk])).status_code == 404


# --- Organisation dashboard partial -----------------------------------------------


def render_org_awards(organisation):
    awards = organisation_awards(organisation)
    return render_to_string("certificates/_org_awards.html", {"awards": awards})


def test_org_partial_shows_awards_plaque_link_and_verification_url():
    award = AwardFactory()
    html = render_org_awards(award.organisation)
    assert award.certificate_number in html
    assert award.verification_url in html
    assert "Your plaque is being made" in html
    assert reverse("certificates:plaque", args=[award.pk]) not in html
    assert "Start a renewal application" not in html

    PlaqueFactory(award=award)
    html = render_org_awards(award.organisation)
    assert reverse("certificates:plaque", args=[award.pk]) in html


def test_org_partial_lists_an_award_with_several_plaque_versions_once():
    award = AwardFactory()
    PlaqueFactory(award=award, version=1)
    PlaqueFactory(award=award, version=2)
    awards = organisation_awards(award.organisation)
    assert [row["pk"] for row in awards["featured"] + awards["earlier"]] == [award.pk]
    assert awards["featured"][0]["plaque_url"] == reverse("certificates:plaque", args=[award.pk])


def test_org_partial_invites_renewal_from_six_months_before_expiry():
    expires = TODAY() + datetime.timedelta(days=190)
    award = AwardFactory(awarded_on=expires.replace(year=expires.year - 3), expires_on=expires)
    assert "Start a renewal application" not in render_org_awards(award.organisation)

    award.expires_on = TODAY() + datetime.timedelta(days=150)
    award.save()
    html = render_org_awards(award.organisation)
    assert "Start a renewal application" in html
    expected = reverse("assessments:start", args=[award.organisation.pk])
    assert expected == f"/organisations/{award.organisation.pk}/applications/new/"
    assert f'href="{expected}"' in html


def test_org_partial_does_not_invite_renewal_once_renewed_or_revoked():
    old = AwardFactory(
        awarded_on=TODAY() - datetime.timedelta(days=1000),
        expires_on=TODAY() + datetime.timedelta(days=95),
    )
    assert "Start a renewal application" in render_org_awards(old.organisation)
    AwardFactory(application__organisation=old.organisation)
    html = render_org_awards(old.organisation)
    assert "Start a renewal application" not in html
    assert html.count("award-card") == 2


def _older(organisation, years_ago, **kwargs):
    awarded_on = TODAY() - datetime.timedelta(days=365 * years_ago)
    return AwardFactory(
        application__organisation=organisation,
        awarded_on=awarded_on,
        expires_on=awarded_on + datetime.timedelta(days=3 * 365),
        **kwargs,
    )


def test_org_partial_shows_current_awards_in_full_and_earlier_ones_in_a_table():
    current = AwardFactory()
    organisation = current.organisation
    expired = _older(organisation, 4)
    PlaqueFactory(award=expired)
    revoked = _older(organisation, 8)
    PlaqueFactory(award=revoked)
    revoked.revoked_at = timezone.now()
    revoked.revoked_reason = "x"
    revoked.save()
    html = render_org_awards(organisation)
    assert html.count("award-card") == 1
    assert f'id="award-{current.pk}-heading"' in html
    card, table = html.split("Earlier awards")
    assert current.certificate_number in card
    assert "Your plaque is being made" in card
    # Earlier awards: one row each, newest first, with status, public page and plaque.
    assert table.index(expired.certificate_number) < table.index(revoked.certificate_number)
    assert f"Expired on {expired.expires_on.day} " in table
    assert "Revoked on " in table and "Not available" in table
    assert expired.verification_url in table and revoked.verification_url in table
    assert reverse("certificates:plaque", args=[expired.pk]) in table
    assert reverse("certificates:plaque", args=[revoked.pk]) not in html
    assert "Start a renewal application" not in html


def test_org_partial_shows_the_newest_expired_award_in_full_with_a_renewal_invitation():
    organisation = OrganisationFactory()
    _older(organisation, 8)
    newest = _older(organisation, 4)
    html = render_org_awards(newest.organisation)
    assert html.count("award-card") == 1
    assert f'id="award-{newest.pk}-heading"' in html
    assert "This award expired on" in html and "Start a renewal application" in html
    assert html.count("Start a renewal application") == 1


def test_org_partial_gives_the_revocation_day_in_local_time():
    # Revoked at 23:30 UTC on 1 June: 00:30 on 2 June in London (BST), as the ORM gave it.
    award = AwardFactory(awarded_on=datetime.date(2020, 3, 5), expires_on=datetime.date(2023, 3, 5))
    award.revoked_at = datetime.datetime(2026, 6, 1, 23, 30, tzinfo=datetime.UTC)
    award.revoked_reason = "x"
    award.save()
    (row,) = organisation_awards(award.organisation)["earlier"]
    assert row["status_text"] == "Revoked on 2 June 2026"
    assert row["year"] == 2020


def test_org_partial_without_awards_says_so():
    html = render_org_awards(OrganisationFactory())
    assert "You do not hold an award yet." in html
    assert "Earlier awards" not in html


@pytest.mark.parametrize("state", ["current", "expired", "revoked"])
def test_status_badge_says_the_status_with_its_date(state):
    award = (
        AwardFactory(awarded_on=datetime.date(2020, 3, 5), expires_on=datetime.date(2023, 3, 5))
        if state == "expired"
        else AwardFactory()
    )
    if state == "revoked":
        award.revoked_at = timezone.make_aware(datetime.datetime(2026, 6, 1, 12))
        award.revoked_reason = "x"
        award.save()
    expected = {
        "current": "Current",
        "expired": "Expired on 5 March 2023",
        "revoked": "Revoked on 1 June 2026",
    }[state]
    html = render_to_string("certificates/_status.html", {"award": award, "status": None})
    assert html == f'<span class="award-status award-status-{state}">{expected}</span>\n'


# --- Staff -----------------------------------------------------------------------


def test_staff_awards_is_staff_only(client):
    url = reverse("certificates:staff_awards")
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
    url = reverse("certificates:staff_awards")
    html = staff_client.get(url).content.decode()
    for award in (current, expired, revoked):
        assert award.certificate_number in html
    assert reverse("certificates:staff_revoke", args=[current.pk]) in html
    assert reverse("certificates:staff_regenerate", args=[current.pk]) in html
    assert reverse("certificates:staff_revoke", args=[revoked.pk]) not in html

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
    html = staff_client.get(reverse("certificates:staff_awards")).content.decode()
    assert "Version 1 failed" in html
    detail = staff_client.get(reverse("certificates:staff_award", args=[award.pk])).content
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
    url = reverse("certificates:staff_regenerate", args=[award.pk])

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
    from tests.certificates.helpers import pdf_text

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
    url = reverse("certificates:staff_revoke", args=[award.pk])
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
    url = reverse("certificates:staff_revoke", args=[award.pk])
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
        assert client.get(reverse(f"certificates:{name}", args=[award.pk])).status_code == 403
    response = client.post(
        reverse("certificates:staff_revoke", args=[award.pk]), {"reason": "x", "confirm": "on"}
    )
    assert response.status_code == 403
    award.refresh_from_db()
    assert award.revoked_at is None


def test_staff_application_partial_links_to_actions():
    award = AwardFactory()
    html = render_to_string(
        "certificates/_staff_application_award.html", {"application": award.application}
    )
    assert award.certificate_number in html
    assert reverse("certificates:staff_regenerate", args=[award.pk]) in html
    assert reverse("certificates:staff_revoke", args=[award.pk]) in html
    other = AwardFactory()
    other.application.award.delete()
    assert (
        render_to_string(
            "certificates/_staff_application_award.html", {"application": other.application}
        ).strip()
        == ""
    )
