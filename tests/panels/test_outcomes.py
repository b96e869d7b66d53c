"""The scoring rules the panel relies on (assessments.outcomes)."""

from datetime import date

import pytest

from assessments import outcomes


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (0, outcomes.NOT_AWARDED),
        (41, outcomes.NOT_AWARDED),
        (42, outcomes.RESUBMISSION),
        (47, outcomes.RESUBMISSION),
        (48, outcomes.AWARDED),
        (64, outcomes.AWARDED),
    ],
)
def test_outcome_at_each_boundary(total, expected):
    assert outcomes.outcome_for_total(total) == expected


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (41, outcomes.NOT_AWARDED),
        (42, outcomes.NOT_AWARDED),
        (47, outcomes.NOT_AWARDED),
        (48, outcomes.AWARDED),
        (64, outcomes.AWARDED),
    ],
)
def test_a_resubmission_cannot_be_invited_to_resubmit_again(total, expected):
    assert outcomes.outcome_for_total(total, is_resubmission=True) == expected


@pytest.mark.parametrize("total", [-1, 65])
def test_totals_outside_0_to_64_are_refused(total):
    with pytest.raises(ValueError, match="between 0 and 64"):
        outcomes.outcome_for_total(total)


@pytest.mark.parametrize(
    ("interview", "deadline"),
    [
        (date(2025, 12, 31), date(2026, 2, 28)),
        (date(2027, 12, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 8, 31), date(2026, 10, 31)),
        (date(2026, 11, 30), date(2027, 1, 30)),
        (date(2026, 12, 30), date(2027, 2, 28)),
        (date(2026, 3, 15), date(2026, 5, 15)),
    ],
)
def test_resubmission_deadline_is_two_calendar_months_clamped(interview, deadline):
    assert outcomes.resubmission_deadline(interview) == deadline
