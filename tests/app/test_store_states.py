"""The app on stores in unusual states: a URL with a password in it (never shown), an empty
configured store (not filled with the sample; the pages say how to load data), a read-only
store (every page reads; nothing says "attempt to write a readonly database")."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_access import engine as store_engine
from data_access import store
from tests.support import apptest

SECRET = "S3cretQ-9"
EMPTY_NOTICE = "The store has no projects yet."


def _app() -> AppTest:
    return AppTest.from_file(apptest.APP, default_timeout=apptest.TIMEOUT_S)


def _everything_shown(at: AppTest) -> str:
    """Every element the run drew, sidebar included, as text."""
    return "\n".join(str(getattr(node, "proto", "")) for node in apptest._walk(at._tree))


def _store_caption(at: AppTest) -> str:
    (caption,) = [c.value for c in at.sidebar.caption if "Store: " in c.value]
    return caption


@pytest.mark.parametrize("secret_part", [f"?password={SECRET}", f"?sslpassword={SECRET}"])
def test_the_sidebar_names_the_store_without_its_password(app_env, monkeypatch, secret_part):
    monkeypatch.delenv(store_engine.STORE_LABEL_ENV, raising=False)
    monkeypatch.setenv(store_engine.DB_URL_ENV, app_env + secret_part)
    at = _app().run()
    apptest.no_error(at)
    assert _store_caption(at).endswith("Store: app.sqlite (sqlite)")
    assert SECRET not in _everything_shown(at)


def test_the_sidebar_shows_the_configured_label(app_env, monkeypatch):
    monkeypatch.setenv(store_engine.DB_URL_ENV, f"{app_env}?password={SECRET}")
    monkeypatch.setenv(store_engine.STORE_LABEL_ENV, "PMO database")
    at = _app().run()
    apptest.no_error(at)
    assert _store_caption(at).endswith("Store: PMO database")
    assert "app.sqlite" not in _everything_shown(at)


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql+psycopg://steerco:{SECRET}@127.0.0.1:9/none",
        f"postgresql+psycopg://steerco@127.0.0.1:9/none?password={SECRET}",
        f"postgresql+psycopg://steerco@127.0.0.1:abc/none?password={SECRET}",
    ],
)
def test_a_store_error_never_shows_the_password(monkeypatch, url):
    monkeypatch.setenv(store_engine.DB_URL_ENV, url)
    at = _app().run()
    assert not at.exception
    assert at.error  # the page says what is wrong…
    assert SECRET not in _everything_shown(at)  # …and nothing of the credential


def test_an_empty_configured_store_says_how_to_load_data(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'pmo.sqlite'}"
    monkeypatch.setenv(store_engine.DB_URL_ENV, url)
    at = _app().run()
    apptest.no_error(at)
    (notice,) = [i.value for i in at.info if EMPTY_NOTICE in i.value]
    assert "Data page" in notice and "steerco import" in notice
    assert "steerco init --sample" in notice
    at.switch_page("pages/data.py").run()  # the page to load data from still works
    apptest.no_error(at)
    assert any(EMPTY_NOTICE in i.value for i in at.info)
    engine = store_engine.create_engine(url)
    assert store.is_empty(engine)  # not filled with the sample behind the user's back
    engine.dispose()


def test_a_store_with_projects_shows_no_empty_notice(app_env):
    at = _app().run()
    apptest.no_error(at)
    assert not any(EMPTY_NOTICE in i.value for i in at.info)


@pytest.mark.parametrize("page", ["pages/portfolio.py", "pages/data.py"])
def test_a_read_only_store_shows_its_pages(app_env, monkeypatch, page):
    """SQLite's read-only open stands for a file Steerco may not write (tests run as root,
    which ignores file permissions)."""
    path = app_env.removeprefix("sqlite:///")
    monkeypatch.setenv(store_engine.DB_URL_ENV, f"sqlite:///file:{path}?mode=ro&uri=true")
    at = _app().run()
    apptest.no_error(at)
    assert at.title[0].value == "Portfolio overview"
    at.switch_page(page).run()
    apptest.no_error(at)
    assert "readonly" not in _everything_shown(at)
