"""Calendar files for training sessions, built with the icalendar library (as the panel's
interview invitations are: panels/ics.py)."""

from datetime import UTC
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Kitemark//Working with Teenagers//EN"
TITLE = "Working with Teenagers training"


def _event(session, *, cancelled=False, with_link=True):
    event = Event()
    event.add("uid", f"{session.uid}@kitemark-training")
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", TITLE)
    description = (
        "A two-hour interactive session written and delivered by young people, "
        "for professionals who work with young people."
    )
    if session.online_link and with_link:
        description += f" Join online: {session.online_link}"
    if session.accessibility:
        description += f" Access: {session.accessibility}"
    event.add("description", description)
    if session.venue:
        event.add("location", session.venue)
    elif session.online_link:
        event.add("location", session.online_link if with_link else "Online")
    if session.online_link and with_link:
        event.add("url", session.online_link)
    organiser = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organiser.params["cn"] = vText("Participation team")
    event.add("organizer", organiser)
    event.add("status", "CANCELLED" if cancelled or session.is_cancelled else "CONFIRMED")
    return event


def _calendar(method=None):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    return cal


def invitation(session, *, method="REQUEST"):
    """The .ics attached to a booker's email: REQUEST for a place, CANCEL when the session
    is cancelled or their place is. Same UID every time; SEQUENCE from the session."""
    cal = _calendar(method)
    cal.add_component(_event(session, cancelled=method == "CANCEL"))
    return cal.to_ical().decode("utf-8")


def feed(sessions):
    """The public calendar feed: every upcoming session, without bookers and without the
    online link (sent to those with a place only)."""
    cal = _calendar("PUBLISH")
    cal.add("x-wr-calname", TITLE)
    for session in sessions:
        event = _event(session, with_link=False)
        event.add("url", f"{settings.SITE_URL}{reverse('training:session', args=[session.pk])}")
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")
