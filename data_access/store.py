"""Creating the store, loading whole datasets into it, and recording each load."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from data_access import audit, migrations, schema, summaries
from data_access.engine import (
    WriteRefused,
    describe_url,
    is_default_store,
    sqlite_file,
    write_transaction,
)

if TYPE_CHECKING:
    from psycopg import Copy

    from data_access.sample_history import SampleHistory

log = logging.getLogger(__name__)

#: Rows turned into Python values at a time (per executemany on SQLite; per batch of rows
#: written to COPY on PostgreSQL): large enough to be fast, small enough that a million
#: tickets never sit in memory twice.
INSERT_CHUNK_ROWS = 50_000

#: A streamed dataset at least this large is written into its table without its secondary
#: indexes, built again after it (PostgreSQL only): building an index on 3 million tickets
#: took half the time keeping it up to date while they were copied in. The table is locked
#: for readers until the load commits (a seed of that size is not done under users).
REBUILD_INDEXES_ROWS = 2_000_000

#: ``progress(table, rows)``: told after each batch a load writes (``load_sample``); with 0
#: rows, ``table`` says what else was done (an index built).
Progress = Callable[[str, int], None]


class SchemaVersionError(RuntimeError):
    """The store's schema is not this Steerco's: made by a newer Steerco (refused), or older
    and not upgraded (:class:`SchemaUpgradeNeeded`). The message is for the user."""


class SchemaUpgradeNeeded(SchemaVersionError):
    """The store was made by an older Steerco and upgrading it was not asked for."""


@dataclass(frozen=True)
class Upgrade:
    """What bringing a store to the head did."""

    before: str | None  # the store's revision before (None: it had no Steerco tables)
    after: str  # the head
    backup: Path | None = None  # the copy of the SQLite file taken before upgrading

    @property
    def created(self) -> bool:
        return self.before is None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def create_schema(engine: Engine, *, upgrade: bool | None = None) -> Upgrade:
    """Create the tables of a new store at the head revision, or check an existing one.

    A store made by a newer Steerco is refused (``SchemaVersionError``). An older one is
    upgraded only when ``upgrade`` is true, or, when it is None, if it is the embedded default
    store beside the code; its SQLite file is copied to a timestamped backup beside it first.
    Otherwise ``SchemaUpgradeNeeded`` says to run ``steerco db upgrade``.

    A store that is up to date is only read, so a read-only store (a file without write
    permission, a role with SELECT only) opens and can be read.
    """
    with engine.connect() as conn:
        found = migrations.state(conn)
    _refuse(found)
    if found.at_head and found.stamped:
        return Upgrade(found.current, found.current)
    if found.at_head:  # made before Alembic: recorded at its revision the first time
        _stamp_if_writable(engine)
        return Upgrade(found.current, found.current)
    if not found.fresh:
        if upgrade is None:
            upgrade = is_default_store(engine.url)
        if not upgrade:
            raise SchemaUpgradeNeeded(_upgrade_needed(found))
    try:
        with write_transaction(engine, data=False) as conn:
            found = migrations.state(conn)  # another process may have done it meanwhile
            _refuse(found)
            if found.fresh:
                _create(conn)
                return Upgrade(None, migrations.head())
            if found.at_head:
                return Upgrade(found.current, found.current)
            backup = backup_sqlite(engine, found)
            migrations.upgrade(conn)
            if summaries.zones_built(conn) is None:  # schema 9: summaries of what is stored
                summaries.rebuild(conn)
    except WriteRefused as exc:
        if not found.fresh and engine.dialect.name == "postgresql":
            raise WriteRefused(
                f"{exc} Upgrading the schema needs the role that owns the tables "
                "(docs/deploy.md: steerco_owner)."
            ) from exc
        if not found.fresh:
            raise
        raise WriteRefused(
            "The store is read-only and has no Steerco tables yet; nothing was written. "
            "Run `steerco init` with write rights once."
        ) from exc
    log.warning(
        "upgraded the store %s from schema revision %s to %s%s",
        describe_url(engine.url),
        found.current,
        migrations.head(),
        f"; the file before is kept as {backup}" if backup else "",
    )
    return Upgrade(found.current, migrations.head(), backup)


def upgrade_store(engine: Engine) -> Upgrade:
    """``steerco db upgrade``: create a new store's tables or bring an older one to the head
    (a SQLite file is backed up first); a newer one is refused."""
    return create_schema(engine, upgrade=True)


def _create(conn: Connection) -> None:
    """A new store: every table as ``schema.py`` declares it, stamped at the head."""
    schema.metadata.create_all(conn)  # skips tables that exist (a shared database's own)
    conn.execute(
        schema.schema_info.insert().values(
            id=1, version=schema.SCHEMA_VERSION, created_at=datetime.now()
        )
    )
    migrations.stamp(conn, migrations.head())


def _stamp_if_writable(engine: Engine) -> None:
    try:
        with write_transaction(engine, data=False) as conn:
            found = migrations.state(conn)
            if not found.stamped and found.at_head:
                migrations.stamp(conn, found.current)
    except WriteRefused as exc:  # a read-only store at the head: read it as it is
        log.info("the store's revision was not recorded: %s", exc)


def _refuse(found: migrations.State) -> None:
    if found.newer:
        known = found.revision is None or migrations.is_known(found.revision)
        what = f"version {found.version}" if known else f"revision {found.revision}"
        raise SchemaVersionError(
            f"The store was made by a newer Steerco (schema {what}); this Steerco understands "
            f"up to schema version {schema.SCHEMA_VERSION} (revision {migrations.head()}). "
            "Nothing was changed. Upgrade Steerco."
        )
    if found.too_old:
        raise SchemaVersionError(
            f"The store has schema version {found.version}, older than any Steerco release "
            f"can upgrade (from version {migrations.BASELINE_VERSION}). Load its data into a "
            "new store (`steerco init`, then `steerco import`)."
        )


def _upgrade_needed(found: migrations.State) -> str:
    return (
        f"The store has schema version {migrations.version_of(found.current)}; this Steerco "
        f"needs version {schema.SCHEMA_VERSION}. Nothing was changed. An administrator "
        "upgrades it with `steerco db upgrade` (a SQLite file is copied to a backup first; "
        "back up a server database before)."
    )


def backup_sqlite(engine: Engine, found: migrations.State) -> Path | None:
    """Copy the store's SQLite file beside it before an upgrade: ``NAME.vN-YYYYMMDD-HHMMSS.bak``
    (SQLite's backup API, so a WAL's pages are in the copy). None for a server database or an
    in-memory store."""
    path = sqlite_file(engine.url)
    if path is None:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    version = migrations.version_of(found.current)
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    for n in range(2, 100):
        if not target.exists():
            break
        target = path.with_name(f"{path.name}.v{version}-{stamp}-{n}.bak")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()
    return target


def schema_version(conn: Connection) -> int | None:
    return conn.execute(sa.select(schema.schema_info.c.version)).scalar_one_or_none()


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        count = conn.execute(
            sa.select(sa.func.count()).select_from(schema.TABLES["projects"])
        ).scalar_one()
    return count == 0


def row_counts(conn: Connection) -> dict[str, int]:
    return {
        name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        for name, table in schema.TABLES.items()
    }


def _is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


#: How SQLAlchemy's SQLite dialect stores dates and datetimes (as text). Bulk inserts bypass
#: SQLAlchemy's type processing for speed, so they must write exactly the same text, or
#: comparisons in SQL (``opened_at >= :start``) would go wrong.
SQLITE_DATE_FORMAT = "%Y-%m-%d"
SQLITE_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def _driver_values(series: pd.Series, sql_type: sa.types.TypeEngine, sqlite: bool) -> list:
    """One column as the DB driver wants it: Python values, None for missing."""
    missing = series.isna().to_numpy()
    if isinstance(sql_type, sa.Date | sa.DateTime):
        stamps = pd.to_datetime(series, errors="coerce")
        if isinstance(sql_type, sa.DateTime):
            values = (
                stamps.dt.strftime(SQLITE_DATETIME_FORMAT).tolist()
                if sqlite
                else list(stamps.dt.to_pydatetime())
            )
        else:
            values = (
                stamps.dt.strftime(SQLITE_DATE_FORMAT).tolist() if sqlite else list(stamps.dt.date)
            )
    elif isinstance(sql_type, sa.Boolean):
        values = [bool(v) if not m else None for v, m in zip(series.tolist(), missing, strict=True)]
        if sqlite:
            values = [None if v is None else int(v) for v in values]
        return values
    elif isinstance(sql_type, sa.Integer):
        values = [int(v) if not m else None for v, m in zip(series.tolist(), missing, strict=True)]
        return values
    elif isinstance(sql_type, sa.Float):
        values = [float(v) for v in series.tolist()]
    else:
        values = [str(v) for v in series.tolist()]
    if missing.any():
        values = [None if m else v for v, m in zip(values, missing, strict=True)]
    return values


def python_value(value: object) -> object:
    """A DataFrame cell as the DB driver wants it: None for missing, datetime, int, float."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _insert_sql(conn: Connection, table: sa.Table, columns: list[str]) -> str:
    quote = conn.dialect.identifier_preparer.quote
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(quote(c) for c in columns)
    markers = ", ".join([marker] * len(columns))
    return f"INSERT INTO {quote(table.name)} ({names}) VALUES ({markers})"


