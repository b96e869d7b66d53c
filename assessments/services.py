"""Business rules for applications, answers and evidence.

Views call these functions; they never change an application's status
themselves (that is `workflow.transition`) and never decide what is editable
(that is `editable_indicator_ids`, the one place for the rule).

Evidence storage limit: EVIDENCE_MAX_APPLICATION_BYTES is applied to the
organisation's whole evidence library (every file not yet deleted). Every file
an application can use comes from that library, so an application can never
use more than the limit, and the check needs no guessing about which
application an unattached upload is for.
"""

import logging
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from weakref import WeakKeyDictionary

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.models import F, Sum
from django.template.loader import render_to_string
from django.utils import timezone

from kitemark.sql import model_columns

from . import workflow
from .models import (
    Answer,
    AnswerConflict,
    AnswerLink,
    Application,
    Cycle,
    Element,
    Evidence,
    FrameworkVersion,
    Indicator,
    Level,
    Status,
    SubmissionSnapshot,
    TimelineEvent,
)
from .uploads import UploadRejected, check_upload, mb, sanitise_filename

logger = logging.getLogger("assessments.evidence")

FULLY_EDITABLE = (Status.DRAFT, Status.RETURNED)
# Evidence used by an application in any other status is part of a submission.
EVIDENCE_DELETABLE_STATUSES = FULLY_EDITABLE
MAX_ANSWER_CHARS = 4000


class ActionRefused(Exception):
    """A rule of the scheme says no; `message` tells the person why, in plain English."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------- starting


def open_cycle(day=None):
    return Cycle.objects.open_on(day).order_by("submission_deadline", "pk").first()


def next_cycle(day=None):
    day = day or timezone.localdate()
    return Cycle.objects.filter(is_closed=False, opens_on__gt=day).order_by("opens_on").first()


def live_application(organisation):
    return (
        Application.objects.live().filter(organisation=organisation).select_related("level").first()
    )


def start_application(organisation, level, user):
    """Create a draft with an empty answer for each of the level's indicators."""
    cycle = open_cycle()
    if cycle is None:
        raise ActionRefused("Applications are closed at the moment. No round is open.")
    version = FrameworkVersion.objects.current()
    if version is None or level.version_id != version.pk:
        raise ActionRefused("Choose a level from the current framework.")
    if live_application(organisation) is not None:
        raise ActionRefused(
            "Your organisation already has an application in progress. "
            "You can have only one at a time."
        )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                organisation=organisation, cycle=cycle, level=level, created_by=user
            )
            indicators = Indicator.objects.filter(level=level).order_by("order")
            Answer.objects.bulk_create(
                Answer(application=application, indicator=indicator) for indicator in indicators
            )
            workflow.record(
                application,
                TimelineEvent.Kind.NOTE,
                f"Application for the {level.name} Kitemark started in {cycle.name}",
                actor=user,
            )
    except IntegrityError:
        # Two colleagues pressed "Start" at the same moment: the constraint keeps one.
        raise ActionRefused(
            "Your organisation already has an application in progress. "
            "You can have only one at a time."
        ) from None
    return application


# ---------------------------------------------------------------- editable rules


def flagged_indicator_ids(application):
    """Indicators the panel asked to be improved (resubmission)."""
    return set(Indicator.objects.flagged_for_resubmission(application).values_list("pk", flat=True))


def _level_indicator_ids(level):
    """The ids of a level's indicators. A framework version's indicators never change once
    installed, so they are read once per Level object (one per request)."""
    ids = getattr(level, "_indicator_ids", None)
    if ids is None:
        ids = level._indicator_ids = frozenset(
            level.indicators.order_by().values_list("pk", flat=True)
        )
    return ids


class Descriptor(NamedTuple):
    """What a score from 0 to 4 means (the indicator pages show only these values)."""

    value: int
    label: str
    description: str


# PostgreSQL and SQLite both read this. Plain SQL instead of values_list(named=True):
# about 0.3 ms less on each indicator page and save.
_DESCRIPTORS = """
    SELECT "value", "label", "description" FROM "assessments_scoredescriptor"
    WHERE "version_id" = %s ORDER BY "value"
"""


