"""The job's name and key are single-line fields, like every other (kitemark.validators)."""

import kitemark.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jobs', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='job',
            name='key',
            field=models.CharField(max_length=255, unique=True, validators=[kitemark.validators.validate_single_line]),
        ),
        migrations.AlterField(
            model_name='job',
            name='kind',
            field=models.CharField(max_length=50, validators=[kitemark.validators.validate_single_line]),
        ),
    ]
