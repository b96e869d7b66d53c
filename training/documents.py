"""PDFs the worker makes: each attendee's certificate of attendance (emailed to them) and
an organisation's evidence item ("N staff attended Working with Teenagers on <date>").

WeasyPrint is imported where a PDF is made, so web processes do not load it. Rendering
fetches nothing: the templates hold their own styles and no images, and the URL fetcher
refuses every URL."""

import io

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from assessments.services.evidence import store_evidence
from jobs.registry import register
from jobs.services import render_plain_text
from organisations.models import Organisation
from scheme.selectors import current_scheme

from .models import Booking, SessionEvidence, TrainingSession


class BlockedResource(ValueError):
    pass


def _refuse_every_url(url, *args, **kwargs):
    raise BlockedResource(f"Training documents fetch nothing ({url!r})")


def render_pdf(template, context):
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=_refuse_every_url).write_pdf()


def session_date(session):
    return date_format(timezone.localtime(session.starts_at), "j F Y")


def evidence_title(count, session):
    people = "1 member of staff" if count == 1 else f"{count} staff"
    return f"{people} attended Working with Teenagers on {session_date(session)}"


@register("training_certificate")
def certificate_job(job):
    """Render the attendee's certificate and email it to them. The job's key makes this
    happen once per booking; a failure is retried by the outbox."""
    booking = Booking.objects.select_related("session").get(pk=job.payload["booking_id"])
    if booking.attendance != Booking.Attendance.ATTENDED or booking.anonymised_at:
        return
    scheme = current_scheme()
    pdf = render_pdf(
        "training/certificate.html",
        {"booking": booking, "date": session_date(booking.session), "scheme": scheme},
    )
    message = EmailMessage(
        subject="Your certificate: Working with Teenagers",
        body=render_plain_text(
            "emails/training_certificate.txt",
            {
                "booking": booking,
                "date": session_date(booking.session),
                "site_url": settings.SITE_URL,
                "scheme": scheme,
            },
        ),
        from_email=scheme.from_email,
        to=[booking.email],
    )
    message.attach("working-with-teenagers-certificate.pdf", pdf, "application/pdf")
    message.send(fail_silently=False)


class _NamedBytes(io.BytesIO):
    def __init__(self, content, name):
        super().__init__(content)
        self.name = name
        self.size = len(content)


@register("training_evidence")
def evidence_job(job):
    """Write (or bring up to date) the organisation's evidence item for a session, in its
    evidence library, ready to attach to an application."""
    session = TrainingSession.objects.get(pk=job.payload["session_id"])
    organisation = Organisation.objects.get(pk=job.payload["organisation_id"])
    count = session.bookings.filter(
        organisation=organisation,
        status=Booking.Status.CONFIRMED,
        attendance=Booking.Attendance.ATTENDED,
    ).count()
    with transaction.atomic():
        existing = (
            SessionEvidence.objects.select_for_update()
            .select_related("evidence")
            .filter(session=session, organisation=organisation)
            .first()
        )
        if existing is not None and existing.attended == count:
            return
        if count == 0:
            if existing is not None:
                existing.evidence.delete()
            return
        title = evidence_title(count, session)
        pdf = render_pdf(
            "training/evidence.html",
            {
                "title": title,
                "organisation": organisation,
                "session": session,
                "date": session_date(session),
                "count": count,
            },
        )
        slug = f"working-with-teenagers-{timezone.localdate(session.starts_at):%Y-%m-%d}.pdf"
        [result] = store_evidence(organisation, [_NamedBytes(pdf, slug)], user=None)
        if not result.ok:
            raise RuntimeError(f"Evidence not stored: {result.error}")
        if existing is not None:
            old = existing.evidence
            existing.evidence = result.evidence
            existing.attended = count
            existing.save(update_fields=["evidence", "attended"])
            if not old.answers.exists():
                old.delete()
        else:
            SessionEvidence.objects.create(
                session=session,
                organisation=organisation,
                evidence=result.evidence,
                attended=count,
            )
        result.evidence.original_name = f"{title}.pdf"
        result.evidence.save(update_fields=["original_name"])
