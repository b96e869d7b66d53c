"""Two sign-ups for the same new address at the same moment: neither is a server error.

Both may find no account for the address, and then both insert one; the database's
unique index lets the first in and refuses the second. The second is answered as a
sign-up for an address that has an account: the usual "check your email" page, and an
email to the address's owner.
"""

import threading

import pytest
from django.db import connections
from django.test import Client

from accounts.forms import SignUpForm
from accounts.models import User
from jobs.models import Job
from tests.accounts.factories import UserFactory

SIGNUP = "/accounts/signup/"
PASSPHRASE = "a-long-unusual-passphrase"

pytestmark = pytest.mark.django_db(transaction=True)


def _form(email, full_name="Jo Bloggs"):
    return {
        "full_name": full_name,
        "email": email,
        "password1": PASSPHRASE,
        "password2": PASSPHRASE,
    }


def _told_they_have_an_account(email):
    return Job.objects.filter(
        kind="email", payload__to=[email], payload__subject="You already have a Kitemark account"
    ).exists()


@pytest.mark.postgres_only  # SQLite's IMMEDIATE transactions run the two one after the other
def test_a_sign_up_whose_address_is_taken_while_it_runs_gets_the_usual_page(monkeypatch):
    """The other sign-up commits between this one's check for an account and its insert."""
    save = SignUpForm.save

    def other_sign_up_commits_first(form, *args, **kwargs):
        def other():
            try:
                UserFactory(email=form.cleaned_data["email"].upper(), full_name="Other Person")
            finally:
                connections.close_all()

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(timeout=30)
        return save(form, *args, **kwargs)

    monkeypatch.setattr(SignUpForm, "save", other_sign_up_commits_first)
    response = Client(raise_request_exception=False).post(SIGNUP, _form("new@example.org"))

    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    owner = User.objects.get(email__iexact="new@example.org")
    assert owner.full_name == "Other Person"
    assert _told_they_have_an_account(owner.email)


def test_sign_ups_for_one_new_address_at_the_same_moment():
    clients = [Client(raise_request_exception=False) for _ in range(4)]
    connections.close_all()
    barrier = threading.Barrier(len(clients))
    statuses, errors = [], []

    def sign_up(client, n):
        try:
            barrier.wait(timeout=30)
            response = client.post(SIGNUP, _form("same@example.org", full_name=f"Person {n}"))
            statuses.append(response.status_code)
            if response.status_code >= 500:
                errors.append(repr(response.exc_info[1] if response.exc_info else None))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=sign_up, args=(client, n)) for n, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert statuses == [200] * len(clients)
    assert User.objects.filter(email__iexact="same@example.org").count() == 1
    assert _told_they_have_an_account("same@example.org")
