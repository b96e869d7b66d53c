"""What every form of the project shares."""

from django import forms

from .inputs import bound_field
from .validators import validate_single_line

# Text typed on several lines, or never shown or sent anywhere (a password), may hold
# line breaks; every other text field is single-line.
MULTI_LINE_WIDGETS = (forms.Textarea, forms.PasswordInput)


def is_single_line(field):
    return isinstance(field, forms.CharField) and not isinstance(field.widget, MULTI_LINE_WIDGETS)


class FieldChecksMixin:
    """Refuses control characters and line breaks in each single-line text field of the
    form (see kitemark.validators), and numbers and dates outside what the database and
    the calendar hold (see kitemark.inputs), with the message next to the field. Every
    form class in the project mixes this in, so a field added later is covered too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if is_single_line(field) and validate_single_line not in field.validators:
                field.validators.append(validate_single_line)
            bound_field(field)


class Form(FieldChecksMixin, forms.Form):
    pass


class ModelForm(FieldChecksMixin, forms.ModelForm):
    pass
