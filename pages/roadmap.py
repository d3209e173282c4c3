"""Roadmap: baseline vs forecast per project, gates due, slipped milestones, milestone trend."""

import streamlit as st

from steerco import fmt
from steerco.charts import roadmap as charts
from steerco.i18n import t
from steerco.ui import components, data
from steerco.ui import roadmap as ui
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry
from steerco.ui.text import literal
from steerco.views import roadmap as views

page_entry()

st.title(t("Roadmap"))
filters = project_filter()
components.not_known_note(filters)
view = data.page(views.build, filters, sort=ui.wanted_sort())
components.freshness_line()

if view.is_empty:
    components.empty_state(t("No project matches the filters."))
    st.stop()

components.kpi_row(view.kpis)
gantt_tab, gates_tab, slipped_tab, trend_tab = ui.sections()

with gantt_tab:
    if gantt_tab.open:
        summary, order = st.columns([3, 2], vertical_alignment="bottom")
        with order:
            ui.sort_choice()
        with summary:
            st.caption(literal(view.summary))
        ui.gantt_chart(charts.gantt(view.gantt, view.gates, view.as_of), filters)
        st.caption(
            t(
                "Grey bar: start → baseline end; coloured bar: start → forecast end, with the "
                "latest reported status and the slip written after it; ◆ gates (filled = "
                "passed). Click a bar to open the project."
            )
        )

with gates_tab:
    if gates_tab.open:
        st.subheader(t("Gates due in the next {n} days", n=view.horizon_days))
        if view.gates_due.empty:
            st.caption(t("No open gate is due in the next {n} days.", n=view.horizon_days))
        else:
            st.caption(
                t(
                    "Open stage gates forecast up to {day}, overdue ones first. Click a row "
                    "to open the project.",
                    day=fmt.day(view.due_until),
                )
            )
            ui.gates_table(view)

with slipped_tab:
    if slipped_tab.open:
        st.subheader(t("Slipped milestones"))
        if view.slipped.empty:
            st.caption(t("No open milestone is forecast later than its baseline."))
        else:
            st.caption(
                t(
                    "{n} milestones not achieved by the as-of date and forecast later than "
                    "their baseline, largest slip first. Click a row to open the project.",
                    n=fmt.number(len(view.slipped)),
                )
            )
            ui.slipped_table(view)

with trend_tab:
    if trend_tab.open:
        trend = data.page(views.trend, ui.project_picker(view))
        if trend.milestones.empty:
            st.caption(t("This project has no milestones."))
        else:
            milestones = charts.milestone_plan(trend.milestones, view.as_of)
            ui.project_chart(milestones, ui.MILESTONES_KEY, trend, filters)
        if trend.mta.empty:
            st.caption(t("No milestone forecast is known for this project yet."))
        else:
            mta = charts.milestone_trend(trend.mta, view.as_of)
            ui.project_chart(mta, ui.TREND_KEY, trend, filters)
        st.caption(
            t(
                "Milestone trend analysis: each line is a milestone, each point the forecast "
                "date known at a report date — the baseline at the project's start, then every "
                "import that stored a version of the milestone, carried to the as-of date. A "
                "rising line slipped, a flat line held; a line ends on the dashed diagonal "
                "when the milestone is achieved."
            )
        )
