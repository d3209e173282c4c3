"""The rules the figures follow, written out again in plain pandas on the raw sample tables.

Tests recompute a figure with these and compare it with what the queries and views return,
so a figure is checked by code that shares nothing with the code that computes it.
"""

from __future__ import annotations

import pandas as pd


def in_window(series: pd.Series, lo, hi) -> pd.Series:
    """Timestamps in ``(lo, hi]``, as the operations pages count a period."""
    return (series > pd.Timestamp(lo)) & (series <= pd.Timestamp(hi))


def submitted_by(demand: pd.DataFrame, as_of) -> pd.DataFrame:
    """Requests submitted on or before ``as_of`` (or without a date)."""
    submitted = demand["submitted_date"]
    return demand[submitted.isna() | (submitted <= pd.Timestamp(as_of))]


def in_force(contracts: pd.DataFrame, as_of) -> pd.DataFrame:
    """Contracts running on ``as_of``: started by then (or no start) and not ended before."""
    day = pd.Timestamp(as_of)
    started = contracts["start_date"].isna() | (contracts["start_date"] <= day)
    running = contracts["end_date"].isna() | (contracts["end_date"] >= day)
    return contracts[started & running]


def open_on(raid: pd.DataFrame, day) -> pd.Series:
    """RAID items open on ``day``: raised by then (or no date) and not closed by then (closed
    date on or before, or Closed without a date)."""
    d = pd.Timestamp(day)
    raised = raid["raised_date"].isna() | (raid["raised_date"] <= d)
    closed = raid["closed_date"].le(d) | (raid["closed_date"].isna() & (raid["status"] == "Closed"))
    return raised & ~closed


def latest_reports(reports: pd.DataFrame, day) -> pd.DataFrame:
    """Each project's latest status report on or before ``day``."""
    known = reports[reports["report_date"] <= pd.Timestamp(day)]
    return known.sort_values("report_date").groupby("project_id").tail(1)


#: Phases whose projects report to the committee.
ACTIVE_PHASES = ("Initiation", "Planning", "Execution", "Closing")


def decisions_asked(
    frames: dict[str, pd.DataFrame], day, stale_after_days: int, project_ids=None
) -> int:
    """How many decisions the committee is asked on ``day``: the "decisions required" text of
    the latest report of each active project whose report is at most ``stale_after_days``
    old, plus the RAID items open on ``day`` that are Decisions or flagged for the
    committee (portfolio-level items included, unless ``project_ids`` narrows the scope)."""
    projects = frames["projects"].set_index("project_id")
    latest = latest_reports(frames["status_reports"], day).set_index("project_id")
    if project_ids is not None:
        latest = latest[latest.index.isin(project_ids)]
    active = projects["phase"].reindex(latest.index).isin(ACTIVE_PHASES)
    age = (pd.Timestamp(day) - latest["report_date"]).dt.days
    text = latest["decisions_required"].fillna("").astype(str).str.strip()
    from_reports = int((active & (age <= stale_after_days) & text.ne("")).sum())
    raid = frames["raid"]
    if project_ids is not None:
        raid = raid[raid["project_id"].isin(project_ids)]
    flagged = raid["for_committee"].astype("boolean").fillna(False).astype(bool)
    from_raid = int((open_on(raid, day) & ((raid["type"] == "Decision") | flagged)).sum())
    return from_reports + from_raid


def money_to_date(financials: pd.DataFrame, day, whole_month: bool = False) -> pd.DataFrame:
    """Per project: PV and AC to ``day`` (months before its month whole; its own month pro
    rata to the day — 1 December counts 1/31 — unless ``whole_month``), ``ac_booked`` (every
    actual up to its month, whole) and ``remaining_forecast`` (forecast from its month on)."""
    day = pd.Timestamp(day)
    month = day.to_period("M")
    period = financials["period"].dt.to_period("M")
    share = 1.0 if whole_month else day.day / day.days_in_month
    weight = (period < month).astype(float) + (period == month) * share
    booked = period <= month
    frame = pd.DataFrame(
        {
            "project_id": financials["project_id"],
            "pv": financials["budget"].fillna(0.0) * weight,
            "ac": financials["actual"].fillna(0.0) * weight,
            "ac_booked": financials["actual"].fillna(0.0).where(booked, 0.0),
            "remaining_forecast": financials["forecast"].fillna(0.0).where(period >= month, 0.0),
        }
    )
    return frame.groupby("project_id").sum()


#: Phases kept out of the tiles and totals by default (setting ``apart_phases``).
APART_PHASES = ("Closed", "On hold")


