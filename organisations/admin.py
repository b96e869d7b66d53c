from django.contrib import admin

from kitemark.forms import ModelForm

from .forms import MultiLineField
from .models import Invitation, Membership, Organisation


class OrganisationAdminForm(ModelForm):
    class Meta:
        model = Organisation
        fields = "__all__"
        field_classes = {"address": MultiLineField}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["joined_at"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationAdminForm
    list_display = ["name", "type", "postcode", "contact_name", "contact_email", "created_at"]
    list_filter = ["type", "listed_in_register"]
    search_fields = ["name", "postcode", "contact_name", "contact_email"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "organisation",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "cancelled_at",
    ]
    list_filter = ["accepted_at", "cancelled_at"]
    search_fields = ["email", "organisation__name"]
    list_select_related = ["organisation", "invited_by"]
    raw_id_fields = ["organisation", "invited_by", "accepted_by"]
    readonly_fields = ["token", "created_at"]
