"""The one place that knows where the store is and how to connect to it."""

from __future__ import annotations

import logging
import os
import re
import tomllib
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

log = logging.getLogger(__name__)

#: Environment variable that replaces the embedded store with any SQLAlchemy URL.
DB_URL_ENV = "STEERCO_DB_URL"
#: Environment variable naming the store in the app and the pack (``store_label`` in
#: ``.streamlit/secrets.toml`` does the same), so that no URL is shown to every user.
STORE_LABEL_ENV = "STEERCO_STORE_LABEL"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
#: The embedded default: a SQLite file beside the code, created and seeded on first start.
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "steerco.sqlite"
#: How long a SQLite connection waits for another writer before giving up (ms). Imports are
#: short transactions, so a generous wait turns "database is locked" into a short queue.
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: How long to wait for a server database before telling the user it is unreachable (s).
CONNECT_TIMEOUT_S = 5
#: Connection pool of a PostgreSQL store, per process (each app server, each command):
#: environment variable → SQLAlchemy's ``create_engine`` argument. Unset: SQLAlchemy's
#: defaults (5 kept open, 10 more while busy, 30 s wait). docs/deploy.md has the arithmetic.
POOL_ENV = {
    "STEERCO_DB_POOL_SIZE": "pool_size",
    "STEERCO_DB_MAX_OVERFLOW": "max_overflow",
    "STEERCO_DB_POOL_TIMEOUT": "pool_timeout",
}
#: psycopg prepares a statement on the server after it ran this many times on a connection;
#: ``none`` turns that off (PgBouncer before 1.21 in transaction mode needs it off).
PREPARE_THRESHOLD_ENV = "STEERCO_DB_PREPARE_THRESHOLD"


class StoreUnavailable(RuntimeError):
    """The configured database cannot be reached or opened; the message is for the user."""


def _whole_number(name: str, value: str, *, allowed: str = "a whole number (0 or more)") -> int:
    try:
        number = int(value.strip())
    except ValueError:
        number = -1
    if number < 0:
        raise StoreUnavailable(
            f"The environment variable {name} must be {allowed}, not {value.strip()!r}."
        )
    return number


def _postgres_options() -> tuple[dict, dict]:
    """The pool's arguments and the driver's connection arguments set in the environment."""
    pool = {arg: _whole_number(env, os.environ[env]) for env, arg in POOL_ENV.items()
            if os.environ.get(env, "").strip()}  # fmt: skip
    connect: dict = {"connect_timeout": CONNECT_TIMEOUT_S}
    threshold = os.environ.get(PREPARE_THRESHOLD_ENV, "").strip()
    if threshold:
        connect["prepare_threshold"] = (
            None
            if threshold.lower() == "none"
            else _whole_number(
                PREPARE_THRESHOLD_ENV, threshold, allowed="a whole number (0 or more) or none"
            )
        )
    return pool, connect


class WriteRefused(StoreUnavailable):
    """A write the store cannot take (file gone or replaced, read-only); nothing was written.
    Reading may still work, so pages show the message and go on."""


def default_url() -> str:
    return f"sqlite:///{DEFAULT_DB_PATH}"


def _secret(name: str) -> str | None:
    """``name`` from ``.streamlit/secrets.toml`` ([steerco] table or top level), if any."""
    for folder in (Path.cwd(), PROJECT_ROOT):
        path = folder / ".streamlit" / "secrets.toml"
        if path.is_file():
            with path.open("rb") as fh:
                secrets = tomllib.load(fh)
            value = secrets.get("steerco", {}).get(name) or secrets.get(name)
            if value:
                return str(value)
    return None


def resolve_url(url: str | None = None) -> str:
    """The store URL: explicit argument, then the environment, then secrets, then the default."""
    return url or os.environ.get(DB_URL_ENV) or _secret("db_url") or default_url()


# -- never showing a credential ---------------------------------------------------------------

