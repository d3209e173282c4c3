"""Roadmap queries on SQLite and on a real PostgreSQL server.

Expected values are computed independently with pandas from the same generated frames
(anchored at TEST_AS_OF; the store was seeded with them, so its rows are the frames' rows).
The milestone trend is checked on a fresh store per test, where imports leave versions.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from data_access import roadmap_queries as rq
from data_access import schema, versioning
from data_access.filters import Filters
from steerco.analytics import roadmap as rm
from steerco.config import Settings
from steerco.views import roadmap as views
from tests.support import recompute


def _latest_rag(frames, as_of: date) -> pd.Series:
    latest = recompute.latest_reports(frames["status_reports"], as_of)
    return latest.set_index("project_id")["overall_rag"]


def _open_at(ms: pd.DataFrame, as_of: date) -> pd.Series:
    return ms["actual_date"].isna() | (ms["actual_date"] > pd.Timestamp(as_of))


def test_roadmap_projects_have_dates_and_the_latest_rag_on_or_before_as_of(
    engine, sample_frames, as_of
):
    when = as_of - timedelta(days=45)
    with engine.connect() as conn:
        frame = rq.roadmap_projects(conn, Filters(as_of=when)).set_index("project_id")
    projects = sample_frames["projects"].set_index("project_id")
    assert sorted(frame.index) == sorted(projects.index)
    for col in ("start_date", "baseline_end_date", "forecast_end_date"):
        assert frame[col].tolist() == projects.loc[frame.index, col].tolist(), col
    rag = _latest_rag(sample_frames, when)
    assert frame.loc[rag.index, "overall_rag"].tolist() == rag.tolist()
    assert frame.loc[frame.index.difference(rag.index), "overall_rag"].isna().all()


def test_roadmap_projects_follow_the_global_filters(engine, sample_frames, as_of):
    projects = sample_frames["projects"]
    programme = projects["programme"].iloc[0]
    rag = _latest_rag(sample_frames, as_of)
    with engine.connect() as conn:
        by_programme = rq.roadmap_projects(conn, Filters(as_of=as_of, programme=(programme,)))
        red = rq.roadmap_projects(conn, Filters(as_of=as_of, rag=("R",)))
        none = rq.roadmap_projects(conn, Filters(as_of=as_of, sponsor=("x') OR 1=1 --",)))
    assert sorted(by_programme["project_id"]) == sorted(
        projects.loc[projects["programme"] == programme, "project_id"]
    )
    assert sorted(red["project_id"]) == sorted(rag[rag == "R"].index)
    assert none.empty


def test_watch_milestones_are_the_open_late_or_gate_milestones_of_the_filtered_projects(
    engine, sample_frames, as_of
):
    projects = sample_frames["projects"]
    phase = "Execution"
    ids = set(projects.loc[projects["phase"] == phase, "project_id"])
    ms = sample_frames["milestones"]
    mine = ms[ms["project_id"].isin(ids)]
    late = mine["forecast_date"] > mine["baseline_date"]
    expected = mine[_open_at(mine, as_of) & (late | mine["is_gate"].astype(bool))]
    with engine.connect() as conn:
        got = rq.watch_milestones(conn, Filters(as_of=as_of, phase=(phase,)))
    assert sorted(got["milestone_id"]) == sorted(expected["milestone_id"])
    assert got["project_name"].notna().all()
    rag = _latest_rag(sample_frames, as_of)
    assert got["project_rag"].tolist() == rag.reindex(got["project_id"]).tolist()


def test_slipped_milestones_and_gates_due_match_a_pandas_computation(engine, sample_frames, as_of):
    ms = sample_frames["milestones"]
    open_now = _open_at(ms, as_of)
    slip = (ms["forecast_date"] - ms["baseline_date"]).dt.days
    expected_slipped = ms[open_now & (slip > 0)].assign(slip=slip)
    horizon = pd.Timestamp(as_of) + pd.Timedelta(days=rm.GATE_HORIZON_DAYS)
    gates = ms[ms["is_gate"].astype(bool) & open_now & (ms["forecast_date"] <= horizon)]
    with engine.connect() as conn:
        view = views.build(conn, Filters(as_of=as_of), Settings())
    assert len(view.slipped) > 10 and not view.gates_due.empty  # the sample shows both
    assert sorted(view.slipped["milestone_id"]) == sorted(expected_slipped["milestone_id"])
    by_id = expected_slipped.set_index("milestone_id")["slip"]
    assert view.slipped["slip_days"].tolist() == by_id[view.slipped["milestone_id"]].tolist()
    assert view.slipped["slip_days"].is_monotonic_decreasing
    assert sorted(view.gates_due["milestone_id"]) == sorted(gates["milestone_id"])
    assert view.gates_due["forecast_date"].is_monotonic_increasing
    overdue = gates["forecast_date"] < pd.Timestamp(as_of)
    assert view.overdue_gates == int(overdue.sum())


def test_gantt_rows_are_capped_and_gates_belong_to_the_drawn_projects(engine, sample_frames, as_of):
    projects = sample_frames["projects"]
    with engine.connect() as conn:
        view = views.build(conn, Filters(as_of=as_of), Settings(), sort="end", cap=7)
    assert len(view.gantt) == 7
    assert view.hidden == len(projects) - 7 - view.undated
    assert view.late_projects == int(
        (projects["forecast_end_date"] > projects["baseline_end_date"]).sum()
    )
    drawn = set(view.gantt["project_id"])
    ms = sample_frames["milestones"]
    expected = ms[ms["project_id"].isin(drawn) & ms["is_gate"].astype(bool)]
    assert sorted(view.gates["milestone_id"]) == sorted(expected["milestone_id"])
    # the trend section defaults to the top row
    assert view.trend_project(None).project_id == view.gantt["project_id"].iloc[0]


def test_the_seeded_history_holds_each_milestone_and_its_slips(engine, sample_frames):
    pid = "PRJ-004"
    ms = sample_frames["milestones"]
    mine = ms[ms["project_id"] == pid]
    with engine.connect() as conn:
        now = rq.milestone_versions(conn, pid, date.today())
        before_seed = rq.milestone_versions(conn, pid, date(2000, 1, 1))
        current = rq.project_milestones(conn, pid)
    assert set(now["milestone_id"]) == set(mine["milestone_id"])
    latest = now[now[schema.VALID_TO].isna()]  # one current version each
    assert sorted(latest["milestone_id"]) == sorted(mine["milestone_id"])
    assert before_seed.empty  # nothing was known before the store was seeded
    assert current["forecast_date"].tolist() == (
        mine.set_index("milestone_id").loc[current["milestone_id"], "forecast_date"].tolist()
    )


def _open_milestones_of_one_project(frames) -> tuple[str, pd.DataFrame]:
    ms = frames["milestones"]
    open_ms = ms[ms["actual_date"].isna()]
    pid = open_ms["project_id"].value_counts().index[0]
    return pid, ms[ms["project_id"] == pid].reset_index(drop=True)


def test_milestone_trend_follows_the_forecast_over_imports(writable_engine, small_frames):
    """Two imports move one milestone's forecast: the trend shows the three forecasts."""
    pid, mine = _open_milestones_of_one_project(small_frames)
    row = mine.index[mine["actual_date"].isna()][0]
    milestone_id = mine.loc[row, "milestone_id"]
    first = mine.loc[row, "forecast_date"]
    moves = [first + pd.Timedelta(days=30), first + pd.Timedelta(days=75)]
    for forecast in moves:
        mine.loc[row, "forecast_date"] = forecast
        versioning.commit(writable_engine, {"milestones": mine}, source="milestones.xlsx")

    with writable_engine.connect() as conn:
        versions = rq.milestone_versions(conn, pid, date.today())
        view = views.build(conn, Filters(), Settings())
        trend = views.trend(conn, view.trend_project(pid))
        yesterday = Filters(as_of=date.today() - timedelta(days=1))
        earlier = views.trend(conn, views.build(conn, yesterday, Settings()).trend_project(pid))
    traced = versions[versions["milestone_id"] == milestone_id]
    assert traced["forecast_date"].tolist() == [first, *moves]
    assert traced[schema.VALID_TO].isna().tolist() == [False, False, True]
    # the other milestones of the project were not changed: one version each
    others = versions[versions["milestone_id"] != milestone_id]
    assert others["milestone_id"].is_unique

    assert trend.project_id == pid
    line = trend.mta[trend.mta["milestone_id"] == milestone_id]
    imports = line[line["source"] == rm.MTA_IMPORT]
    assert imports["forecast_date"].tolist() == [first, *moves]
    assert imports["report_date"].is_monotonic_increasing
    assert imports["report_date"].tolist() == traced[schema.VALID_FROM].tolist()
    if line["source"].iloc[0] == rm.MTA_BASELINE:
        assert line["forecast_date"].iloc[0] == mine.loc[row, "baseline_date"]
    # the current forecast is what the tables use: the slip grew by 75 days
    slipped = view.slipped.set_index("milestone_id")
    expected_slip = (moves[-1] - mine.loc[row, "baseline_date"]).days
    if expected_slip > 0:
        assert slipped.loc[milestone_id, "slip_days"] == expected_slip
    # as of yesterday no import was known yet: no import point at all
    assert rm.MTA_IMPORT not in set(earlier.mta["source"])


@pytest.mark.parametrize("wanted", ["PRJ-999", None])
def test_trend_project_falls_back_to_the_top_gantt_row(engine, as_of, wanted):
    with engine.connect() as conn:
        view = views.build(conn, Filters(as_of=as_of), Settings())
        trend = views.trend(conn, view.trend_project(wanted))
    assert trend.project_id == view.gantt["project_id"].iloc[0]
    assert not trend.milestones.empty
    assert set(trend.mta["milestone_id"]) <= set(trend.milestones["milestone_id"])
