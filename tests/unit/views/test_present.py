"""Presentation mode's screens for the sample's next meeting: one screen per red and per
watermelon project (the red ones recomputed in plain pandas from the raw status reports), the
decisions spread over screens with none left out, and the summary's outline pointing at the
right screens."""

from __future__ import annotations

import pytest

from data_access import meetings as records
from steerco.views import present
from tests.support import recompute


@pytest.fixture(scope="module")
def view(sqlite_engine, filters, settings, as_of):
    with sqlite_engine.connect() as conn:
        days = sorted(records.meetings(conn)["meeting_date"])
        day = min(d for d in days if d >= as_of)
        scoped = filters.counting(settings.reporting.counted_states)
        return present.build(conn, scoped, settings, day=day, today=as_of)


def _red(frames, as_of, counted) -> set[str]:
    """Projects whose latest counted report on the date says Red (plain pandas)."""
    reports = frames["status_reports"]
    reports = reports[reports["state"].isin(counted)]
    latest = recompute.latest_reports(reports, as_of)
    return set(latest.loc[latest["overall_rag"] == "R", "project_id"])


def test_one_screen_per_red_and_per_watermelon_project(view, sample_frames, as_of, settings):
    screens = [s for s in view.screens if s.kind == present.PROJECT]
    ids = [s.project.project_id for s in screens]
    assert len(ids) == len(set(ids))
    red = _red(sample_frames, as_of, settings.reporting.counted_states)
    assert red and red <= set(ids)
    others = [s.project for s in screens if s.project.project_id not in red]
    assert others, "the sample has watermelons"
    for shown in others:  # reported amber or green, the figures say red
        assert shown.alert and shown.alert.startswith("Reported ")
        assert "but the figures say Red" in shown.alert


def test_screens_follow_the_agenda_in_order(view):
    kinds = [s.kind for s in view.screens]
    assert kinds[0] == present.SUMMARY and kinds[1] == present.CHANGES
    assert kinds[-2:] == [present.ACTIONS, present.AOB]
    order = [present.SUMMARY, present.CHANGES, present.PROJECT, present.DECISIONS]
    firsts = [kinds.index(k) for k in order]
    assert firsts == sorted(firsts)


def test_every_decision_asked_is_on_a_screen_and_none_is_crowded(
    view, sample_frames, as_of, settings
):
    shown = [line for s in view.screens if s.kind == present.DECISIONS for line in s.lines]
    asked = recompute.decisions_asked(sample_frames, as_of, settings.stale_report_days)
    assert len(shown) == asked
    for screen in view.screens:
        if screen.kind == present.DECISIONS:
            assert 1 <= len(screen.lines) <= present.DECISION_ROOM


def test_a_project_screen_says_why_and_what_is_asked(view, sample_frames, as_of):
    first = next(s.project for s in view.screens if s.kind == present.PROJECT)
    reports = sample_frames["status_reports"]
    latest = recompute.latest_reports(reports, as_of).set_index("project_id").loc[first.project_id]
    assert first.why == present.cut(latest["summary"], present.WHY_CHARS)
    assert len(first.milestones) <= present.PROJECT_MILESTONES
    assert list(first.milestones.columns) == list(present.MILESTONE_COLUMNS)


def test_the_summary_points_at_each_part(view):
    summary = view.screens[0]
    decisions = view.index(present.DECISIONS)
    line = next(x for x in summary.lines if x.title == "Decisions asked")
    assert line.detail.endswith(f"screen {decisions}")
    for each in summary.lines:  # "1 item", "3 items", "0 items": never "item(s)"
        count = int(each.detail.split()[0])
        assert each.detail.split(",")[0] == f"{count} item{'' if count == 1 else 's'}"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [("short text", 20, "short text"), ("one two three four", 12, "one two…"), (None, 5, "")],
)
def test_cut_stops_at_a_word(text, limit, expected):
    assert present.cut(text, limit) == expected
    assert len(present.cut(text, limit)) <= limit
