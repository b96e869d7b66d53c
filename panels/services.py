"""The panel's business rules. Views call these; they never change data themselves."""

from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, connection, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from assessments import outcomes, workflow
from assessments import services as assessment_services
from assessments.models import (
    Application,
    Element,
    Indicator,
    Status,
    TimelineEvent,
)
from jobs.services import send_email
from kitemark.sql import model_columns

from . import ics
from .models import (
    AgreedScore,
    Conflict,
    Finalisation,
    Interview,
    OrganisationAction,
    Panel,
    PanelMember,
    PanelSeat,
    PrivateNote,
    Score,
    ScoringSubmission,
)

_SYNCED_FIELDS = (
    "status",
    "round",
    "total",
    "proposed_outcome",
    "outcome_confirmed_at",
    "resubmission_deadline",
    "submitted_at",
    "updated_at",
)


def _lock(application):
    """A fresh, locked copy: decisions use the stored status, never a stale object."""
    return (
        Application.objects.select_for_update()
        .select_related("organisation", "level")
        .get(pk=application.pk)
    )


def _sync(original, fresh):
    """Let the caller's object see what changed."""
    if original is not fresh:
        for field in _SYNCED_FIELDS:
            setattr(original, field, getattr(fresh, field))
    return original


class PanelError(Exception):
    """A refused request, with a message written for the person who made it."""


# ---------------------------------------------------------------------------
# Interface used by other apps
# ---------------------------------------------------------------------------


def member_for(user):
    """The user's active PanelMember, or None."""
    if not user or not getattr(user, "is_authenticated", False) or not user.is_panel_member:
        return None
    cached = getattr(user, "_panel_member_cache", False)
    if cached is not False:
        return cached
    member = PanelMember.objects.filter(user=user, is_active=True).first()
    user._panel_member_cache = member
    return member


def panel_for(application):
    return Panel.objects.filter(application_id=application.pk).first()


def _facilitator_cache(user):
    """{application id: is facilitator}, cached on the user object, which lives for one
    request. getattr/setattr (not user.__dict__) so that request.user, a lazy wrapper, and
    the user object the permission backend receives share one cache."""
    cache = getattr(user, "_panel_facilitator_cache", None)
    if cache is None:
        cache = {}
        user._panel_facilitator_cache = cache
    return cache


def is_facilitator(user, application):
    if not user or not getattr(user, "is_authenticated", False) or not user.is_participation_staff:
        return False
    cache = _facilitator_cache(user)
    if application.pk not in cache:
        cache[application.pk] = Panel.objects.filter(
            application_id=application.pk, facilitator=user.pk
        ).exists()
    return cache[application.pk]


# PostgreSQL and SQLite both read this. raw() gives the same PanelMember as the ORM query
# it replaces (filter(user=, is_active=True, seats__panel__application_id=).first()) in a
# fifth of the time (0.2 ms, was 1 ms), on every panel member's page.
_SEATED_MEMBER = f"""SELECT {model_columns(PanelMember)}
    FROM "panels_panelmember"
    INNER JOIN "panels_panelseat" ON "panels_panelseat"."member_id" = "panels_panelmember"."id"
    INNER JOIN "panels_panel" ON "panels_panel"."id" = "panels_panelseat"."panel_id"
    WHERE "panels_panelmember"."user_id" = %s AND "panels_panelmember"."is_active"
        AND "panels_panel"."application_id" = %s
    ORDER BY "panels_panelmember"."id"
    LIMIT 1
"""  # noqa: S608 - only constant SQL goes in


def is_seated(user, application):
    if not user or not getattr(user, "is_authenticated", False) or not user.is_panel_member:
        return False
    member = getattr(user, "_panel_member_cache", False)
    if member is False:
        # One query for both questions: the user's active member record and its seat.
        seated = next(
            iter(PanelMember.objects.raw(_SEATED_MEMBER, [user.pk, application.pk])), None
        )
        if seated is None:
            return False
        user._panel_member_cache = seated
        return True
    if member is None:
        return False
    return PanelSeat.objects.filter(panel__application_id=application.pk, member=member).exists()


def is_assigned(user, application) -> bool:
    """True for an active member seated on the application's panel, or its facilitator."""
    if application is None or not user or not getattr(user, "is_authenticated", False):
        return False
    return is_seated(user, application) or is_facilitator(user, application)


def flagged_indicator_ids(application) -> set[int]:
    """Indicators the panel marked "needs more evidence" in round 1."""
    return set(
        AgreedScore.objects.filter(
            application_id=application.pk, round=1, needs_more_evidence=True
        ).values_list("indicator_id", flat=True)
    )


def next_interview_for(application):
    """The scheduled, not cancelled interview, or None."""
    return (
        Interview.objects.scheduled()
        .filter(application_id=application.pk)
        .order_by("-starts_at")
        .first()
    )


def assigned_applications(user):
    """Applications the user may see as a panel member or facilitator."""
    member = member_for(user)
    if member is not None:
        return Application.objects.filter(panel__seats__member=member)
    if user.is_authenticated and user.is_participation_staff:
        return Application.objects.filter(panel__facilitator=user)
    return Application.objects.none()


# ---------------------------------------------------------------------------
# Panel members and conflicts
# ---------------------------------------------------------------------------


