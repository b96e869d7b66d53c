"""Every URL pattern of the site, how to fill in its arguments from a seeded world, and
which pages each role can open. Shared by the axe crawl (test_axe_all_pages.py).

Default deny: a URL pattern with no entry in ARGS fails the crawl-completeness test, and
so does a page a role can open (200 on GET) that is neither CHECKED for that role nor
EXCLUDED (with a reason) because it is not an HTML page.
"""

import datetime
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from assessments.models import Answer, AnswerLink, Status
from assessments.selectors import answers_as_submitted
from checkins.services import reviews
from panels.models import AgreedScore, Finalisation, OrganisationAction, Score
from recognition.models import AddedTime
from scheme.services.demo import install_demo_settings
from tests.accounts.factories import StaffFactory, UserFactory
from tests.assessments.factories import (
    ApplicationFactory,
    CycleFactory,
    EvidenceFactory,
    SubmissionSnapshotFactory,
    answer_all,
)
from tests.audit.factories import AuditEventFactory
from tests.certificates.factories import AwardFactory, PlaqueFactory
from tests.checkins.factories import review_of, sent_checkin
from tests.jobs.factories import JobFactory
from tests.organisations.factories import InvitationFactory, OrganisationFactory, member_of
from tests.panels.factories import (
    ConflictFactory,
    InterviewFactory,
    PanelFactory,
    PanelMemberFactory,
    PanelSeatFactory,
    PrivateNoteFactory,
    ScoreFactory,
    agree_all,
    open_round,
)

ROLES = ("anonymous", "organisation", "panel", "staff")

# Not HTML pages, or not reachable by GET: axe has nothing to check.
EXCLUDED = {
    "health": "plain-text health check for the load balancer",
    "operations:metrics": "Prometheus text for the metrics scraper, behind a token",
    "accounts:logout": "POST only (GET answers 405)",
    "organisations:switch": "POST only: the switcher form on the dashboard",
    "assessments:resolve_conflict": "POST only: buttons on the answer page",
    "assessments:add_link": "POST only (htmx): form on the answer page",
    "assessments:remove_link": "POST only (htmx): button on the answer page",
    "assessments:pdf": "PDF download of the application",
    "assessments:evidence_download": "evidence file download (PDF, images, documents)",
    "console:staff_retry_job": "POST only: button on the staff dashboard",
    "console:staff_report_csv": "CSV download",
    "panels:save_note": "POST only (htmx): notes form on the reader page",
    "panels:score_save": "POST only (JSON from scoring.js)",
    "panels:reveal": "POST only: button on the consensus page",
    "console:staff_member_reactivate": "POST only: button on the panel members page",
    "console:staff_member_export": "JSON download of a panel member's data",
    "certificates:badge": "SVG badge image",
    "certificates:plaque": "PDF plaque download",
    "console:staff_plaque": "PDF plaque download (staff)",
    "console:celebration_export": "CSV download",
    "console:celebration_programme": "PDF download",
    "training:calendar": "iCalendar feed (.ics)",
    "console:training_register_csv": "CSV download",
    "console:training_session_team": "POST only: the team form on the session page",
    "console:training_session_hours": "POST only: the hours form on the session page",
    "credentials:credential": "JSON: an award's signed Open Badges credential",
    "credentials:issuer": "JSON: the issuer profile",
    "credentials:key": "JSON: a public key (JWK)",
    "credentials:status_list": "VC-JWT: the signed status list",
    "api_v1:api-root": "no page at /api/ itself (404); the docs are api:docs",
    "api_v1:openapi-json": "JSON: the OpenAPI document",
    "api_v1:register_awards": "JSON API",
    "api_v1:issuer": "JSON API",
    "api_v1:staff_awards": "JSON API (token only)",
    "api_v1:staff_applications": "JSON API (token only)",
    "certificates:plaque_print": "PDF plaque download (print-ready, with bleed)",
    "scheme:logo": "the council's logo (PNG or SVG image)",
    "scheme:brand_css": "stylesheet carrying the brand colour",
    "checkins:org_answer": "POST only: the answer form on the check-in page",
    "checkins:staff_close_worry": "POST only: the form on the staff check-in page",
    "panels:notice_emails": "POST only: the email button on the panel dashboard",
    "recognition:my_certificate": "POST only: the button on the young person's record",
    "recognition:my_certificate_download": "PDF certificate of contribution",
    "recognition:staff_certificate_download": "PDF certificate of contribution (staff)",
    "recognition:my_credential_download": "JSON download: the certificate as a digital badge",
    "recognition:staff_credential_download": "JSON download: the certificate as a badge (staff)",
    "recognition:staff_records_csv": "CSV download",
}
# Whole namespaces left out, with the reason.
EXCLUDED_NAMESPACES = {
    "admin": "Django's own admin site: superusers only, not part of the service's pages",
}


