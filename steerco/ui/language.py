"""Each user's language: chosen in the sidebar, kept in the URL (``?lang=fr``: a shared link
opens in that language) and in the session, by default the browser's when it is one of
Steerco's languages, else the configured one. Never process-wide: two users of one server
each keep theirs (``i18n`` holds it per session thread).

The language is settled at the very start of a run (:func:`settle`), before the menu's page
titles are written; the switch itself is drawn later (:func:`switch`), once the page's run
has started, and a change reruns the app in the new language.
"""

from __future__ import annotations

import json

import streamlit as st

from steerco import i18n
from steerco.config import Settings
from steerco.i18n import t
from steerco.ui import url_state

PARAM = "lang"
KEY = "lang"
#: Each language in its own words (never translated: a French user looks for "Français").
NAMES = {"en": "English", "fr": "Français", "nl": "Nederlands"}


def browser_language() -> str | None:
    """The browser's language when Steerco speaks it ("fr-BE" → fr), else None."""
    locale = getattr(st.context, "locale", None) or ""
    code = locale.replace("_", "-").split("-")[0].lower()
    return code if code in NAMES else None


def _spec(settings: Settings) -> list[url_state.Param]:
    default = browser_language() or settings.language
    return [url_state.Param(PARAM, KEY, default=default, hint=t("Choose en, fr or nl."))]


def settle(settings: Settings) -> str:
    """This run's language, from a link, the user's choice or the default; spoken from now."""
    default = browser_language() or settings.language
    i18n.set_language(default)  # a link's bad value is said in the default language
    url_state.seed(_spec(settings), group=KEY, options={KEY: list(NAMES)})
    chosen = st.session_state.get(KEY) or default
    i18n.set_language(chosen)
    return chosen


def switch(settings: Settings) -> None:
    """The language switch at the top of the sidebar, its choice written to the URL."""
    st.sidebar.segmented_control(
        t("Language"),
        list(NAMES),
        format_func=NAMES.get,
        required=True,
        key=KEY,
        on_change=url_state.remember,
        args=(KEY,),
    )
    url_state.write(_spec(settings), group=KEY)


#: The file uploader's button, a word Streamlit writes itself in English.
_UPLOAD_BUTTON = (
    '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] '
    '[data-testid="stMarkdownContainer"] p'
)


#: The file uploader's line "50MB per file • XLSX, CSV", in English only; the uploaders'
#: help says the same in the user's language.
_UPLOAD_LIMIT_LINE = '[data-testid="stFileUploaderDropzoneInstructions"]'


def streamlit_words_css() -> str:
    """Streamlit's own words in the user's language where CSS can reach them: the file
    uploader's "Upload" button shows the catalogue's word instead, and its English limit
    line is hidden (the uploader's help gives the limit and the types). Nothing in
    English."""
    if i18n.language() == i18n.DEFAULT_LANGUAGE:
        return ""
    word = json.dumps(t("Upload"), ensure_ascii=False)  # a CSS string, quotes escaped
    return (
        f"<style>{_UPLOAD_BUTTON} {{font-size: 0;}}"
        f"{_UPLOAD_BUTTON}::after {{content: {word}; font-size: 0.875rem;}}"
        f"{_UPLOAD_LIMIT_LINE} {{display: none;}}</style>"
    )
