"""Working with Teenagers in Chromium, each step done by the person who does it: book as
a member of the public, fill the last place, a second booking is waitlisted, cancel the
first booking from its email, the waitlisted person accepts the offered place, staff take
the register on a tablet, an attendee pledges, the follow-up is sent once, and the
evidence appears in the organisation's library."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.accounts.factories import StaffFactory
from tests.organisations.factories import OrganisationFactory, member_of
from training import followups
from training.models import Booking

from .factories import TrainingSessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _link(address, kind, base):
    """The path of the last `kind` link emailed to `address`, on the live server."""
    bodies = [m.body for m in mail.outbox if address in m.to]
    found = re.findall(rf"https?://[^/\s]+(/training/{kind}/\S+/)", "\n".join(bodies))
    assert found, f"no {kind} link emailed to {address}"
    return base + found[-1]


def _book(page, base, session, name, email, organisation, sector="School"):
    page.goto(f"{base}/training/sessions/{session.pk}/")
    page.get_by_label("Organisation").fill(organisation)
    page.get_by_label("Sector").select_option(label=sector)
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Job role").fill("Teacher")
    page.get_by_label("I will take part fully").check()
    page.get_by_role("button", name=re.compile("Book|Join the waiting list")).click()


def test_booking_to_evidence(new_page, live_server):
    base = live_server.url
    session = TrainingSessionFactory(capacity=2)
    organisation = OrganisationFactory(name="Northgate Academy")
    head = member_of(organisation, email="head@northgate.example", full_name="Hana Head")
    staff = StaffFactory(full_name="Sam Staff")

    # 1. A member of the public books the first place.
    page = new_page()
    page.goto(f"{base}/training/")
    page.get_by_role("link", name=re.compile(session.starts_at.strftime("%Y"))).first.click()
    expect(page.get_by_text("2 of 2")).to_be_visible()
    _book(page, base, session, "Pat Public", "pat@school.example", "Townville Primary")
    expect(page.get_by_text("place confirmed")).to_be_visible()

    # 2. The head of a Kitemark organisation fills the last place.
    _book(page, base, session, "Hana Head", head.email, "Northgate Academy")
    expect(page.get_by_text("place confirmed")).to_be_visible()

    # 3. The session is full: the next booking joins the waiting list.
    page.goto(f"{base}/training/sessions/{session.pk}/")
    expect(page.get_by_text("This session is full")).to_be_visible()
    _book(page, base, session, "Wren Waiting", "wren@police.example", "Townville Police", "Police")
    expect(page.get_by_text("on the waiting list", exact=False)).to_be_visible()

    # 4. Pat cancels from the link in their email, after confirming.
    page.goto(_link("pat@school.example", "cancel", base))
    page.get_by_role("button", name="Yes, cancel my booking").click()
    expect(page.get_by_role("heading", name="Your booking is cancelled")).to_be_visible()

    # 5. Wren is offered the place by email and accepts it.
    page.goto(_link("wren@police.example", "accept", base))
    page.get_by_role("button", name="Accept the place").click()
    expect(page.get_by_role("heading", name="The place is yours")).to_be_visible()
    assert set(Booking.objects.filter(status="confirmed").values_list("email", flat=True)) == {
        head.email,
        "wren@police.example",
    }

    # 6. On the day, staff take the register on a tablet.
    session.starts_at = timezone.now() - timedelta(minutes=1)
    session.save()
    tablet = new_page(user=staff, width=768, height=1024)
    tablet.goto(f"{base}/staff/training/{session.pk}/register/")
    for fieldset in ("Hana Head", "Wren Waiting"):
        tablet.get_by_role("group", name=fieldset).get_by_text("Attended").click()
    # Saving runs the evidence job inline here (no broker): its PDF takes a while on a
    # loaded two-core machine, so the wait is longer than an ordinary page's.
    tablet.get_by_role("button", name="Save the register").click(no_wait_after=True)
    expect(tablet.get_by_text("The register has been saved.")).to_be_visible(timeout=60_000)

    # 7. Afterwards each attendee is asked for a pledge; Wren sends one.
    session.refresh_from_db()
    assert followups.send_pledge_requests(session.ends_at + timedelta(minutes=1)) == 2
    page.goto(_link("wren@police.example", "pledge", base))
    page.get_by_label("Your answer").fill("Ask young people their name first.")
    page.get_by_role("button", name="Send my pledge").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()

    # 8. Three months on, the follow-up goes once, to the one who pledged.
    due = followups.follow_up_due_on(session)
    assert followups.send_follow_ups(due) == 1
    assert followups.send_follow_ups(due) == 0
    assert sum("Three months on" in m.subject for m in mail.outbox) == 1

    # 9. The evidence is in Northgate Academy's library, ready to attach.
    library = new_page(user=head)
    library.goto(f"{base}/organisations/{organisation.pk}/evidence/")
    day = timezone.localtime(session.starts_at)
    expect(
        library.get_by_role(
            "link",
            name=f"1 member of staff attended Working with Teenagers on {day.day} {day:%B %Y}.pdf",
            exact=True,
        )
    ).to_be_visible()