def bulk_insert(conn: Connection, table: sa.Table, frame: pd.DataFrame) -> int:
    """Insert a frame's rows (its columns must be columns of the table) in large batches.

    Goes straight to the driver: SQLAlchemy's per-row type processing costs more than the
    insert itself for hundreds of thousands of rows. On PostgreSQL (psycopg) the rows go
    through one ``COPY ... FROM STDIN``, as COPY's text format made a column at a time
    (``_copy_text``: tabs, newlines, backslashes escaped, ``\\N`` for NULL; psycopg's
    ``write_row`` for what it does not cover), so the values stored are those an INSERT
    would store (tests/integration/test_copy_load.py). Elsewhere, executemany.
    """
    if frame.empty:
        return 0
    columns = [c for c in frame.columns if c in table.c]
    sqlite = _is_sqlite(conn)
    batches = (
        frame.iloc[start : start + INSERT_CHUNK_ROWS]
        for start in range(0, len(frame), INSERT_CHUNK_ROWS)
    )
    if _can_copy(conn):
        with _copy(conn, table, columns) as copy:
            for chunk in batches:
                text = _copy_text(chunk, table, columns)
                if text is not None:
                    copy.write(text)
                    continue
                values = [_driver_values(chunk[c], table.c[c].type, sqlite) for c in columns]
                for row in zip(*values, strict=True):
                    copy.write_row(row)
        return len(frame)
    sql = _insert_sql(conn, table, columns)
    for chunk in batches:
        values = [_driver_values(chunk[c], table.c[c].type, sqlite) for c in columns]
        conn.exec_driver_sql(sql, list(zip(*values, strict=True)))
    return len(frame)


