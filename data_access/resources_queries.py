"""Resources: capacity against demand per resource and month, aggregated in SQL.

Every query covers a window of months (``start`` inclusive, ``end`` exclusive, both first days
of a month) and takes the global project filters and an optional team selection:

* **demand** (allocations: planned and actual days) counts only the allocations to the
  projects the global filters select;
* **capacity** belongs to people, not projects: the project filters leave it whole, only the
  team selection narrows it (and the demand with it).

A resource-month's team, role, sourcing and day rate come from its capacity row; days
allocated in a month without a capacity row take them from the resource's latest capacity
row (and count with zero capacity). Months are bucketed to their first day in SQL, so a date
inside a month (``2026-11-15``) counts in that month on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access import frames, schema
from data_access.filters import Filters
from data_access.queries import project_ids_select

CAP = schema.TABLES["capacity"]
AL = schema.TABLES["allocations"]
P = schema.TABLES["projects"]

#: Columns of :func:`resource_months`.
CELL_COLUMNS = (
    "resource", "month", "team", "role", "sourcing", "capacity_days", "has_capacity",
    "day_rate", "planned_days", "actual_days", "projects", "planned_cost", "actual_cost",
)  # fmt: skip
_FLOAT_COLUMNS = (
    "capacity_days", "day_rate", "planned_days", "actual_days", "planned_cost", "actual_cost",
)  # fmt: skip


def month_start(conn: Connection, column: sa.ColumnElement) -> sa.ColumnElement:
    """The first day of the column's month, as a DATE, in the connection's SQL dialect."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        return sa.cast(sa.func.date_trunc(sa.literal_column("'month'"), column), sa.Date)
    if dialect == "sqlite":
        return sa.func.date(column, sa.literal_column("'start of month'"), type_=sa.Date)
    raise NotImplementedError(f"month bucketing is not written for the {dialect} dialect")


def _in_window(column: sa.ColumnElement, start: date, end: date) -> sa.ColumnElement:
    return sa.and_(column >= start, column < end)


def _null(type_: sa.types.TypeEngine) -> sa.ColumnElement:
    """A typed NULL, so that both sides of a UNION agree on PostgreSQL."""
    return sa.cast(sa.null(), type_)


