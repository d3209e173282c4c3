"""The line that says which sidebar filters are in force ("Filtered: … ✕")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from data_access.filters import today
from steerco import i18n
from steerco.ui.filters import filtered_text
from steerco.ui.text import WORD_JOINER as WJ


def test_no_filter_says_nothing():
    assert filtered_text({}) is None
    assert filtered_text({"programme": (), "rag": (), "as_of": None}) is None
    assert filtered_text({"as_of": today()}) is None  # today is no filter


def test_each_filter_in_force_is_named_with_its_values_in_sidebar_order():
    chosen = {"rag": ("R", "A"), "programme": ("ERP",), "project_manager": ("Ann", "Bob")}
    assert filtered_text(chosen) == (
        "Filtered: Programme = ERP · Project manager = Ann, Bob · Reported status = Red, Amber"
    )


def test_a_past_date_is_a_filter():
    day = today() - timedelta(days=30)
    shown = day.strftime("%d %b %Y")
    assert filtered_text({"as_of": day}) == f"Filtered: As of = {shown}"
    assert filtered_text({"as_of": date(2026, 1, 5)}) == "Filtered: As of = 05 Jan 2026"


def test_values_from_the_data_are_shown_as_text():
    text = filtered_text({"sponsor": ("**Eve** [x](http://evil.example)",)})
    assert text == rf"Filtered: Sponsor = \*\*Eve\*\* \[x\](http:{WJ}//evil.example)"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Filtré : "), ("nl", "Gefilterd: ")],
)
def test_the_line_is_translated(language, expected):
    before = i18n.language()
    i18n.set_language(language)
    try:
        text = filtered_text({"programme": ("ERP",)})
    finally:
        i18n.set_language(before)
    assert text.startswith(expected) and text.endswith(" = ERP")
