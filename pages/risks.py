"""Risks & RAID: the KPI tiles, then tabs — the heat map of open risks (a cell lists its
risks), the top risks and the items awaiting the committee first; overdue actions and ageing;
open risks over time; the filterable RAID register."""

import streamlit as st

from steerco import fmt
from steerco.i18n import t
from steerco.ui import components, data
from steerco.ui import risks as ui
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry
from steerco.ui.text import literal
from steerco.views import risks as views

page_entry()

st.title(t("Risks & RAID"))
filters = project_filter()
components.not_known_note(filters)
choices = data.page(views.register_choices, filters)
components.freshness_line()

if choices.items == 0:
    components.empty_state(
        t("No RAID item matches the filters on {as_of}.", as_of=fmt.day(filters.as_of))
    )
    st.stop()

# The KPI tiles stay above the tabs. A tab's own filters (the register's, the trend's period)
# are drawn in that tab, only while it is open, before the page data is read.
summary_area = st.container()
heat_tab, actions_tab, trend_tab, register_tab = ui.sections()
raid_filter, period = ui.page_filters(
    choices,
    register_area=register_tab if register_tab.open else None,
    trend_area=trend_tab if trend_tab.open else None,
)
view = data.page(views.build, filters, raid_filter=raid_filter, period=period)

with summary_area:
    st.caption(literal(view.summary))
    components.kpi_row(view.kpis)

with heat_tab:
    if heat_tab.open:
        left, right = components.side_by_side([1, 1.2], key="rk_heat")
        with left:
            cell = ui.heatmap(view, filters)
        with right:
            ui.top_risks(view)
        if cell is not None:
            ui.cell_risks(view, cell)
        ui.awaiting(view)

with actions_tab:
    if actions_tab.open:
        left, right = components.side_by_side([1.2, 1], key="rk_actions")
        with left:
            ui.overdue(view)
        with right:
            bar = ui.ageing(view, filters)
        if bar is not None:
            ui.aged_items(view, bar)

with trend_tab:
    if trend_tab.open:
        ui.trend(view, filters)

with register_tab:
    if register_tab.open:
        ui.register(view, choices)
