"""Business rules for organisations, memberships and invitations.

Views call these functions; they never change models themselves.
"""

import datetime
import logging

import rules
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import DateField, DateTimeField
from django.template.defaultfilters import date as format_date
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from jobs.services import send_email
from kitemark.sql import column_reader

from .models import Invitation, Membership, Organisation

logger = logging.getLogger(__name__)

SESSION_KEY = "current_organisation_id"
CLEARED_DRAFTS_KEY = "organisations_cleared_drafts"


class OrganisationError(Exception):
    """A refused action. The message is written for the person who tried it."""

    def __init__(self, message, code=""):
        super().__init__(message)
        self.message = message
        self.code = code


# --- Which organisation the user is working on ------------------------------------------


def organisations_for(user):
    """The organisations `user` belongs to, by name. Empty for anonymous users."""
    if not user or not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).order_by("name", "pk")


# PostgreSQL and SQLite both read this. The same statement as organisations_for(user)
# .only("name"); through the ORM (a join, only(), order_by()) it took about 0.4 ms to build
# on every dashboard request.
_ORGANISATION_CHOICES_SQL = """
    SELECT o."id", o."name"
    FROM "organisations_organisation" o
    INNER JOIN "organisations_membership" m ON m."organisation_id" = o."id"
    WHERE m."user_id" = %s
    ORDER BY o."name", o."id"
"""


def organisation_choices(user):
    """organisations_for(user) as a list, with only their names loaded: all that the
    dashboard and the organisation switcher show of them."""
    if not user or not user.is_authenticated:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_ORGANISATION_CHOICES_SQL, [user.pk])
        rows = cursor.fetchall()
    return [Organisation.from_db(connection.alias, ["id", "name"], row) for row in rows]


def choose_current(organisations, chosen_id):
    """From an already loaded list, the one chosen in the session, else the first, else None."""
    for organisation in organisations:
        if chosen_id is not None and str(organisation.pk) == str(chosen_id):
            return organisation
    return organisations[0] if organisations else None


def current_organisation(request):
    """The organisation the signed-in user is working on, or None.

    The one they chose with the switcher (if they are still a member of it),
    otherwise their first one.
    """
    organisations = list(organisations_for(request.user))
    return choose_current(organisations, request.session.get(SESSION_KEY))


def set_current_organisation(request, organisation_id):
    """Remember the user's choice. Raises Organisation.DoesNotExist if they are not a member."""
    organisation = organisations_for(request.user).get(pk=organisation_id)
    request.session[SESSION_KEY] = organisation.pk
    return organisation


def forget_current_organisation(request, organisation):
    if str(request.session.get(SESSION_KEY)) == str(organisation.pk):
        del request.session[SESSION_KEY]


def mark_draft_saved(request, draft_key):
    """Tell the next page's script that the browser's copy of a form can be thrown away."""
    keys = request.session.get(CLEARED_DRAFTS_KEY, [])
    if draft_key not in keys:
        keys.append(draft_key)
    request.session[CLEARED_DRAFTS_KEY] = keys


def pop_cleared_drafts(request):
    return request.session.pop(CLEARED_DRAFTS_KEY, [])


# --- Registering and editing -------------------------------------------------------------


@transaction.atomic
def register_organisation(user, form):
    """Save a valid OrganisationForm and make `user` its first member."""
    if not rules.has_perm("organisations.add_organisation", user):
        raise OrganisationError(
            "Only organisation accounts can register an organisation.", code="not_allowed"
        )
    organisation = form.save()
    Membership.objects.create(organisation=organisation, user=user)
    return organisation


def update_organisation(form):
    return form.save()


# --- Members -----------------------------------------------------------------------------


def members_of(organisation):
    return organisation.memberships.select_related("user").order_by("user__full_name", "pk")


@transaction.atomic
def leave_organisation(organisation, user):
    """Remove `user` from `organisation`. The last member cannot leave."""
    # Lock the organisation so two members leaving at once cannot leave it empty.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    membership = organisation.memberships.filter(user=user).first()
    if membership is None:
        raise OrganisationError(f"You are not a member of {organisation.name}.", code="not_member")
    if organisation.memberships.count() <= 1:
        raise OrganisationError(
            f"You are the only member of {organisation.name}, so you cannot leave it. "
            "Invite a colleague first. Once they have joined, you can leave.",
            code="last_member",
        )
    membership.delete()


