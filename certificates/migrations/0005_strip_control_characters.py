"""Single-line fields take no line breaks or control characters (kitemark.validators).

The fields get the validator, and values typed before it are made single-line: each run
of control characters becomes one space. The fields people typed are cleaned; the others
are written by the code and never held such characters.
An award's organisation name is a copy of the name typed when it was awarded.
"""

import kitemark.validators
from django.db import migrations, models

FIELDS = {
    "certificates.Award": ["organisation_name"],
}


def strip_control_characters(apps, schema_editor):
    kitemark.validators.strip_control_characters(apps, FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0004_register_copies'),
    ]

    operations = [
        migrations.AlterField(
            model_name='award',
            name='certificate_number',
            field=models.CharField(max_length=20, unique=True, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='reminderledger',
            name='kind',
            field=models.CharField(max_length=40, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.RunPython(strip_control_characters, migrations.RunPython.noop),
    ]
