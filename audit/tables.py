import datetime
from zoneinfo import ZoneInfo

import django_tables2 as tables
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import format_html

from .models import AuditEvent

UK = ZoneInfo("Europe/London")


def uk_and_utc(value):
    """(UK time text, UTC text, ISO UTC) for an aware datetime."""
    utc = value.astimezone(datetime.UTC)
    return (
        format_date(value.astimezone(UK), "j M Y, H:i:s T"),
        utc.strftime("%Y-%m-%d %H:%M:%S UTC"),
        utc.isoformat(),
    )


class AuditEventTable(tables.Table):
    caption = (
        "Audit log, newest first. Times are UK time (GMT or BST), with the UTC time underneath."
    )

    occurred_at = tables.Column("When (UK time)")
    event = tables.Column("Event")
    who = tables.Column("Who", accessor="who", orderable=False, empty_values=())
    summary = tables.Column("What happened", orderable=False)
    object_id = tables.Column("Record", orderable=False, empty_values=())
    ip_address = tables.Column("From (IP address)", orderable=False)
    details = tables.Column("Details", accessor="pk", orderable=False)

    class Meta:
        model = AuditEvent
        fields = (
            "occurred_at",
            "event",
            "who",
            "summary",
            "object_id",
            "ip_address",
            "details",
        )
        template_name = "audit/table.html"
        order_by = "-occurred_at"
        empty_text = "No audit records match these filters."
        attrs = {"class": "table table-sm table-striped align-top audit-table"}

    def render_occurred_at(self, value):
        uk, utc, iso = uk_and_utc(value)
        return format_html(
            '<time datetime="{}">{}</time><br><span class="text-body-secondary small">{}</span>',
            iso,
            uk,
            utc,
        )

    def render_object_id(self, value, record):
        if not record.object_type and not value:
            return "—"
        label = f" (“{record.object_label}”)" if record.object_label else ""
        return f"{record.object_type} {value}".strip() + label

    def render_details(self, value):
        return format_html(
            '<a href="{}">View<span class="visually-hidden"> audit record {}</span></a>',
            reverse("audit:detail", args=[value]),
            value,
        )

    def order_occurred_at(self, queryset, is_descending):
        prefix = "-" if is_descending else ""
        return queryset.order_by(f"{prefix}occurred_at", f"{prefix}pk"), True
