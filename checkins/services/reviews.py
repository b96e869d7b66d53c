"""Young people review a sent check-in; the organisation answers their questions; staff
close a worry. Nothing here changes the award: a worry is for staff to look at, and staff
revoke an award only through certificates' own revocation, with a reason."""

from django.db import transaction
from django.utils import timezone

from panels.models import PanelMember

from ..models import Review, Verdict
from ..refusals import CheckInError
from . import notices


def ask(checkin, member, *, actor):
    """Ask `member` to review `checkin` (once; asking again changes nothing)."""
    if not checkin.is_sent:
        raise CheckInError("The check-in has not been sent yet.")
    if member.conflicts.filter(organisation_id=checkin.award.organisation_id).exists():
        raise CheckInError("This young person knows this organisation: choose someone else.")
    if not PanelMember.objects.active().filter(pk=member.pk, anonymised_at__isnull=True).exists():
        raise CheckInError("Choose an active young person.")
    review, _ = Review.objects.get_or_create(
        checkin=checkin, member=member, defaults={"asked_by": actor}
    )
    return review


@transaction.atomic
def give(review, *, verdict, comment, questions, member):
    """The reviewer's verdict: on track, we have questions (with the questions), or we are
    worried (staff are alerted in the pipeline). Once given, it stays."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.member_id != member.pk:
        raise CheckInError("You were not asked to review this check-in.")
    if review.verdict:
        raise CheckInError("You have already sent your review. Thank you.")
    if verdict not in Verdict.values:
        raise CheckInError("Pick one answer.")
    questions = (questions or "").strip()
    if verdict == Verdict.QUESTIONS and not questions:
        raise CheckInError("Write your questions.")
    review.verdict = verdict
    review.comment = (comment or "").strip()
    review.questions = questions if verdict == Verdict.QUESTIONS else ""
    review.reviewed_at = timezone.now()
    review.save(update_fields=["verdict", "comment", "questions", "reviewed_at"])
    return review


@transaction.atomic
def answer(review, text, *, actor):
    """The organisation answers a reviewer's questions; the reviewer is told."""
    review = Review.objects.select_for_update().select_related("checkin__award").get(pk=review.pk)
    text = (text or "").strip()
    if review.verdict != Verdict.QUESTIONS:
        raise CheckInError("There is no question to answer here.")
    if review.answered_at is not None:
        raise CheckInError("This question has already been answered.")
    if not text:
        raise CheckInError("Write your answer.")
    review.answer = text
    review.answered_at = timezone.now()
    review.answered_by = actor
    review.save(update_fields=["answer", "answered_at", "answered_by"])
    notices.questions_answered(review)
    return review


@transaction.atomic
def close_worry(review, note, *, actor):
    """Staff looked into a worry and close it, saying what they did."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    note = (note or "").strip()
    if review.verdict != Verdict.WORRIED:
        raise CheckInError("This review is not a worry.")
    if review.worry_closed_at is not None:
        raise CheckInError("This worry is already closed.")
    if not note:
        raise CheckInError("Say what you did about the worry.")
    review.worry_closed_at = timezone.now()
    review.worry_closed_by = actor
    review.worry_note = note
    review.save(update_fields=["worry_closed_at", "worry_closed_by", "worry_note"])
    return review
