"""kitemark.date_labels prints the same text as the |date filter, which it stands in for
on pages that list many dates."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format

from kitemark.date_labels import DateLabels

DAYS = [datetime.date(2027, m, d) for m in range(1, 13) for d in (1, 9, 28)]


def test_day_and_month_match_the_date_filter():
    labels = DateLabels()
    for day in DAYS:
        assert labels.day(day) == date_format(day, "j F Y")
        assert labels.month(day) == date_format(day, "F Y")
        assert labels.short_day(day) == date_format(day, "j M Y")


def test_datetimes_are_shown_in_local_time_like_the_date_filter():
    labels = DateLabels()
    moments = [
        # 23:30 UTC in British Summer Time is 00:30 the next day in London.
        datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 1, 9, 5, tzinfo=datetime.UTC),
        datetime.datetime(2027, 3, 28, 0, 59, tzinfo=datetime.UTC),
    ]
    for moment in moments:
        local = timezone.localtime(moment)
        assert labels.weekday_time(moment) == date_format(local, "D j M, H:i")
        assert labels.short_day(moment) == date_format(local, "j M Y")
    assert labels.weekday_time(moments[0]).startswith("Wed 1 Jul, 00:30")


def test_naive_datetimes_are_refused_as_localtime_refuses_them():
    import pytest

    with pytest.raises(ValueError):
        DateLabels().short_day(datetime.datetime(2027, 1, 1, 12, 0))
    with pytest.raises(ValueError):
        DateLabels().weekday_time(datetime.datetime(2027, 1, 1, 12, 0))
