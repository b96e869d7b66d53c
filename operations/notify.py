"""Email through GOV.UK Notify (the official notifications-python-client), chosen with
EMAIL_BACKEND=notify. The outbox (jobs) still decides what is sent and runs each email
job once; this backend only delivers.

Notify sends what a template says, so the service needs two email templates:

- NOTIFY_TEMPLATE_ID: subject ``((subject))``, body ``((body))``;
- NOTIFY_FILE_TEMPLATE_ID: the same, plus a line ``((link_to_file))`` for emails that
  carry a file (the interview's calendar file): Notify sends no attachments, it uploads
  the file and puts a link to it in the email, which asks for the recipient's email
  address before the download.

Each recipient gets their own notification, with a reference made from the job's key
and the address (a digest: no personal data). Before sending, the backend asks Notify
whether that reference was already sent, so a job retried after a failure part-way
through its recipients never sends anyone the same email twice.
"""

import hashlib
import io

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client import prepare_upload
from notifications_python_client.notifications import NotificationsAPIClient

JOB_HEADER = "X-Kitemark-Job"


def reference_for(job_key, address):
    digest = hashlib.sha256(f"{job_key}\n{address.lower()}".encode()).hexdigest()
    return f"kitemark-{digest[:40]}"


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.client = NotificationsAPIClient(
            settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=30
        )

    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            personalisation = {"subject": message.subject, "body": message.body}
            template_id = settings.NOTIFY_TEMPLATE_ID
            if message.attachments:
                template_id = settings.NOTIFY_FILE_TEMPLATE_ID
                personalisation["link_to_file"] = self._file(message.attachments)
            job_key = message.extra_headers.get(JOB_HEADER)
            for address in message.recipients():
                reference = reference_for(job_key, address) if job_key else None
                if reference and self._already_sent(reference):
                    continue
                self.client.send_email_notification(
                    email_address=address,
                    template_id=template_id,
                    personalisation=personalisation,
                    reference=reference,
                    email_reply_to_id=settings.NOTIFY_REPLY_TO_ID or None,
                )
            sent += 1
        return sent

    def _already_sent(self, reference):
        return bool(self.client.get_all_notifications(reference=reference).get("notifications"))

    @staticmethod
    def _file(attachments):
        if len(attachments) != 1:
            raise ValueError("A Notify email template links to one file; this email has more.")
        filename, content, _mimetype = attachments[0]
        data = content.encode() if isinstance(content, str) else content
        return prepare_upload(
            io.BytesIO(data), filename=filename, confirm_email_before_download=True
        )
