"""Overview: the committee's first screen."""

import streamlit as st

from steerco.charts import portfolio as portfolio_charts
from steerco.i18n import t
from steerco.ui import components, data, export
from steerco.ui.filters import drill_down, link_params, project_filter
from steerco.ui.shell import page_entry
from steerco.ui.text import literal
from steerco.views import display, overview

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
        # a Material icon, not the flag's emoji: it needs no emoji font on the machine
        st.markdown(
            ":material/nutrition: **" + t("Reported green or amber, figures say red") + "**"
        )
        for project_id, why in view.watermelon_lines:
            link, text = st.columns(components.LINK_AND_TEXT, vertical_alignment="center")
            link.page_link(
                components.PROJECT_PAGE,
                label=literal(project_id),
                query_params={"project": project_id},
                icon=":material/warning:",
            )
            text.markdown(literal(why))
        if view.watermelons_more:
            st.caption(literal(view.watermelons_more))

# Tables across the page, each whole up to its top rows: nothing scrolls in a box and no
# column is cut on a 1280-pixel projector.
components.project_drill_table(
    t("What changed since the last meeting"),
    view.changes,
    view.changes_table,
    key="ov_changes",
    empty_message=view.no_change_message,
    rag_columns=display.rag_labels(overview.CHANGES_COLUMNS),
    top=overview.TOP_ROWS,
)
components.project_drill_table(
    t("Decisions required from the committee"),
    view.decisions,
    view.decisions_table,
    key="ov_decisions",
    empty_message=t("No decision is asked."),
    kinds=display.kinds(overview.DECISION_COLUMNS),
    top=overview.TOP_ROWS,
)
components.project_drill_table(
    t("Top risks"),
    view.top_risks,
    view.risks_table,
    key="ov_risks",
    empty_message=t("No open risks."),
    kinds=display.kinds(overview.RISK_COLUMNS),
    top=overview.TOP_ROWS,
)
components.project_drill_table(
    view.milestones_title,
    view.milestones_due,
    view.milestones_table,
    key="ov_milestones",
    empty_message=t("No milestone due."),
    kinds=display.kinds(overview.DUE_COLUMNS),
    top=overview.TOP_ROWS,
)

left, right = components.side_by_side([2, 3], key="ov_charts")
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
    export.chart(
        portfolio_charts.budget_vs_eac(view.portfolio, currency=data.settings().currency),
        key="ov_budget_chart",
        filters=filters,
    )
