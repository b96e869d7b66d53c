from django.core.management.base import BaseCommand, CommandError

from operations import backups


class Command(BaseCommand):
    help = (
        "Write one archive with the database, the private files (evidence, plaques) and a "
        "manifest of row counts and checksums. The archive holds personal data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="Archive path (default: BACKUP_DIR/kitemark-<UTC time>.tar.gz)."
        )

    def handle(self, *args, **options):
        try:
            path = backups.create_backup(options.get("output"))
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        manifest = backups.read_manifest(path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {path}: {sum(manifest['row_counts'].values())} rows in "
                f"{len(manifest['row_counts'])} tables, {len(manifest['files'])} files."
            )
        )