def counted(projects: pd.DataFrame, apart=APART_PHASES) -> pd.DataFrame:
    """The projects the tiles and totals count: not in a phase kept apart."""
    return projects[~projects["phase"].isin(apart)]


# --------------------------------------------------------------------------- finance

#: Expense types in the order the Finance page lists them.
EXPENSE_TYPES = ("CAPEX", "OPEX")


def line_amounts(financials: pd.DataFrame, day) -> pd.DataFrame:
    """The financial lines with the amounts the Finance page adds up on ``day``: ``actual``
    of the months up to and including the as-of month (whole, as booked), ``forecast`` of
    the months from the as-of month on, ``outturn`` = actual + forecast (over every month:
    the EAC), ``budget`` and ``committed`` of every month; a missing amount is 0."""
    month = pd.Timestamp(day).to_period("M")
    period = financials["period"].dt.to_period("M")
    amounts = financials.assign(
        budget=financials["budget"].fillna(0.0),
        actual=financials["actual"].fillna(0.0).where(period <= month, 0.0),
        forecast=financials["forecast"].fillna(0.0).where(period >= month, 0.0),
        committed=financials["committed"].fillna(0.0),
    )
    return amounts.assign(outturn=amounts["actual"] + amounts["forecast"])


def fiscal_years(financials: pd.DataFrame, day, start_month: int = 1) -> pd.DataFrame:
    """Per fiscal year (named after the calendar year it starts in; every year from the
    first line's to the last line's, empty ones at 0): budget and outturn, each in total and
    per expense type (``budget_capex`` …), actual, forecast and variance = outturn − budget."""
    lines = line_amounts(financials, day)
    period = lines["period"]
    lines = lines.assign(fiscal_year=period.dt.year - (period.dt.month < start_month))
    years = range(int(lines["fiscal_year"].min()), int(lines["fiscal_year"].max()) + 1)
    sums = lines.groupby("fiscal_year")[["budget", "outturn", "actual", "forecast"]].sum()
    out = sums.reindex(years, fill_value=0.0)
    for kind in EXPENSE_TYPES:
        of_kind = lines[lines["expense_type"] == kind].groupby("fiscal_year")
        for measure in ("budget", "outturn"):
            out[f"{measure}_{kind.lower()}"] = of_kind[measure].sum().reindex(years, fill_value=0.0)
    out["variance"] = out["outturn"] - out["budget"]
    return out.rename_axis("fiscal_year")


def expense_split(financials: pd.DataFrame, day) -> pd.DataFrame:
    """Per expense type: budget, actual, forecast, committed, lines, outturn, variance and
    the shares (%) of the budget and of the outturn in their totals."""
    lines = line_amounts(financials, day)
    measures = ["budget", "actual", "forecast", "committed", "outturn"]
    out = lines.groupby("expense_type")[measures].sum()
    out["lines"] = lines.groupby("expense_type").size()
    out = out.reindex(list(EXPENSE_TYPES), fill_value=0.0)
    out["variance"] = out["outturn"] - out["budget"]
    out["budget_share"] = out["budget"] / out["budget"].sum() * 100
    out["outturn_share"] = out["outturn"] / out["outturn"].sum() * 100
    return out


# --------------------------------------------------------------------------- resources

#: A sum of days counts as over the capacity only beyond this slack (rounding of sums).
DAYS_SLACK = 1e-6


def window_months(day, back: int = 6, ahead: int = 6) -> pd.DatetimeIndex:
    """The first days of the Resources window: ``back`` months before the as-of month, the
    as-of month, ``ahead`` months after it."""
    month = pd.Timestamp(day).to_period("M")
    return pd.period_range(month - back, month + ahead, freq="M").to_timestamp()


def resource_months(
    capacity: pd.DataFrame, allocations: pd.DataFrame, months: pd.DatetimeIndex, project_ids=None
) -> pd.DataFrame:
    """One row per resource and month of ``months`` with capacity or planned days:
    ``capacity_days`` (Σ of its capacity rows, 0 without one), ``planned_days`` (Σ of its
    allocations, only those to ``project_ids`` when given), ``team`` and ``sourcing`` of the
    month's capacity row, else of the resource's latest capacity row."""

    def in_window(frame: pd.DataFrame) -> pd.DataFrame:
        month = frame["month"].dt.to_period("M").dt.to_timestamp()
        return frame.assign(month=month)[month.isin(months)]

    allocations = (
        allocations
        if project_ids is None
        else (allocations[allocations["project_id"].isin(project_ids)])
    )
    keys = ["resource", "month"]
    own = (
        in_window(capacity)
        .groupby(keys)
        .agg(
            capacity_days=("capacity_days", "sum"),
            team=("team", "max"),
            sourcing=("sourcing", "max"),
        )
    )
    planned = in_window(allocations).groupby(keys)["planned_days"].sum()
    cells = own.join(planned, how="outer").reset_index()
    latest = capacity.sort_values("month").groupby("resource").tail(1).set_index("resource")
    for column in ("team", "sourcing"):
        cells[column] = cells[column].fillna(cells["resource"].map(latest[column]))
    return cells.fillna({"capacity_days": 0.0, "planned_days": 0.0})


