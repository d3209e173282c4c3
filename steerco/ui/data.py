"""Cached access to the store for the pages, and the one place that turns failures into
messages a user can act on (never a traceback).

The engine is created once per process (``st.cache_resource``); page data is cached per
store URL, data version and filters (``st.cache_data``), so an import invalidates it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from typing import TypeVar

import streamlit as st
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from data_access import engine as store_engine
from data_access import queries, store
from data_access.queries import Filters
from steerco import pagedata
from steerco.config import Settings, load_settings
from steerco.i18n import set_language, t

#: Page data is recomputed at least this often even without a new import (seconds), so a
#: database changed by another tool shows up without restarting the app.
PAGE_DATA_TTL_S = 300

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    engine = store_engine.create_engine(url)
    store_engine.check_connection(engine)
    store.ensure_store(engine)
    return engine


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    loaded = load_settings()
    set_language(loaded.language)
    return loaded


def _fail(message: str) -> None:
    st.error(message, icon=":material/error:")
    st.caption(
        t(
            "Check the database URL (environment variable {env} or .streamlit/secrets.toml) "
            "and that the server is running, then reload the page.",
            env=store_engine.DB_URL_ENV,
        )
    )
    st.stop()


@contextmanager
def user_errors():
    """Show store and configuration failures as messages and stop the page."""
    try:
        yield
    except store_engine.StoreUnavailable as exc:
        _fail(str(exc))
    except store.SchemaVersionError as exc:
        _fail(str(exc))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        _fail(t("The database could not answer: {reason}", reason=reason))
    except ValueError as exc:  # configuration file errors
        _fail(t("Configuration problem: {reason}", reason=exc))


def engine() -> Engine:
    """The store's engine; on failure the page shows why and stops."""
    with user_errors():
        return _engine_for(store_engine.resolve_url())
    raise AssertionError("unreachable")  # st.stop() raised inside user_errors


def _version(eng: Engine) -> int:
    with user_errors():
        return queries.data_version(eng)
    raise AssertionError("unreachable")


def _cached(fn: Callable[..., T]) -> Callable[..., T]:
    return st.cache_data(ttl=PAGE_DATA_TTL_S, show_spinner=False, max_entries=64)(fn)


@_cached
def _filter_options(_engine: Engine, url: str, version: int) -> dict[str, list[str]]:
    with _engine.connect() as conn:
        return queries.filter_options(conn)


@_cached
def _overview(_engine: Engine, url: str, version: int, filters: Filters) -> pagedata.Overview:
    with _engine.connect() as conn:
        return pagedata.overview(conn, filters, settings())


@_cached
def _portfolio(_engine: Engine, url: str, version: int, filters: Filters):
    with _engine.connect() as conn:
        return pagedata.portfolio_frame(conn, filters, settings())


@_cached
def _project(_engine: Engine, url: str, version: int, project_id: str, filters: Filters):
    with _engine.connect() as conn:
        return pagedata.project_detail(conn, project_id, filters, settings())


@_cached
def _project_choices(_engine: Engine, url: str, version: int):
    with _engine.connect() as conn:
        return pagedata.project_choices(conn)


@_cached
def _freshness(_engine: Engine, url: str, version: int) -> dict:
    with _engine.connect() as conn:
        return queries.freshness(conn)


def _call(fn: Callable[..., T], *args) -> T:
    eng = engine()
    url = eng.url.render_as_string(hide_password=True)
    with user_errors():
        return fn(eng, url, _version(eng), *args)
    raise AssertionError("unreachable")


#: For the pages' own cached data functions (``steerco/ui/<area>.py``): decorate a function
#: ``f(_engine, url, version, *args)`` with ``cached`` and call it through ``call(f, *args)``;
#: the store URL and data version are then part of the cache key, so an import invalidates it.
cached = _cached
call = _call


def filter_options() -> dict[str, list[str]]:
    return _call(_filter_options)


def overview(filters: Filters) -> pagedata.Overview:
    return _call(_overview, filters)


def portfolio(filters: Filters):
    return _call(_portfolio, filters)


def project(project_id: str, filters: Filters) -> pagedata.ProjectDetail | None:
    return _call(_project, project_id, filters)


def project_choices():
    return _call(_project_choices)


def freshness() -> dict:
    return _call(_freshness)


def source_label() -> str:
    return store_engine.describe_url(store_engine.resolve_url())
