"""Framework versions: next year's wording starts as a copy of a version."""

from django.db import transaction

from audit.services import Event, record

from ..models import FrameworkVersion, Indicator, ScoreDescriptor

_NAME_MAX = FrameworkVersion._meta.get_field("name").max_length


def _copy(obj, **parent):
    """An unsaved copy of `obj` (every stored field but its id), under `parent`."""
    values = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not field.primary_key
    }
    values.update(parent)
    return type(obj)(**values)


def _draft_name(name):
    """ "<name> (copy)", or "(copy 2)", "(copy 3)"… if taken; within the column's length."""
    number = 1
    while True:
        suffix = " (copy)" if number == 1 else f" (copy {number})"
        candidate = name[: _NAME_MAX - len(suffix)] + suffix
        if not FrameworkVersion.objects.filter(name=candidate).exists():
            return candidate
        number += 1


@transaction.atomic
def copy_as_draft(version, *, actor):
    """A new version that no application uses and that is not current, holding a copy of
    `version`'s levels, indicators and score descriptors: the way to change the wording of
    a version in use (which is frozen). Recorded in the audit log."""
    draft = FrameworkVersion.objects.create(name=_draft_name(version.name), is_current=False)
    ScoreDescriptor.objects.bulk_create(
        _copy(descriptor, version_id=draft.pk) for descriptor in version.descriptors.all()
    )
    levels = version.levels.order_by("order").prefetch_related("indicators")
    for level in levels:
        copied = _copy(level, version_id=draft.pk)
        copied.save()
        Indicator.objects.bulk_create(
            _copy(indicator, level_id=copied.pk) for indicator in level.indicators.all()
        )
    record(
        Event.ADMIN_CHANGE,
        actor=actor,
        obj=draft,
        summary=f"Copied framework version “{version.name}” as the new draft “{draft.name}”",
        copied_from_version_id=version.pk,
    )
    return draft
