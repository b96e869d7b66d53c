"""Who may edit the scheme's settings: the participation team."""

import rules


@rules.predicate
def is_participation_staff(user):
    # accounts (a higher layer) owns the same predicate; the user model's flag is read
    # directly here so this low layer imports nothing above it.
    return bool(user and user.is_authenticated and user.is_participation_staff)


rules.add_perm("scheme.edit_settings", is_participation_staff)
