"""Cycles: staff create and edit them, and close or reopen them to new applications."""

import logging

from django.db import transaction
from django.utils import timezone

from ..models import Cycle
from ..refusals import ActionRefused

logger = logging.getLogger("assessments.cycles")


def save_cycle(form, *, actor):
    """Create or edit a cycle from a valid cycle form (a ModelForm of Cycle)."""
    created = form.instance.pk is None
    cycle = form.save()
    logger.info(
        "cycle %s: cycle=%s by user=%s", "created" if created else "edited", cycle.pk, actor.pk
    )
    return cycle


@transaction.atomic
def close_cycle(cycle, *, actor):
    """Stop new applications in `cycle`; those already started go on."""
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.is_closed:
        raise ActionRefused("This cycle is already closed.")
    locked.is_closed = True
    locked.closed_at = timezone.now()
    locked.save(update_fields=["is_closed", "closed_at"])
    logger.info("cycle closed: cycle=%s by user=%s", cycle.pk, actor.pk)
    return locked


@transaction.atomic
def reopen_cycle(cycle, *, actor):
    """Let organisations start applications in `cycle` again (between its dates)."""
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if not locked.is_closed:
        raise ActionRefused("This cycle is already open.")
    locked.is_closed = False
    locked.reopened_at = timezone.now()
    locked.save(update_fields=["is_closed", "reopened_at"])
    logger.info("cycle reopened: cycle=%s by user=%s", cycle.pk, actor.pk)
    return locked
