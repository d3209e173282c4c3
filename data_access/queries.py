"""Read functions: filters in, DataFrames out; filtering and aggregation happen in SQL.

Every function takes a SQLAlchemy ``Connection`` (or ``Engine``) first and builds its SQL with
SQLAlchemy Core, so every value is a bound parameter and the same code runs on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from data_access import frames, schema
from data_access.filters import PROJECT_FILTER_COLUMNS, Filters

P = schema.TABLES["projects"]
SR = schema.TABLES["status_reports"]
FIN = schema.TABLES["financials"]
MS = schema.TABLES["milestones"]
RAID = schema.TABLES["raid"]
MEET = schema.TABLES["meetings"]

#: Phases that count as "active" work for staleness and milestone views.
INACTIVE_PHASES = ("Closed",)


Connectable = Connection | Engine


def _cols(table: sa.Table) -> list[sa.Column]:
    """A dataset table's own columns, without the history bookkeeping columns."""
    return schema.data_columns(table.name)


def _read(conn: Connectable, stmt: sa.Executable) -> pd.DataFrame:
    """Run a statement and return a DataFrame with dates as datetime64."""
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return _read(c, stmt)
    result = conn.execute(stmt)
    frame = frames.frame(result)
    for col in getattr(stmt, "selected_columns", []):
        if col.name in frame and isinstance(col.type, sa.Date | sa.DateTime):
            frame[col.name] = pd.to_datetime(frame[col.name])
    return frame


#: Public name of ``_read`` for the area query modules (``data_access/<area>_queries.py``).
read = _read


def counted(states: tuple[str, ...]) -> sa.ColumnElement[bool]:
    """The status reports that count: in ``states`` (``Filters.report_states``). A report
    stored before the workflow (no state) counts."""
    return sa.or_(SR.c.state.in_(list(states)), SR.c.state.is_(None))


def latest_reports_subquery(as_of: date, states: tuple[str, ...]) -> sa.Subquery:
    """Per project, the date of its latest counted status report on or before ``as_of``."""
    return (
        sa.select(SR.c.project_id, sa.func.max(SR.c.report_date).label("report_date"))
        .where(SR.c.report_date <= as_of, counted(states))
        .group_by(SR.c.project_id)
        .subquery("latest")
    )


def in_scope(filters: Filters) -> sa.ColumnElement[bool]:
    """The projects of the user's scope: in one of its portfolios or programmes."""
    return sa.or_(
        P.c.portfolio.in_(list(filters.scope_portfolio)),
        P.c.programme.in_(list(filters.scope_programme)),
    )


def project_ids_select(filters: Filters) -> sa.Select:
    """SELECT project_id FROM projects WHERE <filters> — reusable as an IN subquery."""
    stmt = sa.select(P.c.project_id)
    if filters.scoped:
        stmt = stmt.where(in_scope(filters))
    for name in PROJECT_FILTER_COLUMNS:
        values = getattr(filters, name)
        if values:
            stmt = stmt.where(P.c[name].in_(list(values)))
    if filters.rag:
        latest = latest_reports_subquery(filters.as_of, filters.report_states)
        stmt = (
            stmt.join(latest, latest.c.project_id == P.c.project_id)
            .join(
                SR,
                sa.and_(
                    SR.c.project_id == latest.c.project_id,
                    SR.c.report_date == latest.c.report_date,
                ),
            )
            .where(SR.c.overall_rag.in_(list(filters.rag)))
        )
    return stmt


def filter_options(conn: Connectable, scope: Filters | None = None) -> dict[str, list[str]]:
    """Distinct values per filterable column, sorted, for the sidebar; with ``scope``, only
    those of the projects in the user's scope (another portfolio's names are not shown)."""
    options: dict[str, list[str]] = {}
    for name in PROJECT_FILTER_COLUMNS:
        stmt = sa.select(P.c[name]).where(P.c[name].is_not(None)).distinct()
        if scope is not None and scope.scoped:
            stmt = stmt.where(in_scope(scope))
        values = _read(conn, stmt)[name].tolist()
        if name == "phase":
            order = {p: i for i, p in enumerate(schema.PHASES)}
            options[name] = sorted(values, key=lambda v: (order.get(v, 99), v))
        else:
            options[name] = sorted(values)
    return options


