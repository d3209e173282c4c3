"""Demand: the intake pipeline, priority scores, approved requests waiting, ranked backlog."""

import streamlit as st

from steerco import fmt
from steerco.charts import demand as demand_charts
from steerco.i18n import t
from steerco.ui import components, data
from steerco.ui import demand as page
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry
from steerco.ui.text import literal
from steerco.views import demand as views
from steerco.views.display import kinds

page_entry()

st.title(t("Demand"))
filters = project_filter()
with st.columns([1, 2])[0]:
    departments = page.department_filter()
view = data.page(views.build, filters, departments=departments)
components.freshness_line()

if view.is_empty:
    components.empty_state(
        t("No request submitted by {day} matches the filters.", day=fmt.day(view.as_of))
    )
    if view.hidden_without_project:
        st.caption(literal(views.hidden_line(view.hidden_without_project)))
    st.stop()

currency = data.settings().currency
st.caption(literal(views.summary_line(view)))
components.kpi_row(view.kpis)
st.info(views.formula_text(), icon=":material/functions:")

left, right = components.side_by_side([2, 1], key="dm_bubbles")
with left:
    request_id = page.bubbles(
        demand_charts.value_effort_bubbles(view.requests, currency), filters, departments
    )
    if view.off_chart:
        st.caption(literal(views.off_chart_line(view.off_chart)))
with right:
    page.request_details(view, request_id, currency)

left, right = components.side_by_side([2, 3], key="dm_pipeline")
with left:
    page.pipeline(demand_charts.pipeline_bars(view.pipeline, currency), filters, departments)
with right:
    st.subheader(t("Approved, not yet started"))
    if view.approved_waiting.empty:
        st.caption(t("No approved request is waiting for a project."))
    else:
        components.table(
            views.waiting_table(view.approved_waiting),
            kinds(views.WAITING_COLUMNS),
            key=page.WAITING_TABLE_KEY,
            name=t("Approved, not yet started"),
        )
        st.caption(
            t(
                "Status Approved and no project yet; waiting = days since submission as of {d}.",
                d=fmt.day(view.as_of),
            )
        )

st.subheader(t("Ranked backlog"))
if view.backlog.empty:
    st.caption(t("No open request."))
else:
    components.table(
        views.backlog_table(view.backlog),
        kinds(views.BACKLOG_COLUMNS),
        key=page.BACKLOG_TABLE_KEY,
        name=t("Ranked backlog"),
    )
