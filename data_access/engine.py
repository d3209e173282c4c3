"""The one place that knows where the store is and how to connect to it."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError

#: Environment variable that replaces the embedded store with any SQLAlchemy URL.
DB_URL_ENV = "STEERCO_DB_URL"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
#: The embedded default: a SQLite file beside the code, created and seeded on first start.
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "steerco.sqlite"
#: How long a SQLite connection waits for another writer before giving up (ms). Imports are
#: short transactions, so a generous wait turns "database is locked" into a short queue.
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: How long to wait for a server database before telling the user it is unreachable (s).
CONNECT_TIMEOUT_S = 5


class StoreUnavailable(RuntimeError):
    """The configured database cannot be reached or opened; the message is for the user."""


def default_url() -> str:
    return f"sqlite:///{DEFAULT_DB_PATH}"


def _secrets_url() -> str | None:
    """``db_url`` from ``.streamlit/secrets.toml`` ([steerco] table or top level), if any."""
    for folder in (Path.cwd(), PROJECT_ROOT):
        path = folder / ".streamlit" / "secrets.toml"
        if path.is_file():
            with path.open("rb") as fh:
                secrets = tomllib.load(fh)
            url = secrets.get("steerco", {}).get("db_url") or secrets.get("db_url")
            if url:
                return str(url)
    return None


def resolve_url(url: str | None = None) -> str:
    """The store URL: explicit argument, then the environment, then secrets, then the default."""
    return url or os.environ.get(DB_URL_ENV) or _secrets_url() or default_url()


def describe_url(url: str) -> str:
    """A URL fit for display: the password is hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


def _configure_sqlite(engine: Engine) -> None:
    """WAL, busy timeout, foreign keys, and BEGIN issued by us (see SQLAlchemy's SQLite notes).

    The stdlib driver's implicit transactions are not all-or-nothing; taking over BEGIN makes
    each SQLAlchemy transaction a real one. Writers ask for BEGIN IMMEDIATE so two imports
    queue on the busy timeout instead of failing with "database is locked" on upgrade.
    """

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("steerco_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def create_engine(url: str | None = None) -> Engine:
    """An engine for the store; raises StoreUnavailable with a readable message."""
    resolved = resolve_url(url)
    try:
        parsed = make_url(resolved)
    except ArgumentError as exc:
        raise StoreUnavailable(f"The database URL is not valid: {exc}") from None
    kwargs: dict = {"future": True, "pool_pre_ping": True}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        else:
            kwargs["poolclass"] = sa.pool.StaticPool
        kwargs["connect_args"] = {"check_same_thread": False}
    elif parsed.get_backend_name() == "postgresql":
        kwargs["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_S}
    try:
        engine = sa.create_engine(parsed, **kwargs)
    except Exception as exc:  # missing driver, bad options
        raise StoreUnavailable(
            f"Cannot open the database {describe_url(resolved)}: {exc}"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        _configure_sqlite(engine)
    return engine


def check_connection(engine: Engine) -> None:
    """Raise StoreUnavailable unless the database answers."""
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StoreUnavailable(
            f"The database {engine.url.render_as_string(hide_password=True)} "
            f"cannot be reached: {reason}"
        ) from None


#: Key of the PostgreSQL advisory lock that queues writers, as BEGIN IMMEDIATE does on SQLite:
#: an import computes its changes and writes them under the lock, so two imports never work
#: from the same stale state.
PG_WRITE_LOCK_KEY = 0x5743_0001


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One all-or-nothing write transaction; writers queue (readers never wait)."""
    with engine.execution_options(steerco_write=True).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_WRITE_LOCK_KEY})
        yield conn
