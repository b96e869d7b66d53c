# The shared Playwright fixtures, for this folder's browser tests.
from tests.browser.conftest import browser, new_page  # noqa: F401