#: Characters COPY's text format escapes with a backslash (the backslash itself first).
_COPY_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))
_COPY_NULL = "\\N"


def _copy_text(chunk: pd.DataFrame, table: sa.Table, columns: list[str]) -> bytes | None:
    """The rows as COPY's text format (tab between fields, ``\\N`` for NULL, backslash
    escapes), made a column at a time: the same values ``_driver_values`` gives
    ``write_row``, several times faster than one Python object per value. None when a column
    needs ``write_row`` (time-zone aware timestamps)."""
    n = len(chunk)
    if not n:
        return b""
    width = 2 * len(columns)
    flat: list[str | None] = [None] * (n * width)  # field, separator, field, …, newline
    for k, name in enumerate(columns):
        fields = _copy_column(chunk[name], table.c[name].type)
        if fields is None:
            return None
        flat[2 * k :: width] = fields
        flat[2 * k + 1 :: width] = ["\t" if k < len(columns) - 1 else "\n"] * n
    return "".join(flat).encode("utf-8")  # type: ignore[arg-type]


def _copy_column(series: pd.Series, sql_type: sa.types.TypeEngine) -> list[str] | None:
    """One column as COPY text fields (``\\N`` for missing), as ``_driver_values`` reads it
    for PostgreSQL."""
    missing = series.isna().to_numpy()
    kind = series.dtype.kind
    if isinstance(sql_type, sa.Date | sa.DateTime):
        stamps = pd.to_datetime(series, errors="coerce")
        if getattr(stamps.dt, "tz", None) is not None:
            return None
        missing = missing | stamps.isna().to_numpy()
        values = stamps.to_numpy(dtype="datetime64[us]")
        if isinstance(sql_type, sa.DateTime):
            text = np.datetime_as_string(values, unit="us")  # 2026-11-16T06:00:00.000000
        else:
            text = np.datetime_as_string(values.astype("datetime64[D]"))
        fields = text.tolist()
    elif isinstance(sql_type, sa.Boolean):
        if kind == "b":
            truth = series.to_numpy(dtype=bool, na_value=False)
        else:
            truth = np.array([bool(v) for v in series.where(~missing, False).tolist()], bool)
        fields = np.where(truth, "t", "f").tolist()
    elif isinstance(sql_type, sa.Integer):
        if kind in "iubf":  # int() truncates a float as astype does
            values = series.to_numpy(dtype="float64" if kind == "f" else "int64", na_value=0)
            values = values.astype(np.int64)
        else:
            values = np.array([int(v) for v in series.where(~missing, 0).tolist()], np.int64)
        fields = values.astype(str).tolist()
    elif isinstance(sql_type, sa.Float):
        values = series.astype("float64").to_numpy(dtype="float64", na_value=0.0)
        fields = [repr(v) for v in values.tolist()]
    else:
        fields = [v if type(v) is str else str(v) for v in series.tolist()]
        if missing.any():
            fields = ["" if m else v for v, m in zip(fields, missing.tolist(), strict=True)]
        joined = "".join(fields)  # one pass in C: escapes are rare
        if any(plain in joined for plain, _ in _COPY_ESCAPES):
            fields = [_copy_escape(v) for v in fields]
    if missing.any():
        fields = [_COPY_NULL if m else v for v, m in zip(fields, missing.tolist(), strict=True)]
    return fields


