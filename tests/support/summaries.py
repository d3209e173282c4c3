"""Reading Operations figures from the tickets or from the summaries (data_access/summaries.py):
fixtures that write rows behind Steerco's back (no load) say which the test reads."""

from __future__ import annotations

from sqlalchemy.engine import Connection

from data_access import schema, summaries
from data_access.operations_queries import SAME_ZONE
from data_access.zones import Zones

#: Where the Operations queries read their figures.
READ_FROM = ("tickets", "summaries")


def read_from(conn: Connection, how: str, zones: Zones = SAME_ZONE) -> None:
    """``summaries``: rebuild them (cut in ``zones``) from the rows now stored; ``tickets``:
    mark them not built, so the queries read the tickets themselves."""
    if how == "summaries":
        summaries.rebuild(conn, zones)
    else:
        conn.execute(schema.summary_info.delete())