def _set_password_path(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password_reset_confirm", args=[uid, token])


@transaction.atomic
def create_panel_member(
    *, display_name, group, supervisor, created_by, email="", username="", password=""
):
    """Staff create a panel member. With an email they get a one-time set-password link;
    without one, staff give them a username and a password."""
    User = get_user_model()
    email = (email or "").strip() or None
    username = (username or "").strip() or None
    if email is None and (username is None or not password):
        raise PanelError("Give an email address, or a username and a password.")
    user = User(
        email=User.objects.normalize_email(email) if email else None,
        username=username,
        full_name=display_name,
        role=User.Role.PANEL,
        is_active=True,
        email_verified=bool(email),
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise PanelError("That email address or username is already used.") from None
    member = PanelMember.objects.create(
        user=user,
        display_name=display_name,
        group=group,
        supervisor=supervisor,
        created_by=created_by,
    )
    if email and not password:
        send_email(
            to=[email],
            subject="Welcome to the Kitemark youth panel",
            template="panels_welcome",
            context={"member": member, "path": _set_password_path(user)},
            key=f"panel-welcome:{user.pk}",
        )
    return member


@transaction.atomic
def update_panel_member(member, *, display_name, group, supervisor, email=""):
    member.display_name = display_name
    member.group = group
    member.supervisor = supervisor
    member.save(update_fields=["display_name", "group", "supervisor"])
    user = member.user
    user.full_name = display_name
    email = (email or "").strip() or None
    if email is None and not user.username:
        raise PanelError("This member signs in with their email, so it cannot be removed.")
    user.email = email
    try:
        with transaction.atomic():
            user.save(update_fields=["full_name", "email"])
    except IntegrityError:
        raise PanelError("That email address is already used.") from None
    return member


@transaction.atomic
def deactivate_panel_member(member):
    """The member can no longer sign in or be assigned. Their past scores stay."""
    member.is_active = False
    member.deactivated_at = timezone.now()
    member.save(update_fields=["is_active", "deactivated_at"])
    member.user.is_active = False
    member.user.save(update_fields=["is_active"])


@transaction.atomic
def reactivate_panel_member(member):
    member.is_active = True
    member.deactivated_at = None
    member.save(update_fields=["is_active", "deactivated_at"])
    member.user.is_active = True
    member.user.save(update_fields=["is_active"])


def record_conflict(member, organisation, reason, *, recorded_by):
    reason = (reason or "").strip()
    if not reason:
        raise PanelError("Say why, for example “I go to this youth club”.")
    conflict, created = Conflict.objects.get_or_create(
        member=member,
        organisation=organisation,
        defaults={"reason": reason, "recorded_by": recorded_by},
    )
    if not created:
        raise PanelError(f"A conflict with {organisation.name} is already recorded.")
    return conflict


# ---------------------------------------------------------------------------
# Assigning a panel
# ---------------------------------------------------------------------------


def member_choices_for(application):
    """Every active member, each with the reason they cannot be assigned (or None)."""
    conflicts = {
        c.member_id: c for c in Conflict.objects.filter(organisation_id=application.organisation_id)
    }
    rows = []
    for member in PanelMember.objects.active().select_related("user"):
        conflict = conflicts.get(member.pk)
        reason = None
        if conflict is not None:
            who = "Declared a conflict" if conflict.declared_by_member else "Conflict recorded"
            reason = f"{who}: {conflict.reason}"
        rows.append({"member": member, "blocked_reason": reason})
    return rows


def _check_members(application, members):
    if not members:
        raise PanelError("Choose at least one panel member.")
    blocked = {
        row["member"].pk: row["blocked_reason"]
        for row in member_choices_for(application)
        if row["blocked_reason"]
    }
    active_ids = set(PanelMember.objects.active().values_list("pk", flat=True))
    for member in members:
        if member.pk in blocked:
            raise PanelError(f"{member.display_name} cannot be on this panel. {blocked[member.pk]}")
        if member.pk not in active_ids:
            raise PanelError(f"{member.display_name} is no longer an active panel member.")


def _panel_names(members):
    return ", ".join(m.display_name for m in members)


@transaction.atomic
def assign_panel(application, *, members, facilitator, actor):
    """Assign (or change) the panel. A first assignment moves SUBMITTED → PANEL_ASSIGNED."""
    if not facilitator.is_participation_staff:
        raise PanelError("The facilitator must be a member of the participation team.")
    _check_members(application, members)
    original, application = application, _lock(application)
    panel = panel_for(application)
    if panel is None:
        if application.status != Status.SUBMITTED:
            raise PanelError("A panel can only be assigned to a submitted application.")
        panel = Panel.objects.create(
            application=application, facilitator=facilitator, created_by=actor
        )
        PanelSeat.objects.bulk_create(PanelSeat(panel=panel, member=m) for m in members)
        workflow.transition(
            application, Status.PANEL_ASSIGNED, actor=actor, actor_kind=workflow.STAFF
        )
        workflow.record(
            application,
            TimelineEvent.Kind.PANEL,
            f"Panel assigned: {_panel_names(members)}. Facilitator: {facilitator.display_label}.",
            actor=actor,
            visible_to_organisation=False,
        )
        _sync(original, application)
        return panel
    if application.status not in (Status.PANEL_ASSIGNED, Status.INTERVIEW_SCHEDULED):
        raise PanelError("The panel can no longer be changed: scoring has finished.")
    wanted = {m.pk for m in members}
    current = set(panel.seats.values_list("member_id", flat=True))
    removed = current - wanted
    if removed and Score.objects.filter(application=application, member_id__in=removed).exists():
        raise PanelError("A member who has already scored cannot be taken off the panel.")
    PanelSeat.objects.filter(panel=panel, member_id__in=removed).delete()
    PanelSeat.objects.bulk_create(
        PanelSeat(panel=panel, member=m) for m in members if m.pk not in current
    )
    panel.facilitator = facilitator
    panel.save(update_fields=["facilitator"])
    workflow.record(
        application,
        TimelineEvent.Kind.PANEL,
        f"Panel changed: {_panel_names(members)}. Facilitator: {facilitator.display_label}.",
        actor=actor,
        visible_to_organisation=False,
    )
    return panel


# ---------------------------------------------------------------------------
# Interviews
# ---------------------------------------------------------------------------


def _people_of(panel):
    """(user ids, label by user id) of the seated members and the facilitator."""
    labels = {panel.facilitator_id: f"{panel.facilitator.display_label} (facilitator)"}
    for seat in panel.seats.select_related("member"):
        labels[seat.member.user_id] = seat.member.display_name
    return labels


def _check_slot(application, panel, starts_at, duration_minutes, exclude=None):
    if starts_at <= timezone.now():
        raise PanelError("Choose a date and time in the future.")
    if not duration_minutes or duration_minutes < 15 or duration_minutes > 480:
        raise PanelError("The interview must last between 15 minutes and 8 hours.")
    ends_at = starts_at + timedelta(minutes=duration_minutes)
    people = _people_of(panel)
    others = (
        Interview.objects.scheduled()
        .exclude(application_id=application.pk)
        .filter(starts_at__lt=ends_at, starts_at__gte=starts_at - timedelta(hours=8))
        .select_related("application__panel")
        .prefetch_related("application__panel__seats__member")
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    for other in others:
        if other.ends_at <= starts_at:
            continue
        other_panel = getattr(other.application, "panel", None)
        if other_panel is None:
            continue
        their_people = {other_panel.facilitator_id} | {
            s.member.user_id for s in other_panel.seats.all()
        }
        clash = [people[uid] for uid in people if uid in their_people]
        if clash:
            when = timezone.localtime(other.starts_at).strftime("%-d %B %Y at %H:%M")
            raise PanelError(
                f"This time overlaps another interview on {when} for: {', '.join(sorted(clash))}."
            )


def _require_panel(application):
    panel = panel_for(application)
    if panel is None:
        raise PanelError("Assign a panel before you schedule the interview.")
    return panel


def _send_interview_emails(interview, *, method, actor, change):
    application = interview.application
    calendar_text = ics.build(interview, method=method)
    attachment = ("kitemark-interview.ics", calendar_text, f"text/calendar; method={method}")
    key = f"interview:{interview.uid}:{interview.sequence}"
    subjects = {
        "new": "Your Kitemark panel interview",
        "moved": "Your Kitemark panel interview has moved",
        "cancelled": "Your Kitemark panel interview is cancelled",
    }
    context = {"interview": interview, "application": application, "change": change}
    send_email(
        to=application.organisation.member_emails(),
        subject=subjects[change],
        template="panels_interview",
        context=context,
        key=f"{key}:organisation",
        application=application,
        attachments=[attachment],
    )
    panel = interview.application.panel
    member_emails = [s.member.user.email for s in panel.seats.select_related("member__user")]
    send_email(
        to=[e for e in member_emails if e],
        subject=subjects[change],
        template="panels_interview_member",
        context=context,
        key=f"{key}:panel",
        application=application,
    )


def _when(interview):
    return timezone.localtime(interview.starts_at).strftime("%-d %B %Y at %H:%M")


@transaction.atomic
def schedule_interview(application, *, starts_at, duration_minutes, venue, video_link, actor):
    if not (venue or "").strip() and not (video_link or "").strip():
        raise PanelError("Give a venue or a video link.")
    original, application = application, _lock(application)
    panel = _require_panel(application)
    current = next_interview_for(application)
    if current is not None:
        raise PanelError("An interview is already booked. Change it instead.")
    if application.status != Status.PANEL_ASSIGNED:
        raise PanelError("An interview can only be booked once a panel is assigned.")
    _check_slot(application, panel, starts_at, duration_minutes)
    interview = Interview.objects.create(
        application=application,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        venue=venue.strip(),
        video_link=video_link.strip(),
        created_by=actor,
    )
    workflow.transition(
        application, Status.INTERVIEW_SCHEDULED, actor=actor, actor_kind=workflow.STAFF
    )
    workflow.record(
        application,
        TimelineEvent.Kind.INTERVIEW,
        f"Interview booked for {_when(interview)}.",
        actor=actor,
    )
    _send_interview_emails(interview, method="REQUEST", actor=actor, change="new")
    _sync(original, application)
    return interview


@transaction.atomic
def reschedule_interview(interview, *, starts_at, duration_minutes, venue, video_link, actor):
    if interview.is_cancelled:
        raise PanelError("This interview was cancelled. Book a new one instead.")
    if not (venue or "").strip() and not (video_link or "").strip():
        raise PanelError("Give a venue or a video link.")
    application = interview.application = _lock(interview.application)
    if application.status != Status.INTERVIEW_SCHEDULED:
        raise PanelError("This interview can no longer be changed.")
    panel = _require_panel(application)
    _check_slot(application, panel, starts_at, duration_minutes, exclude=interview)
    interview.starts_at = starts_at
    interview.duration_minutes = duration_minutes
    interview.venue = venue.strip()
    interview.video_link = video_link.strip()
    interview.sequence += 1
    interview.save()
    workflow.record(
        application,
        TimelineEvent.Kind.INTERVIEW,
        f"Interview moved to {_when(interview)}.",
        actor=actor,
    )
    _send_interview_emails(interview, method="REQUEST", actor=actor, change="moved")
    return interview


@transaction.atomic
def cancel_interview(interview, *, actor):
    if interview.is_cancelled:
        raise PanelError("This interview is already cancelled.")
    application = interview.application = _lock(interview.application)
    if Score.objects.filter(application=application, round=1).exists():
        raise PanelError("The panel has started scoring, so the interview cannot be cancelled.")
    workflow.transition(application, Status.PANEL_ASSIGNED, actor=actor, actor_kind=workflow.STAFF)
    interview.cancelled_at = timezone.now()
    interview.sequence += 1
    interview.save(update_fields=["cancelled_at", "sequence"])
    workflow.record(
        application,
        TimelineEvent.Kind.INTERVIEW,
        f"Interview on {_when(interview)} cancelled.",
        actor=actor,
    )
    _send_interview_emails(interview, method="CANCEL", actor=actor, change="cancelled")
    return interview


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------

SCORING_STATUS_FOR_ROUND = {1: Status.INTERVIEW_SCHEDULED, 2: Status.RESUBMITTED}


# PostgreSQL and SQLite both read this. Built with the ORM (an Exists() and two F()
# annotations on the application's query) these three answers cost about 0.7 ms more.
_PANEL_STATE = """
    SELECT
        EXISTS(SELECT 1 FROM "panels_finalisation"
               WHERE "application_id" = %s AND "round" = %s),
        (SELECT "scores_revealed" FROM "panels_panel" WHERE "application_id" = %s),
        (SELECT "facilitator_id" FROM "panels_panel" WHERE "application_id" = %s)
"""


def load_panel_state(user, application):
    """Set on the application, in one query, what the consensus page needs to know besides
    it: `round_finalised` (the current round is final), and `scores_revealed` and
    `panel_facilitator_id` from the panel (None without one). The answer also tells
    is_facilitator() whether the user facilitates, so call this before checking
    permissions."""
    pk = application.pk
    with connection.cursor() as cursor:
        cursor.execute(_PANEL_STATE, [pk, application.round, pk, pk])
        finalised, revealed, facilitator_id = cursor.fetchone()
    application.round_finalised = bool(finalised)
    application.scores_revealed = None if revealed is None else bool(revealed)
    application.panel_facilitator_id = facilitator_id
    if user.is_participation_staff:
        _facilitator_cache(user)[pk] = facilitator_id == user.pk


def is_finalised(application, round_number=None):
    round_number = round_number or application.round
    return Finalisation.objects.filter(application_id=application.pk, round=round_number).exists()


def scoring_open(application, finalised=None):
    """The message saying why scoring is closed, or None when it is open."""
    if finalised is None:
        finalised = is_finalised(application)
    if finalised:
        return "The scores for this application are final. They cannot be changed."
    if application.status != SCORING_STATUS_FOR_ROUND.get(application.round):
        return "Scoring is not open for this application."
    return None


def indicators_to_score(application):
    """Round 1: all 16. Round 2: only the ones the panel flagged."""
    indicators = Indicator.objects.filter(level_id=application.level_id).order_by("order")
    if application.round == 2:
        flagged = AgreedScore.objects.filter(
            application_id=application.pk, round=1, needs_more_evidence=True
        ).values("indicator_id")
        indicators = indicators.filter(pk__in=flagged)
    return indicators


# The WHERE condition of the indicators being scored, for raw SQL that reads
# "assessments_indicator": indicators_to_score() in SQL (the level's indicators; in round 2
# only those the panel flagged in round 1). Its parameters come from _being_scored_params.
_BEING_SCORED = """
    "assessments_indicator"."level_id" = %s
    AND (%s OR "assessments_indicator"."id" IN (
        SELECT "indicator_id" FROM "panels_agreedscore"
        WHERE "application_id" = %s AND "round" = 1 AND "needs_more_evidence"))
"""


def _being_scored_params(application):
    return [application.level_id, application.round != 2, application.pk]


class IndicatorToScore(NamedTuple):
    """What the scoring and consensus pages show of an indicator."""

    pk: int
    code: str
    title: str


# PostgreSQL and SQLite both read these two. Through the ORM (indicators_to_score() and the
# member's scores as two queries) the scoring page spent about 1 ms more on them.
_INDICATORS_TO_SCORE = f"""
    SELECT "id", "code", "title" FROM "assessments_indicator"
    WHERE {_BEING_SCORED}
    ORDER BY "order"
"""  # noqa: S608 - only constant SQL goes in

_INDICATORS_WITH_MY_SCORES = f"""
    SELECT "assessments_indicator"."id", "assessments_indicator"."code",
        "assessments_indicator"."title", "panels_score"."value"
    FROM "assessments_indicator"
    LEFT JOIN "panels_score"
        ON "panels_score"."indicator_id" = "assessments_indicator"."id"
        AND "panels_score"."member_id" = %s AND "panels_score"."application_id" = %s
        AND "panels_score"."round" = %s
    WHERE {_BEING_SCORED}
    ORDER BY "assessments_indicator"."order"
"""  # noqa: S608 - only constant SQL goes in


def indicators_being_scored(application):
    """indicators_to_score() as IndicatorToScore tuples, in order."""
    with connection.cursor() as cursor:
        cursor.execute(_INDICATORS_TO_SCORE, _being_scored_params(application))
        return [IndicatorToScore(*row) for row in cursor.fetchall()]


def indicators_with_my_scores(member, application):
    """[(IndicatorToScore, the member's score in the current round or None)], in order."""
    params = [member.pk, application.pk, application.round, *_being_scored_params(application)]
    with connection.cursor() as cursor:
        cursor.execute(_INDICATORS_WITH_MY_SCORES, params)
        return [(IndicatorToScore(*row[:3]), row[3]) for row in cursor.fetchall()]


# PostgreSQL and SQLite both read this. Two EXISTS in one short statement: through the ORM
# (two .exists(), or Exists() annotations) the same answers cost several times as much.
_ROUND_STATE = """
    SELECT
        EXISTS(SELECT 1 FROM "panels_finalisation"
               WHERE "application_id" = %s AND "round" = %s),
        EXISTS(SELECT 1 FROM "panels_scoringsubmission"
               WHERE "member_id" = %s AND "application_id" = %s AND "round" = %s)
"""


def round_state(member, application):
    """{"finalised": the current round is final, "submitted": the member has sent their
    scores in it}, in one query."""
    pk, round_number = application.pk, application.round
    with connection.cursor() as cursor:
        cursor.execute(_ROUND_STATE, [pk, round_number, member.pk, pk, round_number])
        finalised, submitted = cursor.fetchone()
    return {"finalised": bool(finalised), "submitted": bool(submitted)}


def descriptors_for(application):
    """The score descriptors of the application's framework version, 0 to 4 (assessments
    owns them: see assessments.services.score_descriptors)."""
    return assessment_services.score_descriptors(level_id=application.level_id)


def _parse_client_time(value):
    """Milliseconds since 1970 (from the browser) or ISO 8601; None if absent or invalid."""
    if value in (None, ""):
        return None
    try:
        return datetime.fromtimestamp(float(value) / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        pass
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def has_submitted(member, application, round_number=None):
    return ScoringSubmission.objects.filter(
        member=member, application_id=application.pk, round=round_number or application.round
    ).exists()


# PostgreSQL and SQLite both read this. Four EXISTS in one short statement: built with
# the ORM (Exists() annotations on a Panel query) the same answers cost ten times as much,
# most of the single-score save's own time.
_SCORING_STATE = f"""
    SELECT
        EXISTS(SELECT 1 FROM "panels_panelseat"
               INNER JOIN "panels_panel" ON "panels_panel"."id" = "panels_panelseat"."panel_id"
               WHERE "panels_panel"."application_id" = %s
                 AND "panels_panelseat"."member_id" = %s),
        EXISTS(SELECT 1 FROM "panels_finalisation"
               WHERE "application_id" = %s AND "round" = %s),
        EXISTS(SELECT 1 FROM "panels_scoringsubmission"
               WHERE "member_id" = %s AND "application_id" = %s AND "round" = %s),
        EXISTS(SELECT 1 FROM "assessments_indicator"
               WHERE "assessments_indicator"."id" = %s AND {_BEING_SCORED})
"""  # noqa: S608 - only constant SQL goes in


def scoring_state(member, application, indicator_id=None):
    """In one query: is the member seated on the panel, is this round final, has the
    member sent their scores, and (with indicator_id) is that indicator being scored."""
    low, high = connection.ops.integer_field_range("BigIntegerField")
    if indicator_id is not None and not low <= indicator_id <= high:
        indicator_id = None  # No such indicator; the database would refuse the number.
    pk, round_number = application.pk, application.round
    params = [pk, member.pk, pk, round_number, member.pk, pk, round_number]
    params += [indicator_id, *_being_scored_params(application)]
    with connection.cursor() as cursor:
        cursor.execute(_SCORING_STATE, params)
        seated, finalised, submitted, scored = cursor.fetchone()
    return {
        "seated": bool(seated),
        "finalised": bool(finalised),
        "submitted": bool(submitted),
        "scored": bool(scored),
    }


def _require_seat_with_scoring_open(member, application, state=None):
    """Scores come only from a seated member, and only while the round is open."""
    if member is None:
        raise PanelError("You are not on the panel for this application.")
    if state is None:
        state = scoring_state(member, application)
    if not state["seated"]:
        raise PanelError("You are not on the panel for this application.")
    closed = scoring_open(application, finalised=state["finalised"])
    if closed:
        raise PanelError(closed)


def save_score(member, application, indicator_id, value, *, client_time=None):
    """Save one score. Returns (score, applied): applied is False when a newer score
    from the same member was already saved (a late replay from an offline device).

    One query checks everything, one statement writes: no transaction is needed."""
    try:
        value = int(value)
        indicator_id = int(indicator_id)
    except (TypeError, ValueError):
        value = indicator_id = None
    valid = value is not None and 0 <= value <= outcomes.MAX_SCORE_PER_INDICATOR
    state = scoring_state(member, application, indicator_id if valid else None)
    _require_seat_with_scoring_open(member, application, state)
    if state["submitted"]:
        raise PanelError("You have already sent your scores. They cannot be changed now.")
    if not valid:
        raise PanelError("Choose a score from 0 to 4.")
    if not state["scored"]:
        raise PanelError("This indicator is not being scored.")
    when = _parse_client_time(client_time) or timezone.now()
    return _upsert_score(member, application, indicator_id, value, when)


# PostgreSQL and SQLite both read this. The WHERE keeps a stored score chosen later on the
# device; RETURNING gives no row then.
_UPSERT_SCORE = """
    INSERT INTO "panels_score"
        ("member_id", "application_id", "indicator_id", "round",
         "value", "client_updated_at", "updated_at")
    VALUES (%s, %s, %s, %s, %s, %s, %s)
    ON CONFLICT ("member_id", "application_id", "indicator_id", "round") DO UPDATE SET
        "value" = excluded."value",
        "client_updated_at" = excluded."client_updated_at",
        "updated_at" = excluded."updated_at"
    WHERE "panels_score"."client_updated_at" <= excluded."client_updated_at"
    RETURNING "id"
"""


def _upsert_score(member, application, indicator_id, value, when):
    """Insert the score, or update it unless the stored one was chosen later on the
    device. One statement, so the database settles saves that arrive together."""
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    params = [
        member.pk,
        application.pk,
        indicator_id,
        application.round,
        value,
        adapt(when),
        adapt(now),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT_SCORE, params)
        rows = cursor.fetchall()  # Read to the end: SQLite finishes the statement then.
    row = rows[0] if rows else None
    if row is None:
        # A newer score from this member is already saved: keep it.
        score = Score.objects.get(
            member=member,
            application_id=application.pk,
            indicator_id=indicator_id,
            round=application.round,
        )
        return score, False
    score = Score(
        pk=row[0],
        member=member,
        application_id=application.pk,
        indicator_id=indicator_id,
        round=application.round,
        value=value,
        client_updated_at=when,
        updated_at=now,
    )
    score._state.adding = False
    return score, True


def missing_member_scores(member, application):
    scored = set(
        Score.objects.filter(
            member=member, application_id=application.pk, round=application.round
        ).values_list("indicator_id", flat=True)
    )
    return [i for i in indicators_to_score(application) if i.pk not in scored]


@transaction.atomic
def submit_scores(member, application):
    _require_seat_with_scoring_open(member, application)
    missing = missing_member_scores(member, application)
    if missing:
        codes = ", ".join(i.code for i in missing)
        raise PanelError(f"You have not scored these yet: {codes}.")
    submission, _ = ScoringSubmission.objects.get_or_create(
        member=member, application_id=application.pk, round=application.round
    )
    return submission


def can_see_all_scores(user, application, revealed=None, submitted=None):
    """Members see others' scores once they sent their own, or once the facilitator reveals.
    Pass whether the panel's scores are revealed, and whether the member has sent their
    scores, if you already know."""
    if is_facilitator(user, application):
        return True
    member = member_for(user)
    if member is None:
        return False
    if revealed is None:
        panel = panel_for(application)
        revealed = panel is not None and panel.scores_revealed
    if revealed:
        return True
    if submitted is None:
        submitted = has_submitted(member, application)
    return submitted


# PostgreSQL and SQLite both read these three. Through the ORM (values() with an Exists()
# annotation, values_list(), values()) the consensus page spent about 2.5 ms building them.
_CONSENSUS_SEATS = """
    SELECT "panels_panelseat"."member_id", "panels_panelmember"."display_name",
        EXISTS(SELECT 1 FROM "panels_scoringsubmission"
               WHERE "panels_scoringsubmission"."member_id" = "panels_panelseat"."member_id"
                 AND "panels_scoringsubmission"."application_id" = %s
                 AND "panels_scoringsubmission"."round" = %s)
    FROM "panels_panelseat"
    INNER JOIN "panels_panel" ON "panels_panel"."id" = "panels_panelseat"."panel_id"
    INNER JOIN "panels_panelmember" ON "panels_panelmember"."id" = "panels_panelseat"."member_id"
    WHERE "panels_panel"."application_id" = %s
    ORDER BY "panels_panelmember"."display_name", "panels_panelseat"."id"
"""

# Everyone's scores when the user may see them all (the first parameter), otherwise only
# those of the member given (none for a user who is not a member).
_CONSENSUS_SCORES = """
    SELECT "indicator_id", "member_id", "value" FROM "panels_score"
    WHERE "application_id" = %s AND "round" = %s AND (%s OR "member_id" = %s)
"""

_CONSENSUS_AGREED = """
    SELECT "indicator_id", "round", "value", "feedback", "needs_more_evidence"
    FROM "panels_agreedscore"
    WHERE "application_id" = %s AND "round" IN (1, %s)
"""


def consensus_rows(application, user):
    """What the consensus page shows, in four queries: the indicators, the panel's seats
    (with whether each member has sent their scores), the scores the user may see and the
    agreed scores. `application` comes with load_panel_state().

    Each row holds one indicator's scores (one cell per member the user may see: name,
    value, and the text to show, a dash where there is none yet), whether they differ, and
    its agreed score (and round 1's, in round 2) as a dict of value, feedback and
    needs_more_evidence. `missing` lists the codes still to agree."""
    pk, round_number = application.pk, application.round
    indicators = indicators_being_scored(application)
    with connection.cursor() as cursor:
        cursor.execute(_CONSENSUS_SEATS, [pk, round_number, pk])
        seats = [
            {"member_id": member_id, "name": name, "submitted": bool(submitted)}
            for member_id, name, submitted in cursor.fetchall()
        ]
    member = member_for(user)
    own = [s for s in seats if member and s["member_id"] == member.pk]
    show_all = can_see_all_scores(
        user,
        application,
        revealed=bool(application.scores_revealed),
        submitted=any(s["submitted"] for s in own),
    )
    shown = seats if show_all else own
    agreed = {1: {}, round_number: {}}
    with connection.cursor() as cursor:
        cursor.execute(_CONSENSUS_SCORES, [pk, round_number, show_all, member and member.pk])
        by_key = {
            (indicator_id, member_id): value for indicator_id, member_id, value in cursor.fetchall()
        }
        cursor.execute(_CONSENSUS_AGREED, [pk, round_number])
        for indicator_id, round_of, value, feedback, needs_more_evidence in cursor.fetchall():
            agreed[round_of][indicator_id] = {
                "value": value,
                "feedback": feedback,
                "needs_more_evidence": bool(needs_more_evidence),
            }
    first_round = agreed[1] if round_number == 2 else {}
    rows = []
    for indicator_id, code, title in indicators:
        values = [by_key.get((indicator_id, seat["member_id"])) for seat in shown]
        given = {v for v in values if v is not None}
        rows.append(
            {
                "pk": indicator_id,
                "code": code,
                "title": title,
                "cells": [
                    {"name": seat["name"], "value": v, "text": "–" if v is None else v}
                    for seat, v in zip(shown, values, strict=True)
                ],
                "disagree": len(given) > 1,
                "low": min(given) if given else None,
                "high": max(given) if given else None,
                "agreed": agreed[round_number].get(indicator_id),
                "first_round": first_round.get(indicator_id),
            }
        )
    return {
        "rows": rows,
        "seats": seats,
        "seats_shown": shown,
        "show_all": show_all,
        "missing": [row["code"] for row in rows if row["agreed"] is None],
        "total_so_far": sum(row["agreed"]["value"] for row in rows if row["agreed"]),
    }


@transaction.atomic
def reveal_scores(application, *, actor):
    if not is_facilitator(actor, application):
        raise PanelError("Only the facilitator can show everyone's scores.")
    Panel.objects.filter(application_id=application.pk).update(scores_revealed=True)
    workflow.record(
        application,
        TimelineEvent.Kind.SCORES,
        "The facilitator showed everyone's scores to the panel.",
        actor=actor,
        visible_to_organisation=False,
    )


# ---------------------------------------------------------------------------
# Agreeing scores and finalising
# ---------------------------------------------------------------------------


def _require_facilitator(actor, application):
    if not is_facilitator(actor, application):
        raise PanelError("Only the panel's facilitator can do this.")


@transaction.atomic
def save_agreed_score(application, indicator_id, *, value, feedback, needs_more_evidence, actor):
    _require_facilitator(actor, application)
    closed = scoring_open(application)
    if closed:
        raise PanelError(closed)
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise PanelError("Choose an agreed score from 0 to 4.") from None
    if not 0 <= value <= outcomes.MAX_SCORE_PER_INDICATOR:
        raise PanelError("Choose an agreed score from 0 to 4.")
    if not indicators_to_score(application).filter(pk=indicator_id).exists():
        raise PanelError("This indicator is not being scored in this round.")
    agreed, _ = AgreedScore.objects.update_or_create(
        application_id=application.pk,
        indicator_id=indicator_id,
        round=application.round,
        defaults={
            "value": value,
            "feedback": (feedback or "").strip(),
            "needs_more_evidence": bool(needs_more_evidence) and application.round == 1,
            "agreed_by": actor,
            "agreed_at": timezone.now(),
            "carried_over": False,
        },
    )
    return agreed


def missing_agreed(application):
    agreed = set(
        AgreedScore.objects.filter(
            application_id=application.pk, round=application.round
        ).values_list("indicator_id", flat=True)
    )
    return [i for i in indicators_to_score(application) if i.pk not in agreed]


@transaction.atomic
def finalise(application, *, actor):
    """Total the agreed scores, propose the outcome and move the application to SCORED."""
    original, application = application, _lock(application)
    _require_facilitator(actor, application)
    closed = scoring_open(application)
    if closed:
        raise PanelError(closed)
    missing = missing_agreed(application)
    if missing:
        codes = ", ".join(f"{i.code} {i.title}" for i in missing)
        raise PanelError(f"Agree a score for every indicator first. Still missing: {codes}.")
    round_number = application.round
    if round_number == 2:
        rescored = set(
            AgreedScore.objects.filter(application=application, round=2).values_list(
                "indicator_id", flat=True
            )
        )
        AgreedScore.objects.bulk_create(
            AgreedScore(
                application=application,
                indicator_id=first.indicator_id,
                round=2,
                value=first.value,
                feedback=first.feedback,
                needs_more_evidence=False,
                carried_over=True,
                agreed_by=first.agreed_by,
                agreed_at=first.agreed_at,
            )
            for first in AgreedScore.objects.filter(application=application, round=1).exclude(
                indicator_id__in=rescored
            )
        )
    agreed = list(AgreedScore.objects.filter(application=application, round=round_number))
    if len(agreed) != outcomes.INDICATORS_PER_LEVEL:
        raise PanelError("Agree a score for every indicator first.")
    total = sum(a.value for a in agreed)
    outcome = outcomes.outcome_for_total(total, is_resubmission=round_number == 2)
    Finalisation.objects.create(
        application=application,
        round=round_number,
        total=total,
        outcome=outcome,
        finalised_by=actor,
    )
    application.total = total
    application.proposed_outcome = outcome
    application.save(update_fields=["total", "proposed_outcome", "updated_at"])
    # A second round starts hidden again: members score without seeing each other.
    Panel.objects.filter(application=application).update(scores_revealed=False)
    workflow.transition(application, Status.SCORED, actor=actor, actor_kind=workflow.PANEL)
    workflow.record(
        application,
        TimelineEvent.Kind.SCORES,
        f"Round {round_number} scores finalised: {total} out of {outcomes.MAX_TOTAL}. "
        f"Proposed outcome: {outcomes.OUTCOME_LABELS[outcome]}.",
        actor=actor,
        visible_to_organisation=False,
    )
    return _sync(original, application)


def interview_date_for(application):
    interview = next_interview_for(application)
    if interview is not None:
        return interview.local_date
    finalisation = Finalisation.objects.filter(application=application, round=1).first()
    if finalisation is not None:
        return timezone.localtime(finalisation.finalised_at).date()
    return timezone.localdate()


_OUTCOME_STATUS = {
    outcomes.AWARDED: Status.AWARDED,
    outcomes.RESUBMISSION: Status.RESUBMISSION_INVITED,
    outcomes.NOT_AWARDED: Status.NOT_AWARDED,
}


@transaction.atomic
def confirm_outcome(application, *, actor):
    """Staff confirm the proposed outcome. Only then does the organisation see it."""
    if not actor.is_participation_staff:
        raise PanelError("Only the participation team can confirm an outcome.")
    original, application = application, _lock(application)
    if application.status != Status.SCORED or not application.proposed_outcome:
        raise PanelError("There is no outcome waiting to be confirmed.")
    finalisation = Finalisation.objects.get(application=application, round=application.round)
    outcome = application.proposed_outcome
    if outcome == outcomes.RESUBMISSION:
        application.resubmission_deadline = outcomes.resubmission_deadline(
            interview_date_for(application)
        )
        application.save(update_fields=["resubmission_deadline", "updated_at"])
    workflow.transition(
        application, _OUTCOME_STATUS[outcome], actor=actor, actor_kind=workflow.STAFF
    )
    finalisation.confirmed_by = actor
    finalisation.confirmed_at = timezone.now()
    finalisation.save(update_fields=["confirmed_by", "confirmed_at"])
    message = (
        f"Outcome confirmed: {outcomes.OUTCOME_LABELS[outcome]} ({finalisation.total} out of 64)."
    )
    if outcome == outcomes.RESUBMISSION:
        message += f" Resubmit by {application.resubmission_deadline:%-d %B %Y}."
    workflow.record(application, TimelineEvent.Kind.SCORES, message, actor=actor)
    return _sync(original, application)


# ---------------------------------------------------------------------------
# Notes
# ---------------------------------------------------------------------------


def notes_for(member, application, indicator):
    return PrivateNote.objects.filter(
        member=member, application_id=application.pk, indicator=indicator
    ).first()


def save_note(member, application, indicator, *, notes, questions):
    note, _ = PrivateNote.objects.update_or_create(
        member=member,
        application_id=application.pk,
        indicator=indicator,
        defaults={"notes": notes or "", "questions": questions or ""},
    )
    return note


# ---------------------------------------------------------------------------
# Results for the organisation, and closing the loop
# ---------------------------------------------------------------------------


def confirmed_rounds(application):
    """The rounds whose outcome staff have confirmed: what the organisation may see."""
    return list(
        Finalisation.objects.filter(
            application_id=application.pk, confirmed_at__isnull=False
        ).order_by("round")
    )


def panel_label(application):
    """ "Maya, Leo (Youth Cabinet)": first names and group only."""
    panel = panel_for(application)
    if panel is None:
        return ""
    groups = OrderedDict()
    for seat in panel.seats.select_related("member").order_by("member__display_name"):
        groups.setdefault(seat.member.group, []).append(seat.member.display_name)
    return "; ".join(f"{', '.join(names)} ({group})" for group, names in groups.items())


def result_rounds(application):
    """Per confirmed round: total, outcome, subtotals per Lundy element and feedback."""
    finalisations = confirmed_rounds(application)
    if not finalisations:
        return []
    agreed = (
        AgreedScore.objects.filter(
            application_id=application.pk, round__in=[f.round for f in finalisations]
        )
        .select_related("indicator")
        .prefetch_related(Prefetch("actions", queryset=OrganisationAction.objects.order_by("pk")))
        .order_by("round", "indicator__order")
    )
    by_round = {}
    for item in agreed:
        by_round.setdefault(item.round, []).append(item)
    rounds = []
    for finalisation in finalisations:
        items = by_round.get(finalisation.round, [])
        subtotals = []
        for value, label in Element.choices:
            scores = [i.value for i in items if i.indicator.element == value]
            maximum = len(scores) * outcomes.MAX_SCORE_PER_INDICATOR
            got = sum(scores)
            subtotals.append(
                {
                    "element": label,
                    "total": got,
                    "max": maximum,
                    "percent": round(100 * got / maximum) if maximum else 0,
                }
            )
        rounds.append(
            {
                "finalisation": finalisation,
                "round": finalisation.round,
                "total": finalisation.total,
                "max": outcomes.MAX_TOTAL,
                "outcome": finalisation.outcome_label,
                "subtotals": subtotals,
                "items": items,
                "is_latest": finalisation is finalisations[-1],
            }
        )
    return rounds


def feedback_items_for_actions(application):
    """Feedback the organisation can respond to: the latest confirmed round's items."""
    rounds = confirmed_rounds(application)
    if not rounds:
        return AgreedScore.objects.none()
    return (
        AgreedScore.objects.filter(application_id=application.pk, round=rounds[-1].round)
        .select_related("indicator")
        .order_by("indicator__order")
    )


def add_organisation_action(application, agreed_score_id, text, *, actor):
    text = (text or "").strip()
    if not text:
        raise PanelError("Write what you did or are doing.")
    item = feedback_items_for_actions(application).filter(pk=agreed_score_id).first()
    if item is None:
        raise PanelError("Choose one of the panel's feedback points.")
    return OrganisationAction.objects.create(agreed_score=item, text=text, created_by=actor)


def dashboard_for(member):
    """What a panel member sees: upcoming interviews, things to read, and what happened."""
    now = timezone.now()
    applications = list(
        Application.objects.filter(panel__seats__member=member)
        .select_related("organisation", "level")
        .order_by("-created_at")
    )
    ids = [a.pk for a in applications]
    interviews = {
        i.application_id: i
        for i in Interview.objects.scheduled().filter(application_id__in=ids).order_by("starts_at")
    }
    finalisations = {}
    for f in Finalisation.objects.filter(application_id__in=ids, confirmed_at__isnull=False):
        finalisations.setdefault(f.application_id, []).append(f)
    actions = {}
    for action in (
        OrganisationAction.objects.filter(agreed_score__application_id__in=ids)
        .select_related("agreed_score__indicator")
        .order_by("created_at")
    ):
        actions.setdefault(action.agreed_score.application_id, []).append(action)
    scored_ids = set(
        Score.objects.filter(member=member, application_id__in=ids).values_list(
            "application_id", flat=True
        )
    )
    finalised = set(
        Finalisation.objects.filter(application_id__in=ids).values_list("application_id", "round")
    )
    upcoming, to_read, finished = [], [], []
    for application in applications:
        interview = interviews.get(application.pk)
        row = {
            "application": application,
            "interview": interview,
            "results": finalisations.get(application.pk, []),
            "actions": actions.get(application.pk, []),
            "scoring_open": scoring_open(
                application, finalised=(application.pk, application.round) in finalised
            )
            is None,
        }
        if (
            interview is not None
            and interview.ends_at >= now
            and application.status in (Status.INTERVIEW_SCHEDULED,)
        ):
            upcoming.append(row)
        if application.status in (
            Status.PANEL_ASSIGNED,
            Status.INTERVIEW_SCHEDULED,
            Status.RESUBMITTED,
        ):
            to_read.append(row)
        elif application.pk in scored_ids or row["results"]:
            finished.append(row)
    upcoming.sort(key=lambda r: r["interview"].starts_at)
    return {"upcoming": upcoming, "to_read": to_read, "finished": finished}
