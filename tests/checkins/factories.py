from datetime import date

from django.utils import timezone

from checkins.models import CheckIn, ElementReport, Review, YouSaidWeDid
from checkins.services import checkins
from tests.certificates.factories import AwardFactory
from tests.organisations.factories import member_of
from tests.panels.factories import PanelMemberFactory, ScoreFactory


def award_on(awarded_on, **kwargs):
    """An award made on `awarded_on` (expiring three years on), with one member."""
    award = AwardFactory(awarded_on=awarded_on, **kwargs)
    member_of(award.organisation)
    return award


def scored_award(reviewers=2, awarded_on=None):
    """A current award whose application `reviewers` young people scored."""
    award = AwardFactory(awarded_on=awarded_on or timezone.localdate())
    writer = member_of(award.organisation)
    members = [PanelMemberFactory() for _ in range(reviewers)]
    for member in members:
        ScoreFactory(member=member, application=award.application)
    return award, writer, members


def written_checkin(award, number=1, *, actor):
    """A check-in with something written for every element (not sent)."""
    checkin = checkins.draft_for(award, number, actor=actor)
    for report in ElementReport.objects.filter(checkin=checkin):
        report.done = f"We ran a {report.element} workshop with young people."
        report.save()
    YouSaidWeDid.objects.get_or_create(
        checkin=checkin,
        element="voice",
        defaults={"you_said": "Sessions after school", "we_did": "We moved them to 5pm"},
    )
    return checkin


def sent_checkin(award, number=1, *, actor):
    checkin = written_checkin(award, number, actor=actor)
    return checkins.send(checkin, actor=actor)


def review_of(checkin, member):
    return Review.objects.get(checkin=checkin, member=member)


def checkin_for(award, number=1, sent=False):
    return CheckIn.objects.create(
        award=award,
        number=number,
        due_on=date(2000, 1, 1),
        sent_at=timezone.now() if sent else None,
    )
