"""Vendor contracts: spend against the contracted pace, renewals due, performance bands.

Pure functions on DataFrames (no SQL, no Streamlit). Definitions, also written out in
``docs/definitions-vendors.md``:

* **Spend vs contracted pace** = spend to date ÷ (annual value × contract years elapsed), in %.
  Contract years elapsed = days from the start date to the as-of date ÷ 365.25 (fractional).
  100 % means the contract is spending exactly at its annual value; a multi-year contract in
  its third year is compared with three years of value, not one. No figure (–) when the start
  date, the annual value or the spend is missing, or the contract has not started yet.
* **Renewal due**: the renewal notice date or the end date falls within
  ``RENEWAL_WINDOW_DAYS`` days of the as-of date, both ends included (day 0 and day 90 are
  in, day 91 and any past date are out).
* **Bands** (RAG, always shown with a word or symbol beside the colour); a value exactly at a
  threshold stays in the better band.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

#: Renewals due: notice or end date within this many days of the as-of date (both included).
RENEWAL_WINDOW_DAYS = 90
#: Days in an average year: elapsed days → contract years.
DAYS_PER_YEAR = 365.25

#: SLA performance (%): Green at or above the target, Amber down to the floor, Red below it.
SLA_TARGET_PCT = 95.0
SLA_FLOOR_PCT = 90.0
#: Satisfaction (1–5): Green at or above the target, Amber down to the floor, Red below it.
SATISFACTION_TARGET = 3.5
SATISFACTION_FLOOR = 2.5
#: Spend vs contracted pace (%): Green up to the amber limit, Amber up to the red limit, Red
#: above it — the same tolerances as the budget RAG (5 % and 10 % over).
SPEND_PACE_AMBER_PCT = 105.0
SPEND_PACE_RED_PCT = 110.0

#: What triggers a renewal: the notice date or the end date.
BASIS_NOTICE = "notice"
BASIS_END = "end"


def spend_pct(spend, annual_value, elapsed_days) -> pd.Series:
    """Spend to date ÷ (annual value × elapsed days ÷ 365.25) × 100, NaN when undefined.

    Undefined (no division error): missing spend, annual value or elapsed days, an annual
    value of 0, or a contract that has not started (elapsed ≤ 0 days).
    """
    spend = pd.Series(spend, dtype=float)
    paced = pd.Series(annual_value, dtype=float).to_numpy() * (
        pd.Series(elapsed_days, dtype=float).to_numpy() / DAYS_PER_YEAR
    )
    paced = pd.Series(paced, index=spend.index)
    return (100.0 * spend / paced.where(paced > 0)).astype(float)


def high_is_good_band(values, green_at: float, amber_at: float) -> pd.Series:
    """G at or above ``green_at``, A at or above ``amber_at``, else R; None when missing."""
    v = pd.Series(values, dtype=float)
    band = np.select([v >= green_at, v >= amber_at], ["G", "A"], default="R")
    return pd.Series(band, index=v.index, dtype=object).where(v.notna(), None)


def low_is_good_band(values, amber_above: float, red_above: float) -> pd.Series:
    """G up to ``amber_above``, A up to ``red_above``, R above; None when missing."""
    v = pd.Series(values, dtype=float)
    band = np.select([v > red_above, v > amber_above], ["R", "A"], default="G")
    return pd.Series(band, index=v.index, dtype=object).where(v.notna(), None)


def sla_band(values) -> pd.Series:
    return high_is_good_band(values, SLA_TARGET_PCT, SLA_FLOOR_PCT)


def satisfaction_band(values) -> pd.Series:
    return high_is_good_band(values, SATISFACTION_TARGET, SATISFACTION_FLOOR)


def spend_band(values) -> pd.Series:
    return low_is_good_band(values, SPEND_PACE_AMBER_PCT, SPEND_PACE_RED_PCT)


def renewals(frame: pd.DataFrame, as_of: date, window_days: int = RENEWAL_WINDOW_DAYS):
    """Per contract: is a renewal due, on which date, triggered by which date, days left.

    Returns a frame on the same index with ``renewal_due`` (bool), ``renewal_date`` (the
    earliest of the notice and end dates inside the window), ``renewal_basis``
    (``"notice"`` or ``"end"``), ``days_to_renewal`` and ``notice_passed`` (the notice date
    lies before the as-of date).
    """
    start = pd.Timestamp(as_of)
    end = start + pd.Timedelta(days=window_days)
    notice = pd.to_datetime(frame["renewal_notice_date"])
    ends = pd.to_datetime(frame["end_date"])
    notice_in = notice.between(start, end, inclusive="both")
    end_in = ends.between(start, end, inclusive="both")
    use_notice = notice_in & ~(end_in & (ends < notice))  # the earlier date when both are in
    when = ends.where(end_in).mask(use_notice, notice)
    due = notice_in | end_in
    out = pd.DataFrame(index=frame.index)
    out["renewal_due"] = due.astype(bool)
    out["renewal_date"] = when.where(due)
    out["renewal_basis"] = pd.Series(
        np.where(use_notice, BASIS_NOTICE, BASIS_END), index=frame.index, dtype=object
    ).where(due, None)
    out["days_to_renewal"] = (out["renewal_date"] - start).dt.days.astype(float)
    out["notice_passed"] = (notice < start).fillna(False).astype(bool)
    return out


def contract_figures(contracts: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Contracts with spend vs pace, bands and the renewal columns (see :func:`renewals`)."""
    out = contracts.copy()
    out["spend_pct"] = spend_pct(
        out["spend_to_date"], out["annual_value"], out["elapsed_days"]
    ).to_numpy()
    out["spend_band"] = spend_band(out["spend_pct"]).to_numpy()
    out["sla_band"] = sla_band(out["sla_performance_pct"]).to_numpy()
    out["satisfaction_band"] = satisfaction_band(out["satisfaction"]).to_numpy()
    due = renewals(out, as_of)
    for col in due.columns:
        out[col] = due[col]
    return out


