from django.core.management.base import BaseCommand
from django.db import transaction

from jobs.services import enqueue

from ...services.issuing import awards_without_credential
from ...tasks import ISSUE_JOB


class Command(BaseCommand):
    help = (
        "Queue the worker's job that gives every award without an Open Badges credential "
        "its signed credential (awards made before credentials existed)."
    )

    def handle(self, *args, **options):
        waiting = awards_without_credential().count()
        with transaction.atomic():
            job = enqueue(ISSUE_JOB, {})
        self.stdout.write(f"{waiting} awards without a credential; job {job.pk} queued.")
