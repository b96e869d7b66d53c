"""The staff console's business rules: cycles, the pipeline queue and the actions
open on an application. Views call these; nothing here renders HTML.

"Needs you next" sections (pipeline):
- to_check: SUBMITTED, waiting for staff to check it;
- no_panel: SUBMITTED with no panels.Panel yet;
- interviews: a scheduled (not cancelled) interview starting in the next 7 days;
- to_finalise: INTERVIEW_SCHEDULED whose interview has started or passed, and every
  RESUBMITTED application (its interview is always in the past: a resubmission
  is re-scored without a new interview);
- to_confirm: SCORED, the outcome waits for staff to confirm it;
- resubmissions: RESUBMISSION_INVITED with a deadline within 14 days (or already
  passed and not yet lapsed by the nightly task);
- failed_jobs: plaque and email jobs that failed, which staff can retry.

ONE query (_QUEUE_SQL) places, counts and loads the shown applications of every
section, so the page's query count and the rows it loads do not grow with the number
of applications. The counts per status are one GROUP BY over the status index
(Application.objects.status_counts).
"""

import functools
import logging
import re
from dataclasses import dataclass, field
from operator import itemgetter

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, DateField, DateTimeField, Prefetch, Q
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from kitemark.date_labels import DateLabels
from kitemark.sql import column_reader

from . import selectors, workflow
from .models import LIVE_STATUSES, Application, Cycle, Level, Status

logger = logging.getLogger("assessments.console")

INTERVIEW_SOON_DAYS = 7
RESUBMISSION_SOON_DAYS = 14
FAILED_JOB_KINDS = ("email", "plaque")
FAILED_JOBS_SHOWN = 50
# Each "needs you next" section shows its first (most urgent) rows, enough to see at a
# glance what to do next; its badge gives the total and a link opens the rest in the
# applications table, filtered by the section's status.
SECTION_LIMIT = 10
QUEUE_STATUSES = (
    Status.SUBMITTED,
    Status.INTERVIEW_SCHEDULED,
    Status.RESUBMITTED,
    Status.SCORED,
    Status.RESUBMISSION_INVITED,
)

SECTIONS = [
    ("to_check", "Submissions waiting for a check", "No submissions are waiting to be checked."),
    ("no_panel", "Applications with no panel", "Every submitted application has a panel."),
    ("interviews", "Interviews in the next 7 days", "No interviews in the next 7 days."),
    ("to_finalise", "Scores waiting to be finalised", "No scores are waiting to be finalised."),
    ("to_confirm", "Outcomes waiting for confirmation", "No outcomes are waiting to be confirmed."),
    (
        "resubmissions",
        "Resubmission deadlines within 14 days",
        "No resubmission deadlines in the next 14 days.",
    ),
]


class ConsoleError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------- pipeline


def status_counts():
    """[(status, label, number of applications)] for every status (one GROUP BY)."""
    counts = Application.objects.status_counts()
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices]


# The status to filter the applications table by, for each section's "see all" link.
SECTION_STATUS = {
    "to_check": Status.SUBMITTED,
    "no_panel": Status.SUBMITTED,
    "interviews": Status.INTERVIEW_SCHEDULED,
    "to_finalise": Status.INTERVIEW_SCHEDULED,
    "to_confirm": Status.SCORED,
    "resubmissions": Status.RESUBMISSION_INVITED,
}


