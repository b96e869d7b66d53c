"""Single-line fields take no line breaks or control characters (kitemark.validators).

The fields get the validator, and values typed before it are made single-line: each run
of control characters becomes one space. The fields people typed are cleaned; the others
are written by the code and never held such characters.
"""

import kitemark.validators
from django.db import migrations, models

FIELDS = {
    "accounts.User": ["full_name", "username"],
}


def strip_control_characters(apps, schema_editor):
    kitemark.validators.strip_control_characters(apps, FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='user',
            name='email',
            field=models.EmailField(blank=True, max_length=254, null=True, unique=True, validators=[kitemark.validators.validate_single_line], verbose_name='email address'),
        ),
        migrations.AlterField(
            model_name='user',
            name='full_name',
            field=models.CharField(blank=True, max_length=150, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='user',
            name='username',
            field=models.CharField(blank=True, max_length=40, null=True, unique=True, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.RunPython(strip_control_characters, migrations.RunPython.noop),
    ]
