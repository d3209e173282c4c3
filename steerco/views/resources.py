"""Resources page data: capacity against demand, internal vs external, over-allocation.

One plain-Python call (:func:`resources_view`) assembles everything the page shows from the
SQL aggregates of ``data_access.resources_queries`` and the rules of
``steerco.analytics.resources``; the display tables for the page are built here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import resources_queries as rq
from data_access.queries import Filters
from steerco.analytics import resources as ra
from steerco.config import Settings
from steerco.i18n import t


@dataclass
class ResourcesView:
    as_of: date
    window: ra.Window
    teams: tuple[str, ...]  # the team selection (empty = every team)
    project_filtered: bool  # demand narrowed by the global project filters
    months: pd.DataFrame  # per month: capacity, planned, utilisation, band (selected teams)
    team_months: pd.DataFrame  # the same per month and team
    sourcing: pd.DataFrame  # per month and sourcing: days and cost
    totals: ra.SourcingTotals
    sourcing_summary: pd.DataFrame  # window totals per sourcing and in total
    ranking: pd.DataFrame  # every resource in scope, most over-allocated first
    top: pd.DataFrame  # the most over-allocated resources (over in some month)
    heatmap: pd.DataFrame  # resource-month cells of the drawn resources, ranking order
    shown: list[str]  # resources drawn on the heat map, ranking order
    hidden: int  # resources in scope not drawn
    allocations: pd.DataFrame  # per resource, month and project, for the drawn resources

    @property
    def is_empty(self) -> bool:
        """Nothing to show: no capacity and no demand (or, with a project filter, no demand)."""
        if self.project_filtered:
            return self.ranking.empty
        return self.months.empty

    @property
    def current(self) -> pd.Series | None:
        """The as-of month's totals (None when the month has no row)."""
        rows = self.months[self.months["month"] == pd.Timestamp(self.window.as_of_month)]
        return rows.iloc[0] if not rows.empty else None

    @property
    def over_allocated(self) -> int:
        """Resources over-allocated in at least one month of the window."""
        return int((self.ranking["months_over"] > 0).sum())


def resources_view(
    conn: Connection, filters: Filters, settings: Settings, teams: tuple[str, ...] = ()
) -> ResourcesView:
    """Everything the Resources page shows for these filters, teams and as-of date."""
    win = ra.window(filters.as_of_date)
    args = (conn, filters, win.start, win.end, teams)
    cells = rq.resource_months(*args)
    if filters.narrows_projects:  # only the people who work on the selected projects
        busy = cells.groupby("resource")["planned_days"].transform("sum") > 0
        cells = cells[busy]
    ranking = ra.resource_ranking(cells)
    shown, hidden = ra.capped(ranking)
    order = {name: i for i, name in enumerate(shown)}
    # Demand narrowed to some projects says nothing about the rest of a person's time: only
    # over-allocation is flagged then, not under-use.
    under = 0.0 if filters.narrows_projects else ra.UNDER_USED_PCT
    heatmap = ra.with_load(cells[cells["resource"].isin(shown)], under)
    heatmap = heatmap.assign(_rank=heatmap["resource"].map(order)).sort_values(["_rank", "month"])
    totals = rq.monthly_totals(*args, by=rq.GROUPS)  # per month, team and sourcing
    sourcing = ra.roll_up(totals, ("sourcing",))
    return ResourcesView(
        as_of=filters.as_of_date,
        window=win,
        teams=tuple(teams),
        project_filtered=filters.narrows_projects,
        months=ra.with_load(ra.roll_up(totals), under),
        team_months=ra.with_load(ra.roll_up(totals, ("team",)), under),
        sourcing=sourcing,
        totals=ra.sourcing_totals(sourcing),
        sourcing_summary=ra.sourcing_summary(sourcing),
        ranking=ranking,
        top=ra.top_over_allocated(ranking),
        heatmap=heatmap.drop(columns="_rank").reset_index(drop=True),
        shown=shown,
        hidden=hidden,
        allocations=rq.allocation_rows(conn, filters, win.start, win.end, shown),
    )


def team_choices(conn: Connection) -> list[str]:
    return rq.teams(conn)


@dataclass
class CellDetail:
    resource: str
    month: pd.Timestamp
    cell: pd.Series  # capacity_days, planned_days, utilisation_pct, band, team, …
    allocations: pd.DataFrame  # project_id, project_name, planned_days, actual_days


def cell_detail(view: ResourcesView, resource: str, month) -> CellDetail | None:
    """The heat-map cell of this resource and month with the allocations behind it."""
    try:
        when = pd.Timestamp(month)
    except (TypeError, ValueError):
        return None
    cells = view.heatmap[(view.heatmap["resource"] == resource) & (view.heatmap["month"] == when)]
    if cells.empty:
        return None
    rows = view.allocations[
        (view.allocations["resource"] == resource) & (view.allocations["month"] == when)
    ]
    rows = rows.sort_values(["planned_days", "project_id"], ascending=[False, True])
    return CellDetail(resource, when, cells.iloc[0], rows.reset_index(drop=True))


