"""The pipeline page's read model: the count of applications in each status, the
"needs you next" queue and the failed plaque and email jobs (with their retry).

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
- failed_jobs: plaque and email jobs that failed, which staff can retry;
- audit_chain_broken: the last check of the audit log's hash chain found a break
  (audit.selectors.chain_broken), or None.

One query places and counts the shown applications of every section, and one more reads
what they show (see _queue_rows), so the page's query count and the rows it loads do not
grow with the number of applications. The queue is kept in the cache for the rest of its
QUEUE_WINDOW_SECONDS window of time, until something it shows changes (forget_queue).
The counts per status are one GROUP BY, cached between status changes
(assessments.selectors.status_counts).
"""

import datetime
import logging
from operator import itemgetter

from django.core.cache import cache
from django.db import transaction
from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    Value,
    Window,
)
from django.db.models.functions import Cast, RowNumber
from django.utils import timezone

from assessments import selectors as assessment_selectors
from assessments.models import Application, Status
from audit import selectors as audit_selectors
from checkins import selectors as checkin_selectors
from jobs.models import Job
from jobs.services import retry_failed
from kitemark.date_labels import DateLabels
from kitemark.refusals import Refused
from panels import selectors as panel_selectors
from panels.models import Interview, Panel

logger = logging.getLogger("console.pipeline")

INTERVIEW_SOON_DAYS = 7
RESUBMISSION_SOON_DAYS = 14
FAILED_JOB_KINDS = ("email", "plaque")
FAILED_JOBS_SHOWN = 50
# Each "needs you next" section shows its first (most urgent) rows, enough to see at a
# glance what to do next; its badge gives the total and a link opens the rest in the
# applications table, filtered by the section's status.
SECTION_LIMIT = 10

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

# The status to filter the applications table by, for each section's "see all" link.
SECTION_STATUS = {
    "to_check": Status.SUBMITTED,
    "no_panel": Status.SUBMITTED,
    "interviews": Status.INTERVIEW_SCHEDULED,
    "to_finalise": Status.INTERVIEW_SCHEDULED,
    "to_confirm": Status.SCORED,
    "resubmissions": Status.RESUBMISSION_INVITED,
}


class ConsoleError(Refused):
    """A console action the data's current state refuses (a job already retried)."""


def status_counts():
    """[(status, label, number of applications)] for every status."""
    counts = assessment_selectors.status_counts()
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices]


# ---------------------------------------------------------------- "needs you next"

# The earliest submitted first; applications never submitted last.
BY_SUBMISSION = (F("submitted_at").asc(nulls_last=True), F("pk").asc())
# The shown rows of the sections other than "interviews" have no interview time. Typed,
# so that every part of the UNION (see _queue_rows) agrees on the column's type.
NO_INTERVIEW = Cast(Value(None), DateTimeField())