# THE rule for each "needs you next" section (see the module docstring), as one SQL
# statement for PostgreSQL and SQLite: for every section, its applications numbered in
# the section's order (position) and counted (total), over the queue statuses only; the
# first `limit` of each come back. Submission order puts applications never submitted
# last. The panel and interview checks are correlated subqueries (an index probe per
# queued application) rather than EXISTS, which PostgreSQL answers by hashing every
# panel or interview ever made.
# Plain SQL rather than the ORM: building six ordered, numbered and counted subqueries
# took the ORM as long as the database took to run them.
# The statement has no parameters: the statuses and the limit are written into it and
# the time is the database's own clock (_CLOCK_SQL). PostgreSQL then plans the prepared
# statement once per connection; with the time as a parameter it planned it afresh on
# every run, 1.2-1.3 ms of the statement's 3.1 ms on the bench database.
_QUEUE_SQL = """
SELECT s.section, s.position, s.section_total, s.next_interview_at,
    a.id AS pk, a.submitted_at, a.total, a.resubmission_deadline,
    o.name AS organisation_name, l.name AS level_name, c.name AS cycle_name
FROM (
    -- Interviews first: its timestamp column gives the UNION's next_interview_at its type.
    -- The next interview is due within the window exactly when the earliest interview
    -- inside the window exists, so each application's next interview is found once.
    SELECT 'interviews' AS section, a.id, a.next_at AS next_interview_at,
        ROW_NUMBER() OVER (ORDER BY a.next_at, a.submitted_at IS NULL, a.submitted_at, a.id)
            AS position,
        COUNT(*) OVER () AS section_total
    FROM (
        SELECT a.id, a.submitted_at, MIN(i.starts_at) AS next_at
        FROM {applications} a
        JOIN {interviews} i ON i.application_id = a.id
        WHERE a.status = {interview_scheduled} AND i.cancelled_at IS NULL
            AND i.starts_at > {now} AND i.starts_at <= {interview_until}
        GROUP BY a.id, a.submitted_at
    ) a
  UNION ALL
    SELECT 'to_check', a.id, NULL,
        ROW_NUMBER() OVER (ORDER BY a.submitted_at IS NULL, a.submitted_at, a.id),
        COUNT(*) OVER ()
    FROM {applications} a
    WHERE a.status = {submitted}
  UNION ALL
    SELECT 'no_panel', a.id, NULL,
        ROW_NUMBER() OVER (ORDER BY a.submitted_at IS NULL, a.submitted_at, a.id),
        COUNT(*) OVER ()
    FROM {applications} a
    WHERE a.status = {submitted}
        AND (SELECT 1 FROM {panels} p WHERE p.application_id = a.id LIMIT 1) IS NULL
  UNION ALL
    SELECT 'to_finalise', a.id, NULL,
        ROW_NUMBER() OVER (ORDER BY a.submitted_at IS NULL, a.submitted_at, a.id),
        COUNT(*) OVER ()
    FROM {applications} a
    WHERE a.status = {resubmitted} OR (
        a.status = {interview_scheduled} AND (
            SELECT 1 FROM {interviews} i
            WHERE i.application_id = a.id AND i.cancelled_at IS NULL AND i.starts_at <= {now}
            LIMIT 1
        ) IS NOT NULL
    )
  UNION ALL
    SELECT 'to_confirm', a.id, NULL,
        ROW_NUMBER() OVER (ORDER BY a.updated_at, a.id),
        COUNT(*) OVER ()
    FROM {applications} a
    WHERE a.status = {scored}
  UNION ALL
    SELECT 'resubmissions', a.id, NULL,
        ROW_NUMBER() OVER (ORDER BY a.resubmission_deadline, a.id),
        COUNT(*) OVER ()
    FROM {applications} a
    WHERE a.status = {resubmission_invited}
        AND a.resubmission_deadline <= {resubmission_until}
) s
JOIN {applications} a ON a.id = s.id
JOIN {organisations} o ON o.id = a.organisation_id
JOIN {levels} l ON l.id = a.level_id
JOIN {cycles} c ON c.id = a.cycle_id
WHERE s.position <= {limit}
"""

# "Now", the end of the interview window and the last resubmission deadline shown, in
# each database's SQL. PostgreSQL: the statement's start time (what Django's Now() gives);
# the deadline is a date in the local time zone. SQLite: the text Django stores datetimes
# as (UTC); 'localtime' is the process's time zone, which Django sets to TIME_ZONE.
_CLOCK_SQL = {
    "postgresql": {
        "now": "STATEMENT_TIMESTAMP()",
        "interview_until": "(STATEMENT_TIMESTAMP() + INTERVAL '{interview_days} days')",
        "resubmission_until": (
            "((STATEMENT_TIMESTAMP() AT TIME ZONE '{time_zone}')::date + {resubmission_days})"
        ),
    },
    "sqlite": {
        "now": "STRFTIME('%Y-%m-%d %H:%M:%f', 'now')",
        "interview_until": "STRFTIME('%Y-%m-%d %H:%M:%f', 'now', '+{interview_days} days')",
        "resubmission_until": "DATE('now', 'localtime', '+{resubmission_days} days')",
    },
}
_SQL_WORD = re.compile(r"[A-Za-z0-9_/+-]+")


def _plain_word(value):
    """`value` (a status or a time zone name: code and settings, never user input), to be
    written into SQL between quotes; anything but letters, digits and _/+- is refused."""
    if not _SQL_WORD.fullmatch(value):
        raise ValueError(f"not a plain word: {value!r}")
    return value


