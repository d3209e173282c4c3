"""Resources: capacity against demand, internal vs external, over-allocated people."""

import streamlit as st

from steerco.i18n import t
from steerco.ui import components, data
from steerco.ui import resources as resources_ui
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry
from steerco.ui.text import literal
from steerco.views import display
from steerco.views import resources as views

page_entry()

st.title(t("Resources"))
filters = project_filter()
teams = resources_ui.team_filter(data.page(views.team_options))
view = data.page(views.build, filters, teams=teams)
components.freshness_line()

if view.is_empty:
    components.empty_state(view.empty_message)
    st.stop()

st.caption(literal(view.caption))
components.kpi_row(view.kpis)

capacity_tab, over_tab, sourcing_tab = components.sections(
    [t("Capacity vs demand"), t("Over-allocation"), t("Internal and external")],
    key=resources_ui.SECTIONS_KEY,
)

with capacity_tab:
    if capacity_tab.open:
        resources_ui.capacity_chart(view, filters)
        resources_ui.team_grid(view, filters)
        with st.expander(t("Capacity and demand by team and month")):
            components.table(
                views.team_table(view),
                display.kinds(views.TEAM_COLUMNS),
                name=t("Capacity and demand by team and month"),
                key=resources_ui.TEAM_TABLE_KEY,
            )

with over_tab:
    if over_tab.open:
        left, right = components.side_by_side([5, 2], key="rs_over")
        with left:
            detail = resources_ui.heatmap(view, filters)
            if view.hidden_note:
                st.caption(literal(view.hidden_note))
        with right:
            st.markdown(f"**{t('Most over-allocated')}**")
            if view.top.empty:
                st.caption(views.nobody_over_message())
            else:
                components.table(
                    views.top_table(view.top),
                    display.kinds(views.TOP_COLUMNS),
                    name=t("Most over-allocated"),
                    key=resources_ui.TOP_TABLE_KEY,
                )
                st.caption(t("Ranked by days planned over capacity in the window."))
        resources_ui.cell_detail(detail)
        with st.expander(t("Every person in the window ({n})", n=len(view.ranking))):
            components.table(
                views.all_resources_table(view.ranking),
                display.kinds(views.ALL_RESOURCES_COLUMNS),
                name=t("Every person in the window"),
                key=resources_ui.PEOPLE_TABLE_KEY,
            )

with sourcing_tab:
    if sourcing_tab.open:
        resources_ui.sourcing_charts(view, filters)
        st.markdown(f"**{t('In the window')}**")
        components.table(
            views.sourcing_summary_table(view),
            display.kinds(views.SUMMARY_COLUMNS),
            name=t("Internal and external in the window"),
            key=resources_ui.SUMMARY_TABLE_KEY,
        )
        with st.expander(t("Internal and external by month")):
            components.table(
                views.sourcing_table(view),
                display.kinds(views.SOURCING_COLUMNS),
                name=t("Internal and external by month"),
                key=resources_ui.SOURCING_TABLE_KEY,
            )

st.caption(views.footnote())
