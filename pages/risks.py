"""Risks & RAID: the KPI tiles, then tabs — the heat map of open risks (a cell lists its
risks), the top risks and the items awaiting the committee first; overdue actions and ageing;
open risks over time; the filterable RAID register."""

import streamlit as st

from steerco import fmt
from steerco.charts import risks as risk_charts
from steerco.i18n import t
from steerco.ui import components, data
from steerco.ui import risks as risks_ui
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry
from steerco.views import risks as views

page_entry()

st.title(t("Risks & RAID"))
filters = project_filter(data.filter_options())
choices = risks_ui.register_choices(filters)
components.freshness_line()

if choices.items == 0:
    components.empty_state(
        t("No RAID item matches the filters on {as_of}.", as_of=fmt.day(filters.as_of_date))
    )
    st.stop()

# The KPI tiles stay above the tabs. A tab's own filters (the register's, the trend's period)
# are drawn in that tab, only while it is open, before the page data is read.
summary_area = st.container()
heat_tab, actions_tab, trend_tab, register_tab = risks_ui.sections()
raid_filter, period = risks_ui.page_filters(
    choices,
    register_area=register_tab if register_tab.open else None,
    trend_area=trend_tab if trend_tab.open else None,
)

view = risks_ui.page_data(filters, raid_filter, period)
bands, k = view.bands, view.kpis
scope = (
    t("portfolio-level items are left out while a project filter is active")
    if filters.narrows_projects
    else t("portfolio-level items (no project) included")
)

with summary_area:
    st.caption(
        t(
            "Open on {as_of} (raised on or before it, not yet closed) · {scope} · "
            "risk score = probability × impact (1–25)",
            as_of=fmt.day(view.as_of),
            scope=scope,
        )
    )
    cols = st.columns(5)
    with cols[0]:
        components.kpi(t("Open risks"), fmt.number(k.open_risks))
    with cols[1]:
        components.kpi(
            t("High or critical risks"),
            fmt.number(k.high_risks),
            delta=t("{n} critical", n=k.critical_risks),
            delta_color="off",
            arrow=False,
            help=t(
                "Open risks scoring {high} or more; critical: {critical} or more",
                high=bands.high,
                critical=bands.critical,
            ),
        )
    with cols[2]:
        components.kpi(
            t("Total open risk score"),
            t("{n} points", n=fmt.number(k.open_score)),
            help=t("Sum of probability × impact over the open risks"),
        )
    with cols[3]:
        components.kpi(
            t("Overdue actions"),
            fmt.number(k.overdue_actions),
            help=t("Actions not closed whose due date is before the as-of date"),
        )
    with cols[4]:
        components.kpi(
            t("Awaiting the committee"),
            fmt.number(k.awaiting_committee),
            help=t("Open decisions and open items flagged for the committee"),
        )

with heat_tab:
    if heat_tab.open:
        left, right = st.columns([1, 1.2])
        with left:
            event = risks_ui.chart(
                risk_charts.heatmap(view.heatmap, bands),
                risks_ui.HEATMAP_KEY,
                filters,
                clickable=True,
            )
            st.caption(views.heatmap_caption(view))
        with right:
            components.project_drill_table(
                t("Top {n} risks by score", n=data.settings().top_risks),
                view.top_risks,
                views.display(view.top_risks, views.CELL_COLUMNS, bands),
                key="rk_top",
                empty_message=t("No open risk."),
                kinds=views.kinds(views.CELL_COLUMNS),
            )
        cell = risks_ui.picked_cell(event)
        if cell is not None:
            rows = view.cell(*cell)
            components.project_drill_table(
                views.cell_title(cell[0], cell[1], len(rows), bands),
                rows,
                views.display(rows, views.CELL_COLUMNS, bands),
                key="rk_cell",
                empty_message=t("No open risk in this cell."),
                kinds=views.kinds(views.CELL_COLUMNS),
            )
        components.project_drill_table(
            t(
                "Awaiting the committee: open decisions and escalated items ({n})",
                n=len(view.awaiting),
            ),
            view.awaiting,
            views.display(view.awaiting, views.AWAITING_COLUMNS, bands),
            key="rk_awaiting",
            empty_message=t("Nothing awaits the committee."),
            kinds=views.kinds(views.AWAITING_COLUMNS),
        )

with actions_tab:
    if actions_tab.open:
        left, right = st.columns([1.2, 1])
        with left:
            components.project_drill_table(
                t("Overdue actions ({n})", n=len(view.overdue)),
                view.overdue,
                views.display(view.overdue, views.OVERDUE_COLUMNS, bands),
                key="rk_overdue",
                empty_message=t("No action is overdue."),
                kinds=views.kinds(views.OVERDUE_COLUMNS),
            )
        with right:
            st.subheader(t("Ageing of open items"))
            aged_event = None
            if view.ageing.empty:
                st.caption(t("No item is open on {as_of}.", as_of=fmt.day(view.as_of)))
            else:
                aged_event = risks_ui.chart(
                    risk_charts.ageing(view.ageing), risks_ui.AGEING_KEY, filters, clickable=True
                )
                st.caption(t("Click a bar to list its items."))
        bar = risks_ui.picked_bar(aged_event)
        if bar is not None:
            rows = view.aged(*bar)
            components.project_drill_table(
                t(
                    "{n} open {type} item(s) open {bucket}",
                    n=len(rows),
                    type=t(bar[1]),
                    bucket=t(bar[0]),
                ),
                rows,
                views.display(rows, views.AGED_COLUMNS, bands),
                key="rk_aged",
                empty_message=t("No open item in this bucket."),
                kinds=views.kinds(views.AGED_COLUMNS),
            )

with trend_tab:
    if trend_tab.open:
        risks_ui.chart(risk_charts.open_trend(view.trend, view.period), risks_ui.TREND_KEY, filters)

with register_tab:
    if register_tab.open:
        st.caption(
            t(
                "{n} of {total} RAID items raised by {as_of}. Click a row to open its project.",
                n=len(view.register),
                total=choices.items,
                as_of=fmt.day(view.as_of),
            )
        )
        if view.register.empty:
            st.info(
                t("No RAID item matches the register filters."), icon=":material/filter_alt_off:"
            )
        else:
            risks_ui.register_table(view)
