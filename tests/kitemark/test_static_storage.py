"""kitemark.storage.StaticFilesStorage: whitenoise's storage, each URL worked out once."""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from django.test import override_settings
from whitenoise.storage import CompressedStaticFilesStorage

from kitemark.storage import StaticFilesStorage

NAMES = ["vendor/bootstrap/bootstrap.min.css", "css/kitemark.css", "a file/with space.js"]


def test_the_storage_in_use_is_this_one_and_compresses_as_whitenoise_does():
    assert isinstance(staticfiles_storage, StaticFilesStorage)
    assert issubclass(StaticFilesStorage, CompressedStaticFilesStorage)


def test_each_url_is_the_one_whitenoise_gives_and_is_made_once(monkeypatch):
    ours, theirs = StaticFilesStorage(), CompressedStaticFilesStorage()
    assert [ours.url(name) for name in NAMES] == [theirs.url(name) for name in NAMES]
    made = []
    original = CompressedStaticFilesStorage.url
    monkeypatch.setattr(
        CompressedStaticFilesStorage,
        "url",
        lambda self, name: made.append(name) or original(self, name),
    )
    fresh = StaticFilesStorage()
    for _ in range(3):
        assert fresh.url(NAMES[0]) == "/static/vendor/bootstrap/bootstrap.min.css"
    assert made == [NAMES[0]]


def test_a_new_static_url_gives_new_urls():
    assert static(NAMES[1]) == "/static/css/kitemark.css"
    with override_settings(STATIC_URL="/assets/"):
        assert static(NAMES[1]) == "/assets/css/kitemark.css"
    assert static(NAMES[1]) == "/static/css/kitemark.css"