def _copy_escape(text: str) -> str:
    for plain, escape in _COPY_ESCAPES:
        if plain in text:
            text = text.replace(plain, escape)
    return text


def _can_copy(conn: Connection) -> bool:
    """PostgreSQL through psycopg 3, whose cursors have ``copy``."""
    return conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg"


@contextmanager
def _copy(conn: Connection, table: sa.Table, columns: list[str]) -> Iterator[Copy]:
    """psycopg's COPY into ``table`` (``columns`` in this order), on the connection's own
    DBAPI connection, so inside its transaction."""
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    target = quote(table.name)
    if table.schema:
        target = f"{quote(table.schema)}.{target}"
    sql = f"COPY {target} ({names}) FROM STDIN"
    driver = conn.connection.driver_connection
    assert driver is not None
    dbapi_error = conn.dialect.loaded_dbapi.Error
    try:
        with driver.cursor() as cursor, cursor.copy(sql) as copy:
            yield copy
    except dbapi_error as exc:  # as SQLAlchemy raises it for an INSERT (IntegrityError, …)
        raise sa.exc.DBAPIError.instance(sql, None, exc, dbapi_error) from exc


def analyze(engine: Engine, tables: Iterable[str]) -> None:
    """Refresh the planner's statistics of these tables after a large load (PostgreSQL only:
    autovacuum would, minutes later; until then plans assume the tables are empty)."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        quote = conn.dialect.identifier_preparer.quote
        for name in tables:
            conn.exec_driver_sql(f"ANALYZE {quote(name)}")


def replace_datasets(
    conn: Connection,
    frames: Mapping[str, pd.DataFrame],
    *,
    import_id: int | None = None,
    valid_from: datetime | None = None,
) -> int:
    """Replace the whole content (and history) of the given datasets; returns rows written."""
    written = 0
    for name, frame in frames.items():
        ds = schema.dataset(name)
        conn.execute(schema.HISTORY_TABLES[name].delete())
        conn.execute(schema.TABLES[name].delete())
        rows = frame.reindex(columns=list(ds.column_names))
        rows[schema.IMPORT_ID] = import_id
        rows[schema.VALID_FROM] = valid_from
        written += bulk_insert(conn, schema.TABLES[name], rows)
    return written


#: Outcomes of loads that wrote rows.
_WRITING = (schema.OUTCOME_SEEDED, schema.OUTCOME_COMMITTED, schema.OUTCOME_ROLLBACK)


def record_import(
    conn: Connection,
    *,
    source: str,
    datasets: Iterable[str],
    outcome: str,
    rows_added: int = 0,
    rows_changed: int = 0,
    rows_removed: int = 0,
    sha256: str | None = None,
    message: str | None = None,
    user_name: str | None = None,
    started_at: datetime | None = None,
    summary: str | None = None,
    rollback_of: int | None = None,
) -> int:
    started_at = started_at or datetime.now()
    user_name = user_name or _current_user()
    datasets_list = list(datasets)
    result = conn.execute(
        schema.imports.insert().values(
            started_at=started_at,
            summary=summary,
            rollback_of=rollback_of,
            user_name=user_name,
            source=source,
            sha256=sha256,
            datasets=",".join(datasets_list),
            rows_added=rows_added,
            rows_changed=rows_changed,
            rows_removed=rows_removed,
            outcome=outcome,
            message=message,
        )
    )
    import_id = int(result.inserted_primary_key[0])
    if outcome in _WRITING:  # the Operations summaries follow, before this transaction commits
        summaries.note_written(conn, datasets_list)
    # every load, refused ones included, is also in the audit trail, in the same transaction
    audit.record(
        conn,
        at=started_at,
        actor=user_name,
        action=audit.ROLLBACK if rollback_of is not None else audit.IMPORT,
        target=f"import #{rollback_of if rollback_of is not None else import_id}",
        after={
            "import": import_id,
            "outcome": outcome,
            "added": rows_added,
            "changed": rows_changed,
            "removed": rows_removed,
        },
        detail=f"{source}: {message}" if message else source,
    )
    return import_id


def _current_user() -> str:
    return audit.login_name()


def load_frames(
    engine: Engine,
    frames: Mapping[str, pd.DataFrame],
    source: str,
    *,
    valid_from: datetime | None = None,
) -> dict[str, int]:
    """Replace the given datasets (and their history) with these frames in one transaction.

    This is a reset, used for seeding; imports go through ``data_access.versioning``.
    """
    create_schema(engine)
    valid_from = valid_from or datetime.now()
    with write_transaction(engine) as conn:
        import_id = record_import(
            conn,
            source=source,
            datasets=frames,
            outcome=schema.OUTCOME_SEEDED,
            started_at=valid_from,
        )
        written = replace_datasets(conn, frames, import_id=import_id, valid_from=valid_from)
        conn.execute(
            schema.imports.update()
            .where(schema.imports.c.import_id == import_id)
            .values(rows_added=written)
        )
    return {name: len(frame) for name, frame in frames.items()}


def load_sample(
    engine: Engine,
    scale: str = "demo",
    as_of: date | None = None,
    source: str = "sample",
    *,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Replace the store's content with the generated sample portfolio, in one transaction.

    The sample is written with its history: one load per committee cycle, dated on the day
    the reports for that meeting were due, then the final load on ``as_of`` (see
    ``data_access.sample_history``), so pages read on a past date show what was known then.

    Tickets have no history (the final load writes them): they are made and written in
    the scale's chunks (``sample_data.generate_streamed``), never all in memory on the
    "xlarge" scale; on the others there is one chunk, and the rows are ``generate``'s.
    """
    from data_access import sample_data  # generating is heavy; only import when seeding

    sample = sample_data.generate_streamed(scale=scale, as_of=as_of)
    return load_sample_frames(
        engine,
        sample.frames,
        as_of,
        source=f"{source} ({scale})",
        streamed={"tickets": (sample.tickets, sample.ticket_chunks)},
        progress=progress,
    )