def is_last_member(organisation):
    return organisation.memberships.count() <= 1


# --- Invitations -------------------------------------------------------------------------


def invitation_path(invitation):
    return reverse("organisations:invitation", args=[invitation.token])


def pending_invitations(organisation):
    return organisation.invitations.pending().select_related("invited_by").order_by("-created_at")


# PostgreSQL and SQLite both read this. The same rows as Invitation.objects.pending()
# .filter(email__iexact=email) (keep the two conditions alike), found through the
# invitation_email_upper_idx index; through the ORM the query took about 0.4 ms to build on
# every dashboard request.
_INVITATIONS_FOR_EMAIL_SQL = """
    SELECT o."name", i."token", i."expires_at"
    FROM "organisations_invitation" i
    INNER JOIN "organisations_organisation" o ON o."id" = i."organisation_id"
    WHERE i."accepted_at" IS NULL AND i."cancelled_at" IS NULL AND i."expires_at" > %s
        AND UPPER(i."email") = UPPER(%s)
    ORDER BY i."created_at" DESC
"""


def invitations_for_email(email):
    """Pending invitations addressed to `email`, for the invitee's own dashboard, newest first:
    the organisation's name, the link's token and when it runs out (all the list shows)."""
    if not email:
        return []
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_INVITATIONS_FOR_EMAIL_SQL, [now, email])
        rows = cursor.fetchall()
    read_datetime = column_reader(DateTimeField())
    return [
        {"organisation_name": name, "token": token, "expires_at": read_datetime(expires_at)}
        for name, token, expires_at in rows
    ]


@transaction.atomic
def invite(organisation, email, invited_by):
    """Create an invitation and email its link. An older pending one to the same address
    is cancelled, so only the newest link works."""
    email = email.strip().lower()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise OrganisationError(
            f"{email} is already a member of {organisation.name}.", code="already_member"
        )
    now = timezone.now()
    organisation.invitations.pending().filter(email__iexact=email).update(cancelled_at=now)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        invited_by=invited_by,
        expires_at=now + datetime.timedelta(days=getattr(settings, "INVITATION_VALID_DAYS", 7)),
    )
    inviter = invited_by.display_label if invited_by else "A colleague"
    send_email(
        to=[email],
        subject=f"{inviter} has invited you to join {organisation.name} on the Kitemark",
        template="organisations_invitation",
        context={
            "invitation": invitation,
            "organisation": organisation,
            "inviter": inviter,
            "path": invitation_path(invitation),
            "expires_on": format_date(timezone.localtime(invitation.expires_at), "j F Y"),
        },
        key=f"organisation-invitation:{invitation.pk}",
    )
    return invitation


@transaction.atomic
def cancel_invitation(invitation):
    """Stop a pending invitation's link from working. Cancelling twice changes nothing."""
    updated = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=timezone.now())
    if not updated:
        invitation.refresh_from_db()
        if invitation.is_used:
            raise OrganisationError(
                f"{invitation.email} has already accepted this invitation.", code="used"
            )
    invitation.refresh_from_db()
    return invitation


def invitation_problem(invitation, user):
    """Why `user` cannot accept `invitation` now, as an OrganisationError, or None.

    Checked on the page (to explain before they press the button) and again when
    they accept.
    """
    if invitation.is_cancelled:
        return OrganisationError(
            f"This invitation to join {invitation.organisation.name} was cancelled. "
            "Ask your colleague to send you a new invitation.",
            code="cancelled",
        )
    if invitation.is_used:
        if user.is_authenticated and invitation.accepted_by_id == user.pk:
            return OrganisationError(
                f"You have already accepted this invitation and joined "
                f"{invitation.organisation.name}.",
                code="used_by_you",
            )
        return OrganisationError(
            "This invitation has already been used. Each invitation link works once. "
            "Ask your colleague to send you a new invitation.",
            code="used",
        )
    if invitation.is_expired:
        return OrganisationError(
            f"This invitation ran out on "
            f"{format_date(timezone.localtime(invitation.expires_at), 'j F Y')}. "
            "Invitations last a week. Ask your colleague to send you a new invitation.",
            code="expired",
        )
    if not user.is_authenticated:
        return None
    if not rules.has_perm("organisations.accept_invitation", user):
        return OrganisationError(
            "You are signed in with a panel or participation team account, which cannot join "
            "an organisation. Sign out, then sign in with your organisation account.",
            code="wrong_role",
        )
    if (user.email or "").lower() != invitation.email.lower():
        return OrganisationError(
            f"This invitation was sent to {invitation.email}, but you are signed in as "
            f"{user.email or user.login_name}. Sign out and sign in as {invitation.email}, "
            "or ask your colleague to invite the address you use.",
            code="wrong_email",
        )
    if invitation.organisation.memberships.filter(user=user).exists():
        return OrganisationError(
            f"You are already a member of {invitation.organisation.name}.",
            code="already_member",
        )
    return None


