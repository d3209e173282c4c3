"""Computed RAG (red/amber/green) rules, watermelon and staleness flags.

All thresholds come from :class:`steerco.config.RagThresholds`; none is hard-coded here. A value
exactly at a threshold stays in the better band. Comparisons allow a tiny tolerance so that a
figure that is at the threshold on paper (e.g. EAC 105 000 against BAC 100 000 with a 5 %
threshold) is not pushed into the worse band by floating-point rounding.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pandas as pd

from steerco.config import RagThresholds

RAG_LEVELS: tuple[str, str, str] = ("G", "A", "R")
RAG_RANK: dict[str, int] = {"G": 0, "A": 1, "R": 2}

# Tolerance for threshold comparisons (floating-point noise, not a business margin).
_EPS = 1e-9

COMPUTED_RAG_COLUMNS: list[str] = [
    "project_id",
    "budget_rag_computed",
    "schedule_rag_computed",
    "risk_rag_computed",
    "overall_rag_computed",
    "budget_variance_pct",
    "schedule_slip_days",
]
_COMPUTED_RAG_INPUTS = [
    "project_id",
    "bac",
    "eac",
    "spi",
    "baseline_end_date",
    "forecast_end_date",
    "open_high_risks",
    "max_open_risk_score",
]


def _missing(value: Any) -> bool:
    """True for None, NaN, NaT and pd.NA (scalars only)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _to_float(value: Any) -> float | None:
    if _missing(value):
        return None
    result = float(value)
    return None if math.isnan(result) else result


def _to_day(value: Any) -> pd.Timestamp | None:
    """A date-like value as a midnight Timestamp, or None when missing."""
    if _missing(value):
        return None
    ts = pd.Timestamp(value)
    if pd.isna(ts):
        return None
    return ts.normalize()


def worst_rag(*values: str | None) -> str | None:
    """The worst of the given RAG codes ("R" > "A" > "G"), ignoring None/NaN.

    Returns None when every value is missing. An unknown code raises ``ValueError``.
    """
    worst: str | None = None
    for value in values:
        if _missing(value):
            continue
        if value not in RAG_RANK:
            raise ValueError(f"Unknown RAG value {value!r}; expected one of {RAG_LEVELS}")
        if worst is None or RAG_RANK[value] > RAG_RANK[worst]:
            worst = value
    return worst


def budget_variance_pct(bac: float | None, eac: float | None) -> float | None:
    """(EAC - BAC) / BAC x 100, or None when BAC is missing or ≤ 0 or EAC is missing."""
    bac_f = _to_float(bac)
    eac_f = _to_float(eac)
    if bac_f is None or eac_f is None or bac_f <= 0:
        return None
    # Multiply before dividing: (105000-100000)*100/100000 is exactly 5.0.
    return (eac_f - bac_f) * 100.0 / bac_f


def budget_rag(bac: float | None, eac: float | None, t: RagThresholds) -> str | None:
    """Budget RAG from the variance of EAC against BAC."""
    pct = budget_variance_pct(bac, eac)
    if pct is None:
        return None
    if pct <= t.budget_amber_pct + _EPS:
        return "G"
    if pct <= t.budget_red_pct + _EPS:
        return "A"
    return "R"


def schedule_slip_days(baseline_end: Any, forecast_end: Any) -> int | None:
    """Calendar days from baseline end to forecast end (negative when early), or None."""
    baseline = _to_day(baseline_end)
    forecast = _to_day(forecast_end)
    if baseline is None or forecast is None:
        return None
    return int((forecast - baseline).days)


def schedule_rag(
    baseline_end: Any, forecast_end: Any, spi: float | None, t: RagThresholds
) -> str | None:
    """Schedule RAG: the worse of the slip of forecast against baseline end and of the SPI.

    Either input may be missing (NaT / NaN); the result uses what is available and is None
    when neither is.
    """
    slip_rag: str | None = None
    slip = schedule_slip_days(baseline_end, forecast_end)
    if slip is not None:
        if slip <= t.schedule_amber_days:
            slip_rag = "G"
        elif slip <= t.schedule_red_days:
            slip_rag = "A"
        else:
            slip_rag = "R"

    spi_rag: str | None = None
    spi_f = _to_float(spi)
    if spi_f is not None:
        if spi_f < t.spi_red - _EPS:
            spi_rag = "R"
        elif spi_f < t.spi_amber - _EPS:
            spi_rag = "A"
        else:
            spi_rag = "G"

    return worst_rag(slip_rag, spi_rag)