MASK = "***"
INVALID_URL = "<invalid database URL>"
#: URL query parameters whose value is a credential (matched in the lower-cased name):
#: ``password``, ``sslpassword``, ``pwd``, ``client_secret``, ``api_key``, ``access_token``…
SECRET_PARAM = re.compile(r"pass|pwd|secret|token|key|credential|auth|signature|^sig$")
#: Parameters that match the above but name a file or a mode, not a secret.
NOT_SECRET_PARAMS = frozenset({"passfile", "sslcertmode"})
#: ``name=value`` pairs inside free text (an error message, an ``odbc_connect`` string, a
#: libpq conninfo): the value of a secret-looking name is masked.
_SECRET_PAIR = re.compile(
    r"(?P<name>\b[\w.-]*(?:pass|pwd|secret|token|key|credential|auth|signature)[\w.-]*)"
    r"(?P<eq>\s*=\s*)(?P<value>'[^']*'|\"[^\"]*\"|[^\s&;,)]+)",
    re.IGNORECASE,
)
#: ``scheme://user:password@`` inside free text.
_NETLOC_PASSWORD = re.compile(r"(?P<head>[\w+.-]+://[^:/@\s]*:)[^@\s]+@")


def is_secret_param(name: str) -> bool:
    lowered = name.lower()
    return lowered not in NOT_SECRET_PARAMS and bool(SECRET_PARAM.search(lowered))


def _mask_pair(match: re.Match) -> str:
    if match["name"].lower() in NOT_SECRET_PARAMS:
        return match[0]
    return f"{match['name']}{match['eq']}{MASK}"


def _known_secrets(url: str | URL | None) -> list[str]:
    """The credentials written in ``url`` (password, secret query values), longest first."""
    if url is None:
        return []
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except (ArgumentError, ValueError):
        return []
    found = [parsed.password] if parsed.password else []
    for name, value in parsed.query.items():
        if is_secret_param(name):
            found += [value] if isinstance(value, str) else list(value)
    return sorted({str(v) for v in found if v and str(v) != MASK}, key=len, reverse=True)


def scrub(text: str, url: str | URL | None = None) -> str:
    """``text`` (an error message, a URL) with every credential masked: those written in
    ``url`` wherever they appear, a ``user:password@`` and any ``password=…``-like pair.

    Driver errors (SQLAlchemy, psycopg, ODBC) can quote the connection string they were given.
    """
    for secret in _known_secrets(url):
        text = text.replace(secret, MASK)
    text = _NETLOC_PASSWORD.sub(lambda m: f"{m['head']}{MASK}@", text)
    return _SECRET_PAIR.sub(_mask_pair, text)


def _scrub_values(value: str | tuple[str, ...]) -> str | tuple[str, ...]:
    """A query value (an ``odbc_connect`` string with ``PWD=…``) with its secrets masked."""
    return scrub(value) if isinstance(value, str) else tuple(scrub(v) for v in value)


