"""Reads for the application, answer and evidence pages: querysets, values and small
dataclasses. Nothing here changes data (that is `assessments.services`)."""

import difflib
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from . import timeline_people
from .models import (
    EVIDENCE_DELETABLE_STATUSES,
    LIVE_STATUSES,
    Answer,
    AnswerConflict,
    Application,
    Cycle,
    Element,
    Evidence,
    Indicator,
    TimelineEvent,
)

# ---------------------------------------------------------------- cycles and applications

STATUS_COUNTS_KEY = "assessments:status-counts"
# A safety net for writes that send no signal (bulk inserts); status changes and new or
# deleted applications forget the counts at once (forget_status_counts).
STATUS_COUNTS_SECONDS = 300


def status_counts():
    """{status: number of applications} (Application.objects.status_counts), kept in the
    cache until an application is added, deleted or changes status: counting every
    application ever made on each visit to the staff pipeline is the page's largest cost."""
    counts = cache.get(STATUS_COUNTS_KEY)
    if counts is None:
        counts = Application.objects.status_counts()
        cache.set(STATUS_COUNTS_KEY, counts, STATUS_COUNTS_SECONDS)
    return counts


def forget_status_counts(**kwargs):
    """Drop the cached counts now, and again when the transaction commits, so that no
    request keeps counts it read while the change was still uncommitted. A signal
    receiver for Application's post_save and post_delete, and called by
    workflow.transition (which writes with update(), so no signal is sent)."""
    cache.delete(STATUS_COUNTS_KEY)
    transaction.on_commit(lambda: cache.delete(STATUS_COUNTS_KEY))


def open_cycle(day=None):
    """The cycle taking applications on `day` (today), the earliest deadline first."""
    return Cycle.objects.open_on(day).order_by("submission_deadline", "pk").first()


def next_cycle(day=None):
    """The next cycle to open after `day` (today), or None."""
    day = day or timezone.localdate()
    return Cycle.objects.filter(is_closed=False, opens_on__gt=day).order_by("opens_on").first()


def cycles_with_counts():
    """Every cycle, newest first, with `application_count` and `live_count` (applications
    not yet finished)."""
    return Cycle.objects.annotate(
        application_count=Count("applications", distinct=True),
        live_count=Count(
            "applications", filter=Q(applications__status__in=LIVE_STATUSES), distinct=True
        ),
    ).order_by("-opens_on", "-pk")


def cycle_applications(cycle):
    """The cycle's applications by organisation name, with the organisation and level."""
    return cycle.applications.select_related("organisation", "level").order_by(
        "organisation__name", "pk"
    )


def live_application(organisation):
    """The organisation's application in progress (at most one), with its level, or None."""
    return (
        Application.objects.live().filter(organisation=organisation).select_related("level").first()
    )


def missing_answers(application):
    """The application's answers that are not answered yet, in indicator order."""
    answers = application.answers.select_related("indicator").order_by("indicator__order")
    return [a for a in answers if not a.is_answered]


# ---------------------------------------------------------------- one indicator's page


def indicator_page_answer(application_pk, code):
    """The answer of application `application_pk` to its indicator `code`, with the
    indicator, the application and the application's level (one query), or None. The
    caller checks that the person may see the application."""
    return (
        Answer.objects.select_related("indicator", "application__level")
        .filter(application_id=application_pk, indicator__code=code)
        .first()
    )


@dataclass
class Navigation:
    """Where an indicator stands among its level's indicators."""

    previous: str | None
    next: str | None
    position: int
    count: int


def indicator_navigation(level_id, code):
    """The previous and next indicator codes (None at either end), the position (from 1)
    and the number of the level `level_id`'s indicators, or None if `code` is not one of
    them."""
    codes = list(
        Indicator.objects.filter(level_id=level_id).order_by("order").values_list("code", flat=True)
    )
    try:
        index = codes.index(code)
    except ValueError:
        return None
    return Navigation(
        previous=codes[index - 1] if index > 0 else None,
        next=codes[index + 1] if index + 1 < len(codes) else None,
        position=index + 1,
        count=len(codes),
    )