def utilisation_pct(planned: pd.Series, capacity: pd.Series) -> pd.Series:
    """Planned ÷ capacity × 100; no value where the capacity is 0."""
    return planned / capacity.where(capacity > 0) * 100


def is_over(planned: pd.Series, capacity: pd.Series) -> pd.Series:
    """Planned above 100 % of the capacity (any planned day against no capacity)."""
    return planned > capacity + DAYS_SLACK


def load_band(planned: pd.Series, capacity: pd.Series, under_pct: float = 50.0) -> pd.Series:
    """``over``; ``none`` (neither capacity nor planned days); ``under`` (planned below
    ``under_pct`` % of a positive capacity; 0 flags nobody); else ``ok``."""
    band = pd.Series("ok", index=planned.index)
    band[(capacity > 0) & (planned < capacity * under_pct / 100 - DAYS_SLACK)] = "under"
    band[(capacity <= 0) & (planned <= 0)] = "none"
    return band.mask(is_over(planned, capacity), "over")


def over_days(planned: pd.Series, capacity: pd.Series) -> pd.Series:
    """Days planned beyond the capacity in the months over it, else 0."""
    return (planned - capacity).where(is_over(planned, capacity), 0.0)


def over_allocated(cells: pd.DataFrame) -> pd.DataFrame:
    """Per resource over its capacity in some month of ``cells`` (see
    :func:`resource_months`): team and sourcing of its last month, Σ capacity and planned
    days, ``peak_pct`` (its highest monthly utilisation), ``months_over``, ``over_days`` (Σ
    of the months over) and ``worst_month`` (most days over, then the higher utilisation,
    then the earlier month)."""
    cells = cells.sort_values(["resource", "month"]).assign(
        utilisation=utilisation_pct(cells["planned_days"], cells["capacity_days"]),
        over=is_over(cells["planned_days"], cells["capacity_days"]),
        over_days=over_days(cells["planned_days"], cells["capacity_days"]),
    )
    worst = cells.assign(_u=cells["utilisation"].fillna(0.0)).sort_values(
        ["resource", "over_days", "_u", "month"], ascending=[True, False, False, True]
    )
    per = cells.groupby("resource")
    out = pd.DataFrame(
        {
            "team": per["team"].last(),
            "sourcing": per["sourcing"].last(),
            "capacity_days": per["capacity_days"].sum(),
            "planned_days": per["planned_days"].sum(),
            "peak_pct": per["utilisation"].max(),
            "months_over": per["over"].sum(),
            "over_days": per["over_days"].sum(),
            "worst_month": worst.groupby("resource")["month"].first(),
        }
    )
    return out[out["months_over"] > 0]


# --------------------------------------------------------------------------- demand

#: The intake pipeline in flow order (Rejected, the way out, last).
PIPELINE_STATUSES = ("New", "Assessing", "Approved", "Converted", "Rejected")
#: Statuses of the requests still waiting: with no project yet, they are the backlog.
BACKLOG_STATUSES = ("New", "Assessing", "Approved")


def priority_scores(demand: pd.DataFrame) -> pd.DataFrame:
    """Per request: ``value_points`` = value + urgency + risk reduction (weights 1),
    ``effort_months`` = effort days ÷ 20, at least 0.5 (none when the effort is missing or
    not above 0), ``priority_score`` = value points ÷ effort months (none when either is)."""
    points = (demand["value_score"] + demand["urgency"] + demand["risk_reduction"]).astype(float)
    days = demand["effort_days"].astype(float)
    months = (days / 20).clip(lower=0.5).where(days > 0)
    return pd.DataFrame(
        {"value_points": points, "effort_months": months, "priority_score": points / months}
    )


