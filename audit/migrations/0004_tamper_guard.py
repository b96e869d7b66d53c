"""The database refuses UPDATE and DELETE on audit records (see audit/tamper_guard.py for
why this is SQL, and for the one audited path it lets through)."""

from django.db import migrations

from audit import tamper_guard


def forward(apps, schema_editor):
    for statement in tamper_guard.forward_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    for statement in tamper_guard.backward_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain_existing_records")]

    operations = [migrations.RunPython(forward, backward)]
