"""Bringing a store made by an older Steerco up to the current schema version.

Each step adds what its version introduced; ``create_all`` (run before) has already created
the tables that did not exist. Steps run in one transaction with the version bump.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access import schema


def _add_column(conn: Connection, table: sa.Table, column: str) -> None:
    existing = {c["name"] for c in sa.inspect(conn).get_columns(table.name)}
    if column in existing:
        return
    quote = conn.dialect.identifier_preparer.quote
    sql_type = table.c[column].type.compile(dialect=conn.dialect)
    conn.exec_driver_sql(f"ALTER TABLE {quote(table.name)} ADD COLUMN {quote(column)} {sql_type}")


def _to_v2(conn: Connection) -> None:
    """Version 2: row history (system columns), rollback links, the tickets' made_sla."""
    for table in schema.TABLES.values():
        for column in schema.SYSTEM_COLUMNS:
            _add_column(conn, table, column)
    _add_column(conn, schema.TABLES["tickets"], "made_sla")
    for column in ("summary", "rollback_of", "rolled_back_by"):
        _add_column(conn, schema.imports, column)


def _to_v3(conn: Connection) -> None:
    """Version 3: the tickets' on_hold_hours, in the table and in its history (whose
    columns mirror the dataset's)."""
    for table in (schema.TABLES["tickets"], schema.HISTORY_TABLES["tickets"]):
        _add_column(conn, table, "on_hold_hours")


def _to_v4(conn: Connection) -> None:
    """Version 4: the audit trail. ``create_all`` has made the table and, with it, the
    triggers that keep it append-only; nothing else changes."""


def _to_v5(conn: Connection) -> None:
    """Version 5: the role table (``steerco_users``), made by ``create_all``."""


def _to_v6(conn: Connection) -> None:
    """Version 6: the meetings' chair and attendees (in the table and its history); the
    decisions and actions datasets and the meeting records are made by ``create_all``."""
    for table in (schema.TABLES["meetings"], schema.HISTORY_TABLES["meetings"]):
        for column in ("chair", "attendees"):
            _add_column(conn, table, column)


def _to_v7(conn: Connection) -> None:
    """Version 7: status reports' workflow (state, a reason per RAG dimension, the progress
    note, the decision's options and recommendation), in the table and its history; the
    reports already stored were checked the old way, so they are Approved. The report events
    table is made by ``create_all``."""
    added = (
        "decision_options", "decision_recommendation",
        *(f"{d}_reason" for d in schema.RAG_DIMENSIONS), "progress_note", "state",
    )  # fmt: skip
    for table in (schema.TABLES["status_reports"], schema.HISTORY_TABLES["status_reports"]):
        for column in added:
            _add_column(conn, table, column)
        conn.execute(
            table.update().where(table.c.state.is_(None)).values(state=schema.REPORT_APPROVED)
        )


#: Migration step that brings a store *to* each version.
STEPS: dict[int, Callable[[Connection], None]] = {
    2: _to_v2,
    3: _to_v3,
    4: _to_v4,
    5: _to_v5,
    6: _to_v6,
    7: _to_v7,
}


def migrate(conn: Connection, stored: int) -> int:
    """Run every step after ``stored`` up to the current version; returns the new version."""
    for version in range(stored + 1, schema.SCHEMA_VERSION + 1):
        STEPS[version](conn)
        conn.execute(schema.schema_info.update().values(version=version))
    return schema.SCHEMA_VERSION
