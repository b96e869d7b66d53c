"""The organisation writes and sends its check-in; reviewers are asked when it is sent."""

from django.db import transaction
from django.utils import timezone

from assessments.models import Element
from certificates.models import Award

from .. import selectors
from ..models import CheckIn, ElementReport, YouSaidWeDid
from ..refusals import CheckInError
from . import notices, reviews


def draft_for(award, number, *, actor):
    """The check-in `number` of `award`, created as a draft the first time it is opened.
    Only a current award has check-ins."""
    due_on = dict(selectors.due_dates_of(award)).get(number)
    if due_on is None:
        raise CheckInError("This award has no such check-in.")
    checkin = CheckIn.objects.filter(award=award, number=number).first()
    if checkin is not None:
        return checkin
    if not award.is_current:
        raise CheckInError("Only a current award has check-ins.")
    with transaction.atomic():
        checkin, _ = CheckIn.objects.get_or_create(
            award=award, number=number, defaults={"due_on": due_on}
        )
        for value, _label in Element.choices:
            ElementReport.objects.get_or_create(checkin=checkin, element=value)
    return checkin


@transaction.atomic
def save(checkin, *, elements, you_said, lead_contact_change, evidence, actor):
    """Save the draft: `elements` {element: (done, actions_progress)}, `you_said` a list of
    (element, you said, we did), the lead contact change, and evidence from the library."""
    checkin = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    if checkin.is_sent:
        raise CheckInError("This check-in has been sent. It can no longer be changed.")
    for report in checkin.elements.all():
        done, progress = elements.get(report.element, ("", ""))
        report.done, report.actions_progress = done.strip(), progress.strip()
        report.save(update_fields=["done", "actions_progress"])
    for element, said, did in you_said:
        if said.strip() or did.strip():
            YouSaidWeDid.objects.create(
                checkin=checkin, element=element, you_said=said.strip(), we_did=did.strip()
            )
    checkin.lead_contact_change = lead_contact_change.strip()
    checkin.save(update_fields=["lead_contact_change"])
    own = [e for e in evidence if e.organisation_id == checkin.award.organisation_id]
    checkin.evidence.set(own)
    return checkin


def missing_elements(checkin):
    """The elements with nothing written about what was done."""
    return [r.get_element_display() for r in checkin.elements.all() if not r.done.strip()]


@transaction.atomic
def send(checkin, *, actor):
    """Send the check-in: young people who scored the organisation are asked to review it,
    and every young person who scored it is told. The award itself never changes."""
    checkin = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    if checkin.is_sent:
        raise CheckInError("This check-in has already been sent.")
    award = Award.objects.get(pk=checkin.award_id)
    if not award.is_current:
        raise CheckInError("Only a current award has check-ins.")
    missing = missing_elements(checkin)
    if missing:
        raise CheckInError(
            "Say what you have done for each element before you send. Missing: "
            + ", ".join(missing)
            + "."
        )
    if not checkin.you_said.exists():
        raise CheckInError(
            'Add at least one "you said, we did" item: what young people asked for, and '
            "what you did or why not."
        )
    checkin.sent_at = timezone.now()
    checkin.sent_by = actor
    checkin.save(update_fields=["sent_at", "sent_by"])
    for member in selectors.default_reviewers(award):
        reviews.ask(checkin, member, actor=None)
    notices.checkin_sent(checkin)
    return checkin
