from django.contrib import admin

from .models import (
    AgreedScore,
    Conflict,
    Finalisation,
    Interview,
    OrganisationAction,
    Panel,
    PanelMember,
    PanelSeat,
)


@admin.register(PanelMember)
class PanelMemberAdmin(admin.ModelAdmin):
    list_display = ["display_name", "group", "supervisor", "is_active"]
    list_filter = ["is_active", "group"]
    search_fields = ["display_name", "group"]
    raw_id_fields = ["user", "supervisor", "created_by"]


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["member", "organisation", "reason", "created_at"]
    raw_id_fields = ["member", "organisation", "recorded_by"]


class PanelSeatInline(admin.TabularInline):
    model = PanelSeat
    raw_id_fields = ["member"]
    extra = 0


@admin.register(Panel)
class PanelAdmin(admin.ModelAdmin):
    list_display = ["application", "facilitator", "scores_revealed"]
    raw_id_fields = ["application", "facilitator", "created_by"]
    inlines = [PanelSeatInline]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["application", "starts_at", "duration_minutes", "sequence", "cancelled_at"]
    raw_id_fields = ["application", "created_by"]
    readonly_fields = ["uid", "sequence"]


@admin.register(AgreedScore)
class AgreedScoreAdmin(admin.ModelAdmin):
    list_display = ["application", "indicator", "round", "value", "needs_more_evidence"]
    raw_id_fields = ["application", "indicator", "agreed_by"]


@admin.register(Finalisation)
class FinalisationAdmin(admin.ModelAdmin):
    list_display = ["application", "round", "total", "outcome", "finalised_at", "confirmed_at"]
    raw_id_fields = ["application", "finalised_by", "confirmed_by"]


@admin.register(OrganisationAction)
class OrganisationActionAdmin(admin.ModelAdmin):
    list_display = ["agreed_score", "created_at"]
    raw_id_fields = ["agreed_score", "created_by"]
