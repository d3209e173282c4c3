"""Stores made by older Steercos, for the migration tests: built by the revisions themselves
(``0002`` … ``00NN``), filled with rows in every table they have, and read back whole.

A store made by the previous release has only the integer version row (no Alembic stamp):
``store_at(url, "0002", stamped=False)`` makes exactly that.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import pandas as pd
import sqlalchemy as sa

from data_access import engine as store_engine
from data_access import migrations, schema, store

#: Rows taken from each sample dataset (enough for every kind of value, quick on both backends).
ROWS_PER_DATASET = 25
#: Rows of each history table: versions that an import ended.
HISTORY_ROWS = 3


def store_at(url: str, revision: str, *, stamped: bool = True) -> None:
    """Make the store at ``url`` (empty) what ``revision`` made; unstamped, as a store made
    before Alembic (only the version row says where it is)."""
    engine = store_engine.create_engine(url)
    with store_engine.write_transaction(engine, data=False) as conn:
        migrations.upgrade(conn, revision)
        if not stamped:
            conn.execute(sa.text(f"DROP TABLE {migrations.VERSION_TABLE}"))
    engine.dispose()


def tables(conn) -> dict[str, sa.Table]:
    """The store's own tables as they are in the database (not as ``schema.py`` has them)."""
    found = sa.MetaData()
    found.reflect(conn)
    return {name: t for name, t in found.tables.items() if name != migrations.VERSION_TABLE}


def _value(value: object, column: sa.Column) -> object:
    value = store.python_value(value)
    if value is not None and isinstance(column.type, sa.Date) and isinstance(value, datetime):
        return value.date()
    return value


def _records(frame: pd.DataFrame, table: sa.Table) -> list[dict]:
    names = [c.name for c in table.columns if c.name in frame.columns]
    return [
        {name: _value(row[name], table.c[name]) for name in names}
        for row in frame[names].to_dict(orient="records")
    ]


def fill(url: str, frames: Mapping[str, pd.DataFrame]) -> None:
    """Rows in every table the store has: the first rows of each sample dataset (the columns
    the table has), a few ended versions in each history table, two loads in the import log
    (one rolled back), a saved mapping, and the later tables' rows when they exist."""
    engine = store_engine.create_engine(url)
    loaded, ended = datetime(2026, 10, 1, 9, 0), datetime(2026, 11, 2, 10, 30)
    with store_engine.write_transaction(engine, data=False) as conn:  # any revision's tables
        found = tables(conn)
        conn.execute(
            found["steerco_imports"].insert(),
            [
                _import(1, loaded, "sample.xlsx", "committed", rolled_back_by=2),
                _import(2, ended, "rollback of #1", "rollback", rollback_of=1),
            ],
        )
        for ds in schema.DATASETS:
            if ds.name not in found:
                continue
            frame = (
                frames[ds.name]
                .head(ROWS_PER_DATASET)
                .assign(**{schema.IMPORT_ID: 1, schema.VALID_FROM: loaded})
            )
            conn.execute(found[ds.name].insert(), _records(frame, found[ds.name]))
            history = frame.head(HISTORY_ROWS).assign(
                **{schema.ENDED_BY: 2, schema.VALID_TO: ended}
            )
            old = found[f"{ds.name}_history"]
            conn.execute(old.insert(), _records(history, old))
        conn.execute(
            found["steerco_mappings"]
            .insert()
            .values(
                name="ERP export",
                dataset="financials",
                spec='{"columns": {"Cost centre": "category"}}',
                saved_by="pmo",
                saved_at=loaded,
            )
        )
        _later_tables(conn, found, loaded)
    engine.dispose()


def _import(import_id: int, at: datetime, source: str, outcome: str, **links) -> dict:
    return {
        "import_id": import_id,
        "started_at": at,
        "user_name": "pmo",
        "source": source,
        "sha256": "0" * 64,
        "datasets": "projects,raid",
        "rows_added": 5,
        "rows_changed": 2,
        "rows_removed": 1,
        "outcome": outcome,
        "message": None,
        "summary": '{"projects": {"added": 5}}',
        "rollback_of": links.get("rollback_of"),
        "rolled_back_by": links.get("rolled_back_by"),
    }


def _later_tables(conn, found: dict[str, sa.Table], at: datetime) -> None:
    """A row in each table of versions 4 to 7 that the store has."""
    if "steerco_audit" in found:
        conn.execute(found["steerco_audit"].insert().values(at=at, actor="pmo", action="import"))
    if "steerco_users" in found:
        conn.execute(
            found["steerco_users"]
            .insert()
            .values(email="ann@example.org", role="pmo", updated_at=at)
        )
    if "steerco_meeting_records" in found:
        conn.execute(
            found["steerco_meeting_records"]
            .insert()
            .values(meeting_date=date(2026, 10, 5), status="closed", updated_at=at)
        )
    if "steerco_report_events" in found:
        conn.execute(
            found["steerco_report_events"]
            .insert()
            .values(
                project_id="PRJ-001",
                report_date=date(2026, 10, 1),
                state="Submitted",
                actor="pm",
                at=at,
            )
        )


def contents(url: str, only: Mapping[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    """Every row of every table (or of ``only``'s tables and columns), sorted: what a
    migration must keep."""
    engine = store_engine.create_engine(url)
    out = {}
    with engine.connect() as conn:
        found = tables(conn)
        wanted = only or {name: [c.name for c in t.columns] for name, t in found.items()}
        for name, columns in wanted.items():
            table = found[name]
            rows = conn.execute(sa.select(*(table.c[c] for c in columns))).fetchall()
            out[name] = sorted((tuple(r) for r in rows), key=repr)
    engine.dispose()
    return out


def columns(url: str) -> dict[str, list[str]]:
    """Each table's columns, as the store has them."""
    engine = store_engine.create_engine(url)
    with engine.connect() as conn:
        found = {name: [c.name for c in t.columns] for name, t in tables(conn).items()}
    engine.dispose()
    return found


def state(url: str) -> migrations.State:
    engine = store_engine.create_engine(url)
    with engine.connect() as conn:
        found = migrations.state(conn)
    engine.dispose()
    return found


def differences(url: str) -> list:
    engine = store_engine.create_engine(url)
    with engine.connect() as conn:
        found = migrations.differences(conn)
    engine.dispose()
    return found
