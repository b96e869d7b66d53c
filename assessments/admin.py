"""Admin for the framework, cycles, applications and evidence.

A framework version that any application uses is frozen (assessments/models.py): its
pages are read-only for everyone, superusers included, with a message saying why; a part
of an unused version can only be moved to another unused version; nothing in use can be
deleted. Next year's wording starts with the action "Copy as a new draft".
"""

from django.contrib import admin, messages
from django.shortcuts import redirect

from kitemark.forms import ModelForm

from .models import (
    FROZEN_MESSAGE,
    Answer,
    Application,
    Cycle,
    Evidence,
    FrameworkFrozen,
    FrameworkVersion,
    Indicator,
    Level,
    ScoreDescriptor,
    TimelineEvent,
)
from .services import frameworks

READ_ONLY_MESSAGE = (
    FROZEN_MESSAGE + " To change the wording, tick this version in the list of framework "
    "versions and choose the action “Copy as a new draft”."
)


def _version_in_use(version):
    return version is not None and version.is_in_use


class FrozenAwareForm(ModelForm):
    """Turns FrameworkFrozen raised by save() into a form error as well."""

    def _post_clean(self):
        try:
            super()._post_clean()
        except FrameworkFrozen as frozen:
            self.add_error(None, frozen)


class FrameworkVersionForm(FrozenAwareForm):
    class Meta:
        model = FrameworkVersion
        fields = ["name", "is_current"]


class FrozenMixin:
    """A framework part of a version in use is read-only, for everyone; a part of an
    unused version can move only to another unused version."""

    def _version(self, obj):
        raise NotImplementedError

    def _frozen(self, obj):
        return obj is not None and _version_in_use(self._version(obj))

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if request.method == "GET" and self._frozen(obj):
            messages.warning(request, READ_ONLY_MESSAGE)
        return super().change_view(request, object_id, form_url, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["queryset"] = FrameworkVersion.objects.not_in_use()
        elif db_field.name == "level":
            kwargs["queryset"] = Level.objects.filter(
                version__in=FrameworkVersion.objects.not_in_use()
            ).select_related("version")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class FrozenInlineMixin:
    def _in_use(self, obj):
        if obj is None:
            return False
        version = obj if isinstance(obj, FrameworkVersion) else obj.version
        return _version_in_use(version)

    def has_add_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_delete_permission(request, obj)


class LevelInline(FrozenInlineMixin, admin.TabularInline):
    model = Level
    form = FrozenAwareForm
    extra = 0
    fields = ["code", "name", "order", "colour"]
    show_change_link = True


class ScoreDescriptorInline(FrozenInlineMixin, admin.TabularInline):
    model = ScoreDescriptor
    form = FrozenAwareForm
    extra = 0


class IndicatorInline(FrozenInlineMixin, admin.StackedInline):
    model = Indicator
    form = FrozenAwareForm
    extra = 0
    fields = ["code", "order", "title", "element", "promise", "guidance", "example_evidence"]


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(FrozenMixin, admin.ModelAdmin):
    form = FrameworkVersionForm
    list_display = ["name", "is_current", "in_use", "created_at"]
    inlines = [LevelInline, ScoreDescriptorInline]
    actions = ["copy_as_draft"]

    def _version(self, obj):
        return obj

    @admin.display(boolean=True, description="In use")
    def in_use(self, obj):
        return obj.is_in_use

    def get_readonly_fields(self, request, obj=None):
        if _version_in_use(obj):
            return ["name"]
        return []

    def has_change_permission(self, request, obj=None):
        # An in-use version may still be marked current: its name is read-only instead.
        return admin.ModelAdmin.has_change_permission(self, request, obj)

    @admin.action(description="Copy as a new draft", permissions=["add"])
    def copy_as_draft(self, request, queryset):
        drafts = [
            frameworks.copy_as_draft(version, actor=request.user)
            for version in queryset.order_by("name")
        ]
        for draft in drafts:
            messages.success(
                request, f"Made the draft “{draft.name}”: it is not current, and you can edit it."
            )
        if len(drafts) == 1:
            return redirect("admin:assessments_frameworkversion_change", drafts[0].pk)
        return None


@admin.register(Level)
class LevelAdmin(FrozenMixin, admin.ModelAdmin):
    form = FrozenAwareForm
    list_display = ["name", "version", "code", "order"]
    list_filter = ["version"]
    inlines = [IndicatorInline]

    def _version(self, obj):
        return obj.version


@admin.register(Indicator)
class IndicatorAdmin(FrozenMixin, admin.ModelAdmin):
    form = FrozenAwareForm
    list_display = ["code", "title", "level", "element", "promise"]
    list_filter = ["level__version", "level", "element", "promise"]
    search_fields = ["code", "title"]

    def _version(self, obj):
        return obj.level.version


@admin.register(ScoreDescriptor)
class ScoreDescriptorAdmin(FrozenMixin, admin.ModelAdmin):
    form = FrozenAwareForm
    list_display = ["value", "label", "version"]
    list_filter = ["version"]

    def _version(self, obj):
        return obj.version


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "opens_on",
        "submission_deadline",
        "interview_window_start",
        "is_closed",
    ]
    list_filter = ["is_closed"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["indicator", "self_rating", "revision", "updated_by", "updated_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TimelineInline(admin.TabularInline):
    model = TimelineEvent
    extra = 0
    fields = ["created_at", "kind", "from_status", "to_status", "message", "actor"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "level", "cycle", "status", "round", "submitted_at"]
    list_filter = ["status", "cycle", "level__version"]
    search_fields = ["organisation__name"]
    # Status changes only through the workflow (the site's own pages), never here.
    readonly_fields = [
        "organisation",
        "level",
        "status",
        "round",
        "created_by",
        "created_at",
        "submitted_at",
        "total",
        "proposed_outcome",
        "outcome_confirmed_at",
        "resubmission_deadline",
    ]
    inlines = [AnswerInline, TimelineInline]

    # The file itself has no public URL; it is opened through the download view.
    exclude = ["file"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "organisation", "content_type", "size", "uploaded_at"]
    search_fields = ["original_name", "organisation__name"]
    readonly_fields = [
        "organisation",
        "storage_name",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "file_deleted_at",
    ]

    # The file itself has no public URL; it is opened through the download view.
    exclude = ["file"]

    def has_add_permission(self, request):
        return False
