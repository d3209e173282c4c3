"""Resources page widgets: cached page data, the team filter (kept in the URL), the KPI row,
the clickable team grid and heat map (each chart with its slide-picture menu), and tables with
day and percent formats and their .xlsx / CSV menu."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from data_access.queries import Filters
from steerco import fmt
from steerco.analytics import resources as ra
from steerco.charts import resources as charts
from steerco.i18n import t
from steerco.ui import components, data, export
from steerco.views import resources as views

#: URL parameter of the team filter (repeated for several teams: ?team=Data&team=PMO).
TEAM_PARAM = "team"
TEAM_KEY = "rs_team"
HEATMAP_KEY = "rs_heatmap"
TEAM_GRID_KEY = "rs_team_grid"
CAPACITY_CHART_KEY = "rs_capacity_chart"
ALLOCATIONS_KEY = "rs_allocations"
SOURCING_DAYS_KEY = "rs_sourcing_days"
SOURCING_COST_KEY = "rs_sourcing_cost"
#: Table keys (each table's download menu is its key + ``export.MENU_SUFFIX``).
TOP_TABLE_KEY = "rs_top_table"
SUMMARY_TABLE_KEY = "rs_sourcing_summary"
PEOPLE_TABLE_KEY = "rs_people_table"
TEAM_TABLE_KEY = "rs_team_table"
SOURCING_TABLE_KEY = "rs_sourcing_table"
#: The page's tabs (the open one is in the URL as ``?rs_tab=…``).
SECTIONS_KEY = "rs_tab"
#: Team filter default: every team.
DEFAULT_TEAMS: tuple[str, ...] = ()
_SHADOW = "_rs_team_value"
_WRITTEN = "_rs_team_url"
_PENDING = "_rs_team_pending"
_GRID_HANDLED = "_rs_team_grid_handled"


@data.cached
def _view(
    _engine: Engine, url: str, version: int, filters: Filters, teams: tuple[str, ...]
) -> views.ResourcesView:
    with _engine.connect() as conn:
        return views.resources_view(conn, filters, data.settings(), teams)


@data.cached
def _teams(_engine: Engine, url: str, version: int) -> list[str]:
    with _engine.connect() as conn:
        return views.team_choices(conn)


def page_data(filters: Filters, teams: tuple[str, ...]) -> views.ResourcesView:
    return data.call(_view, filters, tuple(teams))


def team_options() -> list[str]:
    return data.call(_teams)


# ------------------------------------------------------------------ team filter


def _url_teams() -> tuple[str, ...]:
    values = st.query_params.get_all(TEAM_PARAM)
    return tuple(v for part in values for v in part.split(",") if v)


def _remember() -> None:
    st.session_state[_SHADOW] = tuple(st.session_state[TEAM_KEY])


def request_teams(teams: tuple[str, ...]) -> None:
    """Ask the next run to set the team filter (e.g. after a click on the team grid)."""
    st.session_state[_PENDING] = tuple(teams)


def team_filter(options: list[str]) -> tuple[str, ...]:
    """The page's team filter: from a link, a click or the widget, written back to the URL."""
    url = _url_teams()
    if url and url != st.session_state.get(_WRITTEN):  # a pasted link, not our own echo
        st.session_state[_SHADOW] = url
    if _PENDING in st.session_state:
        st.session_state[_SHADOW] = st.session_state.pop(_PENDING)
    remembered = st.session_state.get(_SHADOW, DEFAULT_TEAMS)
    st.session_state[TEAM_KEY] = [v for v in remembered if v in options]
    left, _ = st.columns([2, 3])
    with left:
        chosen = tuple(
            st.multiselect(
                t("Teams"),
                options,
                key=TEAM_KEY,
                placeholder=t("All teams"),
                on_change=_remember,
                help=t("Narrows capacity and demand to the people of these teams."),
            )
        )
    if chosen:
        if st.query_params.get_all(TEAM_PARAM) != list(chosen):
            st.query_params[TEAM_PARAM] = list(chosen)
    elif TEAM_PARAM in st.query_params:
        del st.query_params[TEAM_PARAM]
    st.session_state[_WRITTEN] = chosen or None
    return chosen


# ------------------------------------------------------------------ tables


def table(frame: pd.DataFrame, kinds: dict[str, str], *, name: str, key: str) -> None:
    """A read-only table with day, percent, money and month formats and a .xlsx / CSV menu."""
    components.table(frame, kinds, name=name, key=key)


def allocations_table(detail: views.CellDetail, name: str) -> None:
    """The projects behind a cell (downloadable as ``name``); a click on a row opens that
    project."""
    picked = components.selectable_table(
        views.allocations_table(detail),
        key=ALLOCATIONS_KEY,
        kinds=views.kinds(views.ALLOCATION_COLUMNS),
        name=name,
    )
    if picked is not None:
        components.open_project(detail.allocations.iloc[picked]["project_id"])


# ------------------------------------------------------------------ KPIs and charts


