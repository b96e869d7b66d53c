"""What the panels app reads: who sits on a panel, where a scoring round stands, and what
each panel page shows. Nothing here changes data; the writes are in panels.services."""

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments import outcomes
from assessments.models import Application, Element, Indicator, Status

from . import agreement
from .models import (
    AgreedScore,
    Attendance,
    Confirmation,
    Conflict,
    Finalisation,
    Interview,
    Notice,
    OrganisationAction,
    Panel,
    PanelMember,
    PanelSeat,
    PrivateNote,
    Score,
    ScoringSubmission,
    SeatLoss,
    SendBack,
    Sitting,
)

# ---------------------------------------------------------------------------
# Who is on a panel. Pure functions of (user, application, database): the `rules`
# predicates in panels/rules.py call them, and other apps may too.
# ---------------------------------------------------------------------------


def _is_panel_user(user):
    return user is not None and user.is_authenticated and user.is_panel_member


def _is_staff_user(user):
    return user is not None and user.is_authenticated and user.is_participation_staff


def member_for(user):
    """The user's active PanelMember, or None."""
    if not _is_panel_user(user):
        return None
    return PanelMember.objects.of_user(user).first()


def seated_member(user, application):
    """The user's active PanelMember if it has a seat on the application's panel, or None."""
    if application is None or not _is_panel_user(user):
        return None
    return PanelMember.objects.of_user(user).seated_on(application).first()


def is_seated(user, application):
    return seated_member(user, application) is not None


def is_facilitator(user, application):
    """True for the participation staff member who facilitates the application's panel."""
    if application is None or not _is_staff_user(user):
        return False
    return Panel.objects.of_application(application).facilitated_by(user).exists()


def is_assigned(user, application):
    """True for an active member seated on the application's panel, or its facilitator."""
    if application is None or user is None or not user.is_authenticated:
        return False
    return is_seated(user, application) or is_facilitator(user, application)


def panel_for(application):
    return Panel.objects.of_application(application).first()


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


def panel_label(application):
    """ "Maya, Leo (Youth Cabinet)": first names and group only."""
    panel = panel_for(application)
    if panel is None:
        return ""
    groups = OrderedDict()
    for seat in panel.seats.select_related("member").order_by("member__display_name"):
        groups.setdefault(seat.member.group, []).append(seat.member.display_name)
    # An anonymised member has no group: no empty brackets.
    return "; ".join(
        f"{', '.join(names)} ({group})" if group else ", ".join(names)
        for group, names in groups.items()
    )


# ---------------------------------------------------------------------------
# Interviews
# ---------------------------------------------------------------------------


def next_interview_for(application):
    """The scheduled, not cancelled interview, or None."""
    return Interview.objects.scheduled().of_application(application).order_by("-starts_at").first()


def interview_date_for(application):
    """The day the resubmission deadline counts from: the interview's, or (without one) the
    day round 1 was finalised, or today."""
    interview = next_interview_for(application)
    if interview is not None:
        return interview.local_date
    finalisation = Finalisation.objects.of_round(application, 1).first()
    if finalisation is not None:
        return timezone.localtime(finalisation.finalised_at).date()
    return timezone.localdate()


# ---------------------------------------------------------------------------
# Where a scoring round stands
# ---------------------------------------------------------------------------

SCORING_STATUS_FOR_ROUND = {1: Status.INTERVIEW_SCHEDULED, 2: Status.RESUBMITTED}


@dataclass(frozen=True)
class RoundState:
    """Where an application's current scoring round stands, for one member (or none)."""

    finalised: bool  # the facilitator finalised the round: its scores are final
    scores_revealed: bool  # the facilitator showed everyone's scores to the panel
    seated: bool = False  # the member has a seat on the panel
    submitted: bool = False  # the member sent their scores for the round
    started: bool = False  # the interview (or round-2 session) has started
    present: bool = False  # the facilitator recorded the member as present
    present_count: int = 0  # how many seated young people are recorded as present
    sent_back: str = ""  # staff's reason, while the round is open again after a send-back


def min_young_people():
    """The fewest young people on a panel, and present for its scoring (a setting)."""
    return settings.PANEL_MIN_YOUNG_PEOPLE