def portfolio(conn: Connectable, filters: Filters, high_risk_score: int) -> pd.DataFrame:
    """One row per project matching the filters with its latest report and aggregates.

    Columns: every projects column; the latest report on or before the as-of date
    (report_date, the six *_rag columns as reported, reported_percent_complete, summary,
    decisions_required); cumulative finance to date (pv, ac: whole months up to the as-of
    month; pv_month, ac_month: the as-of month's part of them; remaining_forecast,
    budget_total, committed); and open-risk figures (open_risks, open_high_risks,
    max_open_risk_score).
    """
    as_of = filters.as_of
    ids = project_ids_select(filters).subquery("ids")
    latest = latest_reports_subquery(as_of, filters.report_states)
    report = (
        sa.select(
            SR.c.project_id,
            SR.c.report_date,
            SR.c.overall_rag,
            SR.c.schedule_rag,
            SR.c.budget_rag,
            SR.c.scope_rag,
            SR.c.resources_rag,
            SR.c.risk_rag,
            SR.c.percent_complete.label("reported_percent_complete"),
            SR.c.summary,
            SR.c.decisions_required,
            SR.c.decision_options,
            SR.c.decision_recommendation,
        )
        .join(
            latest,
            sa.and_(
                SR.c.project_id == latest.c.project_id,
                SR.c.report_date == latest.c.report_date,
            ),
        )
        .subquery("report")
    )
    past = FIN.c.period <= as_of
    # The as-of month holds both the cost booked so far and what is still expected in it.
    remaining = FIN.c.period >= as_of.replace(day=1)
    this_month = sa.and_(past, remaining)
    money = (
        sa.select(
            FIN.c.project_id,
            sa.func.sum(sa.case((past, FIN.c.budget), else_=0.0)).label("pv"),
            sa.func.sum(sa.case((past, FIN.c.actual), else_=0.0)).label("ac"),
            sa.func.sum(sa.case((this_month, FIN.c.budget), else_=0.0)).label("pv_month"),
            sa.func.sum(sa.case((this_month, FIN.c.actual), else_=0.0)).label("ac_month"),
            sa.func.sum(sa.case((remaining, FIN.c.forecast), else_=0.0)).label(
                "remaining_forecast"
            ),
            sa.func.sum(FIN.c.budget).label("budget_total"),
            sa.func.sum(FIN.c.committed).label("committed"),
        )
        .group_by(FIN.c.project_id)
        .subquery("money")
    )
    score = RAID.c.probability * RAID.c.impact
    risks = (
        sa.select(
            RAID.c.project_id,
            sa.func.count().label("open_risks"),
            sa.func.sum(sa.case((score >= high_risk_score, 1), else_=0)).label("open_high_risks"),
            sa.func.max(score).label("max_open_risk_score"),
        )
        # open on the as-of date, by the same rule as every RAID list (raid_open_on)
        .where(RAID.c.type == "Risk", raid_open_on(as_of), RAID.c.project_id.is_not(None))
        .group_by(RAID.c.project_id)
        .subquery("risks")
    )
    report_cols = [c for c in report.c if c.name != "project_id"]
    money_cols = [c for c in money.c if c.name != "project_id"]
    risk_cols = [c for c in risks.c if c.name != "project_id"]
    stmt = (
        sa.select(*_cols(P), *report_cols, *money_cols, *risk_cols)
        .join(ids, ids.c.project_id == P.c.project_id)
        .outerjoin(report, report.c.project_id == P.c.project_id)
        .outerjoin(money, money.c.project_id == P.c.project_id)
        .outerjoin(risks, risks.c.project_id == P.c.project_id)
        .order_by(P.c.project_id)
    )
    frame = _read(conn, stmt)
    for col in ("open_risks", "open_high_risks"):
        frame[col] = frame[col].fillna(0).astype(int)
    for col in (
        "pv",
        "ac",
        "pv_month",
        "ac_month",
        "remaining_forecast",
        "budget_total",
        "committed",
    ):
        frame[col] = frame[col].astype(float).fillna(0.0)
    frame["max_open_risk_score"] = frame["max_open_risk_score"].astype(float)
    return frame


def _latest_reports_select(filters: Filters, when: date, *columns) -> sa.Select:
    """project_id, report_date and ``columns`` of each filtered project's latest status report
    on or before ``when`` (projects without one are left out)."""
    latest = latest_reports_subquery(when, filters.report_states)
    ids = project_ids_select(filters).subquery("ids")
    return (
        sa.select(SR.c.project_id, SR.c.report_date, *columns)
        .join(
            latest,
            sa.and_(
                SR.c.project_id == latest.c.project_id,
                SR.c.report_date == latest.c.report_date,
            ),
        )
        .join(ids, ids.c.project_id == SR.c.project_id)
        .order_by(SR.c.project_id)
    )