def answer_links(answer):
    """The answer's web links, oldest first."""
    return answer.links.order_by("pk").only("answer_id", "url", "title")


def library_for_answer(answer):
    """The files of the answer's organisation's library (the answer's application loaded)
    as (id, name, attached) tuples, attached when the answer uses the file, newest first
    (one query)."""
    return list(
        Evidence.objects.library(answer.application.organisation_id)
        .with_attached(answer)
        .values_list("pk", "original_name", "attached")
    )


def open_conflict(answer, user):
    """The user's unsaved version of the answer (see AnswerConflict), or None."""
    return AnswerConflict.objects.filter(answer=answer, user=user).first()


# ---------------------------------------------------------------- progress


@dataclass
class ElementProgress:
    code: str
    label: str
    answered: int = 0
    total: int = 0
    answers: list = field(default_factory=list)


def progress(answers, *, row=None):
    """Answered counts overall and per Lundy element, from answers with their indicators
    loaded. Each element's `answers` lists the answers, or `row(answer)` for each."""
    elements = {code: ElementProgress(code, label) for code, label in Element.choices}
    for answer in answers:
        group = elements[answer.indicator.element]
        group.total += 1
        group.answers.append(answer if row is None else row(answer))
        if answer.is_answered:
            group.answered += 1
    groups = [g for g in elements.values() if g.total]
    answered = sum(g.answered for g in groups)
    total = sum(g.total for g in groups)
    return {
        "answered": answered,
        "total": total,
        "percent": round(100 * answered / total) if total else 0,
        "elements": groups,
    }


@dataclass(slots=True)
class IndicatorRow:
    """One indicator's line on the application overview, its words worked out once."""

    label: str
    url: str
    state: str
    badge: str
    flagged: bool


# (words, badge classes) for each state of an answer on the overview.
ANSWERED = ("Answered", "text-bg-success")
IN_PROGRESS = ("In progress", "text-bg-warning")
NOT_STARTED = ("Not started", "text-bg-light border")


def answer_state(answer):
    if answer.is_answered:
        return ANSWERED
    if answer.text or answer.self_rating is not None:
        return IN_PROGRESS
    return NOT_STARTED


def overview_progress(application, *, url_for, flagged_ids=()):
    """`progress` of the application's answers, with each element's answers as the
    overview's `IndicatorRow`s, in the indicators' order. `url_for(code)` gives an
    indicator page's address. The overview shows only each indicator's code, title and
    state, so only those are read."""
    answers = (
        Answer.objects.filter(application_id=application.pk)
        .select_related("indicator")
        .only("text", "self_rating", "indicator__code", "indicator__title", "indicator__element")
        .order_by("indicator__order")
    )

    def row(answer):
        indicator = answer.indicator
        state, badge = answer_state(answer)
        return IndicatorRow(
            label=f"{indicator.code} {indicator.title}",
            url=url_for(indicator.code),
            state=state,
            badge=badge,
            flagged=answer.indicator_id in flagged_ids,
        )

    return progress(answers, row=row)


# ---------------------------------------------------------------- timeline


def timeline(application, *, staff_only_too):
    """The application's timeline events, oldest first, each with its actor's name loaded.
    `staff_only_too`: include the events not shown to the organisation."""
    events = TimelineEvent.objects.filter(application_id=application.pk).with_actor_label()
    if not staff_only_too:
        events = events.shown_to_organisation()
    return timeline_people.render(list(events))


# ---------------------------------------------------------------- evidence


def evidence_blocking_applications(evidence):
    """Applications (not draft or returned) whose submission uses this file: while there
    is one, the file cannot be deleted."""
    return list(
        Application.objects.filter(answers__evidence=evidence)
        .exclude(status__in=EVIDENCE_DELETABLE_STATUSES)
        .distinct()
    )


# ---------------------------------------------------------------- submissions and their changes


