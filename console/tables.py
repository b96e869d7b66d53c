"""The staff pipeline's all-applications table (django-tables2)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from assessments.models import Application
from assessments.outcomes import MAX_TOTAL


class ApplicationTable(tables.Table):
    caption = "All applications. Select a column heading to sort by it."

    organisation = tables.Column(
        "Organisation", accessor="organisation__name", order_by=("organisation__name", "pk")
    )
    level = tables.Column("Level", accessor="level__name", order_by=("level__order", "pk"))
    cycle = tables.Column("Cycle", accessor="cycle__name", order_by=("cycle__opens_on", "pk"))
    status = tables.Column("Status", order_by=("status", "pk"))
    submitted_at = tables.DateTimeColumn(
        verbose_name="Submitted", format="j M Y", order_by=("submitted_at", "pk")
    )
    total = tables.Column(f"Total (of {MAX_TOTAL})", order_by=("total", "pk"))
    updated_at = tables.DateTimeColumn(
        verbose_name="Last change", format="j M Y", order_by=("updated_at", "pk")
    )

    class Meta:
        model = Application
        fields = ("organisation", "level", "cycle", "status", "submitted_at", "total", "updated_at")
        template_name = "console/_table.html"
        order_by = "-updated_at"
        empty_text = "No applications match these filters."
        attrs = {"class": "table table-sm table-striped align-middle"}

    def render_organisation(self, value, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("console:staff_detail", args=[record.pk]), value
        )

    def render_status(self, record):
        return record.get_status_display()