def reports_as_of(conn: Connectable, filters: Filters, when: date) -> pd.DataFrame:
    """Latest status report per filtered project on or before ``when`` (RAG columns only)."""
    rags = (
        SR.c[f"{d}_rag"] for d in ("overall", "schedule", "budget", "scope", "resources", "risk")
    )
    return _read(conn, _latest_reports_select(filters, when, *rags))


def latest_requests(conn: Connectable, filters: Filters) -> pd.DataFrame:
    """Per filtered project with a status report by the as-of date: name, phase, project
    manager, and the latest report's report_date, decisions_required and the decision's
    options and recommendation."""
    stmt = _latest_reports_select(
        filters,
        filters.as_of,
        P.c.name,
        P.c.phase,
        P.c.project_manager,
        SR.c.decisions_required,
        SR.c.decision_options,
        SR.c.decision_recommendation,
    ).join(P, P.c.project_id == SR.c.project_id)
    return _read(conn, stmt)


def meetings(conn: Connectable) -> pd.DataFrame:
    return _read(conn, sa.select(*_cols(MEET)).order_by(MEET.c.meeting_date))


def milestones(
    conn: Connectable,
    filters: Filters,
    *,
    project_id: str | None = None,
    open_due_before: date | None = None,
) -> pd.DataFrame:
    """Milestones of the filtered projects (or one project), with the project name.

    ``open_due_before``: only milestones not yet reached whose forecast date is on or before
    that date (due soon or overdue).
    """
    stmt = sa.select(*_cols(MS), P.c.name.label("project_name")).join(
        P, P.c.project_id == MS.c.project_id
    )
    if project_id is not None:
        stmt = stmt.where(MS.c.project_id == project_id)
    else:
        stmt = stmt.where(MS.c.project_id.in_(project_ids_select(filters)))
    if open_due_before is not None:
        stmt = stmt.where(MS.c.actual_date.is_(None), MS.c.forecast_date <= open_due_before)
    stmt = stmt.order_by(MS.c.forecast_date, MS.c.milestone_id)
    return _read(conn, stmt)


#: RAID state on a date D, shared by every page (the Risks page's queries import these):
#: raised by D — ``raised_date`` ≤ D or unknown; closed by D — ``closed_date`` ≤ D, or status
#: Closed without a closed date (closed, when is not known: closed on every date); open on D —
#: raised by D and not closed by D.
RAID_CLOSED = "Closed"
#: Status on D of an item closed after D: whether it was "Open" or "In progress" then is not
#: recorded, so it shows as "Open".
RAID_REOPENED_STATUS = "Open"


def raid_raised_by(day: date) -> sa.ColumnElement[bool]:
    return sa.or_(RAID.c.raised_date.is_(None), RAID.c.raised_date <= day)


def raid_closed_by(day: date) -> sa.ColumnElement[bool]:
    return sa.or_(
        sa.and_(RAID.c.closed_date.is_not(None), RAID.c.closed_date <= day),
        sa.and_(RAID.c.closed_date.is_(None), RAID.c.status == RAID_CLOSED),
    )


def raid_open_on(day: date) -> sa.ColumnElement[bool]:
    return sa.and_(raid_raised_by(day), sa.not_(raid_closed_by(day)))


def raid_status_on(day: date) -> sa.ColumnElement[str]:
    """The item's status on ``day``: Closed when closed by then, else its recorded status."""
    return sa.case(
        (raid_closed_by(day), RAID_CLOSED),
        (RAID.c.status == RAID_CLOSED, RAID_REOPENED_STATUS),
        else_=RAID.c.status,
    )


def raid_order(score: sa.ColumnElement) -> list:
    """Highest score first (unscored last), then earliest due date, then id."""
    return [sa.desc(score).nulls_last(), RAID.c.due_date.asc().nulls_last(), RAID.c.raid_id]


