"""Single-line fields take no line breaks or control characters (kitemark.validators).

The fields get the validator, and values typed before it are made single-line: each run
of control characters becomes one space. The fields people typed are cleaned; the others
are written by the code and never held such characters.
"""

import kitemark.validators
from django.db import migrations, models

FIELDS = {
    "panels.PanelMember": ["display_name", "group"],
    "panels.Conflict": ["reason"],
    "panels.Interview": ["venue"],
}


def strip_control_characters(apps, schema_editor):
    kitemark.validators.strip_control_characters(apps, FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ('panels', '0003_interview_planned_index'),
    ]

    operations = [
        migrations.AlterField(
            model_name='conflict',
            name='reason',
            field=models.CharField(max_length=300, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='finalisation',
            name='outcome',
            field=models.CharField(max_length=20, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='interview',
            name='venue',
            field=models.CharField(blank=True, max_length=300, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='interview',
            name='video_link',
            field=models.URLField(blank=True, max_length=500, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='panelmember',
            name='display_name',
            field=models.CharField(help_text='Only a first name or a nickname. Never a surname.', max_length=40, validators=[kitemark.validators.validate_single_line], verbose_name='first name or nickname'),
        ),
        migrations.AlterField(
            model_name='panelmember',
            name='group',
            field=models.CharField(help_text='For example, Youth Cabinet.', max_length=100, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.RunPython(strip_control_characters, migrations.RunPython.noop),
    ]
