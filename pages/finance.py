"""Finance: are we on budget, where does the money go, what will it cost at completion."""

import streamlit as st

from steerco import fmt
from steerco.charts import finance as charts
from steerco.i18n import t
from steerco.ui import components, data, export
from steerco.ui import finance as ui
from steerco.ui.filters import project_filter
from steerco.ui.shell import page_entry

page_entry()

st.title(t("Finance"))
filters = project_filter(data.filter_options())
view = ui.page(filters)
components.freshness_line()

if view.is_empty:
    components.empty_state(t("No project matches the filters."))
    st.stop()

currency = data.settings().currency
money = lambda v: fmt.money(v, currency)  # noqa: E731
tot = view.totals
st.caption(
    t(
        "{n} projects · as of {as_of} · fiscal year starts in {month}. Actuals up to the as-of "
        "date, forecast from the as-of month on; EAC = actuals + remaining forecast.",
        n=tot["projects"],
        as_of=fmt.day(view.as_of),
        month=ui.fiscal_year_start(view),
    )
)

cols = st.columns(6)
with cols[0]:
    components.kpi(t("Budget (BAC)"), money(tot["bac"]), help=t("Sum of the approved budgets"))
with cols[1]:
    components.kpi(
        t("Actual to date (AC)"),
        money(tot["ac"]),
        delta=t("PV {pv}", pv=money(tot["pv"])),
        delta_color="off",
        arrow=False,
        help=t("Planned value (PV): the budget of the months up to the as-of date"),
    )
with cols[2]:
    components.kpi(
        t("EAC"),
        money(tot["eac"]),
        delta=t("VAC {vac}", vac=money(tot["vac"])),
        delta_color="normal" if tot["vac"] >= 0 else "inverse",
        arrow=False,
        help=t("Estimate at completion: actuals to date plus remaining forecast. VAC = BAC − EAC"),
    )
with cols[3]:
    components.kpi(
        t("BAC / CPI"),
        money(tot["eac_cpi"]),
        help=t("Performance-based estimate: the approved budget at the cost efficiency so far"),
    )
with cols[4]:
    components.kpi(
        t("CPI"),
        fmt.ratio(tot["cpi"]),
        help=t("Cost performance index ΣEV / ΣAC (projects with a percent complete)"),
    )
with cols[5]:
    components.kpi(
        t("SPI"),
        fmt.ratio(tot["spi"]),
        help=t("Schedule performance index ΣEV / ΣPV (projects with a percent complete)"),
    )

overview_tab, split_tab, plan_tab, completion_tab = components.sections(
    [t("Budget vs actual"), t("Where the money goes"), t("Multi-year plan"), t("At completion")],
    key=ui.SECTIONS_KEY,
)
no_lines = t("The filtered projects have no financial lines.")

with overview_tab:
    if overview_tab.open and not view.has_financials:
        st.info(no_lines, icon=":material/money_off:")
    elif overview_tab.open:
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
    if split_tab.open and not view.has_financials:
        st.info(no_lines, icon=":material/money_off:")
    elif split_tab.open:
        left, right = st.columns(2)
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
    if plan_tab.open and not view.has_financials:
        st.info(no_lines, icon=":material/money_off:")
    elif plan_tab.open:
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

st.subheader(t("Earned value per project"))
st.caption(
    t(
        "BAC approved budget · PV planned to date · EV = % complete × BAC · AC actual to date · "
        "CPI = EV / AC · SPI = EV / PV · EAC = AC + remaining forecast · VAC = BAC − EAC. "
        "Empty CPI: nothing spent yet; empty SPI: nothing planned yet. Click a row to open "
        "the project."
    )
)
ui.evm_table(view)