def _sections(now, today):
    """THE rule for each "needs you next" section (see the module docstring): {section
    key: (its applications, their order, each one's interview time to show)}. `now` and
    `today`: the moment and the local date the queue is for."""
    submitted = Application.objects.filter(status=Status.SUBMITTED)
    has_panel = Exists(Panel.objects.filter(application=OuterRef("pk")))
    # Scheduled applications whose (not cancelled) interview has started, found from the
    # scheduled applications' own interviews, so the check never reads every interview
    # ever held.
    interview_started = Interview.objects.filter(
        application__status=Status.INTERVIEW_SCHEDULED,
        cancelled_at__isnull=True,
        starts_at__lte=now,
    ).values("application_id")
    # An application's next interview is within the window exactly when its earliest
    # interview inside the window exists: the filter keeps those interviews, and Min()
    # after it reads only them.
    interview_soon = Application.objects.filter(
        status=Status.INTERVIEW_SCHEDULED,
        interviews__cancelled_at__isnull=True,
        interviews__starts_at__gt=now,
        interviews__starts_at__lte=now + datetime.timedelta(days=INTERVIEW_SOON_DAYS),
    )
    resubmission_until = today + datetime.timedelta(days=RESUBMISSION_SOON_DAYS)
    return {
        "to_check": (submitted, BY_SUBMISSION, NO_INTERVIEW),
        "no_panel": (submitted.exclude(has_panel), BY_SUBMISSION, NO_INTERVIEW),
        "interviews": (
            interview_soon,
            (F("next_interview_at").asc(), *BY_SUBMISSION),
            Min("interviews__starts_at"),
        ),
        "to_finalise": (
            Application.objects.filter(
                Q(status=Status.RESUBMITTED)
                | Q(status=Status.INTERVIEW_SCHEDULED, pk__in=interview_started)
            ),
            BY_SUBMISSION,
            NO_INTERVIEW,
        ),
        "to_confirm": (
            Application.objects.filter(status=Status.SCORED),
            (F("updated_at").asc(), F("pk").asc()),
            NO_INTERVIEW,
        ),
        "resubmissions": (
            Application.objects.filter(
                status=Status.RESUBMISSION_INVITED, resubmission_deadline__lte=resubmission_until
            ),
            (F("resubmission_deadline").asc(), F("pk").asc()),
            NO_INTERVIEW,
        ),
    }


def _first_rows(key, applications, order, next_interview_at, limit):
    """The first `limit` of section `key`'s applications in its order: their pk, `position`
    in the section and the `section_total` (window functions over the whole section, so
    counted before the limit), and `next_interview_at`. Over the applications table alone:
    the names each row shows are read for the shown rows only (see _queue_rows)."""
    return (
        applications.annotate(next_interview_at=next_interview_at)
        .annotate(
            section=Value(key, output_field=CharField()),
            position=Window(RowNumber(), order_by=order),
            section_total=Window(Count("pk")),
        )
        .filter(position__lte=limit)
        .order_by()  # a part of a UNION has no order of its own
        .values("section", "position", "section_total", "next_interview_at", "pk")
    )


# What a queue row shows of its application, read for the shown applications only.
QUEUE_ROW_FIELDS = ("submitted_at", "total", "resubmission_deadline")
QUEUE_ROW_NAMES = {
    "organisation_name": F("organisation__name"),
    "level_name": F("level__name"),
    "cycle_name": F("cycle__name"),
}


def _queue_rows(now, limit):
    """The shown rows of every section (see _first_rows), in no particular order, each
    with QUEUE_ROW_FIELDS and QUEUE_ROW_NAMES: two queries, the sections' places joined
    by UNION ALL, then the shown applications' names and dates."""
    parts = [
        _first_rows(key, applications, order, next_interview_at, limit)
        for key, (applications, order, next_interview_at) in _sections(
            now, timezone.localdate(now)
        ).items()
    ]
    places = list(parts[0].union(*parts[1:], all=True))
    shown = {
        row["pk"]: row
        for row in Application.objects.filter(pk__in={place["pk"] for place in places})
        .order_by()
        .values("pk", *QUEUE_ROW_FIELDS, **QUEUE_ROW_NAMES)
    }
    return [{**place, **shown[place["pk"]]} for place in places]


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


# Building and compiling the queue's statement is most of the page's time, and staff open
# the pipeline far more often than an application moves. The queue is kept for the rest
# of its window of time (so a section that depends on the time, such as an interview that
# has started, is at most this late), and forgotten at once when something it shows is
# saved (forget_queue, connected in ConsoleConfig.ready).
QUEUE_WINDOW_SECONDS = 30
QUEUE_CACHE_KEY = "console:pipeline-queue:{window}"
# The check-in sections change with the day and with saves of what they show (forgotten
# then, forget_checkins), so they are kept for the day; the hour bounds how long a save
# that was never signalled could go unseen.
CHECKINS_CACHE_KEY = "console:pipeline-checkins:{day}"
CHECKINS_KEPT_SECONDS = 3600


