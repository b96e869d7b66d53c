"""Working with Teenagers demo data for seed_demo: past and upcoming sessions, bookings, a
waiting list, attendance, pledges and follow-ups, and a young trainer who can sign in.
Upcoming sessions are booked through the same services as the public pages."""

import datetime
from decimal import Decimal

from django.utils import timezone

from training import followups
from training.models import Booking, Sector, TrainingSession
from training.services import bookings, sessions

TRAINER_USERNAME = "zara"

PEOPLE = [
    ("Amina Hussain", "Teacher", Sector.SCHOOL, "Northgate Academy"),
    ("Tom Price", "PCSO", Sector.POLICE, "Townville Police"),
    ("Grace Obi", "School nurse", Sector.HEALTH, "Townville NHS Trust"),
    ("Dan Murphy", "Bus driver", Sector.TRANSPORT, "Townville Buses"),
    ("Lucy Chen", "Youth worker", Sector.YOUTH_WORK, "Harbour Sports Trust"),
    ("Omar Ali", "Tram conductor", Sector.TRANSPORT, "Metro Trams"),
    ("Beth Evans", "GP", Sector.HEALTH, "Castle Surgery"),
    ("Rhys Jones", "Social worker", Sector.SOCIAL_CARE, "Townville Council"),
]
PLEDGES = [
    (
        "Ask young people what they need before deciding for them.",
        "I now start every appointment by asking what matters to them.",
    ),
    ("Learn the names of the young people on my route.", ""),
    (
        "Explain why I am asking questions instead of just asking them.",
        "I explain first; fewer arguments at the school gate.",
    ),
]


def _start(days, hour):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _person(n, email_domain="demo.example", organisation=None):
    name, role, sector, org_name = PEOPLE[n % len(PEOPLE)]
    return bookings.Person(
        name=name,
        email=f"{name.split()[0].lower()}.{n}@{email_domain}",
        role=role,
        sector=sector,
        organisation_name=organisation or org_name,
        access_needs="Uses a wheelchair" if n == 2 else "",
        commitment_agreed=True,
    )


def seed_training(*, staff, panel_member_user, kitemark_member_email, kitemark_name, password):
    zara = sessions.create_trainer_account(
        display_name="Zara", username=TRAINER_USERNAME, password=password, actor=None
    )
    maya = sessions.make_trainer(panel_member_user)
    trainers = [zara, maya]

    # The demo is made by no one: its audit records say "System".
    soon = sessions.create_session(
        actor=None,
        starts_at=_start(10, 16),
        venue="Townville Youth Centre, 2 Mill Lane",
        capacity=12,
        accessibility="Step-free entrance, accessible toilet and a hearing loop.",
        supporting_staff=staff,
    )
    bookings.book(soon.pk, [_person(n) for n in range(5)])
    full = sessions.create_session(
        actor=None,
        starts_at=_start(24, 17),
        online_link="https://meet.example.org/working-with-teenagers",
        capacity=3,
        accessibility="Online, with live captions.",
        show_names_to_trainers=True,
        supporting_staff=staff,
    )
    bookings.book(full.pk, [_person(n) for n in range(3, 8)], join_waiting_list=True)
    for session in (soon, full):
        sessions.set_trainers(session.pk, trainers)

    # Two sessions that took place (created as they were, since the services refuse a
    # date in the past): one 100 days ago (follow-ups due), one last week.
    for days_ago, attended_kitemark in ((100, 2), (7, 1)):
        past = TrainingSession.objects.create(
            starts_at=_start(-days_ago, 16),
            venue="Town Hall, Committee Room 1",
            capacity=10,
            accessibility="Lift to the first floor.",
            supporting_staff=staff,
        )
        people = [
            Booking.objects.create(
                session=past,
                status=Booking.Status.CONFIRMED,
                commitment_agreed=True,
                **{
                    k: getattr(_person(n + days_ago), k)
                    for k in (
                        "name",
                        "email",
                        "role",
                        "sector",
                        "organisation_name",
                        "access_needs",
                    )
                },
            )
            for n in range(5)
        ]
        for n in range(attended_kitemark):
            kitemark = bookings.kitemark_organisation(kitemark_member_email, kitemark_name)
            people.append(
                Booking.objects.create(
                    session=past,
                    status=Booking.Status.CONFIRMED,
                    commitment_agreed=True,
                    name=f"Harbour coach {n + 1}",
                    email=f"coach{n + 1}.{days_ago}@harbour.demo",
                    role="Coach",
                    sector=Sector.VOLUNTARY,
                    organisation_name=kitemark_name,
                    organisation=kitemark,
                )
            )
        sessions.set_trainers(past.pk, trainers)
        sessions.record_hours(past.pk, {t.pk: Decimal("3.5") for t in trainers}, actor=None)
        sessions.take_register(
            past.pk,
            {b.pk: ("no_show" if i == 1 else "attended") for i, b in enumerate(people)},
            actor=None,
        )
        attended = [b for i, b in enumerate(people) if i != 1]
        for booking, (pledge, changed) in zip(attended, PLEDGES, strict=False):
            booking.pledge, booking.pledged_at = pledge, timezone.now()
            if days_ago > 90 and changed:
                booking.changed, booking.changed_at = changed, timezone.now()
            booking.save(update_fields=["pledge", "pledged_at", "changed", "changed_at"])
    followups.send_pledge_requests()
    followups.send_follow_ups()
    return zara
