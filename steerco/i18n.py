"""One translation function for every user-facing text.

Source texts are English and double as keys (gettext style). The French and Dutch texts live in
gettext catalogues, ``steerco/locale/<language>/LC_MESSAGES/messages.po``, kept with Babel
(``python tools/i18n.py update`` extracts every text marked by :func:`t`, :func:`tn` or
:func:`N_` and merges it into the catalogues; translators edit the ``.po`` files with any
gettext tool: Poedit, Weblate, Lokalize). They are read at first use, so there is no compile
step to forget. A missing translation falls back to English, so a new text never breaks a page;
the test suite fails on it (tests/unit/test_i18n_catalogues.py).

The language is one user's, never the process's: it lives in a ``ContextVar`` that each
Streamlit run sets for its session (steerco.ui.language) and the command line sets from
``--lang``.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.pofile import read_po

from data_access.marks import N_  # noqa: F401 - re-exported: steerco marks its texts with it
from data_access.said import Said
from data_access.schema import DATASETS, RAG_WORDS, ColumnType

DEFAULT_LANGUAGE = "en"
#: The languages Steerco speaks: English (the source texts) and the two catalogues.
LANGUAGES = ("en", "fr", "nl")
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"

_language: ContextVar[str] = ContextVar("steerco_language", default=DEFAULT_LANGUAGE)
#: Texts asked for in French or Dutch that the catalogue lacks (shown in English instead);
#: the page sweep of the test suite fails on any (tests/app/test_translated_pages.py).
_missed: set[str] = set()


def _english_plural(count: int) -> int:
    return int(count != 1)


@dataclass(frozen=True)
class Catalogue:
    """One language's translations: plain texts, and plural forms by their singular text."""

    texts: dict[str, str] = field(default_factory=dict)
    plurals: dict[str, tuple[str, ...]] = field(default_factory=dict)
    plural: Callable[[int], int] = _english_plural

    def __contains__(self, text: str) -> bool:
        return text in self.texts or text in self.plurals


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def catalogue(language: str) -> Catalogue:
    """``language``'s catalogue, read once from its ``.po`` file; English is the empty one (the
    source texts). A fuzzy or empty translation counts as missing."""
    if language == DEFAULT_LANGUAGE or language not in LANGUAGES:
        return Catalogue()
    with catalogue_path(language).open("rb") as po:
        messages = read_po(po, locale=language)
    texts: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for message in messages:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple | list):
            forms = tuple(message.string)
            if forms and all(forms):
                plurals[message.id[0]] = forms
        elif message.string:
            texts[message.id] = message.string
    return Catalogue(texts, plurals, gettext.c2py(messages.plural_expr))


def set_language(language: str) -> None:
    """Speak ``language`` from now on in this context: one user's session (each Streamlit
    run sets its user's language at its start), or the command line's process."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; choose {', '.join(LANGUAGES)}")
    _language.set(language)


@contextmanager
def speaking(language: str):
    """Speak ``language`` inside the block, then the language spoken before (the command line:
    one command's ``--lang``)."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; choose {', '.join(LANGUAGES)}")
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


def language() -> str:
    return _language.get()


def _fill(text: str, values: dict) -> str:
    return text.format(**values) if values else text


def t(text: str, /, **values) -> str:
    """The text in the current language, with ``{placeholders}`` filled from ``values``."""
    spoken = _language.get()
    translated = catalogue(spoken).texts.get(text)
    if translated is None:
        translated = text
        if spoken != DEFAULT_LANGUAGE:
            _missed.add(text)
    return _fill(translated, values)


def tn(count: int, one: str, many: str, /, **values) -> str:
    """The singular or plural text for ``count`` ("1 open risk", "3 open risks"), translated
    with the language's own plural rule (French says "0 risque ouvert"), with ``{n}`` and
    ``values`` filled in."""
    current = catalogue(_language.get())
    forms = current.plurals.get(one)
    if forms:
        text = forms[min(current.plural(count), len(forms) - 1)]
    else:
        text = one if count == 1 else many
        if _language.get() != DEFAULT_LANGUAGE:
            _missed.add(one)
    return _fill(text, {"n": count, **values})


def said(text) -> str:
    """A :class:`~data_access.said.Said` of data_access (the evidence of a proposed mapping)
    in the current language: its template through :func:`t` (a count's through :func:`tn`),
    each param that is itself a ``Said`` translated in turn, the others (headers, sheet and
    column names, values: data) as they are. English is the text as it was said. Anything
    else is returned as it is."""
    if not isinstance(text, Said):
        return text
    if _language.get() == DEFAULT_LANGUAGE:
        return str(text)
    values = {name: said(value) for name, value in text.params}
    if text.plural is not None and text.count is not None:
        return tn(text.count, text.template, text.plural, **values)
    return t(text.template, **values)


def missed() -> frozenset[str]:
    """The texts shown in English since :func:`forget_missed` because a catalogue lacks them."""
    return frozenset(_missed)


def forget_missed() -> None:
    _missed.clear()


#: Every allowed value of the schema (a phase, a status, a cost category): data, yet a word
#: of a closed list, so shown in the user's language (and read in any of the three on import).
ALLOWED_WORDS = frozenset(
    value
    for dataset in DATASETS
    for column in dataset.columns
    if column.type != ColumnType.RAG
    for value in column.allowed
)


def word(value):
    """An allowed value (a phase, a status) in the user's language; anything else (a name, a
    free text, a number) as it is."""
    if isinstance(value, str) and value in ALLOWED_WORDS:
        return t(value)
    return value


#: Labels of the RAG codes and of data columns, shown in tables and charts.
RAG_LABELS = RAG_WORDS


def rag_label(code) -> str:
    """'Green' / 'Amber' / 'Red' for G/A/R; 'No report' when missing."""
    if isinstance(code, str) and code in RAG_LABELS:
        return t(RAG_LABELS[code])
    return t("No report")
