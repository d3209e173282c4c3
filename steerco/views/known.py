"""What a past as-of date cannot show as it was known then.

Figures on a date D read the store as known at the end of D (:mod:`data_access.known_on`).
Facts first loaded after D, with no earlier version, are shown as first loaded; this says
which projects that touches, so a page never shows a silently different number.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from data_access import known_on, queries
from data_access.filters import Filters
from steerco import fmt
from steerco.i18n import t

#: Project ids named in the note before "and N more".
NAMED_PROJECTS = 5


@dataclass(frozen=True)
class NotKnown:
    """Projects whose facts on the as-of date were first loaded after it."""

    project_ids: tuple[str, ...]
    first_loaded: str  # the earliest such load, formatted
    note: str  # what the page says; "" when every fact was known on the date


def not_known(conn: Connection, filters: Filters, project_id: str | None = None) -> NotKnown:
    """The projects (of the filters, or the one ``project_id``) whose facts on
    ``filters.as_of`` were first loaded later, and the note the page shows next to the
    figures."""
    ids = (
        queries.project_ids_select(filters.only_scope()).where(queries.P.c.project_id == project_id)
        if project_id is not None
        else queries.project_ids_select(filters)
    )
    later = known_on.projects_not_known(conn, filters.as_of, ids)
    if later.empty:
        return NotKnown((), "", "")
    project_ids = tuple(later["project_id"])
    first = fmt.day(later["first_loaded"].min())
    named = ", ".join(project_ids[:NAMED_PROJECTS])
    if len(project_ids) > NAMED_PROJECTS:
        named = t("{named} and {n} more", named=named, n=len(project_ids) - NAMED_PROJECTS)
    note = t(
        "Not known on {day}: the facts of {n} project(s) ({named}) were first loaded on "
        "{first} or later, with no earlier version. They are shown as first loaded, not as "
        "the committee knew them on {day}.",
        day=fmt.day(filters.as_of),
        n=len(project_ids),
        named=named,
        first=first,
    )
    return NotKnown(project_ids, first, note)
