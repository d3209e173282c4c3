"""Each user's language in Chromium: a browser set to Belgian French opens Steerco in French,
a Dutch user switches to Dutch on the same server at the same time, and each keeps theirs
(menu, sidebar and page) after the other's changes; a shared link carries the language."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import STEP_TIMEOUT_MS, VIEWPORT
from tests.support.browser import Shots, assert_no_exception, wait_for_app

pytestmark = pytest.mark.browser


def _session(browser, locale: str):
    context = browser.new_context(viewport=VIEWPORT, locale=locale)
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    return context, page


def test_two_users_on_one_server_each_keep_their_language(browser, running_app):
    french_context, french = _session(browser, "fr-BE")
    dutch_context, dutch = _session(browser, "en-GB")
    try:
        french.goto(running_app.url("/"))
        wait_for_app(french)
        french.get_by_role("heading", name="Vue d'ensemble du portefeuille").wait_for()
        dutch.goto(running_app.url("/"))
        wait_for_app(dutch)
        dutch.get_by_role("heading", name="Portfolio overview").wait_for()
        dutch.get_by_test_id("stSidebar").get_by_text("Nederlands", exact=True).click()
        dutch.get_by_role("heading", name="Portfolio-overzicht").wait_for()
        dutch.wait_for_function("() => new URLSearchParams(location.search).get('lang') === 'nl'")
        wait_for_app(dutch)
        Shots(dutch, "language")("dutch", sizes=((1280, 720),))

        french.get_by_test_id("stSidebarNav").get_by_role("link", name="Finances").click()
        french.get_by_role("heading", name="Finance").first.wait_for()
        wait_for_app(french)
        assert french.get_by_test_id("stSidebar").get_by_text("Filtres", exact=True).count() == 1
        dutch.reload()
        wait_for_app(dutch)
        dutch.get_by_role("heading", name="Portfolio-overzicht").wait_for()
        assert dutch.get_by_test_id("stSidebarNav").get_by_role("link", name="Gegevens").count()
        assert_no_exception(french)
        assert_no_exception(dutch)
    finally:
        french_context.close()
        dutch_context.close()