def _cells_select(
    conn: Connection, filters: Filters, start: date, end: date, teams: tuple[str, ...]
) -> sa.Select:
    """One row per resource and month of the window that has capacity or demand.

    One pass over each table: the capacity rows and the allocation rows of the window are
    stacked (UNION ALL) and summed per resource and month; the resource's latest capacity
    row fills in team, role, sourcing and day rate for months without a capacity row.
    """
    text, number = sa.String(schema.NAME_LENGTH), sa.Float()
    capacity_rows = sa.select(
        CAP.c.resource,
        month_start(conn, CAP.c.month).label("month"),
        CAP.c.team,
        CAP.c.role,
        CAP.c.sourcing,
        CAP.c.capacity_days,
        CAP.c.day_rate,
        sa.literal(1).label("has_capacity"),
        _null(number).label("planned_days"),
        _null(number).label("actual_days"),
        _null(text).label("project_id"),
    ).where(_in_window(CAP.c.month, start, end))
    allocation_rows = sa.select(
        AL.c.resource,
        month_start(conn, AL.c.month).label("month"),
        _null(text).label("team"),
        _null(text).label("role"),
        _null(text).label("sourcing"),
        _null(number).label("capacity_days"),
        _null(number).label("day_rate"),
        sa.literal(0).label("has_capacity"),
        AL.c.planned_days,
        AL.c.actual_days,
        AL.c.project_id,
    ).where(_in_window(AL.c.month, start, end))
    if filters.narrows_projects:
        allocation_rows = allocation_rows.where(AL.c.project_id.in_(project_ids_select(filters)))
    rows = sa.union_all(capacity_rows, allocation_rows).subquery("rows")
    summed = (
        sa.select(
            rows.c.resource,
            rows.c.month,
            sa.func.max(rows.c.team).label("team"),
            sa.func.max(rows.c.role).label("role"),
            sa.func.max(rows.c.sourcing).label("sourcing"),
            sa.func.coalesce(sa.func.sum(rows.c.capacity_days), 0.0).label("capacity_days"),
            sa.func.max(rows.c.has_capacity).label("has_capacity"),
            sa.func.max(rows.c.day_rate).label("day_rate"),
            sa.func.coalesce(sa.func.sum(rows.c.planned_days), 0.0).label("planned_days"),
            sa.func.sum(rows.c.actual_days).label("actual_days"),
            sa.func.count(sa.distinct(rows.c.project_id)).label("projects"),
        )
        .group_by(rows.c.resource, rows.c.month)
        .subquery("summed")
    )
    latest = (
        sa.select(CAP.c.resource, sa.func.max(CAP.c.month).label("month"))
        .group_by(CAP.c.resource)
        .subquery("latest")
    )
    profile = (
        sa.select(CAP.c.resource, CAP.c.team, CAP.c.role, CAP.c.sourcing, CAP.c.day_rate)
        .join(latest, sa.and_(CAP.c.resource == latest.c.resource, CAP.c.month == latest.c.month))
        .subquery("profile")
    )
    own = summed.c.has_capacity == 1

    def filled(column: str) -> sa.ColumnElement:
        return sa.case((own, summed.c[column]), else_=profile.c[column])

    team = filled("team")
    rate = filled("day_rate")
    stmt = sa.select(
        summed.c.resource,
        summed.c.month,
        team.label("team"),
        filled("role").label("role"),
        filled("sourcing").label("sourcing"),
        summed.c.capacity_days,
        summed.c.has_capacity,
        rate.label("day_rate"),
        summed.c.planned_days,
        summed.c.actual_days,
        summed.c.projects,
        (summed.c.planned_days * rate).label("planned_cost"),
        (summed.c.actual_days * rate).label("actual_cost"),
    ).outerjoin(profile, profile.c.resource == summed.c.resource)
    if teams:
        stmt = stmt.where(team.in_(list(teams)))
    return stmt


def _frame(conn: Connection, stmt: sa.Select, dates: tuple[str, ...] = ("month",)) -> pd.DataFrame:
    result = conn.execute(stmt)
    columns = list(result.keys())
    # plain tuples: pandas inspects Row objects one attribute at a time, which is slow
    frame = frames.frame(result, columns)
    for col in dates:
        if col in frame:
            frame[col] = pd.to_datetime(frame[col]).astype("datetime64[us]")
    for col in frame.columns:
        if col in _FLOAT_COLUMNS:
            frame[col] = frame[col].astype(float)
    return frame


