"""The whole journey as HTTP requests by the right people."""

import json

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from assessments.models import Status, TimelineEvent
from assessments.selectors import timeline
from panels.models import AgreedScore, Finalisation, Interview, Score
from panels.refusals import PanelError
from panels.services import assignment, scoring
from tests.panels.factories import open_round

pytestmark = pytest.mark.django_db


def post_score(client, application, indicator, value, ts=None):
    body = {"indicator": indicator.pk, "value": value}
    if ts is not None:
        body["client_ts"] = ts
    return client.post(
        reverse("panels:score_save", args=[application.pk]),
        data=json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
    )


def ics_of(message):
    for filename, content, _mimetype in message.attachments:
        if filename.endswith(".ics"):
            return Calendar.from_ical(content)
    raise AssertionError("no .ics attachment")


def test_assign_schedule_score_agree_finalise_confirm(
    client, application, org_user, members, facilitator, next_week, run_jobs
):
    maya, leo = members
    indicators = list(application.level.indicators.order_by("order"))

    # Staff assign the panel.
    client.force_login(facilitator)
    response = client.post(
        reverse("console:staff_assign", args=[application.pk]),
        {"members": [maya.pk, leo.pk], "facilitator": facilitator.pk},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.PANEL_ASSIGNED
    assert application.timeline.filter(kind=TimelineEvent.Kind.PANEL).exists()

    # Staff book the interview: the organisation gets an invitation with an .ics file.
    with run_jobs(execute=True):
        response = client.post(
            reverse("console:staff_interview", args=[application.pk]),
            {**next_week, "venue": "Town Hall"},
        )
    assert response.status_code == 302, response.content
    application.refresh_from_db()
    assert application.status == Status.INTERVIEW_SCHEDULED
    org_mail = [m for m in mail.outbox if org_user.email in m.to]
    assert len(org_mail) == 1
    event = ics_of(org_mail[0]).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "Town Hall"
    panel_mail = [m for m in mail.outbox if "maya.private@example.org" in m.to]
    assert len(panel_mail) == 1
    assert org_user.email not in panel_mail[0].body
    assert application.organisation.contact_email not in panel_mail[0].body
    assert application.timeline.filter(kind=TimelineEvent.Kind.INTERVIEW).exists()

    # Both members see the interview on their dashboard.
    client.force_login(maya.user)
    page = client.get(reverse("panels:dashboard"))
    assert application.organisation.name in page.content.decode()
    assert "Town Hall" in page.content.decode()

    # Nobody can score before the interview starts.
    client.force_login(maya.user)
    assert post_score(client, application, indicators[0], 3).status_code == 409
    # The facilitator starts it early (recorded) and records who is here.
    client.force_login(facilitator)
    client.post(reverse("panels:presence", args=[application.pk]), {"start": "1"})
    for member in (maya, leo):
        client.post(
            reverse("panels:presence", args=[application.pk]),
            {"member": member.pk, "present": "yes"},
        )
    assert application.timeline.filter(message__contains="started early").exists()
    assert application.timeline.filter(message__contains="Leo recorded as present").exists()

    # Maya scores every indicator 3; Leo scores alternately 2 and 4.
    client.force_login(maya.user)
    for indicator in indicators:
        assert post_score(client, application, indicator, 3).json()["ok"] is True
    client.force_login(leo.user)
    for position, indicator in enumerate(indicators):
        assert (
            post_score(client, application, indicator, 2 if position % 2 else 4).status_code == 200
        )
    assert Score.objects.filter(application=application).count() == 32

    # Leo has not sent his scores: he sees only his own.
    page = client.get(reverse("panels:consensus", args=[application.pk]))
    assert page.context["show_all"] is False
    assert {c["name"] for row in page.context["rows"] for c in row["cells"]} == {"Leo"}

    # Maya sends hers, after a confirmation page, and then sees everyone's.
    client.force_login(maya.user)
    confirm = client.get(reverse("panels:score_finish", args=[application.pk]))
    assert "cannot change them" in confirm.content.decode()
    client.post(reverse("panels:score_finish", args=[application.pk]))
    page = client.get(reverse("panels:consensus", args=[application.pk]))
    assert page.context["show_all"] is True
    first = page.context["rows"][0]
    assert {c["name"]: c["value"] for c in first["cells"]} == {"Leo": 4, "Maya": 3}
    assert first["disagree"] is True
    assert "Different scores" in page.content.decode()

    # The facilitator reveals all scores: now Leo sees Maya's too.
    client.force_login(facilitator)
    client.post(reverse("panels:reveal", args=[application.pk]))
    client.force_login(leo.user)
    page = client.get(reverse("panels:consensus", args=[application.pk]))
    assert page.context["show_all"] is True

    # A member cannot record agreed scores; the facilitator can.
    response = client.post(
        reverse("panels:consensus", args=[application.pk]),
        {"indicator": indicators[0].pk, f"i{indicators[0].pk}-value": 3},
    )
    assert response.status_code == 403
    # Leo sends his scores too: the panel agrees only once everyone here has sent.
    client.post(reverse("panels:score_finish", args=[application.pk]))
    client.force_login(facilitator)
    page = client.get(reverse("panels:consensus", args=[application.pk]))
    first = page.context["rows"][0]
    assert first["proposal"] == (3, 4)  # Maya 3, Leo 4: the median 3.5, the panel picks
    for indicator in indicators:
        client.post(
            reverse("panels:consensus", args=[application.pk]),
            {
                "indicator": indicator.pk,
                f"i{indicator.pk}-value": 3,
                f"i{indicator.pk}-feedback": f"Great work on {indicator.code}",
            },
        )
    assert AgreedScore.objects.filter(application=application, round=1).count() == 16

    # Not before every young person here confirms.
    response = client.post(reverse("panels:finalise", args=[application.pk]), follow=True)
    assert "Still to confirm: Leo, Maya" in response.content.decode()
    # Maya confirms on her own device; Leo says so out loud and the facilitator records it.
    client.force_login(maya.user)
    sheet = client.get(reverse("panels:confirm", args=[application.pk])).context["sheet"]
    client.post(reverse("panels:confirm", args=[application.pk]), {"sheet": sheet})
    client.force_login(facilitator)
    client.post(
        reverse("panels:confirm", args=[application.pk]), {"sheet": sheet, "member": leo.pk}
    )
    messages_so_far = " ".join(application.timeline.values_list("message", flat=True))
    assert "Maya confirmed the agreed scores, on their own device" in messages_so_far
    assert "Leo confirmed the agreed scores, said so out loud" in messages_so_far

    # Finalise after a confirmation page: 16 x 3 = 48, awarded.
    page = client.get(reverse("panels:finalise", args=[application.pk]))
    assert "48 out of 64" in page.content.decode()
    client.post(reverse("panels:finalise", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Status.SCORED
    assert application.total == 48
    assert application.proposed_outcome == "awarded"
    assert Finalisation.objects.get(application=application).total == 48

    # The organisation sees nothing until staff confirm.
    client.force_login(org_user)
    page = client.get(reverse("panels:org_result", args=[application.pk]))
    assert "not ready yet" in page.content.decode()
    assert "48 out of 64" not in page.content.decode()

    client.force_login(facilitator)
    page = client.get(reverse("console:staff_outcome", args=[application.pk])).content.decode()
    assert "Confirm: Awarded" in page
    with run_jobs(execute=True):
        client.post(reverse("console:staff_outcome", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Status.AWARDED
    assert application.outcome_confirmed_at is not None
    assert any("Congratulations" in m.subject for m in mail.outbox)

    client.force_login(org_user)
    page = client.get(reverse("panels:org_result", args=[application.pk])).content.decode()
    assert "48 out of 64" in page
    assert "Great work on" in page
    assert "Leo, Maya (Youth Cabinet)" in page

    # Every step is on the timeline.
    kinds = list(application.timeline.values_list("kind", "to_status"))
    for status in (
        Status.PANEL_ASSIGNED,
        Status.INTERVIEW_SCHEDULED,
        Status.SCORED,
        Status.AWARDED,
    ):
        assert (TimelineEvent.Kind.TRANSITION, status) in kinds
    messages = " ".join(application.timeline.values_list("message", flat=True))
    assert "Round 1 scores finalised: 48 out of 64" in messages
    assert "Outcome confirmed: Awarded" in messages
    assert Interview.objects.filter(application=application).count() == 1


def test_closing_the_loop_members_see_outcome_and_actions(
    client, application, org_user, members, facilitator
):
    from tests.panels.factories import FinalisationFactory, agree_all, seated_panel

    application.status = Status.AWARDED
    application.total = 48
    application.save()
    from django.utils import timezone

    application.outcome_confirmed_at = timezone.now()
    application.save()
    panel, _ = seated_panel(application, members=0, facilitator=facilitator)
    panel.seats.create(member=members[0])
    Score.objects.create(
        member=members[0],
        application=application,
        indicator=application.level.indicators.first(),
        value=3,
        client_updated_at=timezone.now(),
    )
    agreed = agree_all(application, [3] * 16)
    FinalisationFactory(application=application, total=48, confirmed_at=timezone.now())

    client.force_login(org_user)
    response = client.post(
        reverse("panels:org_actions", args=[application.pk]),
        {"agreed_score": agreed[0].pk, "text": "We now pay young people for their time."},
    )
    assert response.status_code == 302
    assert agreed[0].actions.count() == 1

    client.force_login(members[0].user)
    page = client.get(reverse("panels:dashboard")).content.decode()
    assert "Awarded" in page
    assert "We now pay young people for their time." in page
    assert timezone.localdate().strftime("%Y") in page


def test_changing_the_panel_is_recorded_and_scored_members_stay(
    client, application, members, facilitator
):
    from tests.panels.factories import PanelMemberFactory

    maya, leo = members
    sam = PanelMemberFactory(display_name="Sam")
    assignment.assign_panel(
        application, members=[maya, sam], facilitator=facilitator, actor=facilitator
    )
    client.force_login(facilitator)
    page = client.get(reverse("console:staff_assign", args=[application.pk])).content.decode()
    assert "Change the panel" in page
    client.post(
        reverse("console:staff_assign", args=[application.pk]),
        {"members": [leo.pk, sam.pk], "facilitator": facilitator.pk},
    )
    application.refresh_from_db()
    assert application.status == Status.PANEL_ASSIGNED
    assert set(application.panel.seats.values_list("member__display_name", flat=True)) == {
        "Leo",
        "Sam",
    }
    # Names are stored as references and shown by the account's name when read.
    changed = [
        e for e in timeline(application, staff_only_too=True) if e.kind == TimelineEvent.Kind.PANEL
    ][-1]
    assert changed.text.startswith("Panel changed: Leo, Sam")
    assert changed.visible_to_organisation is False
    # Maya is no longer assigned, so she no longer sees it.
    client.force_login(maya.user)
    assert client.get(reverse("panels:reader", args=[application.pk, 1])).status_code == 404

    # Once Leo has scored he cannot be taken off.
    application.status = Status.INTERVIEW_SCHEDULED
    application.save()
    open_round(application, application.panel, [leo, sam])
    scoring.save_score(leo, application, application.level.indicators.first().pk, 2)
    with pytest.raises(PanelError, match="already scored"):
        assignment.assign_panel(
            application, members=[sam, maya], facilitator=facilitator, actor=facilitator
        )


def test_org_partial_shows_the_confirmed_result(application, org_user, rf):
    from django.template.loader import render_to_string
    from django.utils import timezone

    from tests.panels.factories import FinalisationFactory

    finalisation = FinalisationFactory(application=application, total=44, outcome="resubmission")
    # Included in the application page, so rendered with its request.
    request = rf.get("/")
    html = render_to_string("panels/_org_result.html", {"application": application}, request)
    assert "44 out of 64" not in html
    finalisation.confirmed_at = timezone.now()
    finalisation.save()
    html = render_to_string("panels/_org_result.html", {"application": application}, request)
    assert "44 out of 64" in html
    assert reverse("panels:org_result", args=[application.pk]) in html
