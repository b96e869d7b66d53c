"""What an organisation's dashboard shows: its live application and the next step, its
past applications and its awards.

This page reads the apps above organisations (assessments, panels, certificates), so its
imports of them are made inside the functions; the page is to move to an app of its own
that may import them.
"""

import datetime

from django.template.defaultfilters import date as format_date
from django.utils import timezone


def _interview_when(application_pk):
    """When the application's next (not cancelled) interview starts, or None."""
    from assessments.models import Application
    from panels.selectors import next_interview_for

    interview = next_interview_for(Application(pk=application_pk))
    return None if interview is None else interview.starts_at


def _format_when(value):
    if isinstance(value, datetime.datetime):
        return format_date(timezone.localtime(value), "l j F Y \\a\\t g:i a")
    return format_date(value, "l j F Y")


def next_step(application):
    """Where the live application stands and what happens next, in plain words.
    `application`: one of the dashboard's rows (DASHBOARD_APPLICATION_FIELDS)."""
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


def _live_summary(application, status_labels):
    """What the "Your application" card shows of the live application."""
    return {
        "pk": application["pk"],
        "level_name": application["level__name"],
        "cycle_name": application["cycle__name"],
        "status_label": status_labels.get(application["status"], application["status"]),
    }


def past_application_rows(applications, status_labels):
    """The past applications table: level, round and result, and the application's pk for
    its link. The total shows only once the participation team has confirmed the outcome
    (as Application.outcome_visible_to_organisation says)."""
    from assessments.outcomes import MAX_TOTAL

    rows = []
    for application in applications:
        result = status_labels.get(application["status"], application["status"])
        total = application["total"]
        if application["outcome_confirmed_at"] is not None and total is not None:
            result = f"{result} ({total} out of {MAX_TOTAL})"
        rows.append(
            {
                "pk": application["pk"],
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


def dashboard_applications(organisation):
    """The organisation's applications as dicts of DASHBOARD_APPLICATION_FIELDS, newest first."""
    from assessments.models import Application

    return list(
        Application.objects.filter(organisation=organisation)
        .order_by("-created_at")
        .values(*DASHBOARD_APPLICATION_FIELDS)
    )


def dashboard_for(organisation):
    """Everything the organisation dashboard shows of `organisation`, in a fixed number of
    queries."""
    from assessments.models import FINISHED_STATUSES, LIVE_STATUSES, Cycle, Status
    from certificates.selectors import organisation_awards

    # One read of the organisation's applications (a handful: one per round it entered)
    # gives both the live one and the finished ones.
    applications = dashboard_applications(organisation)
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
        "awards": organisation_awards(organisation),
    }
