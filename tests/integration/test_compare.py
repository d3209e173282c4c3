"""Comparing two committee meetings on the sample (SQLite and PostgreSQL): each list recounted
in plain pandas from the raw tables — the versioned ones as known on each date, read from their
history (``recompute.known_on``) — and ``steerco compare --json``."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from data_access.filters import Filters
from steerco.views import compare
from tests.conftest import TEST_AS_OF
from tests.support import cli, recompute

#: Two meetings of the sample, four weeks apart.
START = date(2026, 9, 22)
END = date(2026, 10, 20)
SCOPE = ("Finance",)


@pytest.fixture
def view(engine, settings) -> compare.CompareView:
    with engine.connect() as conn:
        return compare.build(conn, Filters(as_of=TEST_AS_OF), settings, start=START, end=END)


@pytest.fixture
def sides(engine, sample_frames) -> tuple[dict, dict]:
    """The sample as known at the end of START and of END."""
    return (
        recompute.known_on(engine, START, sample_frames),
        recompute.known_on(engine, END, sample_frames),
    )


def _window(values: pd.Series) -> pd.Series:
    return (values > pd.Timestamp(START)) & (values <= pd.Timestamp(END))


def _ids(view: compare.CompareView, key: str, column: str) -> list[str]:
    return sorted(view[key][column])


def _closed_on(raid: pd.DataFrame, day) -> pd.Series:
    raised = raid["raised_date"].isna() | (raid["raised_date"] <= pd.Timestamp(day))
    return raised & ~recompute.open_on(raid, day)


def test_the_two_meetings_show_changes_in_every_kind(view):
    """The sample moves between these meetings: the recounts below compare real lists."""
    for key in ("rag_moves", "milestones_slipped", "milestones_achieved", "risks_raised"):
        assert view.lists[key].count > 0, key
    assert view.lists["decisions"].count > 0
    assert len(view.kpis) == len(compare.LISTS)
    assert view.summary.startswith("From 22 Sep 2026 to 20 Oct 2026")


def test_risks_raised_closed_and_rescored_as_known_on_each_date(view, sides):
    before, after = (side["raid"] for side in sides)
    before = before[before["type"] == "Risk"]
    after = after[after["type"] == "Risk"]
    raised_then = before["raised_date"].isna() | (before["raised_date"] <= pd.Timestamp(START))
    raised_now = after["raised_date"].isna() | (after["raised_date"] <= pd.Timestamp(END))
    on_register_then = set(before.loc[raised_then, "raid_id"])
    raised = after.loc[raised_now & ~after["raid_id"].isin(on_register_then), "raid_id"]
    assert _ids(view, "risks_raised", "raid_id") == sorted(raised)

    closed_then = set(before.loc[_closed_on(before, START), "raid_id"])
    closed = after.loc[_closed_on(after, END) & ~after["raid_id"].isin(closed_then), "raid_id"]
    assert _ids(view, "risks_closed", "raid_id") == sorted(closed)

    open_then = before[recompute.open_on(before, START)].set_index("raid_id")
    open_now = after[recompute.open_on(after, END)].set_index("raid_id")
    both = open_now.index.intersection(open_then.index)
    moved = [
        rid
        for rid in both
        if (open_then.at[rid, "probability"], open_then.at[rid, "impact"])
        != (open_now.at[rid, "probability"], open_now.at[rid, "impact"])
    ]
    assert _ids(view, "risks_rescored", "raid_id") == sorted(moved)
    found = view["risks_rescored"].set_index("raid_id")
    for rid in moved:
        was = open_then.at[rid, "probability"] * open_then.at[rid, "impact"]
        now = open_now.at[rid, "probability"] * open_now.at[rid, "impact"]
        assert found.at[rid, "score_change"] == now - was


def test_milestones_slipped_and_achieved_as_known_on_each_date(view, sides):
    before, after = (side["milestones"].set_index("milestone_id") for side in sides)
    achieved = after.index[_window(after["actual_date"])]
    assert _ids(view, "milestones_achieved", "milestone_id") == sorted(achieved)

    open_then = before[before["actual_date"].isna()]
    common = open_then.index.intersection(after.index)
    slip = (after.loc[common, "forecast_date"] - open_then.loc[common, "forecast_date"]).dt.days
    assert _ids(view, "milestones_slipped", "milestone_id") == sorted(slip.index[slip > 0])
    found = view["milestones_slipped"].set_index("milestone_id")["slip_days"]
    assert found.to_dict() == slip[slip > 0].to_dict()


def test_overall_rag_moves_from_the_raw_status_reports(view, sample_frames):
    reports = sample_frames["status_reports"]
    was = recompute.latest_reports(reports, START).set_index("project_id")["overall_rag"]
    now = recompute.latest_reports(reports, END).set_index("project_id")["overall_rag"]
    expected = {
        pid: ("new" if pid not in was.index else "moved")
        for pid, rag in now.items()
        if pid not in was.index or was[pid] != rag
    }
    overall = view["rag_moves"].loc[lambda f: f["dimension"] == "overall"]
    assert sorted(overall["project_id"]) == sorted(expected)
    assert sorted(overall.loc[overall["change"] == "new", "project_id"]) == sorted(
        pid for pid, kind in expected.items() if kind == "new"
    )
    for row in overall.itertuples():
        assert row.now == now[row.project_id]


def test_budget_and_eac_changes_over_the_threshold(view, sides):
    # on each date, as known then: the approved budget; the EAC = actuals booked up to that
    # month + forecast from it on
    budgets, eacs = [], []
    for side, day in zip(sides, (START, END), strict=True):
        budgets.append(side["projects"].set_index("project_id")["approved_budget"])
        figures = recompute.money_to_date(side["financials"], day)
        eacs.append((figures["ac_booked"] + figures["remaining_forecast"]).fillna(0.0))

    def over(was: pd.Series, now: pd.Series) -> set[str]:
        change = (now - was.reindex(now.index)).dropna()
        share = change.abs() / was.reindex(change.index).abs() * 100
        hits = (change.abs() >= compare.rules.MONEY_CHANGE_MIN) & (
            share.isna() | (share >= compare.rules.MONEY_CHANGE_PCT)
        )
        return set(change.index[hits])

    expected = over(*budgets) | over(*eacs)
    assert expected  # the sample moves some
    assert set(view["money_changes"]["project_id"]) == expected
    found = view["money_changes"].set_index("project_id")
    for pid in expected:
        assert found.at[pid, "eac_now"] == pytest.approx(eacs[1].get(pid, 0.0))


def test_decisions_actions_and_projects_from_the_raw_tables(view, sample_frames, sides):
    decisions = sample_frames["decisions"]
    taken = decisions.loc[_window(decisions["meeting_date"]), "decision_id"]
    assert _ids(view, "decisions", "decision_id") == sorted(taken)

    actions = sample_frames["actions"]
    closed = actions.loc[_window(actions["closed_date"]), "action_id"]
    assert _ids(view, "actions_closed", "action_id") == sorted(closed)
    end = pd.Timestamp(END)
    still_open = actions["closed_date"].isna() | (actions["closed_date"] > end)
    overdue = actions.loc[
        (actions["raised_meeting"] < end)
        & still_open
        & (actions["due_date"] < end)
        & (actions["due_date"] >= pd.Timestamp(START)),
        "action_id",
    ]
    assert _ids(view, "actions_overdue", "action_id") == sorted(overdue)

    before, after = (side["projects"] for side in sides)
    started = after.loc[_window(after["start_date"]), "project_id"]
    assert _ids(view, "projects_started", "project_id") == sorted(started)
    closed_then = set(before.loc[before["phase"] == "Closed", "project_id"])
    closed_now = after.loc[after["phase"] == "Closed", "project_id"]
    assert _ids(view, "projects_closed", "project_id") == sorted(set(closed_now) - closed_then)


def test_a_scoped_viewer_sees_only_the_changes_of_their_projects(engine, settings, sample_frames):
    projects = sample_frames["projects"]
    mine = set(projects.loc[projects["portfolio"].isin(SCOPE), "project_id"])
    scoped = Filters(as_of=TEST_AS_OF).within(SCOPE, ())
    with engine.connect() as conn:
        view = compare.build(conn, scoped, settings, start=START, end=TEST_AS_OF)
        whole = compare.build(
            conn, Filters(as_of=TEST_AS_OF), settings, start=START, end=TEST_AS_OF
        )
    for key, found in view.lists.items():
        ids = set(found.frame["project_id"].dropna())
        assert ids <= mine, key
        every = whole.lists[key].frame
        assert ids == set(every["project_id"].dropna()) & mine, key
    assert sum(found.count for found in view.lists.values()) < sum(
        found.count for found in whole.lists.values()
    )


def test_steerco_compare_json_is_the_view(capsys, store_url, view):
    code, out, err = cli.run(
        capsys, "compare", "--from", START, "--to", END, "--json", "--db", store_url
    )
    assert code == 0, err
    document = json.loads(out)
    assert (document["from"], document["to"]) == ("2026-09-22", "2026-10-20")
    assert document["schema_version"] == compare.SCHEMA_VERSION
    assert document["counts"] == {key: found.count for key, found in view.lists.items()}
    for key, found in view.lists.items():
        assert len(document[key]) == found.count
        assert set(compare.JSON_FIELDS[key]) <= set(document[key][0]) if found.count else True
    move = document["rag_moves"][0]
    assert move["change"] in ("worse", "better", "new") and move["now"] in ("G", "A", "R")
    decision = document["decisions"][0]
    assert decision["meeting_date"] == "2026-10-20"


def test_steerco_compare_defaults_to_the_last_meeting_and_says_so_in_text(capsys, store_url):
    code, out, err = cli.run(capsys, "compare", "--to", TEST_AS_OF, "--db", store_url)
    assert code == 0, err
    cli.no_traceback(out, err)
    assert out.startswith("From 20 Oct 2026 to 16 Nov 2026:")
    assert "\nRAG moves (" in out and "\nDecisions taken (" in out


def test_steerco_compare_refuses_a_window_backwards(capsys, store_url):
    code, out, err = cli.run(
        capsys, "compare", "--from", END, "--to", START, "--json", "--db", store_url
    )
    assert code == 2
    assert "--from date before 2026-09-22" in err
    cli.no_traceback(out, err)


def test_a_project_filter_narrows_every_list_decisions_and_actions_too(
    engine, settings, sample_frames
):
    projects = sample_frames["projects"]
    chosen = set(projects.loc[projects["portfolio"] == "IT", "project_id"])
    filters = Filters(as_of=TEST_AS_OF, portfolio=("IT",))
    with engine.connect() as conn:
        view = compare.build(conn, filters, settings, start=date(2026, 6, 2), end=TEST_AS_OF)
    decisions = sample_frames["decisions"]
    expected = decisions.loc[
        decisions["project_id"].isin(chosen)
        & (decisions["meeting_date"] > pd.Timestamp(2026, 6, 2))
        & (decisions["meeting_date"] <= pd.Timestamp(TEST_AS_OF)),
        "decision_id",
    ]
    assert _ids(view, "decisions", "decision_id") == sorted(expected)
    for key, found in view.lists.items():
        assert set(found.frame["project_id"]) <= chosen, key  # no portfolio-level row either
