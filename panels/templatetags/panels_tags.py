from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from assessments.models import Status

from .. import services
from ..models import Finalisation

register = template.Library()


@register.simple_tag
def staff_panel_summary(application):
    """What the staff application page shows about the panel, and which actions are open."""
    panel = services.panel_for(application)
    names = ""
    if panel is not None:
        names = ", ".join(s.member.display_name for s in panel.seats.select_related("member"))
    interview = services.next_interview_for(application)
    status = application.status
    return {
        "panel": panel,
        "member_names": names,
        "interview": interview,
        "finalisations": list(Finalisation.objects.filter(application_id=application.pk)),
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
def org_panel_summary(application):
    """The organisation's view: the interview, and the confirmed result only."""
    interview = None
    if application.status == Status.INTERVIEW_SCHEDULED:
        interview = services.next_interview_for(application)
    confirmed = services.confirmed_rounds(application)
    return {"interview": interview, "latest": confirmed[-1] if confirmed else None}


@register.simple_tag
def score_buttons(descriptors, name, id_prefix, checked=None, autocomplete=False):
    """One indicator's score choices: a real radio input per descriptor (0 to 4), shown as a
    big button with the number and its label. The same markup repeats for every indicator
    (16 x 5 on the scoring and consensus pages), so it is built here rather than in a
    template loop, which was most of those pages' render time."""
    name, id_prefix = escape(name), escape(id_prefix)
    extra = ' autocomplete="off"' if autocomplete else ""
    buttons = []
    for descriptor in descriptors:
        value = int(descriptor.value)
        element_id = f"{id_prefix}-{value}"
        buttons.append(
            f'<input type="radio" class="btn-check" name="{name}" id="{element_id}" '
            f'value="{value}"{extra}{" checked" if checked == value else ""}>\n'
            f'<label class="btn btn-outline-primary score-option" for="{element_id}">'
            f'<span class="score-number">{value}</span> '
            f'<span class="score-label">{escape(descriptor.label)}</span></label>'
        )
    return mark_safe("\n".join(buttons))  # noqa: S308 - every value above is escaped or an int