# The same by the level's id, for pages that have the level's id but not its row.
_LEVEL_DESCRIPTORS = """
    SELECT d."value", d."label", d."description" FROM "assessments_scoredescriptor" d
    INNER JOIN "assessments_level" l ON l."version_id" = d."version_id"
    WHERE l."id" = %s ORDER BY d."value"
"""


def score_descriptors(level=None, *, level_id=None):
    """The score labels (0-4) of the level's framework version, in order: `Descriptor`s
    (tuples, not model instances: the pages only show them). Give the level, or only its
    id (`level_id`, one join more)."""
    sql, param = (_DESCRIPTORS, level.version_id) if level else (_LEVEL_DESCRIPTORS, level_id)
    with connection.cursor() as cursor:
        cursor.execute(sql, [param])
        return [Descriptor(*row) for row in cursor.fetchall()]


def editable_indicator_ids(application, day=None):
    """THE rule: which indicators the organisation may change now (a set of ids)."""
    if application.status in FULLY_EDITABLE:
        return set(_level_indicator_ids(application.level))
    if application.status == Status.RESUBMISSION_INVITED:
        day = day or timezone.localdate()
        deadline = application.resubmission_deadline
        if deadline is not None and day > deadline:
            return set()
        return flagged_indicator_ids(application)
    return set()


def is_editable(application, day=None):
    if application.status in FULLY_EDITABLE:
        return True
    return bool(editable_indicator_ids(application, day))


def can_edit_indicator(application, indicator_id, day=None):
    return indicator_id in editable_indicator_ids(application, day)


def can_edit_answer(answer, day=None):
    """`can_edit_indicator` for `answer.application` and the answer's indicator. With the
    indicator loaded, the fully editable statuses need no list of the level's indicators:
    the indicator is one of them exactly when it belongs to the application's level."""
    application = answer.application
    if application.status in FULLY_EDITABLE and Answer.indicator.is_cached(answer):
        return answer.indicator.level_id == application.level_id
    return can_edit_indicator(application, answer.indicator_id, day)


def indicator_answer(application, code, answers=None):
    """The application's answer to the indicator `code` of its level, with the indicator
    (one query), or None. `answers` may annotate or select more related rows."""
    answers = Answer.objects.all() if answers is None else answers
    answer = (
        answers.select_related("indicator")
        .filter(application_id=application.pk, indicator__code=code)
        .first()
    )
    if answer is not None:
        answer.application = application
    return answer


# The database's and the fields' converters for a statement's columns, by connection (one
# per thread: the database's converters are its methods) and by the statement's (models,
# extra fields): what the ORM applies to each row it reads (on SQLite, dates arrive as
# text). These depend only on the code, not on any data.
_converters = WeakKeyDictionary()


def _converter_plan(database, models, extra_fields):
    """[(index in the row, column, converter functions)] for the columns of `models` (each
    model's concrete fields, in order) and then of `extra_fields` that need converting, on
    the connection `database`."""
    plans = _converters.setdefault(database, {})
    plan = plans.get((models, extra_fields))
    if plan is None:
        fields = [f for model in models for f in model._meta.concrete_fields]
        plan = []
        for index, model_field in enumerate([*fields, *extra_fields]):
            column = model_field.get_col(model_field.model._meta.db_table)
            functions = database.ops.get_db_converters(column) + column.get_db_converters(database)
            if functions:
                plan.append((index, column, functions))
        plans[models, extra_fields] = plan
    return plan


def _read_instances(sql, params, models, extra_fields=()):
    """The first row of `sql` (whose columns are each of `models`' concrete fields, in
    order, then the values of `extra_fields`, then any other values) as ([an instance of
    each model], [the other values]), converted as the ORM would; or None. For a page's
    one-row reads that the ORM would take longer to build than the database to answer."""
    database = connections[DEFAULT_DB_ALIAS]
    with database.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    row = list(row)
    for index, column, functions in _converter_plan(database, models, extra_fields):
        for function in functions:
            row[index] = function(row[index], column, database)
    instances, start = [], 0
    for model in models:
        fields = model._meta.concrete_fields
        end = start + len(fields)
        instances.append(model.from_db(database.alias, [f.attname for f in fields], row[start:end]))
        start = end
    return instances, row[start:]


