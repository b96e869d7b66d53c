"""Staff add time; a certificate of contribution is asked for; a leaver's identity goes."""

from django.db import transaction
from django.utils import timezone

from jobs.services import enqueue
from kitemark.refusals import Refused

from .. import selectors
from ..models import AddedTime, ContributionCertificate


class RecognitionError(Refused):
    pass


def add_time(person, *, hours, what, on, actor):
    """`person`: a selectors.YoungPerson."""
    if person.left:
        raise RecognitionError("This young person has left: their record cannot change.")
    return AddedTime.objects.create(
        person=person.user, hours=hours, what=what, on=on, added_by=actor
    )


@transaction.atomic
def request_certificate(person, *, actor):
    """Record what the certificate states now, and queue its rendering (the PDF and the
    signed credential) by the worker. `person`: a selectors.YoungPerson."""
    if person.left:
        raise RecognitionError("This young person has left: there is no name to put on it.")
    record = selectors.record_for(person)
    certificate = ContributionCertificate.objects.create(
        person=person.user,
        period_from=person.since,
        period_to=timezone.localdate(),
        totals=record.totals(),
        requested_by=actor,
    )
    enqueue(
        "contribution_certificate",
        {"certificate_id": certificate.pk},
        key=f"contribution-certificate:{certificate.pk}",
    )
    return certificate


def forget_identity(sender=None, user=None, **kwargs):
    """A leaver's account was anonymised (panels.data_protection.anonymise_young_account: a
    panel member or a young trainer): their certificates (which carry their name, as do the
    signed credentials on them) and the notes on added time go; the counts and hours stay."""
    certificates = list(ContributionCertificate.objects.filter(person_id=user.pk))
    files = [(c.file.storage, c.file.name) for c in certificates if c.file]
    ContributionCertificate.objects.filter(pk__in=[c.pk for c in certificates]).delete()

    # The files go only once the anonymising is saved: a rollback must not leave a
    # certificate row whose PDF is gone.
    def delete_files():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)
    AddedTime.objects.filter(person_id=user.pk).update(what="Time given")
