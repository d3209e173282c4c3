"""The sample portfolio as the sequence of loads that made it: what each committee saw.

``sample_data.generate`` gives the portfolio as it stands on ``as_of``. A real store got there
through one load per committee cycle, so this module derives, from those final frames alone
and by seeded rules, the state of the portfolio on each of the last :data:`CYCLES` report due
dates (status reports are due :data:`sample_data.REPORT_LEAD_DAYS` before each meeting), and
turns the states into row versions as :mod:`data_access.versioning` keeps them: the current
rows, each valid from the first load that wrote its values, and the ended versions with the
load that replaced them. :func:`data_access.store.load_sample` writes the result.

What a load on day ``d`` held (the last load is the generated frames, exactly):

* projects: those starting within :data:`KNOWN_BEFORE_START_DAYS` of ``d``; percent complete
  from the latest status report on or before ``d``; the forecast end moving from the baseline
  end toward today's forecast in a few re-plans (a late project was forecast less late
  before); a handful re-baselined (a lower approved budget before the re-baseline); the phase
  the dates imply, never further than today's (not Closed before the project closed);
* status reports: those dated on or before ``d``;
* financials: actuals of the months before ``d``'s month as today, of ``d``'s month the part
  booked so far, none after; the forecast as it stood: the spend that followed, scaled by how
  much of today's overrun (or underrun) was recognised then, so the committee saw a rosier
  estimate at completion on overrunning projects; the plan changes only with a re-baseline;
* milestones: no actual date if reached after ``d``; open ones forecast between their baseline
  and today's forecast, moving at the project's re-plans;
* RAID: items raised after ``d`` absent; items closed after ``d`` still open (In progress past
  the middle of their life); some probabilities re-assessed since.

The other datasets carry their own dates and are written once, by the last load.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from data_access import schema
from data_access.sample_data import REPORT_LEAD_DAYS, SEED

#: Past loads (committee cycles) before the final one: about eleven months of history. The
#: "large" scale keeps them all too: its history adds about 5 s to a 40 s seed on SQLite.
CYCLES = 12
#: A past load is written at this hour of its report due day; the final load at 00:00 of as_of.
LOAD_HOUR = 6
#: Datasets that change between loads; the others are written by the final load only.
VERSIONED = ("projects", "status_reports", "financials", "milestones", "raid")
#: A project is in the portfolio from this many days before its start.
KNOWN_BEFORE_START_DAYS = 60
#: Phase order of a project's life ("On hold" is handled apart).
LIFECYCLE = ("Initiation", "Planning", "Execution", "Closing", "Closed")
#: A project is Closing in the last days before its end.
CLOSING_DAYS = 45
#: Share of projects re-baselined during the history (at least MIN_REBASELINES), the
#: approved budget before the re-baseline (a factor of today's), and the estimate/budget
#: ratio above which a project is not re-baselined (it stays a visible overrun).
REBASELINE_SHARE = 0.08
MIN_REBASELINES = 3
REBASELINE_FACTOR = (0.82, 0.93)
REBASELINE_MAX_OVERRUN = 1.15
#: Largest share of the estimate at completion that was not yet recognised before the first
#: re-plan (overrun), or recognised on top (underrun).
MAX_UNRECOGNISED = (-0.25, 0.35)
#: Share of RAID items with a probability that was re-assessed during the history.
REASSESSED_SHARE = 0.25

_DAY = np.timedelta64(1, "D")


@dataclass(frozen=True)
class SampleHistory:
    """Row versions of every dataset; import columns hold load indices into ``loads``."""

    loads: list[datetime]
    datasets: list[tuple[str, ...]]  # the datasets each load writes
    current: dict[str, pd.DataFrame]  # dataset columns + _import_id, _valid_from
    history: dict[str, pd.DataFrame]  # + _ended_import_id, _valid_to
    counts: list[dict[str, dict[str, int]]]  # per load and dataset: added, changed, …

    def rows(self, load: int, what: str) -> int:
        return sum(c[what] for c in self.counts[load].values())

    def summary(self, load: int) -> str:
        """Per-dataset counts of one load, as ``versioning`` records them for an import."""
        return json.dumps(self.counts[load], sort_keys=True)


@dataclass
class _Timeline:
    """One dataset over the loads: which rows exist and the values that change."""

    present: np.ndarray  # bool (loads, rows)
    values: dict[str, np.ndarray]  # column -> (loads, rows); the last load = the final column


def as_of_day(as_of: date | datetime | str | None) -> date:
    return date.today() if as_of is None else pd.Timestamp(as_of).date()


def load_times(frames: dict[str, pd.DataFrame], as_of: date, cycles: int) -> list[datetime]:
    """The report due day (at LOAD_HOUR) of the last ``cycles`` meetings whose reports were due
    before ``as_of``, then ``as_of`` at 00:00."""
    meetings = pd.to_datetime(frames["meetings"]["meeting_date"]).dt.date
    due = sorted(d - timedelta(days=REPORT_LEAD_DAYS) for d in meetings)
    past = [d for d in due if d < as_of][-cycles:] if cycles else []
    return [
        *(datetime.combine(d, time(LOAD_HOUR)) for d in past),
        datetime.combine(as_of, time.min),
    ]


# --------------------------------------------------------------------------- projects


@dataclass
class _Plan:
    """Per load (rows) and project (columns): what the history rules need."""

    known: np.ndarray  # bool: the project is in the portfolio
    recognised: np.ndarray  # 0..1: share of today's slip and overrun recognised
    before_rebaseline: np.ndarray  # bool: the approved budget was the old one
    factor: np.ndarray  # (projects,) old approved budget / today's
    unrecognised: np.ndarray  # (projects,) share of the EAC not yet seen before any re-plan


def _days(column: pd.Series) -> np.ndarray:
    return pd.to_datetime(column).to_numpy(dtype="datetime64[D]")


def _replans(
    rng: np.random.Generator, slip_days: int, candidates: np.ndarray, n: int
) -> np.ndarray:
    """Share of the slip recognised at each of ``n`` loads: steps at a few re-plans (more for
    a bigger slip), reaching 1 by the last load."""
    out = np.ones(n)
    if len(candidates) == 0:
        return out
    steps = 2 if abs(slip_days) < 45 else int(rng.integers(3, 5))
    picked = np.sort(rng.choice(candidates, size=min(steps, len(candidates)), replace=False))
    shares = np.cumsum(rng.dirichlet(np.ones(len(picked))))
    shares[-1] = 1.0
    out[:] = 0.0
    for load, share in zip(picked, shares, strict=True):
        out[load:] = share
    return out


def _plan(frames: dict[str, pd.DataFrame], days: np.ndarray, rng: np.random.Generator) -> _Plan:
    projects = frames["projects"]
    n_loads, n = len(days), len(projects)
    start = _days(projects["start_date"])
    end = _days(projects["forecast_end_date"])
    slip = (end - _days(projects["baseline_end_date"])).astype(int)
    budget = projects["approved_budget"].to_numpy(dtype=float)
    fin = frames["financials"]
    spent = (fin["actual"].fillna(0) + fin["forecast"].fillna(0)).groupby(fin["project_id"]).sum()
    eac = spent.reindex(projects["project_id"]).fillna(0).to_numpy()

    known = start[None, :] <= days[:, None] + KNOWN_BEFORE_START_DAYS * _DAY
    recognised = np.ones((n_loads, n))
    for j in range(n):
        running = np.nonzero((days >= start[j] + 30 * _DAY) & (days < end[j]))[0]
        recognised[:, j] = _replans(rng, int(slip[j]), running, n_loads)
    with np.errstate(divide="ignore", invalid="ignore"):
        overrun = np.where(eac > 0, (eac - budget) / eac, 0.0)
    unrecognised = np.clip(overrun, *MAX_UNRECOGNISED)

    before = np.zeros((n_loads, n), dtype=bool)
    factor = np.ones(n)
    phase = projects["phase"].to_numpy(dtype=object)
    eligible = [
        j
        for j in range(n)
        if phase[j] in ("Execution", "Closing", "Closed", "On hold")
        and eac[j] < REBASELINE_MAX_OVERRUN * budget[j]
        and _rebaseline_loads(days, start[j], end[j]).size
    ]
    count = min(len(eligible), max(MIN_REBASELINES, round(REBASELINE_SHARE * n)))
    chosen = rng.choice(eligible, size=count, replace=False) if count else []
    for j in sorted(chosen):
        at = int(rng.choice(_rebaseline_loads(days, start[j], end[j])))
        before[:at, j] = True
        factor[j] = rng.uniform(*REBASELINE_FACTOR)
    return _Plan(known, recognised, before, factor, unrecognised)


def _rebaseline_loads(days: np.ndarray, start: np.datetime64, end: np.datetime64) -> np.ndarray:
    """Loads a project can be re-baselined at: a few cycles in, running for three months,
    not finished, and not the final load."""
    loads = np.arange(len(days))
    ok = (loads >= min(3, len(days) - 1)) & (loads < len(days) - 1)
    return loads[ok & (days >= start + 90 * _DAY) & (days < end)]


def _phases(
    projects: pd.DataFrame, reports: pd.DataFrame, days: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """The phase each project's dates imply on each load day, never beyond today's phase."""
    start = _days(projects["start_date"])
    end = _days(projects["forecast_end_date"])
    final = projects["phase"].to_numpy(dtype=object)
    as_of = days[-1]
    hold_since = _hold_since(projects, reports)
    out = np.empty((len(days), len(projects)), dtype=object)
    for j, phase in enumerate(final):
        age = int((as_of - start[j]) / _DAY)
        planning_end = int(rng.uniform(75, 130))
        if phase not in ("Initiation", "Planning"):
            planning_end = max(min(planning_end, age - 28), 14)
        initiation_end = min(int(rng.uniform(30, 60)), planning_end - 7)
        since_start = (days - start[j]) / _DAY
        implied = np.select(
            [
                since_start < initiation_end,
                since_start < planning_end,
                days < end[j] - CLOSING_DAYS * _DAY,
                days < end[j],
            ],
            [0, 1, 2, 3],
            default=4,
        )
        if phase == "On hold":
            held = days >= hold_since[j]
            out[:, j] = np.where(held, phase, np.array(LIFECYCLE)[np.minimum(implied, 2)])
        else:
            out[:, j] = np.array(LIFECYCLE)[np.minimum(implied, LIFECYCLE.index(phase))]
    return out


def _hold_since(projects: pd.DataFrame, reports: pd.DataFrame) -> np.ndarray:
    """When each project's progress stopped moving (its latest percent complete was first
    reported): for an On hold project, when it was paused. Its start when never reported."""
    ordered = reports.sort_values(["project_id", "report_date"])
    last = ordered.groupby("project_id")["percent_complete"].transform("last")
    plateau = ordered[ordered["percent_complete"] == last].groupby("project_id")["report_date"]
    since = plateau.min().reindex(projects["project_id"])
    return _days(since.fillna(projects.set_index("project_id")["start_date"]))


def _latest_percent(reports: pd.DataFrame, ids: pd.Series, days: np.ndarray) -> np.ndarray:
    """Percent complete of the latest report on or before each load day (0 before any)."""
    ordered = reports.sort_values("report_date")
    when = _days(ordered["report_date"])
    out = np.zeros((len(days), len(ids)))
    for load, day in enumerate(days):
        latest = ordered[when <= day].groupby("project_id")["percent_complete"].last()
        out[load] = latest.reindex(ids).fillna(0.0).to_numpy()
    return out


def _shifted(base: np.ndarray, target: np.ndarray, share: np.ndarray) -> np.ndarray:
    """Dates ``share`` of the way from ``base`` to ``target``, in whole days."""
    gap = ((target - base) / _DAY).astype(float)
    return (base + np.round(gap * share).astype(int) * _DAY).astype("datetime64[us]")


def _projects(
    frames: dict[str, pd.DataFrame], days: np.ndarray, plan: _Plan, rng: np.random.Generator
) -> _Timeline:
    projects = frames["projects"]
    baseline = _days(projects["baseline_end_date"])
    forecast = _days(projects["forecast_end_date"])
    budget = projects["approved_budget"].to_numpy(dtype=float)
    old_budget = np.round(budget * plan.factor / 5_000) * 5_000
    return _Timeline(
        present=plan.known,
        values={
            "phase": _phases(projects, frames["status_reports"], days, rng),
            "forecast_end_date": _shifted(baseline, forecast, plan.recognised),
            "approved_budget": np.where(plan.before_rebaseline, old_budget, budget),
            "percent_complete": _latest_percent(
                frames["status_reports"], projects["project_id"], days
            ),
        },
    )


# --------------------------------------------------------------------------- other datasets


def _project_index(frames: dict[str, pd.DataFrame], column: pd.Series) -> np.ndarray:
    return pd.Index(frames["projects"]["project_id"]).get_indexer(column)


def _month(values: np.ndarray) -> np.ndarray:
    return values.astype("datetime64[M]").astype(int)


def _elapsed(day: np.datetime64) -> float:
    """Share of its month before ``day`` (the generator's "booked so far" convention)."""
    month = day.astype("datetime64[M]")
    length = ((month + 1).astype("datetime64[D]") - month.astype("datetime64[D]")) / _DAY
    return float((day - month.astype("datetime64[D]")) / _DAY) / length


def _financials(frames: dict[str, pd.DataFrame], days: np.ndarray, plan: _Plan) -> _Timeline:
    fin = frames["financials"]
    p = _project_index(frames, fin["project_id"])
    period = _month(_days(fin["period"]))
    actual = fin["actual"].to_numpy(dtype=float)
    forecast = fin["forecast"].to_numpy(dtype=float)
    committed = fin["committed"].to_numpy(dtype=float)
    budget = fin["budget"].to_numpy(dtype=float)
    spend = np.nan_to_num(actual) + np.nan_to_num(forecast)
    today = _month(days[-1:])[0]
    booked_today = _elapsed(days[-1])
    shape = (len(days), len(fin))
    out = {k: np.empty(shape) for k in ("budget", "actual", "forecast", "committed")}
    for load, day in enumerate(days[:-1]):
        month = _month(days[load : load + 1])[0]
        share = _elapsed(day) / (booked_today if month == today else 1.0)
        now, later = period == month, period > month
        so_far = np.round(np.nan_to_num(actual) * share)
        out["actual"][load] = np.where(period < month, actual, np.where(now, so_far, np.nan))
        remaining = np.where(now, spend - so_far, np.where(later, spend, 0.0))
        scale = 1.0 - plan.unrecognised[p] * (1.0 - plan.recognised[load, p])
        out["forecast"][load] = np.where(now | later, np.round(remaining * scale), np.nan)
        window = (period >= month) & (period <= month + 3) & ~np.isnan(committed)
        out["committed"][load] = np.where(
            window, np.minimum(committed, out["forecast"][load]), np.nan
        )
        out["budget"][load] = np.where(
            plan.before_rebaseline[load, p], np.round(budget * plan.factor[p]), budget
        )
    return _Timeline(present=plan.known[:, p], values=out)


def _milestones(frames: dict[str, pd.DataFrame], days: np.ndarray, plan: _Plan) -> _Timeline:
    ms = frames["milestones"]
    p = _project_index(frames, ms["project_id"])
    actual = pd.to_datetime(ms["actual_date"]).to_numpy(dtype="datetime64[us]")
    forecast = pd.to_datetime(ms["forecast_date"]).to_numpy(dtype="datetime64[us]")
    baseline = _days(ms["baseline_date"])
    reached = ~np.isnat(actual)[None, :] & (actual[None, :] <= days[:, None])
    moving = _shifted(baseline[None, :], _days(ms["forecast_date"])[None, :], plan.recognised[:, p])
    out_forecast = np.where(reached, forecast[None, :], moving)
    out_actual = np.where(reached, actual[None, :], np.datetime64("NaT", "us"))
    return _Timeline(
        present=plan.known[:, p],
        values={"forecast_date": out_forecast, "actual_date": out_actual},
    )


def _raid(
    frames: dict[str, pd.DataFrame], days: np.ndarray, plan: _Plan, rng: np.random.Generator
) -> _Timeline:
    raid = frames["raid"]
    n_loads, n = len(days), len(raid)
    raised = _days(raid["raised_date"])
    closed = pd.to_datetime(raid["closed_date"]).to_numpy(dtype="datetime64[us]")
    status = _array(raid["status"])
    probability = _array(raid["probability"])
    p = _project_index(frames, raid["project_id"])
    known = np.where(p[None, :] >= 0, plan.known[:, np.maximum(p, 0)], True)
    present = known & (np.isnat(raised)[None, :] | (raised[None, :] <= days[:, None]))

    day = days[:, None]
    closed_then = ~np.isnat(closed)[None, :] & (closed[None, :] <= day)
    # An item still open on the day: In progress from the middle of its life (or, for an
    # item open today, from some weeks after it was raised).
    pickup = np.where(
        np.isnat(closed),
        raised + rng.integers(14, 61, size=n) * _DAY,
        raised + (closed.astype("datetime64[D]") - raised) // 2,
    )
    started = day >= pickup[None, :]
    in_progress = np.where(status == "Open", False, started)
    out_status = np.where(
        closed_then, status[None, :], np.where(in_progress, "In progress", "Open")
    ).astype(object)
    out_closed = np.where(closed_then, closed[None, :], np.datetime64("NaT", "us"))

    out_probability = np.repeat(probability[None, :], n_loads, axis=0)
    for i in np.nonzero(~np.isnan(probability) & (rng.random(n) < REASSESSED_SHARE))[0]:
        seen = np.nonzero(present[:-1, i])[0]
        if len(seen) < 2:
            continue
        since = int(rng.choice(seen[1:]))
        step = 1 if status[i] == "Closed" else -1  # mitigated since, or risen since
        if rng.random() < 0.3:
            step = -step
        out_probability[:since, i] = np.clip(probability[i] + step, 1, 5)
    return _Timeline(
        present=present,
        values={"status": out_status, "closed_date": out_closed, "probability": out_probability},
    )


def _status_reports(frames: dict[str, pd.DataFrame], days: np.ndarray) -> _Timeline:
    dated = _days(frames["status_reports"]["report_date"])
    return _Timeline(present=dated[None, :] <= days[:, None], values={})


# --------------------------------------------------------------------------- versions


def _array(column: pd.Series) -> np.ndarray:
    """A column as the timelines hold it: datetime64[us], float (NaN) or object (None)."""
    if pd.api.types.is_datetime64_any_dtype(column):
        return column.to_numpy(dtype="datetime64[us]")
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        return column.to_numpy(dtype=float, na_value=np.nan)
    return column.to_numpy(dtype=object, na_value=None)


def _differs(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    if old.dtype.kind == "f":
        return ~((old == new) | (np.isnan(old) & np.isnan(new)))
    if old.dtype.kind == "M":
        return ~((old == new) | (np.isnat(old) & np.isnat(new)))
    return old != new


def _ended(
    final: pd.DataFrame,
    timeline: _Timeline,
    loads: list[datetime],
    rows: np.ndarray,
    begun: np.ndarray,
    ended_by: np.ndarray,
) -> pd.DataFrame:
    """Ended versions: the final frame's ``rows`` with the changing columns as they stood
    during each version, valid from load ``begun`` until load ``ended_by``."""
    out = final.take(rows).reset_index(drop=True)
    for column, values in timeline.values.items():
        out[column] = pd.Series(values[ended_by - 1, rows]).astype(final[column].dtype)
    times = np.array(loads, dtype="datetime64[us]")
    out[schema.IMPORT_ID] = begun
    out[schema.VALID_FROM] = times[begun]
    out[schema.ENDED_BY] = ended_by
    out[schema.VALID_TO] = times[ended_by]
    return out


def _versions(
    final: pd.DataFrame, timeline: _Timeline, loads: list[datetime]
) -> tuple[pd.DataFrame, pd.DataFrame, list[dict[str, int]]]:
    """Current rows and ended versions: a version lasts while its row exists with the same
    values; a row that never changes keeps one version, valid from its first load."""
    n_loads, n = timeline.present.shape
    for column, values in timeline.values.items():  # the final load is the final frame
        values[-1] = _array(final[column])
    since = np.full(n, -1)
    before = np.zeros(n, dtype=bool)
    rows, begun, ended_by = [], [], []
    counts = []
    for load in range(n_loads):
        here = timeline.present[load]
        differs = np.zeros(n, dtype=bool)
        if load:
            for values in timeline.values.values():
                differs |= _differs(values[load - 1], values[load])
        starts = here & (~before | differs)
        ends = np.nonzero(before & (~here | differs))[0]
        rows.append(ends)
        begun.append(since[ends])
        ended_by.append(np.full(len(ends), load))
        since[starts] = load
        counts.append(
            {
                "added": int((starts & ~before).sum()),
                "changed": int((starts & before).sum()),
                "removed": int((before & ~here).sum()),
                "unchanged": int((here & before & ~differs).sum()),
            }
        )
        before = here
    if not before.all():
        raise ValueError("every row of the final frame must be present at the final load")
    current = final.copy()
    current[schema.IMPORT_ID] = since
    current[schema.VALID_FROM] = np.array(loads, dtype="datetime64[us]")[since]
    history = _ended(
        final,
        timeline,
        loads,
        np.concatenate(rows),
        np.concatenate(begun),
        np.concatenate(ended_by),
    )
    return current, history, counts


def build(
    frames: dict[str, pd.DataFrame],
    as_of: date | datetime | str | None,
    cycles: int = CYCLES,
    seed: int = SEED,
) -> SampleHistory:
    """The loads of the sample and the row versions they wrote (deterministic)."""
    day = as_of_day(as_of)
    loads = load_times(frames, day, cycles)
    days = np.array([t.date() for t in loads], dtype="datetime64[D]")
    rng_plan, rng_phase, rng_raid = np.random.default_rng([seed, len(loads)]).spawn(3)
    plan = _plan(frames, days, rng_plan)
    timelines = {
        "projects": _projects(frames, days, plan, rng_phase),
        "status_reports": _status_reports(frames, days),
        "financials": _financials(frames, days, plan),
        "milestones": _milestones(frames, days, plan),
        "raid": _raid(frames, days, plan, rng_raid),
    }
    last = len(loads) - 1
    current: dict[str, pd.DataFrame] = {}
    history: dict[str, pd.DataFrame] = {}
    counts: list[dict[str, dict[str, int]]] = [{} for _ in loads]
    for name, frame in frames.items():
        timeline = timelines.get(name)
        if timeline is None:  # written once, by the final load
            current[name] = frame.assign(**{schema.IMPORT_ID: last, schema.VALID_FROM: loads[-1]})
            counts[last][name] = {"added": len(frame), "changed": 0, "removed": 0, "unchanged": 0}
            continue
        current[name], history[name], per_load = _versions(frame, timeline, loads)
        for load, count in enumerate(per_load):
            counts[load][name] = count
    datasets = [VERSIONED] * last + [tuple(frames)]
    return SampleHistory(loads, datasets, current, history, counts)