# PostgreSQL and SQLite both read this. The answer with its indicator, its application and
# the application's level, whether the user is a member of the application's organisation
# (a user has at most one membership of an organisation) and the user's unsaved version of
# the answer, if any (at most one per person and answer). Built through the ORM (four
# select_related models and two FilteredRelation joins) the same query took about 1.5 ms
# more to put together than the database took to answer it. At most one answer matches
# (one per indicator, codes unique in a level), so it needs no ORDER BY.
_PAGE_ANSWER_MODELS = (Answer, Indicator, Application, Level)
_PAGE_ANSWER = f"""
    SELECT {model_columns(Answer, "a")}, {model_columns(Indicator, "i")},
        {model_columns(Application, "p")}, {model_columns(Level, "l")}, m."id", c."id"
    FROM "assessments_answer" a
    INNER JOIN "assessments_indicator" i ON i."id" = a."indicator_id"
    INNER JOIN "assessments_application" p ON p."id" = a."application_id"
    INNER JOIN "assessments_level" l ON l."id" = p."level_id"
    LEFT JOIN "organisations_membership" m
        ON m."organisation_id" = p."organisation_id" AND m."user_id" = %s
    LEFT JOIN "assessments_answerconflict" c ON c."answer_id" = a."id" AND c."user_id" = %s
    WHERE a."application_id" = %s AND i."code" = %s
"""  # noqa: S608 - only the models' own column names go in; values are parameters


def application_answer(application_pk, code, user):
    """The answer of application `application_pk` to the indicator `code`, with its
    indicator, its application and the application's level (one query), or None. The
    answer also carries `user_membership_id` (the user's membership of the application's
    organisation, or None) and `open_conflict_id` (the user's unsaved version of it, or
    None). A page that needs both the application and one answer reads them together: one
    query fewer than the application and then its answer. The caller checks that the
    person may see the application."""
    found = _read_instances(
        _PAGE_ANSWER, [user.pk, user.pk, application_pk, code], _PAGE_ANSWER_MODELS
    )
    if found is None:
        return None
    (answer, indicator, application, level), (membership_id, conflict_id) = found
    Answer.indicator.field.set_cached_value(answer, indicator)
    Answer.application.field.set_cached_value(answer, application)
    Application.level.field.set_cached_value(application, level)
    answer.user_membership_id, answer.open_conflict_id = membership_id, conflict_id
    return answer


# PostgreSQL and SQLite both read this. The application with its level, the names of its
# organisation and round and the round's deadline (the overview shows nothing else of
# them), and the user's membership of the organisation (at most one). The ORM's version
# (select_related, three F() values and a FilteredRelation join) took about 1 ms more to
# build than the database took to answer it.
_OVERVIEW_EXTRA_FIELDS = (Cycle._meta.get_field("submission_deadline"),)
_OVERVIEW_APPLICATION = f"""
    SELECT {model_columns(Application, "p")}, {model_columns(Level, "l")},
        y."submission_deadline", o."name", y."name", m."id"
    FROM "assessments_application" p
    INNER JOIN "assessments_level" l ON l."id" = p."level_id"
    INNER JOIN "organisations_organisation" o ON o."id" = p."organisation_id"
    INNER JOIN "assessments_cycle" y ON y."id" = p."cycle_id"
    LEFT JOIN "organisations_membership" m
        ON m."organisation_id" = p."organisation_id" AND m."user_id" = %s
    WHERE p."id" = %s
"""  # noqa: S608 - only the models' own column names go in; values are parameters


def overview_application(application_pk, user):
    """The application `application_pk` with its level, `organisation_name`, `cycle_name`,
    `cycle_submission_deadline` and `user_membership_id` (the user's membership of its
    organisation, or None), in one query; or None. The caller checks that the person may
    see it."""
    found = _read_instances(
        _OVERVIEW_APPLICATION,
        [user.pk, application_pk],
        (Application, Level),
        _OVERVIEW_EXTRA_FIELDS,
    )
    if found is None:
        return None
    (application, level), values = found
    Application.level.field.set_cached_value(application, level)
    (
        application.cycle_submission_deadline,
        application.organisation_name,
        application.cycle_name,
        application.user_membership_id,
    ) = values
    return application


class Link(NamedTuple):
    """A web link as the indicator page lists it."""

    pk: int
    url: str
    title: str


# PostgreSQL and SQLite both read this (plain SQL: about 0.3 ms less than the ORM's
# model instances, which the page does not need).
_ANSWER_LINKS = """
    SELECT "id", "url", "title" FROM "assessments_answerlink"
    WHERE "answer_id" = %s ORDER BY "id"
"""


