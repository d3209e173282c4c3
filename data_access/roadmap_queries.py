"""Reads for the Roadmap page: projects' dates and status, milestones to watch, versions.

SQLAlchemy Core with bound parameters only, the same code on SQLite and PostgreSQL. The
filters (programme, portfolio, … reported status) narrow the projects in SQL through
``queries.project_ids_select``; the as-of date picks the latest status report and decides
which milestones were still open and which milestone versions were known.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

import pandas as pd
import sqlalchemy as sa

from data_access import schema
from data_access.filters import Filters
from data_access.queries import (
    MS,
    SR,
    Connectable,
    P,
    latest_reports_subquery,
    project_ids_select,
    read,
)

MS_HISTORY = schema.HISTORY_TABLES["milestones"]
MILESTONE_COLUMNS = (
    "milestone_id",
    "project_id",
    "name",
    "baseline_date",
    "forecast_date",
    "actual_date",
    "is_gate",
)


def _open_at(as_of: date) -> sa.ColumnElement[bool]:
    """Not reached by the as-of date (no actual date, or one after it)."""
    return sa.or_(MS.c.actual_date.is_(None), MS.c.actual_date > as_of)


def roadmap_projects(conn: Connectable, filters: Filters) -> pd.DataFrame:
    """One row per filtered project: its dates and the latest overall RAG on or before as-of.

    Columns: project_id, name, programme, phase, project_manager, start_date,
    baseline_end_date, forecast_end_date, overall_rag (None: no report yet), report_date.
    """
    ids = project_ids_select(filters).subquery("ids")
    latest = latest_reports_subquery(filters.as_of, filters.report_states)
    report = (
        sa.select(SR.c.project_id, SR.c.report_date, SR.c.overall_rag)
        .join(
            latest,
            sa.and_(
                SR.c.project_id == latest.c.project_id,
                SR.c.report_date == latest.c.report_date,
            ),
        )
        .subquery("report")
    )
    stmt = (
        sa.select(
            P.c.project_id,
            P.c.name,
            P.c.programme,
            P.c.phase,
            P.c.project_manager,
            P.c.start_date,
            P.c.baseline_end_date,
            P.c.forecast_end_date,
            report.c.overall_rag,
            report.c.report_date,
        )
        .join(ids, ids.c.project_id == P.c.project_id)
        .outerjoin(report, report.c.project_id == P.c.project_id)
        .order_by(P.c.project_id)
    )
    return read(conn, stmt)


def watch_milestones(conn: Connectable, filters: Filters) -> pd.DataFrame:
    """Milestones of the filtered projects still open at the as-of date that are either late
    against their baseline (forecast after baseline) or gates — the candidates for the
    "slipped" and "gates due" lists (the exact rules are in ``steerco.analytics.roadmap``).

    Columns: the milestone columns, project_name, project_rag (latest overall RAG).
    """
    as_of = filters.as_of
    latest = latest_reports_subquery(as_of, filters.report_states)
    rag = (
        sa.select(SR.c.project_id, SR.c.overall_rag)
        .join(
            latest,
            sa.and_(
                SR.c.project_id == latest.c.project_id,
                SR.c.report_date == latest.c.report_date,
            ),
        )
        .subquery("rag")
    )
    stmt = (
        sa.select(
            *(MS.c[c] for c in MILESTONE_COLUMNS),
            P.c.name.label("project_name"),
            rag.c.overall_rag.label("project_rag"),
        )
        .join(P, P.c.project_id == MS.c.project_id)
        .outerjoin(rag, rag.c.project_id == MS.c.project_id)
        .where(
            MS.c.project_id.in_(project_ids_select(filters)),
            _open_at(as_of),
            sa.or_(MS.c.forecast_date > MS.c.baseline_date, MS.c.is_gate == sa.true()),
        )
        .order_by(MS.c.project_id, MS.c.milestone_id)
    )
    frame = read(conn, stmt)
    frame["is_gate"] = frame["is_gate"].fillna(False).astype(bool)
    return frame


def project_gates(conn: Connectable, project_ids: Sequence[str]) -> pd.DataFrame:
    """Every gate (passed or not) of these projects, for the marks on the Gantt rows."""
    if not project_ids:
        return pd.DataFrame(columns=[*MILESTONE_COLUMNS])
    stmt = (
        sa.select(*(MS.c[c] for c in MILESTONE_COLUMNS))
        .where(
            MS.c.is_gate == sa.true(),
            MS.c.project_id.in_(sa.bindparam("ids", list(project_ids), expanding=True)),
        )
        .order_by(MS.c.project_id, MS.c.forecast_date, MS.c.milestone_id)
    )
    frame = read(conn, stmt)
    frame["is_gate"] = frame["is_gate"].fillna(False).astype(bool)
    return frame


def project_milestones(conn: Connectable, project_id: str) -> pd.DataFrame:
    """The current milestones of one project, by baseline date."""
    stmt = (
        sa.select(*(MS.c[c] for c in MILESTONE_COLUMNS))
        .where(MS.c.project_id == project_id)
        .order_by(MS.c.baseline_date, MS.c.milestone_id)
    )
    frame = read(conn, stmt)
    frame["is_gate"] = frame["is_gate"].fillna(False).astype(bool)
    return frame


def milestone_versions(conn: Connectable, project_id: str, until: date) -> pd.DataFrame:
    """Every stored version of one project's milestones that became valid before the end of
    the ``until`` day — the current rows and the ones later imports replaced — oldest first.

    Columns: the milestone columns, ``_import_id``, ``_valid_from``, ``_valid_to`` (NaT for
    the current version). This is the raw material of the milestone trend analysis.
    """
    end = datetime.combine(until, time.min) + timedelta(days=1)

    def part(table: sa.Table, valid_to) -> sa.Select:
        return sa.select(
            *(table.c[c] for c in MILESTONE_COLUMNS),
            table.c[schema.IMPORT_ID],
            table.c[schema.VALID_FROM],
            valid_to,
        ).where(
            table.c.project_id == project_id,
            sa.or_(table.c[schema.VALID_FROM].is_(None), table.c[schema.VALID_FROM] < end),
        )

    current = part(MS, sa.cast(sa.null(), sa.DateTime).label(schema.VALID_TO))
    history = part(MS_HISTORY, MS_HISTORY.c[schema.VALID_TO])
    union = sa.union_all(current, history).subquery("versions")
    stmt = sa.select(union).order_by(union.c.milestone_id, union.c[schema.VALID_FROM])
    frame = read(conn, stmt)
    for col in (
        "baseline_date",
        "forecast_date",
        "actual_date",
        schema.VALID_FROM,
        schema.VALID_TO,
    ):
        frame[col] = pd.to_datetime(frame[col])
    frame["is_gate"] = frame["is_gate"].fillna(False).astype(bool)
    frame[schema.IMPORT_ID] = frame[schema.IMPORT_ID].astype("Int64")
    return frame