def describe_url(url: str | URL) -> str:
    """A URL fit for an administrator's eyes: the password and every secret-looking query
    parameter masked (``?password=``, ``?sslpassword=``, ``?api_key=``…); host and database
    stay. An unparsable URL is not shown at all: where its password is cannot be known."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except (ArgumentError, ValueError):
        return INVALID_URL
    query = {
        name: MASK if is_secret_param(name) else _scrub_values(value)
        for name, value in parsed.query.items()
    }
    text = parsed.set(query=query).render_as_string(hide_password=True)
    return scrub(text.replace("%2A%2A%2A", MASK))


def store_label(url: str | URL | None = None) -> str:
    """How the app and the pack name the store: the configured ``store_label`` (environment
    ``STEERCO_STORE_LABEL``, or ``[steerco] store_label`` in ``.streamlit/secrets.toml``), else
    the database's name and kind ("steerco (postgresql)", "steerco.sqlite (sqlite)") — never a
    host, a user or a credential. The full masked location is for ``steerco status``."""
    configured = os.environ.get(STORE_LABEL_ENV) or _secret("store_label")
    if configured:
        return configured.strip()
    text = resolve_url(url) if url is None or isinstance(url, str) else url
    try:
        parsed = text if isinstance(text, URL) else make_url(text)
    except (ArgumentError, ValueError):
        return INVALID_URL
    name = parsed.database or ""
    if parsed.get_backend_name() == "sqlite":
        name = Path(name.removeprefix("file:")).name if name else "in memory"
    return scrub(f"{name} ({parsed.get_backend_name()})", parsed)


def _invalid_url(url: str, exc: Exception) -> StoreUnavailable:
    """Why a URL cannot be parsed, without showing it (where its password is is unknown)."""
    if isinstance(exc, ValueError) and not isinstance(exc, ArgumentError):
        reason = "the port must be a number" if "int()" in str(exc) else scrub(str(exc), url)
    else:
        reason = "it is not of the form dialect+driver://user:password@host:port/database"
    return StoreUnavailable(f"The database URL is not valid: {reason}.")


# -- the SQLite file: gone, replaced or read-only ---------------------------------------------


@dataclass
class _StoreFile:
    """The SQLite file an engine works on, and which file it was (device, inode) when first
    opened: a write checks that the same file is still there."""

    path: Path
    identity: tuple[int, int] | None = None

    def current(self) -> tuple[int, int] | None:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return stat.st_dev, stat.st_ino

    def remember(self) -> None:
        if self.identity is None:
            self.identity = self.current()

    def shown(self) -> str:
        try:
            return str(self.path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(self.path)

    def problem(self) -> str | None:
        """Why writing now would be lost, or None."""
        if self.identity is None:
            return None
        now = self.current()
        if now is None:
            return (
                f"The store file {self.shown()} is gone (deleted or moved while Steerco ran); "
                "nothing was written. Restore it or restart Steerco."
            )
        if now != self.identity:
            return (
                f"The store file {self.shown()} was replaced by another file while Steerco "
                "ran; nothing was written. Restart Steerco to use the new file."
            )
        return None


#: The SQLite file of each engine, by its dialect (shared by the engine and the copies
#: ``execution_options`` makes of it, so a connection finds it through ``conn.dialect``).
_STORE_FILES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL (``sqlite:///file:PATH?mode=ro&uri=true`` included)."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    database = url.database
    if database.startswith("file:"):
        if "mode=memory" in database or url.query.get("mode") == "memory":
            return None
        database = database.removeprefix("file:").split("?", 1)[0]
    return Path(database)


def _configure_sqlite(engine: Engine, store_file: _StoreFile | None) -> None:
    """WAL, busy timeout, foreign keys, and BEGIN issued by us (see SQLAlchemy's SQLite notes).

    The stdlib driver's implicit transactions are not all-or-nothing; taking over BEGIN makes
    each SQLAlchemy transaction a real one. Writers ask for BEGIN IMMEDIATE so two imports
    queue on the busy timeout instead of failing with "database is locked" on upgrade.
    A file that was opened once and is gone since is never created again (an empty store
    in its place would be mistaken for the real one).
    """

    @sa.event.listens_for(engine, "do_connect")
    def _before_connect(_dialect, _record, _cargs, _cparams) -> None:
        if store_file is not None and store_file.identity and store_file.current() is None:
            raise WriteRefused(store_file.problem())

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if store_file is not None:
            try:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
            except Exception as exc:  # a read-only file: read it as it is
                log.info("SQLite store left in its journal mode: %s", exc)
            store_file.remember()
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
    except (ArgumentError, ValueError) as exc:
        raise _invalid_url(resolved, exc) from None
    kwargs: dict = {"future": True, "pool_pre_ping": True}
    path = sqlite_file(parsed)
    if parsed.get_backend_name() == "sqlite":
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        else:
            kwargs["poolclass"] = sa.pool.StaticPool
        kwargs["connect_args"] = {"check_same_thread": False}
    elif parsed.get_backend_name() == "postgresql":
        pool, kwargs["connect_args"] = _postgres_options()
        kwargs |= pool
    try:
        engine = sa.create_engine(parsed, **kwargs)
    except Exception as exc:  # missing driver, bad options
        raise StoreUnavailable(
            f"Cannot open the database {describe_url(parsed)}: {scrub(str(exc), parsed)}"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        store_file = _StoreFile(path) if path is not None else None
        if store_file is not None:
            store_file.remember()  # an existing file is the one to keep writing to
            _STORE_FILES[engine.dialect] = store_file
        _configure_sqlite(engine, store_file)
    return engine


def is_default_store(url: str | URL) -> bool:
    """Whether ``url`` is the embedded store beside the code (seeded with the sample on first
    start; any other store starts empty)."""
    try:
        path = sqlite_file(url if isinstance(url, URL) else make_url(url))
    except (ArgumentError, ValueError):
        return False
    return path is not None and path.resolve() == DEFAULT_DB_PATH.resolve()


def first_line(exc: BaseException, url: str | URL | None = None) -> str:
    """The first line of a (driver) error, credentials masked: fit for a user's eyes."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return scrub(text.splitlines()[0] if text else type(exc).__name__, url)


def check_connection(engine: Engine) -> None:
    """Raise StoreUnavailable unless the database answers."""
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except StoreUnavailable:
        raise
    except Exception as exc:
        raise StoreUnavailable(
            f"The database {describe_url(engine.url)} cannot be reached: "
            f"{first_line(exc, engine.url)}"
        ) from None


#: Key of the PostgreSQL advisory lock that queues writers, as BEGIN IMMEDIATE does on SQLite:
#: an import computes its changes and writes them under the lock, so two imports never work
#: from the same stale state.
PG_WRITE_LOCK_KEY = 0x5743_0001
#: PostgreSQL errors of a store that may be read but not written: no INSERT/UPDATE/DELETE
#: privilege (42501), a read-only transaction or standby (25006).
PG_READ_ONLY_SQLSTATES = frozenset({"42501", "25006"})
#: SQLite's primary result code for "attempt to write a readonly database".
SQLITE_READONLY = 8


def is_read_only_error(exc: BaseException) -> bool:
    """Whether a driver error says the store refuses writes (not that it is down)."""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) in PG_READ_ONLY_SQLSTATES:
        return True
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == SQLITE_READONLY
    return "readonly database" in str(orig)