def answer_links(answer):
    """The answer's web links, oldest first, as the indicator page lists them (`Link`s)."""
    with connection.cursor() as cursor:
        cursor.execute(_ANSWER_LINKS, [answer.pk])
        return [Link(*row) for row in cursor.fetchall()]


# PostgreSQL and SQLite both read this. A left join on the answer's files (an answer uses
# a file at most once) answers "attached" for each library file; the ORM's Exists()
# annotation cost about 1 ms more to build. Newest first, as `library()` lists them.
_LIBRARY_FOR_ANSWER = """
    SELECT e."id", e."original_name", ae."id"
    FROM "assessments_evidence" e
    LEFT JOIN "assessments_answer_evidence" ae
        ON ae."evidence_id" = e."id" AND ae."answer_id" = %s
    WHERE e."organisation_id" = %s AND e."file_deleted_at" IS NULL
    ORDER BY e."uploaded_at" DESC
"""


def library_for_answer(answer):
    """The files of the answer's organisation's library (the answer's application loaded)
    as (id, name, attached) tuples, attached when the answer uses the file, in the
    library's order (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_LIBRARY_FOR_ANSWER, [answer.pk, answer.application.organisation_id])
        return [(pk, name, use is not None) for pk, name, use in cursor.fetchall()]


@dataclass
class Navigation:
    """Where an indicator stands among its level's indicators."""

    previous: str | None
    next: str | None
    position: int
    count: int


# PostgreSQL and SQLite both read this (plain SQL: about 0.3 ms less than values_list()).
_LEVEL_INDICATOR_CODES = """
    SELECT "id", "code" FROM "assessments_indicator" WHERE "level_id" = %s ORDER BY "order"
"""


def indicator_navigation(level, code):
    """The previous and next indicator codes (None at either end), the position (from 1)
    and the number of the level's indicators, or None if `code` is not one of them. One
    light query (codes only); it also gives the level's indicator ids for the edit rule."""
    codes = getattr(level, "_indicator_codes", None)
    if codes is None:
        with connection.cursor() as cursor:
            cursor.execute(_LEVEL_INDICATOR_CODES, [level.pk])
            rows = cursor.fetchall()
        codes = level._indicator_codes = [c for _, c in rows]
        level._indicator_ids = frozenset(pk for pk, _ in rows)
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


# ---------------------------------------------------------------- progress


@dataclass
class ElementProgress:
    code: str
    label: str
    answered: int = 0
    total: int = 0
    answers: list = field(default_factory=list)


def progress(answers):
    """Answered counts overall and per Lundy element, from answers with indicators loaded."""
    elements = _element_groups()
    for answer in answers:
        group = elements[answer.indicator.element]
        group.total += 1
        group.answers.append(answer)
        if answer.is_answered:
            group.answered += 1
    return _progress_summary(elements)


def _element_groups():
    return {code: ElementProgress(code, label) for code, label in Element.choices}


def _progress_summary(elements):
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
class AnswerValues:
    """An answer's text and rating read as plain values (no model instance), judged by the
    model's own rule for an answered indicator."""

    text: str
    self_rating: int | None
    is_answered = Answer.is_answered


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


# PostgreSQL and SQLite both read this (plain SQL: about 0.5 ms less than values_list()
# across the indicator join).
_OVERVIEW_ANSWERS = """
    SELECT a."text", a."self_rating", a."indicator_id", i."code", i."title", i."element"
    FROM "assessments_answer" a
    INNER JOIN "assessments_indicator" i ON i."id" = a."indicator_id"
    WHERE a."application_id" = %s
    ORDER BY i."order"
"""


def overview_progress(application, *, url_for, flagged_ids=()):
    """`progress` of the application's answers, with each element's answers as the
    overview's `IndicatorRow`s, in the indicators' order. `url_for(code)` gives an
    indicator page's address. The answers are read as values: the overview shows only
    each indicator's code, title and state."""
    elements = _element_groups()
    with connection.cursor() as cursor:
        cursor.execute(_OVERVIEW_ANSWERS, [application.pk])
        rows = cursor.fetchall()
    for text, self_rating, indicator_id, code, title, element in rows:
        answer = AnswerValues(text, self_rating)
        state, badge = answer_state(answer)
        group = elements[element]
        group.total += 1
        if answer.is_answered:
            group.answered += 1
        group.answers.append(
            IndicatorRow(
                label=f"{code} {title}",
                url=url_for(code),
                state=state,
                badge=badge,
                flagged=indicator_id in flagged_ids,
            )
        )
    return _progress_summary(elements)


