"""Creating the store, loading whole datasets into it, and recording each load."""

from __future__ import annotations

import getpass
import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from data_access import schema
from data_access.engine import write_transaction

#: Rows sent to the database per executemany: large enough to be fast, small enough that a
#: million tickets never sit in memory twice.
INSERT_CHUNK_ROWS = 50_000


class SchemaVersionError(RuntimeError):
    """The store was made by a newer Steerco than this one."""


def create_schema(engine: Engine) -> None:
    """Create missing tables and record the schema version (idempotent)."""
    schema.metadata.create_all(engine)
    with write_transaction(engine) as conn:
        stored = conn.execute(sa.select(schema.schema_info.c.version)).scalar_one_or_none()
        if stored is None:
            conn.execute(
                schema.schema_info.insert().values(
                    id=1, version=schema.SCHEMA_VERSION, created_at=datetime.now()
                )
            )
        elif stored > schema.SCHEMA_VERSION:
            raise SchemaVersionError(
                f"The store has schema version {stored}; this Steerco understands up to "
                f"{schema.SCHEMA_VERSION}. Upgrade Steerco."
            )


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


def _python_value(value):
    """A DataFrame cell as the DB driver wants it: None for missing, date/datetime, int."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if value is pd.NA:
        return None
    return value


def frame_records(ds: schema.Dataset, frame: pd.DataFrame) -> Iterable[list[dict]]:
    """Chunks of insertable dicts for a dataset frame, typed per the schema."""
    cols = list(ds.column_names)
    frame = frame.reindex(columns=cols)
    date_cols = [c.name for c in ds.columns if c.type is schema.ColumnType.DATE]
    for start in range(0, len(frame), INSERT_CHUNK_ROWS):
        chunk = frame.iloc[start : start + INSERT_CHUNK_ROWS]
        columns = {}
        for name in cols:
            values = [_python_value(v) for v in chunk[name].tolist()]
            if name in date_cols:
                values = [v.date() if isinstance(v, datetime) else v for v in values]
            columns[name] = values
        yield [dict(zip(cols, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def replace_datasets(conn: Connection, frames: Mapping[str, pd.DataFrame]) -> int:
    """Replace the whole content of the given datasets; returns rows written."""
    written = 0
    for name, frame in frames.items():
        ds = schema.dataset(name)
        table = schema.TABLES[name]
        conn.execute(table.delete())
        for records in frame_records(ds, frame):
            if records:
                conn.execute(table.insert(), records)
                written += len(records)
    return written


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
) -> int:
    result = conn.execute(
        schema.imports.insert().values(
            started_at=datetime.now(),
            user_name=user_name or _current_user(),
            source=source,
            sha256=sha256,
            datasets=",".join(datasets),
            rows_added=rows_added,
            rows_changed=rows_changed,
            rows_removed=rows_removed,
            outcome=outcome,
            message=message,
        )
    )
    return int(result.inserted_primary_key[0])


def _current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def load_frames(engine: Engine, frames: Mapping[str, pd.DataFrame], source: str) -> dict[str, int]:
    """Replace the given datasets with these frames in one transaction, and record it."""
    create_schema(engine)
    with write_transaction(engine) as conn:
        written = replace_datasets(conn, frames)
        record_import(conn, source=source, datasets=frames, outcome="seeded", rows_added=written)
    return {name: len(frame) for name, frame in frames.items()}


def load_sample(
    engine: Engine, scale: str = "demo", as_of: date | None = None, source: str = "sample"
) -> dict[str, int]:
    """Replace the store's content with the generated sample portfolio, in one transaction."""
    from data_access import sample_data  # generating is heavy; only import when seeding

    frames = sample_data.generate(scale=scale, as_of=as_of)
    return load_frames(engine, frames, source=f"{source} ({scale})")


def ensure_store(engine: Engine, seed_if_empty: bool = True) -> bool:
    """Create the schema if needed and fill an empty store with the sample portfolio.

    Returns True when the sample was loaded by this call.
    """
    create_schema(engine)
    if seed_if_empty and is_empty(engine):
        load_sample(engine, source="sample on first start")
        return True
    return False
