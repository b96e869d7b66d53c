"""The reads the check-in pages need."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from certificates.dates import months_before
from certificates.models import Award
from panels.models import Conflict, OrganisationAction, PanelMember, Score

from .models import CheckIn, Review, Verdict
from .schedule import REMIND_BEFORE, checkin_months, due_dates, is_flagged_overdue


class State:
    DRAFT = "draft"
    NOT_STARTED = "not_started"
    WAITING = "waiting"
    OPEN = "open"
    CLOSED = "closed"

    LABELS = {
        "not_started": "Not started",
        "draft": "Draft, not sent",
        "waiting": "Waiting for review",
        "open": "Questions or worries open",
        "closed": "Closed",
    }


def due_dates_of(award):
    """[(number, due date)] of the award's check-ins."""
    return due_dates(award.awarded_on, award.expires_on)


def state_of(checkin, reviews=None):
    """A check-in's state (see checkins.models): derived from when it was sent and what
    its reviewers said, never stored. `reviews`: its reviews, if already loaded."""
    if checkin is None:
        return State.NOT_STARTED
    if not checkin.is_sent:
        return State.DRAFT
    reviews = list(checkin.reviews.all()) if reviews is None else reviews
    if not reviews or any(not r.verdict for r in reviews):
        return State.WAITING
    if any(r.question_open or r.worry_open for r in reviews):
        return State.OPEN
    return State.CLOSED


def default_reviewers(award):
    """The young people who scored the award's application and can still review: active,
    not anonymised, with no conflict declared with the organisation."""
    conflict = Conflict.objects.filter(member=OuterRef("pk"), organisation_id=award.organisation_id)
    return (
        PanelMember.objects.active()
        .filter(anonymised_at__isnull=True)
        .filter(
            Exists(Score.objects.filter(member=OuterRef("pk"), application_id=award.application_id))
        )
        .exclude(Exists(conflict))
        .order_by("pk")
    )


def reviewer_choices(checkin):
    """Young people staff may add as reviewers: active, not yet asked, no conflict."""
    conflict = Conflict.objects.filter(
        member=OuterRef("pk"), organisation_id=checkin.award.organisation_id
    )
    return (
        PanelMember.objects.active()
        .filter(anonymised_at__isnull=True)
        .exclude(Exists(conflict))
        .exclude(checkin_reviews__checkin=checkin)
        .order_by("display_name", "pk")
    )


@dataclass
class Row:
    award: Award
    number: int
    due_on: date
    checkin: CheckIn | None
    state: str
    overdue: bool = False
    flagged: bool = False

    @property
    def state_label(self):
        return State.LABELS[self.state]


def lateness(state, due_on, today):
    """(overdue, flagged) of a check-in in `state` due on `due_on`: late once its day has
    passed unsent, flagged more than 8 weeks late."""
    late = state in (State.NOT_STARTED, State.DRAFT) and due_on < today
    return late, late and is_flagged_overdue(due_on, today)


def award_rows(award, checkins, today, due_by=None):
    """The Rows of one award's check-ins, due by `due_by` if given. `checkins`: the award's
    check-ins with their reviews, already loaded, so that a list of awards reads them in
    one go (see _rows, and the staff API's awards). Only a check-in the organisation may
    still write (can_write) is late: an award revoked or expired before it was sent is
    not chasing anyone."""
    by_number = {c.number: c for c in checkins}
    rows = []
    for number, due_on in due_dates_of(award):
        if due_by is not None and due_on > due_by:
            continue
        checkin = by_number.get(number)
        state = state_of(checkin, list(checkin.reviews.all()) if checkin else None)
        overdue, flagged = (
            lateness(state, due_on, today) if can_write(award, number, today) else (False, False)
        )
        rows.append(Row(award, number, due_on, checkin, state, overdue, flagged))
    return rows


def _rows(awards, today, due_by=None):
    awards = list(awards)
    checkins = {}
    for checkin in CheckIn.objects.filter(award__in=awards).prefetch_related("reviews"):
        checkins.setdefault(checkin.award_id, []).append(checkin)
    return [
        row
        for award in awards
        for row in award_rows(award, checkins.get(award.pk, []), today, due_by=due_by)
    ]


def for_organisation(organisation, today=None):
    """Every check-in of the organisation's current awards, due or to come."""
    today = today or timezone.localdate()
    awards = Award.objects.current(today).filter(organisation=organisation).select_related("level")
    return _rows(awards, today)


def can_write(award, number, today=None):
    """Whether the organisation may write check-in `number` of `award` now."""
    return award.status_on(today) == "current" and number in dict(due_dates_of(award))


@dataclass(frozen=True)
class DueCheckIn:
    """A check-in that is due (within 4 weeks or late) and not sent, as plain values: at
    national scale there are thousands, so the queue holds no model instances."""

    award_id: int
    number: int
    due_on: date
    state: str
    overdue: bool
    flagged: bool

    @property
    def state_label(self):
        return State.LABELS[self.state]


