"""Values from data and from the URL are shown as text on every page: a project named like a
link, an image, coloured text or LaTeX, a risk title or a milestone name holding an HTML
link, a link value such as ``?project=[Session expired](http://…)`` — none becomes Markdown.

Every text Streamlit renders as Markdown (``apptest.markdown_texts``) is checked for the marks
that would turn live: an unescaped ``](`` link, a bare ``http://`` (an autolink), ``:red[``,
``$`` or ``<a ``. The escaped value itself is read where the page shows it."""

from __future__ import annotations

import re

import pytest

from steerco.ui.text import literal
from tests.support import apptest
from tests.support.hostile import HOSTILE_NAMES, IMAGE, LINK, SESSION_LINK, make_hostile

#: Marks that would render as a link, an image, an autolink, colour, LaTeX or HTML.
LIVE = re.compile(r"(?<!\\)\]\(|https?://|:red\[|(?<!\\)\$|(?<!\\)<a ")

PAGES = (
    "pages/overview.py",
    "pages/portfolio.py",
    "pages/project.py",
    "pages/risks.py",
    "pages/roadmap.py",
    "pages/finance.py",
    "pages/operations.py",
    "pages/resources.py",
    "pages/demand.py",
    "pages/vendors.py",
    "pages/export.py",
    "pages/data.py",
)


def _live(at) -> list[str]:
    return [text for text in apptest.markdown_texts(at) if LIVE.search(text)]


@pytest.fixture
def hostile_store(app_env) -> str:
    """The app's store with hostile values; returns the first project's id (named LINK)."""
    return make_hostile(app_env)


@pytest.mark.parametrize("page", PAGES[:6])
def test_data_values_are_shown_as_text(hostile_store, page):
    params = {"project": hostile_store} if page.endswith("project.py") else None
    at = apptest.open_page(page, params=params)
    assert not at.exception, [e.value for e in at.exception]
    assert _live(at) == []


def test_the_project_page_title_and_report_read_as_given(hostile_store):
    pid = hostile_store
    at = apptest.open_page("pages/project.py", params={"project": pid})
    assert at.title[0].value == literal(f"{pid} · {LINK} 0")
    texts = apptest.markdown_texts(at)
    assert any(literal(LINK) in t and literal(IMAGE) in t for t in texts)  # the report
    assert _live(at) == []


def test_overview_names_watermelons_and_decisions_as_text(hostile_store):
    at = apptest.open_page("pages/overview.py")
    texts = apptest.markdown_texts(at)
    assert any(any(literal(n) in t for n in HOSTILE_NAMES) for t in texts)
    assert _live(at) == []


def test_an_unknown_project_link_is_named_as_text_in_the_error(app_env):
    at = apptest.open_page("pages/project.py", params={"project": SESSION_LINK})
    (error,) = [e.value for e in at.error]
    assert error == f"There is no project with the id {literal(SESSION_LINK)}."
    assert _live(at) == []


@pytest.mark.parametrize("page", PAGES)
def test_hostile_link_values_are_ignored_as_text_on_every_page(app_env, page):
    link = {
        "as_of": IMAGE,
        "project": SESSION_LINK,
        "programme": LINK,
        "rag": IMAGE,
        "weeks": LINK,
        "service": IMAGE,
        "team": LINK,
        "dept": LINK,
        "sort": LINK,
        "grain": IMAGE,
        "raid_owner": LINK,
    }
    at = apptest.open_page(page, params=link)
    assert not at.exception, [e.value for e in at.exception]
    assert _live(at) == []
    if page != "pages/data.py":  # the Data page has no sidebar filters to read as_of
        warnings = " ".join(w.value for w in at.warning)
        assert f"as_of={literal(IMAGE)}" in warnings
