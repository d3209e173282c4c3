"""Shared fixtures: sample data, SQLite and PostgreSQL stores, a running app for the browser."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from data_access import engine as store_engine
from data_access import sample_data, store
from steerco.charts import memo
from tests.support.pg_server import ThrowawayPostgres, postgres_unavailable_reason

ROOT = Path(__file__).resolve().parents[1]
# No background warm-up (steerco/ui/warm.py) in the app servers and adapters the tests start:
# a test that counts page-model builds must see only its own. tests/unit/ui/test_warm.py and
# the benchmarks turn it on where they measure it.
os.environ["STEERCO_WARM_UP"] = "off"
#: The fixed anchor of test data: expectations are computed against this date.
TEST_AS_OF = date(2026, 11, 16)


@pytest.fixture(autouse=True)
def _figures_built_afresh():
    """Every test starts with the figure memo off and empty: the app turns it on
    (``shell.configure``), and AppTest runs the app in the test process, so one page test
    would otherwise leave its figures, and the memo on, to the tests after it."""
    memo.enable(False)
    memo.clear()
    yield
    memo.enable(False)
    memo.clear()


@pytest.fixture(scope="session")
def as_of() -> date:
    return TEST_AS_OF


@pytest.fixture(scope="session")
def sample_frames():
    """The demo sample portfolio anchored at TEST_AS_OF (generated once per run)."""
    return sample_data.generate(scale="demo", as_of=TEST_AS_OF)


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory, sample_frames) -> str:
    """A SQLite file seeded with the sample portfolio, shared read-only by the tests."""
    path = tmp_path_factory.mktemp("sqlite") / "steerco.sqlite"
    url = f"sqlite:///{path}"
    engine = store_engine.create_engine(url)
    store.load_sample_frames(engine, sample_frames, TEST_AS_OF, source="test sample")
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def pg_server():
    reason = postgres_unavailable_reason()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    with ThrowawayPostgres() as server:
        yield server


@pytest.fixture(scope="session")
def postgres_url(pg_server, sample_frames) -> str:
    url = pg_server.create_database("steerco_sample")
    engine = store_engine.create_engine(url)
    store.load_sample_frames(engine, sample_frames, TEST_AS_OF, source="test sample")
    engine.dispose()
    return url


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def store_url(request) -> str:
    """The seeded sample store on each backend: integration tests run on both."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return request.getfixturevalue(fixture)


@pytest.fixture
def engine(store_url):
    eng = store_engine.create_engine(store_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def sqlite_engine(sqlite_url):
    """The seeded sample store on SQLite, shared read-only (unit tests of the views)."""
    eng = store_engine.create_engine(sqlite_url)
    yield eng
    eng.dispose()


@pytest.fixture
def conn(sqlite_engine):
    """A connection to the seeded SQLite sample, for ``views.<page>.build(conn, ...)``."""
    with sqlite_engine.connect() as connection:
        yield connection


@pytest.fixture(scope="session")
def settings():
    """The default settings (``steerco/default_config.toml``)."""
    from steerco.config import Settings

    return Settings()


@pytest.fixture(scope="session")
def filters():
    """No project filter, as of the test anchor date."""
    from data_access.filters import Filters

    return Filters(as_of=TEST_AS_OF)


#: Tickets kept in the small stores that write tests get: enough for every query, quick to
#: load fresh for each test on both backends.
SMALL_STORE_TICKETS = 300


@pytest.fixture(scope="session")
def small_frames(sample_frames):
    """The sample portfolio with fewer tickets, for tests that write to their own store."""
    frames = dict(sample_frames)
    frames["tickets"] = sample_frames["tickets"].head(SMALL_STORE_TICKETS)
    return frames


_fresh_databases = iter(range(1, 1_000_000))


@pytest.fixture(params=["sqlite", "postgres"])
def writable_url(request, tmp_path, small_frames) -> str:
    """A fresh store of its own per test, seeded with the small sample, on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'writable.sqlite'}"
    else:
        server = request.getfixturevalue("pg_server")
        url = server.create_database(f"writable_{next(_fresh_databases)}")
    eng = store_engine.create_engine(url)
    store.load_frames(eng, small_frames, source="test sample")
    eng.dispose()
    return url


@pytest.fixture
def writable_engine(writable_url):
    eng = store_engine.create_engine(writable_url)
    yield eng
    eng.dispose()


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free port of 127.0.0.1, keeping what it receives
    (``tests/support/smtp.py``)."""
    from tests.support.smtp import LocalSmtp

    with LocalSmtp() as server:
        yield server


@pytest.fixture
def empty_sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'empty.sqlite'}"


@pytest.fixture(scope="session")
def app_db_path(tmp_path_factory) -> Path:
    """A store seeded relative to today, as the app's first start would make it."""
    path = tmp_path_factory.mktemp("appdb") / "steerco.sqlite"
    eng = store_engine.create_engine(f"sqlite:///{path}")
    store.load_sample(eng, source="test app")
    eng.dispose()
    return path


@pytest.fixture
def app_env(app_db_path, tmp_path, monkeypatch) -> str:
    """Point the app (AppTest, same process) at a private copy of the seeded store."""
    copy = tmp_path / "app.sqlite"
    shutil.copy(app_db_path, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv(store_engine.DB_URL_ENV, url)
    monkeypatch.chdir(ROOT)
    return url


@pytest.fixture
def adapter_url(app_db_path, tmp_path, monkeypatch) -> str:
    """The app's cached adapter (``steerco.ui.data``, in plain Python) pointed at a private
    copy of the seeded store, Streamlit's caches empty before and after, English again after."""
    import streamlit as st

    from steerco.i18n import set_language

    copy = tmp_path / "adapter.sqlite"
    shutil.copy(app_db_path, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv(store_engine.DB_URL_ENV, url)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield url
    set_language("en")
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app_config(tmp_path, monkeypatch):
    """Give the app (AppTest, same process) a steerco.toml of its own:
    ``app_config('currency = "CAD"')``. Settings are cached per process: the cache is cleared
    when the file is set and again after the test."""
    import streamlit as st

    def use(text: str) -> None:
        path = tmp_path / "steerco.toml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("STEERCO_CONFIG", str(path))
        st.cache_resource.clear()

    yield use
    st.cache_resource.clear()


@pytest.fixture(scope="session")
def app_store_copy(app_db_path, tmp_path_factory):
    """Make a private copy of the seeded app store (for a server or module that writes to
    it): ``app_store_copy("name")`` returns the copy's URL."""

    def copy(name: str) -> str:
        path = tmp_path_factory.mktemp(name) / "steerco.sqlite"
        shutil.copy(app_db_path, path)
        return f"sqlite:///{path}"

    return copy


@pytest.fixture(scope="session")
def running_app(app_store_copy):
    """`streamlit run app.py` on a copy of the seeded store, for the browser tests."""
    from tests.support.app_server import StreamlitServer

    env = {store_engine.DB_URL_ENV: app_store_copy("e2edb")}
    with StreamlitServer(cwd=ROOT, env=env) as server:
        yield server


def pytest_report_header(config) -> list[str]:
    return [f"steerco test anchor date: {TEST_AS_OF}", f"cwd: {os.getcwd()}"]
