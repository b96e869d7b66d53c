"""The console's forms: returning an application and a cycle; panel members, a panel and its
interview; awards and the celebration."""

from datetime import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone

from assessments.models import Cycle
from certificates.models import AwardStatus
from kitemark.forms import Form, ModelForm
from kitemark.inputs import ModelMultipleChoiceField
from panels.models import PanelMember

# --- Applications and cycles --------------------------------------------------------------


class ReturnForm(Form):
    message = forms.CharField(
        label="What information does the organisation need to add?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="This message is emailed to everyone in the organisation.",
        error_messages={"required": "Write a message saying what information is needed."},
    )


class SubmissionCompareForm(Form):
    """?against=: what a submission received is compared with (console.applications)."""

    against = forms.ChoiceField(
        required=False,
        choices=[("previous", "previous"), ("next", "next"), ("current", "current")],
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # A date input always exchanges ISO dates with the browser.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CycleForm(ModelForm):
    """Cycle.clean() checks the dates; its errors appear next to the fields."""

    class Meta:
        model = Cycle
        fields = [
            "name",
            "opens_on",
            "submission_deadline",
            "interview_window_start",
            "interview_window_end",
            "notes",
        ]
        labels = {
            "name": "Name",
            "opens_on": "Opening date",
            "submission_deadline": "Submission deadline",
            "interview_window_start": "Interviews from",
            "interview_window_end": "Interviews until",
            "notes": "Notes (staff only)",
        }
        help_texts = {
            "name": "For example, Spring 2027.",
            "submission_deadline": "The last day organisations can submit. "
            "It cannot be before the opening date.",
            "interview_window_end": "It cannot be before the first interview day.",
        }
        widgets = {
            "opens_on": DateInput(),
            "submission_deadline": DateInput(),
            "interview_window_start": DateInput(),
            "interview_window_end": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "name": {"required": "Enter a name for the cycle."},
            "opens_on": {"required": "Enter the opening date.", "invalid": "Enter a real date."},
            "submission_deadline": {
                "required": "Enter the submission deadline.",
                "invalid": "Enter a real date.",
            },
            "interview_window_start": {
                "required": "Enter the first interview day.",
                "invalid": "Enter a real date.",
            },
            "interview_window_end": {
                "required": "Enter the last interview day.",
                "invalid": "Enter a real date.",
            },
        }


# --- Panel members and panels ------------------------------------------------------


def staff_users():
    User = get_user_model()
    return User.objects.filter(is_active=True, role=User.Role.STAFF).order_by("full_name", "email")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_label


class PanelMemberForm(Form):
    display_name = forms.CharField(
        label="First name or nickname",
        max_length=40,
        help_text="Only a first name or a nickname. Never a surname.",
    )
    group = forms.CharField(label="Group", max_length=100, help_text="For example, Youth Cabinet.")
    supervisor = StaffChoiceField(label="Supervising staff member", queryset=None)
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,  # User.email's column
        help_text="If you give one, they get a link to choose their own password.",
    )
    username = forms.CharField(
        label="Username",
        required=False,
        max_length=40,
        help_text="Needed if there is no email address. They sign in with it.",
    )
    password = forms.CharField(
        label="Password",
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Needed if there is no email address. Give it to them in person.",
    )

    def __init__(self, *args, member=None, **kwargs):
        self.member = member
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = staff_users()
        if member is not None:
            # Editing: sign-in details are not changed here.
            del self.fields["username"]
            del self.fields["password"]

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if " " in name:
            raise forms.ValidationError("Use one first name or nickname, with no surname.")
        return name

    def clean_username(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if username and "@" in username:
            raise forms.ValidationError("A username cannot contain @.")
        User = get_user_model()
        if username and User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is already used. Choose another.")
        return username

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip()
        User = get_user_model()
        existing = User.objects.filter(email__iexact=email) if email else User.objects.none()
        if self.member is not None:
            existing = existing.exclude(pk=self.member.user_id)
        if existing.exists():
            raise forms.ValidationError("That email address is already used.")
        return email

    def clean(self):
        data = super().clean()
        if self.member is None and not data.get("email"):
            if not data.get("username"):
                self.add_error("username", "Give a username, or an email address above.")
            if not data.get("password"):
                self.add_error("password", "Give a password, or an email address above.")
            elif data.get("username"):
                User = get_user_model()
                try:
                    validate_password(data["password"], User(username=data["username"]))
                except forms.ValidationError as error:
                    self.add_error("password", error)
        return data


class AssignPanelForm(Form):
    members = ModelMultipleChoiceField(
        label="Panel members",
        queryset=PanelMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    facilitator = StaffChoiceField(label="Facilitator", queryset=None)

    def __init__(self, *args, allowed_members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            allowed_members if allowed_members is not None else PanelMember.objects.active()
        )
        self.fields["facilitator"].queryset = staff_users()


class InterviewForm(Form):
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label="Start time", widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(
        label="Length in minutes", min_value=15, max_value=480, initial=60
    )
    venue = forms.CharField(label="Venue", required=False, max_length=300)
    video_link = forms.URLField(
        label="Video link", required=False, max_length=500, assume_scheme="https"
    )

    def clean(self):
        data = super().clean()
        if not data.get("venue") and not data.get("video_link") and not self.errors:
            self.add_error("venue", "Give a venue or a video link.")
        if data.get("date") and data.get("time"):
            starts_at = timezone.make_aware(datetime.combine(data["date"], data["time"]))
            if starts_at <= timezone.now():
                self.add_error("date", "Choose a date and time in the future.")
            data["starts_at"] = starts_at
        return data


# --- Awards and the celebration ----------------------------------------------------

STATUS_FILTERS = [("", "All")] + [(s.value, s.label) for s in AwardStatus]


class StaffAwardFilterForm(Form):
    q = forms.CharField(label="Organisation or certificate number", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_FILTERS)


class RevokeForm(Form):
    reason = forms.CharField(
        label="Reason for revoking",
        help_text="The organisation will see this reason in the email we send them.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Give a reason for revoking the award."},
    )
    confirm = forms.BooleanField(
        label="I understand that revoking cannot be undone and the public verification page "
        "will show the award as revoked.",
        error_messages={"required": "Tick the box to confirm you want to revoke this award."},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give a reason for revoking the award.")
        return reason


class CelebrationInviteForm(Form):
    event_date = forms.DateField(
        label="Date of the celebration",
        help_text="For example, 27 6 2027.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    event_time = forms.TimeField(label="Start time", widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label="Place", max_length=300)
    message = forms.CharField(
        label="Message to the organisations",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm = forms.BooleanField(
        label="Send the invitation to every organisation listed. Each organisation is invited "
        "only once a year.",
        error_messages={"required": "Tick the box to confirm you want to send the invitations."},
    )


class SendBackForm(Form):
    reason = forms.CharField(
        label="Why are you sending it back? The panel will read this.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
