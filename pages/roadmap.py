"""Roadmap: baseline vs forecast per project, gates due, slipped milestones, milestone trend."""

import streamlit as st

from steerco import fmt
from steerco.charts import roadmap as charts
from steerco.i18n import t
from steerco.ui import components, data
from steerco.ui import roadmap as ui
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry
from steerco.views import roadmap as views

page_entry()

st.title(t("Roadmap"))
filters = project_filter(data.filter_options())
view = ui.roadmap(filters, ui.wanted_sort(), ui.wanted_project())
components.freshness_line()

if view.is_empty:
    components.empty_state(t("No project matches the filters."))
    st.stop()

overdue = view.overdue_gates
cols = st.columns(4)
with cols[0]:
    components.kpi(t("Projects"), fmt.number(len(view.projects)))
with cols[1]:
    components.kpi(
        t("Late vs baseline"),
        fmt.number(view.late_projects),
        help=t("Projects whose forecast end date is after their baseline end date."),
    )
with cols[2]:
    components.kpi(
        t("Slipped milestones"),
        fmt.number(len(view.slipped)),
        help=t("Not achieved, forecast date later than the baseline date."),
    )
with cols[3]:
    components.kpi(
        t("Gates due in {n} days", n=view.horizon_days),
        fmt.number(len(view.gates_due) - overdue),
        delta=t("{n} overdue", n=overdue) if overdue else None,
        delta_color="inverse",
        arrow=False,
        help=t("Open stage gates forecast within the next {n} days.", n=view.horizon_days),
    )

gantt_tab, gates_tab, slipped_tab, trend_tab = ui.sections()

with gantt_tab:
    if gantt_tab.open:
        summary, order = st.columns([3, 2], vertical_alignment="bottom")
        with order:
            ui.sort_choice(view.sort)
        with summary:
            st.caption(ui.gantt_summary(view))
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
            ui.milestone_table(
                view.gates_due,
                views.gates_table(view.gates_due),
                key=ui.GATES_KEY,
                name=t("Gates due"),
                what=t("gates"),
            )

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
            ui.milestone_table(
                view.slipped,
                views.slipped_table(view.slipped),
                key=ui.SLIPPED_KEY,
                name=t("Slipped milestones"),
                what=t("slipped milestones"),
                height=ui.SLIPPED_TABLE_PX,
            )

with trend_tab:
    if trend_tab.open:
        ui.project_picker(view)
        if view.project_milestones.empty:
            st.caption(t("This project has no milestones."))
        else:
            ui.project_chart(
                charts.milestone_plan(view.project_milestones, view.as_of),
                ui.MILESTONES_KEY,
                view,
                filters,
            )
        if view.mta.empty:
            st.caption(t("No milestone forecast is known for this project yet."))
        else:
            ui.project_chart(
                charts.milestone_trend(view.mta, view.as_of), ui.TREND_KEY, view, filters
            )
        st.caption(
            t(
                "Milestone trend analysis: each line is a milestone, each point the forecast "
                "date known at a report date — the baseline at the project's start, then every "
                "import that stored a version of the milestone, carried to the as-of date. A "
                "rising line slipped, a flat line held; a line ends on the dashed diagonal "
                "when the milestone is achieved."
            )
        )
