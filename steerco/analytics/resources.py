"""Resources: utilisation, over-allocation and the ranking of over-allocated people.

Pure functions on the frames of ``data_access.resources_queries`` (already aggregated in SQL
per resource and month, or per month and team / sourcing). Definitions:

* utilisation % = planned days ÷ capacity days × 100; it has no value when capacity is 0;
* a month is **over-allocated** when planned days exceed ``OVER_ALLOCATED_PCT`` % of the
  capacity — exactly 100 % is not over, 100.1 % is; with zero capacity any planned day is
  over-allocated (there is nobody to do the work), without a division;
* **under-used** when capacity is positive and planned days are below ``UNDER_USED_PCT`` %;
* days over capacity = planned − capacity in over-allocated months (all planned days when
  the capacity is 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from steerco.i18n import N_

#: Over-allocated: planned days above this share of the capacity (a value exactly at the
#: threshold is not over).
OVER_ALLOCATED_PCT = 100.0
#: Under-used: planned days below this share of a positive capacity.
UNDER_USED_PCT = 50.0
#: Days of slack when comparing sums of fractional days with a threshold, so that rounding
#: in a sum (1.1 + 2.2 days = 3.3000000000000003) never makes an exact 100 % look over-allocated.
DAYS_TOLERANCE = 1e-6
#: The window the page shows, anchored on the as-of month: months before and after it.
WINDOW_MONTHS_BACK = 6
WINDOW_MONTHS_AHEAD = 6
#: Rows (resources) the heat map draws at most; the rest are counted, not drawn.
HEATMAP_MAX_ROWS = 20
#: Resources in the "most over-allocated" list.
TOP_OVER_ALLOCATED = 10

OVER, OK, UNDER, EMPTY = "over", "ok", "under", "none"
#: Band → label (English, translated by the caller) and the marker written beside the
#: number, so a band is never told by colour alone.
BAND_LABELS = {
    OVER: N_("Over-allocated"),
    OK: N_("Allocated"),
    UNDER: N_("Under-used"),
    EMPTY: N_("No capacity, no demand"),
}
BAND_MARKERS = {OVER: "▲", OK: "", UNDER: "▽", EMPTY: ""}


@dataclass(frozen=True)
class Window:
    """Months ``start`` … ``last`` (first days); ``end`` is the first day after the window."""

    start: date
    last: date
    end: date
    as_of_month: date

    @property
    def months(self) -> list[pd.Timestamp]:
        return list(pd.date_range(self.start, self.last, freq="MS"))


def _shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def window(as_of: date, back: int = WINDOW_MONTHS_BACK, ahead: int = WINDOW_MONTHS_AHEAD) -> Window:
    """The months from ``back`` months before the as-of month to ``ahead`` months after."""
    current = as_of.replace(day=1)
    last = _shift(current, ahead)
    return Window(_shift(current, -back), last, _shift(last, 1), current)


def _pair(planned, capacity) -> tuple[pd.Series, pd.Series]:
    """Planned and capacity as float Series on planned's index (aligned by position)."""
    if isinstance(planned, pd.Series):
        planned = planned.astype(float)
    else:
        planned = pd.Series(np.asarray(planned, dtype=float))
    capacity = pd.Series(np.asarray(capacity, dtype=float), index=planned.index)
    return planned, capacity


def utilisation_pct(planned: pd.Series, capacity: pd.Series) -> pd.Series:
    """Planned ÷ capacity × 100; NaN where the capacity is 0 (no division by zero)."""
    planned, capacity = _pair(planned, capacity)
    positive = capacity > 0
    return (planned.where(positive) / capacity.where(positive) * 100.0).astype(float)


def load_band(
    planned: pd.Series,
    capacity: pd.Series,
    over_pct: float = OVER_ALLOCATED_PCT,
    under_pct: float = UNDER_USED_PCT,
) -> pd.Series:
    """over / ok / under / none per row (see the module docstring for the rules)."""
    planned, capacity = _pair(planned, capacity)
    planned, capacity = planned.fillna(0.0), capacity.fillna(0.0)
    over = planned > capacity * over_pct / 100.0 + DAYS_TOLERANCE
    under = (capacity > 0) & (planned < capacity * under_pct / 100.0 - DAYS_TOLERANCE)
    empty = (capacity <= 0) & (planned <= 0)
    bands = np.select([over, empty, under], [OVER, EMPTY, UNDER], default=OK)
    return pd.Series(bands, index=planned.index, dtype="str")


