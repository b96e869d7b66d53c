"""Admin for the framework, cycles, applications and evidence.

A framework version that any application uses is frozen. Non-superusers see
its parts read-only; a superuser who tries an edit gets the model's
FrameworkFrozen message on the form (never a 500), and nothing in use can be
deleted.
"""

from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS

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


def _version_in_use(version):
    return version is not None and version.pk is not None and version.is_in_use


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

    def _post_clean(self):
        super()._post_clean()
        # Marking a version current is not an edit of its wording: allow it.
        if self.instance.pk and "name" not in self.changed_data:
            errors = self._errors.get(NON_FIELD_ERRORS)
            if errors:
                kept = [e for e in errors if e != FROZEN_MESSAGE]
                if kept:
                    self._errors[NON_FIELD_ERRORS] = self.error_class(kept)
                else:
                    del self._errors[NON_FIELD_ERRORS]


class FrozenMixin:
    """Permissions for framework parts: read-only for non-superusers once in use."""

    def _version(self, obj):
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and not request.user.is_superuser
            and _version_in_use(self._version(obj))
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _version_in_use(self._version(obj)):
            return False
        return super().has_delete_permission(request, obj)


class FrozenInlineMixin:
    def _in_use(self, obj):
        version = obj if isinstance(obj, FrameworkVersion) else getattr(obj, "version", None)
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


class IndicatorInline(admin.StackedInline):
    model = Indicator
    form = FrozenAwareForm
    extra = 0
    fields = ["code", "order", "title", "element", "promise", "guidance", "example_evidence"]

    def _in_use(self, obj):
        return obj is not None and _version_in_use(obj.version)

    def has_add_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_delete_permission(request, obj)


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(FrozenMixin, admin.ModelAdmin):
    form = FrameworkVersionForm
    list_display = ["name", "is_current", "in_use", "created_at"]
    inlines = [LevelInline, ScoreDescriptorInline]

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
        # Anyone with change rights may still mark an in-use version current.
        return admin.ModelAdmin.has_change_permission(self, request, obj)


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