@functools.cache
def _queue_sql(vendor, limit, time_zone):
    """_QUEUE_SQL for the database `vendor`, showing `limit` rows a section, with local
    dates in `time_zone`."""
    from organisations.models import Organisation
    from panels.models import Interview, Panel

    clock = {
        name: sql.format(
            interview_days=int(INTERVIEW_SOON_DAYS),
            resubmission_days=int(RESUBMISSION_SOON_DAYS),
            time_zone=_plain_word(time_zone),
        )
        for name, sql in _CLOCK_SQL[vendor].items()
    }
    return _QUEUE_SQL.format(  # noqa: S608 - table names from the models, constants checked
        applications=Application._meta.db_table,
        organisations=Organisation._meta.db_table,
        levels=Level._meta.db_table,
        cycles=Cycle._meta.db_table,
        panels=Panel._meta.db_table,
        interviews=Interview._meta.db_table,
        limit=int(limit),
        **clock,
        **{status.name.lower(): f"'{_plain_word(status.value)}'" for status in QUEUE_STATUSES},
    )


# The queue's date and datetime columns, and the type to read each as.
_QUEUE_DATE_COLUMNS = {
    "next_interview_at": DateTimeField,
    "submitted_at": DateTimeField,
    "resubmission_deadline": DateField,
}


def _queue_rows(limit):
    """The rows of _QUEUE_SQL as dicts (column name -> value), in no particular order,
    dates read as the ORM reads them. Dicts rather than Application instances: the
    page only shows their values, and building a model instance for each row took a
    fifth of the page's time."""
    sql = _queue_sql(connection.vendor, limit, timezone.get_current_timezone_name())
    with connection.cursor() as cursor:
        cursor.execute(sql)  # no parameters: see _QUEUE_SQL
        columns = [column[0] for column in cursor.description]
        rows = [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]
    readers = {
        column: column_reader(field_class()) for column, field_class in _QUEUE_DATE_COLUMNS.items()
    }
    for row in rows:
        for column, read in readers.items():
            if row[column] is not None:
                row[column] = read(row[column])
    return rows


def queue_note(section, row, labels=None):
    """THE text after an application's name in a "needs you next" section: its cycle,
    then what is due (the interview, the resubmission deadline or when it was
    submitted) and its total if it has one, e.g. "Spring 2026 · interview Tue 1 Dec,
    10:00 · total 45". Dates as the |date filter shows "D j M, H:i" and "j M Y", in
    local time. `row`: a queue row (see pipeline)."""
    labels = labels or DateLabels()
    parts = [row["cycle_name"]]
    if section == "interviews":
        parts.append(f"interview {labels.weekday_time(row['next_interview_at'])}")
    elif section == "resubmissions":
        parts.append(f"resubmit by {labels.short_day(row['resubmission_deadline'])}")
    elif row["submitted_at"]:
        parts.append(f"submitted {labels.short_day(row['submitted_at'])}")
    if row["total"] is not None:
        parts.append(f"total {row['total']}")
    return " · ".join(parts)


# The failed jobs the pipeline lists, newest first, with only what it shows. Plain SQL
# for the same reason as _QUEUE_SQL: the ORM took three times as long to build this
# statement as the database took to answer it.
_FAILED_JOBS_SQL = """
SELECT j.id, j.kind, j.payload, j.last_error, j.updated_at, j.application_id,
    o.name AS organisation_name
FROM {jobs} j
LEFT JOIN {applications} a ON a.id = j.application_id
LEFT JOIN {organisations} o ON o.id = a.organisation_id
WHERE j.status = %(failed)s AND j.kind IN ({kinds})
ORDER BY j.updated_at DESC, j.id DESC
LIMIT %(limit)s
"""


@functools.cache
def _failed_jobs_sql():
    from jobs.models import Job
    from organisations.models import Organisation

    return _FAILED_JOBS_SQL.format(  # noqa: S608 - table names from the models, values as parameters
        jobs=Job._meta.db_table,
        applications=Application._meta.db_table,
        organisations=Organisation._meta.db_table,
        kinds=", ".join(f"%(kind_{n})s" for n in range(len(FAILED_JOB_KINDS))),
    )


def _failed_jobs(detail_url):
    """The failed plaque and email jobs (the newest FAILED_JOBS_SHOWN), each with
    organisation_name and application_url (None for a job with no application)."""
    from jobs.models import Job

    params = {"failed": Job.Status.FAILED.value, "limit": FAILED_JOBS_SHOWN}
    params.update({f"kind_{n}": kind for n, kind in enumerate(FAILED_JOB_KINDS)})
    jobs = list(Job.objects.raw(_failed_jobs_sql(), params))
    for job in jobs:
        job.application_url = None if job.application_id is None else detail_url(job.application_id)
    return jobs


