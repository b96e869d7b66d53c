from django.conf import settings
from django.core.mail import EmailMessage

from .registry import register


@register("email")
def deliver_email(job):
    payload = job.payload
    message = EmailMessage(
        subject=payload["subject"],
        body=payload["body"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=payload["to"],
    )
    for filename, content, mimetype in payload.get("attachments", []):
        message.attach(filename, content, mimetype)
    message.send(fail_silently=False)
