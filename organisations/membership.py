"""Is this user a member of that organisation?

The one membership question every app's permission predicates ask. It is a pure query:
the answer depends on the user, the organisation and the database, never on what was
loaded before. A view that needs the answer twice asks once and keeps it.
"""

from .models import Membership


def is_member(user, organisation_id):
    """True if `user` belongs to the organisation (no check of user.is_active here)."""
    if user is None or not user.is_authenticated or organisation_id is None:
        return False
    return Membership.objects.filter(user_id=user.pk, organisation_id=organisation_id).exists()
