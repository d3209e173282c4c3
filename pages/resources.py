"""Resources: capacity against demand, internal vs external, over-allocated people."""

import streamlit as st

from steerco import fmt
from steerco.analytics import resources as ra
from steerco.charts import resources as resources_charts
from steerco.i18n import t
from steerco.ui import components, data
from steerco.ui import resources as resources_ui
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry
from steerco.views import resources as views

page_entry()

st.title(t("Resources"))
filters = project_filter(data.filter_options())
teams = resources_ui.team_filter(resources_ui.team_options())
view = resources_ui.page_data(filters, teams)
components.freshness_line()

if view.is_empty:
    components.empty_state(
        t("No allocation of the filtered projects in this window.")
        if view.project_filtered
        else t("No capacity or allocation in this window for the chosen teams.")
        if view.teams
        else t("No capacity or allocation in this window.")
    )
    st.stop()

win = view.window
st.caption(
    t(
        "As of {as_of} · {start} to {last} ({back} months back, {ahead} ahead) · "
        "demand = planned days{scope}; capacity = every person of {teams}.",
        as_of=fmt.day(view.as_of),
        start=resources_charts.month_text(win.start),
        last=resources_charts.month_text(win.last),
        back=ra.WINDOW_MONTHS_BACK,
        ahead=ra.WINDOW_MONTHS_AHEAD,
        scope=t(" on the filtered projects") if view.project_filtered else "",
        teams=", ".join(view.teams) if view.teams else t("every team"),
    )
)
resources_ui.kpis(view)

capacity_tab, over_tab, sourcing_tab = components.sections(
    [t("Capacity vs demand"), t("Over-allocation"), t("Internal and external")],
    key=resources_ui.SECTIONS_KEY,
)

with capacity_tab:
    if capacity_tab.open:
        resources_ui.capacity_chart(view, filters)
        resources_ui.team_grid(view, filters)
        with st.expander(t("Capacity and demand by team and month")):
            resources_ui.table(
                views.team_table(view),
                views.kinds(views.TEAM_COLUMNS),
                name=t("Capacity and demand by team and month"),
                key=resources_ui.TEAM_TABLE_KEY,
            )

with over_tab:
    if over_tab.open:
        left, right = st.columns([5, 2])
        with left:
            detail = resources_ui.heatmap(view, filters)
            if view.hidden:
                st.caption(
                    t(
                        "{shown} of {total} people shown, most over-allocated first; {hidden} "
                        "less loaded people are hidden: choose a team, or see them all in the "
                        "table below.",
                        shown=len(view.shown),
                        total=len(view.ranking),
                        hidden=view.hidden,
                    )
                )
        with right:
            st.markdown(f"**{t('Most over-allocated')}**")
            if view.top.empty:
                st.caption(
                    t(
                        "Nobody is planned above {pct} % of their capacity in this window.",
                        pct=f"{ra.OVER_ALLOCATED_PCT:.0f}",
                    )
                )
            else:
                resources_ui.table(
                    views.top_table(view.top),
                    views.kinds(views.TOP_COLUMNS),
                    name=t("Most over-allocated"),
                    key=resources_ui.TOP_TABLE_KEY,
                )
                st.caption(t("Ranked by days planned over capacity in the window."))
        resources_ui.cell_detail(detail)
        with st.expander(t("Every person in the window ({n})", n=len(view.ranking))):
            resources_ui.table(
                views.all_resources_table(view.ranking),
                views.kinds(views.ALL_RESOURCES_COLUMNS),
                name=t("Every person in the window"),
                key=resources_ui.PEOPLE_TABLE_KEY,
            )

with sourcing_tab:
    if sourcing_tab.open:
        resources_ui.sourcing_charts(view, filters)
        st.markdown(f"**{t('In the window')}**")
        resources_ui.table(
            views.sourcing_summary_table(view),
            views.kinds(views.SUMMARY_COLUMNS),
            name=t("Internal and external in the window"),
            key=resources_ui.SUMMARY_TABLE_KEY,
        )
        with st.expander(t("Internal and external by month")):
            resources_ui.table(
                views.sourcing_table(view),
                views.kinds(views.SOURCING_COLUMNS),
                name=t("Internal and external by month"),
                key=resources_ui.SOURCING_TABLE_KEY,
            )

st.caption(
    t(
        "Utilisation = planned days ÷ capacity days. ▲ over-allocated: above {over} % (exactly "
        "{over} % is not over; any planned day without capacity is over). ▽ under-used: below "
        "{under} %. Cost = days × day rate. The project filters narrow the demand only; "
        "capacity is every person of the chosen teams, so with a project filter the load is "
        "these projects' share of it and under-use is not flagged.",
        over=f"{ra.OVER_ALLOCATED_PCT:.0f}",
        under=f"{ra.UNDER_USED_PCT:.0f}",
    )
)
