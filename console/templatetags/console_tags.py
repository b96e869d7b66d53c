"""What the staff application page's partials show about the panel and the award."""

from django import template

from assessments.models import Status
from assessments.outcomes import MAX_TOTAL
from certificates.selectors import award_for_application
from panels import selectors as panel_selectors
from panels.models import Finalisation

register = template.Library()


@register.simple_tag
def staff_panel_summary(application):
    """What the staff application page shows about the panel, and which actions are open."""
    panel = panel_selectors.panel_for(application)
    names = ""
    if panel is not None:
        names = ", ".join(s.member.display_name for s in panel.seats.select_related("member"))
    interview = panel_selectors.next_interview_for(application)
    status = application.status
    return {
        "panel": panel,
        "member_names": names,
        "interview": interview,
        "finalisations": list(Finalisation.objects.filter(application_id=application.pk)),
        "max_total": MAX_TOTAL,
        "can_assign": status == Status.SUBMITTED
        or (panel is not None and status in (Status.PANEL_ASSIGNED, Status.INTERVIEW_SCHEDULED)),
        "can_schedule": status == Status.PANEL_ASSIGNED and interview is None,
        "can_reschedule": status == Status.INTERVIEW_SCHEDULED and interview is not None,
        "can_agree": panel is not None
        and status in (Status.INTERVIEW_SCHEDULED, Status.RESUBMITTED),
        "can_confirm": status == Status.SCORED,
        "has_result": application.outcome_confirmed_at is not None,
    }


@register.simple_tag
def application_award(application):
    return award_for_application(application)
