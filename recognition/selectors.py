"""Each young person's contribution record: counts per source, and hours."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from panels.models import PanelMember

from .models import ContributionCertificate
from .sources import SOURCES, added_hours, interview_hours, training_hours


@dataclass
class Record:
    member: PanelMember
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


def records_for(members):
    """A Record for each of `members`, in a fixed number of queries."""
    members = list(members)
    ids = [m.pk for m in members]
    counts = {s.key: s.count(ids) for s in SOURCES}
    interview, added = interview_hours(ids), added_hours(ids)
    training = training_hours(ids)
    return [
        Record(
            member=m,
            counts={key: numbers.get(m.pk, 0) for key, numbers in counts.items()},
            interview_hours=Decimal(interview.get(m.pk, 0)),
            added_hours=Decimal(added.get(m.pk, 0) or 0),
            training_hours=Decimal(training.get(m.pk, 0)),
        )
        for m in members
    ]


def record_for(member):
    return records_for([member])[0]


def everyone():
    """Every young person's record (anonymised leavers too: their counts stay, nameless)."""
    return records_for(PanelMember.objects.order_by("display_name", "pk"))


def certificates_of(member):
    return ContributionCertificate.objects.filter(member=member).order_by("-created_at", "-pk")
