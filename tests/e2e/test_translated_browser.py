"""Every page and every tab in Chromium with ?lang=fr and ?lang=nl: no visible text, chart
titles, axes and legends included, is a text of the English catalogue left untranslated
(data values are not catalogue texts, so they are left alone; a text whose translation is
the same word, such as "Budget", is not counted)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from data_access import engine as store_engine
from steerco import i18n
from tests.e2e.conftest import STEP_TIMEOUT_MS, VIEWPORT
from tests.support.browser import Shots, assert_no_exception, wait_for_app

pytestmark = pytest.mark.browser

#: The pages as their links name them (``st.Page`` takes the file name as the URL path; the
#: Overview is the default page, at the root).
PAGES = (
    "", "portfolio", "project?id=PRJ-001", "finance", "risks", "roadmap",
    "operations", "resources", "vendors", "demand", "report", "meeting", "present", "export",
    "data", "audit", "users",
)  # fmt: skip
#: Visible texts of the page: the main area, the sidebar, and every text a chart draws.
SHOWN_TEXTS = """() => {
    const lines = [];
    const roots = '[data-testid="stMain"], [data-testid="stSidebar"]';
    for (const root of document.querySelectorAll(roots))
        lines.push(...root.innerText.split('\\n'));
    for (const text of document.querySelectorAll('.js-plotly-plot text'))
        lines.push(text.textContent);
    // an icon is a ligature: its name ("description") is text, but nobody reads it
    const icons = new Set([...document.querySelectorAll('[data-testid="stIconMaterial"]')]
        .map(icon => icon.textContent.trim()));
    return lines.map(l => l.trim()).filter(l => l.length > 1 && !icons.has(l));
}"""


#: Streamlit's own words: the file uploader's button still holds "Upload", drawn at size 0
#: and replaced by the language's word (checked below, on the Data page).
STREAMLIT_OWN = frozenset({"Upload"})
UPLOAD_WORD = """() => getComputedStyle(document.querySelector(
    '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p'),
    '::after').content"""


def _data_values(url: str) -> set[str]:
    """The store's free texts (a team called "Data", a ticket category "Capacity"): data,
    shown as entered. The allowed values (a phase, a status) are not among them: those are
    shown in the user's language and stay checked."""
    engine = store_engine.create_engine(url)
    found: set[str] = set()
    try:
        with engine.connect() as conn:
            meta = sa.MetaData()
            meta.reflect(conn)
            for table in meta.tables.values():
                for column in table.columns:
                    if isinstance(column.type, sa.String | sa.Text):
                        query = sa.select(column).distinct().limit(2000)
                        found.update(v for v in conn.execute(query).scalars() if isinstance(v, str))
    finally:
        engine.dispose()
    return found - i18n.ALLOWED_WORDS


def _english(language: str, data: set[str]) -> set[str]:
    catalogue = i18n.catalogue(language)
    return (
        {
            source
            for source, translated in catalogue.texts.items()
            if translated.strip() != source.strip() and "{" not in source and "\n" not in source
        }
        - data
        - STREAMLIT_OWN
    )


def _left(page, english: set[str]) -> set[str]:
    return {line for line in page.evaluate(SHOWN_TEXTS) if line in english}


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_every_page_and_tab_shows_no_english_catalogue_text(browser, running_app, language):
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    english = _english(language, _data_values(running_app.extra_env[store_engine.DB_URL_ENV]))
    shots = Shots(page, f"translated-{language}")
    found: dict[str, set[str]] = {}
    try:
        for address in PAGES:
            joiner = "&" if "?" in address else "?"
            page.goto(running_app.url(f"/{address}{joiner}lang={language}"))
            wait_for_app(page)
            assert_no_exception(page)
            left = _left(page, english)
            tabs = page.get_by_test_id("stMain").get_by_role("tab")
            for index in range(1, tabs.count()):
                tabs.nth(index).click()
                page.wait_for_timeout(300)
                wait_for_app(page)
                assert_no_exception(page)
                left |= _left(page, english)
            if left:
                found[address] = left
            if address == "data":
                with i18n.speaking(language):
                    assert page.evaluate(UPLOAD_WORD) == f'"{i18n.t("Upload")}"'  # Téléverser
            shots(address.split("?")[0] or "overview", sizes=((1280, 720),))
    finally:
        context.close()
    assert not found, f"English texts left in {language}: {found}"
