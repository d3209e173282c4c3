"""Operations: the weekly IT operations review per service (tickets, SLA, backlog, changes)."""

import streamlit as st

from steerco import fmt
from steerco.charts import operations as charts
from steerco.i18n import t
from steerco.ui import components, data
from steerco.ui import operations as ops_ui
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry
from steerco.ui.text import literal
from steerco.views import display
from steerco.views import operations as views

page_entry()

st.title(t("Operations"))
filters = project_filter()
ops = ops_ui.ops_filters(data.page(views.service_options))
view = data.page(views.build, filters, ops=ops)
components.freshness_line()

if view.ignored_project_filters:
    st.sidebar.caption(
        t("Operations figures are per service: the project filters do not narrow them.")
    )
if view.is_empty:
    components.empty_state(t("No tickets or changes for these services in this period."))
    st.stop()

st.caption(literal(view.caption))
components.kpi_row(view.kpis)
st.caption(literal(view.definitions))
notes = view.notes

tickets_tab, backlog_tab, causes_tab, changes_tab = components.sections(
    [t("Tickets and SLA"), t("Backlog and trend"), t("Incidents and causes"), t("Changes")],
    key=ops_ui.SECTIONS_KEY,
)

with tickets_tab:
    if tickets_tab.open:
        # one chart per row: side by side, the SLA bars' labels and titles were cut at 1280
        weekly = ops_ui.chart(charts.flow_chart(view.weekly, "week"), "weekly", view, filters)
        ops_ui.ticket_drill(view, weekly, key="ops_weekly_rows")
        sla = ops_ui.chart(charts.sla_chart(view.sla), "sla", view, filters)
        ops_ui.ticket_drill(view, sla, key="ops_sla_rows")

        title = t("SLA and resolution time by service and priority")
        st.subheader(title)
        kinds = display.kinds(views.SLA_COLUMNS)
        components.table(
            views.sla_table(view.sla), kinds, name=title, key=ops_ui.SLA_TABLE_KEY, whole=True
        )
        if "not_judged" in notes:
            st.caption(literal(notes["not_judged"]))

with backlog_tab:
    if backlog_tab.open:
        left, right = components.side_by_side(2, key="ops_backlog")
        with left:
            fig = charts.backlog_chart(view.backlog, view.backlog_title)
            backlog = ops_ui.chart(fig, "backlog", view, filters)
        with right:
            fig = charts.flow_chart(view.monthly, "month")
            monthly = ops_ui.chart(fig, "monthly", view, filters)
        ops_ui.ticket_drill(view, backlog, key="ops_backlog_rows")
        ops_ui.ticket_drill(view, monthly, key="ops_monthly_rows")

with causes_tab:
    if causes_tab.open:
        left, right = components.side_by_side(2, key="ops_causes")
        with left:
            title = t("Top categories (tickets opened)")
            fig = charts.pareto_chart(view.categories, "category", title, t("Tickets"))
            category = ops_ui.chart(fig, "categories", view, filters)
        with right:
            title = t("Root causes (tickets resolved)")
            fig = charts.pareto_chart(view.root_causes, "root_cause", title, t("Tickets"))
            cause = ops_ui.chart(fig, "root_causes", view, filters)
        ops_ui.ticket_drill(view, category, key="ops_category_rows")
        ops_ui.ticket_drill(view, cause, key="ops_cause_rows")

        st.subheader(t("P1 incidents: {n} opened", n=fmt.number(view.tickets.major)))
        if view.major.empty:
            st.caption(t("No P1 incident in the period."))
        else:
            kinds = display.kinds(views.TICKET_COLUMNS)
            p1 = views.ticket_table(view.major)
            components.table(p1, kinds, name=t("P1 incidents"), key=ops_ui.P1_TABLE_KEY)
            if "major" in notes:
                st.caption(literal(notes["major"]))

with changes_tab:
    if changes_tab.open:
        components.kpi_row(view.change_kpis)
        fig = charts.changes_chart(view.changes_weekly)
        ops_ui.change_drill(view, ops_ui.chart(fig, "changes", view, filters), "ops_change_rows")
