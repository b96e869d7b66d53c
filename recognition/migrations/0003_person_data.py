from django.db import migrations
from django.db.models import OuterRef, Subquery


def person_from_member(apps, schema_editor):
    """Each row's young person is the account of the panel member it named."""
    PanelMember = apps.get_model("panels", "PanelMember")
    account = Subquery(PanelMember.objects.filter(pk=OuterRef("member_id")).values("user_id")[:1])
    for name in ("AddedTime", "ContributionCertificate"):
        apps.get_model("recognition", name).objects.filter(person__isnull=True).update(
            person_id=account
        )


def member_from_person(apps, schema_editor):
    PanelMember = apps.get_model("panels", "PanelMember")
    member = Subquery(PanelMember.objects.filter(user_id=OuterRef("person_id")).values("pk")[:1])
    for name in ("AddedTime", "ContributionCertificate"):
        apps.get_model("recognition", name).objects.update(member_id=member)


class Migration(migrations.Migration):
    """Step 2: fill the new column. A separate migration (so a separate transaction on
    PostgreSQL) from the schema changes on either side of it."""

    dependencies = [("recognition", "0002_person"), ("panels", "0009_notices")]

    operations = [migrations.RunPython(person_from_member, member_from_person)]