def raid(
    conn: Connectable,
    filters: Filters,
    *,
    project_id: str | None = None,
    types: tuple[str, ...] = (),
    open_only: bool = False,
    limit: int | None = None,
) -> pd.DataFrame:
    """RAID items as they stood on the as-of date, with their score (probability × impact),
    highest score first: items raised by then, ``status`` on that date, ``open_only`` = open
    on that date (the same state the Risks page shows).

    Portfolio-level items (no project) are included when no project filter is active.
    """
    as_of = filters.as_of
    score = (RAID.c.probability * RAID.c.impact).label("score")
    columns = [c for c in _cols(RAID) if c.name != "status"]
    stmt = (
        sa.select(*columns, raid_status_on(as_of).label("status"), score)
        .add_columns(P.c.name.label("project_name"))
        .outerjoin(P, P.c.project_id == RAID.c.project_id)
        .where(raid_raised_by(as_of))
    )
    if project_id is not None:
        stmt = stmt.where(RAID.c.project_id == project_id)
    elif filters.narrows_projects:
        stmt = stmt.where(RAID.c.project_id.in_(project_ids_select(filters)))
    if types:
        stmt = stmt.where(RAID.c.type.in_(list(types)))
    if open_only:
        stmt = stmt.where(raid_open_on(as_of))
    stmt = stmt.order_by(*raid_order(score))
    if limit is not None:
        stmt = stmt.limit(limit)
    return _read(conn, stmt)


def project(conn: Connectable, project_id: str) -> pd.DataFrame:
    """The project's row (empty frame when unknown)."""
    return _read(conn, sa.select(*_cols(P)).where(P.c.project_id == project_id))


def project_reports(
    conn: Connectable, project_id: str, as_of: date, states: tuple[str, ...]
) -> pd.DataFrame:
    """All counted status reports of one project up to the as-of date, oldest first."""
    stmt = (
        sa.select(*_cols(SR))
        .where(SR.c.project_id == project_id, SR.c.report_date <= as_of, counted(states))
        .order_by(SR.c.report_date)
    )
    return _read(conn, stmt)


def project_financials_monthly(conn: Connectable, project_id: str) -> pd.DataFrame:
    """Budget, actual, forecast and committed per month for one project."""
    stmt = (
        sa.select(
            FIN.c.period,
            sa.func.sum(FIN.c.budget).label("budget"),
            sa.func.sum(FIN.c.actual).label("actual"),
            sa.func.sum(FIN.c.forecast).label("forecast"),
            sa.func.sum(FIN.c.committed).label("committed"),
        )
        .where(FIN.c.project_id == project_id)
        .group_by(FIN.c.period)
        .order_by(FIN.c.period)
    )
    frame = _read(conn, stmt)
    for col in ("budget", "actual", "forecast", "committed"):
        frame[col] = frame[col].astype(float)
    return frame


def freshness(conn: Connectable) -> dict:
    """What the data is and how new: latest report date, last load, project count."""
    latest_report = conn.execute(sa.select(sa.func.max(SR.c.report_date))).scalar_one()
    last_import = conn.execute(
        sa.select(schema.imports.c.started_at, schema.imports.c.source)
        .order_by(schema.imports.c.import_id.desc())
        .limit(1)
    ).first()
    projects = conn.execute(sa.select(sa.func.count()).select_from(P)).scalar_one()
    return {
        "latest_report": pd.to_datetime(latest_report).date() if latest_report else None,
        "last_load_at": last_import[0] if last_import else None,
        "last_load_source": last_import[1] if last_import else None,
        "projects": projects,
    }


def first_data_day(conn: Connectable) -> date | None:
    """The earliest day the store knows anything of the portfolio: the first project start,
    status report, financial month or RAID item (None for an empty store). An as-of date
    before it has nothing to show."""
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return first_data_day(c)
    firsts = [
        conn.execute(sa.select(sa.func.min(column))).scalar_one()
        for column in (P.c.start_date, SR.c.report_date, FIN.c.period, RAID.c.raised_date)
    ]
    days = [pd.Timestamp(v).date() for v in firsts if v is not None]
    return min(days) if days else None


def portfolio_names(conn: Connectable, scope: Filters | None = None) -> pd.DataFrame:
    """project_id and name of every project (of the user's ``scope``), ordered by id (for
    pickers)."""
    stmt = sa.select(P.c.project_id, P.c.name).order_by(P.c.project_id)
    if scope is not None and scope.scoped:
        stmt = stmt.where(in_scope(scope))
    return _read(conn, stmt)


def data_version(conn: Connectable) -> int:
    """The store's data generation: it moves with every write committed to the store, through
    any app server or the command line (``engine.write_transaction``), and never goes back —
    a rollback is a write too. Part of every cache key, read from the database on each rerun,
    so every server shows what another one committed."""
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return data_version(c)
    generation = conn.execute(
        sa.select(schema.schema_info.c.data_generation).where(schema.schema_info.c.id == 1)
    ).scalar_one_or_none()
    return int(generation or 0)
