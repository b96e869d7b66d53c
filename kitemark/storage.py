"""Static files: whitenoise's compressing storage, with each file's URL worked out once."""

from whitenoise.storage import CompressedStaticFilesStorage


class StaticFilesStorage(CompressedStaticFilesStorage):
    """A static file's URL depends only on its name and STATIC_URL, and a change of
    STATIC_URL builds a new storage (django.test.signals resets it; a deploy restarts the
    process), so each name's URL is kept once made: every page's layout asks for several,
    and urljoin() and quoting make each {% static %} cost about as much as a reverse()."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name):
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url
