import contextlib
import ipaddress

import django_filters
from django import forms
from django.db.models import Q

from kitemark.forms import Form

from .models import AuditEvent
from .services import login_digest


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # A date input always exchanges ISO dates with the browser, whatever the locale.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AuditFilterForm(Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must be the same as or after the start date.")
        return cleaned


class AuditEventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="search",
        help_text="Who (name, email or username), what happened, a record number or an IP address.",
    )
    event = django_filters.ChoiceFilter(
        label="Event", choices=AuditEvent.Event.choices, empty_label="All events"
    )
    date_from = django_filters.DateFilter(
        label="From date",
        field_name="occurred_at",
        lookup_expr="date__gte",
        widget=DateInput(),
        help_text="Dates are UK dates.",
    )
    date_to = django_filters.DateFilter(
        label="To date",
        field_name="occurred_at",
        lookup_expr="date__lte",
        widget=DateInput(),
        help_text="Includes the whole day.",
    )

    class Meta:
        model = AuditEvent
        fields = ["q", "event", "date_from", "date_to"]
        form = AuditFilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # Names are searched where they live now: the account (as shown) and the snapshot
        # (for accounts that no longer exist); a typed sign-in name by its digest.
        condition = (
            Q(actor__full_name__icontains=value)
            | Q(actor__email__icontains=value)
            | Q(actor__username__icontains=value)
            | Q(snapshot__actor__text__icontains=value)
            | Q(snapshot__object__text__icontains=value)
            | Q(summary__icontains=value)
            | Q(object_id__iexact=value)
            | Q(snapshot__login__text=login_digest(value))
        )
        with contextlib.suppress(ValueError):  # not an IP address: search text only
            condition |= Q(ip_address=str(ipaddress.ip_address(value)))
        return queryset.filter(condition)