def _queue_cache_key(now):
    return QUEUE_CACHE_KEY.format(window=int(now.timestamp()) // QUEUE_WINDOW_SECONDS)


def _cached_queue_rows(now):
    """_queue_rows for the window of time `now` is in, from the cache when it has them."""
    key = _queue_cache_key(now)
    rows = cache.get(key)
    if rows is None:
        rows = _queue_rows(now, SECTION_LIMIT)
        cache.set(key, rows, QUEUE_WINDOW_SECONDS)
    return rows


def _checkins_cache_key(now):
    return CHECKINS_CACHE_KEY.format(day=timezone.localdate(now).isoformat())


def _cached_checkins(now):
    """The pipeline's check-in sections: how many check-ins are due and how many of those
    flagged, and the sent ones waiting for review or worried (checkins.selectors.
    staff_queue). At national scale thousands are due, and reading them is most of the
    page's time, so they are counted once and kept."""
    key = _checkins_cache_key(now)
    sections = cache.get(key)
    if sections is None:
        queue = checkin_selectors.staff_queue(timezone.localdate(now))
        sections = {
            "due_count": len(queue["due"]),
            "flagged_count": len(queue["flagged"]),
            "waiting": queue["waiting"],
            "worried": queue["worried"],
        }
        cache.set(key, sections, CHECKINS_KEPT_SECONDS)
    return sections


def _forget(key_of):
    def forget():
        cache.delete(key_of(timezone.now()))

    forget()
    # Again at commit, so that no request keeps what it read while the change was still
    # uncommitted.
    transaction.on_commit(forget)


def forget_queue(**kwargs):
    """Drop the kept queue. A receiver of post_save and post_delete of every model it
    shows, and of application_transitioned (a move writes with update(), which sends no
    post_save)."""
    _forget(_queue_cache_key)


def forget_checkins(**kwargs):
    """Drop the kept check-in sections. A receiver of post_save and post_delete of every
    model they show."""
    _forget(_checkins_cache_key)


# ---------------------------------------------------------------- failed jobs


def failed_jobs():
    """The plaque and email jobs that failed after every attempt: staff may retry them."""
    return Job.objects.filter(status=Job.Status.FAILED, kind__in=FAILED_JOB_KINDS)


def _failed_jobs_shown():
    """The newest FAILED_JOBS_SHOWN failed jobs, with their application's organisation."""
    return list(
        failed_jobs()
        .select_related("application__organisation")
        .order_by("-updated_at", "-pk")[:FAILED_JOBS_SHOWN]
    )


def retry_job(job_id, *, actor):
    """Give a failed plaque or email job a fresh set of attempts."""
    job = failed_jobs().filter(pk=job_id).first()
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


# ---------------------------------------------------------------- the page


def pipeline():
    """The "needs you next" queue at this moment (timezone.now()): {section key: [rows]}
    (the first SECTION_LIMIT of each section, in the section's order), "totals" ({section key:
    count}) and "failed_jobs" (the newest failed jobs, see _failed_jobs_shown).

    Each row is a dict of what the queue shows: pk, organisation_name, level_name,
    cycle_name, submitted_at, resubmission_deadline, total, next_interview_at
    (interviews section) and queue_note (see queue_note)."""
    queue = {key: [] for key, _, _ in SECTIONS}
    totals = dict.fromkeys(queue, 0)
    labels = DateLabels()
    for row in sorted(_cached_queue_rows(timezone.now()), key=itemgetter("position")):
        section = row["section"]
        row["queue_note"] = queue_note(section, row, labels)
        queue[section].append(row)
        totals[section] = row["section_total"]
    queue["totals"] = totals
    queue["failed_jobs"] = _failed_jobs_shown()
    queue["audit_chain_broken"] = audit_selectors.chain_broken()
    queue["seat_losses"] = panel_selectors.seat_losses_to_handle()
    # Check-ins due, more than 8 weeks late, waiting for review, and worried.
    queue["checkins"] = _cached_checkins(timezone.now())
    return queue
