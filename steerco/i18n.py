"""One translation function for every user-facing text.

Source strings are English and double as keys (gettext style); ``CATALOGUES`` holds the other
languages. A missing translation falls back to English, so a new text never breaks a page.
"""

from __future__ import annotations

DEFAULT_LANGUAGE = "en"

#: language → {English text: translation}. French and Dutch are filled in a later step.
CATALOGUES: dict[str, dict[str, str]] = {"en": {}, "fr": {}, "nl": {}}

_language = DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    global _language
    if language not in CATALOGUES:
        raise ValueError(f"unsupported language {language!r}; choose {', '.join(CATALOGUES)}")
    _language = language


def language() -> str:
    return _language


def t(text: str, /, **values) -> str:
    """The text in the current language, with ``{placeholders}`` filled from ``values``."""
    translated = CATALOGUES.get(_language, {}).get(text, text)
    return translated.format(**values) if values else translated


#: Labels of the RAG codes and of data columns, shown in tables and charts.
RAG_LABELS = {"G": "Green", "A": "Amber", "R": "Red"}


def rag_label(code) -> str:
    """'Green' / 'Amber' / 'Red' for G/A/R; 'No report' when missing."""
    if isinstance(code, str) and code in RAG_LABELS:
        return t(RAG_LABELS[code])
    return t("No report")
