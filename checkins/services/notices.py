"""What the young people who scored an organisation are told about its check-ins (the
notices themselves: panels.services.notices)."""

from django.urls import reverse

from panels.models import Notice
from panels.services.notices import members_who_scored, notify


def checkin_sent(checkin):
    organisation = checkin.award.organisation
    notify(
        members_who_scored(organisation),
        kind=Notice.Kind.CHECKIN,
        organisation=organisation,
        text=f"{organisation.name} sent their check-in. They say what they did since their award.",
        link=reverse("checkins:panel_list"),
        key=f"checkin:{checkin.pk}",
    )


def questions_answered(review):
    organisation = review.checkin.award.organisation
    notify(
        [review.member],
        kind=Notice.Kind.ANSWER,
        organisation=organisation,
        text=f"{organisation.name} answered your questions: {review.answer}",
        link=reverse("checkins:panel_review", args=[review.checkin_id]),
        key=f"answer:{review.pk}",
    )
