"""The Roadmap view on the seeded sample: the KPI tiles, the summary, the milestone tables and
the trend project, against plain pandas on the raw projects and milestones."""

from __future__ import annotations

import pandas as pd

from data_access.filters import Filters
from steerco.analytics import roadmap as rm
from steerco.views import display
from steerco.views import roadmap as views


def test_kpis_count_projects_late_ones_slipped_milestones_and_gates(
    conn, filters, settings, sample_frames, as_of
):
    view = views.build(conn, filters, settings)
    projects, ms = sample_frames["projects"], sample_frames["milestones"]
    day = pd.Timestamp(as_of)
    open_now = ms["actual_date"].isna() | (ms["actual_date"] > day)
    slipped = open_now & (ms["forecast_date"] > ms["baseline_date"])
    gates = ms[ms["is_gate"].astype(bool) & open_now]
    horizon = day + pd.Timedelta(days=rm.GATE_HORIZON_DAYS)
    due, overdue = (gates["forecast_date"] <= horizon), (gates["forecast_date"] < day)
    tiles = {k.label: k for k in view.kpis}
    assert {label: k.value for label, k in tiles.items()} == {
        "Projects": str(len(projects)),
        "Late vs baseline": str(
            (projects["forecast_end_date"] > projects["baseline_end_date"]).sum()
        ),
        "Slipped milestones": str(slipped.sum()),
        f"Gates due in {rm.GATE_HORIZON_DAYS} days": str((due & ~overdue).sum()),
    }
    gate_tile = tiles[f"Gates due in {rm.GATE_HORIZON_DAYS} days"]
    assert gate_tile.delta == (f"{overdue.sum()} overdue" if overdue.any() else None)


def test_summary_names_what_the_gantt_cannot_show(conn, filters, settings, sample_frames):
    view = views.build(conn, filters, settings, sort="end", cap=7)
    total = len(sample_frames["projects"])
    hidden = total - 7 - view.undated
    assert view.summary.startswith(f"7 of {total} projects shown (next to finish first).")
    assert f"{hidden} more are hidden: the roadmap draws at most 7 rows" in view.summary


def test_tables_label_projects_gates_and_slips(conn, filters, settings):
    view = views.build(conn, filters, settings)
    slipped = views.slipped_table(view.slipped)
    assert list(slipped.columns) == list(display.kinds(views.SLIPPED_COLUMNS))
    first = view.slipped.iloc[0]
    assert slipped.loc[0, "Project"] == f"{first['project_id']} · {first['project_name']}"
    assert slipped.loc[0, "Milestone"].endswith(str(first["name"]))
    assert slipped.loc[0, "Milestone"].startswith("◆ ") == bool(first["is_gate"])
    assert slipped["Slip"].tolist() == view.slipped["slip_days"].astype(float).tolist()
    assert set(slipped["Project status"]) <= {"Green", "Amber", "Red", "No report"}
    gates = views.gates_table(view.gates_due)
    words = [views.due_words(d) for d in view.gates_due["days_to_due"]]
    assert gates["When"].tolist() == words
    assert views.due_words(-12) == "⚠ Overdue by 12 d" and views.due_words(0) == "Today"


def test_trend_of_a_wanted_project_or_the_top_row(conn, filters, settings, sample_frames):
    view = views.build(conn, filters, settings)
    top = view.gantt["project_id"].iloc[0]
    assert view.trend_project("PRJ-999").project_id == top
    pid = "PRJ-004"
    project = view.trend_project(pid)
    row = sample_frames["projects"].set_index("project_id").loc[pid]
    assert (project.name, project.start) == (row["name"], row["start_date"].date())
    trend = views.trend(conn, project)
    ms = sample_frames["milestones"]
    assert sorted(trend.milestones["milestone_id"]) == sorted(
        ms.loc[ms["project_id"] == pid, "milestone_id"]
    )
    assert set(trend.mta["milestone_id"]) <= set(trend.milestones["milestone_id"])


def test_nothing_matching_is_empty(conn, settings):
    view = views.build(conn, Filters(programme=("No such programme",)), settings)
    assert view.is_empty and view.trend_project(None) is None