def accept_invitation(invitation, user):
    """Make `user` a member. Raises OrganisationError if the invitation cannot be used."""
    with transaction.atomic():
        locked = (
            Invitation.objects.select_for_update()
            .select_related("organisation")
            .get(pk=invitation.pk)
        )
        problem = invitation_problem(locked, user)
        if problem is not None:
            raise problem
        try:
            with transaction.atomic():
                membership = Membership.objects.create(organisation=locked.organisation, user=user)
        except IntegrityError:
            raise OrganisationError(
                f"You are already a member of {locked.organisation.name}.",
                code="already_member",
            ) from None
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
        _notify_members_of_new_member(locked.organisation, membership)
    invitation.refresh_from_db()
    return membership


def _notify_members_of_new_member(organisation, membership):
    new_member = membership.user
    recipients = [
        m.user.email
        for m in organisation.memberships.select_related("user").exclude(pk=membership.pk)
        if m.user.email and m.user.is_active
    ]
    send_email(
        to=recipients,
        subject=f"{new_member.display_label} has joined {organisation.name} on the Kitemark",
        template="organisations_member_joined",
        context={
            "organisation": organisation,
            "new_member": new_member,
            "path": reverse("organisations:members", args=[organisation.pk]),
        },
        key=f"organisation-member-joined:{membership.pk}",
    )


# --- The dashboard -----------------------------------------------------------------------


def _interview_when(application_pk):
    """The next interview's date and time, from the panels app if it is installed."""
    from assessments.models import Application

    try:
        from panels.selectors import next_interview_for
    except (ImportError, AttributeError):
        return None
    try:
        interview = next_interview_for(Application(pk=application_pk))
    except (ImportError, AttributeError):
        return None
    if interview is None:
        return None
    if isinstance(interview, datetime.date):
        return interview
    for name in ("starts_at", "start", "scheduled_at", "scheduled_for", "when", "date"):
        value = getattr(interview, name, None)
        if isinstance(value, datetime.date):
            return value
    return None


def _format_when(value):
    if isinstance(value, datetime.datetime):
        return format_date(timezone.localtime(value), "l j F Y \\a\\t g:i a")
    return format_date(value, "l j F Y")


def next_step(application):
    """Where the live application stands and what happens next, in plain words.
    `application`: one of dashboard_for's rows (DASHBOARD_APPLICATION_FIELDS)."""
    from assessments.models import Status

    status = application["status"]
    deadline = format_date(application["cycle__submission_deadline"], "j F Y")
    if status == Status.DRAFT:
        return f"Finish your self-assessment and submit it by {deadline}."
    if status == Status.SUBMITTED:
        return (
            "The participation team is checking your submission. "
            "We will email you when there is news."
        )
    if status == Status.RETURNED:
        return (
            "The participation team needs more information. Read what they asked for, "
            f"update your answers and submit again by {deadline}."
        )
    if status == Status.PANEL_ASSIGNED:
        return (
            "A panel of young people has been chosen to assess you. "
            "The participation team will email you the date of your interview."
        )
    if status == Status.INTERVIEW_SCHEDULED:
        when = _interview_when(application["pk"])
        if when is None:
            return (
                "The panel will interview you. Your email invitation has the date, time and place."
            )
        return f"The panel will interview you on {_format_when(when)}."
    if status == Status.SCORED:
        return (
            "The panel has scored your application. "
            "The participation team is checking the result and will tell you soon."
        )
    if status == Status.RESUBMISSION_INVITED:
        if application["resubmission_deadline"]:
            by = format_date(application["resubmission_deadline"], "j F Y")
            return (
                "You are invited to resubmit. Add evidence and make the changes the panel "
                f"suggested, then resubmit by {by}."
            )
        return "You are invited to resubmit. Add evidence and make the changes the panel suggested."
    if status == Status.RESUBMITTED:
        return "The panel is looking at your resubmission. We will email you the result."
    return ""


