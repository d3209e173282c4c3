"""Read functions of the Risks & RAID page: the RAID log of the filtered scope, in SQL.

Scope rule (the same as ``queries.raid``): without a global project filter, every RAID item
counts, portfolio-level items (no project) included; as soon as a global project filter is
active (programme, portfolio, sponsor, project manager, phase, reported status), only the
items of the matching projects count and portfolio-level items drop out, because they belong
to no programme, sponsor or phase.

State on the as-of date D (every function here takes it from ``Filters.as_of``):

* raised by D — ``raised_date`` ≤ D, or no raised date (raised before anything we know);
* closed by D — ``closed_date`` ≤ D, or status Closed without a closed date (closed, when is
  not known: it counts as closed on every date);
* open on D — raised by D and not closed by D.

Dates are compared with bound date parameters only, so the same SQL runs on SQLite and
PostgreSQL without dialect helpers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access import queries, schema
from data_access.filters import Filters
from data_access.queries import Connectable, project_ids_select, read

RAID = schema.TABLES["raid"]
P = schema.TABLES["projects"]

#: The register's "project" choice meaning "items without a project".
PORTFOLIO_LEVEL = "(portfolio)"
CLOSED = "Closed"
CLOSED = queries.RAID_CLOSED
REOPENED_STATUS = queries.RAID_REOPENED_STATUS


@dataclass(frozen=True)
class RaidFilter:
    """The register's own filters; empty tuples mean "all"."""

    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()  # status on the as-of date
    owners: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()  # project ids, PORTFOLIO_LEVEL for items without project
    committee_only: bool = False

    @property
    def active(self) -> bool:
        return bool(
            self.types or self.statuses or self.owners or self.projects or self.committee_only
        )


def score_expr() -> sa.ColumnElement:
    return RAID.c.probability * RAID.c.impact


raised_by = queries.raid_raised_by
closed_by = queries.raid_closed_by
open_on = queries.raid_open_on
status_on = queries.raid_status_on


def _in_scope(stmt: sa.Select, filters: Filters) -> sa.Select:
    if filters.narrows_projects:
        stmt = stmt.where(RAID.c.project_id.in_(project_ids_select(filters)))
    return stmt


def _item_columns(as_of: date) -> list:
    return [
        RAID.c.raid_id,
        RAID.c.project_id,
        P.c.name.label("project_name"),
        RAID.c.type,
        RAID.c.title,
        RAID.c.category,
        RAID.c.probability,
        RAID.c.impact,
        score_expr().label("score"),
        RAID.c.owner,
        RAID.c.response,
        status_on(as_of).label("status"),
        RAID.c.raised_date,
        RAID.c.due_date,
        RAID.c.closed_date,
        RAID.c.for_committee,
    ]


def _ordered(stmt: sa.Select, *first) -> sa.Select:
    """Highest score first (unscored last), then earliest due date, then id."""
    return stmt.order_by(*first, *queries.raid_order(score_expr()))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for col in ("probability", "impact", "score"):
        frame[col] = pd.to_numeric(frame[col]).astype("Int64")
    frame["for_committee"] = frame["for_committee"].astype("boolean").fillna(False).astype(bool)
    return frame


def open_items(conn: Connectable, filters: Filters) -> pd.DataFrame:
    """Every RAID item of the scope open on the as-of date, highest score first.

    Columns: raid_id, project_id, project_name, type, title, category, probability, impact,
    score (probability × impact, empty when either is missing), owner, response, status (on the
    as-of date), raised_date, due_date, closed_date, for_committee.
    """
    as_of = filters.as_of
    stmt = (
        sa.select(*_item_columns(as_of))
        .select_from(RAID)
        .outerjoin(P, P.c.project_id == RAID.c.project_id)
        .where(open_on(as_of))
    )
    return _typed(read(conn, _ordered(_in_scope(stmt, filters))))


