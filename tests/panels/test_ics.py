"""Calendar invitations: stable UID, rising SEQUENCE, CANCEL on cancellation."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from assessments.models import Status, TimelineEvent
from panels import selectors
from panels.models import Interview
from panels.services import assignment, interviews

pytestmark = pytest.mark.django_db


def _calendars(to):
    found = []
    for message in mail.outbox:
        if to not in message.to:
            continue
        for filename, content, mimetype in message.attachments:
            if filename.endswith(".ics"):
                assert mimetype.startswith("text/calendar")
                found.append(Calendar.from_ical(content))
    return found


def test_invite_reschedule_cancel(client, application, org_user, members, facilitator, run_jobs):
    assignment.assign_panel(
        application, members=members, facilitator=facilitator, actor=facilitator
    )
    client.force_login(facilitator)
    day = timezone.localdate() + datetime.timedelta(days=10)
    url = reverse("console:staff_interview", args=[application.pk])
    with run_jobs(execute=True):
        client.post(
            url,
            {
                "date": day.isoformat(),
                "time": "14:30",
                "duration_minutes": 90,
                "venue": "",
                "video_link": "https://meet.example.org/kitemark",
            },
        )
    interview = Interview.objects.get(application=application)
    with run_jobs(execute=True):
        client.post(
            url,
            {
                "date": (day + datetime.timedelta(days=1)).isoformat(),
                "time": "09:00",
                "duration_minutes": 60,
                "venue": "Town Hall",
            },
        )
    with run_jobs(execute=True):
        page = client.get(reverse("console:staff_interview_cancel", args=[application.pk]))
        assert "Yes, cancel the interview" in page.content.decode()
        client.post(reverse("console:staff_interview_cancel", args=[application.pk]))

    first, moved, cancelled = _calendars(org_user.email)
    events = [c.walk("VEVENT")[0] for c in (first, moved, cancelled)]
    assert [str(c["METHOD"]) for c in (first, moved, cancelled)] == ["REQUEST", "REQUEST", "CANCEL"]
    assert len({str(e["UID"]) for e in events}) == 1
    assert str(events[0]["UID"]).startswith(str(interview.uid))
    assert [int(e["SEQUENCE"]) for e in events] == [0, 1, 2]
    assert str(events[2]["STATUS"]) == "CANCELLED"

    start = events[0]["DTSTART"].dt
    assert start.utcoffset() == datetime.timedelta(0)
    expected = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 30)))
    assert start == expected
    assert events[0]["DTEND"].dt - start == datetime.timedelta(minutes=90)
    assert str(events[0]["URL"]) == "https://meet.example.org/kitemark"
    assert str(events[1]["LOCATION"]) == "Town Hall"
    assert "mailto:" in str(events[0]["ORGANIZER"])
    assert events[0].to_ical().decode().count("DTSTART:") == 1  # UTC form, no TZID

    application.refresh_from_db()
    assert application.status == Status.PANEL_ASSIGNED
    messages = list(
        application.timeline.filter(kind=TimelineEvent.Kind.INTERVIEW).values_list(
            "message", flat=True
        )
    )
    assert len(messages) == 3
    assert "cancelled" in messages[-1]

    # A new booking after a cancellation is a new calendar event.
    interviews.schedule_interview(
        application,
        starts_at=timezone.now() + datetime.timedelta(days=20),
        duration_minutes=60,
        venue="Hall",
        video_link="",
        actor=facilitator,
    )
    assert selectors.next_interview_for(application).uid != interview.uid
