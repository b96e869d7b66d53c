from django.contrib import admin

from .models import Award, CertificateCounter, Plaque, ReminderLedger


class PlaqueInline(admin.TabularInline):
    model = Plaque
    extra = 0
    can_delete = False
    readonly_fields = ("version", "file", "size", "created_at")


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ("certificate_number", "organisation", "level", "awarded_on", "expires_on")
    list_filter = ("level__code",)
    search_fields = ("certificate_number", "organisation__name")
    readonly_fields = (
        "organisation",
        "application",
        "level",
        "awarded_on",
        "expires_on",
        "certificate_number",
        "verification_code",
        "plaque_version",
        "revoked_at",
        "revoked_reason",
        "revoked_by",
        "created_at",
    )
    inlines = [PlaqueInline]

    def has_add_permission(self, request):
        return False  # awards come from confirmed outcomes only


@admin.register(ReminderLedger)
class ReminderLedgerAdmin(admin.ModelAdmin):
    list_display = ("kind", "award", "application", "due_on", "outcome", "sent_at")
    list_filter = ("kind", "outcome")
    readonly_fields = [f.name for f in ReminderLedger._meta.fields]


@admin.register(CertificateCounter)
class CertificateCounterAdmin(admin.ModelAdmin):
    list_display = ("year", "last_number")
    readonly_fields = ("year", "last_number")