def risk_history(conn: Connectable, filters: Filters, since: date) -> pd.DataFrame:
    """The risks of the scope that were open on some day between ``since`` and the as-of date.

    Only the columns the open-over-time figures need: raid_id, score, status, raised_date,
    closed_date (a few thousand rows at the large scale).
    """
    as_of = filters.as_of
    still_open_at_start = sa.or_(
        sa.and_(RAID.c.closed_date.is_(None), RAID.c.status != CLOSED),
        RAID.c.closed_date > since,
    )
    stmt = sa.select(
        RAID.c.raid_id,
        score_expr().label("score"),
        RAID.c.status,
        RAID.c.raised_date,
        RAID.c.closed_date,
    ).where(RAID.c.type == "Risk", raised_by(as_of), still_open_at_start)
    frame = read(conn, _in_scope(stmt, filters).order_by(RAID.c.raid_id))
    frame["score"] = pd.to_numeric(frame["score"]).astype("Int64")
    return frame


def register(conn: Connectable, filters: Filters, raid_filter: RaidFilter) -> pd.DataFrame:
    """The RAID register: items of the scope raised by the as-of date, narrowed in SQL by the
    register's filters (type, status on the as-of date, owner, project, committee flag).

    Same columns as :func:`open_items`; items still open on the as-of date come first, each
    group by score.
    """
    as_of = filters.as_of
    stmt = (
        sa.select(*_item_columns(as_of))
        .select_from(RAID)
        .outerjoin(P, P.c.project_id == RAID.c.project_id)
        .where(raised_by(as_of))
    )
    stmt = _in_scope(stmt, filters)
    if raid_filter.types:
        stmt = stmt.where(RAID.c.type.in_(list(raid_filter.types)))
    if raid_filter.statuses:
        stmt = stmt.where(status_on(as_of).in_(list(raid_filter.statuses)))
    if raid_filter.owners:
        stmt = stmt.where(RAID.c.owner.in_(list(raid_filter.owners)))
    if raid_filter.projects:
        ids = [p for p in raid_filter.projects if p != PORTFOLIO_LEVEL]
        parts = [RAID.c.project_id.in_(ids)] if ids else []
        if PORTFOLIO_LEVEL in raid_filter.projects:
            parts.append(RAID.c.project_id.is_(None))
        stmt = stmt.where(sa.or_(*parts))
    if raid_filter.committee_only:
        stmt = stmt.where(RAID.c.for_committee == sa.true())
    closed_last = sa.case((closed_by(as_of), 1), else_=0)
    return _typed(read(conn, _ordered(stmt, closed_last)))


def register_choices(conn: Connection, filters: Filters) -> dict[str, object]:
    """What the register's filters can offer for the scope on the as-of date.

    ``owners``: sorted distinct owners; ``projects``: DataFrame of project_id, name of the
    projects with RAID items; ``portfolio_level``: whether portfolio-level items exist;
    ``items``: how many items the scope holds (raised by the as-of date).
    """
    as_of = filters.as_of
    base = _in_scope(sa.select(RAID.c.raid_id).where(raised_by(as_of)), filters).subquery("s")
    in_scope = RAID.c.raid_id.in_(sa.select(base.c.raid_id))
    owners = read(
        conn,
        sa.select(RAID.c.owner).where(in_scope, RAID.c.owner.is_not(None)).distinct(),
    )
    projects = read(
        conn,
        sa.select(P.c.project_id, P.c.name)
        .where(P.c.project_id.in_(sa.select(RAID.c.project_id).where(in_scope)))
        .order_by(P.c.project_id),
    )
    counts = conn.execute(
        sa.select(
            sa.func.count(),
            sa.func.sum(sa.case((RAID.c.project_id.is_(None), 1), else_=0)),
        ).where(in_scope)
    ).one()
    return {
        "owners": sorted(owners["owner"].tolist()),
        "projects": projects,
        "portfolio_level": bool(counts[1] or 0),
        "items": int(counts[0] or 0),
    }
