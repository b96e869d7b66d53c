from django.core.management.base import BaseCommand, CommandError

from audit import verification


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain (see audit/chain.py). Stores the result (shown on "
        "the audit page), emails staff if the chain is broken, and exits non-zero then."
    )

    def handle(self, *args, **options):
        check = verification.verify_and_record()
        if not check.ok:
            raise CommandError(f"The audit chain is broken: {check.message}")
        self.stdout.write(self.style.SUCCESS(check.message))
