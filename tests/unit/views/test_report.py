"""Which report the form opens: a draft or a returned report is continued, a recent submitted
one too, an approved one starts the next report dated today with its values carried over."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from steerco.views import report

TODAY = date(2026, 12, 5)


def _last(state: str, day: date) -> dict:
    return {
        "project_id": "PRJ-001", "report_date": pd.Timestamp(day), "state": state,
        "overall_rag": "A", "overall_reason": "Vendor late", "percent_complete": 40.0,
        "summary": "Build on track", "progress_note": "old note",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("state", "day", "continued"),
    [
        ("Draft", date(2026, 10, 1), True),  # a draft is continued, however old
        ("Returned", date(2026, 11, 30), True),
        ("Submitted", date(2026, 11, 28), True),  # 7 days ago: the PMO has not checked it yet
        ("Submitted", date(2026, 11, 27), False),  # 8 days ago: the next report starts
        ("Approved", date(2026, 12, 1), False),
        ("Approved", TODAY, True),  # today's report is corrected, not doubled
    ],
)
def test_which_report_the_form_continues(state, day, continued):
    assert report._continues(_last(state, day), TODAY, 7) is continued


def test_no_report_yet_opens_an_empty_report_dated_today():
    assert report._continues(None, TODAY, 7) is False
    assert report._opening_values(None, False, TODAY) == {"report_date": TODAY}


def test_the_next_report_carries_the_values_over_but_not_the_date_state_or_note():
    values = report._opening_values(_last("Approved", date(2026, 12, 1)), False, TODAY)
    assert values["report_date"] == TODAY
    assert (values["overall_rag"], values["overall_reason"]) == ("A", "Vendor late")
    assert (values["percent_complete"], values["summary"]) == (40.0, "Build on track")
    assert "state" not in values and "progress_note" not in values


def test_a_continued_report_keeps_its_own_date_and_note():
    values = report._opening_values(_last("Draft", date(2026, 12, 2)), True, TODAY)
    assert values["report_date"] == date(2026, 12, 2)
    assert values["progress_note"] == "old note"
