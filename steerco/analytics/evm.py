"""Earned value management (EVM) figures per project.

Definitions (DESIGN.md, "Definitions"): BAC = approved budget; PV = cumulative planned budget
to date; AC = cumulative actual cost to date; EV = percent complete x BAC; CPI = EV / AC;
SPI = EV / PV; EAC = AC + remaining forecast (the bottom-up estimate the project manager
maintains), with BAC / CPI shown beside it as the performance-based estimate; VAC = BAC - EAC.
"""

from __future__ import annotations

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


def earned_value(frame: pd.DataFrame) -> pd.DataFrame:
    """Add bac, ev, cpi, spi, eac, eac_cpi and vac to ``frame`` (input columns are kept).

    Input columns: project_id, approved_budget, percent_complete (0-100), pv, ac,
    remaining_forecast. CPI is NaN when AC is 0 or missing, SPI when PV is 0 or missing,
    eac_cpi when CPI is NaN or 0. Missing AC or remaining forecast count as 0 for EAC (a
    project that has not spent anything yet still has an estimate).
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
    eac = ac.fillna(0.0) + remaining.fillna(0.0)
    eac_cpi = _ratio(bac, cpi)

    out["bac"] = bac
    out["ev"] = ev
    out["cpi"] = cpi
    out["spi"] = spi
    out["eac"] = eac
    out["eac_cpi"] = eac_cpi
    out["vac"] = bac - eac
    return out