def resource_months(
    conn: Connection, filters: Filters, start: date, end: date, teams: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Per resource and month of the window: capacity, planned and actual days and cost.

    Columns: see :data:`CELL_COLUMNS`. ``has_capacity`` is 0 for a month the resource has no
    capacity row for (its ``capacity_days`` is then 0); ``actual_days`` is empty where no
    actuals are booked; the costs are days × day rate (empty without a day rate).
    """
    cells = _cells_select(conn, filters, start, end, teams).subquery("cells")
    stmt = sa.select(*cells.c).order_by(cells.c.resource, cells.c.month)
    frame = _frame(conn, stmt)
    frame["has_capacity"] = frame["has_capacity"].astype(bool)
    frame["projects"] = frame["projects"].astype(int)
    return frame.reindex(columns=list(CELL_COLUMNS))


#: Columns :func:`monthly_totals` can group by beside the month.
GROUPS = ("team", "sourcing")
#: Columns of :func:`monthly_totals` besides the month and the groups.
TOTAL_COLUMNS = (
    "capacity_days", "planned_days", "actual_days", "planned_cost", "actual_cost",
    "unpriced_days", "resources",
)  # fmt: skip


def monthly_totals(
    conn: Connection,
    filters: Filters,
    start: date,
    end: date,
    teams: tuple[str, ...] = (),
    by: tuple[str, ...] = GROUPS,
) -> pd.DataFrame:
    """Per month (and team, sourcing): capacity, planned and actual days and their cost.

    Columns: month, the ``by`` columns, then :data:`TOTAL_COLUMNS`: ``actual_days`` and
    ``actual_cost`` are empty where no actuals are booked; ``unpriced_days`` are planned
    days of people without a day rate (left out of the cost); ``resources`` counts the
    people with a capacity row in the month.
    """
    unknown = set(by) - set(GROUPS)
    if unknown:
        raise ValueError(f"cannot group by {sorted(unknown)}; choose from {GROUPS}")
    cells = _cells_select(conn, filters, start, end, teams).subquery("cells")
    groups = [cells.c.month, *(cells.c[name] for name in by)]
    unpriced = sa.case((cells.c.day_rate.is_(None), cells.c.planned_days), else_=0.0)
    stmt = (
        sa.select(
            *groups,
            sa.func.sum(cells.c.capacity_days).label("capacity_days"),
            sa.func.sum(cells.c.planned_days).label("planned_days"),
            sa.func.sum(cells.c.actual_days).label("actual_days"),
            sa.func.sum(cells.c.planned_cost).label("planned_cost"),
            sa.func.sum(cells.c.actual_cost).label("actual_cost"),
            sa.func.sum(unpriced).label("unpriced_days"),
            sa.func.sum(cells.c.has_capacity).label("resources"),
        )
        .group_by(*groups)
        .order_by(*groups)
    )
    frame = _frame(conn, stmt)
    frame["unpriced_days"] = frame["unpriced_days"].astype(float)
    frame["resources"] = frame["resources"].astype(int)
    return frame


def allocation_rows(
    conn: Connection,
    filters: Filters,
    start: date,
    end: date,
    resources: list[str] | tuple[str, ...],
) -> pd.DataFrame:
    """The allocations of these resources in the window (filtered projects only), per
    resource, month and project: resource, month, project_id, project_name, planned_days,
    actual_days. Empty when ``resources`` is empty."""
    columns = ["resource", "month", "project_id", "project_name", "planned_days", "actual_days"]
    if not resources:
        return pd.DataFrame(columns=columns)
    alloc = sa.select(
        AL.c.resource,
        month_start(conn, AL.c.month).label("month"),
        AL.c.project_id,
        AL.c.planned_days,
        AL.c.actual_days,
    ).where(
        _in_window(AL.c.month, start, end),
        AL.c.resource.in_(list(resources)),
    )
    if filters.narrows_projects:
        alloc = alloc.where(AL.c.project_id.in_(project_ids_select(filters)))
    alloc = alloc.subquery("alloc")
    stmt = (
        sa.select(
            alloc.c.resource,
            alloc.c.month,
            alloc.c.project_id,
            sa.func.max(P.c.name).label("project_name"),
            sa.func.coalesce(sa.func.sum(alloc.c.planned_days), 0.0).label("planned_days"),
            sa.func.sum(alloc.c.actual_days).label("actual_days"),
        )
        .outerjoin(P, P.c.project_id == alloc.c.project_id)
        .group_by(alloc.c.resource, alloc.c.month, alloc.c.project_id)
        .order_by(alloc.c.resource, alloc.c.month, alloc.c.project_id)
    )
    return _frame(conn, stmt).reindex(columns=columns)


def teams(conn: Connection) -> list[str]:
    """Distinct teams of the capacity dataset, sorted (for the team filter)."""
    stmt = sa.select(CAP.c.team).where(CAP.c.team.is_not(None)).distinct()
    return sorted(str(v) for v in conn.execute(stmt).scalars())
