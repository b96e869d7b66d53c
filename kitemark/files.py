"""A private file (evidence, a plaque) as the answer of a view that has checked permission.

Streamed from the storage (a disk or an S3-compatible bucket) through the view, or, when
PRIVATE_FILES_REDIRECT is on and the storage signs URLs (S3), a redirect to a signed URL
that expires after PRIVATE_FILES_URL_SECONDS: the file then leaves the bucket directly,
always as an attachment, and the link is useless to anyone after it expires.
"""

from django.conf import settings
from django.http import FileResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header


def signs_urls(storage):
    return getattr(storage, "querystring_auth", False)


def private_file_response(field_file, *, filename, content_type, as_attachment):
    """Raises FileNotFoundError when the storage has lost the file."""
    storage = field_file.storage
    if settings.PRIVATE_FILES_REDIRECT and signs_urls(storage):
        if not storage.exists(field_file.name):
            raise FileNotFoundError(field_file.name)
        url = storage.url(
            field_file.name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(True, filename),
                "ResponseContentType": content_type,
                "ResponseCacheControl": "private, no-store",
            },
            expire=settings.PRIVATE_FILES_URL_SECONDS,
        )
        return HttpResponseRedirect(url)
    return FileResponse(
        field_file.open("rb"),
        as_attachment=as_attachment,
        filename=filename,
        content_type=content_type,
    )
