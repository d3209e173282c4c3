"""IT work requests (demand): the intake pipeline per status and the requests behind it.

Filtering (project filters, departments, as-of date) and the per-status aggregation happen in
SQL with bound parameters, on SQLite and PostgreSQL alike.

Requests count from their submission date: a request submitted after the as-of date did not
exist yet (one without a submission date always counts). Only a converted request has a
project; requests without one are shown when no project filter is active and left out while
one is, like portfolio-level RAID items (see :func:`without_project_hidden`).
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access import schema
from data_access.filters import Filters
from data_access.queries import project_ids_select, read

D = schema.TABLES["demand"]
P = schema.TABLES["projects"]


def _submitted_by(filters: Filters) -> sa.ColumnElement[bool]:
    return sa.or_(D.c.submitted_date.is_(None), D.c.submitted_date <= filters.as_of)


def _scoped(stmt: sa.Select, filters: Filters, departments: tuple[str, ...]) -> sa.Select:
    stmt = stmt.where(_submitted_by(filters))
    if departments:
        stmt = stmt.where(D.c.department.in_(list(departments)))
    if filters.narrows_projects:
        stmt = stmt.where(D.c.project_id.in_(project_ids_select(filters)))
    return stmt


def requests(conn: Connection, filters: Filters, departments: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every request submitted by the as-of date (filtered), with its project's name."""
    stmt = sa.select(*schema.data_columns("demand"), P.c.name.label("project_name")).outerjoin(
        P, P.c.project_id == D.c.project_id
    )
    stmt = _scoped(stmt, filters, departments).order_by(D.c.request_id)
    frame = read(conn, stmt)
    for col in ("value_score", "urgency", "risk_reduction"):
        frame[col] = frame[col].astype("Float64").astype(float)
    for col in ("effort_days", "cost_estimate"):
        frame[col] = frame[col].astype(float)
    return frame


def pipeline(conn: Connection, filters: Filters, departments: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per status: number of requests, total cost estimate and total effort (days)."""
    stmt = sa.select(
        D.c.status,
        sa.func.count().label("requests"),
        sa.func.coalesce(sa.func.sum(D.c.cost_estimate), 0.0).label("cost_estimate"),
        sa.func.coalesce(sa.func.sum(D.c.effort_days), 0.0).label("effort_days"),
    )
    stmt = _scoped(stmt, filters, departments).group_by(D.c.status).order_by(D.c.status)
    frame = read(conn, stmt)
    frame["requests"] = frame["requests"].astype(int)
    for col in ("cost_estimate", "effort_days"):
        frame[col] = frame[col].astype(float)
    return frame


def departments(conn: Connection) -> list[str]:
    """Distinct requesting departments, sorted (for the page's department filter)."""
    stmt = sa.select(D.c.department).where(D.c.department.is_not(None)).distinct()
    return sorted(read(conn, stmt)["department"].tolist())


def without_project_hidden(
    conn: Connection, filters: Filters, departments: tuple[str, ...] = ()
) -> int:
    """Requests without a project that the active project filters leave out."""
    if not filters.narrows_projects:
        return 0
    stmt = sa.select(sa.func.count()).select_from(D).where(_submitted_by(filters))
    stmt = stmt.where(D.c.project_id.is_(None))
    if departments:
        stmt = stmt.where(D.c.department.in_(list(departments)))
    return int(conn.execute(stmt).scalar_one())
