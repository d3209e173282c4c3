"""The "Compare" section (steerco.ui.compare) run by AppTest on the seeded sample: the date
pair picked from the meetings, the counts as tiles and a table per list that holds rows."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from data_access.filters import Filters
from steerco.views import compare as views
from tests.support.apptest import TIMEOUT_S


def _page() -> None:
    import os
    from datetime import date

    from data_access import engine
    from data_access.filters import Filters
    from steerco.config import Settings
    from steerco.ui import compare
    from steerco.views import compare as views

    meetings = [date.fromisoformat(d) for d in os.environ["CMP_MEETINGS"].split(",") if d]
    today = date.fromisoformat(os.environ["CMP_TODAY"])
    picked = compare.pick_dates(meetings, today=today)
    if picked:
        eng = engine.create_engine(os.environ["CMP_DB"])
        with eng.connect() as conn:
            start, end = picked
            view = views.build(conn, Filters(as_of=end), Settings(), start=start, end=end)
        eng.dispose()
        compare.section(view)


MEETINGS = "2026-08-25,2026-09-22,2026-10-20,2026-11-17"


@pytest.fixture
def page(monkeypatch, sqlite_url, as_of):
    monkeypatch.setenv("CMP_DB", sqlite_url)
    monkeypatch.setenv("CMP_TODAY", as_of.isoformat())
    monkeypatch.setenv("CMP_MEETINGS", MEETINGS)
    return AppTest.from_function(_page, default_timeout=TIMEOUT_S)


def _tables(at) -> int:
    return len(at.dataframe)


def test_the_last_meeting_against_today_by_default(page):
    at = page.run()
    assert not at.exception
    start, end = at.selectbox
    assert start.value.isoformat() == "2026-10-20"  # the last meeting before today
    assert end.value.isoformat() == "2026-11-16"  # today; the meeting of 17 Nov is not offered
    assert [o for o in end.options] == ["today (16 Nov 2026)"]
    assert len(at.metric) == len(views.LISTS)
    assert at.caption[0].value.startswith("From 20 Oct 2026 to 16 Nov 2026")


def test_two_meetings_compared_show_a_table_per_list_with_rows(page, sqlite_engine, settings):
    at = page.run()
    at.selectbox(key="cmp_from").select_index(1).run()  # 22 Sep 2026
    at.selectbox(key="cmp_to").select_index(1).run()  # the meeting of 20 Oct 2026
    assert not at.exception
    with sqlite_engine.connect() as conn:
        view = views.build(
            conn,
            Filters(as_of=date(2026, 10, 20)),
            settings,
            start=date(2026, 9, 22),
            end=date(2026, 10, 20),
        )
    with_rows = [found for found in view.lists.values() if found.count]
    assert _tables(at) == len(with_rows)
    assert [h.value for h in at.subheader] == [
        f"{found.title} ({found.count})" for found in with_rows
    ]
    assert [m.value for m in at.metric] == [str(found.count) for found in view.lists.values()]


def test_no_meeting_before_today_says_so(page, monkeypatch):
    monkeypatch.setenv("CMP_MEETINGS", "2026-11-17")
    at = page.run()
    assert not at.exception
    assert not at.selectbox
    assert at.caption[0].value == "No committee meeting before today to compare with."
