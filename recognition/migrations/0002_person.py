import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Step 1 of keying recognition on the young person's account: the new column, empty."""

    dependencies = [
        ("recognition", "0001_initial"),
        ("panels", "0009_notices"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The old column may be empty from here on, so going back stays possible.
        migrations.AlterField(
            model_name="addedtime",
            name="member",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="added_time",
                to="panels.panelmember",
            ),
        ),
        migrations.AlterField(
            model_name="contributioncertificate",
            name="member",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="contribution_certificates",
                to="panels.panelmember",
            ),
        ),
        migrations.AddField(
            model_name="addedtime",
            name="person",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="added_time",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="contributioncertificate",
            name="person",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="contribution_certificates",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
