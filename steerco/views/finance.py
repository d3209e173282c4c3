"""What the Finance page shows, in one call: budget vs actual vs forecast per period,
S-curve, CAPEX/OPEX, spend by programme and category, labour, multi-year plan, waterfalls and
earned value per project. Plain Python (no Streamlit), like ``steerco/pagedata.py``.

The earned-value rows are the Portfolio page's own (``pagedata.portfolio_frame``), so BAC, PV,
AC, EAC and every index equal what the Portfolio and Project pages show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import finance_queries
from data_access.queries import Filters
from steerco import pagedata
from steerco.analytics import finance
from steerco.config import Settings
from steerco.i18n import t

WATERFALL_MODES = ("programme", "category")


def fiscal_year_start_month(settings: Settings) -> int:
    """The configured first month of the fiscal year (``fiscal_year_start_month``), else
    :data:`steerco.analytics.finance.FISCAL_YEAR_START_MONTH`."""
    return int(getattr(settings, "fiscal_year_start_month", finance.FISCAL_YEAR_START_MONTH))


@dataclass
class FinancePage:
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

    @property
    def is_empty(self) -> bool:
        return self.portfolio.empty

    @property
    def has_financials(self) -> bool:
        return not self.monthly.empty


def finance_page(conn: Connection, filters: Filters, settings: Settings) -> FinancePage:
    start_month = fiscal_year_start_month(settings)
    portfolio = pagedata.portfolio_frame(conn, filters, settings)
    monthly = finance_queries.monthly_spend(conn, filters)
    programmes = finance_queries.programme_spend(conn, filters)
    totals = finance.portfolio_totals(portfolio) if not portfolio.empty else {}
    categories = finance.by_category(monthly)
    waterfalls = {}
    if not portfolio.empty:
        waterfalls = {
            "programme": finance.waterfall_by_programme(portfolio),
            "category": finance.waterfall_by_category(categories, totals["bac"]),
        }
    return FinancePage(
        as_of=filters.as_of_date,
        fiscal_year_start_month=start_month,
        portfolio=portfolio,
        totals=totals,
        monthly=monthly,
        periods={g: finance.by_period(monthly, g, start_month) for g in finance.GRAINS},
        s_curve=finance.s_curve(monthly, filters.as_of_date),
        expense_split=finance.expense_split(monthly),
        by_programme=finance.by_programme(programmes),
        by_category=categories,
        labour=finance.labour_split(monthly),
        plan=finance.multi_year_plan(monthly, start_month),
        waterfalls=waterfalls,
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

    @property
    def truncated(self) -> bool:
        return self.count > len(self.lines)


def finance_lines(
    conn: Connection,
    filters: Filters,
    *,
    start: date | None = None,
    end: date | None = None,
    programme: str | None = None,
    category: str | None = None,
) -> FinanceLines:
    frame = finance_queries.financial_lines(
        conn, filters, start=start, end=end, programme=programme, category=category
    )
    first = frame.iloc[0] if not frame.empty else None
    return FinanceLines(
        lines=frame.drop(columns=[c for c in frame if c.startswith("total_")]),
        count=int(first["total_lines"]) if first is not None else 0,
        budget=float(first["total_budget"]) if first is not None else 0.0,
        actual=float(first["total_actual"]) if first is not None else 0.0,
        forecast=float(first["total_forecast"]) if first is not None else 0.0,
        committed=float(first["total_committed"]) if first is not None else 0.0,
    )


# --------------------------------------------------------------------------- display tables

#: Earned-value table: column → (source column, kind). Kinds drive the widget's formatting.
#: The committee's figures first (up to VAC fit a projector's width), context after.
EVM_COLUMNS: dict[str, tuple[str, str]] = {
    "ID": ("project_id", "text"),
    "Project": ("name", "text"),
    "BAC": ("bac", "money"),
    "PV": ("pv", "money"),
    "EV": ("ev", "money"),
    "AC": ("ac", "money"),
    "CPI": ("cpi", "ratio"),
    "SPI": ("spi", "ratio"),
    "EAC": ("eac", "money"),
    "VAC": ("vac", "money"),
    "BAC / CPI": ("eac_cpi", "money"),
    "% complete": ("percent_complete", "pct0"),
    "Programme": ("programme", "text"),
}
#: Decimals of the CPI and SPI columns.
INDEX_DECIMALS = 2


def _display(frame: pd.DataFrame, mapping: dict[str, tuple[str, str]]) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for label, (source, kind) in mapping.items():
        values = frame[source]
        if kind == "ratio":
            values = pd.to_numeric(values, errors="coerce").round(INDEX_DECIMALS)
        out[t(label)] = values
    return out.reset_index(drop=True)


def kinds(mapping: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Translated column label → kind, for the table widget."""
    return {t(label): kind for label, (_, kind) in mapping.items()}


def evm_table(portfolio: pd.DataFrame) -> pd.DataFrame:
    """One row per project with its earned-value figures, in the portfolio's order."""
    return _display(portfolio, EVM_COLUMNS)


PLAN_COLUMNS: dict[str, tuple[str, str]] = {
    "Fiscal year": ("label", "text"),
    "Budget CAPEX": ("budget_capex", "money"),
    "Budget OPEX": ("budget_opex", "money"),
    "Budget": ("budget", "money"),
    "Actual + forecast CAPEX": ("outturn_capex", "money"),
    "Actual + forecast OPEX": ("outturn_opex", "money"),
    "Actual + forecast": ("outturn", "money"),
    "Variance": ("variance", "money"),
}


def plan_table(plan: pd.DataFrame) -> pd.DataFrame:
    return _display(plan, PLAN_COLUMNS)


LINE_COLUMNS: dict[str, tuple[str, str]] = {
    "ID": ("project_id", "text"),
    "Project": ("project_name", "text"),
    "Programme": ("programme", "text"),
    "Month": ("period", "date"),
    "Category": ("category", "text"),
    "Type": ("expense_type", "text"),
    "Budget": ("budget", "money"),
    "Actual": ("actual", "money"),
    "Forecast": ("forecast", "money"),
    "Committed": ("committed", "money"),
}


def lines_table(lines: pd.DataFrame) -> pd.DataFrame:
    """The financial lines behind a chart mark (projects without programme say so)."""
    named = lines.assign(programme=lines["programme"].replace("", t(finance.NO_PROGRAMME)))
    return _display(named, LINE_COLUMNS)