def _url_maker(name, placeholder=987654321):
    """`name`'s URL for any primary key from one reverse(), or None if the app that serves it
    is not installed (the page then shows the row without a link)."""
    try:
        prefix, suffix = reverse(name, args=[placeholder]).split(str(placeholder))
    except NoReverseMatch:
        return None
    return lambda pk: f"{prefix}{pk}{suffix}"


def _live_summary(application, status_labels):
    """What the "Your application" card shows of the live application."""
    return {
        "pk": application["pk"],
        "level_name": application["level__name"],
        "cycle_name": application["cycle__name"],
        "status_label": status_labels.get(application["status"], application["status"]),
    }


def past_application_rows(applications, status_labels):
    """The past applications table: level, round and result, with a link to each. The total
    shows only once the participation team has confirmed the outcome (as
    Application.outcome_visible_to_organisation says)."""
    from assessments.outcomes import MAX_TOTAL

    detail_url = _url_maker("assessments:detail")
    rows = []
    for application in applications:
        result = status_labels.get(application["status"], application["status"])
        total = application["total"]
        if application["outcome_confirmed_at"] is not None and total is not None:
            result = f"{result} ({total} out of {MAX_TOTAL})"
        rows.append(
            {
                "url": detail_url(application["pk"]) if detail_url else "",
                "level_name": application["level__name"],
                "cycle_name": application["cycle__name"],
                "result": result,
            }
        )
    return rows


# What the dashboard, next_step() and past_application_rows() read of each application.
# Read as plain values: the page stays cheap however many rounds an organisation entered.
DASHBOARD_APPLICATION_FIELDS = (
    "pk",
    "status",
    "total",
    "outcome_confirmed_at",
    "resubmission_deadline",
    "cycle__name",
    "cycle__submission_deadline",
    "level__name",
)

# PostgreSQL and SQLite both read this: the DASHBOARD_APPLICATION_FIELDS of the
# organisation's applications, newest first (Application.Meta.ordering). Through the ORM
# (values() across two joins) the query took about 0.5 ms to build on every dashboard request.
_DASHBOARD_APPLICATIONS_SQL = """
    SELECT a."id", a."status", a."total", a."outcome_confirmed_at", a."resubmission_deadline",
        c."name", c."submission_deadline", l."name"
    FROM "assessments_application" a
    INNER JOIN "assessments_cycle" c ON c."id" = a."cycle_id"
    INNER JOIN "assessments_level" l ON l."id" = a."level_id"
    WHERE a."organisation_id" = %s
    ORDER BY a."created_at" DESC
"""


def _dashboard_applications(organisation):
    """The organisation's applications as dicts of DASHBOARD_APPLICATION_FIELDS, newest first."""
    with connection.cursor() as cursor:
        cursor.execute(_DASHBOARD_APPLICATIONS_SQL, [organisation.pk])
        rows = cursor.fetchall()
    read_date = column_reader(DateField())
    applications = []
    for row in rows:
        application = dict(zip(DASHBOARD_APPLICATION_FIELDS, row, strict=True))
        application["resubmission_deadline"] = read_date(application["resubmission_deadline"])
        application["cycle__submission_deadline"] = read_date(
            application["cycle__submission_deadline"]
        )
        applications.append(application)
    return applications


def dashboard_for(organisation):
    """Everything the organisation dashboard shows, in a fixed number of queries."""
    from assessments.models import FINISHED_STATUSES, LIVE_STATUSES, Cycle, Status

    # One read of the organisation's applications (a handful: one per round it entered)
    # gives both the live one and the finished ones.
    applications = _dashboard_applications(organisation)
    status_labels = dict(Status.choices)  # as Application.get_status_display() gives them
    live = next((a for a in applications if a["status"] in LIVE_STATUSES), None)
    past = [a for a in applications if a["status"] in FINISHED_STATUSES]
    open_cycle = None
    if live is None:
        open_cycle = Cycle.objects.open_on().order_by("submission_deadline").first()
    return {
        "live_application": _live_summary(live, status_labels) if live else None,
        "next_step": next_step(live) if live else "",
        "past_applications": past_application_rows(past, status_labels),
        "open_cycle": open_cycle,
        "can_start": live is None and open_cycle is not None,
    }
