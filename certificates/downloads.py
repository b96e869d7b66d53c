"""A plaque as a download: its organisation's members fetch it (certificates.views), and so
do staff (console.views.awards)."""

from django.http import HttpResponse

from kitemark.files import private_file_response

from .plaques import render_plaque_pdf


def plaque_response(plaque):
    """The plaque's PDF as an attachment (which no cache keeps: kitemark.middleware)."""
    return private_file_response(
        plaque.file,
        as_attachment=True,
        filename=plaque.download_name,
        content_type="application/pdf",
    )


def print_plaque_response(award, plaque):
    """The print-ready version of the plaque (with bleed) as an attachment."""
    response = HttpResponse(
        render_plaque_pdf(award, print_ready=True), content_type="application/pdf"
    )
    name = plaque.download_name.removesuffix(".pdf") + "-print-ready.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