@dataclass
class World:
    staff: object
    other_staff: object
    cycle: object
    org: object
    org_user: object
    invitation: object
    evidence: object
    draft: object
    awarded: object
    award: object
    scoring: object
    scored: object
    agreeing: object  # every score sent and agreed (one outside the range), not confirmed
    submitted: object
    sent_first: object  # the submitted application's first submission (it was returned)
    member: object
    other_member: object
    audit_event: object
    job: object
    training: dict = None  # Working with Teenagers: a session, an offered place, an attendee,
    # and a young trainer who is not on the panel
    checkin: object = None  # the award's sent check-in: a question, a worry, one to review

    def user(self, role):
        return {
            "anonymous": None,
            "organisation": self.org_user,
            "panel": self.member.user,
            "staff": self.staff,
        }[role]


def seed_world():
    """A populated site: one organisation with a draft and an awarded application, one
    application being scored by a panel of two, and one waiting for staff to confirm."""
    # The council's settings, logo and signature, so every page's header and footer
    # are checked as a council shows them.
    install_demo_settings()
    staff = StaffFactory(full_name="Sam Staff", email="sam.staff@council.example.org")
    other_staff = StaffFactory(full_name="Robin Supervisor")
    past = CycleFactory(
        name="Autumn 2025",
        opens_on=timezone.localdate() - datetime.timedelta(days=200),
        submission_deadline=timezone.localdate() - datetime.timedelta(days=150),
        interview_window_start=timezone.localdate() - datetime.timedelta(days=140),
        interview_window_end=timezone.localdate() - datetime.timedelta(days=100),
    )
    cycle = CycleFactory(name="Spring 2026")
    member = PanelMemberFactory(display_name="Aisha", supervisor=staff)
    other_member = PanelMemberFactory(display_name="Ben", supervisor=other_staff)

    # The organisation user's own organisation.
    org = OrganisationFactory(name="Riverside Youth Club")
    org_user = member_of(org, full_name="Priya Shah")
    member_of(org, full_name="Tom Green")
    invitation = InvitationFactory(organisation=org, email="new.colleague@example.org")
    evidence = EvidenceFactory(organisation=org, original_name="Forum minutes.pdf")
    EvidenceFactory(organisation=org, original_name="Youth board photo.png")
    draft = ApplicationFactory(organisation=org, cycle=cycle, status=Status.DRAFT)
    answers = answer_all(draft)
    answers[0].evidence.add(evidence)
    AnswerLink.objects.create(answer=answers[0], url="https://example.org/forum", title="Forum")
    Answer.objects.filter(pk=answers[-1].pk).update(text="", self_rating=None)

    awarded = ApplicationFactory(
        organisation=org,
        cycle=past,
        status=Status.AWARDED,
        total=50,
        proposed_outcome="awarded",
        outcome_confirmed_at=timezone.now(),
    )
    answer_all(awarded)
    panel = PanelFactory(application=awarded, facilitator=staff)
    PanelSeatFactory(panel=panel, member=member)
    PanelSeatFactory(panel=panel, member=other_member)
    agreed = agree_all(awarded, [4, 4] + [3] * 14, actor=staff)
    OrganisationAction.objects.create(
        agreed_score=agreed[0], text="We now pay young people for their time."
    )
    Finalisation.objects.create(
        application=awarded,
        round=1,
        total=50,
        outcome="awarded",
        finalised_by=staff,
        confirmed_by=staff,
        confirmed_at=timezone.now(),
    )
    award = AwardFactory(application=awarded)
    PlaqueFactory(award=award)

    # An application the panel is scoring now.
    scoring_org = OrganisationFactory(name="Hilltop Sports Club")
    member_of(scoring_org)
    scoring = ApplicationFactory(
        organisation=scoring_org, cycle=cycle, status=Status.INTERVIEW_SCHEDULED
    )
    answer_all(scoring)
    panel = PanelFactory(application=scoring, facilitator=staff)
    PanelSeatFactory(panel=panel, member=member)
    PanelSeatFactory(panel=panel, member=other_member)
    InterviewFactory(application=scoring)
    indicators = list(scoring.level.indicators.order_by("order"))
    for indicator in indicators[:5]:
        ScoreFactory(member=member, application=scoring, indicator=indicator, value=3)
        ScoreFactory(member=other_member, application=scoring, indicator=indicator, value=2)
    PrivateNoteFactory(member=member, application=scoring, indicator=indicators[0])

    # An application finalised by the panel, waiting for staff to confirm.
    scored_org = OrganisationFactory(name="Lowfield Library")
    scored = ApplicationFactory(
        organisation=scored_org,
        cycle=cycle,
        status=Status.SCORED,
        total=44,
        proposed_outcome="resubmission",
    )
    answer_all(scored)
    panel = PanelFactory(application=scored, facilitator=staff)
    PanelSeatFactory(panel=panel, member=other_member)
    InterviewFactory(application=scored)
    open_round(scored, panel, [other_member])
    agree_all(scored, [3] * 12 + [2] * 4, flagged=(12, 13), actor=staff)
    # Staff see a divergence: the young person gave 4 where the panel agreed 3, with a reason.
    first_scored = scored.level.indicators.order_by("order").first()
    Score.objects.filter(application=scored, indicator=first_scored).update(value=4)
    AgreedScore.objects.filter(application=scored, indicator=first_scored).update(
        outside_range_reason="The minutes showed one meeting"
    )
    Finalisation.objects.create(
        application=scored, round=1, total=44, outcome="resubmission", finalised_by=staff
    )
    ApplicationFactory(organisation=scored_org, cycle=past, status=Status.WITHDRAWN)

    # An application whose sheet is agreed and waits for the young people to confirm:
    # the middle scores ("2 or 3"), one agreed score outside their range with a reason.
    agreeing = ApplicationFactory(
        organisation=OrganisationFactory(name="Brookside Arts Centre"),
        cycle=cycle,
        status=Status.INTERVIEW_SCHEDULED,
    )
    answer_all(agreeing)
    panel = PanelFactory(application=agreeing, facilitator=staff, scores_revealed=True)
    PanelSeatFactory(panel=panel, member=member)
    PanelSeatFactory(panel=panel, member=other_member)
    InterviewFactory(application=agreeing)
    open_round(agreeing, panel, [member, other_member])
    agree_all(agreeing, [3] * 16, actor=staff, confirmed=False)
    first_agreeing = agreeing.level.indicators.order_by("order").first()
    Score.objects.filter(application=agreeing, member=other_member).update(value=2)
    AgreedScore.objects.filter(application=agreeing, indicator=first_agreeing).update(
        value=4, outside_range_reason="Their video showed more"
    )

    # A submitted application waiting for staff to check it.
    submitted = ApplicationFactory(
        organisation=OrganisationFactory(name="Meadow Primary School"),
        cycle=cycle,
        status=Status.SUBMITTED,
    )
    answer_all(submitted)
    # It was returned once: the first submission said less than the second.
    sent = answers_as_submitted(submitted)
    earlier = [{**answer, "text": "We meet young people.", "links": []} for answer in sent]
    sent_first = SubmissionSnapshotFactory(
        application=submitted,
        answers=earlier,
        created_at=timezone.now() - datetime.timedelta(days=20),
    )
    SubmissionSnapshotFactory(application=submitted, answers=sent)

    # The award's first check-in, sent: Aisha has still to review it, Ben asked a question
    # the organisation has to answer, and Cara is worried (staff see it in the pipeline).
    checkin = sent_checkin(award, actor=org_user)
    for reviewer in (member, other_member):
        reviews.ask(checkin, reviewer, actor=staff)
    reviews.give(
        review_of(checkin, other_member),
        verdict="questions",
        comment="Good to hear about the forum.",
        questions="Who runs the forum now?",
        member=other_member,
    )
    cara = PanelMemberFactory(display_name="Cara", supervisor=staff)
    reviews.ask(checkin, cara, actor=staff)
    reviews.give(
        review_of(checkin, cara),
        verdict="worried",
        comment="Nothing new for young people.",
        questions="",
        member=cara,
    )
    AddedTime.objects.create(
        person=member.user, hours=2, what="Training session", on=timezone.localdate()
    )

    ConflictFactory(member=member, organisation=scored_org)
    audit_event = AuditEventFactory(summary="Refused GET /staff/")
    job = JobFactory()
    training = _seed_training(member)
    return World(
        training=training,
        staff=staff,
        other_staff=other_staff,
        cycle=cycle,
        org=org,
        org_user=org_user,
        invitation=invitation,
        evidence=evidence,
        draft=draft,
        awarded=awarded,
        award=award,
        scoring=scoring,
        scored=scored,
        agreeing=agreeing,
        submitted=submitted,
        sent_first=sent_first,
        member=member,
        other_member=other_member,
        audit_event=audit_event,
        job=job,
        checkin=checkin,
    )


