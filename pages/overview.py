"""Overview: the committee's first screen."""

import streamlit as st

from steerco.charts import portfolio as portfolio_charts
from steerco.i18n import t
from steerco.ui import components, data, export
from steerco.ui.filters import drill_down, link_params, project_filter
from steerco.ui.shell import page_entry
from steerco.ui.text import literal
from steerco.views import display, overview, portfolio

page_entry()

st.title(t("Portfolio overview"))
filters = project_filter()
components.not_known_note(filters)
view = data.page(overview.build, filters)
components.freshness_line()

if view.is_empty:
    components.empty_state(t("No project matches the filters."))
    st.stop()

st.caption(literal(view.caption))
tiles = components.kpi_row(view.kpis)
with tiles[overview.RED_KPI]:
    st.page_link(
        components.PORTFOLIO_PAGE,
        label=t("Show red projects"),
        icon=":material/arrow_forward:",
        query_params=link_params(filters, rag=("R",)),
    )

if view.watermelon_lines:
    with st.container(border=True):
        flag = portfolio.WATERMELON_FLAG
        st.markdown(f"**{flag} " + t("Reported green or amber, figures say red") + "**")
        for project_id, label in view.watermelon_lines:
            st.page_link(
                components.PROJECT_PAGE,
                label=literal(label),
                query_params={"project": project_id},
                icon=":material/warning:",
            )
        if view.watermelons_more:
            st.caption(literal(view.watermelons_more))

left, right = st.columns([2, 3])
with left:
    chart = export.chart(
        portfolio_charts.rag_distribution(view.totals.by_rag),
        key="ov_rag_chart",
        filters=filters,
        on_select="rerun",
    )
    code = (components.clicked(chart) or [None])[0]
    if code in ("R", "A", "G"):
        drill_down(components.PORTFOLIO_PAGE, filters, rag=(code,))
with right:
    components.project_drill_table(
        t("What changed since the last meeting"),
        view.changes,
        view.changes_table,
        key="ov_changes",
        empty_message=view.no_change_message,
        rag_columns=display.rag_labels(overview.CHANGES_COLUMNS),
        height=min(300, components.table_height(len(view.changes))),
    )

left, right = st.columns(2)
with left:
    components.project_drill_table(
        t("Top risks"),
        view.top_risks,
        view.risks_table,
        key="ov_risks",
        empty_message=t("No open risks."),
        kinds=display.kinds(overview.RISK_COLUMNS),
    )
with right:
    components.project_drill_table(
        view.milestones_title,
        view.milestones_due,
        view.milestones_table,
        key="ov_milestones",
        empty_message=t("No milestone due."),
        kinds=display.kinds(overview.DUE_COLUMNS),
    )

components.project_drill_table(
    t("Decisions required from the committee"),
    view.decisions,
    view.decisions_table,
    key="ov_decisions",
    empty_message=t("No decision is asked."),
    kinds=display.kinds(overview.DECISION_COLUMNS),
)

export.chart(
    portfolio_charts.budget_vs_eac(view.portfolio, currency=data.settings().currency),
    key="ov_budget_chart",
    filters=filters,
)
