from django import forms

from assessments.models import Element
from kitemark.forms import Form
from kitemark.inputs import ModelMultipleChoiceField

from .models import Verdict


class ElementForm(Form):
    """What the organisation says for one Lundy element (prefix: the element)."""

    done = forms.CharField(
        label="What have you done with young people since your award or last check-in?",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    actions_progress = forms.CharField(
        label="Progress on the actions you recorded after the panel's feedback",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class YouSaidForm(Form):
    element = forms.ChoiceField(
        choices=[("", "Choose an element"), *Element.choices], required=False
    )
    you_said = forms.CharField(
        label="Young people said",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    we_did = forms.CharField(
        label="We did (or why not)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        said, did = data.get("you_said", "").strip(), data.get("we_did", "").strip()
        if (said or did) and not data.get("element"):
            self.add_error("element", "Choose the element this item belongs to.")
        if said and not did:
            self.add_error("we_did", "Say what you did, or why not.")
        if did and not said:
            self.add_error("you_said", "Say what young people asked for.")
        return data


class CheckInForm(Form):
    lead_contact_change = forms.CharField(
        label="Change of lead contact",
        help_text="Leave empty if your lead contact has not changed.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = ModelMultipleChoiceField(
        label="Evidence from your library",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, evidence, **kwargs):
        super().__init__(*args, **kwargs)
        if evidence.exists():
            self.fields["evidence"].queryset = evidence
        else:  # an empty library: nothing to choose
            del self.fields["evidence"]


class ReviewForm(Form):
    verdict = forms.ChoiceField(
        label="What do you think?",
        choices=Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Pick one answer."},
    )
    comment = forms.CharField(
        label="Your comments (the organisation sees them, but not your name)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    questions = forms.CharField(
        label="Your questions (if you have some)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("verdict") == Verdict.QUESTIONS and not data.get("questions", "").strip():
            self.add_error("questions", "Write your questions.")
        return data


class AnswerForm(Form):
    answer = forms.CharField(
        label="Your answer", max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AddReviewerForm(Form):
    member = forms.TypedChoiceField(label="Young person", coerce=int)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {m.pk: m for m in members}
        self.fields["member"].choices = [(pk, str(m)) for pk, m in self.members.items()]


class CloseWorryForm(Form):
    note = forms.CharField(
        label="What did you do about the worry?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
