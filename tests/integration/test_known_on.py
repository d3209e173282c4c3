"""Figures on a past date are the figures as known then (SQLite and PostgreSQL).

The store is loaded on T0, the committee looks at it on D, and an import after D changes
project facts, forecasts, milestones and risks. On D every page must still show what the
committee saw; today it shows the new facts.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pandas as pd
import pytest

from data_access import known_on, store, versioning
from data_access.engine import create_engine
from data_access.filters import Filters
from steerco.config import Settings
from steerco.exports.figures import figures
from steerco.views import known, overview, portfolio, project, roadmap
from tests.conftest import TEST_AS_OF

T0 = datetime(2026, 10, 1, 6, 0)
D = TEST_AS_OF
SETTINGS = Settings()


@pytest.fixture
def dated_engine(writable_url, small_frames):
    """The small sample, loaded on T0 (before D)."""
    eng = create_engine(writable_url)
    store.load_frames(eng, small_frames, source="first load", valid_from=T0)
    yield eng
    eng.dispose()


def _everything(eng, day: date, project_id: str) -> dict:
    with eng.connect() as conn:
        filters = Filters(as_of=day)
        return {
            "figures": figures(conn, filters, SETTINGS, weeks=4),
            "portfolio": portfolio.frame(conn, filters, SETTINGS),
            "project": project.build(conn, filters, SETTINGS, project_id=project_id),
            "roadmap": roadmap.build(conn, filters, SETTINGS),
        }


def _assert_same(a, b, where: str = "") -> None:
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, obj=where)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, obj=where)
    elif dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            _assert_same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for key in a:
            _assert_same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _assert_same(x, y, f"{where}[{i}]")
    else:
        assert a == b or (pd.isna(a) and pd.isna(b)), where


def _later_import(eng, frames, project_id: str) -> None:
    """After D: the project 99 % complete, a new sponsor, a doubled budget, its future
    forecasts up by 100,000 a month, its milestones a quarter later, its risks at the top."""
    projects = frames["projects"].copy()
    mine = projects["project_id"] == project_id
    projects.loc[mine, "percent_complete"] = 99.0
    projects.loc[mine, "sponsor"] = "New sponsor"
    projects.loc[mine, "approved_budget"] *= 2
    fin = frames["financials"].copy()
    future = (fin["project_id"] == project_id) & (fin["period"] > pd.Timestamp(D))
    fin.loc[future, "forecast"] += 100_000.0
    ms = frames["milestones"].copy()
    ms.loc[ms["project_id"] == project_id, "forecast_date"] += pd.Timedelta(days=90)
    raid = frames["raid"].copy()
    risky = (raid["project_id"] == project_id) & (raid["type"] == "Risk")
    raid.loc[risky, ["probability", "impact"]] = 5
    result = versioning.commit(
        eng,
        {"projects": projects, "financials": fin, "milestones": ms, "raid": raid},
        source="later import",
    )
    assert result.changes.total("changed") > 0


def _busiest(frames) -> str:
    """A project with milestones, risks and future forecasts."""
    raid = frames["raid"]
    risks = raid[raid["type"] == "Risk"]["project_id"].value_counts()
    ms = set(frames["milestones"]["project_id"])
    return next(pid for pid in risks.index if pid in ms)


def test_every_figure_on_a_past_date_is_the_one_known_then(dated_engine, small_frames):
    pid = _busiest(small_frames)
    before = _everything(dated_engine, D, pid)
    _later_import(dated_engine, small_frames, pid)

    _assert_same(before, _everything(dated_engine, D, pid), "as of D")
    today = _everything(dated_engine, date.today(), pid)["portfolio"].set_index("project_id")
    then = before["portfolio"].set_index("project_id")
    assert today.loc[pid, "sponsor"] == "New sponsor" != then.loc[pid, "sponsor"]
    assert today.loc[pid, "approved_budget"] == 2 * then.loc[pid, "approved_budget"]
    assert today.loc[pid, "max_open_risk_score"] == 25


def test_eac_on_a_past_date_keeps_the_forecast_the_committee_saw(dated_engine, small_frames):
    pid = _busiest(small_frames)
    fin = small_frames["financials"]
    months_ahead = fin[(fin["project_id"] == pid) & (fin["period"] > pd.Timestamp(D))]
    assert len(months_ahead) > 0
    with dated_engine.connect() as conn:
        eac_then = portfolio.frame(conn, Filters(as_of=D), SETTINGS).set_index("project_id")
    _later_import(dated_engine, small_frames, pid)
    with dated_engine.connect() as conn:
        on_d = portfolio.frame(conn, Filters(as_of=D), SETTINGS).set_index("project_id")
        now_filters = Filters(as_of=D)
        # the same date read without history: today's forecasts on D's actuals
        raw = portfolio.frame.__wrapped__(conn, now_filters, SETTINGS).set_index("project_id")
    assert on_d.loc[pid, "eac"] == pytest.approx(eac_then.loc[pid, "eac"])
    assert raw.loc[pid, "eac"] == pytest.approx(
        eac_then.loc[pid, "eac"] + 100_000.0 * len(months_ahead)
    )


def test_a_project_added_after_the_date_is_shown_and_named(dated_engine, small_frames):
    projects = small_frames["projects"]
    new = projects.iloc[[0]].assign(project_id="PRJ-LATE", name="Added after the meeting")
    versioning.commit(
        dated_engine, {"projects": pd.concat([projects, new], ignore_index=True)}, source="new"
    )
    with dated_engine.connect() as conn:
        frame = portfolio.frame(conn, Filters(as_of=D), SETTINGS)
        found = known.not_known(conn, Filters(as_of=D))
        alone = known.not_known(conn, Filters(as_of=D), project_id=projects["project_id"][0])
        doc = figures(conn, Filters(as_of=D), SETTINGS, weeks=4)
    assert "PRJ-LATE" in set(frame["project_id"])
    assert found.project_ids == ("PRJ-LATE",)
    assert "PRJ-LATE" in found.note and "16 Nov 2026" in found.note
    assert alone.note == ""
    assert doc["not_known_on_date"] == ["PRJ-LATE"]


def test_a_risk_deleted_after_the_date_still_counts_on_the_date(dated_engine, small_frames):
    raid = small_frames["raid"]
    open_risks = raid[
        (raid["type"] == "Risk")
        & raid["closed_date"].isna()
        & (raid["status"] != "Closed")
        & (raid["raised_date"] <= pd.Timestamp(D))
    ]
    gone = open_risks.iloc[0]
    with dated_engine.connect() as conn:
        before = portfolio.frame(conn, Filters(as_of=D), SETTINGS).set_index("project_id")
    mine = raid[(raid["project_id"] == gone["project_id"]) & (raid["raid_id"] != gone["raid_id"])]
    versioning.commit(dated_engine, {"raid": mine}, source="risk deleted")
    with dated_engine.connect() as conn:
        on_d = portfolio.frame(conn, Filters(as_of=D), SETTINGS).set_index("project_id")
        now = portfolio.frame(conn, Filters(as_of=date.today()), SETTINGS).set_index("project_id")
    pid = gone["project_id"]
    assert on_d.loc[pid, "open_risks"] == before.loc[pid, "open_risks"] >= 1
    assert now.loc[pid, "open_risks"] == before.loc[pid, "open_risks"] - 1


def test_a_phase_filter_selects_by_the_phase_known_on_the_date(dated_engine, small_frames):
    projects = small_frames["projects"].copy()
    pid = projects.loc[projects["phase"] == "Execution", "project_id"].iloc[0]
    projects.loc[projects["project_id"] == pid, "phase"] = "Closed"
    versioning.commit(dated_engine, {"projects": projects}, source="closed later")
    with dated_engine.connect() as conn:
        executing = portfolio.frame(conn, Filters(as_of=D, phase=("Execution",)), SETTINGS)
    assert pid in set(executing["project_id"])


def test_nothing_loaded_after_the_date_reads_the_tables_as_they_are(dated_engine):
    with dated_engine.connect() as conn:
        # the fixture's first seed (now) is replaced by the load on T0, but it is in the log
        assert known_on.changed_after(conn, date.today()) == ()
        assert known.not_known(conn, Filters(as_of=date.today())).note == ""


def test_the_milestone_trend_keeps_every_version(dated_engine, small_frames):
    pid = _busiest(small_frames)
    _later_import(dated_engine, small_frames, pid)
    later = roadmap.TrendProject(project_id=pid, name="x", start=None, as_of=date.today())
    on_d = roadmap.TrendProject(project_id=pid, name="x", start=None, as_of=D)
    with dated_engine.connect() as conn:
        now, then = roadmap.trend(conn, later), roadmap.trend(conn, on_d)
    slipped = now.milestones.set_index("milestone_id")["forecast_date"]
    known_then = then.milestones.set_index("milestone_id")["forecast_date"]
    assert (slipped - known_then).dt.days.eq(90).all()
    imported = now.mta[now.mta["source"] == "import"]
    assert imported.groupby("milestone_id").size().max() >= 2


def test_a_project_closed_the_day_after_counts_as_active_on_the_date(dated_engine, small_frames):
    projects = small_frames["projects"].copy()
    pid = projects.loc[projects["phase"] == "Execution", "project_id"].iloc[0]
    projects.loc[projects["project_id"] == pid, "phase"] = "Closed"
    versioning.commit(dated_engine, {"projects": projects}, source="closed after D")
    with dated_engine.connect() as conn:
        on_d = overview.build(conn, Filters(as_of=D), SETTINGS)
        now = overview.build(conn, Filters(as_of=date.today()), SETTINGS)
    assert now.totals.projects == on_d.totals.projects - 1
    apart = int((~on_d.portfolio["active"]).sum())
    assert apart > 1 and f"{apart} projects closed / on hold" in on_d.caption
    assert f"{apart + 1} projects closed / on hold" in now.caption
    assert pid in set(now.portfolio.loc[~now.portfolio["active"], "project_id"])


def test_the_sample_moves_back_through_the_last_six_meetings(engine, sample_frames):
    """On the seeded sample (its loads before each meeting), each of the last six meetings
    shows its own EAC, milestone forecasts and RAG, as the history says."""
    meetings = pd.to_datetime(sample_frames["meetings"]["meeting_date"]).dt.date
    days = sorted(d for d in meetings if d < D)[-6:]
    seen = []
    with engine.connect() as conn:
        for day in days:
            filters = Filters(as_of=day)
            frame = portfolio.frame(conn, filters, SETTINGS)
            gantt = roadmap.build(conn, filters, SETTINGS).projects
            seen.append(
                (
                    round(frame["eac"].sum()),
                    tuple(gantt.sort_values("project_id")["forecast_end_date"].astype(str)),
                    tuple(frame.sort_values("project_id")["overall_rag"].fillna("none")),
                    known.not_known(conn, filters).project_ids,
                )
            )
    eacs, ends, rags, unknown = zip(*seen, strict=True)
    assert len(set(eacs)) == 6  # the forecasts as they stood, meeting by meeting
    assert len(set(ends)) == 6  # the forecast end dates slipped
    assert len(set(rags)) >= 5  # the reported RAG moved
    # a project that had no version yet is named, never silently shown as today
    assert all(set(ids) <= set(sample_frames["projects"]["project_id"]) for ids in unknown)
