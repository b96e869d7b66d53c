"""What an organisation does next with its application, in plain words: one sentence for
each live status. The organisation's home page shows it beside the application."""

from django.template.defaultfilters import date as format_date
from django.utils import timezone

from .models import Status

# The application values next_step() reads (names as Application.objects.values() gives
# them), so a page can read them in its own query.
NEXT_STEP_FIELDS = ("status", "cycle__submission_deadline", "resubmission_deadline")


def next_step(application_values, interview_starts_at=None):
    """Where the application stands and what happens next.

    `application_values`: a mapping holding NEXT_STEP_FIELDS. `interview_starts_at`: when
    its booked interview starts (the panels app knows), or None if none is booked. A
    finished application has no next step: "".
    """
    status = application_values["status"]
    deadline = format_date(application_values["cycle__submission_deadline"], "j F Y")
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
        if interview_starts_at is None:
            return (
                "The panel will interview you. Your email invitation has the date, time and place."
            )
        when = format_date(timezone.localtime(interview_starts_at), "l j F Y \\a\\t g:i a")
        return f"The panel will interview you on {when}."
    if status == Status.SCORED:
        return (
            "The panel has scored your application. "
            "The participation team is checking the result and will tell you soon."
        )
    if status == Status.RESUBMISSION_INVITED:
        if application_values["resubmission_deadline"]:
            by = format_date(application_values["resubmission_deadline"], "j F Y")
            return (
                "You are invited to resubmit. Add evidence and make the changes the panel "
                f"suggested, then resubmit by {by}."
            )
        return "You are invited to resubmit. Add evidence and make the changes the panel suggested."
    if status == Status.RESUBMITTED:
        return "The panel is looking at your resubmission. We will email you the result."
    return ""
