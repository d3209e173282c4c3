"""Roadmap figures: schedule slip, slipped milestones, gates due, Gantt rows, milestone trend.

Pure functions on DataFrames (no SQL, no Streamlit); every definition is in
``docs/definitions-roadmap.md`` and unit-tested with hand-computed frames.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd

#: The Gantt draws at most this many project rows: a projector shows ~50 readable rows and
#: thousands of bars would slow the page for everyone. The page says how many are hidden.
GANTT_MAX_ROWS = 50
#: Orders of the Gantt rows (URL value → meaning); the first is the default.
GANTT_SORTS = ("slip", "end")
DEFAULT_GANTT_SORT = "slip"
#: Gates whose forecast date falls within this many days after the as-of date are "due".
GATE_HORIZON_DAYS = 60

#: Where an MTA point comes from (``source`` column of :func:`mta_points`).
MTA_BASELINE = "baseline"  # the baseline date, plotted at the project's start date
MTA_IMPORT = "import"  # a stored version of the milestone row (valid_from = report date)
MTA_ACHIEVED = "achieved"  # the actual date, on the "due now" diagonal
MTA_AS_OF = "as_of"  # the last known forecast carried to the as-of date

MTA_COLUMNS = ["milestone_id", "name", "is_gate", "report_date", "forecast_date", "source"]


def _ts(value) -> pd.Timestamp:
    return pd.Timestamp(value)


def slip_days(baseline: pd.Series, forecast: pd.Series) -> pd.Series:
    """Forecast minus baseline in whole days (positive = late); missing when either is."""
    delta = pd.to_datetime(forecast) - pd.to_datetime(baseline)
    return (delta.dt.days).astype("Int64")


def is_achieved(actual: pd.Series, as_of: date) -> pd.Series:
    """Reached on or before the as-of date (an actual date after it was not known then)."""
    actual = pd.to_datetime(actual)
    return (actual.notna() & (actual <= _ts(as_of))).astype(bool)


def is_slipped(milestones: pd.DataFrame, as_of: date) -> pd.Series:
    """Not achieved by the as-of date and forecast later than baseline by more than 0 days.

    A forecast equal to its baseline is on plan; a milestone with a missing baseline or
    forecast cannot be called slipped.
    """
    slip = slip_days(milestones["baseline_date"], milestones["forecast_date"])
    late = (slip > 0).fillna(False).astype(bool)
    return late & ~is_achieved(milestones["actual_date"], as_of)


def slipped_milestones(milestones: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Slipped milestones with their ``slip_days``, largest slip first (then soonest forecast)."""
    frame = milestones.assign(
        slip_days=slip_days(milestones["baseline_date"], milestones["forecast_date"])
    )
    frame = frame[is_slipped(frame, as_of).to_numpy()]
    return frame.sort_values(
        ["slip_days", "forecast_date", "milestone_id"],
        ascending=[False, True, True],
        kind="stable",
        ignore_index=True,
    )


def gates_due(
    milestones: pd.DataFrame, as_of: date, horizon_days: int = GATE_HORIZON_DAYS
) -> pd.DataFrame:
    """Open gates whose forecast date is on or before as-of + ``horizon_days``, soonest first.

    Overdue gates (forecast before the as-of date, not passed) are kept and flagged
    ``overdue``: a committee wants to see a gate that should already have been passed.
    ``days_to_due`` is the forecast date minus the as-of date (negative = overdue).
    """
    gate = milestones["is_gate"].fillna(False).astype(bool)
    forecast = pd.to_datetime(milestones["forecast_date"])
    horizon = _ts(as_of) + pd.Timedelta(days=horizon_days)
    keep = (
        gate
        & ~is_achieved(milestones["actual_date"], as_of)
        & forecast.notna()
        & (forecast <= horizon)
    )
    frame = milestones[keep.to_numpy()].copy()
    frame["days_to_due"] = (pd.to_datetime(frame["forecast_date"]) - _ts(as_of)).dt.days.astype(
        "Int64"
    )
    frame["overdue"] = (frame["days_to_due"] < 0).astype(bool)
    frame["slip_days"] = slip_days(frame["baseline_date"], frame["forecast_date"])
    return frame.sort_values(["forecast_date", "milestone_id"], kind="stable", ignore_index=True)


def project_schedule(projects: pd.DataFrame) -> pd.DataFrame:
    """Add ``slip_days`` (forecast end − baseline end) and ``dated`` (can be drawn)."""
    frame = projects.copy()
    frame["slip_days"] = slip_days(frame["baseline_end_date"], frame["forecast_end_date"])
    frame["dated"] = (
        frame["start_date"].notna()
        & (frame["forecast_end_date"].notna() | frame["baseline_end_date"].notna())
    ).astype(bool)
    return frame


