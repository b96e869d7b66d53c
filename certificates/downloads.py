"""A plaque as a download: its organisation's members fetch it (certificates.views), and so
do staff (console.views.awards)."""

from django.http import FileResponse


def plaque_response(plaque):
    """The plaque's PDF as an attachment (which no cache keeps: kitemark.middleware)."""
    return FileResponse(
        plaque.file.open("rb"),
        as_attachment=True,
        filename=plaque.download_name,
        content_type="application/pdf",
    )
