from django.conf import settings
from django.core.mail import EmailMessage

from kitemark.validators import one_line

from .registry import register


@register("email")
def deliver_email(job):
    payload = job.payload
    message = EmailMessage(
        # Jobs recorded before subjects were made single-line in email_job().
        subject=one_line(payload["subject"]),
        body=payload["body"],
        # Jobs recorded before the scheme's sender name carry no "from".
        from_email=payload.get("from") or settings.DEFAULT_FROM_EMAIL,
        to=payload["to"],
        # The job's key lets a backend that sends each recipient separately (GOV.UK
        # Notify) skip those already sent when a failed job is retried.
        headers={"X-Kitemark-Job": job.key},
        reply_to=payload.get("reply_to") or None,
    )
    for filename, content, mimetype in payload.get("attachments", []):
        message.attach(filename, content, mimetype)
    message.send(fail_silently=False)
