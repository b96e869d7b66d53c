"""Negative assertions: what each kind of user must never see."""

import pytest
from django.urls import reverse

from tests.quality.pages import text_of
from tests.quality.world import AGREED_SCORE, HIGH_SCORE, LOW_SCORE

pytestmark = pytest.mark.django_db


def organisation_urls(side):
    """Every page and download an organisation user reaches for their own organisation."""
    urls = [
        reverse("accounts:password_change"),
        reverse("portal:dashboard"),
        reverse("organisations:detail", args=[side.organisation.pk]),
        reverse("organisations:edit", args=[side.organisation.pk]),
        reverse("organisations:members", args=[side.organisation.pk]),
        reverse("organisations:invite", args=[side.organisation.pk]),
        reverse("assessments:start", args=[side.organisation.pk]),
        reverse("assessments:evidence_library", args=[side.organisation.pk]),
        reverse("assessments:evidence_library", args=[side.draft_organisation.pk]),
        reverse("assessments:evidence_upload", args=[side.organisation.pk]),
        reverse("assessments:evidence_download", args=[side.evidence.pk]),
        reverse("panels:org_result", args=[side.result.pk]),
        reverse("panels:org_actions", args=[side.result.pk]),
        reverse("certificates:plaque", args=[side.award.pk]),
        reverse("certificates:verify", args=[side.award.verification_code]),
        reverse("certificates:register"),
    ]
    for application in (side.draft, side.scoring, side.result):
        urls += [
            reverse("assessments:detail", args=[application.pk]),
            reverse("assessments:answer", args=[application.pk, side.indicator_code]),
            reverse("assessments:pdf", args=[application.pk]),
            reverse("assessments:withdraw", args=[application.pk]),
        ]
    urls.append(reverse("assessments:submit", args=[side.draft.pk]))
    return urls


def panel_urls(side):
    pk = side.scoring.pk
    urls = [
        reverse("panels:dashboard"),
        reverse("panels:my_conflicts"),
        reverse("panels:score", args=[pk]),
        reverse("panels:score_finish", args=[pk]),
        reverse("panels:consensus", args=[pk]),
        reverse("panels:consensus", args=[side.result.pk]),
        reverse("assessments:evidence_download", args=[side.evidence.pk]),
    ]
    urls += [reverse("panels:reader", args=[pk, n]) for n in range(1, 17)]
    urls += [reverse("panels:reader", args=[side.result.pk, n]) for n in range(1, 17)]
    return urls


def fetch_all(client, user, urls):
    client.force_login(user)
    pages = {}
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        pages[url] = text_of(response)
    return pages


def panel_member_secrets(world):
    secrets = []
    for side in (world.a, world.b):
        for member in side.members:
            user = member.user
            secrets += [user.username, user.email, user.full_name.split()[-1]]
    return [s for s in secrets if s]


def test_organisations_never_see_panel_surnames_emails_or_logins(client, world):
    pages = fetch_all(client, world.a.org_user, organisation_urls(world.a))
    secrets = panel_member_secrets(world)
    assert len(secrets) == 12
    for url, text in pages.items():
        for secret in secrets:
            assert secret not in text, f"{url} shows a panel member's {secret!r}"
    # The result names the panel by first name and group, which is allowed.
    result = pages[reverse("panels:org_result", args=[world.a.result.pk])]
    assert world.a.members[0].display_name in result


def test_organisations_never_see_individual_scores(client, world):
    """Amaya gave 1 and Aleo gave 4 on every indicator; the panel agreed 3."""
    client.force_login(world.a.org_user)
    response = client.get(reverse("panels:org_result", args=[world.a.result.pk]))
    text = response.content.decode()
    assert f"{AGREED_SCORE} out of 4" in text
    for value in (LOW_SCORE, HIGH_SCORE):
        assert f"{value} out of 4" not in text
        assert f"{value}/4" not in text
    # Nothing in what the page was given holds a member's own score.
    from panels.models import Score

    for context in response.context:
        for value in context.flatten().values():
            assert not isinstance(value, Score)
            if isinstance(value, (list, tuple)):
                assert not any(isinstance(item, Score) for item in value)
    # 48 = 16 x 3: the total is the agreed one, not either member's (16 or 64).
    assert "48" in text
    assert "64 out of 64" not in text and "16 out of 64" not in text


def test_panel_members_never_see_organisation_contact_details(client, world):
    pages = fetch_all(client, world.users["panel_assigned"], panel_urls(world.a))
    secrets = [
        world.a.organisation.contact_email,
        world.a.organisation.contact_phone,
        world.a.org_user.email,
        world.a.invitation.email,
    ]
    for url, text in pages.items():
        for secret in secrets:
            assert secret not in text, f"{url} shows the organisation's {secret!r}"
    # The panel does read the submission (so the check above is not vacuous).
    assert any("AARDVARK-SECRET-ANSWER" in text for text in pages.values())


def test_nothing_of_one_organisation_reaches_another(client, world):
    """Organisation B's member, on every page and download B has, never sees A."""
    pages = fetch_all(client, world.b.org_user, organisation_urls(world.b))
    for url, text in pages.items():
        for label, secret in world.a.secrets.items():
            assert secret not in text, f"{url} (for B) shows A's {label}: {secret!r}"
    # B does see its own things, so the pages are not simply empty.
    assert any(world.b.secrets["answer text"] in text for text in pages.values())
    assert any(world.b.organisation.name in text for text in pages.values())


def test_nothing_of_one_organisation_reaches_the_other_panel(client, world):
    """A panel member on B's panel never sees A's organisation, answers or evidence."""
    member = world.b.members[0].user
    pages = fetch_all(client, member, panel_urls(world.b))
    conflicts = reverse("panels:my_conflicts")
    for url, text in pages.items():
        for label in ("organisation name", "answer text", "evidence file name"):
            if url == conflicts and label == "organisation name":
                continue  # members pick, from every organisation, the ones they know
            secret = world.a.secrets[label]
            assert secret not in text, f"{url} (B's panel) shows A's {label}"
