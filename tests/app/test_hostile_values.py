"""Values from data and from the URL are shown as text on every page: a project named like a
link, an image, coloured text or LaTeX, a risk title or a milestone name holding an HTML
link, a link value such as ``?project=[Session expired](http://…)`` — none becomes Markdown.

Every text Streamlit renders as Markdown (``apptest.markdown_texts``) is checked for the marks
that would turn live: an unescaped ``](`` link, a bare ``http://`` (an autolink), ``:red[``,
``$`` or ``<a ``; every chart text for an ``<a`` tag Plotly would draw. The store's services,
categories, people, teams, requests, vendors, import log and a saved mapping are hostile too
(``tests/support/hostile.py``): every page, every section of a tabbed page and what a click
on a chart shows are checked. The escaped value itself is read where the page shows it."""

from __future__ import annotations

import json
import re

import pytest

from steerco.charts.labels import text as chart_text
from steerco.ui import demand as demand_ui
from steerco.ui import operations as ops_ui
from steerco.ui import resources as resources_ui
from steerco.ui import vendors as vendors_ui
from steerco.ui.text import literal
from tests.support import apptest
from tests.support.hostile import (
    HOSTILE_NAMES,
    HOSTILE_VALUES,
    HTML_LINK,
    IMAGE,
    IMPORT_SOURCE,
    LINK,
    SESSION_LINK,
    make_hostile,
)

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
    "pages/meeting.py",
    "pages/report.py",
    "pages/users.py",
    "pages/data.py",
)


#: Pages without the sidebar's project filters (nothing there reads ?as_of=).
NO_FILTERS = ("pages/data.py", "pages/meeting.py", "pages/report.py", "pages/users.py")


def _live(at) -> list[str]:
    return [text for text in apptest.markdown_texts(at) if LIVE.search(text)]


def _strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    items = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    return [text for item in items for text in _strings(item)]


def _live_in_charts(at) -> list[str]:
    """Texts of the run's charts holding HTML that Plotly would draw (an ``<a`` tag)."""
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return [text for spec in specs for text in _strings(spec) if "<a " in text]


@pytest.fixture
def hostile_store(app_env) -> str:
    """The app's store with hostile values; returns the first project's id (named LINK)."""
    return make_hostile(app_env)


@pytest.mark.parametrize("page", PAGES)
def test_data_values_are_shown_as_text(hostile_store, page):
    params = {"project": hostile_store} if page.endswith(("project.py", "report.py")) else None
    at = apptest.open_page(page, params=params)
    assert not at.exception, [e.value for e in at.exception]
    assert _live(at) == []
    assert _live_in_charts(at) == []


#: The pages' other sections (tabs), each drawn only when open.
SECTIONS = (
    ("pages/operations.py", ops_ui.SECTIONS_KEY, "Backlog and trend"),
    ("pages/operations.py", ops_ui.SECTIONS_KEY, "Incidents and causes"),
    ("pages/operations.py", ops_ui.SECTIONS_KEY, "Changes"),
    ("pages/resources.py", resources_ui.SECTIONS_KEY, "Over-allocation"),
    ("pages/resources.py", resources_ui.SECTIONS_KEY, "Internal and external"),
    ("pages/report.py", "rpt_sections", "PMO check"),
    ("pages/report.py", "rpt_sections", "Completeness"),
)


@pytest.mark.parametrize(("page", "key", "label"), SECTIONS)
def test_data_values_are_shown_as_text_in_every_section(hostile_store, page, key, label):
    at = apptest.open_tab(apptest.open_page(page), key, label)
    assert not at.exception, [e.value for e in at.exception]
    assert _live(at) == []
    assert _live_in_charts(at) == []


#: Charts whose click shows what is behind a mark, named by data values (a ticket list's
#: service, a person's team and role, a request's title, requester and department, a vendor).
DRILLS = (
    ("pages/operations.py", None, ops_ui.CHART_KEYS["sla"]),
    ("pages/operations.py", SECTIONS[1][1:], ops_ui.CHART_KEYS["categories"]),
    ("pages/resources.py", SECTIONS[3][1:], resources_ui.HEATMAP_KEY),
    ("pages/demand.py", None, demand_ui.BUBBLES_KEY),
    ("pages/vendors.py", None, vendors_ui.SCORECARD_KEY),
)


@pytest.mark.parametrize(("page", "tab", "chart"), DRILLS)
def test_what_a_click_shows_names_data_values_as_text(hostile_store, page, tab, chart):
    at = apptest.open_page(page)
    if tab is not None:
        at = apptest.open_tab(at, *tab)
    before = set(apptest.markdown_texts(at))
    at = apptest.click_first_mark(at, chart)
    assert not at.exception, [e.value for e in at.exception]
    shown = [text for text in apptest.markdown_texts(at) if text not in before]
    assert any(literal(value) in text for value in HOSTILE_VALUES for text in shown), shown
    assert _live(at) == []


@pytest.mark.parametrize("page", ["pages/resources.py", "pages/demand.py", "pages/vendors.py"])
def test_charts_show_an_html_link_in_a_name_as_text(hostile_store, page):
    """Team, request and vendor names reach the charts escaped: Plotly shows the characters."""
    at = apptest.open_page(page)
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert any(chart_text(HTML_LINK) in text for spec in specs for text in _strings(spec))


def test_the_last_loads_source_is_named_as_text(hostile_store):
    at = apptest.open_page("pages/vendors.py")
    (line,) = [c.value for c in at.sidebar.caption if c.value.startswith("Latest status report")]
    assert f"({literal(IMPORT_SOURCE)})" in line


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
    if page not in NO_FILTERS:  # pages without the sidebar filters do not read as_of
        warnings = " ".join(w.value for w in at.warning)
        assert f"as_of={literal(IMAGE)}" in warnings


def test_a_submitted_reports_texts_are_shown_as_text_in_the_pmo_check(hostile_store, app_env):
    from data_access import access, writes
    from data_access import engine as store_engine
    from data_access.filters import today
    from tests.support.reports import values_from_last

    eng = store_engine.create_engine(app_env)
    values = values_from_last(
        eng, hostile_store, report_date=today(), summary=LINK, overall_rag="R",
        overall_reason=IMAGE, decisions_required=LINK,
    )  # fmt: skip
    writes.save_report(
        eng, access.single_user("pm"), values, submit=True, opened=None, today=today()
    )
    eng.dispose()
    at = apptest.select_row(
        apptest.open_page("pages/report.py", params={"rpt_sections": "PMO check"}), "rpt_queue", 0
    )
    assert not at.exception, [e.value for e in at.exception]
    assert _live(at) == []
    at = apptest.open_page("pages/report.py", params={"project": hostile_store})
    assert not at.exception and _live(at) == []