def round_states(applications, member=None):
    """{application pk: RoundState} of each application's current round, in one query.
    `seated`, `submitted` and `present` are the member's (False without one).

    A round has started once the facilitator started it (a Sitting), or, in round 1, once
    the scheduled interview's start time has come."""
    application = OuterRef("pk")
    this_round = {"application": application, "round": OuterRef("round")}
    if member is None:
        seated = submitted = present = Value(False)
    else:
        seated = Exists(PanelSeat.objects.filter(panel__application=application, member=member))
        submitted = Exists(ScoringSubmission.objects.filter(member=member, **this_round))
        present = Exists(
            Attendance.objects.filter(member=member, present=True, **this_round).filter(
                member__seats__panel__application=application
            )
        )
    present_count = (
        Attendance.objects.filter(
            present=True, member__seats__panel__application=application, **this_round
        )
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = Application.objects.filter(pk__in=[a.pk for a in applications]).values(
        "pk",
        "round",
        finalised=Exists(Finalisation.objects.filter(**this_round)),
        scores_revealed=Exists(Panel.objects.filter(application=application, scores_revealed=True)),
        seated=seated,
        submitted=submitted,
        present=present,
        sitting=Exists(Sitting.objects.filter(**this_round)),
        interview_started=Exists(
            Interview.objects.scheduled().filter(
                application=application, starts_at__lte=timezone.now()
            )
        ),
        present_count=Coalesce(Subquery(present_count), 0),
        sent_back=Subquery(
            SendBack.objects.filter(**this_round).order_by("-sent_at", "-pk").values("reason")[:1]
        ),
    )
    return {
        row["pk"]: RoundState(
            finalised=bool(row["finalised"]),
            scores_revealed=bool(row["scores_revealed"]),
            seated=bool(row["seated"]),
            submitted=bool(row["submitted"]),
            started=bool(row["sitting"]) or (row["round"] == 1 and bool(row["interview_started"])),
            present=bool(row["present"]),
            present_count=row["present_count"],
            sent_back="" if row["finalised"] else (row["sent_back"] or ""),
        )
        for row in rows
    }


def round_state(application, member=None):
    """The RoundState of the application's current round (see round_states)."""
    return round_states([application], member)[application.pk]


def attendance_rows(application):
    """Each seated young person with their recorded presence in the current round:
    [{"member", "attendance" (or None)}], by name."""
    recorded = {
        a.member_id: a for a in Attendance.objects.of_round(application).select_related(None)
    }
    return [
        {"member": seat.member, "attendance": recorded.get(seat.member_id)}
        for seat in PanelSeat.objects.filter(panel__application_id=application.pk)
        .select_related("member")
        .order_by("member__display_name", "pk")
    ]


def round_not_started(application, state):
    """Why the facilitator cannot record who is present yet, or None: the round's status
    must be the scoring one, and the interview must have started."""
    if state.finalised:
        return "The scores for this application are final. They cannot be changed."
    if application.status != SCORING_STATUS_FOR_ROUND.get(application.round):
        return "Scoring is not open for this application."
    if not state.started:
        if application.round == 1:
            return "Scoring opens when the interview starts."
        return "Scoring opens when the facilitator starts the session."
    return None


def scoring_closed(application, state):
    """Why the panel cannot score the application now, or None while scoring is open: from
    the start of the interview (round 1) or the session (round 2), once at least
    PANEL_MIN_YOUNG_PEOPLE young people are recorded present, until the round is finalised.
    `state` is the application's RoundState."""
    not_started = round_not_started(application, state)
    if not_started:
        return not_started
    needed = min_young_people()
    if state.present_count < needed:
        return (
            f"Scoring opens when at least {needed} young people are here. "
            "The facilitator records who is here."
        )
    return None


def can_see_all_scores(state, *, member, facilitating):
    """The facilitator sees every member's scores. A member sees them once they have sent
    their own, or once the facilitator has revealed them; anyone else sees none. `state`
    is the application's RoundState for `member`."""
    if facilitating:
        return True
    return member is not None and (state.scores_revealed or state.submitted)


# ---------------------------------------------------------------------------
# Scoring: a member's own scores
# ---------------------------------------------------------------------------


def indicators_with_my_scores(member, application):
    """[(indicator, the member's score in the current round or None)] for each indicator
    being scored, in order. Each indicator's `my_comment` is the member's comment ("")."""
    mine = Score.objects.of_round(application).filter(member=member, indicator=OuterRef("pk"))
    indicators = (
        Indicator.objects.to_score(application)
        .only("code", "title")
        .annotate(
            my_score=Subquery(mine.values("value")[:1]),
            my_comment=Coalesce(
                Subquery(mine.values("comment")[:1]), Value(""), output_field=TextField()
            ),
        )
    )
    return [(indicator, indicator.my_score) for indicator in indicators]


def missing_member_scores(member, application):
    """The indicators being scored that the member has not scored yet, in order."""
    scored = Score.objects.of_round(application).filter(member=member).values("indicator_id")
    return list(Indicator.objects.to_score(application).exclude(pk__in=scored))


# ---------------------------------------------------------------------------
# Consensus: everyone's scores and the agreed ones
# ---------------------------------------------------------------------------


def consensus_rows(application, state, *, member, facilitating):
    """What the consensus page shows: the panel's seats (with whether each member has sent
    their scores), and a row per indicator being scored. `state` is the application's
    RoundState for `member` (the user's seat, or None); `facilitating` says whether the
    user facilitates the panel.

    Each row holds one indicator's scores (one cell per member the user may see: name,
    value, and the text to show, a dash where there is none yet), whether they differ, and
    its agreed score (and round 1's, in round 2) as a dict of value, feedback and
    needs_more_evidence. `missing` lists the codes still to agree."""
    pk, round_number = application.pk, application.round
    indicators = Indicator.objects.to_score(application).only("code", "title")
    sent = ScoringSubmission.objects.filter(
        member=OuterRef("member_id"), application_id=pk, round=round_number
    )
    seats = list(
        PanelSeat.objects.filter(panel__application_id=pk)
        .order_by("member__display_name", "pk")
        .values("member_id", name=F("member__display_name"), submitted=Exists(sent))
    )
    show_all = can_see_all_scores(state, member=member, facilitating=facilitating)
    own = member.pk if member is not None else None
    shown = seats if show_all else [s for s in seats if s["member_id"] == own]
    scores = Score.objects.of_round(application)
    if not show_all:
        scores = scores.filter(member_id=own)
    by_key = {
        (indicator_id, member_id): (value, comment)
        for indicator_id, member_id, value, comment in scores.values_list(
            "indicator_id", "member_id", "value", "comment"
        )
    }
    agreed = {1: {}, round_number: {}}
    for row in AgreedScore.objects.filter(application_id=pk, round__in=agreed.keys()).values(
        "indicator_id", "round", "value", "feedback", "needs_more_evidence", "outside_range_reason"
    ):
        agreed[row.pop("round")][row.pop("indicator_id")] = row
    first_round = agreed[1] if round_number == 2 else {}
    rows = []
    for indicator in indicators:
        given_by_seat = [
            by_key.get((indicator.pk, seat["member_id"]), (None, "")) for seat in shown
        ]
        values = [v for v, _ in given_by_seat]
        given = [v for v in values if v is not None]
        comments = [
            {"name": seat["name"], "text": comment}
            for seat, (_, comment) in zip(shown, given_by_seat, strict=True)
            if comment
        ]
        rows.append(
            {
                "pk": indicator.pk,
                "code": indicator.code,
                "title": indicator.title,
                "cells": [
                    {"name": seat["name"], "value": v, "text": "–" if v is None else v}
                    for seat, v in zip(shown, values, strict=True)
                ],
                "disagree": len(set(given)) > 1,
                "low": min(given) if given else None,
                "high": max(given) if given else None,
                "proposal": agreement.median_choices(given),
                "comments": comments,
                "suggested_feedback": " ".join(c["text"] for c in comments),
                "agreed": agreed[round_number].get(indicator.pk),
                "first_round": first_round.get(indicator.pk),
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


def present_members(application):
    """The seated young people recorded as present in the current round, by name."""
    return list(
        PanelMember.objects.seated_on(application)
        .filter(
            attendance__application_id=application.pk,
            attendance__round=application.round,
            attendance__present=True,
        )
        .order_by("display_name", "pk")
    )


def members_scores(application, indicator_ids=None):
    """{indicator id: [the present members' own scores]} in the current round."""
    present = [m.pk for m in present_members(application)]
    scores = Score.objects.of_round(application).filter(member_id__in=present)
    if indicator_ids is not None:
        scores = scores.filter(indicator_id__in=indicator_ids)
    found = {}
    for indicator_id, value in scores.values_list("indicator_id", "value"):
        found.setdefault(indicator_id, []).append(value)
    return found


def members_not_sent(application):
    """The present young people who have not sent their scores for the current round."""
    sent = ScoringSubmission.objects.of_round(application).values("member_id")
    return [m for m in present_members(application) if m.pk not in {r["member_id"] for r in sent}]


def sheet_fingerprint(application):
    """A short fingerprint of the round's agreed sheet: a confirmation names the sheet it
    confirms, so one made from a page shown before a change is refused."""
    rows = (
        AgreedScore.objects.of_round(application)
        .order_by("indicator_id")
        .values_list(
            "indicator_id", "value", "feedback", "needs_more_evidence", "outside_range_reason"
        )
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()[:16]


def confirmation_rows(application):
    """Each present young person and their confirmation of the round's sheet (or None)."""
    confirmed = {c.member_id: c for c in Confirmation.objects.of_round(application)}
    return [
        {"member": member, "confirmation": confirmed.get(member.pk)}
        for member in present_members(application)
    ]


def not_confirmed(application):
    """The present young people who have not confirmed the round's agreed sheet."""
    return [row["member"] for row in confirmation_rows(application) if not row["confirmation"]]


def seat_losses_to_handle(limit=20):
    """Seats lost to a conflict on panels still scoring whose seats are now below the
    minimum: staff seat a new member (newest first)."""
    seats = (
        PanelSeat.objects.filter(panel__application_id=OuterRef("application_id"))
        .order_by()
        .values("panel__application_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        SeatLoss.objects.filter(
            application__status__in=(
                Status.PANEL_ASSIGNED,
                Status.INTERVIEW_SCHEDULED,
                Status.RESUBMITTED,
                Status.SCORED,
            )
        )
        .annotate(seats=Coalesce(Subquery(seats), 0))
        .filter(seats__lt=min_young_people())
        .select_related("application__organisation", "member")[:limit]
    )


def latest_send_back(application):
    """Staff's latest reason for sending the current round back to the panel, while the
    round is open again ("" otherwise)."""
    return round_state(application).sent_back


def outcome_review(application):
    """What staff see before they confirm a finalised round: per indicator scored in the
    round, each present young person's own score, the median, the agreed score, any reason,
    and whether the agreed score diverges ("outside" their range, or "differs" from the
    median); then each young person's own total beside the agreed total of the same
    indicators. Names are shown: this is for staff only."""
    members = present_members(application)
    own = {
        (member_id, indicator_id): value
        for member_id, indicator_id, value in Score.objects.of_round(application)
        .filter(member__in=members)
        .values_list("member_id", "indicator_id", "value")
    }
    agreed = {
        a.indicator_id: a
        for a in AgreedScore.objects.of_round(application).filter(carried_over=False)
    }
    rows = []
    for indicator in Indicator.objects.to_score(application).only("code", "title"):
        values = [own.get((m.pk, indicator.pk)) for m in members]
        given = [v for v in values if v is not None]
        item = agreed.get(indicator.pk)
        divergence = ""
        if item is not None and given:
            if not agreement.within_range(item.value, given):
                divergence = "outside"
            elif item.value not in agreement.median_choices(given):
                divergence = "differs"
        rows.append(
            {
                "indicator": indicator,
                "scores": values,
                "median": agreement.median_choices(given),
                "agreed": item,
                "divergence": divergence,
            }
        )
    totals = [
        {
            "member": member,
            "total": sum(v for v in (own.get((member.pk, r["indicator"].pk)) for r in rows) if v),
        }
        for member in members
    ]
    return {
        "members": members,
        "rows": rows,
        "member_totals": totals,
        "agreed_total": sum(r["agreed"].value for r in rows if r["agreed"]),
        "diverging": sum(1 for r in rows if r["divergence"]),
        "sent_back": list(SendBack.objects.filter(application_id=application.pk)[:5]),
    }


def missing_agreed(application):
    """The indicators being scored that have no agreed score yet in this round, in order."""
    agreed = AgreedScore.objects.of_round(application).values("indicator_id")
    return list(Indicator.objects.to_score(application).exclude(pk__in=agreed))


def final_scores(application):
    """The agreed scores that finalising the current round makes final, in indicator order
    (all of them once every indicator being scored is agreed).

    In round 2 an indicator the panel did not re-score keeps its round-1 score: it comes
    as a new, unsaved round-2 AgreedScore with carried_over set, which finalising saves.
    The finalise page totals the same list before the facilitator confirms."""
    round_number = application.round
    final = {}
    for agreed in AgreedScore.objects.filter(
        application_id=application.pk, round__in={1, round_number}
    ).order_by("indicator__order", "round"):
        if agreed.round == round_number:
            final[agreed.indicator_id] = agreed
        else:
            final[agreed.indicator_id] = AgreedScore(
                application_id=application.pk,
                indicator_id=agreed.indicator_id,
                round=round_number,
                value=agreed.value,
                feedback=agreed.feedback,
                needs_more_evidence=False,
                carried_over=True,
                agreed_by_id=agreed.agreed_by_id,
                agreed_at=agreed.agreed_at,
            )
    return list(final.values())


# ---------------------------------------------------------------------------
# Notes
# ---------------------------------------------------------------------------


def notes_for(member, application, indicator):
    return PrivateNote.objects.filter(
        member=member, application_id=application.pk, indicator=indicator
    ).first()


# ---------------------------------------------------------------------------
# Results for the organisation, and closing the loop
# ---------------------------------------------------------------------------


def confirmed_rounds(application):
    """The rounds whose outcome staff have confirmed: what the organisation may see."""
    return list(
        Finalisation.objects.confirmed().filter(application_id=application.pk).order_by("round")
    )


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
    comments = {}
    for round_of, indicator_id, comment in (
        Score.objects.filter(application_id=application.pk, round__in={1, 2})
        .exclude(comment="")
        .order_by("pk")
        .values_list("round", "indicator_id", "comment")
    ):
        comments.setdefault((round_of, indicator_id), []).append(comment)
    by_round = {}
    for item in agreed:
        # The young people's own words, without names (round 1's for a carried-over score).
        item.young_peoples_comments = comments.get(
            (1 if item.carried_over else item.round, item.indicator_id), []
        )
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


def young_people_count(application_id):
    """How many young people scored the application's latest finalised round: those who
    confirmed its agreed sheet, in one query. A number only: never who they were."""
    latest = (
        Finalisation.objects.filter(application_id=application_id)
        .order_by("-round")
        .values("round")[:1]
    )
    return Confirmation.objects.filter(
        application_id=application_id, round=Subquery(latest)
    ).count()


def feedback_items_for_actions(application):
    """Feedback the organisation can respond to: the latest confirmed round's items."""
    rounds = confirmed_rounds(application)
    if not rounds:
        return AgreedScore.objects.none()
    return (
        AgreedScore.objects.of_round(application, rounds[-1].round)
        .select_related("indicator")
        .order_by("indicator__order")
    )


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
    for f in Finalisation.objects.confirmed().filter(application_id__in=ids):
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
    states = round_states(applications)
    upcoming, to_read, finished = [], [], []
    for application in applications:
        interview = interviews.get(application.pk)
        row = {
            "application": application,
            "interview": interview,
            "results": finalisations.get(application.pk, []),
            "actions": actions.get(application.pk, []),
            "scoring_open": scoring_closed(application, states[application.pk]) is None,
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
    return {
        "upcoming": upcoming,
        "to_read": to_read,
        "finished": finished,
        "notices": notices_for(member),
    }


NOTICES_SHOWN = 20


def notices_for(member):
    """ "What happened next": the member's newest notices first."""
    return list(
        Notice.objects.filter(member=member)
        .select_related("organisation")
        .order_by("-created_at", "-pk")[:NOTICES_SHOWN]
    )
