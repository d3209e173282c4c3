"""The pages' one way to the store: the engine, the settings, the one cached adapter
``page(build, *args)``, and the one place that turns failures into messages a user can act on
(never a traceback).

The engine is created once per process (``st.cache_resource``). Page data is cached once, in
:func:`page`, per store URL, data version, builder, arguments, settings and language. The data
version is read from the database on every rerun and moves with every write committed to the
store (an import, a rollback, a decision, a role: ``engine.write_transaction``), through this
server, another one or the command line: every server shows a write at its next rerun. No
other module of ``steerco/ui`` holds a cache of its own.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from functools import cache
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from data_access import access, queries, store, writes
from data_access import engine as store_engine
from data_access.filters import Filters
from steerco.config import Settings, load_settings
from steerco.i18n import language, speaking, t
from steerco.ui import warm
from steerco.ui.text import literal

#: Page data is recomputed at least this often even without a new import (seconds), so a
#: database changed by another tool shows up without restarting the app.
PAGE_DATA_TTL_S = 300
#: Page models kept in the one cache (all pages, filters and users together).
PAGE_CACHE_ENTRIES = 512
#: Where the session keeps its user's identity (set by ``steerco.ui.auth``).
IDENTITY_KEY = "_steerco_identity"

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    engine = store_engine.create_engine(url)
    store_engine.check_connection(engine)
    store.ensure_store(engine)
    return engine


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    """The settings, read once per process. (The language is each user's: ``ui.language``.)"""
    return load_settings()


def _fail(message: str) -> None:
    st.error(literal(message), icon=":material/error:")
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
    """Show store and configuration failures as messages and stop the page. No credential
    is ever shown: driver errors can quote the connection string, so they are scrubbed."""
    try:
        yield
    except access.AccessRefused as exc:  # the service layer refused: it says who and why
        st.error(literal(exc), icon=":material/lock:")
        st.stop()
    except store_engine.WriteRefused as exc:  # reading still works: no advice on the URL
        st.error(literal(exc), icon=":material/block:")
        st.stop()
    except store_engine.StoreUnavailable as exc:
        _fail(store_engine.scrub(str(exc), store_engine.resolve_url()))
    except store.SchemaVersionError as exc:  # newer, or older and not upgraded: it says what to do
        st.error(literal(exc), icon=":material/error:")
        st.stop()
    except SQLAlchemyError as exc:
        reason = store_engine.first_line(exc, store_engine.resolve_url())
        _fail(t("The database could not answer: {reason}", reason=reason))
    except writes.FormRefused:  # a form's problems by field: the form shows them
        raise
    except ValueError as exc:  # configuration file errors
        reason = store_engine.scrub(str(exc), store_engine.resolve_url())
        _fail(t("Configuration problem: {reason}", reason=reason))


def engine() -> Engine:
    """The store's engine; on failure the page shows why and stops."""
    with user_errors():
        return _engine_for(store_engine.resolve_url())
    raise AssertionError("unreachable")  # st.stop() raised inside user_errors


def _version(eng: Engine) -> int:
    with user_errors():
        return queries.data_version(eng)
    raise AssertionError("unreachable")


@st.cache_data(ttl=PAGE_DATA_TTL_S, show_spinner=False, max_entries=PAGE_CACHE_ENTRIES)
def _built(
    _engine: Engine,
    _build: Callable[..., T],
    url: str,
    version: int,
    build_name: str,
    language: str,
    scope: tuple[tuple[str, ...], tuple[str, ...]],
    args: tuple,
    kwargs: dict,
) -> T:
    """The one cache of page data. ``_build`` itself is not hashed: its dotted name is the key,
    beside the store URL, the data version, the language, the user's scope and every argument
    (settings included), so a change of any of them gives fresh data, and one user's scoped
    view is never served to another."""
    with _engine.connect() as conn:
        return _build(conn, *args, **kwargs)


#: Sessions asking for the same page model at the same time wait for one computation.
_FLIGHTS = warm.SingleFlight()
#: The page models this server's users asked for, rebuilt after every write (``warm``).
_HOT = warm.HotSet()


def _cached(eng: Engine, url: str, version: int, call: warm.Call) -> Any:
    """The page model of ``call`` for ``version``: from the cache, or built once however many
    sessions (and the warmer) ask for it at the same time."""

    def build() -> Any:
        return _built(eng, call.build, url, version, call.name, call.language, call.scope,
                      call.args, dict(call.kwargs))  # fmt: skip

    key = (url, version, call.name, call.language, call.scope, call.args, call.kwargs)
    try:
        hash(key)
    except TypeError:  # an unhashable argument: no single flight (Streamlit hashes it itself)
        return build()
    with _FLIGHTS.only_one(key):
        return build()


@st.cache_resource(show_spinner=False, on_release=lambda warmer: warmer and warmer.stop())
def _warmer(url: str) -> warm.Warmer | None:
    """This server's warmer for the store at ``url``: started once per process (unless
    ``STEERCO_WARM_UP=off``), stopped when Streamlit's resources are cleared."""
    if not warm.enabled():
        return None
    eng = _engine_for(url)
    masked = eng.url.render_as_string(hide_password=True)  # as page() keys the cache
    path = warm.warm_file()
    for call in reversed(warm.load(path, settings(), date.today())):  # the last run's, first
        _HOT.record(call)

    def compute(call: warm.Call, version: int) -> None:
        with speaking(call.language):
            _cached(eng, masked, version, call)

    def keep(calls: list[warm.Call]) -> int:
        return warm.save(path, calls, Settings, date.today())

    return warm.Warmer(lambda: queries.data_version(eng), compute, _HOT, keep=keep).start()


def start_warm_up(url: str) -> bool:
    """Start this server's warmer for the store at ``url`` now (``steerco serve`` does, as
    the server starts) rather than at the first page; False when the warm-up is off."""
    return _warmer(url) is not None


@cache
def _takes_settings(build: Callable[..., Any]) -> bool:
    return "settings" in inspect.signature(build).parameters


def session_scope() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """This session's user's scope (portfolios, programmes); empty for an unscoped user.
    ``steerco.ui.auth`` keeps the identity in the session under :data:`IDENTITY_KEY`."""
    who = st.session_state.get(IDENTITY_KEY)
    if not isinstance(who, access.Identity):
        return (), ()
    return tuple(who.portfolios), tuple(who.programmes)


def _scoped(
    value: Any, scope: tuple[tuple[str, ...], tuple[str, ...]], counted: tuple[str, ...]
) -> Any:
    """A :class:`Filters` argument limited to the user's scope, whatever the caller passed:
    a page cannot forget the scope, and a forged one cannot widen it. It counts the status
    reports the setting ``reporting.counted_states`` names."""
    if not isinstance(value, Filters):
        return value
    return value.within(*scope).counting(counted)


def page(build: Callable[..., T], *args, **kwargs) -> T:
    """What a page shows, built once per store, data version, arguments, settings, language
    and user scope: ``build(conn, *args, **kwargs)``, cached for every session.

    ``build`` is a plain function of ``steerco/views`` (``views.finance.build``, a drill-down,
    an options list). When it takes a ``settings`` parameter and the caller gives none, the
    app's settings are passed. Every :class:`Filters` argument carries the session user's
    scope. A failure of the store becomes a message on the page.
    """
    if "settings" not in kwargs and _takes_settings(build):
        kwargs["settings"] = settings()
    scope = session_scope()
    counted = settings().reporting.counted_states
    args = tuple(_scoped(a, scope, counted) for a in args)
    kwargs = {k: _scoped(v, scope, counted) for k, v in kwargs.items()}
    eng = engine()
    url = eng.url.render_as_string(hide_password=True)
    call = warm.Call(build, args, tuple(sorted(kwargs.items())), language(), scope)
    with user_errors():
        _warmer(store_engine.resolve_url())
        version = _version(eng)
        _record(call)
        return _cached(eng, url, version, call)
    raise AssertionError("unreachable")  # st.stop() raised inside user_errors


def _record(call: warm.Call) -> None:
    """Keep ``call`` in the hot set when it can be made again (hashable arguments)."""
    try:
        hash(call)
    except TypeError:
        return
    _HOT.record(call)


def filter_options(scope: Filters | None = None) -> dict[str, list[str]]:
    """The sidebar's choices (of the user's ``scope`` only)."""
    return page(queries.filter_options, scope)


def freshness() -> dict:
    return page(queries.freshness)


def first_data_day():
    return page(queries.first_data_day)


def source_label() -> str:
    """How the sidebar and the pack name the store: the configured ``store_label``, else the
    database's name — never its URL (the masked location is for ``steerco status``)."""
    return store_engine.store_label()


def empty_store_notice() -> None:
    """On every page of a store without projects: say so, and how to load data (a
    configured store is never filled with the sample behind the user's back)."""
    if freshness()["projects"]:
        return
    st.info(
        t(
            "The store has no projects yet. Load data: upload a workbook on the Data page, "
            "or run `steerco import FILE`; `steerco init --sample` loads the sample "
            "portfolio into an empty store to try Steerco."
        ),
        icon=":material/database:",
    )
