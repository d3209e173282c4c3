"""Every page and every tab, opened with ?lang=fr and ?lang=nl, shows no English text of the
catalogue: no text asked for through ``t`` is missing from the language's catalogue
(``i18n.missed``), and no title, heading, caption, label, tab or button shows an English
catalogue text as it is (a text written without ``t``). Data values are not catalogue texts,
so they are left alone."""

from __future__ import annotations

import pytest

from steerco import i18n
from tests.support import apptest

#: Page → the key of its tabs (``components.sections``), when it has tabs.
PAGES = {
    "pages/overview.py": None,
    "pages/portfolio.py": None,
    "pages/project.py": None,
    "pages/finance.py": "fin_tab",
    "pages/risks.py": "rk_tab",
    "pages/roadmap.py": "rm_tab",
    "pages/operations.py": "ops_tab",
    "pages/resources.py": "rs_tab",
    "pages/vendors.py": None,
    "pages/demand.py": None,
    "pages/report.py": "rpt_sections",
    "pages/meeting.py": "mtg_sections",
    "pages/present.py": None,
    "pages/export.py": None,
    "pages/data.py": None,
    "pages/audit.py": None,
    "pages/users.py": None,
}
#: A project with every part filled in the sample portfolio (the Project page's deep link).
PROJECT_ID = "PRJ-001"
LANGUAGES = ("fr", "nl")


def _shown_texts(at) -> list[str]:
    """The texts a user reads as written: titles, headings, captions, labels, tabs, buttons."""
    texts = [e.value for kind in ("title", "header", "subheader", "caption") for e in at.get(kind)]
    texts += [m.label for m in at.metric]
    texts += [tab.label for tab in at.tabs]
    for kind in ("button", "selectbox", "multiselect", "radio", "checkbox", "text_input",
                 "date_input", "toggle", "button_group", "number_input", "text_area"):  # fmt: skip
        texts += [w.label for w in at.get(kind) if getattr(w, "label", None)]
    texts += apptest.markdown_texts(at)
    return [str(text) for text in texts if text]


def _english_left(texts: list[str], language: str) -> set[str]:
    catalogue = i18n.catalogue(language)
    english = {
        source
        for source, translated in catalogue.texts.items()
        if translated != source and "{" not in source
    }
    return {text for text in texts if text.strip() in english}


def _visit(at, language: str, tabs_key: str | None) -> set[str]:
    apptest.no_error(at)
    left = _english_left(_shown_texts(at), language)
    if tabs_key:
        for label in [tab.label for tab in at.tabs][1:]:
            at = apptest.open_tab(at, tabs_key, label)
            apptest.no_error(at)
            left |= _english_left(_shown_texts(at), language)
    return left


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_and_tab_is_in_the_chosen_language(app_env, page, language):
    i18n.forget_missed()
    params = {"id": PROJECT_ID} if page == "pages/project.py" else None
    # AppTest calls the widgets' option labels back in the test's own thread between runs:
    # that thread speaks the session's language too, as the server's session thread does
    with i18n.speaking(language):
        at = apptest.open_page(page, link={"lang": language}, params=params)
        left = _visit(at, language, PAGES[page])
    missed = sorted(i18n.missed())
    assert not missed, f"{page} asked for texts the {language} catalogue lacks: {missed}"
    assert not left, f"{page} shows English texts in {language}: {sorted(left)}"
