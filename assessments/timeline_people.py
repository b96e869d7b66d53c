"""People named in timeline messages are stored as references and shown by name when read.

A message such as "Panel changed: {user:12}, {user:15}. Facilitator: {user:3}." is what is
stored; `render` shows each reference with the account's name today. A name is never
frozen into the text, so anonymising an account changes every message that names it.
Status-change messages (which may hold text staff typed) are shown as they are.
"""

import re

from accounts.models import User

REFERENCE = re.compile(r"\{user:(\d+)\}")
REMOVED = "a removed account"


def person(user):
    """The reference to `user` (an account or its id) to put in a timeline message."""
    return f"{{user:{getattr(user, 'pk', user)}}}"


def render(events):
    """Give each event its `text`: its message with every reference replaced by a name
    (one query for all of them)."""
    from .models import TimelineEvent

    def named(event):
        return event.kind != TimelineEvent.Kind.TRANSITION

    ids = {int(found) for e in events if named(e) for found in REFERENCE.findall(e.message)}
    names = {}
    if ids:
        users = User.objects.filter(pk__in=ids).only("full_name", "email", "username")
        names = {user.pk: user.display_label for user in users}
    for event in events:
        event.text = (
            REFERENCE.sub(lambda m: names.get(int(m.group(1)), REMOVED), event.message)
            if named(event)
            else event.message
        )
    return events
