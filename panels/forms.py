from django import forms

from kitemark.forms import Form
from organisations.models import Organisation

from .services import scoring


class ConflictForm(Form):
    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=Organisation.objects.none(), empty_label="Choose one"
    )
    reason = forms.CharField(
        label="Why?",
        max_length=300,
        help_text="For example: I go to this youth club.",
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            organisations if organisations is not None else Organisation.objects.all()
        )


class OrganisationSearchForm(Form):
    q = forms.CharField(label="Search for an organisation by name", required=False, max_length=100)


def conflict_forms(request):
    """(search, query, form): the organisation search and the conflict form, as a panel
    member declaring their own conflicts and staff recording one for them both show them.
    The page offers the first 50 organisations the search finds; a post may name any."""
    search = OrganisationSearchForm(request.GET or None)
    # What the search form accepted: the raw text may hold what no database column can
    # (PostgreSQL refuses a NUL in any text it is given).
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    organisations = Organisation.objects.order_by("name")
    if query:
        organisations = organisations.filter(name__icontains=query)
    form = ConflictForm(
        request.POST or None,
        organisations=Organisation.objects.all()
        if request.method == "POST"
        else organisations[:50],
    )
    return search, query, form


class NoteForm(Form):
    notes = forms.CharField(
        label="My notes", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    questions = forms.CharField(
        label="Questions to ask",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AgreedScoreForm(Form):
    value = forms.TypedChoiceField(
        label="Agreed score",
        coerce=int,
        choices=[(v, str(v)) for v in range(5)],
        widget=forms.RadioSelect,
    )
    feedback = forms.CharField(
        label="Feedback for the organisation, in the panel's words",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    needs_more_evidence = forms.BooleanField(label="Needs more evidence", required=False)
    reason = forms.CharField(
        label="Only if the agreed score is outside the young people's scores: the panel's reason",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class ConfirmForm(Form):
    """ "These are our scores": the fingerprint of the sheet shown, and (for a spoken
    confirmation the facilitator records) the young person's id."""

    sheet = forms.CharField(max_length=64, widget=forms.HiddenInput)
    member = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)


class AttendanceForm(Form):
    """The facilitator records one seated young person as here, or away with a reason."""

    member = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    present = forms.TypedChoiceField(
        label="Here?",
        coerce=lambda v: v == "yes",
        choices=[("yes", "Here"), ("no", "Not here")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="If not here, why?", required=False, max_length=300)


class ActionForm(Form):
    agreed_score = forms.TypedChoiceField(label="Which feedback is this about?", coerce=int)
    text = forms.CharField(
        label="What you did or are doing",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_score"].choices = [("", "Choose one")] + [
            (str(i.pk), f"{i.indicator.code} {i.indicator.title}") for i in items
        ]


SCORE_MESSAGE = "Choose a score from 0 to 4."
NOT_SCORED = "This indicator is not being scored."


class ClientTimeField(forms.Field):
    """When the member chose a score, by their device's clock (scoring.parse_client_time)."""

    def to_python(self, value):
        try:
            return scoring.parse_client_time(value)
        except ValueError:
            raise forms.ValidationError(
                "Your device's clock sent a time we cannot read.", code="invalid"
            ) from None


class ScoreForm(Form):
    """One score sent from the scoring page, as a JSON object or a plain form post: its
    shape. Whether the indicator is being scored and the score is 0 to 4 is the service's
    to say (scoring.save_score)."""

    # "out_of_range": past the database's integers (kitemark.inputs).
    indicator = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": "Choose an indicator.",
            "invalid": NOT_SCORED,
            "min_value": NOT_SCORED,
            "out_of_range": NOT_SCORED,
        },
    )
    value = forms.IntegerField(
        error_messages={
            "required": SCORE_MESSAGE,
            "invalid": SCORE_MESSAGE,
            "out_of_range": SCORE_MESSAGE,
        }
    )
    client_ts = ClientTimeField(required=False)
    comment = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"max_length": "Make your comment shorter: at most 1000 letters."},
    )

    def first_error(self):
        return next(message for errors in self.errors.values() for message in errors)
