"""Portfolio finance: periods and fiscal years, S-curves, splits, multi-year plan, waterfalls.

Pure functions on the small frames the finance queries return (SQL has already reduced the
financial lines to one row per month, category and expense type, or per programme, category
and expense type). Conventions are those of the earned-value figures (DESIGN.md, and
``steerco/analytics/evm.py``):

* ``budget`` — the planned budget of the lines (all months);
* ``actual`` — actual cost of the months up to the as-of date (AC);
* ``forecast`` — forecast cost from the as-of month on (the remaining forecast);
* ``outturn`` = actual + forecast: what the work is expected to cost, so summed over every
  month it is the EAC.

Fiscal years are named after the calendar year they start in: with a fiscal year starting in
April, April 2026 – March 2027 is "FY2026/27"; with a January start the fiscal year is the
calendar year ("FY2026"). Quarters are fiscal quarters (Q1 = the first three months of the
fiscal year).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from data_access import schema
from steerco import fmt
from steerco.i18n import N_

#: First month of the fiscal year (1 = January). Used unless the settings carry
#: ``fiscal_year_start_month``.
FISCAL_YEAR_START_MONTH = 1
GRAINS = ("month", "quarter", "year")
#: Months per bucket of each grain.
GRAIN_MONTHS = {"month": 1, "quarter": 3, "year": 12}
MEASURES = ("budget", "actual", "forecast", "committed")
INTERNAL_LABOUR = "Internal labour"
EXTERNAL_LABOUR = "External labour"
LABOUR_CATEGORIES = (INTERNAL_LABOUR, EXTERNAL_LABOUR)
EXPENSE_TYPES = tuple(schema.EXPENSE_TYPES)  # CAPEX, OPEX
#: A waterfall shows at most this many programme or category steps; the smallest ones are
#: added up into one "other" step so the chart stays readable on a slide.
WATERFALL_MAX_STEPS = 10
#: Differences smaller than this (in currency units) are rounding, not a waterfall step.
WATERFALL_ZERO = 0.005
BAC_STEP = N_("Approved budget (BAC)")
EAC_STEP = N_("Estimate at completion (EAC)")
UNPHASED_STEP = "Monthly plan vs approved budget"
OTHER_PROGRAMMES = "Other programmes"
OTHER_CATEGORIES = "Other categories"
NO_PROGRAMME = N_("(no programme)")


# --------------------------------------------------------------------------- periods


def _check_start_month(start_month: int) -> int:
    if not isinstance(start_month, int | np.integer) or not 1 <= int(start_month) <= 12:
        raise ValueError(f"fiscal year start month must be 1..12, got {start_month!r}")
    return int(start_month)


def fiscal_year(periods: pd.Series, start_month: int = FISCAL_YEAR_START_MONTH) -> pd.Series:
    """The calendar year in which each month's fiscal year starts."""
    start_month = _check_start_month(start_month)
    p = pd.to_datetime(periods)
    return (p.dt.year - (p.dt.month < start_month).astype(int)).astype(int)


