from django.core.management.base import BaseCommand

from ...keys import new_private_key_pem


class Command(BaseCommand):
    help = (
        "Print a new Ed25519 private key (PEM) for CREDENTIAL_SIGNING_KEY or the file named "
        "by CREDENTIAL_SIGNING_KEY_FILE. Store it as a secret; it is not kept anywhere else."
    )

    def handle(self, *args, **options):
        self.stdout.write(new_private_key_pem())
