"""Project: everything about one project (deep link ?project=ID)."""

import streamlit as st

from steerco.charts import project as charts
from steerco.i18n import t
from steerco.ui import components, data
from steerco.ui import project as ui
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry
from steerco.ui.text import literal
from steerco.views import display, project

#: Widths of the key-figure tiles: the last one holds a date and its slip.
FIGURE_WIDTHS = [1, 1, 1, 1, 1, 1.4]

page_entry()

filters = project_filter()
project_id = st.query_params.get("project")
components.freshness_line()

if not project_id:
    st.title(t("Project"))
    ui.picker(data.page(project.choices, filters.only_scope()))
    st.stop()

view = data.page(project.build, filters, project_id=project_id)
if view is None:
    st.title(t("Project"))
    st.error(
        t("There is no project with the id {pid}.", pid=literal(project_id)),
        icon=":material/search_off:",
    )
    st.page_link(
        components.PORTFOLIO_PAGE, label=t("Back to the portfolio"), icon=":material/arrow_back:"
    )
    st.stop()

st.title(literal(view.title))
st.caption(literal(view.header))
components.not_known_note(filters, project_id=view.project_id)
if view.watermelon_alert:
    st.error(literal(view.watermelon_alert), icon=":material/warning:")
if view.stale_alert:
    st.warning(literal(view.stale_alert), icon=":material/schedule:")
if view.estimates_alert:
    st.warning(literal(view.estimates_alert), icon=":material/compare_arrows:")

components.kpi_row(view.dimensions)
components.kpi_row(view.kpis, widths=FIGURE_WIDTHS)

ui.latest_report(view, filters)

left, right = components.side_by_side([3, 2], key="pj_charts")
with left:
    if view.financials.empty:
        st.caption(t("No financial data."))
    else:
        bac, currency = view.row["bac"], data.settings().currency
        s_curve = charts.budget_s_curve(view.financials, view.as_of, bac, currency)
        ui.chart(view, s_curve, key="pj_s_curve", filters=filters)
with right:
    if view.milestones.empty:
        st.caption(t("No milestones."))
    else:
        slip = charts.milestone_slip(view.milestones, view.as_of)
        ui.chart(view, slip, key="pj_milestones", filters=filters)

st.subheader(t("Milestones"))
if not view.milestones.empty:
    components.table(
        view.milestones_table,
        display.kinds(project.MILESTONE_COLUMNS),
        name=t("{pid} milestones", pid=view.project_id),
        key="pj_milestones_table",
    )
st.subheader(t("RAID log"))
if view.raid.empty:
    st.caption(t("No RAID items."))
else:
    components.table(
        view.raid_table,
        display.kinds(project.RAID_COLUMNS),
        name=t("{pid} RAID log", pid=view.project_id),
        key="pj_raid_table",
    )
