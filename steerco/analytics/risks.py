"""Risks & RAID figures: score bands, the 5×5 heat map, open risks over time, ageing, overdue
actions and the items awaiting the committee.

Pure functions on DataFrames of RAID rows (as ``data_access.risks_queries`` returns them).
The state of an item on a day D follows the queries' rule:

* raised by D — ``raised_date`` ≤ D, or no raised date;
* closed by D — ``closed_date`` ≤ D, or status Closed without a closed date;
* open on D — raised by D and not closed by D.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from steerco.i18n import N_

#: The scale of probability and impact (both axes of the heat map).
SCALE = (1, 2, 3, 4, 5)
#: Lowest score of the "Medium" band (below it: "Low"). The High and Critical bands start at
#: the computed-RAG thresholds ``rag.high_risk_score`` and ``rag.critical_risk_score``, so a
#: "high" risk here is the same as a high risk in the project's computed risk status.
MEDIUM_RISK_SCORE = 5
BAND_NAMES = ("Low", "Medium", "High", "Critical")
CLOSED = "Closed"

#: Days-open buckets: (label, first day, last day or None for open-ended). Both ends included.
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    (N_("0–30 days"), 0, 30),
    (N_("31–60 days"), 31, 60),
    (N_("61–90 days"), 61, 90),
    (N_("> 90 days"), 91, None),
)
#: Bucket of open items without a raised date (their age is not known).
AGE_UNKNOWN = N_("No raised date")
RAID_TYPES = ("Risk", "Issue", "Assumption", "Dependency", "Decision", "Action")

#: Points of the open-over-time chart per period length.
TREND_PERIODS = {"week": 26, "month": 24}
PERIODS = tuple(TREND_PERIODS)


@dataclass(frozen=True)
class ScoreBands:
    """Lowest score of each band above Low (a score exactly at a threshold is in the band)."""

    medium: int = MEDIUM_RISK_SCORE
    high: int = 15
    critical: int = 20

    def band(self, score) -> str | None:
        """'Low', 'Medium', 'High' or 'Critical'; None for a missing score."""
        if score is None or score is pd.NA or pd.isna(score):
            return None
        if score >= self.critical:
            return "Critical"
        if score >= self.high:
            return "High"
        if score >= self.medium:
            return "Medium"
        return "Low"

    def ranges(self) -> dict[str, tuple[int, int]]:
        """Band → (lowest, highest) score on the 1–25 scale."""
        edges = (1, self.medium, self.high, self.critical, 26)
        return {name: (edges[i], edges[i + 1] - 1) for i, name in enumerate(BAND_NAMES)}

    @classmethod
    def from_rag(cls, rag) -> ScoreBands:
        """Bands aligned with the computed-RAG thresholds of the settings."""
        return cls(high=rag.high_risk_score, critical=rag.critical_risk_score)


def score_bands(scores: pd.Series, bands: ScoreBands) -> pd.Series:
    """The band of each score (missing scores stay missing)."""
    return pd.Series([bands.band(s) for s in scores], index=scores.index, dtype="object")


def _day(value) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def _on_scale(values: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce").astype("Float64")
    return numbers.isin([float(v) for v in SCALE]).fillna(False).astype(bool)


def placed(risks: pd.DataFrame) -> pd.Series:
    """True for the risks that have a probability and an impact on the 1–5 scale."""
    return _on_scale(risks["probability"]) & _on_scale(risks["impact"])


def heatmap_cells(risks: pd.DataFrame, bands: ScoreBands) -> pd.DataFrame:
    """The 25 cells of the heat map, one row each: probability, impact, score, band, count.

    ``risks`` are the risks to count (the page passes the risks open on the as-of date); a risk
    without probability or impact on the 1–5 scale is in no cell (see :func:`unplaced_count`).
    Rows are ordered by probability, then impact.
    """
    on_grid = risks.loc[placed(risks)]
    counts = (
        on_grid.groupby(
            [on_grid["probability"].astype(int), on_grid["impact"].astype(int)], sort=False
        ).size()
        if not on_grid.empty
        else pd.Series(dtype=int)
    )
    rows = []
    for p in SCALE:
        for i in SCALE:
            score = p * i
            rows.append(
                {
                    "probability": p,
                    "impact": i,
                    "score": score,
                    "band": bands.band(score),
                    "count": int(counts.get((p, i), 0)),
                }
            )
    return pd.DataFrame(rows)


def unplaced_count(risks: pd.DataFrame) -> int:
    """Risks that no heat-map cell holds (probability or impact missing or off the scale)."""
    return int((~placed(risks)).sum())


def cell_risks(risks: pd.DataFrame, probability: int, impact: int) -> pd.DataFrame:
    """The risks of one heat-map cell, as ordered in ``risks``."""
    on_grid = risks.loc[placed(risks)]
    keep = (on_grid["probability"].astype(int) == int(probability)) & (
        on_grid["impact"].astype(int) == int(impact)
    )
    return on_grid.loc[keep].reset_index(drop=True)


def top_risks(risks: pd.DataFrame, n: int) -> pd.DataFrame:
    """The ``n`` highest-scoring risks; ties by earliest due date (none last), then id."""
    scored = risks.loc[risks["score"].notna()]
    ordered = scored.assign(_neg=-scored["score"].astype(float)).sort_values(
        ["_neg", "due_date", "raid_id"], na_position="last", kind="stable"
    )
    return ordered.drop(columns="_neg").head(max(int(n), 0)).reset_index(drop=True)


# ------------------------------------------------------------------ open over time


def open_mask(items: pd.DataFrame, day) -> pd.Series:
    """True for the items open on ``day`` (raised by it and not closed by it)."""
    d = _day(day)
    raised = items["raised_date"].isna() | (items["raised_date"] <= d)
    has_close = items["closed_date"].notna()
    closed = (has_close & (items["closed_date"] <= d)) | (~has_close & (items["status"] == CLOSED))
    return (raised & ~closed).fillna(False).astype(bool)


def _months_back(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day when shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    first_next = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return date(year, month + 1, min(day.day, (first_next - timedelta(days=1)).day))


def period_ends(as_of: date, period: str, count: int) -> list[date]:
    """The days the open-over-time chart measures, oldest first, the last one the as-of date.

    Periods are counted back from the as-of date, so every point closes a whole period: every
    7 days for weeks; for months, the same day of each earlier month (its last day when the
    month is shorter: 31 Mar → 28/29 Feb).
    """
    if period not in TREND_PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, got {period!r}")
    if period == "week":
        ends = [as_of - timedelta(weeks=k) for k in range(count)]
    else:
        ends = [_months_back(as_of, k) for k in range(count)]
    return sorted(ends)


def open_over_time(risks: pd.DataFrame, days: list[date]) -> pd.DataFrame:
    """Open risk count and total open score (sum of probability × impact) on each day.

    Columns: date (datetime64), open_risks, open_score. A risk without a score counts in
    ``open_risks`` and adds nothing to ``open_score``.
    """
    score = pd.to_numeric(risks["score"], errors="coerce").fillna(0).astype(float)
    rows = []
    for day in days:
        is_open = open_mask(risks, day)
        rows.append(
            {
                "date": _day(day),
                "open_risks": int(is_open.sum()),
                "open_score": int(score[is_open].sum()),
            }
        )
    return pd.DataFrame(rows, columns=["date", "open_risks", "open_score"])


def trim_leading_empty(trend: pd.DataFrame) -> pd.DataFrame:
    """Drop the points before the first one with an open risk (the log did not exist yet);
    a trend without any open risk is kept whole."""
    nonzero = trend.index[trend["open_risks"] > 0]
    if len(nonzero) == 0:
        return trend.reset_index(drop=True)
    return trend.loc[nonzero[0] :].reset_index(drop=True)


# ------------------------------------------------------------------ ageing and overdue


def age_days(items: pd.DataFrame, as_of: date) -> pd.Series:
    """Days since the item was raised, on the as-of date (missing without a raised date)."""
    return (_day(as_of) - items["raised_date"]).dt.days.astype("Int64")


def age_bucket(days) -> str:
    """The AGE_BUCKETS label of a number of days open (AGE_UNKNOWN when missing)."""
    if days is None or days is pd.NA or pd.isna(days):
        return AGE_UNKNOWN
    for label, first, last in AGE_BUCKETS:
        if days >= first and (last is None or days <= last):
            return label
    return AGE_BUCKETS[0][0]  # raised after the as-of date: cannot be open, counted as new


def with_age(items: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The items with ``age_days`` and ``age_bucket`` on the as-of date."""
    days = age_days(items, as_of)
    return items.assign(age_days=days, age_bucket=[age_bucket(d) for d in days])


