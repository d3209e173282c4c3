"""Operations: the weekly IT operations review per service (tickets, SLA, backlog, changes)."""

import streamlit as st

from steerco import fmt
from steerco.charts import operations as charts
from steerco.i18n import t
from steerco.ui import components, data
from steerco.ui import operations as ops_ui
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry
from steerco.views import operations as views

page_entry()

st.title(t("Operations"))
filters = project_filter(data.filter_options())
ops = ops_ui.ops_filters(ops_ui.service_options())
view = ops_ui.page_data(filters, ops)
components.freshness_line()

if view.ignored_project_filters:
    st.sidebar.caption(
        t("Operations figures are per service: the project filters do not narrow them.")
    )
if view.is_empty:
    components.empty_state(t("No tickets or changes for these services in this period."))
    st.stop()

st.caption(ops_ui.period_caption(view))
k, c = view.kpis, view.change_kpis

cols = st.columns(6)
with cols[0]:
    components.kpi(
        t("Tickets opened"), fmt.number(k.opened), help=t("Tickets opened in the period")
    )
with cols[1]:
    components.kpi(
        t("Tickets resolved"), fmt.number(k.resolved), help=t("Tickets resolved in the period")
    )
with cols[2]:
    components.kpi(
        t("Open tickets"),
        fmt.number(k.backlog),
        help=t("Tickets open at the end of {day}", day=fmt.day(view.period.last_day)),
    )
with cols[3]:
    components.kpi(
        t("SLA compliance"),
        fmt.pct(k.compliance_pct, 1),
        delta=t("{n} of {m} targets missed", n=k.targets_missed, m=k.targets),
        delta_color="inverse" if k.targets_missed else "off",
        arrow=False,
        help=t("Resolved within the resolution target of their service and priority"),
    )
with cols[4]:
    components.kpi(
        t("MTTR median"),
        t("{h} h", h=fmt.number(k.median_hours, 1)),
        help=t("Median of resolved − opened, tickets resolved in the period"),
    )
with cols[5]:
    components.kpi(
        t("MTTR mean"),
        t("{h} h", h=fmt.number(k.mean_hours, 1)),
        help=t("Mean of resolved − opened, tickets resolved in the period"),
    )

cols = st.columns(6)
with cols[0]:
    components.kpi(
        t("P1 incidents"), fmt.number(k.major), help=t("P1 tickets opened in the period")
    )
with cols[1]:
    components.kpi(
        t("Escalation rate"),
        fmt.pct(k.escalation_pct, 1),
        help=t("Escalated ÷ tickets resolved in the period"),
    )
with cols[2]:
    components.kpi(
        t("Reopen rate"),
        fmt.pct(k.reopen_pct, 1),
        help=t("Reopened at least once ÷ tickets resolved in the period"),
    )
with cols[3]:
    components.kpi(
        t("First-contact rate"),
        fmt.pct(k.first_contact_pct, 1),
        help=t("Resolved without escalation and without reopening ÷ tickets resolved"),
    )
with cols[4]:
    components.kpi(
        t("Satisfaction"),
        t("{s} / 5", s=fmt.number(k.satisfaction, 1)),
        help=t("Average score of {n} answers", n=fmt.number(k.satisfaction_n)),
    )
with cols[5]:
    components.kpi(
        t("Change success"),
        fmt.pct(c.success_pct, 1),
        help=t("Successful ÷ implemented changes (cancelled ones left out)"),
    )

tickets_tab, backlog_tab, causes_tab, changes_tab = components.sections(
    [t("Tickets and SLA"), t("Backlog and trend"), t("Incidents and causes"), t("Changes")],
    key=ops_ui.SECTIONS_KEY,
)

