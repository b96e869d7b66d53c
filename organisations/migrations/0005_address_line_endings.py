"""Addresses typed in a browser were stored with \r\n line breaks, others with \n: store \n
only (Organisation.save does so from now on), so saving an unchanged address is no change."""

from django.db import migrations
from django.utils.text import normalize_newlines


def normalise_addresses(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    for organisation in Organisation.objects.filter(address__contains="\r").only("address"):
        organisation.address = normalize_newlines(organisation.address)
        organisation.save(update_fields=["address"])


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_strip_control_characters"),
    ]

    operations = [
        migrations.RunPython(normalise_addresses, migrations.RunPython.noop),
    ]
