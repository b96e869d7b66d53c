"""One shared world for the permission matrix and the leak checks.

Side "A" is the organisation whose objects the matrix calls "own"; side "B" is
another organisation with the same things, which the matrix calls "other".
Every value that must never leak is distinctive, so a plain substring search
of a page, a PDF or a CSV is a reliable test.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone

from assessments.models import AnswerLink, Status
from assessments.selectors import answers_as_submitted
from certificates.plaques import render_plaque_pdf
from checkins.services.reviews import give as give_review
from panels.models import Score
from recognition.models import ContributionCertificate
from tests.accounts.factories import PanelUserFactory, StaffFactory, UserFactory
from tests.assessments.factories import (
    ApplicationFactory,
    CycleFactory,
    EvidenceFactory,
    SubmissionSnapshotFactory,
    default_level,
)
from tests.audit.factories import AuditEventFactory
from tests.certificates.factories import AwardFactory, PlaqueFactory
from tests.checkins.factories import review_of, sent_checkin
from tests.jobs.factories import JobFactory
from tests.organisations.factories import InvitationFactory, MembershipFactory, OrganisationFactory
from tests.panels.factories import (
    FinalisationFactory,
    InterviewFactory,
    OrganisationActionFactory,
    PanelFactory,
    PanelMemberFactory,
    PanelSeatFactory,
    agree_all,
    open_round,
)

# The individual scores two members gave on the result application, and the agreed one.
LOW_SCORE, HIGH_SCORE, AGREED_SCORE = 1, 4, 3


@dataclass
class Side:
    key: str
    organisation: object
    draft_organisation: object
    org_user: object
    draft: object  # a draft application (of draft_organisation), answers editable
    scoring: object  # interview scheduled, panel seated, scoring open
    result: object  # awarded, outcome confirmed, feedback and an award with a plaque
    evidence: object
    link: object
    invitation: object
    members: list  # the panel members seated on this side's panels
    facilitator: object
    award: object
    plaque: object
    interview: object
    cycle: object
    job: object
    audit_event: object
    indicator_code: str = ""
    snapshot: object = None  # a submission received of `scoring`
    secrets: dict = field(default_factory=dict)
    training_session: object = None  # upcoming, with a booking offered a freed place
    training_offer: object = None
    training_attendee: object = None  # attended a past session
    young_trainer: object = None  # a training.Trainer who is not on the panel
    checkin: object = None  # a sent check-in of `award`, the side's members asked to review
    review: object = None  # the first member's review of it: "we have questions"
    certificate: object = None  # the first member's certificate of contribution (rendered)


@dataclass
class World:
    a: Side
    b: Side
    users: dict  # role -> User (None for anonymous)

    def side(self, variant):
        return self.a if variant == "own" else self.b


def _answers(application, text):
    from assessments.models import Answer

    answers = []
    for indicator in application.level.indicators.order_by("order"):
        answers.append(
            Answer.objects.create(
                application=application,
                indicator=indicator,
                text=f"{text} for {indicator.code}",
                self_rating=3,
            )
        )
    return answers


def _panel(application, members, facilitator):
    panel = PanelFactory(application=application, facilitator=facilitator)
    for member in members:
        PanelSeatFactory(panel=panel, member=member)
    return panel


def build_side(key, *, cycle, facilitator, panel_user=None):
    """key is "a" or "b"; names use a distinctive token per side."""
    token = {"a": "Aardvark", "b": "Beacon"}[key]
    organisation = OrganisationFactory(
        name=f"{token} Zq Youth Trust",
        contact_name=f"{token} Contactperson",
        contact_email=f"{token.lower()}.contact@{token.lower()}-org.example",
        contact_phone="07700 900111" if key == "a" else "07700 900222",
        # Off the public register, so its name may appear nowhere another organisation looks.
        listed_in_register=False,
    )
    draft_organisation = OrganisationFactory(name=f"{token} Zq Second Hub")
    org_user = UserFactory(
        email=f"{token.lower()}.orguser@{token.lower()}-org.example",
        full_name=f"{token} Orguserson",
    )
    MembershipFactory(organisation=organisation, user=org_user)
    MembershipFactory(organisation=draft_organisation, user=org_user)

    members = []
    for first, surname in (
        (f"{token[0]}maya", f"{token}Zqxsurname"),
        (f"{token[0]}leo", f"{token}Qwxsurname"),
    ):
        user = panel_user if (panel_user is not None and not members) else None
        if user is None:
            user = PanelUserFactory(
                full_name=f"{first} {surname}",
                username=f"{first.lower()}-{key}-zqlogin",
                email=f"{first.lower()}.{key}.private@young.example",
            )
        members.append(PanelMemberFactory(user=user, display_name=first))

    level = default_level("silver")
    secret_answer = f"{token.upper()}-SECRET-ANSWER"
    # Draft (second organisation of the same user: one live application per organisation).
    draft = ApplicationFactory(organisation=draft_organisation, cycle=cycle, level=level)
    draft_answers = _answers(draft, f"{secret_answer} draft")
    link = AnswerLink.objects.create(
        answer=draft_answers[0], url=f"https://{token.lower()}.example/forum", title="Forum"
    )
    # Scoring: interview booked, panel seated, one member part-way through scoring.
    scoring = ApplicationFactory(
        organisation=organisation, cycle=cycle, level=level, status=Status.INTERVIEW_SCHEDULED
    )
    scoring_answers = _answers(scoring, secret_answer)
    evidence = EvidenceFactory(
        organisation=organisation,
        original_name=f"{token.lower()}-secret-evidence.pdf",
        uploaded_by=org_user,
    )
    scoring_answers[0].evidence.add(evidence)
    draft_evidence = EvidenceFactory(
        organisation=draft_organisation, original_name=f"{token.lower()}-draft-evidence.pdf"
    )
    draft_answers[0].evidence.add(draft_evidence)
    _panel(scoring, members, facilitator)
    interview = InterviewFactory(application=scoring)
    # The facilitator started the interview early and both young people are here.
    open_round(scoring, scoring.panel, members)
    first_indicator = scoring.level.indicators.order_by("order").first()
    Score.objects.create(
        member=members[0],
        application=scoring,
        indicator=first_indicator,
        value=2,
        client_updated_at=timezone.now(),
    )
    # Result: awarded and confirmed; members scored 1 and 4, the panel agreed 3.
    result = ApplicationFactory(
        organisation=organisation,
        cycle=cycle,
        level=level,
        status=Status.AWARDED,
        total=48,
        proposed_outcome="awarded",
        outcome_confirmed_at=timezone.now(),
    )
    _answers(result, f"{secret_answer} result")
    _panel(result, members, facilitator)
    InterviewFactory(application=result, starts_at=timezone.now() - datetime.timedelta(days=20))
    for member, value in zip(members, (LOW_SCORE, HIGH_SCORE), strict=True):
        for indicator in result.level.indicators.all():
            Score.objects.create(
                member=member,
                application=result,
                indicator=indicator,
                value=value,
                client_updated_at=timezone.now(),
            )
    agreed = agree_all(result, [AGREED_SCORE] * 16, actor=facilitator)
    FinalisationFactory(
        application=result,
        total=48,
        finalised_by=facilitator,
        confirmed_by=facilitator,
        confirmed_at=timezone.now(),
    )
    OrganisationActionFactory(
        agreed_score=agreed[0], text=f"{token} action we took", created_by=org_user
    )
    award = AwardFactory(application=result)
    plaque = PlaqueFactory(
        award=award,
        file__data=render_plaque_pdf(award),
        file__filename="plaque.pdf",
    )
    invitation = InvitationFactory(
        organisation=organisation,
        invited_by=org_user,
        email=f"{token.lower()}.invitee@{token.lower()}-org.example",
    )
    side = Side(
        key=key,
        organisation=organisation,
        draft_organisation=draft_organisation,
        org_user=org_user,
        draft=draft,
        scoring=scoring,
        result=result,
        evidence=evidence,
        link=link,
        invitation=invitation,
        members=members,
        facilitator=facilitator,
        award=award,
        plaque=plaque,
        interview=interview,
        cycle=cycle,
        job=JobFactory(kind="email", key=f"quality-{key}"),
        audit_event=AuditEventFactory(summary=f"Refused GET /staff/{key}/"),
        indicator_code=first_indicator.code,
        snapshot=SubmissionSnapshotFactory(
            application=scoring, answers=answers_as_submitted(scoring)
        ),
    )
    _training(side, token)
    side.checkin = sent_checkin(award, actor=org_user)
    side.review = give_review(
        review_of(side.checkin, members[0]),
        verdict="questions",
        comment=f"{token} reviewer comment",
        questions=f"{token} reviewer question?",
        member=members[0],
    )
    side.certificate = ContributionCertificate.objects.create(
        person=members[0].user,
        credential=f"{token}.contribution.credential",
        period_from=datetime.date(2026, 1, 1),
        period_to=timezone.localdate(),
    )
    side.certificate.file.save("certificate.pdf", ContentFile(b"%PDF-1.7 certificate"))
    side.secrets = {
        "organisation name": organisation.name,
        "second organisation name": draft_organisation.name,
        "answer text": secret_answer,
        "evidence file name": evidence.original_name,
        "draft evidence file name": draft_evidence.original_name,
        "contact email": organisation.contact_email,
        "contact phone": organisation.contact_phone,
        "contact name": organisation.contact_name,
        "org user email": org_user.email,
        "org user name": org_user.full_name,
        "action text": f"{token} action we took",
        "invitee email": invitation.email,
        "certificate number": award.certificate_number,
    }
    return side


def _training(side, token):
    from tests.training.factories import BookingFactory, TrainingSessionFactory
    from training.services.sessions import create_trainer_account

    side.training_session = TrainingSessionFactory(capacity=1)
    side.training_offer = BookingFactory(
        session=side.training_session,
        name=f"{token} Trainingbooker",
        status="offered",
        offer_expires_at=timezone.now() + datetime.timedelta(hours=40),
    )
    side.training_attendee = BookingFactory(
        session=TrainingSessionFactory(starts_at=timezone.now() - datetime.timedelta(days=2)),
        name=f"{token} Trainingattendee",
        attendance="attended",
        pledge="Listen first",
        pledged_at=timezone.now(),
    )
    # A young trainer who is not on the panel.
    side.young_trainer = create_trainer_account(
        display_name=f"{token} Trainer",
        username=f"{side.key}-trainer-zqlogin",
        password="a long password 123",
        actor=None,
    )


def build_world():
    cycle = CycleFactory(name="Spring Zq round")
    other_cycle = CycleFactory(name="Autumn Zq round")
    staff = StaffFactory(email="sam.staff@council.example", full_name="Sam Staffperson")
    other_facilitator = StaffFactory(email="fay.fac@council.example", full_name="Fay Facil")
    superuser = UserFactory(
        role="staff",
        is_superuser=True,
        is_staff=True,
        email="root@council.example",
        full_name="Ruth Superuser",
    )
    a = build_side("a", cycle=cycle, facilitator=staff)
    b = build_side("b", cycle=other_cycle, facilitator=other_facilitator)
    outsider = PanelMemberFactory(
        display_name="Omar",
        user=PanelUserFactory(full_name="Omar Outsiderzq", username="omar-zqlogin"),
    )
    users = {
        "anonymous": None,
        "organisation": a.org_user,
        "other_organisation": b.org_user,
        "panel_assigned": a.members[0].user,
        "panel_unassigned": outsider.user,
        "staff": staff,
        "superuser": superuser,
    }
    return World(a=a, b=b, users=users)