def backlog_ranks(requests: pd.DataFrame) -> pd.Series:
    """Rank of each backlog request (backlog status, no project) with a priority score:
    highest score 1, equal scores share the best rank (1, 2, 2, 4); none for the others.
    ``requests`` carries ``priority_score``."""
    backlog = requests["status"].isin(BACKLOG_STATUSES) & requests["project_id"].isna()
    scores = requests["priority_score"].where(backlog)
    return scores.rank(method="min", ascending=False).astype("Int64")


def pipeline(requests: pd.DataFrame) -> pd.DataFrame:
    """Per status in pipeline order, then any other status alphabetically (a status without
    requests: 0): requests, Σ cost estimate, Σ effort days."""
    per = requests.groupby("status").agg(
        requests=("request_id", "size"),
        cost_estimate=("cost_estimate", "sum"),
        effort_days=("effort_days", "sum"),
    )
    others = sorted(set(per.index) - set(PIPELINE_STATUSES))
    return per.reindex([*PIPELINE_STATUSES, *others], fill_value=0).rename_axis("status")


#: The datasets whose row versions a past date reads (the others carry their own dates).
VERSIONED = ("projects", "financials", "milestones", "raid")


def _like(frame: pd.DataFrame, model: pd.DataFrame) -> pd.DataFrame:
    """``frame``'s columns in ``model``'s order and dtypes (dates read back as text, too)."""
    out = frame[list(model.columns)].copy()
    for column, dtype in model.dtypes.items():
        if pd.api.types.is_datetime64_any_dtype(dtype):
            out[column] = pd.to_datetime(out[column]).astype(dtype)
        elif pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_numeric_dtype(dtype):
            out[column] = out[column].astype(dtype)
    return out.reset_index(drop=True)


def known_on(engine, day, frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The sample as known at the end of ``day``, read with plain pandas from the store's
    current and history tables: per row key, the version valid then (valid from before the
    next midnight, not ended by it); a key first loaded later, with no earlier version, in
    its first version; a key ended before and never back, absent. ``frames`` (the final
    tables) give the columns, dtypes and the datasets that are not versioned."""
    from data_access import schema  # the table and key names only

    next_midnight = pd.Timestamp(day) + pd.Timedelta(days=1)
    out = dict(frames)
    for name in VERSIONED:
        keys = list(schema.dataset(name).keys)
        current = pd.read_sql_table(name, engine)
        history = pd.read_sql_table(f"{name}_history", engine)
        versions = pd.concat([current.assign(_valid_to=pd.NaT), history], ignore_index=True)
        start = pd.to_datetime(versions["_valid_from"])
        end = pd.to_datetime(versions["_valid_to"])
        valid = (start.isna() | (start < next_midnight)) & (end.isna() | (end >= next_midnight))
        first = start.fillna(pd.Timestamp.min).groupby([versions[k] for k in keys]).transform("min")
        first_later = (first >= next_midnight) & (start == first)
        out[name] = _like(versions[valid | first_later], frames[name])
    return out


# --------------------------------------------------------------------------- risks


def risk_band(score: int, high: int = 15, critical: int = 20) -> str:
    """Low 1–4, Medium 5–14, High ``high``–, Critical ``critical``–25 (a score at a
    threshold is in the higher band)."""
    if score >= critical:
        return "Critical"
    if score >= high:
        return "High"
    return "Medium" if score >= 5 else "Low"


def heatmap(risks: pd.DataFrame) -> pd.DataFrame:
    """The 25 cells (probability, impact 1–5, in that order) with score = probability ×
    impact, its band and the count of ``risks`` with exactly that probability and impact."""
    counts = risks.groupby(["probability", "impact"]).size()
    cells = pd.MultiIndex.from_product([range(1, 6), range(1, 6)], names=["probability", "impact"])
    scores = [p * i for p, i in cells]
    return pd.DataFrame(
        {
            "score": scores,
            "band": [risk_band(s) for s in scores],
            "count": counts.reindex(cells, fill_value=0).to_numpy(),
        },
        index=cells,
    )


def overdue_actions(raid: pd.DataFrame, day) -> pd.DataFrame:
    """Actions open on ``day`` whose due date is before it (due on the day: not overdue)."""
    late = raid["due_date"] < pd.Timestamp(day)
    return raid[(raid["type"] == "Action") & open_on(raid, day) & late]


# --------------------------------------------------------------------------- operations
# Timestamps are read as the organisation's local time: the default settings (timezone and
# source_timezone both UTC).

#: Open-ticket age buckets: label → whole days of age below which a ticket is in it.
AGE_BUCKETS = {"0–2 d": 3, "3–7 d": 8, "8–30 d": 31, ">30 d": None}
PRIORITIES = ("P1", "P2", "P3", "P4")


def period_window(day, weeks: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """(start, end] of the ``weeks`` weeks ending with ``day``: end is the midnight after it,
    start 7 × weeks days earlier."""
    end = pd.Timestamp(day) + pd.Timedelta(days=1)
    return end - pd.Timedelta(days=7 * weeks), end


def resolution_hours(tickets: pd.DataFrame) -> pd.Series:
    """Hours from opening to the (last) resolution less the hours on hold where they are
    recorded, never below 0; none while unresolved."""
    elapsed = (tickets["resolved_at"] - tickets["opened_at"]) / pd.Timedelta(hours=1)
    return (elapsed - tickets["on_hold_hours"].fillna(0.0)).clip(lower=0.0)


def sla_met(tickets: pd.DataFrame, targets: pd.DataFrame) -> pd.Series:
    """Per ticket: the tool's ``made_sla`` where recorded, else resolution hours (see
    :func:`resolution_hours`) at most the ``resolution_hours`` target of its service and
    priority; none (not judged) without either."""
    pairs = pd.MultiIndex.from_frame(tickets[["service", "priority"]])
    target = targets.set_index(["service", "priority"])["resolution_hours"].reindex(pairs)
    target = pd.Series(target.to_numpy(), index=tickets.index)
    computed = (resolution_hours(tickets) <= target).astype("boolean").mask(target.isna())
    return tickets["made_sla"].astype("boolean").fillna(computed)


def open_at(tickets: pd.DataFrame, end) -> pd.Series:
    """In the backlog at ``end``: opened by then and resolved after it; or never resolved
    and not closed by then — a ticket closed without a resolution leaves at its closing, a
    Cancelled one without any closing date was never open."""
    end = pd.Timestamp(end)
    resolved, closed = tickets["resolved_at"], tickets["closed_at"]
    cancelled = tickets["status"] == "Cancelled"
    unresolved = resolved.isna() & ((closed > end) | (closed.isna() & ~cancelled))
    return (tickets["opened_at"] <= end) & ((resolved > end) | unresolved)


def age_bucket(opened: pd.Series, end) -> pd.Series:
    """The bucket of each ticket's age at ``end`` in whole days (3 days old: 3–7 d)."""
    days = (pd.Timestamp(end) - opened) / pd.Timedelta(days=1)
    labels = pd.Series(">30 d", index=opened.index)
    for label, below in reversed(list(AGE_BUCKETS.items())[:-1]):
        labels[days < below] = label
    return labels


