"""The one statement of the panels app written as SQL.

Saving a member's score is a conditional upsert: insert the score, or update the stored
one unless that was chosen later on the member's device, and say which happened. The ORM
cannot express INSERT ... ON CONFLICT ... DO UPDATE ... WHERE ... RETURNING.
`update_or_create` is a read and then a write: a late replay from an offline device could
read the stored score, lose the race to a newer save, and then overwrite it. In one
statement the database settles saves that arrive together. PostgreSQL and SQLite both
read it.
"""

from django.db import connection
from django.utils import timezone

from .models import Score

# The WHERE keeps a stored score chosen later on the device; RETURNING gives no row then.
_UPSERT_SCORE = """
    INSERT INTO "panels_score"
        ("member_id", "application_id", "indicator_id", "round",
         "value", "comment", "client_updated_at", "updated_at")
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
    ON CONFLICT ("member_id", "application_id", "indicator_id", "round") DO UPDATE SET
        "value" = excluded."value",
        "comment" = excluded."comment",
        "client_updated_at" = excluded."client_updated_at",
        "updated_at" = excluded."updated_at"
    WHERE "panels_score"."client_updated_at" <= excluded."client_updated_at"
    RETURNING "id"
"""


def upsert_score(member, application, indicator_id, value, chosen_at, comment=""):
    """Save the member's score (and comment) for the indicator in the application's current
    round, unless the stored one was chosen later (`chosen_at` is when the member chose
    this one).

    Returns (score, applied): applied is False when the stored, newer score was kept."""
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    params = [
        member.pk,
        application.pk,
        indicator_id,
        application.round,
        value,
        comment,
        adapt(chosen_at),
        adapt(now),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT_SCORE, params)
        rows = cursor.fetchall()  # Read to the end: SQLite finishes the statement then.
    if not rows:
        kept = Score.objects.of_round(application).get(member=member, indicator_id=indicator_id)
        return kept, False
    score = Score(
        pk=rows[0][0],
        member=member,
        application_id=application.pk,
        indicator_id=indicator_id,
        round=application.round,
        value=value,
        comment=comment,
        client_updated_at=chosen_at,
        updated_at=now,
    )
    score._state.adding = False
    return score, True