def _seed_training(member):
    from tests.training.factories import BookingFactory, TrainingSessionFactory
    from training.services import sessions

    session = TrainingSessionFactory(capacity=2)
    BookingFactory(session=session, access_needs="Needs large print handouts")
    offer = BookingFactory(
        session=session,
        status="offered",
        offer_expires_at=timezone.now() + datetime.timedelta(hours=40),
    )
    BookingFactory(session=session, status="waiting")
    trainer = sessions.create_trainer_account(
        display_name="Kit", username="kit-trainer", password="a long password 123", actor=None
    )
    sessions.set_trainers(session.pk, [sessions.make_trainer(member.user), trainer])
    attendee = BookingFactory(
        session=TrainingSessionFactory(starts_at=timezone.now() - datetime.timedelta(days=2)),
        attendance="attended",
        pledge="Listen before I decide",
        pledged_at=timezone.now(),
    )
    return {"session": session, "offer": offer, "attendee": attendee, "trainer": trainer}


def _token(booking, purpose):
    from training.links import token

    return token(booking, purpose)


def _first_code(application):
    return application.level.indicators.order_by("order").first().code


def _report_slug():
    from console.reports import REPORTS

    return next(iter(REPORTS))


# How to fill in each pattern's arguments from the world, for a role.
ARGS = {
    "health": lambda w, r: {},
    "operations:metrics": lambda w, r: {},
    "accounts:home": lambda w, r: {},
    "accounts:login": lambda w, r: {},
    "accounts:logout": lambda w, r: {},
    "accounts:signup": lambda w, r: {},
    "accounts:verify_email": lambda w, r: {"uidb64": "MQ", "token": "not-a-real-token"},
    "accounts:password_reset": lambda w, r: {},
    "accounts:password_reset_done": lambda w, r: {},
    "accounts:password_reset_confirm": lambda w, r: {"uidb64": "MQ", "token": "set-password"},
    "accounts:password_reset_complete": lambda w, r: {},
    "accounts:password_change": lambda w, r: {},
    "accounts:password_change_done": lambda w, r: {},
    "accounts:sso_start": lambda w, r: {},
    "accounts:sso_callback": lambda w, r: {},
    "accounts:two_factor_setup": lambda w, r: {},
    "accounts:two_factor_verify": lambda w, r: {},
    "accounts:two_factor_backup_codes": lambda w, r: {},
    "console:staff_two_factor": lambda w, r: {},
    "console:staff_two_factor_reset": lambda w, r: {"pk": w.other_staff.pk},
    "portal:dashboard": lambda w, r: {},
    "organisations:switch": lambda w, r: {},
    "organisations:register": lambda w, r: {},
    "organisations:detail": lambda w, r: {"pk": w.org.pk},
    "organisations:edit": lambda w, r: {"pk": w.org.pk},
    "organisations:members": lambda w, r: {"pk": w.org.pk},
    "organisations:invite": lambda w, r: {"pk": w.org.pk},
    "organisations:cancel_invitation": lambda w, r: {
        "pk": w.org.pk,
        "invitation_pk": w.invitation.pk,
    },
    "organisations:leave": lambda w, r: {"pk": w.org.pk},
    "organisations:invitation": lambda w, r: {"token": w.invitation.token},
    "assessments:start": lambda w, r: {"org_pk": w.org.pk},
    "assessments:detail": lambda w, r: {"pk": w.draft.pk},
    "assessments:answer": lambda w, r: {"pk": w.draft.pk, "code": _first_code(w.draft)},
    "assessments:resolve_conflict": lambda w, r: {"pk": w.draft.pk, "code": _first_code(w.draft)},
    "assessments:add_link": lambda w, r: {"pk": w.draft.pk, "code": _first_code(w.draft)},
    "assessments:remove_link": lambda w, r: {
        "pk": w.draft.pk,
        "code": _first_code(w.draft),
        "link_pk": AnswerLink.objects.filter(answer__application=w.draft).first().pk,
    },
    "assessments:submit": lambda w, r: {"pk": w.draft.pk},
    "assessments:withdraw": lambda w, r: {"pk": w.draft.pk},
    "assessments:pdf": lambda w, r: {"pk": w.draft.pk},
    "assessments:evidence_library": lambda w, r: {"org_pk": w.org.pk},
    "assessments:evidence_upload": lambda w, r: {"org_pk": w.org.pk},
    "assessments:evidence_download": lambda w, r: {"pk": w.evidence.pk},
    "assessments:evidence_delete": lambda w, r: {"pk": w.evidence.pk},
    "console:staff_dashboard": lambda w, r: {},
    "console:staff_applications": lambda w, r: {},
    "console:staff_retry_job": lambda w, r: {"job_pk": w.job.pk},
    "console:staff_detail": lambda w, r: {"pk": w.submitted.pk},
    "console:staff_submission": lambda w, r: {"pk": w.submitted.pk},
    "console:staff_scores": lambda w, r: {"pk": w.submitted.pk},
    "console:staff_timeline": lambda w, r: {"pk": w.submitted.pk},
    "console:staff_return": lambda w, r: {"pk": w.submitted.pk},
    "console:staff_submission_received": lambda w, r: {
        "pk": w.submitted.pk,
        "snapshot_pk": w.sent_first.pk,
    },
    "console:staff_cycles": lambda w, r: {},
    "console:staff_cycle_create": lambda w, r: {},
    "console:staff_cycle": lambda w, r: {"pk": w.cycle.pk},
    "console:staff_cycle_edit": lambda w, r: {"pk": w.cycle.pk},
    "console:staff_cycle_state": lambda w, r: {"pk": w.cycle.pk, "change": "close"},
    "console:staff_reports": lambda w, r: {},
    "console:staff_report_csv": lambda w, r: {"slug": _report_slug()},
    "panels:dashboard": lambda w, r: {},
    "panels:my_conflicts": lambda w, r: {},
    "panels:reader": lambda w, r: {"pk": w.scoring.pk, "n": 1},
    "panels:save_note": lambda w, r: {
        "pk": w.scoring.pk,
        "indicator_id": w.scoring.level.indicators.order_by("order").first().pk,
    },
    "panels:score": lambda w, r: {"pk": w.scoring.pk},
    "panels:score_save": lambda w, r: {"pk": w.scoring.pk},
    "panels:score_finish": lambda w, r: {"pk": w.scoring.pk},
    "panels:consensus": lambda w, r: {"pk": w.scoring.pk},
    "panels:reveal": lambda w, r: {"pk": w.scoring.pk},
    "panels:finalise": lambda w, r: {"pk": w.scoring.pk},
    "panels:presence": lambda w, r: {"pk": w.scoring.pk},
    "panels:confirm": lambda w, r: {"pk": w.scoring.pk},
    "console:staff_members": lambda w, r: {},
    "console:staff_member_create": lambda w, r: {},
    "console:staff_member_edit": lambda w, r: {"member_id": w.member.pk},
    "console:staff_member_deactivate": lambda w, r: {"member_id": w.member.pk},
    "console:staff_member_export": lambda w, r: {"member_id": w.member.pk},
    "console:staff_member_anonymise": lambda w, r: {"member_id": w.member.pk},
    "console:staff_member_reactivate": lambda w, r: {"member_id": w.member.pk},
    "console:staff_member_conflicts": lambda w, r: {"member_id": w.member.pk},
    "console:staff_assign": lambda w, r: {"pk": w.scoring.pk},
    "console:staff_interview": lambda w, r: {"pk": w.scoring.pk},
    "console:staff_interview_cancel": lambda w, r: {"pk": w.scoring.pk},
    "console:staff_outcome": lambda w, r: {"pk": w.scored.pk},
    "panels:org_result": lambda w, r: {"pk": w.awarded.pk},
    "panels:org_actions": lambda w, r: {"pk": w.awarded.pk},
    "certificates:verify": lambda w, r: {"code": w.award.verification_code},
    "certificates:badge": lambda w, r: {"code": w.award.verification_code},
    "certificates:register": lambda w, r: {},
    "certificates:plaque": lambda w, r: {"pk": w.award.pk},
    "console:staff_awards": lambda w, r: {},
    "console:staff_award": lambda w, r: {"pk": w.award.pk},
    "console:staff_regenerate": lambda w, r: {"pk": w.award.pk},
    "console:staff_revoke": lambda w, r: {"pk": w.award.pk},
    "console:staff_plaque": lambda w, r: {"pk": w.award.pk, "version": 1},
    "console:celebration": lambda w, r: {},
    "console:celebration_export": lambda w, r: {"year": w.award.awarded_on.year},
    "console:celebration_programme": lambda w, r: {"year": w.award.awarded_on.year},
    "console:celebration_invite": lambda w, r: {"year": w.award.awarded_on.year},
    "audit:log": lambda w, r: {},
    "audit:detail": lambda w, r: {"pk": w.audit_event.pk},
    "public:home": lambda w, r: {},
    "public:accessibility": lambda w, r: {},
    "training:index": lambda w, r: {},
    "training:calendar": lambda w, r: {},
    "training:session": lambda w, r: {"pk": w.training["session"].pk},
    "training:cancel": lambda w, r: {"token": _token(w.training["offer"], "cancel")},
    "training:accept": lambda w, r: {"token": _token(w.training["offer"], "accept")},
    "training:pledge": lambda w, r: {"token": _token(w.training["attendee"], "pledge")},
    "training:follow_up": lambda w, r: {"token": _token(w.training["attendee"], "follow_up")},
    "training:trainer": lambda w, r: {},
    "console:training_sessions": lambda w, r: {},
    "console:training_session_create": lambda w, r: {},
    "console:training_report": lambda w, r: {},
    "console:training_trainer_create": lambda w, r: {},
    "console:training_trainer_anonymise": lambda w, r: {"trainer_id": w.training["trainer"].pk},
    "console:training_session": lambda w, r: {"pk": w.training["session"].pk},
    "console:training_session_edit": lambda w, r: {"pk": w.training["session"].pk},
    "console:training_session_team": lambda w, r: {"pk": w.training["session"].pk},
    "console:training_session_hours": lambda w, r: {"pk": w.training["session"].pk},
    "console:training_session_cancel": lambda w, r: {"pk": w.training["session"].pk},
    "console:training_register": lambda w, r: {"pk": w.training["session"].pk},
    "console:training_register_csv": lambda w, r: {"pk": w.training["session"].pk},
    "credentials:credential": lambda w, r: {"code": w.award.verification_code},
    "credentials:issuer": lambda w, r: {},
    "credentials:key": lambda w, r: {"thumbprint": "a" * 43},
    "credentials:status_list": lambda w, r: {"number": 1},
    "api_v1:api-root": lambda w, r: {},
    "api_v1:openapi-json": lambda w, r: {},
    "api_v1:register_awards": lambda w, r: {},
    "api_v1:issuer": lambda w, r: {},
    "api_v1:staff_awards": lambda w, r: {},
    "api_v1:staff_applications": lambda w, r: {},
    "api:docs": lambda w, r: {},
    "api:tokens": lambda w, r: {},
    "api:revoke": lambda w, r: {"pk": _api_token(w).pk},
    "scheme:privacy": lambda w, r: {},
    "scheme:logo": lambda w, r: {"version": "0000000000000000"},
    "scheme:brand_css": lambda w, r: {"colour": "1d3b6e"},
    "console:staff_scheme_settings": lambda w, r: {},
    "enquiries:ask": lambda w, r: {},
    "enquiries:sent": lambda w, r: {},
    "certificates:plaque_print": lambda w, r: {"pk": w.award.pk},
    "checkins:org_list": lambda w, r: {"award_id": w.award.pk},
    "checkins:org_edit": lambda w, r: {"award_id": w.award.pk, "number": 2},
    "checkins:org_detail": lambda w, r: {"pk": w.checkin.pk},
    "checkins:org_answer": lambda w, r: {
        "pk": w.checkin.pk,
        "review_id": w.checkin.reviews.first().pk,
    },
    "checkins:panel_list": lambda w, r: {},
    "checkins:panel_review": lambda w, r: {"pk": w.checkin.pk},
    "checkins:staff_list": lambda w, r: {},
    "checkins:staff_detail": lambda w, r: {"pk": w.checkin.pk},
    "checkins:staff_close_worry": lambda w, r: {
        "pk": w.checkin.pk,
        "review_id": w.checkin.reviews.first().pk,
    },
    "panels:notice_emails": lambda w, r: {},
    "recognition:my_record": lambda w, r: {},
    "recognition:my_certificate": lambda w, r: {},
    "recognition:my_certificate_download": lambda w, r: {"pk": 1},
    "recognition:staff_records": lambda w, r: {},
    "recognition:staff_records_csv": lambda w, r: {},
    "recognition:staff_record": lambda w, r: {"user_id": w.member.user_id},
    "recognition:staff_certificate_download": lambda w, r: {"pk": 1},
    "recognition:my_credential_download": lambda w, r: {"pk": 1},
    "recognition:staff_credential_download": lambda w, r: {"pk": 1},
}


