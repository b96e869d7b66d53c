from django.db import migrations


def install(apps, schema_editor):
    from assessments.framework import install_default_framework

    install_default_framework(
        apps.get_model("assessments", "FrameworkVersion"),
        apps.get_model("assessments", "Level"),
        apps.get_model("assessments", "Indicator"),
        apps.get_model("assessments", "ScoreDescriptor"),
    )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