def over_days(planned: pd.Series, capacity: pd.Series) -> pd.Series:
    """Days planned beyond the capacity in over-allocated rows, else 0."""
    planned, capacity = _pair(planned, capacity)
    planned, capacity = planned.fillna(0.0), capacity.fillna(0.0)
    excess = (planned - capacity * OVER_ALLOCATED_PCT / 100.0).clip(lower=0.0)
    return excess.where(load_band(planned, capacity) == OVER, 0.0)


def with_load(frame: pd.DataFrame, under_pct: float = UNDER_USED_PCT) -> pd.DataFrame:
    """Add utilisation_pct, band and over_days from planned_days and capacity_days.

    ``under_pct=0`` flags nobody as under-used (for a demand narrowed to some projects,
    where the rest of the capacity may well be used by other projects).
    """
    return frame.assign(
        utilisation_pct=utilisation_pct(frame["planned_days"], frame["capacity_days"]),
        band=load_band(frame["planned_days"], frame["capacity_days"], under_pct=under_pct),
        over_days=over_days(frame["planned_days"], frame["capacity_days"]),
    )


RANKING_COLUMNS = (
    "resource", "team", "role", "sourcing", "capacity_days", "planned_days",
    "utilisation_pct", "peak_pct", "months_over", "over_days", "worst_month",
    "no_capacity_months",
)  # fmt: skip


def resource_ranking(cells: pd.DataFrame) -> pd.DataFrame:
    """One row per resource over the window, most over-allocated first.

    ``cells`` has one row per resource and month (resource, month, team, role, sourcing,
    capacity_days, planned_days). Order: days over capacity, then peak utilisation, then
    planned days (all descending), then name. ``peak_pct`` is the highest monthly
    utilisation of the months with capacity; ``worst_month`` the month with the most days
    over capacity (the peak month when none is over); ``no_capacity_months`` months with
    planned days but no capacity (counted in ``months_over``).
    """
    if cells.empty:
        return pd.DataFrame(columns=list(RANKING_COLUMNS))
    frame = with_load(cells).sort_values(["resource", "month"])
    frame = frame.assign(
        is_over=frame["band"] == OVER,
        no_capacity=(frame["capacity_days"] <= 0) & (frame["planned_days"] > 0),
        # months ordered by excess, then by utilisation: the first per resource is the worst
        _worst_key=frame["over_days"] * 1e6 + frame["utilisation_pct"].fillna(0.0),
    )
    grouped = frame.groupby("resource", sort=False)
    last = grouped.tail(1).set_index("resource")
    worst = frame.sort_values("_worst_key", ascending=False, kind="stable").drop_duplicates(
        "resource"
    )
    out = pd.DataFrame(
        {
            "team": last["team"],
            "role": last["role"],
            "sourcing": last["sourcing"],
            "capacity_days": grouped["capacity_days"].sum(),
            "planned_days": grouped["planned_days"].sum(),
            "peak_pct": grouped["utilisation_pct"].max(),
            "months_over": grouped["is_over"].sum().astype(int),
            "over_days": grouped["over_days"].sum(),
            "worst_month": worst.set_index("resource")["month"],
            "no_capacity_months": grouped["no_capacity"].sum().astype(int),
        }
    )
    out["utilisation_pct"] = utilisation_pct(out["planned_days"], out["capacity_days"])
    out = out.rename_axis("resource").reset_index()
    out = out.sort_values(
        ["over_days", "peak_pct", "planned_days", "resource"],
        ascending=[False, False, False, True],
        na_position="last",
        kind="stable",
    )
    return out.reset_index(drop=True).reindex(columns=list(RANKING_COLUMNS))


def top_over_allocated(ranking: pd.DataFrame, limit: int = TOP_OVER_ALLOCATED) -> pd.DataFrame:
    """The first ``limit`` resources of the ranking that are over-allocated in some month."""
    return ranking[ranking["months_over"] > 0].head(limit).reset_index(drop=True)


def capped(ranking: pd.DataFrame, limit: int = HEATMAP_MAX_ROWS) -> tuple[list[str], int]:
    """The resources to draw (the first ``limit`` of the ranking) and how many are hidden."""
    shown = ranking["resource"].head(limit).tolist()
    return shown, max(0, len(ranking) - len(shown))


