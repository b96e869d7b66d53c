"""A panel member's private notes and questions on what they read."""

from ..models import PrivateNote


def save_note(member, application, indicator, *, notes, questions):
    note, _ = PrivateNote.objects.update_or_create(
        member=member,
        application_id=application.pk,
        indicator=indicator,
        defaults={"notes": notes or "", "questions": questions or ""},
    )
    return note
