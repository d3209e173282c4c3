"""Sign-in through a real OpenID Connect provider (oidc-provider-mock, started by the test),
the whole redirect flow in Chromium: `streamlit run app.py` with an ``[auth]`` table that
points ``st.login`` at the provider, and a user picked on the provider's authorisation form.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from data_access import audit
from data_access import engine as store_engine
from tests.support.browser import OVERVIEW_TILES, assert_no_exception, wait_for_app
from tests.support.roles import page_text, people, sidebar_text, sign_in, signed_in_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def store_url(app_store_copy) -> str:
    return app_store_copy("signin-db")


@pytest.fixture(scope="module")
def signed_app(alice_and_bob, store_url, tmp_path_factory):
    """The app with sign-in configured: its secrets file lives outside the repository."""
    with signed_in_app(alice_and_bob, store_url, tmp_path_factory.mktemp("signin-secrets")) as app:
        yield app


@pytest.fixture(scope="module")
def project_names(store_url) -> list[str]:
    eng = store_engine.create_engine(store_url)
    with eng.connect() as conn:
        names = pd.read_sql("SELECT name FROM projects", conn)["name"].tolist()
    eng.dispose()
    return names


@pytest.fixture
def new_page(browser):
    """Pages in fresh browser contexts (each its own cookies: a separate person)."""
    with people(browser) as person:
        yield person


def _sign_in_screen(page) -> None:
    page.locator("h1", has_text="Steerco").wait_for()
    wait_for_app(page)
    assert page.get_by_role("button", name="Sign in").is_visible()


def test_a_visitor_not_signed_in_sees_only_the_sign_in_screen(new_page, signed_app, project_names):
    page = new_page()
    page.goto(signed_app.url("/portfolio?programme=Digital"))  # a deep link changes nothing
    _sign_in_screen(page)
    assert_no_exception(page)
    text = page_text(page)
    assert "Page not found" not in text
    assert not [name for name in project_names if name in text]
    assert "PRJ-0" not in text
    # no page list, no filters, no store: the sidebar is not even drawn
    assert page.get_by_test_id("stSidebar").count() == 0
    assert page.get_by_role("link", name="Portfolio").count() == 0


def _sign_ins(store_url: str) -> list[str]:
    eng = store_engine.create_engine(store_url)
    with eng.connect() as conn:
        rows = audit.trail(conn, action=audit.SIGN_IN)
    eng.dispose()
    return rows["actor"].tolist()


def test_alice_signs_in_sees_the_overview_and_her_name_then_signs_out(
    new_page, signed_app, store_url
):
    page = new_page()
    before = _sign_ins(store_url).count("alice@example.org")
    sign_in(page, signed_app, "alice")
    # her sign-in is in the audit trail, once, under her email
    assert _sign_ins(store_url).count("alice@example.org") == before + 1
    sidebar = sidebar_text(page)
    assert "Signed in as Alice Martin" in sidebar
    assert "alice@example.org" in sidebar
    assert "Single-user mode" not in sidebar
    assert page.get_by_test_id("stMetric").count() == OVERVIEW_TILES

    # the Data page records her changes under her email, not a name typed in
    page.get_by_role("link", name="Data").click()
    page.locator("h1", has_text="Data").wait_for()
    wait_for_app(page)
    assert "Recorded in the import history as alice@example.org." in page_text(page)
    assert page.get_by_label("Your name (recorded in the import history)").count() == 0

    page.get_by_role("button", name="Sign out").click()
    # the provider ends its session too (OIDC RP-initiated logout), then sends her back
    page.wait_for_url(re.compile(r"/oauth2/end_session\?"))
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(re.compile(re.escape(signed_app.base_url) + r"/?$"))
    _sign_in_screen(page)
    page.reload()
    _sign_in_screen(page)
    assert "Alice" not in page_text(page)


def test_two_people_signed_in_at_once_each_see_their_own_name(new_page, signed_app):
    alice, bob = new_page(), new_page()
    sign_in(alice, signed_app, "alice")
    sign_in(bob, signed_app, "bob")
    assert "Signed in as Bob Peeters" in sidebar_text(bob)
    alice.reload()
    alice.locator("h1", has_text="Portfolio overview").wait_for()
    wait_for_app(alice)
    sidebar = sidebar_text(alice)
    assert "Signed in as Alice Martin" in sidebar
    assert "Bob" not in sidebar


def test_a_deep_link_opens_after_sign_in(new_page, signed_app, store_url):
    """The provider sends every sign-in back to the app's root; the page asked for opens, with
    its filters, and the sign-in is recorded once (not again for the reopened page)."""
    page = new_page()
    before = _sign_ins(store_url).count("bob@example.org")
    sign_in(page, signed_app, "bob", path="/portfolio?rag=R", title="Portfolio")
    assert page.url.endswith("/portfolio?rag=R")
    assert "Red" in page.get_by_test_id("stSidebar").inner_text()  # the filter came along
    assert _sign_ins(store_url).count("bob@example.org") == before + 1
