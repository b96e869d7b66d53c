"""Award date rules, in one place. Plain functions with no database access."""

from datetime import date

from assessments.outcomes import add_months_clamped

AWARD_VALID_YEARS = 3
# The organisation's dashboard invites renewal from this many months before expiry.
RENEWAL_WINDOW_MONTHS = 6


def expiry_date(awarded_on: date) -> date:
    """The same calendar date three years later; 29 February becomes 28 February.

    From this day on the award is expired.
    """
    year = awarded_on.year + AWARD_VALID_YEARS
    try:
        return awarded_on.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        return awarded_on.replace(year=year, day=28)


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, clamped to the month's end (31 May - 3 -> 28/29 Feb)."""
    return add_months_clamped(day, -months)


def months_after(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end like the expiry date
    (29 February + 12 months -> 28 February; 31 January + 1 month -> 28/29 February)."""
    return add_months_clamped(day, months)


def renewal_opens_on(expires_on: date) -> date:
    return months_before(expires_on, RENEWAL_WINDOW_MONTHS)