def kpis(view: views.ResourcesView) -> None:
    currency = data.settings().currency
    now = view.current
    cols = st.columns(4)
    with cols[0]:
        components.kpi(
            t("Utilisation in {month}", month=charts.month_text(view.window.as_of_month)),
            fmt.pct(now["utilisation_pct"]) if now is not None else fmt.MISSING,
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
            help=t("Planned days ÷ capacity days of the as-of month"),
        )
    with cols[1]:
        components.kpi(
            t("Over-allocated people"),
            fmt.number(view.over_allocated),
            delta=t("of {n} in the window", n=fmt.number(len(view.ranking))),
            delta_color="off",
            arrow=False,
            help=t(
                "People planned above {pct} % of their capacity in at least one month",
                pct=f"{ra.OVER_ALLOCATED_PCT:.0f}",
            ),
        )
    totals = view.totals
    with cols[2]:
        components.kpi(
            t("External share of cost"),
            fmt.pct(totals.external_share_of_cost_pct),
            delta=t("{pct} of the days", pct=fmt.pct(totals.external_share_of_days_pct)),
            delta_color="off",
            arrow=False,
            help=t("Cost of the planned days of external people ÷ cost of all planned days"),
        )
    with cols[3]:
        components.kpi(
            t("Planned cost in the window"),
            fmt.money(totals.cost, currency),
            delta=t(
                "internal {i} · external {e}",
                i=fmt.money(totals.internal_cost, currency),
                e=fmt.money(totals.external_cost, currency),
            ),
            delta_color="off",
            arrow=False,
            help=t("Planned days × day rate, every month of the window"),
        )


def chart(fig, key: str, view: views.ResourcesView, filters: Filters, on_select="ignore"):
    """A chart with its slide-picture menu; the slide title names the chosen teams (the
    subtitle names the date and the project filters). Returns the selection event when
    ``on_select="rerun"``."""
    title = export.figure_title(fig)
    if view.teams:
        title = f"{title} · {', '.join(view.teams)}"
    return export.chart(fig, key=key, filters=filters, title=title, on_select=on_select)


def capacity_chart(view: views.ResourcesView, filters: Filters) -> None:
    chart(
        charts.capacity_vs_demand(view.months, view.window.as_of_month),
        CAPACITY_CHART_KEY,
        view,
        filters,
    )


def sourcing_charts(view: views.ResourcesView, filters: Filters) -> None:
    """Planned days and planned cost, internal vs external, side by side."""
    win = view.window
    left, right = st.columns(2)
    with left:
        chart(
            charts.sourcing_days(view.sourcing, win.as_of_month, win.months),
            SOURCING_DAYS_KEY,
            view,
            filters,
        )
    with right:
        chart(
            charts.sourcing_cost(
                view.sourcing, data.settings().currency, win.as_of_month, win.months
            ),
            SOURCING_COST_KEY,
            view,
            filters,
        )


def _points(event) -> list[dict]:
    if not event:
        return []
    return list((event.get("selection") or {}).get("points") or [])


def _picked(points: list[dict]) -> tuple[str, str] | None:
    for point in points:
        custom = point.get("customdata")
        if isinstance(custom, list | tuple) and len(custom) == 2:
            return str(custom[0]), str(custom[1])
    return None


def team_grid(view: views.ResourcesView, filters: Filters) -> None:
    """Utilisation per team and month; a click on a team narrows the page to that team."""
    teams = sorted(view.team_months["team"].dropna().unique().tolist())
    cells = view.team_months.dropna(subset=["team"])
    fig = charts.load_grid(
        cells,
        "team",
        teams,
        view.window.months,
        title=t("Utilisation by team"),
        as_of_month=view.window.as_of_month,
        row_px=40,
    )
    event = chart(fig, TEAM_GRID_KEY, view, filters, on_select="rerun")
    picked = _picked(_points(event))
    if picked is None:
        st.session_state[_GRID_HANDLED] = None
        if len(teams) > 1:
            st.caption(t("Click a team to show only its people."))
        return
    if picked != st.session_state.get(_GRID_HANDLED):
        st.session_state[_GRID_HANDLED] = picked
        if (picked[0],) != view.teams:
            request_teams((picked[0],))
            st.rerun()


def heatmap(view: views.ResourcesView, filters: Filters) -> views.CellDetail | None:
    """The over-allocation heat map; returns the clicked cell with its allocations."""
    fig = charts.load_grid(
        view.heatmap,
        "resource",
        view.shown,
        view.window.months,
        title=t("Load by resource and month (planned ÷ capacity)"),
        as_of_month=view.window.as_of_month,
    )
    event = chart(fig, HEATMAP_KEY, view, filters, on_select="rerun")
    picked = _picked(_points(event))
    return views.cell_detail(view, *picked) if picked else None


#: Key of the container holding the clicked cell's allocations (CSS class st-key-<key>).
CELL_DETAIL_KEY = "rs_cell_detail"


def cell_detail(detail: views.CellDetail | None) -> None:
    """The allocations of the clicked cell, below the heat map."""
    with st.container(key=CELL_DETAIL_KEY):
        _cell_detail(detail)


def _cell_detail(detail: views.CellDetail | None) -> None:
    if detail is None:
        st.caption(t("Click a cell of the heat map to see the allocations behind it."))
        return
    cell = detail.cell
    month = charts.month_text(detail.month)
    title = t("Allocations of {resource} in {month}", resource=detail.resource, month=month)
    st.subheader(title)
    load = charts.cell_text(
        cell["utilisation_pct"], cell["band"], cell["capacity_days"], cell["planned_days"]
    )
    st.markdown(
        t(
            "{planned} d planned of {capacity} d capacity — {load} ({band}) · {team}, {role}, "
            "{sourcing}",
            planned=fmt.number(cell["planned_days"], 1),
            capacity=fmt.number(cell["capacity_days"], 1),
            load=load or fmt.MISSING,
            band=t(ra.BAND_LABELS[cell["band"]]),
            team=cell["team"] if isinstance(cell["team"], str) else t("(no team)"),
            role=cell["role"] if isinstance(cell["role"], str) else t("(no role)"),
            sourcing=t(cell["sourcing"]) if isinstance(cell["sourcing"], str) else "–",
        )
    )
    if detail.allocations.empty:
        st.caption(t("No allocation in this month: all of the capacity is free."))
        return
    allocations_table(detail, title)
    st.caption(
        t(
            "{n} projects behind this cell. Click a row to open the project.",
            n=len(detail.allocations),
        )
    )