# PostgreSQL and SQLite both read these: an application's timeline events in timeline
# order with the name fields of each event's actor (TimelineEvent.objects.raw, still model
# instances). The ORM's select_related("actor") statement took longer to build than the
# database took to answer it.
_TIMELINE = """
    SELECT e."id", e."kind", e."from_status", e."to_status", e."message",
        e."visible_to_organisation", e."created_at", e."actor_id", e."application_id",
        u."full_name" AS "actor_full_name", u."email" AS "actor_email",
        u."username" AS "actor_username"
    FROM "assessments_timelineevent" e
    LEFT JOIN "accounts_user" u ON u."id" = e."actor_id"
    WHERE e."application_id" = %s {visible}
    ORDER BY e."created_at", e."id"
"""
_ALL_EVENTS = _TIMELINE.format(visible="")
_ORGANISATION_EVENTS = _TIMELINE.format(visible='AND e."visible_to_organisation"')
_ACTOR_FIELDS = ["id", "full_name", "email", "username"]


def timeline(application, *, staff_only_too):
    """The application's timeline events, oldest first, each with its actor loaded (the
    actor's name fields; the others deferred, as with only()). `staff_only_too`: include
    the events not shown to the organisation."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    sql = _ALL_EVENTS if staff_only_too else _ORGANISATION_EVENTS
    events = list(TimelineEvent.objects.raw(sql, [application.pk]))
    for event in events:
        event.actor = (
            None
            if event.actor_id is None
            else user_model.from_db(
                event._state.db,
                _ACTOR_FIELDS,
                [event.actor_id, event.actor_full_name, event.actor_email, event.actor_username],
            )
        )
    return events


def missing_answers(application):
    answers = application.answers.select_related("indicator").order_by("indicator__order")
    return [a for a in answers if not a.is_answered]


# ---------------------------------------------------------------- saving answers


@dataclass
class SaveResult:
    saved: bool
    answer: Answer
    conflict: AnswerConflict | None = None


def _check_answer_values(text, self_rating):
    if len(text) > MAX_ANSWER_CHARS:
        raise ActionRefused(f"Your answer can be up to {MAX_ANSWER_CHARS:,} characters.")
    if self_rating is not None and not 0 <= self_rating <= 4:
        raise ActionRefused("Choose a rating from 0 to 4.")


@transaction.atomic
def save_answer(answer, *, user, text, self_rating, evidence_ids, base_revision):
    """Save if nobody changed the answer since `base_revision`; otherwise keep both versions."""
    if not can_edit_answer(answer):
        raise ActionRefused("This answer cannot be changed now.")
    text = (text or "").replace("\r\n", "\n")
    _check_answer_values(text, self_rating)
    evidence_ids = sorted(set(evidence_ids))
    now = timezone.now()
    updated = Answer.objects.filter(pk=answer.pk, revision=base_revision).update(
        text=text,
        self_rating=self_rating,
        revision=F("revision") + 1,
        updated_by=user,
        updated_at=now,
    )
    if not updated:
        conflict, _ = AnswerConflict.objects.update_or_create(
            answer=answer,
            user=user,
            defaults={
                "base_revision": base_revision,
                "text": text,
                "self_rating": self_rating,
                "evidence_ids": evidence_ids,
            },
        )
        answer.refresh_from_db()
        return SaveResult(saved=False, answer=answer, conflict=conflict)
    answer.evidence.set(evidence_ids)
    # What refresh_from_db() would read back, without the query: the update matched
    # revision == base_revision, so the row now holds exactly these values.
    answer.text, answer.self_rating = text, self_rating
    answer.revision = base_revision + 1
    answer.updated_by, answer.updated_at = user, now
    answer.__dict__.pop("_prefetched_objects_cache", None)
    return SaveResult(saved=True, answer=answer)


def open_conflict(answer, user):
    return AnswerConflict.objects.filter(answer=answer, user=user).first()


@transaction.atomic
def resolve_conflict(conflict, *, keep, user):
    """'mine' applies the stored version on top of the latest; 'theirs' discards it."""
    answer = conflict.answer
    if keep == "mine":
        if not can_edit_answer(answer):
            raise ActionRefused("This answer cannot be changed now.")
        allowed = set(
            Evidence.objects.filter(
                organisation_id=answer.application.organisation_id,
                pk__in=conflict.evidence_ids,
                file_deleted_at__isnull=True,
            ).values_list("pk", flat=True)
        )
        Answer.objects.filter(pk=answer.pk).update(
            text=conflict.text,
            self_rating=conflict.self_rating,
            revision=F("revision") + 1,
            updated_by=user,
            updated_at=timezone.now(),
        )
        answer.evidence.set(allowed)
    elif keep != "theirs":
        raise ActionRefused("Choose which version to keep.")
    conflict.delete()
    answer.refresh_from_db()
    return answer


def _bump_revision(answer_ids):
    Answer.objects.filter(pk__in=answer_ids).update(
        revision=F("revision") + 1, updated_at=timezone.now()
    )


def add_link(answer, *, url, title, user):
    if not can_edit_answer(answer):
        raise ActionRefused("This answer cannot be changed now.")
    if answer.links.count() >= 20:
        raise ActionRefused("You can add up to 20 links to one answer.")
    return AnswerLink.objects.create(answer=answer, url=url, title=title.strip())


def remove_link(link, *, user):
    answer = link.answer
    if not can_edit_answer(answer):
        raise ActionRefused("This answer cannot be changed now.")
    link.delete()


# ---------------------------------------------------------------- submitting


def _snapshot(application, user):
    answers = (
        application.answers.select_related("indicator")
        .prefetch_related("evidence", "links")
        .order_by("indicator__order")
    )
    data = [
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
    return SubmissionSnapshot.objects.create(
        application=application,
        round=application.round,
        status=application.status,
        submitted_by=user,
        answers=data,
    )


def submit(application, user, day=None):
    """Submit (or resubmit after a 42-47 total). Raises ActionRefused with the reason."""
    day = day or timezone.localdate()
    if missing_answers(application):
        raise ActionRefused("Answer every indicator before you submit.")
    with transaction.atomic():
        if application.status == Status.RESUBMISSION_INVITED:
            deadline = application.resubmission_deadline
            if deadline is not None and day > deadline:
                raise ActionRefused("The deadline for resubmitting has passed.")
            Application.objects.filter(pk=application.pk).update(round=2)
            application.round = 2
            target = Status.RESUBMITTED
        else:
            if application.status == Status.DRAFT and application.cycle.submission_deadline < day:
                raise ActionRefused(
                    f"The deadline for this round was "
                    f"{application.cycle.submission_deadline:%-d %B %Y}. "
                    "Contact the participation team."
                )
            target = Status.SUBMITTED
        try:
            event = workflow.transition(
                application, target, actor=user, actor_kind=workflow.ORGANISATION
            )
        except workflow.TransitionNotAllowed:
            raise ActionRefused(
                f"This application is “{application.get_status_display()}”, "
                "so it cannot be submitted now."
            ) from None
        _snapshot(application, user)
    return event


def withdraw(application, user, reason=""):
    message = "Withdrawn by the organisation"
    if reason.strip():
        message = f"{message}: {reason.strip()}"
    try:
        return workflow.transition(
            application,
            Status.WITHDRAWN,
            actor=user,
            actor_kind=workflow.ORGANISATION,
            message=message,
        )
    except workflow.TransitionNotAllowed:
        raise ActionRefused("This application can no longer be withdrawn.") from None


def return_for_information(application, staff_user, message):
    if not message.strip():
        raise ActionRefused("Write a message saying what information is needed.")
    try:
        return workflow.transition(
            application,
            Status.RETURNED,
            actor=staff_user,
            actor_kind=workflow.STAFF,
            message=message.strip(),
        )
    except workflow.TransitionNotAllowed:
        raise ActionRefused("Only a submitted application can be returned.") from None


# ---------------------------------------------------------------- evidence


def library(organisation):
    """The organisation's evidence files (`organisation` may be the object or its id)."""
    return Evidence.objects.filter(organisation=organisation, file_deleted_at__isnull=True)


