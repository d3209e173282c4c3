"""Reading a store back in tests: everything in it, a dataset as it stands, the import log.

Used to prove that a refused import, sync or command "changes nothing" (compare snapshots)
and to read what a committed one wrote."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from data_access import schema, versioning


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of every dataset and history table, in a stable order."""
    out = {}
    with engine.connect() as conn:
        for table in [*schema.TABLES.values(), *schema.HISTORY_TABLES.values()]:
            rows = conn.execute(sa.select(table)).fetchall()
            out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def current(engine, name: str) -> pd.DataFrame:
    """The rows of dataset ``name`` as they stand now."""
    with engine.connect() as conn:
        return versioning.as_of(conn, name, datetime.now())


def import_log(engine) -> pd.DataFrame:
    """Every import, refused ones included."""
    with engine.connect() as conn:
        return versioning.import_log(conn)
