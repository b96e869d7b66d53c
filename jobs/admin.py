from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("kind", "key", "status", "attempts", "created_at", "completed_at")
    list_filter = ("status", "kind")
    search_fields = ("key",)
    readonly_fields = [f.name for f in Job._meta.fields]
