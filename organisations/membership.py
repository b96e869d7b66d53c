"""Is this user a member of that organisation?

Permission predicates ask this several times while one page is built (may they see
the application? may they edit it? may they submit it?). The answer is kept on the
user object, which Django loads afresh for every request, so each organisation is
looked up at most once per request. Any change to a membership in this process
starts a new generation, so an answer is never reused after the memberships changed
(this matters in tests and scripts that keep one user object for a long time).

A page that loads an organisation's object can answer the question in that same query:
annotate it with `membership_exists(user)` and pass the value to `remember()`.
"""

from django.db.models import Exists, OuterRef, Value
from django.db.models.signals import post_delete, post_save

_generation = 0
_ATTRIBUTE = "_kitemark_memberships"


def _new_generation(**kwargs):
    global _generation  # noqa: PLW0603 - a process-wide counter is the point
    _generation += 1


post_save.connect(_new_generation, sender="organisations.Membership")
post_delete.connect(_new_generation, sender="organisations.Membership")


def _answers(user):
    """This user object's answers for the current generation (a dict it can fill)."""
    generation, answers = getattr(user, _ATTRIBUTE, (None, None))
    if generation != _generation:
        answers = {}
        setattr(user, _ATTRIBUTE, (_generation, answers))
    return answers


def is_member(user, organisation_id):
    """True if `user` belongs to the organisation (no check of user.is_active here)."""
    if user is None or not user.is_authenticated or organisation_id is None:
        return False
    answers = _answers(user)
    if organisation_id not in answers:
        answers[organisation_id] = user.memberships.filter(organisation_id=organisation_id).exists()
    return answers[organisation_id]


def membership_exists(user, organisation_field="organisation_id"):
    """An expression for `.annotate()`: is `user` a member of the row's organisation?"""
    if user is None or not user.is_authenticated:
        return Value(False)
    from .models import Membership

    return Exists(
        Membership.objects.filter(user_id=user.pk, organisation_id=OuterRef(organisation_field))
    )


def remember(user, organisation_id, answer):
    """Keep an answer read by the page's own query (see `membership_exists`)."""
    if user is None or not user.is_authenticated or organisation_id is None:
        return
    _answers(user)[organisation_id] = bool(answer)
