from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody adds, changes or deletes audit records, superusers included."""

    list_display = ("occurred_at", "event", "who", "summary", "ip_address")
    list_filter = ("event", ("occurred_at", admin.DateFieldListFilter))
    search_fields = ("summary", "object_id")
    date_hierarchy = "occurred_at"
    list_select_related = ("actor",)
    readonly_fields = [f.name for f in AuditEvent._meta.fields if f.name != "snapshot"]
    exclude = ("snapshot",)
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
