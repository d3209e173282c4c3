"""The Overview view on the seeded sample: KPI tiles and what changed, against plain pandas on
the raw tables; display tables of small hand-made frames."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from steerco import fmt
from steerco.views import display, overview
from tests.support import recompute


@pytest.fixture(scope="module")
def expected(sample_frames, as_of, settings):
    projects = recompute.counted(sample_frames["projects"])
    latest = recompute.latest_reports(sample_frames["status_reports"], as_of).set_index(
        "project_id"
    )
    rag = latest["overall_rag"].reindex(projects["project_id"]).fillna("none")
    return {
        "projects": len(projects),
        "by_rag": {code: int((rag == code).sum()) for code in ("R", "A", "G", "none")},
        "approved_budget": float(projects["approved_budget"].sum()),
        "decisions": recompute.decisions_asked(sample_frames, as_of, settings.stale_report_days),
        "overdue": recompute.committee_actions_on(sample_frames["actions"], as_of).query("overdue"),
    }


@pytest.fixture(scope="module")
def view(sqlite_engine, filters, settings):
    with sqlite_engine.connect() as conn:
        return overview.build(conn, filters, settings)


def test_totals_match_the_raw_tables(view, expected):
    totals = view.totals
    assert totals.projects == expected["projects"]
    assert totals.by_rag == expected["by_rag"]
    assert totals.red == expected["by_rag"]["R"] > 0
    assert totals.approved_budget == pytest.approx(expected["approved_budget"])
    assert totals.decisions == expected["decisions"] == len(view.decisions)


def test_kpi_tiles_show_the_totals(view, expected, settings):
    tiles = {k.label: k for k in view.kpis}
    assert list(tiles) == [
        "Projects",
        "Red projects",
        "EAC",
        "Watermelons",
        "Stale reports",
        "Decisions required",
        "Overdue actions",
    ]
    assert view.kpis[overview.RED_KPI].label == "Red projects"
    assert tiles["Projects"].value == str(expected["projects"])
    assert tiles["Red projects"].value == str(expected["by_rag"]["R"])
    assert tiles["Decisions required"].value == str(expected["decisions"])
    budget = fmt.money(expected["approved_budget"], settings.currency)
    assert tiles["EAC"].help.endswith(f"against the budget of {budget}")
    assert tiles["EAC"].value == fmt.money(view.totals.eac, settings.currency)
    assert tiles["Watermelons"].value == str(view.totals.watermelons)
    assert f"older than {settings.stale_report_days} days" in tiles["Stale reports"].help
    assert tiles["Overdue actions"].value == str(len(expected["overdue"]))
    assert tiles["Overdue actions"].help.startswith("Actions the committee asked in earlier")


def test_overdue_actions_are_the_committee_s_open_ones_past_due(view, expected):
    overdue = expected["overdue"]
    # the sample keeps three actions of earlier meetings open past their due date
    assert view.totals.overdue_actions == len(overdue) == 3
    assert sorted(view.overdue_actions["action_id"]) == sorted(overdue["action_id"])
    days = view.overdue_actions.set_index("action_id")["days_overdue"].sort_index()
    assert days.tolist() == overdue.set_index("action_id")["days_overdue"].sort_index().tolist()
    assert view.actions["status_on"].isin(["Open", "Done", "Dropped"]).all()


def test_actions_on_a_day_as_they_stood_then():
    day = date(2026, 9, 1)
    actions = pd.DataFrame(
        {
            "action_id": ["A1", "A2", "A3", "A4", "A5", "A6"],
            "raised_meeting": [date(2026, 7, 1)] * 3
            + [date(2026, 9, 1), date(2026, 9, 29), date(2026, 8, 1)],
            "due_date": [
                date(2026, 8, 1),  # A1 past due, done on time
                date(2026, 8, 1),  # A2 past due, dropped only after the day: overdue then
                date(2026, 8, 31),  # A3 open, one day late
                date(2026, 9, 15),  # A4 raised on the day
                date(2026, 10, 15),  # A5 raised after the day: not known then
                date(2026, 9, 1),  # A6 due on the day: not late yet
            ],
            "status": ["Done", "Dropped", "Open", "Open", "Open", "Open"],
            "closed_date": [date(2026, 8, 1), date(2026, 9, 10), None, None, None, None],
            "closed_meeting": [date(2026, 8, 25), date(2026, 9, 29), None, None, None, None],
        }
    )
    got = overview.actions_on(actions, day).set_index("action_id")
    assert list(got.index) == ["A1", "A2", "A3", "A4", "A6"]
    assert got["status_on"].to_dict() == {
        "A1": "Done",
        "A2": "Open",  # dropped only after the day
        "A3": "Open",
        "A4": "Open",
        "A6": "Open",
    }
    assert got["open"].to_dict() == {"A1": False, "A2": True, "A3": True, "A4": True, "A6": True}
    assert got["overdue"].to_dict() == {
        "A1": False,
        "A2": True,
        "A3": True,
        "A4": False,
        "A6": False,
    }
    assert got["days_overdue"].to_dict() == {"A1": 0, "A2": 31, "A3": 1, "A4": 0, "A6": 0}
    assert got.loc["A2", "closed_date"] is None and got.loc["A2", "closed_meeting"] is None
    assert got.loc["A1", "closed_date"] == date(2026, 8, 1)


def test_a_programme_filter_narrows_the_committee_s_record(conn, filters, settings):
    whole = overview.build(conn, filters, settings)
    programme = whole.actions.merge(whole.portfolio[["project_id", "programme"]], on="project_id")[
        "programme"
    ].mode()[0]
    view = overview.build(conn, filters.with_(programme=(programme,)), settings)
    mine = set(view.portfolio["project_id"])
    assert set(view.actions["project_id"]) <= mine and not view.actions.empty
    assert set(view.committee_decisions["project_id"]) <= mine
    assert len(view.actions) < len(whole.actions)
    assert view.totals.overdue_actions == int(view.actions["overdue"].sum())


def test_changes_since_the_last_meeting(view, sample_frames, as_of):
    meetings = pd.to_datetime(sample_frames["meetings"]["meeting_date"])
    since = meetings[meetings < pd.Timestamp(as_of)].max().date()
    assert view.last_meeting == since
    assert view.caption.startswith(
        f"As of {fmt.day(as_of)} · compared with the committee of {fmt.day(since)}. "
    )
    reports = sample_frames["status_reports"]
    before = recompute.latest_reports(reports, since).set_index("project_id")["overall_rag"]
    now = recompute.latest_reports(reports, as_of).set_index("project_id")["overall_rag"]
    moved = now[now.ne(before.reindex(now.index))]
    assert sorted(view.changes["project_id"]) == sorted(moved.index)
    assert view.changes_table["Now"].tolist() == [
        {"R": "Red", "A": "Amber", "G": "Green"}[code] for code in view.changes["current_rag"]
    ]


def test_watermelons_most_severe_first_with_a_line_each(view):
    assert len(view.watermelons) == view.totals.watermelons > overview.OVERVIEW_WATERMELON_LINES
    variance = view.watermelons["budget_variance_pct"]
    assert variance.is_monotonic_decreasing
    pid, why = view.watermelon_lines[0]
    assert pid == view.watermelons["project_id"].iloc[0]
    assert why.startswith(f"{view.watermelons['name'].iloc[0]} — reported ")
    assert "figures: budget +" in why
    assert len(view.watermelon_lines) == overview.OVERVIEW_WATERMELON_LINES
    hidden = view.totals.watermelons - overview.OVERVIEW_WATERMELON_LINES
    assert view.watermelons_more == f"and {hidden} more, flagged ◐ in the portfolio"


def test_top_risks_and_milestones_due(view, settings, sample_frames, as_of):
    assert len(view.top_risks) == settings.top_risks
    assert view.top_risks["score"].is_monotonic_decreasing
    assert list(view.risks_table.columns) == list(display.kinds(overview.RISK_COLUMNS))
    horizon = pd.Timestamp(as_of + timedelta(days=settings.milestone_horizon_days))
    ms = sample_frames["milestones"]
    due = ms[ms["actual_date"].isna() & (ms["forecast_date"] <= horizon)]
    assert sorted(view.milestones_due["name"]) == sorted(due["name"])
    overdue = (due["forecast_date"] < pd.Timestamp(as_of)).sum()
    assert (view.milestones_table["When"] == "⚠ Overdue").sum() == overdue
    assert list(view.milestones_table.columns) == list(display.kinds(overview.DUE_COLUMNS))
    assert view.milestones_title == (
        f"Milestones due in {settings.milestone_horizon_days} days or overdue"
    )


def test_display_tables_use_words():
    changes = pd.DataFrame(
        {
            "project_id": ["P1", "P2"],
            "name": ["One", "Two"],
            "previous_rag": ["G", None],
            "current_rag": ["R", "A"],
            "change": ["worse", "new"],
        }
    )
    out = overview.changes_table(changes)
    assert out.to_dict("list") == {
        "ID": ["P1", "P2"],
        "Project": ["One", "Two"],
        "Was": ["Green", "No report"],
        "Now": ["Red", "Amber"],
        "Change": ["▼ Worse", "● New"],
    }
    decisions = pd.DataFrame(
        {
            "project_id": [None],
            "project_name": [None],
            "decision": ["Approve"],
            "date": [pd.Timestamp("2026-01-01")],
            "source": ["RAID log"],
        }
    )
    out = overview.decisions_table(decisions)
    assert out[["Project", "Decision asked", "Source"]].iloc[0].tolist() == [
        "Portfolio level",
        "Approve",
        "RAID log",
    ]


def test_a_filter_matching_nothing_gives_an_empty_view(conn, filters, settings):
    view = overview.build(conn, filters.with_(programme=("no such programme",)), settings)
    assert view.is_empty
    assert view.totals.projects == view.totals.decisions == 0
    assert view.decisions_table.empty and view.watermelon_lines == []
