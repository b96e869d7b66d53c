"""The scheme's numbers that templates print ("out of 64", "16 indicators"), taken from
the scoring rules (assessments.outcomes) so that no template writes them by hand."""

from . import outcomes

SCORING_NUMBERS = {
    "MAX_TOTAL": outcomes.MAX_TOTAL,
    "INDICATORS_PER_LEVEL": outcomes.INDICATORS_PER_LEVEL,
    "AWARD_THRESHOLD": outcomes.AWARD_THRESHOLD,
}


def scoring_numbers(request):
    """Every page's template gets SCORING_NUMBERS. Emails have no request: the code that
    queues one passes SCORING_NUMBERS in its context."""
    return SCORING_NUMBERS
