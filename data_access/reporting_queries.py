"""Reads for reporting completeness (``steerco.analytics.reporting``): the active projects in
the filters and their status reports of any state (drafts and returned ones included: the PMO
needs to see them, whatever the dashboards count)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access import schema
from data_access.filters import Filters
from data_access.queries import counted, project_ids_select, read

P = schema.TABLES["projects"]
SR = schema.TABLES["status_reports"]
REPORT_COLUMNS = ["project_id", "report_date", "state"]


def active_projects(
    conn: Connection, filters: Filters, apart_phases: tuple[str, ...]
) -> pd.DataFrame:
    """The projects in ``filters`` (and the user's scope) not in ``apart_phases`` (a project
    without a phase is active): project_id, name, project_manager, phase."""
    stmt = (
        sa.select(P.c.project_id, P.c.name, P.c.project_manager, P.c.phase)
        .where(P.c.project_id.in_(project_ids_select(filters)))
        .where(sa.or_(P.c.phase.is_(None), P.c.phase.not_in(list(apart_phases))))
        .order_by(P.c.project_id)
    )
    return read(conn, stmt)


def _latest(filters: Filters, until: date, where: sa.ColumnElement[bool] | None) -> sa.Select:
    """Each project's latest report on or before ``until`` (of the reports ``where`` picks)."""
    stmt = sa.select(SR.c.project_id, sa.func.max(SR.c.report_date).label("report_date")).where(
        SR.c.report_date <= until, SR.c.project_id.in_(project_ids_select(filters))
    )
    if where is not None:
        stmt = stmt.where(where)
    latest = stmt.group_by(SR.c.project_id).subquery()
    return sa.select(SR.c.project_id, SR.c.report_date, SR.c.state).join(
        latest,
        sa.and_(SR.c.project_id == latest.c.project_id, SR.c.report_date == latest.c.report_date),
    )


def reports(
    conn: Connection,
    filters: Filters,
    *,
    since: date,
    until: date,
    counted_states: tuple[str, ...],
) -> pd.DataFrame:
    """The filtered projects' status reports of any state dated after ``since`` and on or
    before ``until``, plus each project's latest report and latest counted report (states
    ``counted_states``, or none stored) on or before ``until`` whatever their date:
    project_id, report_date, state, by project and date."""
    window = sa.select(SR.c.project_id, SR.c.report_date, SR.c.state).where(
        SR.c.report_date > since,
        SR.c.report_date <= until,
        SR.c.project_id.in_(project_ids_select(filters)),
    )
    union = sa.union(  # UNION (not ALL): a report picked twice is read once
        window, _latest(filters, until, None), _latest(filters, until, counted(counted_states))
    ).subquery()
    stmt = sa.select(union.c.project_id, union.c.report_date, union.c.state).order_by(
        union.c.project_id, union.c.report_date
    )
    frame = read(conn, stmt)
    frame["report_date"] = pd.to_datetime(frame["report_date"])
    return frame[REPORT_COLUMNS]
