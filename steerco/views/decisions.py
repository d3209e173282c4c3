"""The decisions asked of the committee, one definition for every view that shows them
(Overview tile and table, Risks "Awaiting the committee", the pack's decisions slide): see
:mod:`steerco.analytics.decisions` for the rule."""

from __future__ import annotations

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import queries, risks_queries
from data_access.filters import Filters
from data_access.known_on import as_known_on
from steerco.analytics import decisions
from steerco.config import Settings


@as_known_on
def asked(
    conn: Connection,
    filters: Filters,
    settings: Settings,
    *,
    projects: pd.DataFrame | None = None,
    open_items: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every decision asked on ``filters.as_of`` for the filtered projects (and, when no
    project filter is set, the portfolio-level RAID items). A caller that already holds the
    projects' latest reports (the portfolio frame) or the open RAID items passes them in."""
    if projects is None:
        projects = queries.latest_requests(conn, filters)
    if open_items is None:
        open_items = risks_queries.open_items(conn, filters)
    return decisions.for_committee(projects, open_items, filters.as_of, settings.stale_report_days)
