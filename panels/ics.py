"""Calendar invitations for interviews, built with the icalendar library."""

from datetime import UTC
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from scheme.selectors import current_scheme

PRODID = "-//Kitemark//Panel interviews//EN"


def build(interview, *, method="REQUEST", organiser_email=None):
    """The .ics text for an interview. Same UID every time; SEQUENCE from the interview."""
    application = interview.application
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    cal.add("calscale", "GREGORIAN")

    event = Event()
    event.add("uid", f"{interview.uid}@kitemark")
    event.add("sequence", interview.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", interview.starts_at.astimezone(UTC))
    event.add("dtend", interview.ends_at.astimezone(UTC))
    event.add("summary", f"Kitemark panel interview: {application.organisation.name}")
    description = (
        f"Your {application.level.name} {current_scheme().scheme_name} panel interview. "
        "A panel of young people and a member of the participation team will meet you."
    )
    if interview.video_link:
        description += f" Join online: {interview.video_link}"
    event.add("description", description)
    if interview.venue:
        event.add("location", interview.venue)
    elif interview.video_link:
        event.add("location", interview.video_link)
    if interview.video_link:
        event.add("url", interview.video_link)
    organiser_email = organiser_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    organiser = vCalAddress(f"mailto:{organiser_email}")
    organiser.params["cn"] = vText(f"{current_scheme().council_name} participation team")
    event.add("organizer", organiser)
    for email in application.organisation.member_emails():
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee, encode=0)
    if method == "CANCEL":
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical().decode("utf-8")