def _api_token(world):
    """A token staff made, to revoke (made on first use)."""
    from api.models import ApiToken

    token, _ = ApiToken.objects.get_or_create(
        digest="1" * 64,
        defaults={
            "name": "Commissioning CRM",
            "scope": "register:read",
            "prefix": "km_crmabc",
            "expires_at": timezone.now() + datetime.timedelta(days=90),
            "created_by": world.staff,
        },
    )
    return token


# The pages axe checks for each role in the populated world (see test_axe_all_pages).
# A name may appear with extra states in EXTRA_URLS below.
PUBLIC = [
    "public:home",
    "public:accessibility",
    "certificates:verify",
    "certificates:register",
    "organisations:invitation",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "training:index",
    "training:session",
    "training:cancel",
    "training:accept",
    "training:pledge",
    "training:follow_up",
    "api:docs",
    "scheme:privacy",
    "enquiries:ask",
    "enquiries:sent",
]
CHECKED = {
    "anonymous": PUBLIC + ["accounts:login", "accounts:signup"],
    "organisation": PUBLIC
    + [
        "accounts:password_change",
        "accounts:password_change_done",
        "portal:dashboard",
        "organisations:register",
        "organisations:detail",
        "organisations:edit",
        "organisations:members",
        "organisations:invite",
        "organisations:cancel_invitation",
        "organisations:leave",
        "assessments:start",
        "assessments:detail",
        "assessments:answer",
        "assessments:submit",
        "assessments:withdraw",
        "assessments:evidence_library",
        "assessments:evidence_upload",
        "assessments:evidence_delete",
        "panels:org_result",
        "panels:org_actions",
        "checkins:org_list",
        "checkins:org_edit",
        "checkins:org_detail",
    ],
    "panel": PUBLIC
    + [
        "accounts:password_change",
        "accounts:password_change_done",
        "panels:dashboard",
        "panels:my_conflicts",
        "panels:reader",
        "panels:score",
        "panels:score_finish",
        "panels:consensus",
        "panels:confirm",
        "training:trainer",
        "checkins:panel_list",
        "checkins:panel_review",
        "recognition:my_record",
    ],
    "staff": PUBLIC
    + [
        "accounts:password_change",
        "accounts:password_change_done",
        "organisations:detail",
        "organisations:members",
        "assessments:detail",
        "assessments:answer",
        "assessments:evidence_library",
        "console:staff_dashboard",
        "console:staff_applications",
        "console:staff_detail",
        "console:staff_submission",
        "console:staff_submission_received",
        "console:staff_scores",
        "console:staff_timeline",
        "console:staff_cycles",
        "console:staff_cycle_create",
        "console:staff_cycle",
        "console:staff_cycle_edit",
        "console:staff_cycle_state",
        "console:staff_reports",
        "panels:reader",
        "panels:consensus",
        "panels:finalise",
        "panels:presence",
        "panels:confirm",
        "console:staff_members",
        "console:staff_member_create",
        "console:staff_member_edit",
        "console:staff_member_deactivate",
        "console:staff_member_anonymise",
        "console:staff_member_conflicts",
        "console:staff_assign",
        "console:staff_interview",
        "console:staff_interview_cancel",
        "console:staff_outcome",
        "panels:org_result",
        "console:staff_awards",
        "console:staff_award",
        "console:staff_regenerate",
        "console:staff_revoke",
        "console:celebration",
        "console:celebration_invite",
        "audit:log",
        "audit:detail",
        # Staff sign-in (the two-factor check and backup codes, which need an app set up,
        # are checked by axe in tests/accounts/test_browser.py).
        "accounts:two_factor_setup",
        "console:staff_two_factor",
        "console:staff_two_factor_reset",
        "console:training_sessions",
        "console:training_session_create",
        "console:training_report",
        "console:training_trainer_create",
        "console:training_trainer_anonymise",
        "console:training_session",
        "console:training_session_edit",
        "console:training_session_cancel",
        "console:training_register",
        "api:tokens",
        "api:revoke",
        "console:staff_scheme_settings",
        "checkins:staff_list",
        "checkins:staff_detail",
        "recognition:staff_records",
        "recognition:staff_record",
    ],
}

