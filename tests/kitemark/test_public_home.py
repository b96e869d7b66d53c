import pytest


@pytest.mark.django_db
def test_home_page_explains_the_scheme_and_links_to_start_and_the_register(client):
    page = client.get("/").content.decode()
    for words in ("Bronze", "Silver", "Gold", "Space", "Voice", "Audience", "Influence", "48"):
        assert words in page
    assert 'href="/accounts/signup/"' in page
    assert 'href="/register/"' in page
    assert 'href="/accessibility/"' in page
