"""Values from data and from the URL are shown as text on every page: a project named like a
link, an image, coloured text or LaTeX, a risk title or a milestone name holding an HTML
link, a link value such as ``?project=[Session expired](http://…)`` — none becomes Markdown.

Every text Streamlit renders as Markdown (``apptest.markdown_texts``) is checked for the marks
that would turn live: an unescaped ``](`` link, a bare ``http://`` (an autolink), ``:red[``,
``$`` or ``<a ``. The escaped value itself is read where the page shows it."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from data_access import engine as store_engine
from steerco.ui.text import literal
from tests.support import apptest

LINK = "[click](http://evil.example)"
IMAGE = "![x](http://evil.example/x.png)"
HOSTILE_NAMES = (LINK, IMAGE, ":red[alert]", "$x^2$")
HTML_LINK = '<a href="http://evil.example">m</a>'
SESSION_LINK = "[Session expired](http://evil.example)"
#: Marks that would render as a link, an image, an autolink, colour, LaTeX or HTML.
LIVE = re.compile(r"(?<!\\)\]\(|https?://|(?<![\\\u2060]):red\[|:red\[|(?<!\\)\$|(?<!\\)<a ")

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
    """The sample with hostile project names, risk titles, owners, milestone names, report
    texts and a programme name."""
    eng = store_engine.create_engine(app_env)
    with eng.begin() as conn:
        ids = [r[0] for r in conn.execute(sa.text("SELECT project_id FROM projects"))]
        for i, pid in enumerate(sorted(ids)):
            name = f"{HOSTILE_NAMES[i % len(HOSTILE_NAMES)]} {i}"
            conn.execute(
                sa.text("UPDATE projects SET name = :n WHERE project_id = :p"),
                {"n": name, "p": pid},
            )
        conn.execute(sa.text("UPDATE projects SET programme = :p"), {"p": LINK})
        conn.execute(sa.text("UPDATE raid SET title = :t, owner = :o"), {"t": HTML_LINK, "o": LINK})
        conn.execute(sa.text("UPDATE milestones SET name = :n"), {"n": HTML_LINK})
        conn.execute(
            sa.text(
                "UPDATE status_reports SET summary = :s, next_steps = :s, "
                "decisions_required = :d WHERE decisions_required IS NOT NULL"
            ),
            {"s": f"{LINK}\n{IMAGE}", "d": f"{IMAGE} :red[now]"},
        )
    eng.dispose()
    return app_env


def _first_project(url: str) -> str:
    eng = store_engine.create_engine(url)
    with eng.connect() as conn:
        pid = conn.execute(sa.text("SELECT min(project_id) FROM projects")).scalar_one()
    eng.dispose()
    return pid


@pytest.mark.parametrize("page", PAGES[:6])
def test_data_values_are_shown_as_text(hostile_store, page):
    params = {"project": _first_project(hostile_store)} if page.endswith("project.py") else None
    at = apptest.open_page(page, params=params)
    assert not at.exception, [e.value for e in at.exception]
    assert _live(at) == []


def test_the_project_page_title_and_report_read_as_given(hostile_store):
    pid = _first_project(hostile_store)  # sorted first: named LINK
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
