"""The pack's carried-forward slides without a browser: what the committee carries forward
on a day after deferring decisions, and the layout of long lists over several slides."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import pytest

from steerco.exports import pack
from steerco.exports import pptx_parts as pp
from steerco.views import overview
from tests.support import recompute


def _texts(slide) -> str:
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def _rows(slide) -> list[list[list[str]]]:
    return [
        [[c.text for c in row.cells] for row in s.table.rows] for s in slide.shapes if s.has_table
    ]


@pytest.fixture(scope="module")
def after_deferral(sample_frames):
    """The day after the last meeting that deferred a decision (before the sample's date)."""
    decisions = sample_frames["decisions"]
    deferred = decisions.loc[decisions["outcome"] == "Deferred", "meeting_date"]
    return (deferred.max() + timedelta(days=1)).date()


def _carried(view: overview.OverviewView, settings, filters) -> list:
    """The carried-forward slides of ``view`` (no chart on them: no browser needed)."""
    prs = pp.new_presentation()
    ctx = pack.PackContext(
        prs, view, settings, filters, None, "test", datetime(2026, 1, 1), "sub", lambda *_: None
    )
    pack.carried_forward_slides(ctx)
    return list(prs.slides)


def test_deferred_decisions_come_back_on_the_slide(
    conn, filters, settings, sample_frames, after_deferral
):
    day = after_deferral
    on_day = filters.with_(as_of=day)
    slides = _carried(overview.build(conn, on_day, settings), settings, on_day)
    assert [pp.slide_title(s) for s in slides] == ["Actions from the last meeting"]
    decisions = sample_frames["decisions"]
    back = decisions[recompute.deferred_back(decisions, day)]
    assert not back.empty, "the sample defers decisions that come back"
    *_, deferred = _rows(slides[0])
    header, *body = deferred
    assert header == ["Deferred on", "Project", "Decision deferred"]
    assert sorted(r[2] for r in body) == sorted(back["question"])
    last = pd.Timestamp(day - timedelta(days=1))
    raised = sample_frames["actions"]
    raised = raised[raised["raised_meeting"] == last]
    first, *_ = _rows(slides[0])
    assert sorted(r[0] for r in first[1:]) == sorted(raised["action_id"])
    # the day after the meeting nothing it asked is due yet, whatever happened later
    assert {r[5] for r in first[1:]} == {"Open"}
    assert f"Raised at the committee of {last:%d %b %Y}" in _texts(slides[0])


def _block(rows: int, text: str = "x" * 100) -> pack.Block:
    table = pd.DataFrame({"ID": [f"A{i}" for i in range(rows)], "Action": [text] * rows})
    lines = pack._wrapped(table["Action"], pack.ACTION_LINE_CHARS)
    return pack.Block("Heading", table, "None.", (1, 4), lines=lines)


def test_long_lists_go_on_to_more_slides_and_none_runs_off_one():
    room = pp.SLIDE_HEIGHT - pp.BODY_TOP - pack.BODY_BOTTOM_MARGIN
    blocks = [_block(3, "short"), _block(25), _block(0)]
    pages = pack.layout_blocks(blocks, room)
    assert len(pages) > 1
    for page in pages:
        assert sum(block.height(start, rows) for block, start, rows in page) <= room
    shown = [(id(block), start, rows) for page in pages for block, start, rows in page]
    per_block = {id(b): sum(r for i, _, r in shown if i == id(b)) for b in blocks}
    assert per_block == {id(blocks[0]): 3, id(blocks[1]): 25, id(blocks[2]): 0}
    # the rows come in order, each once
    starts = [start for page in pages for block, start, _ in page if block is blocks[1]]
    assert starts == sorted(starts) and starts[0] == 0
    assert pages[-1][-1][0] is blocks[2], "the empty block keeps its one line"


def test_a_continued_table_repeats_its_heading(conn, filters, settings):
    view = overview.build(conn, filters, settings)
    many = pd.concat([view.actions.assign(overdue=True, days_overdue=5)] * 3, ignore_index=True)
    many["action_id"] = [f"ACT-{i}" for i in range(len(many))]
    view.actions = many
    slides = _carried(view, settings, filters)
    titles = [pp.slide_title(s) for s in slides]
    assert titles == [
        f"Actions from the last meeting ({i}/{len(slides)})" for i in range(1, len(slides) + 1)
    ]
    assert "Still open and overdue from earlier meetings (continued)" in _texts(slides[1])
    listed = [
        r[0] for s in slides for table in _rows(s) for r in table[1:] if r[0].startswith("ACT-")
    ]
    overdue_earlier = many[pd.to_datetime(many["raised_meeting"]) < pd.Timestamp(view.last_meeting)]
    of_last = many[pd.to_datetime(many["raised_meeting"]) == pd.Timestamp(view.last_meeting)]
    assert sorted(listed) == sorted([*overdue_earlier["action_id"], *of_last["action_id"]])
