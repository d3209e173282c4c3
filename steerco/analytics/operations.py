"""IT operations figures: the definitions, and the roll-ups of the SQL aggregates.

Two kinds of functions live here, both pure (DataFrames in, DataFrames or numbers out):

* the definitions on ticket and change rows (``sla_met``, ``is_open_at``, ``age_bucket``,
  ``mttr``, ``is_implemented``…): what each figure means, unit-tested on hand-made frames. The
  SQL in ``data_access/operations_queries.py`` computes the same things for a million tickets;
  the integration tests check that both agree;
* the roll-ups of the small SQL "cubes" (counts and sums per day × service × priority × …)
  into weeks, months, the SLA table, the rates and the Pareto lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from data_access.filters import AGE_BUCKETS, BLANK, CANCELLED, Period
from steerco import fmt
from steerco.i18n import N_

PRIORITIES = ("P1", "P2", "P3", "P4")
#: The incidents the page lists by name: the highest priority.
MAJOR_PRIORITY = "P1"
#: Bars a Pareto chart shows; the rest are summed into "Other".
PARETO_TOP = 10
OTHER = N_("Other")
EMERGENCY = "Emergency"
SUCCESSFUL = "Successful"
#: Outcomes of implemented changes, in the order the charts stack them; no outcome recorded
#: yet is shown as BLANK.
CHANGE_OUTCOMES = ("Successful", "Failed", "Rolled back")
AGE_BUCKET_LABELS = tuple(AGE_BUCKETS)


# --------------------------------------------------------------------------- definitions


def _ratio(numerator: float, denominator: float) -> float:
    """numerator ÷ denominator in %, NaN when there is nothing to divide by."""
    return 100.0 * numerator / denominator if denominator else float("nan")


def resolution_hours(
    opened_at: pd.Series, resolved_at: pd.Series, on_hold_hours: pd.Series | None = None
) -> pd.Series:
    """Resolution time in hours: ``resolved_at − opened_at − on_hold_hours``, never below 0
    (NaN while unresolved). Where no hold time is recorded nothing is subtracted.

    ``resolved_at`` is the ticket's last resolution: a reopened ticket counts from its
    opening to the time it was resolved again.
    """
    elapsed = (pd.to_datetime(resolved_at) - pd.to_datetime(opened_at)).dt.total_seconds() / 3600
    if on_hold_hours is None:
        return elapsed
    held = pd.to_numeric(on_hold_hours).astype(float).fillna(0.0)
    return (elapsed - held).clip(lower=0.0)


def sla_met(tickets: pd.DataFrame) -> pd.Series:
    """Per resolved ticket: True met, False missed, NA not judged.

    The ticketing tool's ``made_sla`` wins when it is recorded; otherwise the ticket met its
    SLA when its resolution time (on-hold time left out, see :func:`resolution_hours`) is at
    most ``resolution_hours`` of its service and priority (exactly at the target is met). No
    target and no record: not judged.
    Columns: opened_at, resolved_at, resolution_hours (the target), optional made_sla and
    on_hold_hours.
    """
    hours = resolution_hours(
        tickets["opened_at"], tickets["resolved_at"], tickets.get("on_hold_hours")
    )
    target = pd.to_numeric(tickets["resolution_hours"])
    computed = (hours <= target).astype("boolean").mask(target.isna() | hours.isna())
    recorded = tickets.get("made_sla", pd.Series(pd.NA, index=tickets.index)).astype("boolean")
    return recorded.fillna(computed)


def compliance_pct(met: float, judged: float) -> float:
    """SLA compliance: tickets that met their target ÷ tickets judged, in %."""
    return _ratio(met, judged)


def mttr(hours: pd.Series) -> tuple[float, float]:
    """(median, mean) resolution time in hours of resolved tickets (NaN when none)."""
    values = pd.to_numeric(hours).dropna()
    if values.empty:
        return float("nan"), float("nan")
    return float(values.median()), float(values.mean())


def is_open_at(tickets: pd.DataFrame, end: datetime) -> pd.Series:
    """In the backlog at ``end``: opened_at ≤ end and not resolved by then (resolved_at > end
    or never). A ticket closed without a resolution (cancelled) leaves the backlog when it is
    closed; a cancelled ticket without any closing date is never in it."""
    end = pd.Timestamp(end)
    opened = pd.to_datetime(tickets["opened_at"])
    resolved = pd.to_datetime(tickets["resolved_at"])
    closed = pd.to_datetime(tickets.get("closed_at", pd.Series(pd.NaT, index=tickets.index)))
    status = tickets.get("status", pd.Series(None, index=tickets.index, dtype=object))
    cancelled = status.fillna("").eq(CANCELLED)
    never_resolved = resolved.isna() & ((closed > end) | (closed.isna() & ~cancelled))
    return (opened <= end) & ((resolved > end) | never_resolved)


def age_bucket(age: pd.Series) -> pd.Series:
    """The backlog age bucket of each age (Timedelta): whole days 0–2, 3–7, 8–30, over 30."""
    days = pd.to_timedelta(age) / pd.Timedelta(days=1)
    labels = pd.Series(AGE_BUCKET_LABELS[-1], index=age.index, dtype=object)
    for label, (_, upper) in reversed(list(AGE_BUCKETS.items())):
        if upper is not None:
            labels = labels.mask(days < upper, label)
    return labels


def ticket_flags(tickets: pd.DataFrame) -> pd.DataFrame:
    """Escalated, reopened (reopened_count > 0) and first contact (neither) per ticket."""
    escalated = tickets["escalated"].astype("boolean").fillna(False).astype(bool)
    reopened = pd.to_numeric(tickets["reopened_count"]).fillna(0) > 0
    return pd.DataFrame(
        {"escalated": escalated, "reopened": reopened, "first_contact": ~escalated & ~reopened},
        index=tickets.index,
    )


def is_implemented(changes: pd.DataFrame) -> pd.Series:
    """Implemented: implemented_at recorded and outcome not Cancelled (a missing outcome
    counts as implemented, not as successful)."""
    return changes["implemented_at"].notna() & changes["outcome"].fillna("").ne(CANCELLED)


def change_success_pct(changes: pd.DataFrame) -> float:
    """Change success rate: Successful ÷ implemented changes, in %."""
    done = is_implemented(changes)
    return _ratio(float((done & changes["outcome"].eq(SUCCESSFUL)).sum()), float(done.sum()))


# --------------------------------------------------------------------------- roll-ups


def _day_index(period: Period, days: pd.Series) -> pd.Series:
    first = pd.Timestamp(period.first_day)
    return ((pd.to_datetime(days) - first).dt.days // 7).astype("int64")


def weeks_frame(period: Period, now: datetime | None = None) -> pd.DataFrame:
    """One row per week of the period: index, first and last day, the (lo, hi] window, and
    whether the week is still in progress at ``now`` (its end is later)."""
    rows = []
    for k in range(period.weeks):
        lo, hi = period.week_window(k)
        first = lo.date()
        last = (hi - timedelta(days=1)).date()
        rows.append(
            {
                "week": k,
                "first_day": first,
                "last_day": last,
                "lo": lo,
                "hi": hi,
                "in_progress": now is not None and hi > now,
            }
        )
    return pd.DataFrame(rows)


def weekly_flow(
    opened: pd.DataFrame, resolved: pd.DataFrame, period: Period, now: datetime | None = None
) -> pd.DataFrame:
    """Tickets opened and resolved per week of the period (every week, zeros included)."""
    weeks = weeks_frame(period, now)
    for name, cube, col in (("opened", opened, "tickets"), ("resolved", resolved, "resolved")):
        counts = cube.groupby(_day_index(period, cube["day"]))[col].sum() if len(cube) else None
        weeks[name] = (
            weeks["week"].map(counts).fillna(0).astype("int64") if counts is not None else 0
        )
    return weeks


def months_frame(period: Period, now: datetime | None = None) -> pd.DataFrame:
    """One row per calendar month the period touches, with its (lo, hi] window inside the
    period, whether the period covers only part of it, and whether it is still in progress."""
    rows = []
    month = period.first_day.replace(day=1)
    while month <= period.last_day:
        following = (month + timedelta(days=32)).replace(day=1)
        lo = max(period.start, datetime.combine(month, datetime.min.time()))
        hi = min(period.end, datetime.combine(following, datetime.min.time()))
        partial = month < period.first_day or following - timedelta(days=1) > period.last_day
        rows.append(
            {
                "month": month,
                "first_day": lo.date(),
                "last_day": (hi - timedelta(days=1)).date(),
                "lo": lo,
                "hi": hi,
                "partial": partial,
                "in_progress": now is not None and hi > now,
            }
        )
        month = following
    return pd.DataFrame(rows)


def monthly_flow(
    opened: pd.DataFrame, resolved: pd.DataFrame, period: Period, now: datetime | None = None
) -> pd.DataFrame:
    """Tickets opened and resolved per calendar month within the period."""
    months = months_frame(period, now)
    for name, cube, col in (("opened", opened, "tickets"), ("resolved", resolved, "resolved")):
        if len(cube):
            key = pd.to_datetime(cube["day"]).dt.to_period("M").dt.start_time.dt.date
            counts = cube.groupby(key)[col].sum()
            months[name] = months["month"].map(counts).fillna(0).astype("int64")
        else:
            months[name] = 0
    return months


def backlog_by_bucket(backlog: pd.DataFrame) -> pd.DataFrame:
    """Open tickets per age bucket × priority (every bucket and priority, zeros included)."""
    priorities = list(PRIORITIES) + sorted(set(backlog.get("priority", [])) - set(PRIORITIES))
    index = pd.MultiIndex.from_product(
        [AGE_BUCKET_LABELS, priorities], names=["age_bucket", "priority"]
    )
    if backlog.empty:
        counts = pd.Series(0, index=index, dtype="int64")
    else:
        counts = backlog.groupby(["age_bucket", "priority"])["tickets"].sum()
        counts = counts.reindex(index, fill_value=0).astype("int64")
    return counts.rename("tickets").reset_index()


def sla_table(resolved: pd.DataFrame, targets: pd.DataFrame, medians: pd.DataFrame) -> pd.DataFrame:
    """Per service × priority: resolved, judged, met, compliance % against target_pct and
    whether the target is missed, the resolution target, MTTR median and mean (hours).

    Rows: every pair with tickets resolved in the period or with a target.
    """
    keys = ["service", "priority"]
    measures = ["resolved", "judged", "met", "hours"]
    grouped = (
        resolved.groupby(keys)[measures].sum()
        if len(resolved)
        else pd.DataFrame(columns=measures, index=pd.MultiIndex.from_tuples([], names=keys))
    )
    table = grouped.reset_index().merge(
        targets[[*keys, "resolution_hours", "target_pct"]], on=keys, how="outer"
    )
    for col in ("resolved", "judged", "met"):
        table[col] = pd.to_numeric(table[col]).fillna(0).astype("int64")
    table["hours"] = pd.to_numeric(table["hours"]).astype(float).fillna(0.0)
    table["missed"] = table["judged"] - table["met"]
    table["compliance_pct"] = [
        compliance_pct(m, j) for m, j in zip(table["met"], table["judged"], strict=True)
    ]
    table["below_target"] = table["compliance_pct"] < table["target_pct"]
    table["mean_hours"] = [
        h / n if n else float("nan") for h, n in zip(table["hours"], table["resolved"], strict=True)
    ]
    pair_medians = medians.dropna(subset=["service", "priority"])
    table = table.merge(pair_medians[[*keys, "median_hours"]], on=keys, how="left")
    order = {p: i for i, p in enumerate(PRIORITIES)}
    table["_p"] = table["priority"].map(order).fillna(len(order))
    return table.sort_values(["service", "_p", "priority"]).drop(columns=["_p", "hours"])


@dataclass(frozen=True)
class TicketKpis:
    opened: int
    resolved: int
    backlog: int
    judged: int
    met: int
    compliance_pct: float
    targets: int  # service × priority pairs with a target and resolved tickets
    targets_missed: int
    not_judged: int  # resolved without a target or a recorded made_sla
    median_hours: float
    mean_hours: float
    major: int  # P1 tickets opened in the period
    escalation_pct: float
    reopen_pct: float
    first_contact_pct: float
    satisfaction: float  # average score 1–5
    satisfaction_n: int


def ticket_kpis(
    opened: pd.DataFrame,
    resolved: pd.DataFrame,
    backlog: pd.DataFrame,
    sla: pd.DataFrame,
    medians: pd.DataFrame,
) -> TicketKpis:
    """The page's headline ticket figures from the SQL aggregates.

    Rates are over the tickets resolved in the period: escalated, reopened (reopened_count >
    0), first contact (neither escalated nor reopened) ÷ resolved; satisfaction is the
    average of the scores given.
    """
    n = int(resolved["resolved"].sum()) if len(resolved) else 0

    def total(col: str) -> float:
        return float(resolved[col].sum()) if len(resolved) else 0.0

    overall = medians[medians["service"].isna() & medians["priority"].isna()]
    judged_pairs = sla[sla["judged"] > 0]
    sat_n = int(total("sat_n"))
    return TicketKpis(
        opened=int(opened["tickets"].sum()) if len(opened) else 0,
        resolved=n,
        backlog=int(backlog["tickets"].sum()) if len(backlog) else 0,
        judged=int(total("judged")),
        met=int(total("met")),
        compliance_pct=compliance_pct(total("met"), total("judged")),
        targets=int(judged_pairs["target_pct"].notna().sum()),
        targets_missed=int(judged_pairs["below_target"].sum()),
        not_judged=n - int(total("judged")),
        median_hours=float(overall["median_hours"].iloc[0]) if len(overall) else float("nan"),
        mean_hours=total("hours") / n if n else float("nan"),
        major=int(opened.loc[opened["priority"] == MAJOR_PRIORITY, "tickets"].sum())
        if len(opened)
        else 0,
        escalation_pct=_ratio(total("escalated"), n),
        reopen_pct=_ratio(total("reopened"), n),
        first_contact_pct=_ratio(total("first_contact"), n),
        satisfaction=total("sat_sum") / sat_n if sat_n else float("nan"),
        satisfaction_n=sat_n,
    )


def pareto(counts: pd.Series, top: int = PARETO_TOP) -> pd.DataFrame:
    """Largest first with the cumulative share in %; beyond ``top`` the rest become "Other".

    Columns: label, count, share_pct, cumulative_pct, other (True on the "Other" row).
    """
    counts = counts[counts > 0].sort_values(ascending=False, kind="stable")
    total = float(counts.sum())
    head = counts.iloc[:top]
    frame = pd.DataFrame({"label": head.index.astype(str), "count": head.to_numpy()})
    frame["other"] = False
    rest = counts.iloc[top:].sum()
    if rest > 0:
        frame.loc[len(frame)] = {"label": OTHER, "count": rest, "other": True}
    frame["count"] = frame["count"].astype("int64")
    frame["share_pct"] = frame["count"] / total * 100 if total else 0.0
    frame["cumulative_pct"] = frame["share_pct"].cumsum()
    return frame


def category_pareto(opened: pd.DataFrame, top: int = PARETO_TOP) -> pd.DataFrame:
    """Tickets opened in the period per category, Pareto-ordered."""
    if opened.empty:
        return pareto(pd.Series(dtype="int64"), top)
    return pareto(opened.groupby("category")["tickets"].sum(), top)


def root_cause_pareto(resolved: pd.DataFrame, top: int = PARETO_TOP) -> pd.DataFrame:
    """Tickets resolved in the period per root cause, Pareto-ordered."""
    if resolved.empty:
        return pareto(pd.Series(dtype="int64"), top)
    return pareto(resolved.groupby("root_cause")["resolved"].sum(), top)


@dataclass(frozen=True)
class ChangeKpis:
    implemented: int
    successful: int
    success_pct: float
    failed: int
    rolled_back: int
    no_outcome: int
    emergency: int
    emergency_pct: float
    caused_incident: int
    caused_incident_pct: float
    cancelled: int  # cancelled changes with an implementation time in the period


def change_kpis(cube: pd.DataFrame) -> ChangeKpis:
    """Headline change figures of the changes implemented in the period.

    Success rate = Successful ÷ implemented (implemented_at set, outcome not Cancelled);
    emergency share and changes that caused incidents are over the implemented changes.
    """
    if cube.empty:
        cube = pd.DataFrame(columns=["type", "outcome", "caused_incident", "changes"])
    cancelled = cube["outcome"].eq(CANCELLED)
    done = cube[~cancelled]
    n = int(done["changes"].sum())

    def count(mask) -> int:
        return int(done.loc[mask, "changes"].sum())

    successful = count(done["outcome"].eq(SUCCESSFUL))
    emergency = count(done["type"].eq(EMERGENCY))
    caused = count(done["caused_incident"].astype(bool))
    return ChangeKpis(
        implemented=n,
        successful=successful,
        success_pct=_ratio(successful, n),
        failed=count(done["outcome"].eq("Failed")),
        rolled_back=count(done["outcome"].eq("Rolled back")),
        no_outcome=count(done["outcome"].eq(BLANK)),
        emergency=emergency,
        emergency_pct=_ratio(emergency, n),
        caused_incident=caused,
        caused_incident_pct=_ratio(caused, n),
        cancelled=int(cube.loc[cancelled, "changes"].sum()),
    )


def weekly_changes(cube: pd.DataFrame, period: Period, now: datetime | None = None) -> pd.DataFrame:
    """Implemented changes per week × outcome (long form, every week and outcome)."""
    weeks = weeks_frame(period, now)
    outcomes = list(CHANGE_OUTCOMES)
    done = cube[~cube["outcome"].eq(CANCELLED)] if len(cube) else cube
    if len(done) and done["outcome"].eq(BLANK).any():
        outcomes.append(BLANK)
    extra = sorted(set(done["outcome"]) - set(outcomes)) if len(done) else []
    outcomes += extra
    grid = weeks.merge(pd.DataFrame({"outcome": outcomes}), how="cross")
    if len(done):
        counts = done.groupby([_day_index(period, done["day"]), "outcome"])["changes"].sum()
        counts.index = counts.index.set_names(["week", "outcome"])
        grid = grid.merge(
            counts.rename("changes").reset_index(), on=["week", "outcome"], how="left"
        )
    else:
        grid["changes"] = 0
    grid["changes"] = pd.to_numeric(grid["changes"]).fillna(0).astype("int64")
    return grid


def week_label(first: date, last: date) -> str:
    """'3–9 Mar' or '28 Feb–6 Mar'."""
    if first.month == last.month:
        return f"{first.day}–{last.day} {fmt.month_short(last)}"
    return f"{first.day} {fmt.month_short(first)}–{last.day} {fmt.month_short(last)}"


def finite(value: float) -> bool:
    return value is not None and bool(np.isfinite(value))
