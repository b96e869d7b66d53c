"""The certificate of contribution: a PDF rendered by the worker, like the plaques, from
local fonts only (certificates.plaques' URL fetcher). It names only the young person's
display name and group, the period and the totals, signed off by the participation team."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from certificates.plaques import asset_dir, url_fetcher_for
from jobs.registry import register
from scheme.selectors import current_scheme

from .models import ContributionCertificate


def render_certificate_pdf(certificate) -> bytes:
    from weasyprint import HTML

    assets = asset_dir()
    scheme = current_scheme()
    html = render_to_string(
        "recognition/certificate.html",
        {
            "scheme_name": scheme.scheme_name,
            "council_name": scheme.council_name,
            "display_name": certificate.member.display_name,
            "group": certificate.member.group,
            "period_from": certificate.period_from,
            "period_to": certificate.period_to,
            "lines": certificate.totals.get("lines", []),
        },
    )
    document = HTML(
        string=html, base_url=assets.as_uri() + "/", url_fetcher=url_fetcher_for(assets)
    )
    return document.write_pdf()


def generate_certificate(certificate_id):
    """Render and store the certificate. Idempotent: a rendered one is left alone."""
    with transaction.atomic():
        certificate = (
            ContributionCertificate.objects.select_for_update()
            .select_related("member")
            .filter(pk=certificate_id)
            .first()
        )
        if certificate is None or certificate.file:
            return certificate
        certificate.file.save(
            "certificate.pdf", ContentFile(render_certificate_pdf(certificate)), save=False
        )
        certificate.rendered_at = timezone.now()
        certificate.save(update_fields=["file", "rendered_at"])
        return certificate


@register("contribution_certificate")
def certificate_job(job):
    generate_certificate(job.payload["certificate_id"])