def answers_as_submitted(application):
    """The application's answers as a submission snapshot keeps them
    (`SubmissionSnapshot.answers`): one dict per indicator, in indicator order, with the
    text, self-rating, evidence (id and file name) and links. Three queries."""
    answers = (
        application.answers.select_related("indicator")
        .prefetch_related("evidence", "links")
        .order_by("indicator__order")
    )
    return [
        {
            "indicator_id": a.indicator_id,
            "code": a.indicator.code,
            "title": a.indicator.title,
            "text": a.text,
            "self_rating": a.self_rating,
            "revision": a.revision,
            "evidence": [{"id": e.pk, "name": e.original_name} for e in a.evidence.all()],
            "links": [{"url": link.url, "title": link.title} for link in a.links.all()],
        }
        for a in answers
    ]


@dataclass(frozen=True)
class TextPart:
    """A run of words in a text comparison: kept, added or removed."""

    text: str
    kind: str  # "same", "added" or "removed"


@dataclass
class AnswerChange:
    """One indicator's answer in two versions of the answers (`before`, `after`: the dicts
    of `answers_as_submitted`; `before` is None if that version had no answer to it)."""

    code: str
    title: str
    after: dict
    before: dict | None
    text_parts: list = field(default_factory=list)
    evidence_added: list = field(default_factory=list)
    evidence_removed: list = field(default_factory=list)
    links_added: list = field(default_factory=list)
    links_removed: list = field(default_factory=list)

    @property
    def text_changed(self):
        return any(part.kind != "same" for part in self.text_parts)

    @property
    def rating_changed(self):
        return self.before is not None and self.before["self_rating"] != self.after["self_rating"]

    @property
    def changed(self):
        return bool(
            self.before is None
            or self.text_changed
            or self.rating_changed
            or self.evidence_added
            or self.evidence_removed
            or self.links_added
            or self.links_removed
        )


def _words(text):
    return re.split(r"(\s+)", text or "")


def text_changes(before, after):
    """`after` compared with `before`, word by word: the runs kept, added and removed."""
    matcher = difflib.SequenceMatcher(a=_words(before), b=_words(after), autojunk=False)
    parts = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(TextPart("".join(matcher.b[b1:b2]), "same"))
            continue
        if op in ("delete", "replace"):
            parts.append(TextPart("".join(matcher.a[a1:a2]), "removed"))
        if op in ("insert", "replace"):
            parts.append(TextPart("".join(matcher.b[b1:b2]), "added"))
    return [part for part in parts if part.text]


def _added_and_removed(before, after, key):
    before_keys = {key(item) for item in before}
    after_keys = {key(item) for item in after}
    added = [item for item in after if key(item) not in before_keys]
    removed = [item for item in before if key(item) not in after_keys]
    return added, removed


def answer_changes(before, after):
    """What changed from the answers `before` to the answers `after` (lists of the dicts
    of `answers_as_submitted`), one AnswerChange per answer of `after`, in its order."""
    earlier = {answer["indicator_id"]: answer for answer in before}
    changes = []
    for answer in after:
        old = earlier.get(answer["indicator_id"])
        change = AnswerChange(code=answer["code"], title=answer["title"], after=answer, before=old)
        if old is not None:
            change.text_parts = text_changes(old["text"], answer["text"])
            change.evidence_added, change.evidence_removed = _added_and_removed(
                old["evidence"], answer["evidence"], key=lambda e: e["id"]
            )
            change.links_added, change.links_removed = _added_and_removed(
                old["links"], answer["links"], key=lambda link: (link["url"], link["title"])
            )
        else:
            change.text_parts = [TextPart(answer["text"], "added")] if answer["text"] else []
        changes.append(change)
    return changes


def earlier_checkins(application):
    """The yearly check-ins the organisation sent for its awards, newest first, as
    {"pk", "number", "sent_at", "level"}: offered as evidence when it applies again. Read
    through the relation the checkins app declares on awards (assessments imports
    neither)."""
    return [
        {"pk": pk, "number": number, "sent_at": sent_at, "level": level}
        for pk, number, sent_at, level in application.organisation.awards.filter(
            checkins__sent_at__isnull=False
        )
        .order_by("-checkins__sent_at")
        .values_list("checkins__pk", "checkins__number", "checkins__sent_at", "level__name")
    ]
