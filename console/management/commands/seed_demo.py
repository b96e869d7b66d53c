"""Demo data for the embedded defaults: `python manage.py seed_demo`.

Idempotent: everything is created in one transaction, and a second run finds the
demo staff account and changes nothing. Each stage is reached through the same
service functions the pages use, so the demo exercises the real rules. It lives with the
staff console because, like the console, it drives every domain app.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessments.models import Cycle, Element, FrameworkVersion, Status
from assessments.outcomes import INDICATORS_PER_LEVEL
from assessments.services import applications
from certificates.models import Award
from checkins.models import Review
from checkins.services import checkins, reviews
from console.training_demo import TRAINER_USERNAME, seed_training
from organisations.models import Membership, Organisation
from panels import agreement, selectors
from panels.services import (
    assignment,
    consensus,
    interviews,
    members,
    results,
    scoring,
    sittings,
)
from recognition import selectors as recognition
from recognition.services import records
from scheme.services.demo import install_demo_settings

DEMO_PASSWORD = "kitemark-demo-2026"  # noqa: S105 - printed on purpose for the demo
STAFF_EMAIL = "staff@kitemark.demo"

# What a demo young person says about an indicator they scored 0–4, in their own words.
DEMO_COMMENTS = {
    0: "We could not find young people in this.",
    1: "Young people are asked sometimes, but nothing changes.",
    2: "Young people help, but we want to see what changed.",
    3: "Young people help with this and are told what changed.",
    4: "Young people lead this. Brilliant.",
}


class Command(BaseCommand):
    help = "Create demo cycle, organisations at several stages, a panel and staff. Safe to re-run."

    def handle(self, *args, **options):
        if User.objects.filter(email=STAFF_EMAIL).exists():
            self.stdout.write("Demo data is already there; nothing changed.")
        else:
            with transaction.atomic():
                self._seed()
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        self._print_logins()

    # -- creation ---------------------------------------------------------------

    def _user(self, email=None, name="", role=User.Role.ORGANISATION, username=None, **extra):
        user = User(email=email, username=username, full_name=name, role=role, **extra)
        user.email_verified = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user

    def _seed(self):
        today = timezone.localdate()
        # The council's name, logo and signatory first: the demo's plaques carry them.
        install_demo_settings()
        staff = self._user(STAFF_EMAIL, "Priya Shah", User.Role.STAFF)
        self._user(
            "admin@kitemark.demo", "Site Admin", User.Role.STAFF, is_superuser=True, is_staff=True
        )
        Cycle.objects.create(
            name=f"Kitemark round {today.year}-{(today.year + 1) % 100:02d}",
            opens_on=today - datetime.timedelta(days=30),
            submission_deadline=today + datetime.timedelta(days=60),
            interview_window_start=today - datetime.timedelta(days=20),
            interview_window_end=today + datetime.timedelta(days=120),
            notes="Demo cycle created by seed_demo.",
        )
        maya = members.create_panel_member(
            display_name="Maya",
            group="Youth Cabinet",
            supervisor=staff,
            created_by=staff,
            username="maya",
            password=DEMO_PASSWORD,
        )
        leo = members.create_panel_member(
            display_name="Leo",
            group="Youth Council",
            supervisor=staff,
            created_by=staff,
            username="leo",
            password=DEMO_PASSWORD,
        )
        levels = {lvl.code: lvl for lvl in FrameworkVersion.objects.current().levels.all()}

        self.org_user = self._user("org@kitemark.demo", "Chris Taylor")
        drafting = self._organisation("Riverside Youth Club", "youth_club", self.org_user)
        draft = self._start(drafting, levels["silver"], self.org_user)
        self._answer(draft, count=6, rating=2)

        submitted = self._organisation(
            "Northgate Academy", "school", self._user("head@northgate.demo", "Sam Patel")
        )
        app = self._start(submitted, levels["bronze"])
        self._answer(app, rating=3)
        self._submit(app)

        scheduled = self._organisation(
            "Hillside Health Centre", "health", self._user("lead@hillside.demo", "Jo Evans")
        )
        app = self._start(scheduled, levels["silver"])
        self._answer(app, rating=3)
        self._submit(app)
        self._assign_and_schedule(app, [maya, leo], staff, days_ahead=10)

        resubmit = self._organisation(
            "Canal Street Youth Theatre", "charity", self._user("director@canal.demo", "Ali Khan")
        )
        app = self._start(resubmit, levels["silver"])
        self._answer(app, rating=3)
        self._submit(app)
        self._assign_and_schedule(app, [maya, leo], staff, days_ahead=3)
        # Both young people give 2 on the first four indicators and 3 elsewhere: 44, and the
        # four flagged 2s could add 8 (at least the 4 that 48 needs).
        low_start = [2] * 4 + [3] * 12
        self._score_and_confirm(
            app, [maya, leo], staff, scores=[low_start, low_start], flagged=range(4)
        )

        awarded = self._organisation(
            "Harbour Sports Trust", "sports", self._user("coach@harbour.demo", "Kim Lee")
        )
        app = self._start(awarded, levels["bronze"])
        self._answer(app, rating=3)
        self._submit(app)
        self._assign_and_schedule(app, [maya, leo], staff, days_ahead=5)
        # Maya gives 4 on the first five indicators, Leo on the first six: the medians are
        # 4 × 5, then 3.5 (the panel picks 3), then 3 × 10 = 53.
        self._score_and_confirm(
            app, [maya, leo], staff, scores=[[4] * 5 + [3] * 11, [4] * 6 + [3] * 10]
        )
        self.awarded_application = app
        assert app.status == Status.AWARDED
        seed_training(
            staff=staff,
            panel_member_user=maya.user,
            kitemark_member_email="coach@harbour.demo",
            kitemark_name="Harbour Sports Trust",
            password=DEMO_PASSWORD,
        )
        self._check_in(app.award, awarded, maya, leo, staff)

    def _check_in(self, award, organisation, maya, leo, staff):
        """The award's first check-in, sent early; Maya says on track, Leo asks a question
        the organisation answers. Maya also has time staff added (a training session)."""
        writer = organisation.memberships.first().user
        checkin = checkins.draft_for(award, 1, actor=writer)
        checkins.save(
            checkin,
            elements={
                element: (f"Young people planned our {label.lower()} work with us.", "")
                for element, label in Element.choices
            },
            you_said=[("voice", "Sessions after school", "We moved training to 5pm")],
            lead_contact_change="",
            evidence=[],
            actor=writer,
        )
        checkins.send(checkin, actor=writer)
        reviews.give(
            Review.objects.get(checkin=checkin, member=maya),
            verdict="on_track",
            comment="They did what we asked.",
            questions="",
            member=maya,
        )
        leo_review = reviews.give(
            Review.objects.get(checkin=checkin, member=leo),
            verdict="questions",
            comment="",
            questions="Who chose the new times?",
            member=leo,
        )
        reviews.answer(leo_review, "The young people's forum voted on them.", actor=writer)
        records.add_time(
            recognition.young_person(maya.user_id),
            hours=2,
            what="Training session",
            on=timezone.localdate(),
            actor=staff,
        )

    def _organisation(self, name, type_, user):
        organisation = Organisation.objects.create(
            name=name,
            type=type_,
            address="1 Demo Street\nTownville",
            postcode="TN1 1AA",
            contact_name=user.full_name,
            contact_email=user.email,
            age_from=11,
            age_to=19,
            young_people_per_year=300,
        )
        Membership.objects.create(organisation=organisation, user=user)
        organisation.demo_user = user
        return organisation

    def _start(self, organisation, level, user=None):
        return applications.start_application(organisation, level, user or organisation.demo_user)

    def _answer(self, application, count=INDICATORS_PER_LEVEL, rating=3):
        for answer in application.answers.select_related("indicator").order_by("indicator__order")[
            :count
        ]:
            answer.text = (
                f"Young people help us with this. For {answer.indicator.title.lower()}, "
                "our youth forum meets every month and tells us what to change."
            )
            answer.self_rating = rating
            answer.save(update_fields=["text", "self_rating", "updated_at"])

    def _submit(self, application):
        applications.submit(application, application.organisation.demo_user)
        application.refresh_from_db()

    def _assign_and_schedule(self, application, young_people, staff, days_ahead):
        assignment.assign_panel(application, members=young_people, facilitator=staff, actor=staff)
        application.refresh_from_db()
        starts = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
        interviews.schedule_interview(
            application,
            starts_at=starts + datetime.timedelta(days=days_ahead),
            duration_minutes=60,
            venue="Council House, Committee Room 2",
            video_link="",
            actor=staff,
        )
        application.refresh_from_db()

    def _score_and_confirm(self, application, young_people, staff, scores, flagged=()):
        """The panel's rules end to end: the facilitator starts the interview (early: it is
        booked for later) and records who is here; each young person scores every indicator
        with a comment (`scores`: one list of 16 per young person) and sends them; the
        agreed score is the median of their scores (the lower whole number when it falls
        between two), with the feedback written from their comments; each confirms the
        sheet; the facilitator finalises and staff confirm the outcome."""
        indicators = list(application.level.indicators.order_by("order"))
        sittings.start_round(application, actor=staff)
        for member in young_people:
            sittings.record_attendance(application, member, present=True, actor=staff)
        for member, own in zip(young_people, scores, strict=True):
            for indicator, value in zip(indicators, own, strict=True):
                scoring.save_score(
                    member, application, indicator.pk, value, comment=DEMO_COMMENTS[value]
                )
            scoring.submit_scores(member, application)
        for position, indicator in enumerate(indicators):
            given = [own[position] for own in scores]
            agreed = agreement.median_choices(given)[0]
            comments = dict.fromkeys(DEMO_COMMENTS[value] for value in given)
            consensus.save_agreed_score(
                application,
                indicator.pk,
                value=agreed,
                feedback=" ".join(comments),
                needs_more_evidence=position in flagged,
                actor=staff,
            )
        sheet = selectors.sheet_fingerprint(application)
        for member in young_people:
            consensus.confirm_sheet(application, member, sheet=sheet, actor=member.user)
        consensus.finalise(application, actor=staff)
        application.refresh_from_db()
        results.confirm_outcome(application, actor=staff)
        application.refresh_from_db()

    # -- output -----------------------------------------------------------------

    def _print_logins(self):
        site = settings.SITE_URL
        lines = [
            "",
            f"Demo logins (password for all: {DEMO_PASSWORD}) at {site}/accounts/login/",
            f"  participation staff : {STAFF_EMAIL}",
            "  superuser (admin)   : admin@kitemark.demo",
            "  organisation user   : org@kitemark.demo (Riverside Youth Club, draft)",
            "  other organisations : head@northgate.demo, lead@hillside.demo,",
            "                        director@canal.demo, coach@harbour.demo",
            "  panel members       : maya, leo (usernames; no email)",
            f"  young trainer       : {TRAINER_USERNAME} (username; Working with Teenagers)",
        ]
        award = Award.objects.order_by("pk").first()
        if award is not None:
            lines.append(f"  current award       : {site}/verify/{award.verification_code}/")
        self.stdout.write("\n".join(lines))
