from django import forms

from kitemark.forms import Form


class AddTimeForm(Form):
    hours = forms.DecimalField(
        label="Hours", min_value=0.25, max_value=100, decimal_places=2, max_digits=5
    )
    what = forms.CharField(
        label="What they did", max_length=120, help_text="For example, a training session."
    )
    on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
