"""Single-line fields take no line breaks or control characters (kitemark.validators).

The fields get the validator, and values typed before it are made single-line: each run
of control characters becomes one space. The fields people typed are cleaned; the others
are written by the code and never held such characters.
"""

import kitemark.validators
from django.db import migrations, models

FIELDS = {
    "assessments.FrameworkVersion": ["name"],
    "assessments.Level": ["name"],
    "assessments.Indicator": ["title"],
    "assessments.ScoreDescriptor": ["label", "description"],
    "assessments.Cycle": ["name"],
    "assessments.AnswerLink": ["title"],
}


def strip_control_characters(apps, schema_editor):
    kitemark.validators.strip_control_characters(apps, FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0007_drop_application_status_counts'),
    ]

    operations = [
        migrations.AlterField(
            model_name='answerlink',
            name='title',
            field=models.CharField(blank=True, max_length=200, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='answerlink',
            name='url',
            field=models.URLField(max_length=500, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='cycle',
            name='name',
            field=models.CharField(max_length=100, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='content_type',
            field=models.CharField(max_length=100, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='original_name',
            field=models.CharField(max_length=255, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='sha256',
            field=models.CharField(max_length=64, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='frameworkversion',
            name='name',
            field=models.CharField(max_length=50, unique=True, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='code',
            field=models.CharField(max_length=10, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='title',
            field=models.CharField(max_length=200, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='level',
            name='colour',
            field=models.CharField(help_text='Hex colour used on plaques and badges.', max_length=7, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='level',
            name='name',
            field=models.CharField(max_length=50, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='retentionlog',
            name='original_name',
            field=models.CharField(max_length=255, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='retentionlog',
            name='sha256',
            field=models.CharField(max_length=64, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='retentionlog',
            name='stored_name',
            field=models.CharField(max_length=300, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='scoredescriptor',
            name='description',
            field=models.CharField(max_length=300, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='scoredescriptor',
            name='label',
            field=models.CharField(max_length=50, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='submissionsnapshot',
            name='status',
            field=models.CharField(max_length=30, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='timelineevent',
            name='from_status',
            field=models.CharField(blank=True, max_length=30, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='timelineevent',
            name='to_status',
            field=models.CharField(blank=True, max_length=30, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.RunPython(strip_control_characters, migrations.RunPython.noop),
    ]