# More states of some pages, checked by axe as well (populated only): (name, kwargs builder).
EXTRA_URLS = {
    "organisation": [
        ("assessments:detail", lambda w: {"pk": w.awarded.pk}),
        ("assessments:answer", lambda w: {"pk": w.awarded.pk, "code": _first_code(w.awarded)}),
    ],
    "panel": [
        # The middle scores, and the agreed sheet to confirm.
        ("panels:consensus", lambda w: {"pk": w.agreeing.pk}),
        ("panels:confirm", lambda w: {"pk": w.agreeing.pk}),
    ],
    "staff": [
        ("panels:consensus", lambda w: {"pk": w.agreeing.pk}),
        ("panels:confirm", lambda w: {"pk": w.agreeing.pk}),
        ("panels:presence", lambda w: {"pk": w.agreeing.pk}),
        ("console:staff_detail", lambda w: {"pk": w.draft.pk}),
        ("console:staff_detail", lambda w: {"pk": w.scoring.pk}),
        ("console:staff_assign", lambda w: {"pk": w.submitted.pk}),
        ("console:staff_detail", lambda w: {"pk": w.scored.pk}),
        ("console:staff_detail", lambda w: {"pk": w.awarded.pk}),
        # The other tabs of the application record: a draft (nothing submitted, no
        # scores) and applications with scores, an award and emails. (CHECKED has each
        # tab for w.submitted: no scores yet.)
        ("console:staff_submission", lambda w: {"pk": w.draft.pk}),
        ("console:staff_timeline", lambda w: {"pk": w.draft.pk}),
        ("console:staff_submission", lambda w: {"pk": w.awarded.pk}),
        ("console:staff_scores", lambda w: {"pk": w.scored.pk}),
        ("console:staff_scores", lambda w: {"pk": w.awarded.pk}),
        ("console:staff_timeline", lambda w: {"pk": w.awarded.pk}),
        ("panels:consensus", lambda w: {"pk": w.scored.pk}),
        ("console:staff_outcome", lambda w: {"pk": w.awarded.pk}),
        ("console:staff_cycle_state", lambda w: {"pk": w.cycle.pk, "change": "open"}),
    ],
    "anonymous": [],
}


def url_patterns():
    """Every named URL pattern as 'namespace:name' (or 'name'), with its namespace."""
    found = []

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append((namespace, name or str(pattern.pattern)))

    walk(get_resolver().url_patterns)
    return found


def crawlable_names():
    return sorted(
        {
            name
            for namespace, name in url_patterns()
            if namespace not in EXCLUDED_NAMESPACES and name not in EXCLUDED
        }
    )


def url_of(name, kwargs):
    from django.urls import reverse

    return reverse(name, kwargs=kwargs)


def fresh_org_user_without_organisation():
    return UserFactory(full_name="Olu Newcomer")
