"""Keep the copies on Award (organisation name and opt-out, level order, replaced) in step
with the rows they copy, in the same transaction as the change."""

from django.db.models import Q

from .models import Award

ORGANISATION_FIELDS = {"name", "listed_in_register"}


def organisation_saved(sender, instance, created, update_fields=None, **kwargs):
    if created or (update_fields is not None and not ORGANISATION_FIELDS & set(update_fields)):
        return  # a new organisation has no awards yet
    Award.objects.filter(organisation_id=instance.pk).filter(
        ~Q(organisation_name=instance.name) | ~Q(organisation_listed=instance.listed_in_register)
    ).update(organisation_name=instance.name, organisation_listed=instance.listed_in_register)


def level_saved(sender, instance, created, update_fields=None, **kwargs):
    if created or (update_fields is not None and "order" not in update_fields):
        return
    Award.objects.filter(level_id=instance.pk).exclude(level_order=instance.order).update(
        level_order=instance.order
    )


def award_deleted(sender, instance, **kwargs):
    # The organisation's older awards may no longer be replaced.
    Award.objects.filter(organisation_id=instance.organisation_id).refresh_copies()
