"""The celebration year: where it starts and ends, and what it is called."""

from datetime import date

from certificates import celebration


def test_year_bounds_follow_the_start_month(settings):
    assert celebration.year_bounds(2027) == (date(2027, 1, 1), date(2028, 1, 1))
    assert celebration.year_of(date(2027, 8, 1)) == 2027
    settings.CELEBRATION_YEAR_START_MONTH = 9
    assert celebration.year_bounds(2027) == (date(2027, 9, 1), date(2028, 9, 1))
    assert celebration.year_of(date(2028, 8, 31)) == 2027
    assert celebration.year_of(date(2028, 9, 1)) == 2028
    assert celebration.year_label(2027) == "September 2027 to August 2028"
