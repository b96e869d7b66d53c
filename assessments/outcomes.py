"""The scheme's scoring rules, in one place. Plain functions with no database access."""

import calendar
from datetime import date

MAX_SCORE_PER_INDICATOR = 4
INDICATORS_PER_LEVEL = 16
MAX_TOTAL = MAX_SCORE_PER_INDICATOR * INDICATORS_PER_LEVEL  # 64
AWARD_THRESHOLD = 48
RESUBMISSION_THRESHOLD = 42

AWARDED = "awarded"
RESUBMISSION = "resubmission"
NOT_AWARDED = "not_awarded"

OUTCOME_LABELS = {
    AWARDED: "Awarded",
    RESUBMISSION: "Resubmission invited",
    NOT_AWARDED: "Not awarded",
}


def outcome_for_total(total: int, *, is_resubmission: bool = False) -> str:
    """48+ is awarded; 42-47 may resubmit once; anything else is not awarded."""
    if not 0 <= total <= MAX_TOTAL:
        raise ValueError(f"A total must be between 0 and {MAX_TOTAL}, not {total}.")
    if total >= AWARD_THRESHOLD:
        return AWARDED
    if total >= RESUBMISSION_THRESHOLD and not is_resubmission:
        return RESUBMISSION
    return NOT_AWARDED


def add_months_clamped(start: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (31 Dec + 2 -> 28/29 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def resubmission_deadline(interview_date: date) -> date:
    return add_months_clamped(interview_date, 2)
