"""Drop the trigger-kept count of applications in each status (migration 0006).

The staff pipeline's counts are a GROUP BY over the applications' status index again
(Application.objects.status_counts), so the triggers, their functions (PostgreSQL) and
the count table go.

The triggers and functions are dropped first: with the table gone, they would fail on
the next change to an application. Reversible: going back recreates the table, then
0006's own triggers and functions, filled from the applications as 0006 did.
"""

import importlib

from django.db import migrations

# 0006's statements, so the two migrations always drop and create the same objects.
counts_0006 = importlib.import_module("assessments.migrations.0006_application_status_counts")


class Migration(migrations.Migration):
    dependencies = [("assessments", "0006_application_status_counts")]

    operations = [
        migrations.RunPython(counts_0006.uninstall, counts_0006.install),
        migrations.DeleteModel(name="ApplicationStatusCount"),
    ]
