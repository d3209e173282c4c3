"""Earned value management (EVM) figures per project.

Definitions (DESIGN.md, "Definitions"): BAC = approved budget; PV = cumulative planned budget
to date; AC = cumulative actual cost to date; EV = percent complete x BAC; CPI = EV / AC;
SPI = EV / PV; EAC = AC + remaining forecast (the bottom-up estimate the project manager
maintains), with BAC / CPI shown beside it as the performance-based estimate; VAC = BAC - EAC.

Figures are monthly, dates are days: "to date" counts the as-of month by
:func:`month_share` — the share of it elapsed on the as-of day (pro rata, the default) or all
of it (whole month) — for PV and AC alike, so CPI and SPI compare like with like. The EAC
counts every actual booked (``ac_booked``), so it does not move with the day of the month.
"""

from __future__ import annotations

import calendar
from datetime import date

import numpy as np
import pandas as pd

EVM_INPUT_COLUMNS: list[str] = [
    "project_id",
    "approved_budget",
    "percent_complete",
    "pv",
    "ac",
    "remaining_forecast",
]
EVM_OUTPUT_COLUMNS: list[str] = ["bac", "ev", "cpi", "spi", "eac", "eac_cpi", "vac"]


def _numeric(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce").astype("float64")


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator, NaN where the denominator is 0 or missing."""
    return numerator / denominator.where(denominator != 0, np.nan)


#: Values of the ``month_to_date`` setting.
PRO_RATA = "pro_rata"
WHOLE_MONTH = "whole_month"


def month_share(as_of: date, mode: str = PRO_RATA) -> float:
    """The part of the as-of month counted "to date": day / days in the month (1 December:
    1/31, 31 December: 1), or 1 for the whole month."""
    if mode == WHOLE_MONTH:
        return 1.0
    return as_of.day / calendar.monthrange(as_of.year, as_of.month)[1]


def to_date(frame: pd.DataFrame, share: float) -> pd.DataFrame:
    """PV and AC with only ``share`` of the as-of month (columns ``pv_month``, ``ac_month``:
    that month's budget and actual, included whole in ``pv`` and ``ac``). Adds ``ac_booked``:
    every actual booked up to the as-of month, what the EAC is built on."""
    out = frame.copy()
    left_out = 1.0 - share
    out["ac_booked"] = _numeric(frame["ac"])
    out["pv"] = _numeric(frame["pv"]) - left_out * _numeric(frame["pv_month"]).fillna(0.0)
    out["ac"] = _numeric(frame["ac"]) - left_out * _numeric(frame["ac_month"]).fillna(0.0)
    return out


def earned_value(frame: pd.DataFrame) -> pd.DataFrame:
    """Add bac, ev, cpi, spi, eac, eac_cpi and vac to ``frame`` (input columns are kept).

    Input columns: project_id, approved_budget, percent_complete (0-100), pv, ac,
    remaining_forecast (and ``ac_booked`` from :func:`to_date`, else AC is what was booked).
    CPI is NaN when AC is 0 or missing, SPI when PV is 0 or missing, eac_cpi when CPI is NaN
    or 0. Missing AC or remaining forecast count as 0 for EAC (a project that has not spent
    anything yet still has an estimate).
    """
    missing = [c for c in EVM_INPUT_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"earned_value: missing input column(s): {', '.join(missing)}")

    out = frame.copy()
    bac = _numeric(frame["approved_budget"])
    pct = _numeric(frame["percent_complete"])
    pv = _numeric(frame["pv"])
    ac = _numeric(frame["ac"])
    remaining = _numeric(frame["remaining_forecast"])

    ev = pct / 100.0 * bac
    cpi = _ratio(ev, ac)
    spi = _ratio(ev, pv)
    booked = _numeric(frame["ac_booked"]) if "ac_booked" in frame else ac
    eac = booked.fillna(0.0) + remaining.fillna(0.0)
    eac_cpi = _ratio(bac, cpi)

    out["bac"] = bac
    out["ev"] = ev
    out["cpi"] = cpi
    out["spi"] = spi
    out["eac"] = eac
    out["eac_cpi"] = eac_cpi
    out["vac"] = bac - eac
    return out
