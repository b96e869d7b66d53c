"""The yearly check-in in Chromium, each step by the person who does it: the organisation
sends its check-in, a young reviewer asks a question, the organisation answers, the
reviewer sees the answer under "What happened next", and staff see the check-in closed."""

import pytest
from playwright.sync_api import expect

from checkins.models import CheckIn
from checkins.services import reviews
from tests.checkins.factories import review_of, scored_award

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_check_in_question_answer_and_closed(new_page, live_server, staff_user):
    base = live_server.url
    award, writer, (aisha, ben) = scored_award(reviewers=2)
    aisha.display_name = "Aisha"
    aisha.save()

    # 1. The organisation writes and sends its first check-in.
    org = new_page(writer)
    org.goto(f"{base}/organisations/")
    org.get_by_role("link", name="Your yearly check-ins").click()
    org.get_by_role("link", name="Write check-in 1").click()
    for element in ("space", "voice", "audience", "influence"):
        org.locator(f"#id_{element}-done").fill(f"Young people shaped our {element} work.")
    org.locator("#id_said0-element").select_option("voice")
    org.locator("#id_said0-you_said").fill("Sessions after school")
    org.locator("#id_said0-we_did").fill("We moved them to 5pm")
    org.get_by_role("button", name="Send to the young people").click()
    expect(org.get_by_text("Check-in sent. Young people will review it.")).to_be_visible()
    expect(org.locator("#checkin-state")).to_have_text("Waiting for review")
    checkin = CheckIn.objects.get(award=award)

    # 2. Aisha, on a tablet, asks a question; Ben says it is on track.
    young = new_page(aisha.user, width=768, height=1024)
    young.goto(f"{base}/panel/check-ins/")
    young.get_by_role("link", name="Read it").click()
    expect(young.locator("main")).to_contain_text("We moved them to 5pm")
    young.get_by_label("We have questions").check()
    young.get_by_label("Your questions (if you have some)").fill("Who picked 5pm?")
    young.get_by_role("button", name="Send").click()
    expect(young.get_by_text("Thank you. We sent your review.")).to_be_visible()
    reviews.give(review_of(checkin, ben), verdict="on_track", comment="", questions="", member=ben)

    # 3. The organisation reads the question (no names) and answers it.
    org.goto(f"{base}/organisations/check-ins/{checkin.pk}/")
    expect(org.locator("main")).to_contain_text("Who picked 5pm?")
    expect(org.locator("main")).not_to_contain_text("Aisha")
    org.get_by_label("Your answer").fill("The youth forum voted for it.")
    org.get_by_role("button", name="Send your answer").click()
    expect(org.get_by_text("Answer sent. The young person will see it.")).to_be_visible()
    expect(org.locator("#checkin-state")).to_have_text("Closed")

    # 4. Aisha sees it under "What happened next".
    young.goto(f"{base}/panel/")
    expect(young.locator("#notices")).to_contain_text(
        "answered your questions: The youth forum voted for it."
    )

    # 5. Staff see the check-in closed, and nothing about it left in the pipeline.
    staff = new_page(staff_user)
    staff.goto(f"{base}/staff/check-ins/{checkin.pk}/")
    expect(staff.locator("#checkin-state")).to_have_text("Closed")
    staff.goto(f"{base}/staff/")
    expect(staff.locator("#section-checkins")).not_to_contain_text(award.organisation.name)