def _refuse_lost_write(conn: Connection) -> None:
    store_file = _STORE_FILES.get(conn.dialect)
    problem = store_file.problem() if store_file is not None else None
    if problem:
        raise WriteRefused(problem)


#: Moves the store's data generation (``steerco_schema.data_generation``), in the writing
#: transaction: committed with the write, rolled back with it.
_NEXT_GENERATION = sa.text(
    "UPDATE steerco_schema SET data_generation = data_generation + 1 WHERE id = 1"
)


#: ``conn.info`` key under which a write transaction collects the datasets its loads wrote.
SUMMARIES_DUE = "steerco_summaries_due"


def _refresh_summaries(conn: Connection) -> None:
    """The Operations summaries of the datasets this transaction's loads wrote
    (``data_access.summaries``), rebuilt before it commits."""
    due = conn.info.pop(SUMMARIES_DUE, None)
    if due:
        from data_access import summaries  # the summaries read the dataset tables' schema

        summaries.refresh(conn, due)


@contextmanager
def write_transaction(engine: Engine, *, data: bool = True) -> Iterator[Connection]:
    """One all-or-nothing write transaction; writers queue (readers never wait).

    The one seam every write goes through: a SQLite file deleted or replaced since Steerco
    opened it, or a store that refuses writes (read-only file, role without write rights),
    raises ``WriteRefused`` with the reason and nothing is written.

    A write of ``data`` (every write but the schema's own creation and upgrade) moves the
    store's data generation, which every app server's page cache is keyed on
    (``queries.data_version``): all of them show the write at their next rerun.
    """
    try:
        with engine.execution_options(steerco_write=True).begin() as conn:
            _refuse_lost_write(conn)
            if conn.dialect.name == "postgresql":
                conn.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_WRITE_LOCK_KEY}
                )
            conn.info.pop(SUMMARIES_DUE, None)  # a failed transaction's note on this connection
            yield conn
            _refresh_summaries(conn)
            if data:
                conn.execute(_NEXT_GENERATION)
            _refuse_lost_write(conn)  # gone while writing: roll back rather than lose it
    except DBAPIError as exc:
        if is_read_only_error(exc):
            raise WriteRefused(
                f"The store is read-only: {first_line(exc, engine.url)}; nothing was written."
            ) from exc
        raise
