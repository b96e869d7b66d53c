"""Dates as long lists show them, the same text as the |date filter's formats, for pages
that print many dates: the staff pipeline, the register, the celebration list and the
organisation's awards. Month and weekday names are translated once per DateLabels, so a
page of rows does not pay for a full date format call per date.
tests/kitemark/test_date_labels.py holds each method to the |date filter."""

from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS_ABBR


class DateLabels:
    def __init__(self):
        self._names = {}
        # The current time zone, looked up once: timezone.localtime() looks it up on
        # every call.
        self._zone = timezone.get_current_timezone()

    def _local(self, moment):
        """`moment` (an aware datetime) in the current time zone, as timezone.localtime()."""
        if timezone.is_naive(moment):
            raise ValueError("localtime() cannot be applied to a naive datetime")
        return moment.astimezone(self._zone)

    def _name(self, table, index):
        key = (id(table), index)
        if key not in self._names:
            self._names[key] = str(table[index])
        return self._names[key]

    def day(self, day):
        """ "5 March 2027": the "j F Y" format."""
        return f"{day.day} {self._name(MONTHS, day.month)} {day.year}"

    def month(self, day):
        """ "March 2027": the "F Y" format."""
        return f"{self._name(MONTHS, day.month)} {day.year}"

    def short_day(self, day):
        """ "5 Mar 2027": the "j M Y" format (a datetime in local time)."""
        if hasattr(day, "hour"):
            day = self._local(day)
        return f"{day.day} {self._name(MONTHS_3, day.month).title()} {day.year:04d}"

    def weekday_time(self, moment):
        """ "Tue 1 Dec, 10:00": the "D j M, H:i" format, in local time."""
        moment = self._local(moment)
        weekday = self._name(WEEKDAYS_ABBR, moment.weekday())
        month = self._name(MONTHS_3, moment.month).title()
        return f"{weekday} {moment.day} {month}, {moment.hour:02d}:{moment.minute:02d}"
