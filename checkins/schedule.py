"""When check-ins fall due, and when their reminders go. Plain functions, no database."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

from certificates.dates import months_after

# Reminders: 4 weeks before the due date, on it, and 2 weeks after if still not sent.
REMIND_BEFORE = timedelta(weeks=4)
REMIND_AFTER = timedelta(weeks=2)
# Staff see a check-in flagged once it is more than this late.
OVERDUE_FLAG_AFTER = timedelta(weeks=8)


def checkin_months():
    """The months after the award date that check-ins fall due, earliest first (12, 24)."""
    return sorted({int(m) for m in getattr(settings, "CHECKIN_MONTHS", [12, 24]) if int(m) > 0})


def due_dates(awarded_on: date, expires_on: date | None = None):
    """[(check-in number, due date)] for an award made on `awarded_on`: the same day the
    months later (29 February -> 28 February, as for the expiry date). A date on or after
    the expiry is left out: the award is renewed or expired by then."""
    dues = [(n, months_after(awarded_on, m)) for n, m in enumerate(checkin_months(), start=1)]
    return [(n, d) for n, d in dues if expires_on is None or d < expires_on]


@dataclass(frozen=True)
class Stage:
    """One reminder of a check-in: its ledger kind and how it reads."""

    number: int
    name: str  # "4w" (before), "due" (on the day), "late" (after)

    @property
    def kind(self):
        return f"checkin{self.number}_{self.name}"


def reminder_dates(number: int, due_on: date):
    """[(Stage, the day it goes)] for check-in `number` due on `due_on`, earliest first."""
    return [
        (Stage(number, "4w"), due_on - REMIND_BEFORE),
        (Stage(number, "due"), due_on),
        (Stage(number, "late"), due_on + REMIND_AFTER),
    ]


def is_flagged_overdue(due_on: date, today: date) -> bool:
    return today > due_on + OVERDUE_FLAG_AFTER
