from django.db import migrations

# Silver and gold as first shipped gave white text less than 4.5:1 contrast.
# Colour is presentation, not the wording or scoring that a version freezes.
NEW = {"#737B82": "#5F666D", "#9A7B0A": "#7A6008"}


def darken(apps, schema_editor):
    Level = apps.get_model("assessments", "Level")
    for old, new in NEW.items():
        Level.objects.filter(colour__iexact=old).update(colour=new)


def restore(apps, schema_editor):
    Level = apps.get_model("assessments", "Level")
    for old, new in NEW.items():
        Level.objects.filter(colour__iexact=new).update(colour=old)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_console_retention")]

    operations = [migrations.RunPython(darken, restore)]