#: Sums that stay empty when every part is empty (no actuals booked yet).
_EMPTY_WHEN_ALL_EMPTY = ("actual_days", "actual_cost")


def roll_up(totals: pd.DataFrame, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """Sum the SQL's monthly totals (per month, team and sourcing) to per month and ``by``.

    Days, costs and people add up; actuals stay empty only when none is booked. A group
    without a value (no team, no sourcing) is kept as its own group.
    """
    keys = ["month", *by]
    values = [c for c in totals.columns if c not in ("month", "team", "sourcing")]
    if totals.empty:
        return pd.DataFrame(columns=[*keys, *values])
    grouped = totals.groupby(keys, dropna=False, sort=True)
    out = grouped[[c for c in values if c not in _EMPTY_WHEN_ALL_EMPTY]].sum()
    for col in _EMPTY_WHEN_ALL_EMPTY:
        if col in values:
            out[col] = grouped[col].sum(min_count=1)
    return out.reset_index().reindex(columns=[*keys, *values])


def share_pct(part: float, whole: float) -> float:
    """part ÷ whole × 100, NaN when the whole is 0."""
    return float(part) / float(whole) * 100.0 if whole else float("nan")


@dataclass(frozen=True)
class SourcingTotals:
    """Planned days and cost in the window by sourcing, with the external share."""

    internal_days: float
    external_days: float
    internal_cost: float
    external_cost: float

    @property
    def external_share_of_days_pct(self) -> float:
        return share_pct(self.external_days, self.internal_days + self.external_days)

    @property
    def external_share_of_cost_pct(self) -> float:
        return share_pct(self.external_cost, self.internal_cost + self.external_cost)

    @property
    def cost(self) -> float:
        return self.internal_cost + self.external_cost


def sourcing_totals(sourcing: pd.DataFrame) -> SourcingTotals:
    """Totals of the monthly sourcing rows (month, sourcing, planned_days, planned_cost)."""

    def total(kind: str, column: str) -> float:
        rows = sourcing.loc[sourcing["sourcing"] == kind, column]
        return float(rows.fillna(0.0).sum())

    return SourcingTotals(
        internal_days=total("Internal", "planned_days"),
        external_days=total("External", "planned_days"),
        internal_cost=total("Internal", "planned_cost"),
        external_cost=total("External", "planned_cost"),
    )


SUMMARY_COLUMNS = (
    "sourcing", "planned_days", "days_share_pct", "planned_cost", "cost_share_pct",
    "average_day_rate", "actual_days", "actual_cost",
)  # fmt: skip
TOTAL = N_("Total")


def sourcing_summary(sourcing: pd.DataFrame) -> pd.DataFrame:
    """Window totals per sourcing and in total: planned days and cost, their shares (%),
    the average day rate (planned cost ÷ planned days of priced resources) and actuals."""
    if sourcing.empty:
        return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    frame = sourcing.assign(sourcing=sourcing["sourcing"].fillna("Unknown"))
    if "unpriced_days" not in frame:
        frame = frame.assign(unpriced_days=0.0)
    sums = frame.groupby("sourcing", sort=False)[
        ["planned_days", "planned_cost", "actual_days", "actual_cost", "unpriced_days"]
    ].sum(min_count=1)
    order = [k for k in ("Internal", "External") if k in sums.index]
    sums = sums.reindex([*order, *sorted(set(sums.index) - set(order))])
    sums.loc[TOTAL] = sums.sum(min_count=1)
    days = sums["planned_days"].fillna(0.0)
    cost = sums["planned_cost"].fillna(0.0)
    priced = days - sums["unpriced_days"].fillna(0.0)
    out = pd.DataFrame(
        {
            "planned_days": days,
            "days_share_pct": [share_pct(d, days[TOTAL]) for d in days],
            "planned_cost": cost,
            "cost_share_pct": [share_pct(c, cost[TOTAL]) for c in cost],
            "average_day_rate": [
                c / p if p > 0 else float("nan") for c, p in zip(cost, priced, strict=True)
            ],
            "actual_days": sums["actual_days"],
            "actual_cost": sums["actual_cost"],
        },
        index=sums.index,
    )
    return out.rename_axis("sourcing").reset_index().reindex(columns=list(SUMMARY_COLUMNS))
