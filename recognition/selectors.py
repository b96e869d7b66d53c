"""Each young person's contribution record: counts per source, and hours.

A young person is an account that is a panel member, a young trainer (training.Trainer),
or both: their record is one, keyed on the account."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.utils import timezone

from panels.models import PanelMember

from .models import ContributionCertificate
from .sources import SOURCES, added_hours, interview_hours, training_hours

# The group named for a young person who trains but is not on the panel.
TRAINER_GROUP = "Young trainer"


@dataclass(frozen=True)
class YoungPerson:
    """Who a record is of, as pages and certificates may name them: the display name and
    the group only."""

    user: object
    display_name: str
    group: str
    since: object  # the date they started (a certificate's period begins there)
    left: bool  # anonymised: the record stays, nameless, and cannot change
    on_panel: bool  # a panel member (else a young trainer only)

    @property
    def pk(self):
        return self.user.pk


def _young_people():
    return (
        get_user_model()
        .objects.filter(Q(panel_member__isnull=False) | Q(young_trainer__isnull=False))
        .select_related("panel_member", "young_trainer")
    )


def _as_young_person(user):
    try:
        member = user.panel_member
    except ObjectDoesNotExist:
        member = None
    if member is not None:
        return YoungPerson(
            user=user,
            display_name=member.display_name,
            group=member.group,
            since=timezone.localdate(member.created_at),
            left=member.anonymised_at is not None,
            on_panel=True,
        )
    trainer = user.young_trainer
    return YoungPerson(
        user=user,
        display_name=trainer.display_name,
        group=TRAINER_GROUP,
        since=timezone.localdate(trainer.created_at),
        left=trainer.anonymised_at is not None,
        on_panel=False,
    )


def young_person(user_id):
    """The young person with this account id, or None if the account is not one."""
    user = _young_people().filter(pk=user_id).first()
    return None if user is None else _as_young_person(user)


def own_young_person(user):
    """The signed-in young person's own record holder: a current panel member or a young
    trainer; None for anyone else."""
    if not user.is_panel_member:
        return None
    found = (
        _young_people()
        .filter(pk=user.pk)
        .filter(
            Q(panel_member__in=PanelMember.objects.of_user(user)) | Q(young_trainer__isnull=False)
        )
        .first()
    )
    return None if found is None else _as_young_person(found)


@dataclass
class Record:
    person: YoungPerson
    counts: dict = field(default_factory=dict)  # source key -> number
    interview_hours: Decimal = Decimal(0)
    added_hours: Decimal = Decimal(0)
    training_hours: Decimal = Decimal(0)

    @property
    def hours(self):
        return (self.interview_hours + self.training_hours + self.added_hours).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def lines(self):
        """[(label, number)] in the sources' order, then the hours."""
        return [(s.label, self.counts.get(s.key, 0)) for s in SOURCES] + [("Hours", self.hours)]

    def totals(self):
        """What a certificate states, as plain data."""
        return {"lines": [[label, str(number)] for label, number in self.lines]}


def records_for(people):
    """A Record for each of `people` (YoungPerson), in a fixed number of queries."""
    people = list(people)
    ids = [p.pk for p in people]
    counts = {s.key: s.count(ids) for s in SOURCES}
    interview, added = interview_hours(ids), added_hours(ids)
    training = training_hours(ids)
    return [
        Record(
            person=p,
            counts={key: numbers.get(p.pk, 0) for key, numbers in counts.items()},
            interview_hours=Decimal(interview.get(p.pk, 0)),
            added_hours=Decimal(added.get(p.pk, 0) or 0),
            training_hours=Decimal(training.get(p.pk, 0)),
        )
        for p in people
    ]


def record_for(person):
    return records_for([person])[0]


def everyone():
    """Every young person's record, panel members and trainers alike, by name (anonymised
    leavers too: their counts stay, nameless)."""
    people = [_as_young_person(user) for user in _young_people()]
    people.sort(key=lambda p: (p.display_name.casefold(), p.pk))
    return records_for(people)


def certificates_of(person):
    return ContributionCertificate.objects.filter(person_id=person.pk).order_by(
        "-created_at", "-pk"
    )


def added_time_of(person):
    return person.user.added_time.all()