def due_checkins(today=None):
    """Every check-in of each organisation's current award that is due by 4 weeks from
    `today` (or late) and not sent, earliest due first."""
    today = today or timezone.localdate()
    due_by = today + REMIND_BEFORE
    # Narrowed in the database, a few days wide of the month arithmetic; due_dates decides.
    condition = Q()
    for months in checkin_months():
        condition |= Q(awarded_on__lte=months_before(due_by, months) + timedelta(days=3))
    candidates = (
        Award.objects.current(today).latest_per_organisation(current_on=today).filter(condition)
    )
    awards = list(candidates.values_list("pk", "awarded_on", "expires_on"))
    # By subquery: thousands of ids written into the statement cost more than the join.
    started = (
        {
            (c.award_id, c.number): c
            for c in CheckIn.objects.filter(award__in=candidates.values("pk")).only(
                "award_id", "number", "sent_at"
            )
        }
        if awards
        else {}
    )
    rows = []
    for award_id, awarded_on, expires_on in awards:
        for number, due_on in due_dates(awarded_on, expires_on):
            if due_on > due_by:
                continue
            # Whether a check-in is due depends only on whether it was sent, not on reviews.
            state = state_of(started.get((award_id, number)), reviews=[])
            if state not in (State.NOT_STARTED, State.DRAFT):
                continue
            overdue, flagged = lateness(state, due_on, today)
            rows.append(DueCheckIn(award_id, number, due_on, state, overdue, flagged))
    rows.sort(key=lambda r: (r.due_on, r.award_id, r.number))
    return rows


def staff_queue(today=None):
    """The pipeline's check-in sections: due (within 4 weeks or late, not sent), flagged
    (more than 8 weeks late), waiting for review, and worried (a worry staff have not
    closed)."""
    due = due_checkins(today)
    unreviewed = Review.objects.filter(checkin=OuterRef("pk"), verdict="")
    any_review = Review.objects.filter(checkin=OuterRef("pk"))
    open_worry = Review.objects.filter(
        checkin=OuterRef("pk"), verdict=Verdict.WORRIED, worry_closed_at__isnull=True
    )
    attention = list(
        CheckIn.objects.filter(sent_at__isnull=False)
        .annotate(
            waiting=Exists(unreviewed) | ~Exists(any_review),
            worried=Exists(open_worry),
        )
        .filter(Q(waiting=True) | Q(worried=True))
        .select_related("award__organisation", "award__level")
        .order_by("sent_at", "pk")
    )
    waiting = [c for c in attention if c.waiting]
    worried = [c for c in attention if c.worried]
    return {
        "due": due,
        "flagged": [r for r in due if r.flagged],
        "waiting": waiting,
        "worried": worried,
    }


def organisation_names(award_ids):
    """{award id: its organisation's name}, for a page of DueCheckIn rows."""
    return dict(Award.objects.filter(pk__in=award_ids).values_list("pk", "organisation__name"))


def reviews_for(member):
    """The check-ins a young person was asked to review, newest first."""
    return (
        Review.objects.filter(member=member, checkin__sent_at__isnull=False)
        .select_related("checkin__award__organisation", "checkin__award__level")
        .order_by("-checkin__sent_at", "-pk")
    )


def checkin_detail(checkin):
    """A check-in with what its pages show, loaded once."""
    return (
        CheckIn.objects.filter(pk=checkin.pk)
        .select_related("award__organisation", "award__level", "award__application")
        .prefetch_related(
            "elements",
            "you_said",
            "evidence",
            Prefetch("reviews", queryset=Review.objects.select_related("member").order_by("pk")),
        )
        .get()
    )


def earlier_checkins(organisation):
    """The organisation's sent check-ins, newest first: offered as evidence when it
    applies again."""
    return (
        CheckIn.objects.filter(award__organisation=organisation, sent_at__isnull=False)
        .select_related("award__level")
        .order_by("-sent_at")
    )


def actions_of(award):
    """The actions the organisation recorded in answer to the panel's feedback."""
    return (
        OrganisationAction.objects.filter(agreed_score__application_id=award.application_id)
        .select_related("agreed_score__indicator")
        .order_by("created_at", "pk")
    )


@dataclass
class ReviewView:
    """A review as the organisation sees it: no name."""

    pk: int
    verdict: str
    verdict_label: str
    comment: str
    questions: str
    answer: str
    answered: bool


def reviews_for_organisation(checkin):
    return [
        ReviewView(
            pk=r.pk,
            verdict=r.verdict,
            verdict_label=r.get_verdict_display(),
            comment=r.comment,
            questions=r.questions,
            answer=r.answer,
            answered=r.answered_at is not None,
        )
        for r in checkin.reviews.all()
        if r.verdict
    ]
