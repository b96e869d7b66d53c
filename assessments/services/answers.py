"""Answers: what the organisation may change (THE edit rule), saving an answer, the
colleagues' conflicting versions, and web links.

Views never decide what is editable themselves: they ask `can_edit_answer` or
`editable_indicator_ids` here, and so do the evidence services and the
`assessments.edit_application` permission.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import (
    FULLY_EDITABLE,
    MAX_ANSWER_CHARS,
    Answer,
    AnswerConflict,
    AnswerLink,
    Evidence,
    Indicator,
    Status,
)
from ..outcomes import MAX_SCORE_PER_INDICATOR
from ..refusals import ActionRefused

MAX_LINKS_PER_ANSWER = 20

# ---------------------------------------------------------------- the edit rule


def editable_indicator_ids(application, day=None):
    """THE rule: which indicators the organisation may change now (a set of ids). Every
    indicator of the level while a draft or returned; while a resubmission is awaited,
    until its deadline (`day`: today), the ones the panel flagged; nothing otherwise."""
    if application.status in FULLY_EDITABLE:
        indicators = Indicator.objects.filter(level_id=application.level_id)
        return set(indicators.values_list("pk", flat=True))
    if application.status == Status.RESUBMISSION_INVITED:
        day = day or timezone.localdate()
        deadline = application.resubmission_deadline
        if deadline is not None and day > deadline:
            return set()
        return set(
            Indicator.objects.flagged_for_resubmission(application).values_list("pk", flat=True)
        )
    return set()


def is_editable(application, day=None):
    """May the organisation change anything in the application now?"""
    if application.status in FULLY_EDITABLE:
        return True
    return bool(editable_indicator_ids(application, day))


def can_edit_indicator(application, indicator_id, day=None):
    return indicator_id in editable_indicator_ids(application, day)


def can_edit_answer(answer, day=None):
    """`can_edit_indicator` for `answer.application` and the answer's indicator. With the
    indicator loaded, the fully editable statuses need no list of the level's indicators:
    the indicator is one of them exactly when it belongs to the application's level."""
    application = answer.application
    if application.status in FULLY_EDITABLE and Answer.indicator.is_cached(answer):
        return answer.indicator.level_id == application.level_id
    return can_edit_indicator(application, answer.indicator_id, day)


# ---------------------------------------------------------------- saving answers


@dataclass
class SaveResult:
    saved: bool
    answer: Answer
    conflict: AnswerConflict | None = None


def _check_answer_values(text, self_rating):
    if len(text) > MAX_ANSWER_CHARS:
        raise ActionRefused(f"Your answer can be up to {MAX_ANSWER_CHARS:,} characters.")
    if self_rating is not None and not 0 <= self_rating <= MAX_SCORE_PER_INDICATOR:
        raise ActionRefused(f"Choose a rating from 0 to {MAX_SCORE_PER_INDICATOR}.")


@transaction.atomic
def save_answer(answer, *, user, text, self_rating, evidence_ids, base_revision):
    """Save if nobody changed the answer since `base_revision`; otherwise keep both versions."""
    if not can_edit_answer(answer):
        raise ActionRefused("This answer cannot be changed now.")
    text = (text or "").replace("\r\n", "\n")
    _check_answer_values(text, self_rating)
    evidence_ids = sorted(set(evidence_ids))
    now = timezone.now()
    updated = Answer.objects.filter(pk=answer.pk, revision=base_revision).update(
        text=text,
        self_rating=self_rating,
        revision=F("revision") + 1,
        updated_by=user,
        updated_at=now,
    )
    if not updated:
        conflict, _ = AnswerConflict.objects.update_or_create(
            answer=answer,
            user=user,
            defaults={
                "base_revision": base_revision,
                "text": text,
                "self_rating": self_rating,
                "evidence_ids": evidence_ids,
            },
        )
        answer.refresh_from_db()
        return SaveResult(saved=False, answer=answer, conflict=conflict)
    answer.evidence.set(evidence_ids)
    # What refresh_from_db() would read back, without the query: the update matched
    # revision == base_revision, so the row now holds exactly these values.
    answer.text, answer.self_rating = text, self_rating
    answer.revision = base_revision + 1
    answer.updated_by, answer.updated_at = user, now
    answer.__dict__.pop("_prefetched_objects_cache", None)
    return SaveResult(saved=True, answer=answer)


@transaction.atomic
def resolve_conflict(conflict, *, keep, user):
    """'mine' applies the stored version on top of the latest; 'theirs' discards it."""
    answer = conflict.answer
    if keep == "mine":
        if not can_edit_answer(answer):
            raise ActionRefused("This answer cannot be changed now.")
        allowed = set(
            Evidence.objects.library(answer.application.organisation_id)
            .filter(pk__in=conflict.evidence_ids)
            .values_list("pk", flat=True)
        )
        Answer.objects.filter(pk=answer.pk).update(
            text=conflict.text,
            self_rating=conflict.self_rating,
            revision=F("revision") + 1,
            updated_by=user,
            updated_at=timezone.now(),
        )
        answer.evidence.set(allowed)
    elif keep != "theirs":
        raise ActionRefused("Choose which version to keep.")
    conflict.delete()
    answer.refresh_from_db()
    return answer


def bump_revisions(answer_ids):
    """Mark the answers as changed (their files changed), so a colleague's page that
    still shows the old revision saves as a conflict rather than over them."""
    Answer.objects.filter(pk__in=answer_ids).update(
        revision=F("revision") + 1, updated_at=timezone.now()
    )


# ---------------------------------------------------------------- links


def add_link(answer, *, url, title, user):
    if not can_edit_answer(answer):
        raise ActionRefused("This answer cannot be changed now.")
    if answer.links.count() >= MAX_LINKS_PER_ANSWER:
        raise ActionRefused(f"You can add up to {MAX_LINKS_PER_ANSWER} links to one answer.")
    return AnswerLink.objects.create(answer=answer, url=url, title=title.strip())


def remove_link(link, *, user):
    if not can_edit_answer(link.answer):
        raise ActionRefused("This answer cannot be changed now.")
    link.delete()
