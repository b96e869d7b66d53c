from django.core.management.base import BaseCommand

from assessments import retention


class Command(BaseCommand):
    help = (
        "Delete evidence files whose retention period has ended (see assessments/retention.py). "
        "Records what it removed; scores and outcomes stay. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the files that are due without deleting anything.",
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            due = retention.apply_retention(dry_run=True)
            for evidence, application_ids in due:
                self.stdout.write(
                    f"Would delete evidence {evidence.pk} “{evidence.original_name}” "
                    f"({evidence.size} bytes, sha256 {evidence.sha256}) used by applications "
                    f"{', '.join(map(str, application_ids))}"
                )
            self.stdout.write(f"{len(due)} file(s) due. Nothing was deleted (dry run).")
            return
        removed = retention.apply_retention()
        for item in removed:
            log = item.log
            self.stdout.write(
                f"Deleted evidence {log.evidence_pk} “{log.original_name}” ({log.size} bytes, "
                f"sha256 {log.sha256}) used by applications "
                f"{', '.join(map(str, item.application_ids))}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(removed)} evidence file(s) deleted."))
