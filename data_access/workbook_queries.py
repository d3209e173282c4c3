"""Reads of the "Download my projects" workbook: the current data of a set of projects, one
frame per sheet, in the dataset's columns (``data_access.template.filled_template`` writes
them into the template).

A connection in, DataFrames out; SQL through SQLAlchemy Core with bound parameters, the same
on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access import queries, schema

P = schema.TABLES["projects"]
SR = schema.TABLES["status_reports"]
MS = schema.TABLES["milestones"]
RAID = schema.TABLES["raid"]

#: The workbook's sheets, in schema order.
DATASETS = ("projects", "status_reports", "milestones", "raid")
#: RAID items left out of the workbook: a closed item is history, not something to update.
CLOSED_RAID = ("Closed",)
#: Project ids per IN (...) list: well under SQLite's 32,766 bound parameters.
ID_BATCH = 5_000


def _data_select(name: str) -> sa.Select:
    return sa.select(*schema.data_columns(name))


def _read_for(conn: Connection, ids: Sequence[str], build) -> pd.DataFrame:
    """``build(batch)`` read for every batch of ids, as one frame."""
    parts = [
        queries.read(conn, build(list(ids[start : start + ID_BATCH])))
        for start in range(0, len(ids), ID_BATCH)
    ]
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _typed(frame: pd.DataFrame, name: str, order: list[str]) -> pd.DataFrame:
    """The dataset's columns in order (an empty read keeps them), rows sorted by ``order``."""
    frame = frame.reindex(columns=list(schema.dataset(name).column_names))
    if frame.empty:
        return frame
    return frame.sort_values(order, kind="stable").reset_index(drop=True)


def store_project_ids(conn: Connection) -> list[str]:
    """Every stored project's id, sorted: the generic template's project drop-down."""
    return list(conn.execute(sa.select(P.c.project_id).order_by(P.c.project_id)).scalars())


def projects(conn: Connection, ids: Sequence[str]) -> pd.DataFrame:
    """The projects' own rows."""
    frame = _read_for(
        conn, ids, lambda batch: _data_select("projects").where(P.c.project_id.in_(batch))
    )
    return _typed(frame, "projects", ["project_id"])


def latest_reports(conn: Connection, ids: Sequence[str]) -> pd.DataFrame:
    """Each project's latest status report, whatever its state, with the state left empty: an
    upload back keeps an unchanged report's state (``versioning._workflow_state``)."""

    def build(batch: list[str]) -> sa.Select:
        latest = (
            sa.select(SR.c.project_id, sa.func.max(SR.c.report_date).label("report_date"))
            .where(SR.c.project_id.in_(batch))
            .group_by(SR.c.project_id)
            .subquery("latest")
        )
        return _data_select("status_reports").join(
            latest,
            sa.and_(
                SR.c.project_id == latest.c.project_id, SR.c.report_date == latest.c.report_date
            ),
        )

    frame = _typed(_read_for(conn, ids, build), "status_reports", ["project_id"])
    frame["state"] = None
    return frame


def milestones(conn: Connection, ids: Sequence[str]) -> pd.DataFrame:
    """Every milestone of the projects."""
    frame = _read_for(
        conn, ids, lambda batch: _data_select("milestones").where(MS.c.project_id.in_(batch))
    )
    return _typed(frame, "milestones", ["project_id", "milestone_id"])


def open_raid(conn: Connection, ids: Sequence[str]) -> pd.DataFrame:
    """The projects' RAID items that are not closed."""
    frame = _read_for(
        conn,
        ids,
        lambda batch: _data_select("raid").where(
            RAID.c.project_id.in_(batch), RAID.c.status.not_in(list(CLOSED_RAID))
        ),
    )
    return _typed(frame, "raid", ["project_id", "raid_id"])


def frames(conn: Connection, project_ids: Iterable[str]) -> dict[str, pd.DataFrame]:
    """The workbook's sheets for these projects (ids of no stored project are left out)."""
    ids = sorted({str(i) for i in project_ids})
    return {
        "projects": projects(conn, ids),
        "status_reports": latest_reports(conn, ids),
        "milestones": milestones(conn, ids),
        "raid": open_raid(conn, ids),
    }
