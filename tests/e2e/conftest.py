"""Browser fixtures shared by the real-browser tests: one Chromium per test session, a fresh
context (cookies, storage) per test, at projector size."""

from __future__ import annotations

import pytest

from tests.support.browser import (
    STEP_TIMEOUT_MS,
    VIEWPORT,
    chromium_unavailable_reason,
    launch_chromium,
)

__all__ = ["STEP_TIMEOUT_MS", "VIEWPORT"]  # imported by the browser tests


@pytest.fixture(scope="session")
def browser():
    reason = chromium_unavailable_reason()
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, running_app):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture(scope="module")
def alice_and_bob():
    """A real OpenID Connect provider (per module) knowing Alice (PMO) and Bob (viewer)."""
    from tests.support.oidc_provider import OidcProvider
    from tests.support.roles import ALICE, BOB

    with OidcProvider() as running:
        running.set_user("alice", ALICE)
        running.set_user("bob", BOB)
        yield running