def vendor_figures(summary: pd.DataFrame, contracts: pd.DataFrame) -> pd.DataFrame:
    """Per-vendor figures from the SQL summary, with spend vs pace, bands and renewals due.

    Vendor spend vs pace = Σ spend ÷ Σ (annual value × years elapsed) over the vendor's
    contracts whose pace is known (``paced_spend`` / ``paced_value`` from the query).
    ``contracts`` (from :func:`contract_figures`) gives the count and value of renewals due.
    """
    out = summary.copy()
    paced = out["paced_value"].astype(float)
    out["spend_pct"] = (100.0 * out["paced_spend"] / paced.where(paced > 0)).astype(float)
    out["spend_band"] = spend_band(out["spend_pct"]).to_numpy()
    out["sla_band"] = sla_band(out["sla_pct"]).to_numpy()
    out["satisfaction_band"] = satisfaction_band(out["satisfaction"]).to_numpy()
    if contracts.empty:
        out["renewals_due"] = 0
        return out
    due = contracts[contracts["renewal_due"]]
    counts = due.groupby("vendor").size()
    out["renewals_due"] = out["vendor"].map(counts).fillna(0).astype(int)
    return out


def renewals_due(contracts: pd.DataFrame) -> pd.DataFrame:
    """Contracts with a renewal due, soonest first (then by contract id)."""
    due = contracts[contracts["renewal_due"]]
    return due.sort_values(["renewal_date", "contract_id"]).reset_index(drop=True)


def contracts_of(contracts: pd.DataFrame, vendors) -> pd.DataFrame:
    """The contracts of the given vendor(s), in contract id order."""
    wanted = [vendors] if isinstance(vendors, str) else list(vendors)
    mine = contracts[contracts["vendor"].isin(wanted)]
    return mine.sort_values("contract_id").reset_index(drop=True)
