"""Overview: the committee's first screen."""

import streamlit as st

from steerco import fmt, pagedata, tables
from steerco.charts import portfolio as portfolio_charts
from steerco.i18n import rag_label, t
from steerco.ui import components, data, export
from steerco.ui.filters import link_params, project_filter, request_filters
from steerco.ui.shell import page_entry

page_entry()

st.title(t("Portfolio overview"))
filters = project_filter(data.filter_options())
view = data.overview(filters)
components.freshness_line()

if view.is_empty:
    components.empty_state(t("No project matches the filters."))
    st.stop()

currency = data.settings().currency
since = fmt.day(view.last_meeting) if view.last_meeting else t("no earlier meeting")
st.caption(
    t(
        "As of {as_of} · compared with the committee of {since}",
        as_of=fmt.day(view.as_of),
        since=since,
    )
)

k = view.kpis
cols = st.columns(6)
with cols[0]:
    components.kpi(t("Projects"), fmt.number(k.projects))
with cols[1]:
    components.kpi(t("Red projects"), fmt.number(k.red), help=t("Reported overall status Red"))
    st.page_link(
        components.PORTFOLIO_PAGE,
        label=t("Show red projects"),
        icon=":material/arrow_forward:",
        query_params=link_params(filters, rag=("R",)),
    )
with cols[2]:
    over = k.eac - k.approved_budget
    components.kpi(
        t("EAC"),
        fmt.money(k.eac, currency),
        delta=t("{over} vs budget", over=fmt.money(over, currency)),
        delta_color="inverse",
        help=t(
            "Estimate at completion (actuals + remaining forecast) against the budget of {bac}",
            bac=fmt.money(k.approved_budget, currency),
        ),
    )
with cols[3]:
    components.kpi(
        t("Watermelons"),
        fmt.number(k.watermelons),
        help=t("Reported green or amber, but the figures say red"),
    )
with cols[4]:
    components.kpi(
        t("Stale reports"),
        fmt.number(k.stale),
        help=t(
            "Active projects whose latest report is older than {days} days",
            days=data.settings().stale_report_days,
        ),
    )
with cols[5]:
    components.kpi(t("Decisions required"), fmt.number(k.decisions))

if not view.watermelons.empty:
    with st.container(border=True):
        st.markdown(
            f"**{tables.WATERMELON_FLAG} " + t("Reported green or amber, figures say red") + "**"
        )
        for row in view.watermelons.head(pagedata.OVERVIEW_WATERMELON_LINES).itertuples():
            reason = t(
                "reported {reported}; figures: {figures}",
                reported=rag_label(row.overall_rag),
                figures=row.red_figures,
            )
            st.page_link(
                components.PROJECT_PAGE,
                label=f"{row.project_id} · {row.name} — {reason}",
                query_params={"project": row.project_id},
                icon=":material/warning:",
            )
        hidden = len(view.watermelons) - pagedata.OVERVIEW_WATERMELON_LINES
        if hidden > 0:
            st.caption(
                t(
                    "and {n} more, flagged {flag} in the portfolio",
                    n=hidden,
                    flag=tables.WATERMELON_FLAG,
                )
            )

left, right = st.columns([2, 3])
with left:
    chart = export.chart(
        portfolio_charts.rag_distribution(k.by_rag),
        key="ov_rag_chart",
        filters=filters,
        on_select="rerun",
    )
    points = (chart or {}).get("selection", {}).get("points", []) if chart else []
    if points:
        code = points[0].get("customdata")
        if code in ("R", "A", "G"):
            request_filters(rag=(code,))
            st.switch_page(components.PORTFOLIO_PAGE)
with right:
    components.project_drill_table(
        t("What changed since the last meeting"),
        view.changes,
        tables.changes_table(view.changes),
        key="ov_changes",
        empty_message=t("No status moved since {since}.", since=since),
        rag_columns=(t("Was"), t("Now")),
        height=min(300, components.table_height(len(view.changes))),
    )

left, right = st.columns(2)
with left:
    components.project_drill_table(
        t("Top risks"),
        view.top_risks,
        tables.risks_table(view.top_risks),
        key="ov_risks",
        empty_message=t("No open risks."),
        kinds=tables.column_kinds(tables.RISK_COLUMNS),
    )
with right:
    components.project_drill_table(
        t("Milestones due in {days} days or overdue", days=data.settings().milestone_horizon_days),
        view.milestones_due,
        tables.milestones_table(view.milestones_due),
        key="ov_milestones",
        empty_message=t("No milestone due."),
        kinds=tables.milestone_kinds(),
    )

components.project_drill_table(
    t("Decisions required from the committee"),
    view.decisions,
    tables.decisions_table(view.decisions),
    key="ov_decisions",
    empty_message=t("No decision is asked."),
    kinds=tables.column_kinds(tables.DECISION_COLUMNS),
)

export.chart(
    portfolio_charts.budget_vs_eac(view.portfolio, currency=currency),
    key="ov_budget_chart",
    filters=filters,
)