def implemented(changes: pd.DataFrame) -> pd.Series:
    """Implemented: an implementation time and an outcome other than Cancelled (none yet
    counts)."""
    return changes["implemented_at"].notna() & (changes["outcome"] != "Cancelled")


# --------------------------------------------------------------------------- the committee


def committee_actions_on(actions: pd.DataFrame, day) -> pd.DataFrame:
    """The committee's actions raised in meetings up to ``day`` as they stood on it:
    ``status_on`` (the recorded status when closed on or before the day, else Open),
    ``open``, ``overdue`` (open, raised in a meeting before the day, due before it) and
    ``days_overdue`` (whole days past the due date, 0 when not overdue)."""
    d = pd.Timestamp(day)
    found = actions[actions["raised_meeting"] <= d]
    closed = found["closed_date"] <= d  # no closing date: still open
    late = (d - found["due_date"]).dt.days
    overdue = ~closed & (found["raised_meeting"] < d) & (late > 0)
    return found.assign(
        status_on=found["status"].where(closed, "Open"),
        open=~closed,
        overdue=overdue,
        days_overdue=late.where(overdue, 0),
    )


def deferred_back(decisions: pd.DataFrame, day) -> pd.Series:
    """Per decision: deferred in a meeting before ``day`` and neither deferred again nor
    taken since (another decision on the same question and project in a later meeting before
    ``day``) — it comes back to the next agenda."""
    d = pd.Timestamp(day)
    before = decisions[decisions["meeting_date"] < d]
    back = pd.Series(False, index=decisions.index)
    for index, row in before[before["outcome"] == "Deferred"].iterrows():
        same = (
            (before["question"].str.strip().str.lower() == row["question"].strip().lower())
            & (before["project_id"].fillna("") == (row["project_id"] or ""))
            & (before["meeting_date"] > row["meeting_date"])
        )
        back[index] = not same.any()
    return back
