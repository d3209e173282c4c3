"""Resources page model: capacity against demand, internal vs external, over-allocation.

One plain-Python call (:func:`build`) assembles everything the page shows from the SQL
aggregates of ``data_access.resources_queries`` and the rules of ``steerco.analytics.resources``:
figures, KPI tiles, captions; the display tables for the page are built here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import resources_queries as rq
from data_access.filters import Filters
from data_access.known_on import as_known_on
from steerco import fmt
from steerco.analytics import resources as ra
from steerco.charts.resources import month_text
from steerco.config import Settings
from steerco.i18n import N_, t
from steerco.views import display
from steerco.views.display import Kpi


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
    kpis: list[Kpi] = field(default_factory=list)

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

    @property
    def empty_message(self) -> str:
        if self.project_filtered:
            return t("No allocation of the filtered projects in this window.")
        if self.teams:
            return t("No capacity or allocation in this window for the chosen teams.")
        return t("No capacity or allocation in this window.")

    @property
    def caption(self) -> str:
        win = self.window
        return t(
            "As of {as_of} · {start} to {last} ({back} months back, {ahead} ahead) · "
            "demand = planned days{scope}; capacity = every person of {teams}.",
            as_of=fmt.day(self.as_of),
            start=month_text(win.start),
            last=month_text(win.last),
            back=ra.WINDOW_MONTHS_BACK,
            ahead=ra.WINDOW_MONTHS_AHEAD,
            scope=t(" on the filtered projects") if self.project_filtered else "",
            teams=", ".join(self.teams) if self.teams else t("every team"),
        )

    @property
    def hidden_note(self) -> str | None:
        """Under the heat map when some people are not drawn."""
        if not self.hidden:
            return None
        return t(
            "{shown} of {total} people shown, most over-allocated first; {hidden} less loaded "
            "people are hidden: choose a team, or see them all in the table below.",
            shown=len(self.shown),
            total=len(self.ranking),
            hidden=self.hidden,
        )


def footnote() -> str:
    """The page's closing explanation of utilisation, the bands and the filters."""
    return t(
        "Utilisation = planned days ÷ capacity days. ▲ over-allocated: above {over} % (exactly "
        "{over} % is not over; any planned day without capacity is over). ▽ under-used: below "
        "{under} %. Cost = days × day rate. The project filters narrow the demand only; "
        "capacity is every person of the chosen teams, so with a project filter the load is "
        "these projects' share of it and under-use is not flagged.",
        over=f"{ra.OVER_ALLOCATED_PCT:.0f}",
        under=f"{ra.UNDER_USED_PCT:.0f}",
    )


def nobody_over_message() -> str:
    return t(
        "Nobody is planned above {pct} % of their capacity in this window.",
        pct=f"{ra.OVER_ALLOCATED_PCT:.0f}",
    )