def pipeline(limit=SECTION_LIMIT):
    """The "needs you next" queue: {section key: [rows]} (the first `limit` of each
    section, in the section's order), "totals" ({section key: count}) and the failed
    jobs (see _failed_jobs).

    One query places, counts and loads the shown applications of every section
    (_QUEUE_SQL), one loads the failed jobs. So the page's cost does not grow with the
    number of live applications. Each row is a dict of what the queue shows: pk,
    organisation_name, level_name, cycle_name, submitted_at, resubmission_deadline,
    total, next_interview_at (interviews section), title ("organisation: level"),
    staff_url and queue_note (see queue_note)."""
    queue = {key: [] for key, _, _ in SECTIONS}
    totals = dict.fromkeys(queue, 0)
    detail_url = staff_detail_url_maker()
    labels = DateLabels()
    for row in sorted(_queue_rows(limit), key=itemgetter("position")):
        section = row["section"]
        row["title"] = f"{row['organisation_name']}: {row['level_name']}"
        row["staff_url"] = detail_url(row["pk"])
        row["queue_note"] = queue_note(section, row, labels)
        queue[section].append(row)
        totals[section] = row["section_total"]
    queue["totals"] = totals
    queue["failed_jobs"] = _failed_jobs(detail_url)
    return queue


_URL_PK = 2147483647  # a pk no other part of a console page's URL can contain


@functools.cache
def _pk_url_parts(name, script_prefix, root_urlconf, urlconf):
    """(prefix, suffix) around the pk in URL `name`'s URLs. URLs change only with the
    code (and the URL configuration and prefix, part of the key), so each pattern is
    reversed once per process."""
    prefix, _, suffix = reverse(name, args=[_URL_PK]).rpartition(str(_URL_PK))
    return prefix, suffix


def pk_url_maker(name):
    """A function pk -> the URL named `name` for that pk, the same as reverse(name,
    args=[pk]) (reverse() for each of a hundred rows was a tenth of the pipeline page)."""
    prefix, suffix = _pk_url_parts(name, get_script_prefix(), settings.ROOT_URLCONF, get_urlconf())
    return lambda pk: f"{prefix}{pk}{suffix}"


def staff_detail_url_maker():
    """A function pk -> the URL of that application's staff page."""
    return pk_url_maker("assessments:staff_detail")


def retry_job(job_id, *, actor):
    """Give a failed plaque or email job a fresh set of attempts."""
    from jobs.models import Job
    from jobs.services import retry_failed

    job = Job.objects.filter(pk=job_id, status=Job.Status.FAILED, kind__in=FAILED_JOB_KINDS).first()
    if job is None:
        raise ConsoleError("That job is not waiting for a retry. It may have been retried already.")
    retry_failed(job)
    logger.info("job retried: job=%s kind=%s by user=%s", job.pk, job.kind, actor.pk)
    return job


def job_summary(job):
    if job.kind == "email":
        return f"Email: {job.payload.get('subject', '')}"
    if job.kind == "plaque":
        return f"Plaque version {job.payload.get('version', '')}"
    return job.kind


# ---------------------------------------------------------------- actions


@dataclass
class Action:
    key: str
    label: str
    url: str
    style: str = "btn-primary"
    extra: dict = field(default_factory=dict)


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # that app's page does not exist (yet)
        return None


