"""AppTest: without sign-in configured (single-user mode) every page says, discreetly in the
sidebar, that anyone who can reach the app can change its data and how to require sign-in."""

from __future__ import annotations

import pytest
from streamlit import config

from tests.support import apptest

NOTICE = "Single-user mode: anyone who can reach this app can change its data."


def _sidebar_captions(at) -> str:
    return " ".join(c.value for c in at.sidebar.caption)


@pytest.mark.parametrize("page", [None, "pages/portfolio.py", "pages/data.py"])
def test_every_page_says_it_runs_in_single_user_mode(app_env, page):
    at = apptest.open_page(page)
    apptest.no_error(at)
    captions = _sidebar_captions(at)
    assert NOTICE in captions
    assert "`[auth]` in `.streamlit/secrets.toml`" in captions
    assert not at.sidebar.warning, "on 127.0.0.1 the notice is a caption, not a warning"
    assert not [b for b in at.sidebar.button if b.label == "Sign out"]


def test_on_a_network_address_the_notice_is_a_warning(app_env):
    at = apptest.open_page(None)
    configured = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at.run()
    finally:
        config.set_option("server.address", configured)
    apptest.no_error(at)
    [warning] = [w.value for w in at.sidebar.warning]
    assert warning.startswith("Single-user mode on a network address (0")
    assert "anyone who can reach this app can change its data" in warning
    assert NOTICE not in _sidebar_captions(at)