@as_known_on
def build(
    conn: Connection, filters: Filters, settings: Settings, teams: tuple[str, ...] = ()
) -> ResourcesView:
    """Everything the Resources page shows for these filters, teams and as-of date."""
    win = ra.window(filters.as_of)
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
    view = ResourcesView(
        as_of=filters.as_of,
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
    view.kpis = kpi_tiles(view, settings.currency)
    return view


def team_options(conn: Connection) -> list[str]:
    """The teams of the store, for the team filter."""
    return rq.teams(conn)


def kpi_tiles(view: ResourcesView, currency: str) -> list[Kpi]:
    now, totals = view.current, view.totals
    utilisation = Kpi(
        t("Utilisation in {month}", month=month_text(view.window.as_of_month)),
        fmt.pct(now["utilisation_pct"]) if now is not None else fmt.MISSING,
        t("Planned days ÷ capacity days of the as-of month"),
        delta=(
            t(
                "{planned} d planned of {capacity} d",
                planned=fmt.number(now["planned_days"]),
                capacity=fmt.number(now["capacity_days"]),
            )
            if now is not None
            else None
        ),
        delta_color="off",
        arrow=False,
    )
    return [
        utilisation,
        Kpi(
            t("Over-allocated people"),
            fmt.number(view.over_allocated),
            t(
                "People planned above {pct} % of their capacity in at least one month",
                pct=f"{ra.OVER_ALLOCATED_PCT:.0f}",
            ),
            delta=t("of {n} in the window", n=fmt.number(len(view.ranking))),
            delta_color="off",
            arrow=False,
        ),
        Kpi(
            t("External share of cost"),
            fmt.pct(totals.external_share_of_cost_pct),
            t("Cost of the planned days of external people ÷ cost of all planned days"),
            delta=t("{pct} of the days", pct=fmt.pct(totals.external_share_of_days_pct)),
            delta_color="off",
            arrow=False,
        ),
        Kpi(
            t("Planned cost in the window"),
            fmt.money(totals.cost, currency),
            t("Planned days × day rate, every month of the window"),
            delta=t(
                "internal {i} · external {e}",
                i=fmt.money(totals.internal_cost, currency),
                e=fmt.money(totals.external_cost, currency),
            ),
            delta_color="off",
            arrow=False,
        ),
    ]


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
TEAM_COLUMNS: display.Columns = {
    N_("Month"): ("month", "month"),
    N_("Team"): ("team", "text"),
    N_("People"): ("resources", "int"),
    N_("Capacity (days)"): ("capacity_days", "days1"),
    N_("Planned (days)"): ("planned_days", "days1"),
    N_("Utilisation"): ("utilisation_pct", "pct0"),
    N_("Load"): ("band", "band"),
}
SOURCING_COLUMNS: display.Columns = {
    N_("Month"): ("month", "month"),
    N_("Sourcing"): ("sourcing", "text"),
    N_("Capacity (days)"): ("capacity_days", "days1"),
    N_("Planned (days)"): ("planned_days", "days1"),
    N_("Planned cost"): ("planned_cost", "money"),
    N_("Actual (days)"): ("actual_days", "days1"),
    N_("Actual cost"): ("actual_cost", "money"),
}
#: The short list beside the heat map: few, short columns.
TOP_COLUMNS: display.Columns = {
    N_("Resource"): ("resource", "text"),
    N_("Months > 100 %"): ("months_over", "int"),
    N_("Days over"): ("over_days", "days1"),
}
SUMMARY_COLUMNS: display.Columns = {
    N_("Sourcing"): ("sourcing", "text"),
    N_("Planned (days)"): ("planned_days", "days1"),
    N_("Share of days"): ("days_share_pct", "pct0"),
    N_("Planned cost"): ("planned_cost", "money"),
    N_("Share of cost"): ("cost_share_pct", "pct0"),
    N_("Average day rate"): ("average_day_rate", "money"),
}
ALL_RESOURCES_COLUMNS: display.Columns = {
    N_("Resource"): ("resource", "text"),
    N_("Team"): ("team", "text"),
    N_("Role"): ("role", "text"),
    N_("Sourcing"): ("sourcing", "text"),
    N_("Capacity (days)"): ("capacity_days", "days1"),
    N_("Planned (days)"): ("planned_days", "days1"),
    N_("Utilisation"): ("utilisation_pct", "pct0"),
    N_("Peak utilisation"): ("peak_pct", "pct0"),
    N_("Months over 100 %"): ("months_over", "int"),
    N_("Days over capacity"): ("over_days", "days1"),
}
ALLOCATION_COLUMNS: display.Columns = {
    N_("ID"): ("project_id", "text"),
    N_("Project"): ("project_name", "text"),
    N_("Planned (days)"): ("planned_days", "days1"),
    N_("Actual (days)"): ("actual_days", "days1"),
}


def band_word(band: str) -> str:
    marker = ra.BAND_MARKERS.get(band, "")
    label = t(ra.BAND_LABELS.get(band, band))
    return f"{marker} {label}".strip()


def _words(frame: pd.DataFrame) -> pd.DataFrame:
    """Band, sourcing and team as the words a table shows (translated; a missing team or
    sourcing says so)."""
    words = {}
    if "band" in frame:
        words["band"] = frame["band"].map(band_word)
    if "sourcing" in frame:  # Internal / External / Total: words to translate
        words["sourcing"] = frame["sourcing"].fillna("(none)").map(t)
    if "team" in frame:
        words["team"] = frame["team"].fillna(t("(none)"))
    return frame.assign(**words)


def team_table(view: ResourcesView) -> pd.DataFrame:
    return display.select(_words(view.team_months), TEAM_COLUMNS)


def sourcing_table(view: ResourcesView) -> pd.DataFrame:
    return display.select(_words(view.sourcing), SOURCING_COLUMNS)


def top_table(top: pd.DataFrame) -> pd.DataFrame:
    return display.select(_words(top), TOP_COLUMNS)


def sourcing_summary_table(view: ResourcesView) -> pd.DataFrame:
    return display.select(_words(view.sourcing_summary), SUMMARY_COLUMNS)


def all_resources_table(ranking: pd.DataFrame) -> pd.DataFrame:
    return display.select(_words(ranking), ALL_RESOURCES_COLUMNS)


def allocations_table(detail: CellDetail) -> pd.DataFrame:
    return display.select(_words(detail.allocations), ALLOCATION_COLUMNS)