def bucket_labels(aged: pd.DataFrame) -> list[str]:
    """The bucket labels in order; AGE_UNKNOWN only when some item has no raised date."""
    labels = [label for label, _, _ in AGE_BUCKETS]
    if "age_bucket" in aged and (aged["age_bucket"] == AGE_UNKNOWN).any():
        labels.append(AGE_UNKNOWN)
    return labels


def ageing_counts(aged: pd.DataFrame) -> pd.DataFrame:
    """Open items per age bucket and type: columns age_bucket, type, count (zeros included for
    every bucket and every type present), buckets and types in their natural order."""
    labels = bucket_labels(aged)
    present = [t for t in RAID_TYPES if t in set(aged["type"])]
    present += sorted(set(aged["type"]) - set(RAID_TYPES))
    counts = aged.groupby(["age_bucket", "type"]).size() if not aged.empty else pd.Series()
    rows = [
        {"age_bucket": b, "type": t, "count": int(counts.get((b, t), 0))}
        for b in labels
        for t in present
    ]
    return pd.DataFrame(rows, columns=["age_bucket", "type", "count"])


def overdue_actions(items: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Actions not closed on the as-of date whose due date is before it (due on the as-of date
    is not overdue), most overdue first, with ``days_overdue``."""
    d = _day(as_of)
    actions = items.loc[
        (items["type"] == "Action") & open_mask(items, d) & items["due_date"].notna()
    ]
    late = actions.loc[actions["due_date"] < d]
    late = late.assign(days_overdue=(d - late["due_date"]).dt.days.astype(int))
    return late.sort_values(
        ["days_overdue", "raid_id"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


@dataclass(frozen=True)
class RiskKpis:
    open_risks: int
    high_risks: int  # score ≥ high (critical included)
    critical_risks: int
    open_score: int
    overdue_actions: int
    awaiting_committee: int


def kpis(
    open_risks: pd.DataFrame, overdue: pd.DataFrame, awaiting: pd.DataFrame, bands: ScoreBands
) -> RiskKpis:
    score = pd.to_numeric(open_risks["score"], errors="coerce").astype(float)
    return RiskKpis(
        open_risks=len(open_risks),
        high_risks=int((score >= bands.high).sum()),
        critical_risks=int((score >= bands.critical).sum()),
        open_score=int(np.nansum(score.to_numpy())),
        overdue_actions=len(overdue),
        awaiting_committee=len(awaiting),
    )
