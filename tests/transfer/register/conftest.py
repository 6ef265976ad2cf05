"""The browser fixtures of tests/browser, for this folder's browser test."""

from tests.browser.conftest import browser, page

__all__ = ["browser", "page"]