def staff_actions(application, *, user=None, panel=None, award=None):
    """THE list of actions staff may take on `application` now, as links.

    Derived from workflow.allowed_targets(application, STAFF) and the panel
    state, so a button is shown only when the move behind it is legal.
    """
    targets = set(workflow.allowed_targets(application, workflow.STAFF))
    status = application.status
    actions = []

    def add(key, label, url, style="btn-primary"):
        if url:
            actions.append(Action(key, label, url, style))

    if Status.RETURNED in targets:
        add(
            "return",
            "Return for more information",
            # The form (a message is required) is on the application's page.
            reverse("assessments:staff_detail", args=[application.pk]) + "#return-heading",
            "btn-warning",
        )
    if Status.PANEL_ASSIGNED in targets and status == Status.SUBMITTED:
        add("assign", "Assign the panel", _url("console:staff_assign", application.pk))
    elif panel is not None and status in (Status.PANEL_ASSIGNED, Status.INTERVIEW_SCHEDULED):
        add(
            "assign",
            "Change the panel",
            _url("console:staff_assign", application.pk),
            "btn-outline-primary",
        )
    if Status.INTERVIEW_SCHEDULED in targets and panel is not None:
        add("schedule", "Schedule the interview", _url("console:staff_interview", application.pk))
    elif status == Status.INTERVIEW_SCHEDULED and Status.PANEL_ASSIGNED in targets:
        add(
            "schedule",
            "Change or cancel the interview",
            _url("console:staff_interview", application.pk),
            "btn-outline-primary",
        )
    if (
        Status.SCORED in targets
        and panel is not None
        and user is not None
        and panel.facilitator_id == user.pk
    ):
        add("finalise", "Agree and finalise the scores", _url("panels:consensus", application.pk))
    if targets & {Status.AWARDED, Status.RESUBMISSION_INVITED, Status.NOT_AWARDED}:
        add("confirm", "Confirm the outcome", _url("console:staff_outcome", application.pk))
    if status == Status.AWARDED and award is not None and award.revoked_at is None:
        add(
            "revoke",
            "Revoke the award",
            _url("console:staff_revoke", award.pk),
            "btn-outline-danger",
        )
    return actions


# ---------------------------------------------------------------- detail data


_NOT_LOADED = object()


def _reverse_one(application, name):
    """The application's reverse one-to-one `name` (or None) if select_related loaded it."""
    if getattr(type(application), name).is_cached(application):
        return getattr(application, name, None)  # RelatedObjectDoesNotExist is an AttributeError
    return _NOT_LOADED


def panel_and_award(application):
    """(panel or None, award or None): free when the application was loaded with
    select_related("panel__facilitator", "award") (see staff_application_queryset),
    otherwise two queries."""
    from certificates.models import Award
    from panels.models import Panel, PanelSeat

    panel = _reverse_one(application, "panel")
    if panel is _NOT_LOADED:
        panel = (
            Panel.objects.filter(application_id=application.pk)
            .select_related("facilitator")
            .prefetch_related(
                Prefetch("seats", queryset=PanelSeat.objects.select_related("member"))
            )
            .first()
        )
    award = _reverse_one(application, "award")
    if award is _NOT_LOADED:
        award = Award.objects.filter(application_id=application.pk).first()
    return panel, award


def staff_application_queryset():
    """Applications for staff pages, with the panel (seats and members), the facilitator
    and the award loaded in two queries. (Not the framework version: every join more
    costs PostgreSQL more time planning this query than running it.)"""
    from panels.models import PanelSeat

    return Application.objects.select_related(
        "organisation", "level", "cycle", "panel__facilitator", "award"
    ).prefetch_related(
        Prefetch("panel__seats", queryset=PanelSeat.objects.select_related("member"))
    )


def staff_tab_application_queryset():
    """Applications for the staff application record's tabs other than the overview:
    with the organisation, level and cycle only (the header needs nothing more)."""
    return Application.objects.select_related("organisation", "level", "cycle")


def submission_answers(application):
    """The application's answers in indicator order, with the indicator, evidence and
    links loaded and `self_rating_label` set from the framework's score descriptors.
    Four queries, however many answers, files and links."""
    answers = list(
        application.answers.select_related("indicator")
        .prefetch_related("evidence", "links")
        .order_by("indicator__order")
    )
    descriptors = descriptor_labels(application)
    for answer in answers:
        answer.self_rating_label = descriptors.get(answer.self_rating, "")
    return answers


def submissions_received(application):
    """The snapshots taken at each submission, oldest first, without their (large) copy
    of the answers."""
    return list(application.snapshots.select_related("submitted_by").defer("answers"))


def staff_timeline(application):
    """Every timeline event of the application (staff-only ones too), with the actor
    loaded (see selectors.timeline)."""
    return selectors.timeline(application, staff_only_too=True)


def descriptor_labels(application):
    """{score value: label} of the application's framework version (no join: by the
    version's id, in value order)."""
    from .models import ScoreDescriptor

    return dict(
        ScoreDescriptor.objects.filter(version_id=application.level.version_id)
        .order_by("value")
        .values_list("value", "label")
    )


def interviews_for(application):
    from panels.models import Interview

    return list(Interview.objects.filter(application_id=application.pk).order_by("starts_at"))


@dataclass
class ScoreRow:
    indicator: object
    agreed: object = None
    member_values: list = field(default_factory=list)


