"""Any as-of date in a link renders every page without an error: a date before the store's
first data or after today is moved into the data's span, and the page says so."""

from __future__ import annotations

import pytest

from data_access import engine as store_engine
from data_access import queries
from data_access.filters import today
from steerco.ui.text import WORD_JOINER
from tests.support import apptest

PAGES = (
    "pages/overview.py",
    "pages/portfolio.py",
    "pages/finance.py",
    "pages/risks.py",
    "pages/roadmap.py",
    "pages/operations.py",
    "pages/resources.py",
    "pages/vendors.py",
    "pages/demand.py",
    "pages/export.py",
)
NOTES = {
    "1900-01-01": "The store has no data before",
    "9999-12-31": "is after today: the figures are today's",
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("day", ["1900-01-01", "9999-12-31"])
def test_an_extreme_date_in_a_link_renders_the_page(app_env, page, day):
    at = apptest.open_page(page, link={"as_of": day})
    apptest.no_error(at)
    assert any(NOTES[day] in box.value for box in at.info), [box.value for box in at.info]


@pytest.mark.parametrize("day", ["1900-01-01", "9999-12-31"])
def test_an_extreme_date_opens_a_project(app_env, day):
    at = apptest.open_page("pages/project.py", link={"as_of": day, "project": "PRJ-004"})
    apptest.no_error(at)
    assert at.title[0].value.startswith("PRJ-004")
    assert any(NOTES[day] in box.value for box in at.info)


def test_a_date_inside_the_data_has_no_note(app_env):
    at = apptest.open_page("pages/overview.py", link={"as_of": "2026-06-30"})
    apptest.no_error(at)
    assert not any("figures are" in box.value for box in at.info)


@pytest.fixture(scope="module")
def last_meeting(app_db_path):
    """The latest committee meeting before today in the app's store."""
    engine = store_engine.create_engine(f"sqlite:///{app_db_path}")
    days = queries.meetings(engine)["meeting_date"].dt.date
    engine.dispose()
    return max(d for d in days if d < today())


@pytest.mark.parametrize("page", PAGES)
def test_a_meeting_date_renders_the_page_without_a_note(app_env, page, last_meeting):
    at = apptest.open_page(page, link={"as_of": last_meeting.isoformat()})
    apptest.no_error(at)
    assert not any("figures are" in box.value for box in at.info)


def test_a_hostile_link_value_is_shown_as_text(app_env):
    at = apptest.open_page(link={"programme": "**urgent** [click](https://example.org)"})
    apptest.no_error(at)
    (warning,) = [w.value for w in at.warning if "in the link" in w.value]
    # escaped, and a word joiner stops the autolink: shown, not rendered
    assert rf"\*\*urgent\*\* \[click\](https:{WORD_JOINER}//example.org)" in warning


def test_before_the_first_meeting_the_overview_says_there_is_nothing_to_compare(app_env):
    at = apptest.open_page(link={"as_of": "1900-01-01"})
    apptest.no_error(at)
    captions = " ".join(c.value for c in at.caption)
    assert "no committee meeting before this date" in captions
    assert "No committee meeting before this date to compare with." in captions
