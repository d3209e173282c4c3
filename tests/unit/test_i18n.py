"""The language is each user's, never the process's: set in one thread (one Streamlit
session's run), it leaves every other thread in its own language."""

from __future__ import annotations

import threading

import pytest

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
