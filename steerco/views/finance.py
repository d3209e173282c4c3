"""What the Finance page shows, in one call: the KPI tiles, budget vs actual vs forecast per
period, S-curve, CAPEX/OPEX, spend by programme and category, labour, multi-year plan,
waterfalls and earned value per project; and the financial lines behind a chart mark.
Plain Python (no Streamlit).

The earned-value rows are the Portfolio page's own (``views.portfolio.frame``), so BAC, PV,
AC, EAC and every index equal what the Portfolio and Project pages show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import finance_queries
from data_access.filters import Filters
from data_access.known_on import as_known_on
from steerco import fmt
from steerco.analytics import finance
from steerco.config import Settings
from steerco.i18n import N_, t
from steerco.views import display, portfolio
from steerco.views.display import Columns, Kpi

WATERFALL_MODES = ("programme", "category")
MONTH_NAMES = display.MONTH_NAMES


def fiscal_year_start_month(settings: Settings) -> int:
    """The configured first month of the fiscal year (``fiscal_year_start_month``), else
    :data:`steerco.analytics.finance.FISCAL_YEAR_START_MONTH`."""
    return int(getattr(settings, "fiscal_year_start_month", finance.FISCAL_YEAR_START_MONTH))


@dataclass
class FinanceView:
    as_of: date
    fiscal_year_start_month: int
    portfolio: pd.DataFrame  # one row per project: facts and EVM (the Portfolio page's rows)
    totals: dict[str, float]  # portfolio EVM totals (analytics.finance.portfolio_totals)
    monthly: pd.DataFrame  # per month × category × expense type (SQL aggregate)
    periods: dict[str, pd.DataFrame]  # grain → budget/actual/forecast per bucket
    s_curve: pd.DataFrame
    expense_split: pd.DataFrame
    by_programme: pd.DataFrame
    by_category: pd.DataFrame
    labour: pd.DataFrame
    plan: pd.DataFrame  # per fiscal year
    waterfalls: dict[str, pd.DataFrame] = field(default_factory=dict)  # mode → steps
    kpis: list[Kpi] = field(default_factory=list)
    summary: str = ""  # the line under the title: scope, as-of date, fiscal year

    @property
    def is_empty(self) -> bool:
        return self.portfolio.empty

    @property
    def has_financials(self) -> bool:
        return not self.monthly.empty


def _kpis(tot: dict[str, float], currency: str) -> list[Kpi]:
    def money(value: float) -> str:
        return fmt.money(value, currency)

    return [
        Kpi(t("Budget (BAC)"), money(tot["bac"]), help=t("Sum of the approved budgets")),
        Kpi(
            t("Actual to date (AC)"),
            money(tot["ac"]),
            help=t(
                "Actual cost to date; planned value (PV): the budget of the months up to the "
                "as-of date, the as-of month pro rata to the day unless set to the whole month"
            ),
            delta=t("PV {pv}", pv=money(tot["pv"])),
            delta_color="off",
            arrow=False,
        ),
        Kpi(
            t("EAC"),
            money(tot["eac"]),
            help=t(
                "Estimate at completion: actuals to date plus remaining forecast. VAC = BAC − EAC"
            ),
            delta=t("VAC {vac}", vac=money(tot["vac"])),
            delta_color="normal" if tot["vac"] >= 0 else "inverse",
            arrow=False,
        ),
        Kpi(
            t("BAC / CPI"),
            money(tot["eac_cpi"]),
            help=t("Performance-based estimate: the approved budget at the cost efficiency so far"),
        ),
        Kpi(
            t("CPI"),
            fmt.ratio(tot["cpi"]),
            help=t("Cost performance index ΣEV / ΣAC (projects with a percent complete)"),
        ),
        Kpi(
            t("SPI"),
            fmt.ratio(tot["spi"]),
            help=t("Schedule performance index ΣEV / ΣPV (projects with a percent complete)"),
        ),
    ]


@as_known_on
def build(conn: Connection, filters: Filters, settings: Settings) -> FinanceView:
    start_month = fiscal_year_start_month(settings)
    rows = portfolio.frame(conn, filters, settings)
    monthly = finance_queries.monthly_spend(conn, filters)
    programmes = finance_queries.programme_spend(conn, filters)
    counted = portfolio.active(rows)
    totals = finance.portfolio_totals(counted) if not counted.empty else {}
    categories = finance.by_category(monthly)
    waterfalls = {}
    if not rows.empty:
        waterfalls = {
            "programme": finance.waterfall_by_programme(rows),
            # like every chart, over all the filtered projects (the tiles leave some apart)
            "category": finance.waterfall_by_category(categories, float(rows["bac"].sum())),
        }
    summary = ""
    if totals:
        summary = " ".join(
            part
            for part in (
                t(
                    "{n} active projects · as of {as_of} · fiscal year starts in {month}. "
                    "Actuals up to the as-of date, forecast from the as-of month on; EAC = "
                    "actuals + remaining forecast.",
                    n=totals["projects"],
                    as_of=fmt.day(filters.as_of),
                    month=t(MONTH_NAMES[start_month - 1]),
                ),
                portfolio.month_to_date_text(filters.as_of, settings),
                portfolio.apart_note(rows, settings),
            )
            if part
        )
    return FinanceView(
        as_of=filters.as_of,
        fiscal_year_start_month=start_month,
        portfolio=rows,
        totals=totals,
        monthly=monthly,
        periods={g: finance.by_period(monthly, g, start_month) for g in finance.GRAINS},
        s_curve=finance.s_curve(monthly, filters.as_of),
        expense_split=finance.expense_split(monthly),
        by_programme=finance.by_programme(programmes),
        by_category=categories,
        labour=finance.labour_split(monthly),
        plan=finance.multi_year_plan(monthly, start_month),
        waterfalls=waterfalls,
        kpis=_kpis(totals, settings.currency) if totals else [],
        summary=summary,
    )


@dataclass
class FinanceLines:
    """The financial lines behind one chart mark, and the totals of all of them."""

    lines: pd.DataFrame
    count: int
    budget: float
    actual: float
    forecast: float
    committed: float
    summary: str = ""  # totals (and the cut-off) as the page says them

    @property
    def truncated(self) -> bool:
        return self.count > len(self.lines)


@as_known_on
def lines(
    conn: Connection,
    filters: Filters,
    settings: Settings,
    *,
    start: date | None = None,
    end: date | None = None,
    programme: str | None = None,
    category: str | None = None,
) -> FinanceLines:
    """The financial lines behind a period, programme or category mark (the first
    ``finance_queries.LINES_LIMIT`` of them) and the totals of all of them."""
    frame = finance_queries.financial_lines(
        conn, filters, start=start, end=end, programme=programme, category=category
    )
    first = frame.iloc[0] if not frame.empty else None

    def total(column: str) -> float:
        return float(first[column]) if first is not None else 0.0

    found = FinanceLines(
        lines=frame.drop(columns=[c for c in frame if c.startswith("total_")]),
        count=int(first["total_lines"]) if first is not None else 0,
        budget=total("total_budget"),
        actual=total("total_actual"),
        forecast=total("total_forecast"),
        committed=total("total_committed"),
    )
    found.summary = _lines_summary(found, settings.currency)
    return found


def _lines_summary(found: FinanceLines, currency: str) -> str:
    text = t(
        "Budget {budget} · actual {actual} · forecast {forecast} · committed {committed}. "
        "Actuals up to the as-of date, forecast from the as-of month on.",
        budget=fmt.money(found.budget, currency),
        actual=fmt.money(found.actual, currency),
        forecast=fmt.money(found.forecast, currency),
        committed=fmt.money(found.committed, currency),
    )
    if found.truncated:
        text += " " + t(
            "The first {shown} are listed; narrow the filters to see the rest.",
            shown=fmt.number(len(found.lines)),
        )
    return text


# --------------------------------------------------------------------------- display tables

#: Earned-value table. The committee's figures first (up to VAC fit a projector's width),
#: context after.
EVM_COLUMNS: Columns = {
    N_("ID"): ("project_id", "text"),
    N_("Project"): ("name", "text"),
    N_("BAC"): ("bac", "money"),
    N_("PV"): ("pv", "money"),
    N_("EV"): ("ev", "money"),
    N_("AC"): ("ac", "money"),
    N_("CPI"): ("cpi", "ratio"),
    N_("SPI"): ("spi", "ratio"),
    N_("EAC"): ("eac", "money"),
    N_("VAC"): ("vac", "money"),
    N_("BAC / CPI"): ("eac_cpi", "money"),
    N_("% complete"): ("percent_complete", "pct0"),
    N_("Progress from"): ("progress_word", "text"),
    N_("Programme"): ("programme", "text"),
}
PLAN_COLUMNS: Columns = {
    N_("Fiscal year"): ("label", "text"),
    N_("Budget CAPEX"): ("budget_capex", "money"),
    N_("Budget OPEX"): ("budget_opex", "money"),
    N_("Budget"): ("budget", "money"),
    N_("Actual + forecast CAPEX"): ("outturn_capex", "money"),
    N_("Actual + forecast OPEX"): ("outturn_opex", "money"),
    N_("Actual + forecast"): ("outturn", "money"),
    N_("Variance"): ("variance", "money"),
}
LINE_COLUMNS: Columns = {
    N_("ID"): ("project_id", "text"),
    N_("Project"): ("project_name", "text"),
    N_("Programme"): ("programme", "text"),
    N_("Month"): ("period", "date"),
    N_("Category"): ("category", "text"),
    N_("Type"): ("expense_type", "text"),
    N_("Budget"): ("budget", "money"),
    N_("Actual"): ("actual", "money"),
    N_("Forecast"): ("forecast", "money"),
    N_("Committed"): ("committed", "money"),
}


def evm_table(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per project with its earned-value figures, in the portfolio's order, and where
    its progress (so EV) comes from."""
    return display.select(rows.assign(progress_word=portfolio.progress_words(rows)), EVM_COLUMNS)


def plan_table(plan: pd.DataFrame) -> pd.DataFrame:
    return display.select(plan, PLAN_COLUMNS)


def lines_table(lines: pd.DataFrame) -> pd.DataFrame:
    """The financial lines behind a chart mark (projects without programme say so)."""
    named = lines.assign(programme=lines["programme"].replace("", t(finance.NO_PROGRAMME)))
    return display.select(named, LINE_COLUMNS)
