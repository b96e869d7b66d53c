"""What the organisation's home page shows: its live application and the next step, its
past applications and its awards, each read from the app that owns it."""

from assessments.models import FINISHED_STATUSES, LIVE_STATUSES, Application, Cycle, Status
from assessments.next_steps import NEXT_STEP_FIELDS, next_step
from assessments.outcomes import MAX_TOTAL
from certificates.selectors import organisation_awards
from panels.selectors import next_interview_for

# What the page reads of each application. Read as plain values: the page stays cheap
# however many rounds an organisation entered.
DASHBOARD_APPLICATION_FIELDS = (
    "pk",
    *NEXT_STEP_FIELDS,
    "total",
    "outcome_confirmed_at",
    "cycle__name",
    "level__name",
)


def dashboard_applications(organisation):
    """The organisation's applications as dicts of DASHBOARD_APPLICATION_FIELDS, newest first."""
    return list(
        Application.objects.filter(organisation=organisation)
        .order_by("-created_at")
        .values(*DASHBOARD_APPLICATION_FIELDS)
    )


def _live_next_step(application):
    """The next step of the live application (one of dashboard_applications()), with the
    start of its booked interview when it waits for one."""
    interview_starts_at = None
    if application["status"] == Status.INTERVIEW_SCHEDULED:
        interview = next_interview_for(Application(pk=application["pk"]))
        interview_starts_at = None if interview is None else interview.starts_at
    return next_step(application, interview_starts_at)


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


def dashboard_for(organisation):
    """Everything the home page shows of `organisation`, in a fixed number of queries."""
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
        "next_step": _live_next_step(live) if live else "",
        "past_applications": past_application_rows(past, status_labels),
        "open_cycle": open_cycle,
        "can_start": live is None and open_cycle is not None,
        "awards": organisation_awards(organisation),
    }