def gantt_rows(
    projects: pd.DataFrame,
    as_of: date,
    sort: str = DEFAULT_GANTT_SORT,
    cap: int = GANTT_MAX_ROWS,
) -> tuple[pd.DataFrame, int]:
    """The Gantt's rows in display order (top first), and how many dated rows were cut.

    ``sort="slip"``: largest schedule slip first (projects without a forecast last), then
    soonest forecast end. ``sort="end"``: next to finish first — projects whose forecast end is
    on or after the as-of date by forecast end, then those already past their end, most
    recent first. Ties by project id. Projects without a start date or end date cannot be
    drawn and are not rows (see ``project_schedule``'s ``dated``).
    """
    if sort not in GANTT_SORTS:
        raise ValueError(f"unknown Gantt order {sort!r}; choose {', '.join(GANTT_SORTS)}")
    frame = project_schedule(projects) if "dated" not in projects else projects
    frame = frame[frame["dated"].to_numpy()]
    end = pd.to_datetime(frame["forecast_end_date"]).fillna(
        pd.to_datetime(frame["baseline_end_date"])
    )
    if sort == "slip":
        keys = pd.DataFrame(
            {
                "missing": frame["slip_days"].isna().to_numpy(),
                "slip": (-frame["slip_days"].astype("Float64")).fillna(0).to_numpy(),
                "end": end.to_numpy(),
                "id": frame["project_id"].to_numpy(),
            }
        )
        order = keys.sort_values(["missing", "slip", "end", "id"], kind="stable").index
    else:
        finished = (end < _ts(as_of)).to_numpy()
        ns = end.astype("int64").to_numpy()
        keys = pd.DataFrame(
            {
                "finished": finished,
                # upcoming ascending; finished descending (most recent first)
                "when": [-v if f else v for v, f in zip(ns, finished, strict=True)],
                "id": frame["project_id"].to_numpy(),
            }
        )
        order = keys.sort_values(["finished", "when", "id"], kind="stable").index
    ordered = frame.iloc[order].reset_index(drop=True)
    hidden = max(0, len(ordered) - cap)
    return ordered.head(cap), hidden


def mta_points(
    versions: pd.DataFrame,
    as_of: date,
    project_start: date | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Milestone trend analysis: one point per milestone and report date.

    ``versions``: every stored version of the project's milestones (``milestone_id``, ``name``,
    ``baseline_date``, ``forecast_date``, ``actual_date``, ``is_gate``, ``_valid_from``). Per
    milestone, in report-date order:

    * the baseline date at the project's start (the plan when the project started), when the
      start is known and comes before every other point of that milestone;
    * one point per version known by the end of the as-of day (report date = ``_valid_from``,
      value = its forecast date); versions after the milestone was achieved are left out
      (a reached milestone does not move);
    * if achieved by the as-of date: the actual date on the diagonal (report = value = actual);
    * otherwise: the last forecast carried to the as-of date, so the line reaches "today".

    Name, gate flag, baseline and actual date are the milestone's current ones (as in the
    tables); only the forecasts are traced over its versions.
    """
    if versions.empty:
        return pd.DataFrame(columns=MTA_COLUMNS)
    until = datetime.combine(as_of, datetime.min.time()) + timedelta(days=1)
    as_of_ts = _ts(as_of)
    start = _ts(project_start) if project_start is not None and pd.notna(project_start) else None
    rows: list[tuple] = []
    frame = versions.sort_values(["milestone_id", "_valid_from"], kind="stable")
    for milestone_id, group in frame.groupby("milestone_id", sort=True):
        current = group.iloc[-1]
        gate = bool(current["is_gate"]) if pd.notna(current["is_gate"]) else False
        actual = pd.to_datetime(current["actual_date"])
        achieved = pd.notna(actual) and actual <= as_of_ts
        points: list[tuple[pd.Timestamp, pd.Timestamp, str]] = []
        reports = pd.to_datetime(group["_valid_from"])
        forecasts = pd.to_datetime(group["forecast_date"])
        for report, forecast in zip(reports, forecasts, strict=True):
            if pd.isna(report) or pd.isna(forecast) or report >= until:
                continue
            if achieved and report > actual:
                continue
            points.append((report, forecast, MTA_IMPORT))
        baseline = pd.to_datetime(current["baseline_date"])
        first = min([p[0] for p in points] + ([actual] if achieved else []), default=None)
        if (
            start is not None
            and pd.notna(baseline)
            and start <= as_of_ts
            and (first is None or start < first)
        ):
            points.insert(0, (start, baseline, MTA_BASELINE))
        if achieved:
            points.append((actual, actual, MTA_ACHIEVED))
        elif points and points[-1][0] < as_of_ts:
            points.append((as_of_ts, points[-1][1], MTA_AS_OF))
        rows.extend((milestone_id, current["name"], gate, r, f, s) for r, f, s in points)
    out = pd.DataFrame(rows, columns=MTA_COLUMNS)
    for col in ("report_date", "forecast_date"):
        out[col] = pd.to_datetime(out[col])
    return out