def fiscal_quarter(periods: pd.Series, start_month: int = FISCAL_YEAR_START_MONTH) -> pd.Series:
    """1–4: the fiscal quarter of each month."""
    start_month = _check_start_month(start_month)
    p = pd.to_datetime(periods)
    return ((p.dt.month - start_month) % 12 // 3 + 1).astype(int)


def fiscal_year_label(year: int, start_month: int = FISCAL_YEAR_START_MONTH) -> str:
    """FY2026 (January start) or FY2026/27 (any other start month)."""
    if _check_start_month(start_month) == 1:
        return f"FY{year}"
    return f"FY{year}/{(year + 1) % 100:02d}"


def _add_months(stamps: pd.Series, months: pd.Series | int) -> pd.Series:
    index = stamps.dt.year * 12 + stamps.dt.month - 1 + months
    return pd.to_datetime({"year": index // 12, "month": index % 12 + 1, "day": 1})


def bucket_start(
    periods: pd.Series, grain: str, start_month: int = FISCAL_YEAR_START_MONTH
) -> pd.Series:
    """First month of the month, fiscal quarter or fiscal year each period falls in."""
    if grain not in GRAINS:
        raise ValueError(f"unknown grain {grain!r}; choose {', '.join(GRAINS)}")
    p = pd.to_datetime(periods).dt.to_period("M").dt.to_timestamp()
    if grain == "month":
        return p
    fy = fiscal_year(p, start_month)
    fy_start = pd.to_datetime({"year": fy, "month": start_month, "day": 1})
    if grain == "year":
        return fy_start
    return _add_months(fy_start, (fiscal_quarter(p, start_month) - 1) * 3)


def bucket_label(
    start: pd.Timestamp, grain: str, start_month: int = FISCAL_YEAR_START_MONTH
) -> str:
    """Nov 2026 · 2026 Q4 (calendar year) or FY2026/27 Q3 · FY2026 or FY2026/27."""
    start = pd.Timestamp(start)
    if grain == "month":
        return fmt.month(start)
    fy = int(fiscal_year(pd.Series([start]), start_month).iloc[0])
    if grain == "year":
        return fiscal_year_label(fy, start_month)
    quarter = int(fiscal_quarter(pd.Series([start]), start_month).iloc[0])
    if start_month == 1:
        return f"{fy} Q{quarter}"
    return f"{fiscal_year_label(fy, start_month)} Q{quarter}"


def _numeric(frame: pd.DataFrame, columns) -> pd.DataFrame:
    out = frame.copy()
    for col in columns:
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64").fillna(0.0)
    return out


def _measures(frame: pd.DataFrame) -> list[str]:
    return [c for c in (*MEASURES, "lines") if c in frame]


def by_period(
    monthly: pd.DataFrame, grain: str, start_month: int = FISCAL_YEAR_START_MONTH
) -> pd.DataFrame:
    """Budget, actual, forecast (and committed) per month, fiscal quarter or fiscal year.

    ``monthly`` has a ``period`` column (first day of the month) and the measures, possibly
    several rows per month (one per category and expense type). Every bucket between the
    first and the last one is listed (zeros where nothing is booked), so the time axis has no
    holes. Columns: start, end (first day of the bucket's last month), label, the measures,
    outturn (actual + forecast) and variance (outturn − budget).
    """
    columns = ["start", "end", "label", *MEASURES, "lines", "outturn", "variance"]
    if monthly.empty:
        return pd.DataFrame(columns=columns)
    frame = _numeric(monthly, _measures(monthly))
    frame["start"] = bucket_start(frame["period"], grain, start_month)
    grouped = frame.groupby("start")[_measures(frame)].sum()
    step = GRAIN_MONTHS[grain]
    first, last = grouped.index.min(), grouped.index.max()
    count = (last.year - first.year) * 12 + last.month - first.month
    starts = _add_months(
        pd.Series([first] * (count // step + 1)), pd.Series(range(0, count + 1, step))
    )
    out = (
        grouped.reindex(pd.DatetimeIndex(starts), fill_value=0.0).rename_axis("start").reset_index()
    )
    out["end"] = _add_months(out["start"], step - 1)
    out["label"] = [bucket_label(s, grain, start_month) for s in out["start"]]
    for col in (*MEASURES, "lines"):
        if col not in out:
            out[col] = 0.0
    out["lines"] = out["lines"].astype(int)
    out["outturn"] = out["actual"] + out["forecast"]
    out["variance"] = out["outturn"] - out["budget"]
    return out[columns]


def s_curve(monthly: pd.DataFrame, as_of) -> pd.DataFrame:
    """Cumulative planned, actual (to the as-of date) and forecast (to finish) per month.

    Same convention as the project page's S-curve and the EAC: ``cum_budget`` adds up the plan;
    ``cum_actual`` the actuals, up to the as-of month; ``cum_forecast`` actuals plus remaining
    forecast, drawn from the last month with actuals on, so it joins the actual line and ends at
    the EAC.
    """
    totals = by_period(monthly, "month")
    frame = totals[["start", "budget", "actual", "forecast"]].rename(columns={"start": "period"})
    past = frame["period"] <= pd.Timestamp(as_of)
    frame["cum_budget"] = frame["budget"].cumsum()
    frame["cum_actual"] = frame["actual"].where(past, 0.0).cumsum().where(past)
    remaining = frame["period"] >= pd.Timestamp(as_of).replace(day=1)
    spend = frame["actual"].where(past, 0.0) + frame["forecast"].where(remaining, 0.0)
    frame["cum_forecast"] = spend.cumsum()
    if past.any():
        last_past = past[past].index.max()
        frame.loc[frame.index < last_past, "cum_forecast"] = np.nan
    return frame


# --------------------------------------------------------------------------- splits


def _ordered(frame: pd.DataFrame, column: str, order) -> pd.DataFrame:
    known = [v for v in order if v in set(frame[column])]
    rest = sorted(v for v in frame[column].unique() if v not in set(order))
    return frame.set_index(column).loc[known + rest].reset_index()


def _share(part: pd.Series, whole: float) -> pd.Series:
    return part / whole * 100.0 if whole else pd.Series(np.nan, index=part.index)


def totals_by(frame: pd.DataFrame, column: str, order=()) -> pd.DataFrame:
    """Budget, actual, forecast, committed, outturn and variance per value of ``column``."""
    columns = [column, *MEASURES, "lines", "outturn", "variance"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    data = _numeric(frame, _measures(frame))
    grouped = data.groupby(column, dropna=False)[_measures(data)].sum().reset_index()
    for col in (*MEASURES, "lines"):
        if col not in grouped:
            grouped[col] = 0.0
    grouped["lines"] = grouped["lines"].astype(int)
    grouped["outturn"] = grouped["actual"] + grouped["forecast"]
    grouped["variance"] = grouped["outturn"] - grouped["budget"]
    if order:
        grouped = _ordered(grouped, column, order)
    return grouped[columns]


def expense_split(frame: pd.DataFrame) -> pd.DataFrame:
    """CAPEX and OPEX: budget and outturn with their shares of the total (percent)."""
    out = totals_by(frame, "expense_type")
    out = (
        out.set_index("expense_type")
        .reindex(list(EXPENSE_TYPES) + [x for x in out["expense_type"] if x not in EXPENSE_TYPES])
        .fillna(0.0)
        .rename_axis("expense_type")
        .reset_index()
    )
    out["budget_share"] = _share(out["budget"], out["budget"].sum())
    out["outturn_share"] = _share(out["outturn"], out["outturn"].sum())
    return out


def by_category(frame: pd.DataFrame) -> pd.DataFrame:
    """Totals per cost category, in the schema's category order."""
    return totals_by(frame, "category", schema.COST_CATEGORIES)


def by_programme(frame: pd.DataFrame) -> pd.DataFrame:
    """Totals per programme, largest outturn first (no programme: an empty string)."""
    out = totals_by(frame.assign(programme=frame["programme"].fillna("")), "programme")
    return out.sort_values(["outturn", "programme"], ascending=[False, True]).reset_index(drop=True)


def labour_split(frame: pd.DataFrame) -> pd.DataFrame:
    """Internal and external labour: totals and each one's share of labour (percent)."""
    out = totals_by(frame[frame["category"].isin(LABOUR_CATEGORIES)], "category")
    out = (
        out.set_index("category")
        .reindex(list(LABOUR_CATEGORIES))
        .fillna(0.0)
        .rename_axis("category")
        .reset_index()
    )
    out["lines"] = out["lines"].astype(int)
    out["budget_share"] = _share(out["budget"], out["budget"].sum())
    out["outturn_share"] = _share(out["outturn"], out["outturn"].sum())
    return out


def multi_year_plan(
    monthly: pd.DataFrame, start_month: int = FISCAL_YEAR_START_MONTH
) -> pd.DataFrame:
    """Per fiscal year: budget and outturn (actual + forecast), each split CAPEX / OPEX."""
    columns = [
        "fiscal_year", "label", "budget_capex", "budget_opex", "budget",
        "outturn_capex", "outturn_opex", "outturn", "actual", "forecast", "variance",
    ]  # fmt: skip
    if monthly.empty:
        return pd.DataFrame(columns=columns)
    data = _numeric(monthly, _measures(monthly))
    data["fiscal_year"] = fiscal_year(data["period"], start_month)
    data["outturn"] = data["actual"] + data["forecast"]
    wide = data.pivot_table(
        index="fiscal_year",
        columns="expense_type",
        values=["budget", "outturn"],
        aggfunc="sum",
        fill_value=0.0,
    )
    out = pd.DataFrame(index=wide.index)
    for measure in ("budget", "outturn"):
        for kind in EXPENSE_TYPES:
            key = (measure, kind)
            out[f"{measure}_{kind.lower()}"] = wide.get(key, 0.0)
        out[measure] = wide[measure].sum(axis=1)
    sums = data.groupby("fiscal_year")[["actual", "forecast"]].sum()
    out = out.join(sums)
    years = range(int(out.index.min()), int(out.index.max()) + 1)
    out = out.reindex(years, fill_value=0.0).rename_axis("fiscal_year").reset_index()
    out["label"] = [fiscal_year_label(int(y), start_month) for y in out["fiscal_year"]]
    out["variance"] = out["outturn"] - out["budget"]
    return out[columns]


# --------------------------------------------------------------------------- earned value


def portfolio_totals(portfolio: pd.DataFrame) -> dict[str, float]:
    """Earned-value figures of the whole filtered portfolio (from the per-project EVM rows).

    BAC, PV, EV, AC, EAC and VAC are sums. CPI = ΣEV / ΣAC and SPI = ΣEV / ΣPV over the
    projects whose EV is known (percent complete reported); empty (NaN) when the denominator
    is 0. BAC / CPI = ΣBAC / CPI.
    """

    def total(col: str) -> float:
        return float(pd.to_numeric(portfolio[col], errors="coerce").fillna(0.0).sum())

    known = pd.to_numeric(portfolio["ev"], errors="coerce").notna()
    ev = float(portfolio.loc[known, "ev"].sum())
    ac_known = float(pd.to_numeric(portfolio.loc[known, "ac"], errors="coerce").fillna(0).sum())
    pv_known = float(pd.to_numeric(portfolio.loc[known, "pv"], errors="coerce").fillna(0).sum())
    cpi = ev / ac_known if ac_known else math.nan
    spi = ev / pv_known if pv_known else math.nan
    bac = total("bac")
    return {
        "projects": len(portfolio),
        "bac": bac,
        "pv": total("pv"),
        "ev": ev,
        "ac": total("ac"),
        "remaining_forecast": total("remaining_forecast"),
        "eac": total("eac"),
        "vac": total("vac"),
        "cpi": cpi,
        "spi": spi,
        "eac_cpi": bac / cpi if cpi and not math.isnan(cpi) else math.nan,
        "committed": total("committed") if "committed" in portfolio else 0.0,
    }


# --------------------------------------------------------------------------- waterfalls

WATERFALL_COLUMNS = ["label", "key", "measure", "amount", "base", "end"]


def _steps_frame(start: float, steps: list[tuple[str, str, float]], end: float) -> pd.DataFrame:
    """BAC bar, one relative bar per step, EAC bar; base/end are where each bar starts/ends."""
    rows = [(BAC_STEP, "", "absolute", start)]
    rows += [(label, key, "relative", amount) for label, key, amount in steps]
    rows.append((EAC_STEP, "", "total", end))
    frame = pd.DataFrame(rows, columns=["label", "key", "measure", "amount"])
    running = start
    bases, ends = [0.0], [start]
    for amount in frame["amount"].iloc[1:-1]:
        bases.append(running)
        running += amount
        ends.append(running)
    bases.append(0.0)
    ends.append(end)
    frame["base"], frame["end"] = bases, ends
    return frame[WATERFALL_COLUMNS]


def _limit_steps(
    steps: list[tuple[str, str, float]], max_steps: int, other: str
) -> list[tuple[str, str, float]]:
    """Keep the largest steps (by size); add the rest up into one "other (n)" step."""
    if len(steps) <= max_steps:
        return steps
    by_size = sorted(steps, key=lambda s: -abs(s[2]))
    kept, rest = by_size[: max_steps - 1], by_size[max_steps - 1 :]
    kept = sorted(kept, key=lambda s: -s[2])
    return [*kept, (f"{other} ({len(rest)})", "", math.fsum(s[2] for s in rest))]


def waterfall_by_programme(
    portfolio: pd.DataFrame, max_steps: int = WATERFALL_MAX_STEPS
) -> pd.DataFrame:
    """From ΣBAC to ΣEAC, one step per programme: the programme's ΣEAC − ΣBAC.

    Largest overrun first, savings last. The steps add up exactly to EAC − BAC (the EAC bar is
    BAC plus the steps). ``key`` is the programme ("" for projects without one).
    """
    frame = pd.DataFrame(
        {
            "programme": portfolio["programme"].fillna("").astype(str),
            "bac": pd.to_numeric(portfolio["bac"], errors="coerce").fillna(0.0),
            "eac": pd.to_numeric(portfolio["eac"], errors="coerce").fillna(0.0),
        }
    )
    grouped = frame.groupby("programme")[["bac", "eac"]].sum()
    grouped["step"] = grouped["eac"] - grouped["bac"]
    grouped = grouped.sort_values("step", ascending=False)
    steps = [(p or NO_PROGRAMME, p, float(v)) for p, v in grouped["step"].items()]
    steps = _limit_steps(steps, max_steps, OTHER_PROGRAMMES)
    bac = math.fsum(frame["bac"])
    return _steps_frame(bac, steps, bac + math.fsum(s[2] for s in steps))


def waterfall_by_category(
    categories: pd.DataFrame, bac: float, max_steps: int = WATERFALL_MAX_STEPS
) -> pd.DataFrame:
    """From ΣBAC to EAC by cost category.

    The approved budget is not split by category, the monthly plan is: the first step is the
    difference between the monthly plan (Σ budget of the lines) and ΣBAC (left out when it is
    zero), then one step per category, its outturn (actual + remaining forecast) − its budget.
    The steps add up exactly to EAC − BAC (EAC = Σ outturn = Σ of the projects' EAC).
    """
    data = _numeric(categories, ["budget", "outturn"])
    steps: list[tuple[str, str, float]] = []
    unphased = math.fsum(data["budget"]) - bac
    if abs(unphased) >= WATERFALL_ZERO:
        steps.append((UNPHASED_STEP, "", unphased))
    cat_steps = [
        (str(c), str(c), float(o - b))
        for c, b, o in zip(data["category"], data["budget"], data["outturn"], strict=True)
    ]
    steps += _limit_steps(cat_steps, max_steps, OTHER_CATEGORIES)
    return _steps_frame(bac, steps, bac + math.fsum(s[2] for s in steps))