def library_usage(organisation):
    return library(organisation).aggregate(total=Sum("size"))["total"] or 0


@dataclass
class UploadResult:
    name: str
    evidence: Evidence | None = None
    error: str = ""

    @property
    def ok(self):
        return self.evidence is not None


def store_evidence(organisation, files, *, user, attach_to=None):
    """Check and store each file; a refused file is never stored and the others still are."""
    if attach_to is not None and not can_edit_indicator(
        attach_to.application, attach_to.indicator_id
    ):
        raise ActionRefused("Evidence cannot be added to this answer now.")
    results = []
    for uploaded in files:
        name = sanitise_filename(getattr(uploaded, "name", ""))
        try:
            checked = check_upload(uploaded)
            evidence = _store_one(organisation, uploaded, checked, user)
        except UploadRejected as refused:
            results.append(UploadResult(name=name, error=refused.message))
            continue
        results.append(UploadResult(name=checked.original_name, evidence=evidence))
    stored = [r.evidence for r in results if r.ok]
    if attach_to is not None and stored:
        with transaction.atomic():
            attach_to.evidence.add(*stored)
            _bump_revision([attach_to.pk])
    return results


def _store_one(organisation, uploaded, checked, user):
    from organisations.models import Organisation

    limit = settings.EVIDENCE_MAX_APPLICATION_BYTES
    with transaction.atomic():
        # Lock the organisation so two uploads cannot both squeeze under the limit.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        used = library_usage(organisation)
        if used + checked.size > limit:
            raise UploadRejected(
                f"Your evidence library would go over its limit of {mb(limit)} "
                f"({mb(used)} used). Delete files you no longer need, then try again."
            )
        evidence = Evidence(
            organisation=organisation,
            storage_name=f"{uuid.uuid4().hex}.{checked.extension}",
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=user,
        )
        uploaded.seek(0)
        evidence.file.save(evidence.storage_name, uploaded, save=False)
        try:
            evidence.save()
        except Exception:
            evidence.file.delete(save=False)
            raise
    return evidence


