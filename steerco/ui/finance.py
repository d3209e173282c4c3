"""Finance page: cached page data, the page's own switches (kept in the URL) and drill-downs."""

from __future__ import annotations

from datetime import date

import streamlit as st
from sqlalchemy.engine import Engine

from data_access.queries import Filters
from steerco import fmt
from steerco.analytics import finance
from steerco.i18n import t
from steerco.ui import components, data, export
from steerco.views import finance as finance_view

#: Grain switch: URL parameter, widget key, default and labels.
GRAIN_PARAM = "grain"
GRAIN_KEY = "fin_grain"
DEFAULT_GRAIN = "month"
GRAIN_LABELS = {"month": "Month", "quarter": "Quarter", "year": "Fiscal year"}
#: Waterfall switch: steps per programme or per cost category.
WATERFALL_PARAM = "steps"
WATERFALL_KEY = "fin_steps"
DEFAULT_WATERFALL = "programme"
WATERFALL_LABELS = {"programme": "Programme", "category": "Category"}
#: Chart keys (their selection state is what a click leaves behind).
PERIOD_CHART_KEY = "fin_period_chart"
PROGRAMME_CHART_KEY = "fin_programme_chart"
CATEGORY_CHART_KEY = "fin_category_chart"
EVM_TABLE_KEY = "fin_evm_table"
#: The page's tabs (the open one is in the URL as ``?fin_tab=…``).
SECTIONS_KEY = "fin_tab"
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@data.cached
def _page(_engine: Engine, url: str, version: int, filters: Filters):
    with _engine.connect() as conn:
        return finance_view.finance_page(conn, filters, data.settings())


def page(filters: Filters) -> finance_view.FinancePage:
    return data.call(_page, filters)


@data.cached
def _lines(
    _engine: Engine,
    url: str,
    version: int,
    filters: Filters,
    start: date | None,
    end: date | None,
    programme: str | None,
    category: str | None,
):
    with _engine.connect() as conn:
        return finance_view.finance_lines(
            conn, filters, start=start, end=end, programme=programme, category=category
        )


def lines(
    filters: Filters,
    *,
    start: date | None = None,
    end: date | None = None,
    programme: str | None = None,
    category: str | None = None,
) -> finance_view.FinanceLines:
    return data.call(_lines, filters, start, end, programme, category)


# --------------------------------------------------------------------------- URL switches


def _remember(key: str) -> None:
    st.session_state[f"_{key}_value"] = st.session_state[key]


def url_switch(label: str, options: dict[str, str], *, param: str, key: str, default: str) -> str:
    """A segmented control whose value lives in the URL (``?param=value``) and the session.

    A link's value wins over the remembered one; the default is left out of the URL.
    """
    shadow, written = f"_{key}_value", f"_{key}_written"
    in_url = st.query_params.get(param)
    if in_url is not None and in_url != st.session_state.get(written):
        if in_url in options:
            st.session_state[shadow] = in_url
        else:
            st.warning(t("Ignored {param}={value} in the link.", param=param, value=in_url))
    value = st.session_state.get(shadow, default)
    if value not in options:
        value = default
    st.session_state[key] = value
    chosen = st.segmented_control(
        label,
        list(options),
        format_func=lambda v: t(options[v]),
        required=True,
        key=key,
        on_change=_remember,
        args=(key,),
    )
    chosen = chosen if chosen in options else default
    if chosen == default:
        if param in st.query_params:
            del st.query_params[param]
        st.session_state[written] = None
    else:
        if st.query_params.get(param) != chosen:
            st.query_params[param] = chosen
        st.session_state[written] = chosen
    return chosen


def grain_switch() -> str:
    return url_switch(
        t("Periods"), GRAIN_LABELS, param=GRAIN_PARAM, key=GRAIN_KEY, default=DEFAULT_GRAIN
    )


def waterfall_switch() -> str:
    return url_switch(
        t("Variance steps"),
        WATERFALL_LABELS,
        param=WATERFALL_PARAM,
        key=WATERFALL_KEY,
        default=DEFAULT_WATERFALL,
    )


# --------------------------------------------------------------------------- drill-down


def clicked(event) -> list | None:
    """The customdata of the first clicked mark of a chart event, or None."""
    if not event:
        return None
    points = (event.get("selection") or {}).get("points") or []
    for point in points:
        custom = point.get("customdata")
        if custom is not None:
            return list(custom) if isinstance(custom, list | tuple) else [custom]
    return None


def chart(fig, key: str, filters: Filters):
    """A chart whose marks can be clicked; returns the clicked mark's customdata or None."""
    return clicked(export.chart(fig, key=key, filters=filters, on_select="rerun"))


def lines_detail(filters: Filters, what: str, **selection) -> None:
    """The financial lines behind a clicked mark: count, totals and the (downloadable) list."""
    found = lines(filters, **selection)
    currency = data.settings().currency
    st.markdown(
        "**" + t("{n} financial lines behind {what}", n=fmt.number(found.count), what=what) + "**"
    )
    if not found.count:
        st.caption(t("No financial lines."))
        return
    st.caption(
        t(
            "Budget {budget} · actual {actual} · forecast {forecast} · committed {committed}. "
            "Actuals up to the as-of date, forecast from the as-of month on.",
            budget=fmt.money(found.budget, currency),
            actual=fmt.money(found.actual, currency),
            forecast=fmt.money(found.forecast, currency),
            committed=fmt.money(found.committed, currency),
        )
        + (
            " "
            + t(
                "The first {shown} are listed; narrow the filters to see the rest.",
                shown=fmt.number(len(found.lines)),
            )
            if found.truncated
            else ""
        )
    )
    components.table(
        finance_view.lines_table(found.lines),
        finance_view.kinds(finance_view.LINE_COLUMNS),
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


def evm_table(view: finance_view.FinancePage) -> None:
    """Earned value per project; a click on a row opens the project."""
    picked = components.selectable_table(
        finance_view.evm_table(view.portfolio),
        key=EVM_TABLE_KEY,
        kinds=finance_view.kinds(finance_view.EVM_COLUMNS),
        height=components.MAX_TABLE_HEIGHT_PX,
        name=t("Earned value per project"),
    )
    if picked is not None:
        components.open_project(view.portfolio.iloc[picked]["project_id"])


def plan_table(view: finance_view.FinancePage) -> None:
    """The multi-year plan as a (downloadable) table, one row per fiscal year."""
    components.table(
        finance_view.plan_table(view.plan),
        finance_view.kinds(finance_view.PLAN_COLUMNS),
        name=t("Multi-year plan"),
        key="fin_plan_table",
    )


def fiscal_year_start(view: finance_view.FinancePage) -> str:
    return t(MONTH_NAMES[view.fiscal_year_start_month - 1])