def risk_rag(open_high_risks: int | None, max_open_score: float | None, t: RagThresholds) -> str:
    """Risk RAG from the number of open high risks and the highest open risk score.

    A missing count (e.g. a project without risks after a left join) counts as 0; a missing
    score is ignored.
    """
    count = _to_float(open_high_risks) or 0.0
    score = _to_float(max_open_score)
    if (score is not None and score >= t.critical_risk_score) or count >= t.risk_red_count:
        return "R"
    if count >= t.risk_amber_count:
        return "A"
    return "G"


def computed_rag(frame: pd.DataFrame, t: RagThresholds) -> pd.DataFrame:
    """Computed budget, schedule, risk and overall RAG per project.

    Input columns: project_id, bac, eac, spi, baseline_end_date, forecast_end_date,
    open_high_risks, max_open_risk_score. Output (same rows, order and index as the input):
    project_id, budget_rag_computed, schedule_rag_computed, risk_rag_computed,
    overall_rag_computed (worst of the three), budget_variance_pct, schedule_slip_days.
    """
    missing = [c for c in _COMPUTED_RAG_INPUTS if c not in frame.columns]
    if missing:
        raise ValueError(f"computed_rag: missing input column(s): {', '.join(missing)}")

    budget: list[str | None] = []
    schedule: list[str | None] = []
    risk: list[str | None] = []
    overall: list[str | None] = []
    variance: list[float | None] = []
    slip: list[int | None] = []
    for row in frame[_COMPUTED_RAG_INPUTS].itertuples(index=False):
        b = budget_rag(row.bac, row.eac, t)
        s = schedule_rag(row.baseline_end_date, row.forecast_end_date, row.spi, t)
        r = risk_rag(row.open_high_risks, row.max_open_risk_score, t)
        budget.append(b)
        schedule.append(s)
        risk.append(r)
        overall.append(worst_rag(b, s, r))
        variance.append(budget_variance_pct(row.bac, row.eac))
        slip.append(schedule_slip_days(row.baseline_end_date, row.forecast_end_date))

    index = frame.index
    return pd.DataFrame(
        {
            "project_id": frame["project_id"].to_numpy(),
            "budget_rag_computed": pd.Series(budget, index=index, dtype="str"),
            "schedule_rag_computed": pd.Series(schedule, index=index, dtype="str"),
            "risk_rag_computed": pd.Series(risk, index=index, dtype="str"),
            "overall_rag_computed": pd.Series(overall, index=index, dtype="str"),
            "budget_variance_pct": pd.Series(variance, index=index, dtype="float64"),
            "schedule_slip_days": pd.Series(slip, index=index, dtype="Int64"),
        },
        index=index,
        columns=COMPUTED_RAG_COLUMNS,
    )


def _normalise_rag(series: pd.Series) -> pd.Series:
    return series.astype("str").str.strip().str.upper()


def watermelon(reported_overall: pd.Series, computed_overall: pd.Series) -> pd.Series:
    """True where a project reports G or A but its figures compute R (a "watermelon").

    The two series are matched by position (not by index label) and must have the same
    length; the result carries the index of ``reported_overall``. Missing values are never
    flagged.
    """
    if len(reported_overall) != len(computed_overall):
        raise ValueError(
            f"watermelon: series lengths differ ({len(reported_overall)} vs "
            f"{len(computed_overall)})"
        )
    reported = _normalise_rag(reported_overall).isin(["G", "A"]).to_numpy(dtype=bool)
    computed = (_normalise_rag(computed_overall) == "R").fillna(False).to_numpy(dtype=bool)
    return pd.Series(reported & computed, index=reported_overall.index, dtype=bool)


def is_stale(report_date: pd.Series, as_of: date, max_age_days: int) -> pd.Series:
    """True where the report date is missing or more than ``max_age_days`` before ``as_of``.

    A report exactly ``max_age_days`` old is not stale. Time of day is ignored.
    """
    dates = pd.to_datetime(report_date, errors="coerce").dt.normalize()
    age_days = (pd.Timestamp(as_of).normalize() - dates).dt.days
    stale = dates.isna() | (age_days > max_age_days)
    return pd.Series(stale.to_numpy(dtype=bool), index=report_date.index, dtype=bool)
