"""Saving the scheme's settings."""

from django.db import transaction

from ..models import SchemeSettings
from ..selectors import forget_cached_scheme


@transaction.atomic
def save_settings(form):
    """Save a valid SchemeSettingsForm: the fields, and the logo and signature as
    checked and rewritten by the form (or removed). The cached copy is forgotten once
    the change commits, so the next page, email and plaque use it."""
    row = form.save(commit=False)
    row.pk = SchemeSettings.SINGLETON_PK
    for name in ("logo", "signature"):
        checked = getattr(form, f"checked_{name}", None)
        if checked is not None:
            setattr(row, name, checked.data)
            setattr(row, f"{name}_type", checked.content_type)
        elif form.cleaned_data.get(f"remove_{name}"):
            setattr(row, name, b"")
            setattr(row, f"{name}_type", "")
    row.save()
    # Forgotten now for this process's next read, and again once the change commits in
    # case another request cached the old row in between.
    forget_cached_scheme()
    transaction.on_commit(forget_cached_scheme)
    return row


def settings_for_editing():
    """The row the console's form edits (the defaults, unsaved, before the first save)."""
    return SchemeSettings.objects.filter(pk=SchemeSettings.SINGLETON_PK).first() or SchemeSettings()
