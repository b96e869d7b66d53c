"""The rules that turn the young people's own scores into the panel's agreed score: plain
functions of numbers, used by the consensus page and the services that save and finalise.
"""

from assessments import outcomes


def median_choices(values):
    """The median of the members' scores as the whole numbers the panel may choose from:
    one number, or two when the median falls between two whole numbers (2.5 → (2, 3)).
    An empty tuple without scores."""
    ordered = sorted(values)
    if not ordered:
        return ()
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return (ordered[middle],)
    doubled = ordered[middle - 1] + ordered[middle]
    if doubled % 2 == 0:
        return (doubled // 2,)
    return (doubled // 2, doubled // 2 + 1)


def within_range(value, values):
    """True when `value` lies within the lowest and highest of the members' scores (with no
    scores, nothing is within range)."""
    return bool(values) and min(values) <= value <= max(values)


def resubmission_headroom(total, flagged_values):
    """(what the flagged indicators could add, what a 42–47 total needs to reach 48): each
    flagged indicator could rise to 4."""
    possible = sum(outcomes.MAX_SCORE_PER_INDICATOR - value for value in flagged_values)
    return possible, outcomes.AWARD_THRESHOLD - total


def resubmission_is_reachable(total, flagged_values):
    """A 42–47 total may be finalised only when the flagged indicators could together add at
    least 48 minus the total; other totals have nothing to reach."""
    if outcomes.outcome_for_total(total) != outcomes.RESUBMISSION:
        return True
    possible, needed = resubmission_headroom(total, flagged_values)
    return possible >= needed
