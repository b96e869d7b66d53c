""" "Ask a question" shows the scheme's real contacts and sends the question, through
the outbox, to the inbox that answers it (Kitemark or training), limited per address
and per client IP like the other public forms that send email."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.ratelimits import ADDRESS_RATE
from jobs.models import Job
from tests.scheme.helpers import COUNCIL, save_scheme

pytestmark = pytest.mark.django_db

URL = "/contact/"


def _ask(client, topic="kitemark", email="asker@example.org", ip="10.9.0.1", **extra):
    data = {
        "topic": topic,
        "name": "Alex Asker",
        "email": email,
        "question": "Can a sports club apply?",
        **extra,
    }
    return client.post(URL, data, REMOTE_ADDR=ip)


def test_the_page_shows_the_real_contact_details(client):
    save_scheme()
    html = client.get(URL).content.decode()
    main = html.split("<main")[1].split("</main>")[0]
    for value in ("kitemark_email", "kitemark_phone", "training_email", "council_name"):
        assert COUNCIL[value] in main, value
    assert "Riverside Town Hall" in main


@pytest.mark.parametrize(
    ("topic", "inbox"),
    [("kitemark", COUNCIL["kitemark_email"]), ("training", COUNCIL["training_email"])],
)
def test_a_question_reaches_the_right_inbox_through_the_outbox(client, run_jobs, topic, inbox):
    save_scheme()
    with run_jobs(execute=True):
        response = _ask(client, topic=topic)
    assert response.status_code == 302
    assert response["Location"] == reverse("enquiries:sent")
    job = Job.objects.get(kind="email")
    assert job.status == Job.Status.DONE
    [message] = mail.outbox
    assert message.to == [inbox]
    assert message.reply_to == ["asker@example.org"]
    assert "Alex Asker asked a question" in message.body
    assert "Can a sports club apply?" in message.body


def test_without_a_training_address_training_questions_go_to_the_kitemark_inbox(client, run_jobs):
    save_scheme(training_email="")
    with run_jobs(execute=True):
        _ask(client, topic="training")
    assert mail.outbox[0].to == [COUNCIL["kitemark_email"]]


def test_a_question_with_a_mistake_is_not_sent_and_keeps_what_was_typed(client):
    response = _ask(client, email="not an email")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["email"].errors
    assert form["question"].value() == "Can a sports club apply?"
    assert not Job.objects.exists()


def test_a_question_with_an_unknown_topic_is_refused(client):
    response = _ask(client, topic="everything")
    assert response.context["form"]["topic"].errors
    assert not Job.objects.exists()


def test_questions_are_rate_limited_per_address(client, settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    limit = int(ADDRESS_RATE.split("/")[0])
    for number in range(limit):
        assert _ask(client, ip=f"10.9.1.{number}").status_code == 302
    refused = _ask(client, ip="10.9.2.1", email="ASKER@example.org ")
    assert refused.status_code == 429
    assert Job.objects.filter(kind="email").count() == limit
