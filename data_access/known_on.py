"""Reading the store as it was known on a date.

Every dataset table holds the current version of each row; ended versions live in its history
table (see :mod:`data_access.versioning`). A figure on an as-of date D must use what was known
on D: the project facts (phase, budget, dates, % complete), the financial forecasts, the
milestone forecasts and the RAID items *as they stood at the end of D*, not as they stand now.

The query modules are written once, against the current tables. A view that shows figures on a
date wraps its ``build`` with :func:`as_known_on`; while it runs, every SELECT on its connection
that reads a versioned table reads, in its place, :func:`snapshot` of that table on the date.
The swap happens in one place (a ``before_execute`` hook on the connection, see
:func:`_read_as_known`), so no query can forget it and writes are never touched.

A row whose first version was loaded after D (data imported after the date, with no earlier
version) cannot be reconstructed: the snapshot shows it as first loaded, and
:func:`projects_not_known` names those projects so the page can say so next to the figures.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from typing import ParamSpec, TypeVar

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import util as sql_util

from data_access import frames, schema
from data_access.filters import Filters

#: The datasets read as known on the date. Status reports are selected by their report date,
#: tickets and changes by their own timestamps; the other datasets describe the present.
VERSIONED = ("projects", "financials", "milestones", "raid")
#: Connection option holding ``(day, datasets)`` while a build reads the store as known on day.
OPTION = "steerco_known_on"
#: Outcomes of the import log that wrote row versions.
_WRITING_OUTCOMES = (
    schema.OUTCOME_SEEDED,
    schema.OUTCOME_COMMITTED,
    schema.OUTCOME_ROLLBACK,
)

P = ParamSpec("P")
R = TypeVar("R")


def end_of(day: date) -> datetime:
    """The last moment of ``day``: a version is known on D when it was valid then."""
    return datetime.combine(day, time.max)


def changed_after(conn: Connection, day: date) -> tuple[str, ...]:
    """The versioned datasets that a load after the end of ``day`` wrote to (read from the
    import log, so the common case — nothing loaded since — costs one small query)."""
    rows = conn.execute(
        sa.select(schema.imports.c.datasets).where(
            schema.imports.c.started_at > end_of(day),
            schema.imports.c.outcome.in_(_WRITING_OUTCOMES),
        )
    ).scalars()
    touched: set[str] = set()
    for datasets in rows:
        touched.update(datasets.split(",") if datasets else VERSIONED)
    return tuple(name for name in VERSIONED if name in touched)


#: Stands for a missing valid-from: a version written before history was kept counts as the
#: earliest.
_EARLIEST = datetime(1, 1, 1)


def _since(table: sa.Table) -> sa.ColumnElement:
    return sa.func.coalesce(table.c[schema.VALID_FROM], _EARLIEST)


def _same_key(a: sa.Table, b: sa.Table, name: str) -> list[sa.ColumnElement[bool]]:
    return [a.c[k] == b.c[k] for k in schema.dataset(name).keys]


def _first_loaded_later(name: str, at: datetime) -> tuple[sa.Select, sa.Select]:
    """The first versions of the rows first loaded after ``at`` (none of their versions is
    older), from the current table and from the history table: a current row has no older
    version when its key has no ended version at all; an ended one when no ended version of
    its key started before it. Correlated NOT EXISTS on the history key index, no window."""
    current = schema.TABLES[name]
    history = schema.HISTORY_TABLES[name]
    earlier = history.alias(f"{name}_earlier")
    columns = [c.name for c in current.c]
    from_current = sa.select(*(current.c[c] for c in columns)).where(
        current.c[schema.VALID_FROM] > at,
        ~sa.exists().where(*_same_key(history, current, name)),
    )
    from_history = sa.select(*(history.c[c] for c in columns)).where(
        history.c[schema.VALID_FROM] > at,
        ~sa.exists().where(*_same_key(earlier, history, name), _since(earlier) < _since(history)),
    )
    return from_current, from_history


def snapshot(name: str, day: date) -> sa.Subquery:
    """The dataset's rows as known at the end of ``day``, with the current table's columns.

    A row's version valid then; for a row first loaded after ``day`` (no version then, and
    none before: not deleted earlier), its first version. A row deleted by then is absent.
    """
    at = end_of(day)
    current = schema.TABLES[name]
    history = schema.HISTORY_TABLES[name]
    columns = [c.name for c in current.c]
    started = sa.or_(current.c[schema.VALID_FROM].is_(None), current.c[schema.VALID_FROM] <= at)
    ended_later = sa.and_(
        sa.or_(history.c[schema.VALID_FROM].is_(None), history.c[schema.VALID_FROM] <= at),
        history.c[schema.VALID_TO] > at,
    )
    return sa.union_all(
        sa.select(*(current.c[c] for c in columns)).where(started),
        sa.select(*(history.c[c] for c in columns)).where(ended_later),
        *_first_loaded_later(name, at),
    ).subquery(f"{name}_known")


def _frame(conn: Connection, stmt: sa.Select) -> pd.DataFrame:
    result = conn.execute(stmt)
    frame = frames.frame(result)
    frame["first_loaded"] = pd.to_datetime(frame["first_loaded"])
    return frame


def projects_not_known(conn: Connection, day: date, project_ids: sa.Select) -> pd.DataFrame:
    """Projects among ``project_ids`` whose facts on ``day`` cannot be reconstructed: their
    project row, a financial line, a milestone or a RAID item was first loaded after that
    day. Columns: project_id, first_loaded (the earliest such load), ordered by project_id."""
    if not changed_after(conn, day):
        return pd.DataFrame({"project_id": [], "first_loaded": pd.to_datetime([])})
    at = end_of(day)
    parts = []
    for name in VERSIONED:
        later = sa.union_all(*_first_loaded_later(name, at)).subquery(f"{name}_later")
        parts.append(sa.select(later.c.project_id, later.c[schema.VALID_FROM].label("loaded")))
    later = sa.union_all(*parts).subquery("later")
    stmt = (
        sa.select(later.c.project_id, sa.func.min(later.c.loaded).label("first_loaded"))
        .where(later.c.project_id.in_(project_ids))
        .group_by(later.c.project_id)
        .order_by(later.c.project_id)
    )
    return _frame(conn, stmt)


def _reads_history(stmt: sa.ClauseElement) -> bool:
    history = set(schema.HISTORY_TABLES.values())
    return any(table in history for table in sql_util.find_tables(stmt, include_joins=True))


def adapt(stmt: sa.ClauseElement, day: date, datasets: Iterable[str]) -> sa.ClauseElement:
    """The statement with each of ``datasets``' tables replaced by its snapshot on ``day``.

    A statement that reads a history table itself (the versions of a milestone, the import
    preview) is about versions and is left as it is.
    """
    if not isinstance(stmt, sa.Select | sa.CompoundSelect) or _reads_history(stmt):
        return stmt
    tables = {table for table in sql_util.find_tables(stmt, include_joins=True)}
    adapter = None
    for name in datasets:
        if schema.TABLES[name] not in tables:
            continue
        step = sql_util.ClauseAdapter(snapshot(name, day))
        adapter = step if adapter is None else adapter.chain(step)
    return stmt if adapter is None else adapter.traverse(stmt)


@event.listens_for(Engine, "before_execute", retval=True)
def _read_as_known(conn, clauseelement, multiparams, params, execution_options):
    """Swap the versioned tables for their snapshots while a build reads as known on a date."""
    known = execution_options.get(OPTION) or conn.get_execution_options().get(OPTION)
    if known:
        day, datasets = known
        clauseelement = adapt(clauseelement, day, datasets)
    return clauseelement, multiparams, params


def _day_of(bound: inspect.BoundArguments) -> date | None:
    """The as-of date of the first argument that carries one (a Filters, or a request such
    as the roadmap's trend project with an ``as_of`` date)."""
    for value in bound.arguments.values():
        day = getattr(value, "as_of", None)
        if isinstance(value, Filters) or isinstance(day, date):
            return day
    return None


def as_known_on(build: Callable[P, R]) -> Callable[P, R]:
    """Decorate a view function ``(conn, filters, ...)``: while it runs, its queries read the
    versioned datasets as they were known at the end of ``filters.as_of`` (or of the
    ``as_of`` of the first argument that has one).

    When nothing was loaded after that day, the current tables are what was known and nothing
    is swapped. Nested decorated calls keep the outer date.
    """
    signature = inspect.signature(build)

    @functools.wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        bound = signature.bind(*args, **kwargs)
        conn = next(iter(bound.arguments.values()))
        day = _day_of(bound)
        if (
            not isinstance(conn, Connection)
            or day is None
            or conn.get_execution_options().get(OPTION) is not None
        ):
            return build(*args, **kwargs)
        datasets = changed_after(conn, day)
        if not datasets:
            return build(*args, **kwargs)
        conn.execution_options(**{OPTION: (day, datasets)})
        try:
            return build(*args, **kwargs)
        finally:
            conn.execution_options(**{OPTION: None})

    return wrapper