# ------------------------------------------------------------------ display tables

#: Column label → (source column, kind); kinds drive the table widget's number formats.
TEAM_COLUMNS: dict[str, tuple[str, str]] = {
    "Month": ("month", "month"),
    "Team": ("team", "text"),
    "People": ("resources", "int"),
    "Capacity (days)": ("capacity_days", "days1"),
    "Planned (days)": ("planned_days", "days1"),
    "Utilisation": ("utilisation_pct", "pct0"),
    "Load": ("band", "band"),
}
SOURCING_COLUMNS: dict[str, tuple[str, str]] = {
    "Month": ("month", "month"),
    "Sourcing": ("sourcing", "text"),
    "Capacity (days)": ("capacity_days", "days1"),
    "Planned (days)": ("planned_days", "days1"),
    "Planned cost": ("planned_cost", "money"),
    "Actual (days)": ("actual_days", "days1"),
    "Actual cost": ("actual_cost", "money"),
}
RANKING_TABLE_COLUMNS: dict[str, tuple[str, str]] = {
    "Resource": ("resource", "text"),
    "Team": ("team", "text"),
    "Sourcing": ("sourcing", "text"),
    "Months over 100 %": ("months_over", "int"),
    "Days over capacity": ("over_days", "days1"),
    "Peak utilisation": ("peak_pct", "pct0"),
    "Worst month": ("worst_month", "month"),
}
#: The short list beside the heat map: few, short columns.
TOP_COLUMNS: dict[str, tuple[str, str]] = {
    "Resource": ("resource", "text"),
    "Months > 100 %": ("months_over", "int"),
    "Days over": ("over_days", "days1"),
}
SUMMARY_COLUMNS: dict[str, tuple[str, str]] = {
    "Sourcing": ("sourcing", "text"),
    "Planned (days)": ("planned_days", "days1"),
    "Share of days": ("days_share_pct", "pct0"),
    "Planned cost": ("planned_cost", "money"),
    "Share of cost": ("cost_share_pct", "pct0"),
    "Average day rate": ("average_day_rate", "money"),
}
ALL_RESOURCES_COLUMNS: dict[str, tuple[str, str]] = {
    "Resource": ("resource", "text"),
    "Team": ("team", "text"),
    "Role": ("role", "text"),
    "Sourcing": ("sourcing", "text"),
    "Capacity (days)": ("capacity_days", "days1"),
    "Planned (days)": ("planned_days", "days1"),
    "Utilisation": ("utilisation_pct", "pct0"),
    "Peak utilisation": ("peak_pct", "pct0"),
    "Months over 100 %": ("months_over", "int"),
    "Days over capacity": ("over_days", "days1"),
}
ALLOCATION_COLUMNS: dict[str, tuple[str, str]] = {
    "ID": ("project_id", "text"),
    "Project": ("project_name", "text"),
    "Planned (days)": ("planned_days", "days1"),
    "Actual (days)": ("actual_days", "days1"),
}


def band_word(band: str) -> str:
    marker = ra.BAND_MARKERS.get(band, "")
    label = t(ra.BAND_LABELS.get(band, band))
    return f"{marker} {label}".strip()


def _display(frame: pd.DataFrame, mapping: dict[str, tuple[str, str]]) -> pd.DataFrame:
    out = {}
    for label, (source, kind) in mapping.items():
        column = frame[source]
        if kind == "band":
            column = column.map(band_word)
        elif source == "sourcing":  # Internal / External / Total: words to translate
            column = column.fillna("(none)").map(t)
        elif source == "team":
            column = column.fillna(t("(none)"))
        out[t(label)] = column.to_numpy()
    return pd.DataFrame(out)


def kinds(mapping: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Translated column label → kind, for the table widget."""
    return {t(label): kind for label, (_, kind) in mapping.items()}


def team_table(view: ResourcesView) -> pd.DataFrame:
    return _display(view.team_months, TEAM_COLUMNS)


def sourcing_table(view: ResourcesView) -> pd.DataFrame:
    return _display(view.sourcing, SOURCING_COLUMNS)


def ranking_table(ranking: pd.DataFrame) -> pd.DataFrame:
    return _display(ranking, RANKING_TABLE_COLUMNS)


def top_table(top: pd.DataFrame) -> pd.DataFrame:
    return _display(top, TOP_COLUMNS)


def sourcing_summary_table(view: ResourcesView) -> pd.DataFrame:
    return _display(view.sourcing_summary, SUMMARY_COLUMNS)


def all_resources_table(ranking: pd.DataFrame) -> pd.DataFrame:
    return _display(ranking, ALL_RESOURCES_COLUMNS)


def allocations_table(detail: CellDetail) -> pd.DataFrame:
    return _display(detail.allocations, ALLOCATION_COLUMNS)