@dataclass
class ScoreRound:
    number: int
    members: list
    rows: list
    total: int | None
    finalisation: object = None


def score_rounds(application, indicators=None):
    """Agreed and individual scores for each round, for staff. Constant queries.

    `indicators`: the level's indicators in order, if the caller has them already."""
    from panels.models import AgreedScore, Finalisation, Score

    if indicators is None:
        indicators = list(application.level.indicators.order_by("order"))
    agreed = list(AgreedScore.objects.filter(application_id=application.pk))
    member_scores = list(
        Score.objects.filter(application_id=application.pk).select_related("member")
    )
    finalisations = {f.round: f for f in Finalisation.objects.filter(application_id=application.pk)}
    numbers = sorted(
        {a.round for a in agreed} | {s.round for s in member_scores} | set(finalisations)
    )
    rounds = []
    for number in numbers:
        members = sorted(
            {s.member for s in member_scores if s.round == number},
            key=lambda m: (m.display_name, m.pk),
        )
        agreed_by_indicator = {a.indicator_id: a for a in agreed if a.round == number}
        values = {
            (s.member_id, s.indicator_id): s.value for s in member_scores if s.round == number
        }
        rows = [
            ScoreRow(
                indicator=indicator,
                agreed=agreed_by_indicator.get(indicator.pk),
                member_values=[values.get((m.pk, indicator.pk)) for m in members],
            )
            for indicator in indicators
        ]
        agreed_values = [a.value for a in agreed_by_indicator.values()]
        rounds.append(
            ScoreRound(
                number=number,
                members=members,
                rows=rows,
                total=sum(agreed_values) if agreed_values else None,
                finalisation=finalisations.get(number),
            )
        )
    return rounds


# An application's emails and plaques, oldest first, with the columns the Timeline tab
# shows (the others are deferred). Plain SQL through Job.objects.raw, still Job
# instances: building this one-table statement took the ORM longer than the database
# took to answer it (the query 0.65 -> 0.33 ms in-process on the bench database).
_APPLICATION_JOBS_SQL = """
SELECT id, kind, payload, status, last_error, created_at, completed_at
FROM {jobs}
WHERE application_id = %s
ORDER BY created_at, id
"""


@functools.cache
def _application_jobs_sql():
    from jobs.models import Job

    return _APPLICATION_JOBS_SQL.format(jobs=Job._meta.db_table)  # noqa: S608 - table name from the model


def application_jobs(application):
    """The application's jobs (emails, plaques), oldest first."""
    from jobs.models import Job

    return list(Job.objects.raw(_application_jobs_sql(), [application.pk]))


# ---------------------------------------------------------------- cycles


def cycles_with_counts():
    return Cycle.objects.annotate(
        application_count=Count("applications", distinct=True),
        live_count=Count(
            "applications", filter=Q(applications__status__in=LIVE_STATUSES), distinct=True
        ),
    ).order_by("-opens_on", "-pk")


def cycle_applications(cycle):
    return (
        cycle.applications.select_related("organisation", "level")
        .order_by("organisation__name", "pk")
        .all()
    )


def save_cycle(form, *, actor):
    """Create or edit a cycle from a valid CycleForm."""
    created = form.instance.pk is None
    cycle = form.save()
    logger.info(
        "cycle %s: cycle=%s by user=%s", "created" if created else "edited", cycle.pk, actor.pk
    )
    return cycle


@transaction.atomic
def close_cycle(cycle, *, actor):
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.is_closed:
        raise ConsoleError("This cycle is already closed.")
    locked.is_closed = True
    locked.closed_at = timezone.now()
    locked.save(update_fields=["is_closed", "closed_at"])
    logger.info("cycle closed: cycle=%s by user=%s", cycle.pk, actor.pk)
    return locked


@transaction.atomic
def reopen_cycle(cycle, *, actor):
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if not locked.is_closed:
        raise ConsoleError("This cycle is already open.")
    locked.is_closed = False
    locked.reopened_at = timezone.now()
    locked.save(update_fields=["is_closed", "reopened_at"])
    logger.info("cycle reopened: cycle=%s by user=%s", cycle.pk, actor.pk)
    return locked


def cycle_state(cycle, day=None):
    """A plain-English state for a cycle page."""
    day = day or timezone.localdate()
    if cycle.is_closed:
        return "Closed"
    if day < cycle.opens_on:
        return f"Opens on {cycle.opens_on:%-d %B %Y}"
    if day > cycle.submission_deadline:
        return "Deadline passed"
    return "Open for applications"
