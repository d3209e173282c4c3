"""The language is each user's, never the process's: set in one thread (one Streamlit
session's run), it leaves every other thread in its own language."""

from __future__ import annotations

import threading

import pandas as pd
import pytest

from data_access import schema
from data_access.ingest import coerce
from steerco import i18n
from steerco.i18n import language, set_language, t


@pytest.fixture(autouse=True)
def _english_after():
    yield
    set_language(i18n.DEFAULT_LANGUAGE)


def test_a_language_set_in_one_thread_is_not_spoken_in_another():
    set_language("fr")
    seen: dict[str, str] = {}

    def other_session() -> None:
        seen["at start"] = language()
        set_language("nl")
        seen["title"] = t("Portfolio overview")

    thread = threading.Thread(target=other_session)
    thread.start()
    thread.join()
    assert seen == {"at start": "en", "title": "Portfolio-overzicht"}
    assert language() == "fr" and t("Portfolio overview") == "Vue d'ensemble du portefeuille"


def test_an_unknown_language_is_refused_and_the_current_one_kept():
    set_language("nl")
    with pytest.raises(ValueError, match="unsupported language 'de'; choose en, fr, nl"):
        set_language("de")
    assert language() == "nl"


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_every_allowed_value_shown_translated_is_read_back_on_import(language):
    """A phase, a status or a category is shown in the user's language; a file a user types
    those words into imports as the value they stand for."""
    wrong = []
    for dataset in schema.DATASETS:
        for column in dataset.columns:
            if not column.allowed or column.type == schema.ColumnType.RAG:
                continue
            shown = [i18n.catalogue(language).texts.get(v, v) for v in column.allowed]
            read = coerce.coerce_column(pd.Series(shown), column).values.tolist()
            wrong += [
                (dataset.name, column.name, value, word, got)
                for value, word, got in zip(column.allowed, shown, read, strict=True)
                if got != value
            ]
    assert not wrong


def test_an_allowed_value_is_shown_in_the_language_and_free_text_as_entered():
    with i18n.speaking("fr"):
        assert i18n.word("Execution") == "Exécution"
        assert i18n.word("Customer 360") == "Customer 360"
        assert i18n.word(None) is None
    assert i18n.word("Execution") == "Execution"
