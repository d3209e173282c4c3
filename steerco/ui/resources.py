"""Resources page widgets: the team filter (kept in the URL), the clickable team grid and heat
map (each chart with its slide-picture menu) and the allocations behind a clicked cell."""

from __future__ import annotations

import streamlit as st

from data_access.filters import Filters
from steerco import fmt
from steerco.analytics import resources as ra
from steerco.charts import resources as charts
from steerco.i18n import t
from steerco.ui import components, data, export, url_state
from steerco.ui.text import literal
from steerco.views import display
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
_GRID_HANDLED = "_rs_team_grid_handled"


def team_filter(options: list[str]) -> tuple[str, ...]:
    """The page's team filter (none chosen = every team), kept in the URL."""
    left, _ = st.columns([2, 3])
    with left:
        return url_state.multiselect(
            t("Teams"),
            options,
            param=TEAM_PARAM,
            key=TEAM_KEY,
            placeholder=t("All teams"),
            help=t("Narrows capacity and demand to the people of these teams."),
        )


def allocations_table(detail: views.CellDetail, name: str) -> None:
    """The projects behind a cell (downloadable as ``name``); a click on a row opens that
    project."""
    picked = components.selectable_table(
        views.allocations_table(detail),
        key=ALLOCATIONS_KEY,
        kinds=display.kinds(views.ALLOCATION_COLUMNS),
        name=name,
    )
    if picked is not None:
        components.open_project(detail.allocations.iloc[picked]["project_id"])


# ------------------------------------------------------------------ charts


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
    left, right = components.side_by_side(2, key="rs_sourcing")
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


def _picked(event) -> tuple[str, str] | None:
    """(row, month) of a clicked grid cell, or None."""
    custom = components.clicked(event)
    return (str(custom[0]), str(custom[1])) if custom and len(custom) == 2 else None


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
    picked = _picked(event)
    if picked is None:
        st.session_state[_GRID_HANDLED] = None
        if len(teams) > 1:
            st.caption(t("Click a team to show only its people."))
        return
    if picked != st.session_state.get(_GRID_HANDLED):
        st.session_state[_GRID_HANDLED] = picked
        if (picked[0],) != view.teams:
            url_state.request(**{TEAM_KEY: (picked[0],)})
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
    picked = _picked(event)
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
    st.subheader(literal(title))
    load = charts.cell_text(
        cell["utilisation_pct"], cell["band"], cell["capacity_days"], cell["planned_days"]
    )
    st.markdown(
        literal(
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
