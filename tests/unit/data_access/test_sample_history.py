"""The sample's history: the loads that made it and what each of them held.

The states are read back from the row versions (a version holds from the load that wrote it
until the load that ended it) and checked, load by load, against rules written out in pandas
on the final frames.

Hand check, PRJ-007 (Execution; baseline end 2027-09-06, forecast end today 2028-01-23, so
139 days late; approved budget 390,000, estimate at completion today about 474,000):

* load of 2026-06-23: percent complete 25, the report of that day; today 46;
* load of 2026-03-31: forecast end 2027-12-11 (96 of the 139 days of slip recognised), so the
  committee of April saw it 43 days less late than today;
* load of 2026-09-15, September's external labour row: actual 4,767 = 10,215 (the whole
  month's actual, as today) × 14/30 (the days of September before the load); forecast
  5,362 = (10,215 − 4,767) × 0.984, where 0.984 = 1 − 0.177 × (1 − 0.91): today's overrun is
  17.7 % of the estimate and 91 % of it was recognised by then (as 127 of the 139 days of
  slip: forecast end 2028-01-11). The estimate at completion was 470,000 then, 419,000 in
  January.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd
import pytest

from data_access import sample_data, sample_history, schema
from tests.support import recompute

AS_OF = date(2026, 11, 16)
LOADS = sample_history.CYCLES + 1
LAST = LOADS - 1
#: An older load (the committee of April) and the loads of three past meetings.
OLDER = 3
PAST_MEETINGS = (2, 6, 10)


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return sample_data.generate("demo", as_of=AS_OF)


@pytest.fixture(scope="module")
def history(frames) -> sample_history.SampleHistory:
    return sample_history.build(frames, AS_OF)


def state(history: sample_history.SampleHistory, name: str, load: int) -> pd.DataFrame:
    """The dataset as load ``load`` left it: versions written by then and not yet ended."""
    ds = schema.dataset(name)
    current, ended = history.current[name], history.history[name]
    rows = pd.concat(
        [
            current[current[schema.IMPORT_ID] <= load],
            ended[(ended[schema.IMPORT_ID] <= load) & (ended[schema.ENDED_BY] > load)],
        ]
    )
    return rows[list(ds.column_names)].sort_values(list(ds.keys), ignore_index=True)


def day(history: sample_history.SampleHistory, load: int) -> pd.Timestamp:
    return pd.Timestamp(history.loads[load].date())


def eac(financials: pd.DataFrame) -> pd.Series:
    return (
        (financials["actual"].fillna(0) + financials["forecast"].fillna(0))
        .groupby(financials["project_id"])
        .sum()
    )


def running(frames: dict[str, pd.DataFrame], when: pd.Timestamp) -> pd.Index:
    """Projects started before ``when`` and still running today (not closed, not on hold)."""
    p = frames["projects"]
    ok = (p["start_date"] < when) & p["phase"].isin(("Execution", "Closing"))
    return pd.Index(p.loc[ok, "project_id"])


# --------------------------------------------------------------------------- loads


def test_one_load_per_committee_cycle_on_the_report_due_day_then_as_of(frames, history):
    meetings = frames["meetings"]["meeting_date"]
    due = meetings - pd.Timedelta(days=sample_data.REPORT_LEAD_DAYS)
    expected = [d.date() for d in due[due < pd.Timestamp(AS_OF)].tail(LOADS - 1)]
    assert [t.date() for t in history.loads[:-1]] == expected
    assert {t.time() for t in history.loads[:-1]} == {time(6)}
    assert history.loads[-1] == datetime.combine(AS_OF, time.min)
    assert history.loads == sorted(history.loads)
    assert history.loads[-1] - history.loads[0] > timedelta(days=300)  # about eleven months
    assert history.datasets[:-1] == [sample_history.VERSIONED] * (LOADS - 1)
    assert history.datasets[-1] == tuple(frames)


def test_the_current_rows_are_the_generated_sample(frames, history):
    for name, frame in frames.items():
        current = history.current[name][list(frame.columns)]
        pd.testing.assert_frame_equal(current, frame, obj=name)
        if name not in sample_history.VERSIONED:  # written once, by the final load
            assert (history.current[name][schema.IMPORT_ID] == LAST).all(), name
            assert name not in history.history


def test_only_real_changes_make_a_new_version(history):
    for name in sample_history.VERSIONED:
        ds = schema.dataset(name)
        keys, columns = list(ds.keys), list(ds.column_names)
        versions = pd.concat([history.history[name], history.current[name]], ignore_index=True)
        versions = versions.sort_values([*keys, schema.IMPORT_ID], ignore_index=True)
        assert not versions.duplicated([*keys, schema.IMPORT_ID]).any(), name
        same_row = (versions[keys].shift() == versions[keys]).all(axis=1)
        values = versions[columns].astype(object).where(versions[columns].notna(), None)
        same_values = (values.shift() == values).all(axis=1)
        assert not (same_row & same_values).any(), f"{name}: a version repeats the one before"
        ended = history.history[name]
        assert (ended[schema.ENDED_BY] > ended[schema.IMPORT_ID]).all(), name
    assert history.history["status_reports"].empty  # a report, once in, never changes


def test_the_counts_of_each_load_add_up(history):
    for name in sample_history.VERSIONED:
        for load in range(LOADS):
            count = history.counts[load][name]
            size = len(state(history, name, load))
            before = len(state(history, name, load - 1)) if load else 0
            assert count["added"] + count["changed"] + count["unchanged"] == size, (name, load)
            assert before + count["added"] - count["removed"] == size, (name, load)
    assert history.rows(0, "changed") == 0
    assert history.rows(LAST, "added") >= len(history.current["tickets"])


# --------------------------------------------------------------------------- projects


def test_projects_are_known_from_two_months_before_their_start(frames, history):
    p = frames["projects"]
    for load in range(LOADS):
        horizon = day(history, load) + pd.Timedelta(days=sample_history.KNOWN_BEFORE_START_DAYS)
        expected = sorted(p.loc[p["start_date"] <= horizon, "project_id"])
        assert state(history, "projects", load)["project_id"].tolist() == expected, load
    assert len(state(history, "projects", 0)) < len(p)


def test_percent_complete_is_the_latest_report_of_the_day(frames, history):
    for load in range(LAST):
        projects = state(history, "projects", load).set_index("project_id")
        latest = recompute.latest_reports(frames["status_reports"], day(history, load))
        expected = latest.set_index("project_id")["percent_complete"]
        expected = expected.reindex(projects.index).fillna(0.0)
        assert projects["percent_complete"].tolist() == expected.tolist(), load
    older = state(history, "projects", OLDER).set_index("project_id")["percent_complete"]
    today = frames["projects"].set_index("project_id")["percent_complete"]
    in_flight = running(frames, day(history, OLDER))
    assert len(in_flight) >= 10
    assert (older[in_flight] < today[in_flight]).all()


def test_late_projects_were_forecast_less_late_before(frames, history):
    today = frames["projects"].set_index("project_id")
    late = today.index[
        today["forecast_end_date"] > today["baseline_end_date"] + pd.Timedelta(days=60)
    ]
    late = late.intersection(running(frames, day(history, OLDER)))
    older = state(history, "projects", OLDER).set_index("project_id").loc[late]
    assert len(late) >= 3
    assert (older["forecast_end_date"] <= today.loc[late, "forecast_end_date"]).all()
    assert (older["forecast_end_date"] < today.loc[late, "forecast_end_date"]).sum() >= 2
    for load in range(LOADS):  # always between the baseline and today's forecast
        then = state(history, "projects", load).set_index("project_id")
        base = today.loc[then.index, "baseline_end_date"]
        final = today.loc[then.index, "forecast_end_date"]
        lo, hi = np.minimum(base, final), np.maximum(base, final)
        assert then["forecast_end_date"].between(lo, hi).all(), load
        assert (then["start_date"] <= then["forecast_end_date"]).all(), load


def test_the_phase_follows_the_dates(frames, history):
    today = frames["projects"].set_index("project_id")
    order = {phase: k for k, phase in enumerate(sample_history.LIFECYCLE)}
    order["On hold"] = order["Execution"]
    for load in range(LAST):
        then = state(history, "projects", load).set_index("project_id")
        d = day(history, load)
        end = today.loc[then.index, "forecast_end_date"]
        closed = then["phase"] == "Closed"
        assert (end[closed] <= d).all(), f"closed before the end, load {load}"
        assert then.loc[end <= d, "phase"].eq("Closed").all(), load
        was = then["phase"].map(order)
        now = today.loc[then.index, "phase"].map(order)
        assert (was <= now).all(), f"a phase ahead of today's, load {load}"
    changed = state(history, "projects", 0).set_index("project_id")["phase"]
    assert (changed != today.loc[changed.index, "phase"]).sum() >= 5


def test_a_handful_of_projects_were_re_baselined_upwards(frames, history):
    today = frames["projects"].set_index("project_id")["approved_budget"]
    fin = frames["financials"]
    rebaselined = set()
    for load in range(LAST):
        then = state(history, "projects", load).set_index("project_id")["approved_budget"]
        lower = then[then != today[then.index]]
        assert (lower < today[lower.index]).all()
        rebaselined |= set(lower.index)
        # the plan of the financials moved with the budget, and only there
        plan = state(history, "financials", load).groupby("project_id")["budget"].sum()
        plan_today = fin.groupby("project_id")["budget"].sum()[plan.index]
        assert sorted(plan.index[plan != plan_today]) == sorted(lower.index), load
        ratio = (plan / plan_today)[lower.index]
        assert ratio.between(*sample_history.REBASELINE_FACTOR).all()
    assert sample_history.MIN_REBASELINES <= len(rebaselined) <= 6


# --------------------------------------------------------------------------- financials


@pytest.mark.parametrize("load", PAST_MEETINGS)
def test_financials_book_the_actuals_known_then(frames, history, load):
    fin = frames["financials"]
    then = state(history, "financials", load)
    keys = ["project_id", "period", "category"]
    merged = then.merge(fin, on=keys, suffixes=("", "_today"), validate="1:1")
    month = day(history, load).to_period("M").to_timestamp()
    before = merged["period"] < month
    now = merged["period"] == month
    after = merged["period"] > month
    assert merged.loc[before, "actual"].equals(merged.loc[before, "actual_today"])
    assert merged.loc[before, "forecast"].isna().all()
    assert merged.loc[after, "actual"].isna().all()
    assert merged.loc[now | after, "forecast"].notna().all()
    assert (merged.loc[now, "actual"] <= merged.loc[now, "actual_today"]).all()
    assert merged.loc[now, "actual"].sum() < merged.loc[now, "actual_today"].sum()


@pytest.mark.parametrize("load", PAST_MEETINGS)
def test_the_estimate_at_completion_moved_since(frames, history, load):
    then = eac(state(history, "financials", load))
    today = eac(frames["financials"])[then.index]
    differs = (then - today).abs() > 1_000
    assert differs.sum() >= 5
    # overrunning projects running then were seen with a rosier estimate
    budget = frames["projects"].set_index("project_id")["approved_budget"]
    over = today.index[today > 1.10 * budget[today.index]]
    over = over.intersection(running(frames, day(history, load)))
    assert len(over) >= 2
    assert (then[over] <= today[over] + 1).all()
    assert (then[over] < today[over]).any()


# --------------------------------------------------------------------------- milestones, RAID


def test_milestones_reached_later_were_open_and_forecasts_slipped(frames, history):
    ms = frames["milestones"].set_index("milestone_id")
    for load in range(LAST):
        then = state(history, "milestones", load).set_index("milestone_id")
        today = ms.loc[then.index]
        reached = today["actual_date"] <= day(history, load)
        assert then.loc[reached, "actual_date"].equals(today.loc[reached, "actual_date"])
        assert then.loc[~reached, "actual_date"].isna().all()
        open_then = then[~reached]
        lo = np.minimum(today.loc[open_then.index, "baseline_date"], today["forecast_date"])
        hi = np.maximum(today.loc[open_then.index, "baseline_date"], today["forecast_date"])
        assert open_then["forecast_date"].between(lo[open_then.index], hi[open_then.index]).all()
    versions = pd.concat([history.history["milestones"], history.current["milestones"]])
    per_milestone = versions.groupby("milestone_id").size()
    assert per_milestone.max() >= 4
    assert (per_milestone >= 3).sum() >= 20


def test_raid_items_raised_later_are_absent_and_closed_later_were_open(frames, history):
    raid = frames["raid"].set_index("raid_id")
    for load in range(LAST):
        d = day(history, load)
        then = state(history, "raid", load).set_index("raid_id")
        known = raid[raid["raised_date"] <= d]
        assert sorted(then.index) == sorted(known.index), load
        open_then = recompute.open_on(raid.loc[then.index].reset_index(), d).to_numpy()
        assert then.loc[open_then, "status"].isin(("Open", "In progress")).all()
        assert then.loc[open_then, "closed_date"].isna().all()
        closed = then[~open_then]
        assert closed["status"].eq("Closed").all()
        assert closed["closed_date"].equals(raid.loc[closed.index, "closed_date"])
    older = state(history, "raid", OLDER).set_index("raid_id")
    reassessed = older["probability"] != raid.loc[older.index, "probability"]
    assert reassessed.fillna(False).sum() >= 3


def test_status_reports_are_those_dated_by_the_load(frames, history):
    reports = frames["status_reports"]
    for load in range(LOADS):
        then = state(history, "status_reports", load)
        assert len(then) == (reports["report_date"] <= day(history, load)).sum()


# --------------------------------------------------------------------------- determinism


def test_the_same_sample_gives_the_same_history(frames, history):
    again = sample_history.build(frames, AS_OF)
    assert again.loads == history.loads and again.counts == history.counts
    for name in sample_history.VERSIONED:
        pd.testing.assert_frame_equal(again.history[name], history.history[name])
        pd.testing.assert_frame_equal(again.current[name], history.current[name])


def test_no_cycles_is_a_single_load(frames):
    only = sample_history.build(frames, AS_OF, cycles=0)
    assert only.loads == [datetime.combine(AS_OF, time.min)]
    assert all(ended.empty for ended in only.history.values())
