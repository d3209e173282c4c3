"""Finance page: its switches (kept in the URL), clickable charts and drill-downs."""

from __future__ import annotations

from datetime import date

import streamlit as st

from data_access.filters import Filters
from steerco import fmt
from steerco.analytics import finance
from steerco.i18n import N_, t
from steerco.ui import components, data, export, url_state
from steerco.ui.text import literal
from steerco.views import display
from steerco.views import finance as views

#: Grain switch: URL parameter, widget key, default and labels.
GRAIN_PARAM = "grain"
GRAIN_KEY = "fin_grain"
DEFAULT_GRAIN = "month"
GRAIN_LABELS = {"month": N_("Month"), "quarter": N_("Quarter"), "year": N_("Fiscal year")}
#: Waterfall switch: steps per programme or per cost category.
WATERFALL_PARAM = "steps"
WATERFALL_KEY = "fin_steps"
DEFAULT_WATERFALL = "programme"
WATERFALL_LABELS = {"programme": N_("Programme"), "category": N_("Category")}
#: Chart keys (their selection state is what a click leaves behind).
PERIOD_CHART_KEY = "fin_period_chart"
PROGRAMME_CHART_KEY = "fin_programme_chart"
CATEGORY_CHART_KEY = "fin_category_chart"
EVM_TABLE_KEY = "fin_evm_table"
#: Projects the earned-value table sends at first (its scroll box shows about 15); the rest
#: behind its "Show all (n)" switch, the download always has every project.
EVM_FIRST_ROWS = 100
#: The page's tabs (the open one is in the URL as ``?fin_tab=…``).
SECTIONS_KEY = "fin_tab"
TABS = (
    N_("Budget vs actual"),
    N_("Where the money goes"),
    N_("Multi-year plan"),
    N_("At completion"),
)


def sections() -> list:
    """The page's tabs; only the open one is drawn, and it is kept in the URL."""
    return components.sections([t(label) for label in TABS], key=SECTIONS_KEY)


def has_lines(view: views.FinanceView) -> bool:
    """True when the filtered projects have financial lines; else says so."""
    if not view.has_financials:
        st.info(t("The filtered projects have no financial lines."), icon=":material/money_off:")
    return view.has_financials


def grain_switch() -> str:
    return url_state.switch(
        t("Periods"), GRAIN_LABELS, param=GRAIN_PARAM, key=GRAIN_KEY, default=DEFAULT_GRAIN
    )


def waterfall_switch() -> str:
    return url_state.switch(
        t("Variance steps"),
        WATERFALL_LABELS,
        param=WATERFALL_PARAM,
        key=WATERFALL_KEY,
        default=DEFAULT_WATERFALL,
    )


def chart(fig, key: str, filters: Filters) -> list | None:
    """A chart whose marks can be clicked; returns the clicked mark's customdata or None."""
    return components.clicked(export.chart(fig, key=key, filters=filters, on_select="rerun"))


def lines_detail(filters: Filters, what: str, **selection) -> None:
    """The financial lines behind a clicked mark: count, totals and the (downloadable) list."""
    found = data.page(views.lines, filters, **selection)
    st.markdown(
        "**"
        + literal(t("{n} financial lines behind {what}", n=fmt.number(found.count), what=what))
        + "**"
    )
    if not found.count:
        st.caption(t("No financial lines."))
        return
    st.caption(literal(found.summary))
    components.table(
        views.lines_table(found.lines),
        display.kinds(views.LINE_COLUMNS),
        name=t("Financial lines"),
        key=f"fin_lines_{what}",
    )


def period_detail(filters: Filters, custom: list) -> None:
    start, end, label = custom[0], custom[1], custom[2]
    lines_detail(filters, label, start=date.fromisoformat(start), end=date.fromisoformat(end))


def programme_detail(filters: Filters, custom: list) -> None:
    programme = str(custom[0])
    label = custom[1] if len(custom) > 1 else programme or t(finance.NO_PROGRAMME)
    lines_detail(filters, t("programme {name}", name=label), programme=programme)


def category_detail(filters: Filters, custom: list) -> None:
    category = str(custom[0])
    lines_detail(filters, t("category {name}", name=t(category)), category=category)


def evm_section(view: views.FinanceView) -> None:
    """Earned value per project, explained; a click on a row opens the project."""
    st.subheader(t("Earned value per project"))
    st.caption(
        t(
            "BAC approved budget · PV planned to date · EV = % complete × BAC · AC actual to "
            "date · CPI = EV / AC · SPI = EV / PV · EAC = AC + remaining forecast · VAC = BAC − "
            "EAC. Empty CPI: nothing spent yet; empty SPI: nothing planned yet. Click a row to "
            "open the project."
        )
    )
    table = views.evm_table(view.portfolio)
    slot = st.container()  # the table above its "Show all" switch
    shown = components.first_rows(table, EVM_FIRST_ROWS, key=EVM_TABLE_KEY)
    with slot:
        picked = components.selectable_table(
            shown,
            key=EVM_TABLE_KEY,
            kinds=display.kinds(views.EVM_COLUMNS),
            height=components.MAX_TABLE_HEIGHT_PX,
            name=t("Earned value per project"),
            download=table,
        )
    if picked is not None:
        components.open_project(view.portfolio.iloc[picked]["project_id"])


def plan_table(view: views.FinanceView) -> None:
    """The multi-year plan as a (downloadable) table, one row per fiscal year."""
    components.table(
        views.plan_table(view.plan),
        display.kinds(views.PLAN_COLUMNS),
        name=t("Multi-year plan"),
        key="fin_plan_table",
    )
