"""A plaque as a download: its organisation's members fetch it (certificates.views), and so
do staff (console.views.awards)."""

from kitemark.files import private_file_response


def plaque_response(plaque):
    """The plaque's PDF as an attachment (which no cache keeps: kitemark.middleware)."""
    return private_file_response(
        plaque.file,
        as_attachment=True,
        filename=plaque.download_name,
        content_type="application/pdf",
    )
