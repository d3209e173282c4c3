"""Demand: the intake pipeline, priority scores, approved requests waiting, ranked backlog."""

import streamlit as st

from steerco import fmt
from steerco.analytics import demand as rules
from steerco.charts import demand as demand_charts
from steerco.i18n import t
from steerco.ui import components, data
from steerco.ui import demand as page
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry
from steerco.views import demand as views

page_entry()

st.title(t("Demand"))
filters = project_filter(data.filter_options())
with st.columns([1, 2])[0]:
    departments = page.department_filter(page.department_options())
view = page.page_data(filters, departments)
components.freshness_line()

if view.is_empty:
    components.empty_state(
        t("No request submitted by {day} matches the filters.", day=fmt.day(view.as_of))
    )
    if view.hidden_without_project:
        st.caption(views.hidden_line(view.hidden_without_project))
    st.stop()

currency = data.settings().currency
st.caption(views.summary_line(view))

waiting = view.approved_waiting
cols = st.columns(5)
with cols[0]:
    components.kpi(
        t("Backlog"),
        fmt.number(len(view.backlog)),
        help=t("Requests New, Assessing or Approved that have no project yet"),
    )
with cols[1]:
    components.kpi(
        t("Approved, not started"),
        fmt.number(len(waiting)),
        delta=(
            t("oldest {d} days", d=fmt.number(view.oldest_waiting_days))
            if view.oldest_waiting_days is not None
            else None
        ),
        delta_color="off",
        arrow=False,
    )
with cols[2]:
    components.kpi(
        t("Backlog cost estimate"),
        fmt.money(view.backlog_cost, currency),
    )
with cols[3]:
    components.kpi(
        t("Backlog, person-months"),
        fmt.number(view.backlog_effort_months),
        help=t(
            "Estimated effort of the backlog; {d} working days = 1 person-month",
            d=fmt.number(rules.DAYS_PER_PERSON_MONTH),
        ),
    )
with cols[4]:
    components.kpi(
        t("Backlog scored"),
        t("{n} of {all}", n=fmt.number(view.backlog_scored), all=fmt.number(len(view.backlog))),
        help=t("Requests with an effort estimate and all three scores"),
    )

st.info(views.formula_text(), icon=":material/functions:")

left, right = st.columns([2, 1])
with left:
    event = page.bubbles(
        demand_charts.value_effort_bubbles(view.requests, currency), filters, departments
    )
    if view.off_chart:
        st.caption(views.off_chart_line(view.off_chart))
with right:
    request_id = page.selected_request(event)
    row = view.request(request_id) if request_id else None
    if row is None:
        st.subheader(t("Request details"))
        st.info(t("Click a bubble to see that request's details."), icon=":material/touch_app:")
    else:
        with st.container(border=True):
            st.subheader(f"{row['request_id']} · {row['title']}")
            st.markdown(f"**{t('Priority score')}**: {views.score_working(row)}")
            facts = views.detail_facts(row, currency)
            st.markdown("  \n".join(f"**{label}**: {value}" for label, value in facts))
            others = view.same_point(row["request_id"])
            if not others.empty:
                st.caption(
                    t("Also at this point of the chart: {others}", others=views.names(others))
                )
            if isinstance(row.get("project_id"), str):
                st.page_link(
                    components.PROJECT_PAGE,
                    label=t("Open project {pid}", pid=row["project_id"]),
                    query_params={"project": row["project_id"]},
                    icon=":material/arrow_forward:",
                )

left, right = st.columns([2, 3])
with left:
    page.pipeline(demand_charts.pipeline_bars(view.pipeline, currency), filters, departments)
with right:
    st.subheader(t("Approved, not yet started"))
    if waiting.empty:
        st.caption(t("No approved request is waiting for a project."))
    else:
        page.table(
            views.waiting_table(waiting),
            views.column_kinds(views.WAITING_COLUMNS),
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
    page.table(
        views.backlog_table(view.backlog),
        views.column_kinds(views.BACKLOG_COLUMNS),
        key=page.BACKLOG_TABLE_KEY,
        name=t("Ranked backlog"),
    )
