from django.core.management.base import BaseCommand, CommandError

from operations import backups


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an empty database and empty file "
        "storage, then check every row count and file checksum against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, **options):
        try:
            report = backups.restore_backup(options["archive"])
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored and checked: {report.rows} rows in {report.tables} tables, "
                f"{report.files} files."
            )
        )