def load_sample_frames(
    engine: Engine,
    frames: Mapping[str, pd.DataFrame],
    as_of: date | None,
    source: str,
    *,
    streamed: Mapping[str, tuple[int, Iterable[pd.DataFrame]]] | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Replace the store's content with frames ``sample_data.generate`` made for ``as_of``
    (or a subset of their rows), written as the sample's loads, in one transaction.

    ``streamed`` maps datasets without history (empty in ``frames``) to their row count and
    their rows in chunks, written by the final load as the chunks come. Then, on PostgreSQL,
    the tables are analysed.
    """
    from data_access import sample_history

    streamed = dict(streamed or {})
    if set(streamed) & set(sample_history.VERSIONED):
        raise ValueError("datasets with history cannot be streamed")
    history = sample_history.build(dict(frames), as_of)
    final = len(history.loads) - 1
    for name, (rows, _) in streamed.items():  # the final load adds them
        history.counts[final][name] = {"added": rows, "changed": 0, "removed": 0, "unchanged": 0}
    create_schema(engine)
    with write_transaction(engine) as conn:
        import_ids = [
            record_import(
                conn,
                source=f"{source}: load of {at:%Y-%m-%d}",
                datasets=history.datasets[load],
                outcome=schema.OUTCOME_SEEDED,
                rows_added=history.rows(load, "added"),
                rows_changed=history.rows(load, "changed"),
                rows_removed=history.rows(load, "removed"),
                started_at=at,
                summary=history.summary(load),
            )
            for load, at in enumerate(history.loads)
        ]
        _write_versions(conn, history, import_ids, progress)
        for name, (expected, chunks) in streamed.items():
            table = schema.TABLES[name]
            rebuild = _can_copy(conn) and expected >= REBUILD_INDEXES_ROWS
            indexes = sorted(table.indexes, key=lambda index: str(index.name)) if rebuild else []
            for index in indexes:
                index.drop(conn)
            written = 0
            for chunk in chunks:
                rows = chunk.assign(
                    **{schema.IMPORT_ID: import_ids[final], schema.VALID_FROM: history.loads[final]}
                )
                written += bulk_insert(conn, table, rows)
                if progress:
                    progress(name, len(chunk))
            for index in indexes:
                index.create(conn)
                if progress:
                    progress(f"{name}: index {index.name} built", 0)
            if written != expected:
                raise RuntimeError(f"{name}: {written} rows made, {expected} expected")
    analyze(
        engine,
        [
            *schema.TABLES,
            *(schema.HISTORY_TABLES[n].name for n in history.history),
            *(table.name for table in schema.SUMMARY_TABLES),
        ],
    )
    counts = {name: len(frame) for name, frame in frames.items()}
    counts.update({name: rows for name, (rows, _) in streamed.items()})
    return counts


def _write_versions(
    conn: Connection,
    history: SampleHistory,
    import_ids: list[int],
    progress: Progress | None = None,
) -> None:
    """Replace every dataset with the sample's row versions (load indices become import ids)."""
    ids = np.asarray(import_ids)
    for name, current in history.current.items():
        conn.execute(schema.HISTORY_TABLES[name].delete())
        conn.execute(schema.TABLES[name].delete())
        written = bulk_insert(conn, schema.TABLES[name], _with_import_ids(current, ids))
        if progress and written:
            progress(name, written)
        if name in history.history:
            ended = _with_import_ids(history.history[name], ids)
            written = bulk_insert(conn, schema.HISTORY_TABLES[name], ended)
            if progress and written:
                progress(schema.HISTORY_TABLES[name].name, written)


def _with_import_ids(frame: pd.DataFrame, ids: np.ndarray) -> pd.DataFrame:
    columns = [c for c in (schema.IMPORT_ID, schema.ENDED_BY) if c in frame.columns]
    return frame.assign(**{c: ids[frame[c].to_numpy(dtype=int)] for c in columns})


def ensure_store(engine: Engine, seed_if_empty: bool | None = None) -> bool:
    """Create the schema if needed (``create_schema``: an older embedded store is upgraded
    after a backup, any other older store is refused until `steerco db upgrade`); fill an
    empty store with the sample portfolio only when asked, or by default only the embedded
    store beside the code (``engine.default_url``).

    A configured store (a PostgreSQL database, a SQLite file of one's own) that is empty stays
    empty: the app then says how to load data, rather than show the sample as if it were
    real. Returns True when the sample was loaded by this call.
    """
    create_schema(engine)
    if seed_if_empty is None:
        seed_if_empty = is_default_store(engine.url)
    if not (seed_if_empty and is_empty(engine)):
        return False
    try:
        load_sample(engine, source="sample on first start")
    except WriteRefused as exc:  # a read-only embedded store: shown empty, as it is
        log.warning("the sample was not loaded: %s", exc)
        return False
    return True
