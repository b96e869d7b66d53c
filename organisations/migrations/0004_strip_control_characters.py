"""Single-line fields take no line breaks or control characters (kitemark.validators).

The fields get the validator, and values typed before it are made single-line: each run
of control characters becomes one space. The fields people typed are cleaned; the others
are written by the code and never held such characters.
"""

import kitemark.validators
import organisations.models
from django.db import migrations, models

FIELDS = {
    "organisations.Organisation": ["name", "postcode", "contact_name", "contact_phone"],
}


def strip_control_characters(apps, schema_editor):
    kitemark.validators.strip_control_characters(apps, FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0003_invitation_email_upper_idx'),
    ]

    operations = [
        migrations.AlterField(
            model_name='invitation',
            name='email',
            field=models.EmailField(max_length=254, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='invitation',
            name='token',
            field=models.CharField(default=organisations.models._invitation_token, max_length=64, unique=True, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='contact_email',
            field=models.EmailField(max_length=254, validators=[kitemark.validators.validate_single_line], verbose_name='main contact email'),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='contact_name',
            field=models.CharField(max_length=150, validators=[kitemark.validators.validate_single_line], verbose_name='main contact name'),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='contact_phone',
            field=models.CharField(blank=True, max_length=30, validators=[kitemark.validators.validate_single_line], verbose_name='main contact phone'),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='name',
            field=models.CharField(max_length=200, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='postcode',
            field=models.CharField(max_length=10, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='website',
            field=models.URLField(blank=True, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.RunPython(strip_control_characters, migrations.RunPython.noop),
    ]