with tickets_tab:
    if tickets_tab.open:
        left, right = st.columns([3, 2])
        with left:
            weekly_mark = ops_ui.chart(
                charts.flow_chart(view.weekly, "week"),
                "weekly",
                view,
                filters,
                min_height=charts.sla_chart_height(view.sla),
            )
        with right:
            sla_mark = ops_ui.chart(charts.sla_chart(view.sla), "sla", view, filters)
        if weekly_mark:
            ops_ui.ticket_drill(view, weekly_mark, key="ops_weekly_rows")
        if sla_mark:
            ops_ui.ticket_drill(view, sla_mark, key="ops_sla_rows")

        st.subheader(t("SLA and resolution time by service and priority"))
        ops_ui.table(
            views.sla_display(view.sla),
            views.column_kinds(views.SLA_COLUMNS),
            name=t("SLA and resolution time by service and priority"),
            key=ops_ui.SLA_TABLE_KEY,
        )
        if k.not_judged:
            st.caption(
                t(
                    "{n} resolved tickets have no SLA target for their service and priority and "
                    "are left out of the compliance.",
                    n=fmt.number(k.not_judged),
                )
            )

with backlog_tab:
    if backlog_tab.open:
        left, right = st.columns(2)
        with left:
            backlog_title = t(
                "Backlog by age on {day}: {n} open tickets",
                day=fmt.day(view.period.last_day),
                n=fmt.number(k.backlog),
            )
            backlog_mark = ops_ui.chart(
                charts.backlog_chart(view.backlog, backlog_title), "backlog", view, filters
            )
        with right:
            monthly_mark = ops_ui.chart(
                charts.flow_chart(view.monthly, "month"), "monthly", view, filters
            )
        if backlog_mark:
            ops_ui.ticket_drill(view, backlog_mark, key="ops_backlog_rows")
        if monthly_mark:
            ops_ui.ticket_drill(view, monthly_mark, key="ops_monthly_rows")

with causes_tab:
    if causes_tab.open:
        left, right = st.columns(2)
        with left:
            category_mark = ops_ui.chart(
                charts.pareto_chart(
                    view.categories, "category", t("Top categories (tickets opened)"), t("Tickets")
                ),
                "categories",
                view,
                filters,
            )
        with right:
            cause_mark = ops_ui.chart(
                charts.pareto_chart(
                    view.root_causes,
                    "root_cause",
                    t("Root causes (tickets resolved)"),
                    t("Tickets"),
                ),
                "root_causes",
                view,
                filters,
            )
        if category_mark:
            ops_ui.ticket_drill(view, category_mark, key="ops_category_rows")
        if cause_mark:
            ops_ui.ticket_drill(view, cause_mark, key="ops_cause_rows")

        st.subheader(t("P1 incidents: {n} opened", n=fmt.number(k.major)))
        if view.major.empty:
            st.caption(t("No P1 incident in the period."))
        else:
            ops_ui.table(
                views.ticket_table(view.major),
                views.column_kinds(views.TICKET_COLUMNS),
                name=t("P1 incidents"),
                key=ops_ui.P1_TABLE_KEY,
            )
            if k.major > len(view.major):
                st.caption(
                    t(
                        "Showing the latest {shown} of {total}.",
                        shown=fmt.number(len(view.major)),
                        total=fmt.number(k.major),
                    )
                )

with changes_tab:
    if changes_tab.open:
        cols = st.columns(4)
        with cols[0]:
            components.kpi(
                t("Changes implemented"),
                fmt.number(c.implemented),
                help=t("Changes implemented in the period, cancelled ones left out"),
            )
        with cols[1]:
            components.kpi(
                t("Success rate"),
                fmt.pct(c.success_pct, 1),
                delta=t("{f} failed · {r} rolled back", f=c.failed, r=c.rolled_back),
                delta_color="off",
                arrow=False,
                help=t("Successful ÷ implemented changes"),
            )
        with cols[2]:
            components.kpi(
                t("Emergency share"),
                fmt.pct(c.emergency_pct, 1),
                delta=t("{n} emergency changes", n=c.emergency),
                delta_color="off",
                arrow=False,
            )
        with cols[3]:
            components.kpi(
                t("Changes causing incidents"),
                fmt.number(c.caused_incident),
                delta=t("{p} of implemented", p=fmt.pct(c.caused_incident_pct, 1)),
                delta_color="off",
                arrow=False,
            )
        change_mark = ops_ui.chart(
            charts.changes_chart(view.changes_weekly), "changes", view, filters
        )
        if change_mark:
            ops_ui.change_drill(view, change_mark, key="ops_change_rows")
