"""Members' own scores: saving each one as it is chosen, and sending them all."""

from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from assessments import outcomes
from assessments.models import Indicator

from .. import queries, selectors
from ..models import ScoringSubmission
from ..refusals import PanelError
from .application_lock import lock_application

COMMENT_MAX = 1000

# A device's clock gives milliseconds since 1970: none is earlier.
EARLIEST_CLIENT_TIME = datetime(1970, 1, 1, tzinfo=UTC)


def parse_client_time(value):
    """When the member chose the score, by their device's clock: a datetime, milliseconds
    since 1970 (from the browser) or ISO 8601 text. None if absent.

    A time after the server's now counts as now: a device whose clock runs ahead (or a
    made-up stamp) must not pin its score, so that no later choice could replace it
    (see queries.upsert_score). Raises ValueError for anything else, and for a time
    before 1970 or one the database cannot store ("9999-12-31T23:59:59-14:00" is after
    the last moment of year 9999 in UTC)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("not a time")
    try:
        if isinstance(value, datetime):
            chosen_at = value
        elif isinstance(value, int | float) or _is_number(value):
            chosen_at = datetime.fromtimestamp(float(value) / 1000, tz=UTC)
        else:
            chosen_at = datetime.fromisoformat(str(value))
        if timezone.is_naive(chosen_at):
            chosen_at = timezone.make_aware(chosen_at)
        chosen_at = chosen_at.astimezone(UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        raise ValueError("not a time the database can store") from None
    if chosen_at < EARLIEST_CLIENT_TIME:
        raise ValueError("before 1970")
    return min(chosen_at, timezone.now())


def _is_number(text):
    try:
        float(text)
    except (TypeError, ValueError):
        return False
    return True


def _require_seat_with_scoring_open(member, application, state):
    """Scores come only from a seated member recorded as present, and only while the round
    is open."""
    if member is None or not state.seated:
        raise PanelError("You are not on the panel for this application.")
    closed = selectors.scoring_closed(application, state)
    if closed:
        raise PanelError(closed)
    if not state.present:
        raise PanelError("The facilitator has not marked you as here yet.")


@transaction.atomic
def save_score(member, application, indicator_id, value, *, client_time=None, comment=""):
    """Save one score, with the member's optional comment in their own words. Returns
    (score, applied): applied is False when a newer score from the same member was already
    saved (a late replay from an offline device).

    The application's row is locked first, as finalise() locks it: a score is either saved
    before the round is finalised or refused, never saved after."""
    application = lock_application(application)
    state = selectors.round_state(application, member)
    _require_seat_with_scoring_open(member, application, state)
    if state.submitted:
        raise PanelError("You have already sent your scores. They cannot be changed now.")
    try:
        value, indicator_id = int(value), int(indicator_id)
    except (TypeError, ValueError, OverflowError):
        raise PanelError("Choose a score from 0 to 4.") from None
    if not 0 <= value <= outcomes.MAX_SCORE_PER_INDICATOR:
        raise PanelError("Choose a score from 0 to 4.")
    if not Indicator.objects.to_score(application).filter(pk=indicator_id).exists():
        raise PanelError("This indicator is not being scored.")
    try:
        chosen_at = parse_client_time(client_time) or timezone.now()
    except ValueError:
        raise PanelError("Your device's clock sent a time we cannot read.") from None
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise PanelError(f"Make your comment shorter: at most {COMMENT_MAX} letters.")
    return queries.upsert_score(member, application, indicator_id, value, chosen_at, comment)


@transaction.atomic
def submit_scores(member, application):
    """The member has finished scoring the round: their scores can no longer change, and
    they may see everyone else's."""
    application = lock_application(application)
    state = selectors.round_state(application, member)
    _require_seat_with_scoring_open(member, application, state)
    missing = selectors.missing_member_scores(member, application)
    if missing:
        codes = ", ".join(i.code for i in missing)
        raise PanelError(f"You have not scored these yet: {codes}.")
    submission, _ = ScoringSubmission.objects.get_or_create(
        member=member, application_id=application.pk, round=application.round
    )
    return submission