def evidence_blocking_applications(evidence):
    """Applications (not draft/returned) whose submission uses this file."""
    return list(
        Application.objects.filter(answers__evidence=evidence)
        .exclude(status__in=EVIDENCE_DELETABLE_STATUSES)
        .distinct()
    )


def delete_evidence(evidence, *, user):
    blocking = evidence_blocking_applications(evidence)
    if blocking:
        raise ActionRefused(
            "This file is part of a submitted application, so it cannot be deleted."
        )
    with transaction.atomic():
        answer_ids = list(evidence.answers.values_list("pk", flat=True))
        name, storage = evidence.file.name, evidence.file.storage
        evidence.delete()
        _bump_revision(answer_ids)
        transaction.on_commit(lambda: storage.delete(name))
    logger.info(
        "evidence deleted: evidence=%s organisation=%s user=%s",
        evidence.pk,
        evidence.organisation_id,
        getattr(user, "pk", None),
    )


def log_download(evidence, user):
    logger.info(
        "evidence download: evidence=%s organisation=%s user=%s",
        evidence.pk,
        evidence.organisation_id,
        getattr(user, "pk", None),
    )


# ---------------------------------------------------------------- PDF


class ExternalResourceRefused(ValueError):
    pass


def _check_pdf_url(url):
    """WeasyPrint may read our own static files and data: URLs, nothing from the network."""
    from urllib.parse import urlparse
    from urllib.request import url2pathname

    static_root = (Path(settings.BASE_DIR) / "static").resolve()
    if url.startswith("data:"):
        return
    if url.startswith("file:"):
        path = Path(url2pathname(urlparse(url).path)).resolve()
        if path.is_relative_to(static_root):
            return
    raise ExternalResourceRefused(f"External resource refused: {url[:80]}")


def _local_only_fetcher():
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            _check_pdf_url(url)
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


def render_pdf(application):
    from weasyprint import HTML

    answers = (
        application.answers.select_related("indicator")
        .prefetch_related("evidence", "links")
        .order_by("indicator__order")
    )
    html = render_to_string(
        "assessments/pdf.html",
        {
            "application": application,
            "progress": progress(answers),
            "descriptors": {d.value: d.label for d in application.level.version.descriptors.all()},
            "generated_at": timezone.now(),
        },
    )
    base_url = (Path(settings.BASE_DIR) / "static").resolve().as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=_local_only_fetcher()).write_pdf()
