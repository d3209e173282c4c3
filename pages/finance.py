"""Finance: are we on budget, where does the money go, what will it cost at completion."""

import streamlit as st

from steerco.charts import finance as charts
from steerco.i18n import t
from steerco.ui import components, data, export
from steerco.ui import finance as ui
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry
from steerco.ui.text import literal
from steerco.views import finance as views

page_entry()

st.title(t("Finance"))
filters = project_filter()
components.not_known_note(filters)
view = data.page(views.build, filters)
components.freshness_line()

if view.is_empty:
    components.empty_state(t("No project matches the filters."))
    st.stop()

currency = data.settings().currency
tot = view.totals
st.caption(literal(view.summary))
components.kpi_row(view.kpis)

overview_tab, split_tab, plan_tab, completion_tab = ui.sections()

with overview_tab:
    if overview_tab.open and ui.has_lines(view):
        grain = ui.grain_switch()
        picked = ui.chart(
            charts.period_chart(view.periods[grain], grain, currency, view.as_of),
            f"{ui.PERIOD_CHART_KEY}_{grain}",
            filters,
        )
        if picked:
            ui.period_detail(filters, picked)
        else:
            st.caption(t("Click a bar to list the financial lines behind it."))
        export.chart(
            charts.s_curve(view.s_curve, view.as_of, tot["bac"], tot["eac"], currency),
            key="fin_s_curve",
            filters=filters,
        )

with split_tab:
    if split_tab.open and ui.has_lines(view):
        left, right = components.side_by_side(2, key="fin_split")
        with left:
            export.chart(
                charts.expense_split(view.expense_split, currency),
                key="fin_capex_opex",
                filters=filters,
            )
            by_programme = ui.chart(
                charts.spend_bars(
                    view.by_programme, "programme", t("Spend by programme"), currency
                ),
                ui.PROGRAMME_CHART_KEY,
                filters,
            )
        with right:
            export.chart(
                charts.labour_chart(view.labour, currency), key="fin_labour", filters=filters
            )
            by_category = ui.chart(
                charts.spend_bars(view.by_category, "category", t("Spend by category"), currency),
                ui.CATEGORY_CHART_KEY,
                filters,
            )
        if by_programme:
            ui.programme_detail(filters, by_programme)
        if by_category:
            ui.category_detail(filters, by_category)
        if not (by_programme or by_category):
            st.caption(t("Click a bar to list the financial lines behind it."))

with plan_tab:
    if plan_tab.open and ui.has_lines(view):
        export.chart(charts.plan_chart(view.plan, currency), key="fin_plan", filters=filters)
        ui.plan_table(view)

with completion_tab:
    if completion_tab.open:
        steps_by = ui.waterfall_switch()
        export.chart(
            charts.waterfall(view.waterfalls[steps_by], currency, tot["eac_cpi"], by=steps_by),
            key=f"fin_waterfall_{steps_by}",
            filters=filters,
        )

ui.evm_section(view)
