"""The certificate of contribution: a PDF rendered by the worker, like the plaques, from
local fonts only (certificates.plaques' URL fetcher). It names only the young person's
display name and group, the period and the totals, signed off by the participation team.
The worker also signs the same certificate as an Open Badges 3.0 credential
(credentials.documents.contribution_credential), once, and keeps it on the row: signing
needs the issuer key, and a young person downloads the same credential every time."""

import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from certificates.plaques import asset_dir, url_fetcher_for
from credentials.documents import contribution_credential
from credentials.services.issuing import sign_credential
from jobs.registry import register
from scheme.selectors import current_scheme

from . import selectors
from .models import ContributionCertificate


def render_certificate_pdf(certificate, person) -> bytes:
    from weasyprint import HTML

    assets = asset_dir()
    scheme = current_scheme()
    html = render_to_string(
        "recognition/certificate.html",
        {
            "scheme_name": scheme.scheme_name,
            "council_name": scheme.council_name,
            "display_name": person.display_name,
            "group": person.group,
            "period_from": certificate.period_from,
            "period_to": certificate.period_to,
            "lines": certificate.totals.get("lines", []),
        },
    )
    document = HTML(
        string=html, base_url=assets.as_uri() + "/", url_fetcher=url_fetcher_for(assets)
    )
    return document.write_pdf()


def sign_certificate(certificate, person):
    """The certificate as a signed OpenBadgeCredential: (the VC-JWT, the key's row). Its id
    is a urn:uuid: young people's credentials are not published at any URL."""
    return sign_credential(
        contribution_credential(
            credential_id=f"urn:uuid:{uuid.uuid4()}",
            display_name=person.display_name,
            period_from=certificate.period_from,
            period_to=certificate.period_to,
            lines=certificate.totals.get("lines", []),
            issued_at=timezone.now(),
        )
    )


def generate_certificate(certificate_id):
    """Render and store the certificate's PDF and sign its credential. Idempotent: what is
    made already is left alone."""
    with transaction.atomic():
        certificate = (
            ContributionCertificate.objects.select_for_update().filter(pk=certificate_id).first()
        )
        if certificate is None or (certificate.file and certificate.credential):
            return certificate
        person = selectors.young_person(certificate.person_id)
        if person is None or person.left:  # the name is gone: nothing to put it on
            return certificate
        changed = []
        if not certificate.file:
            pdf = render_certificate_pdf(certificate, person)
            certificate.file.save("certificate.pdf", ContentFile(pdf), save=False)
            certificate.rendered_at = timezone.now()
            changed += ["file", "rendered_at"]
        if not certificate.credential:
            certificate.credential, certificate.credential_key = sign_certificate(
                certificate, person
            )
            changed += ["credential", "credential_key"]
        certificate.save(update_fields=changed)
        return certificate


@register("contribution_certificate")
def certificate_job(job):
    generate_certificate(job.payload["certificate_id"])
