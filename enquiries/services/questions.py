"""A question from the public, sent to the inbox that answers it."""

from dataclasses import dataclass

from django.db import transaction

from jobs.services import send_email
from scheme.selectors import current_scheme


@dataclass(frozen=True)
class Topic:
    label: str
    inbox_attribute: str  # the SchemeSettings property holding the address


TOPICS = {
    "kitemark": Topic("The Kitemark: applying, the panel or an award", "kitemark_inbox"),
    "training": Topic("Training: Working with Teenagers sessions", "training_inbox"),
}


def inbox_for(topic):
    return getattr(current_scheme(), TOPICS[topic].inbox_attribute)


@transaction.atomic
def ask(*, topic, name, email, question):
    """Queue the question to the topic's inbox, with Reply-To the asker, so the team
    answers from their own mail program. Returns the job."""
    return send_email(
        to=[inbox_for(topic)],
        subject=f"Question from the website: {TOPICS[topic].label}",
        template="enquiries_question",
        context={"topic": TOPICS[topic], "name": name, "email": email, "question": question},
        reply_to=[email],
    )
