"""Filters for the staff pipeline's all-applications table (django-filter)."""

import django_filters
from django import forms

from assessments.models import Application, Cycle, Level, Status
from kitemark.forms import Form


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Organisation name",
        field_name="organisation__name",
        lookup_expr="icontains",
        help_text="Part of the name is enough.",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Status.choices, empty_label="Any status"
    )
    level = django_filters.ChoiceFilter(
        label="Level",
        field_name="level__code",
        choices=Level.Code.choices,
        empty_label="Any level",
    )
    cycle = django_filters.ModelChoiceFilter(
        label="Cycle",
        queryset=Cycle.objects.order_by("-opens_on", "-pk"),
        empty_label="Any cycle",
    )

    class Meta:
        model = Application
        fields = ["q", "status", "level", "cycle"]
        form = Form
