from django import forms

from kitemark.forms import Form

from .services.questions import TOPICS


class QuestionForm(Form):
    topic = forms.ChoiceField(
        label="What is your question about?",
        choices=[(key, topic.label) for key, topic in TOPICS.items()],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label="Your name", max_length=120)
    email = forms.EmailField(
        label="Your email address", max_length=254, help_text="So we can reply to you."
    )
    question = forms.CharField(
        label="Your question", max_length=3000, widget=forms.Textarea(attrs={"rows": 6})
    )
