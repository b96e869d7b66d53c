from django import forms

from kitemark.forms import Form
from kitemark.inputs import ModelMultipleChoiceField

from .models import MAX_ANSWER_CHARS, Evidence, Level


class StartApplicationForm(Form):
    level = forms.ModelChoiceField(
        queryset=Level.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Which level are you applying for?",
        error_messages={"required": "Choose Bronze, Silver or Gold."},
    )

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = (
            Level.objects.filter(version=version).order_by("order")
            if version
            else Level.objects.none()
        )


class AnswerForm(Form):
    text = forms.CharField(
        label="How do you meet this indicator?",
        required=False,
        max_length=MAX_ANSWER_CHARS,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": MAX_ANSWER_CHARS}),
        help_text=f"Up to {MAX_ANSWER_CHARS:,} characters.",
        error_messages={"max_length": f"Your answer can be up to {MAX_ANSWER_CHARS:,} characters."},
    )
    self_rating = forms.TypedChoiceField(
        label="How well do you think you do this?",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    evidence = ModelMultipleChoiceField(
        label="Files from your evidence library that support this answer",
        queryset=Evidence.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, descriptors=(), library=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["self_rating"].choices = [
            (d.value, f"{d.value} – {d.label}: {d.description}") for d in descriptors
        ]
        if library is not None:
            self.fields["evidence"].queryset = library
        self.fields["evidence"].label_from_instance = lambda e: e.original_name

    def options(self, name, choices=None):
        """(value, label, checked) for each radio or checkbox of the field `name`, for the
        page's plain template (much cheaper than rendering each option's widget template).
        `choices` defaults to the field's own; checked follows the submitted data, or the
        initial value on an unbound form, as the widget would."""
        field = self[name]
        if choices is None:
            choices = field.field.choices
        selected = {str(v) for v in field.field.widget.format_value(field.value())}
        return [(str(value), label, str(value) in selected) for value, label in choices]


class LinkForm(Form):
    url = forms.URLField(
        label="Web address",
        max_length=500,
        assume_scheme="https",
        help_text="For example https://www.example.org/youth-forum",
        error_messages={"invalid": "Enter a full web address, like https://www.example.org"},
    )
    title = forms.CharField(label="What it shows (optional)", max_length=200, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = list(data) if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError("Choose at least one file to upload.", code="required")
        if len(files) > 20:
            raise forms.ValidationError("Upload up to 20 files at a time.", code="too_many")
        return files


class UploadForm(Form):
    files = MultipleFileField(
        label="Choose files",
        help_text="PDF, DOCX, XLSX, PPTX, ODT, JPG, PNG or MP4. Up to 25 MB each.",
    )

    def __init__(self, *args, max_mb=25, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = (
            f"PDF, DOCX, XLSX, PPTX, ODT, JPG, PNG or MP4. Up to {max_mb} MB each. "
            "You can choose several files."
        )
        self.fields["files"].widget.attrs["accept"] = (
            ".pdf,.docx,.xlsx,.pptx,.odt,.jpg,.jpeg,.png,.mp4"
        )


class SubmitForm(Form):
    declaration = forms.BooleanField(
        label=(
            "I confirm that these answers are true, that young people were involved in "
            "preparing them, and that we have removed other children's names and faces "
            "from our evidence unless we hold consent."
        ),
        error_messages={"required": "Tick the box to confirm before you submit."},
    )


class WithdrawForm(Form):
    reason = forms.CharField(
        label="Why are you withdrawing? (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResolveConflictForm(Form):
    keep = forms.ChoiceField(choices=[("mine", "Keep mine"), ("theirs", "Keep theirs")])
