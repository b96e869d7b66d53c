"""The console's forms: returning an application for more information, and a cycle."""

from django import forms

from assessments.models import Cycle
from kitemark.forms import Form, ModelForm


class ReturnForm(Form):
    message = forms.CharField(
        label="What information does the organisation need to add?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="This message is emailed to everyone in the organisation.",
        error_messages={"required": "Write a message saying what information is needed."},
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
