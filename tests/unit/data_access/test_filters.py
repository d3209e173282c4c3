"""The as-of date: made once, always a date, and moved into what the store can answer."""

from __future__ import annotations

from datetime import date

from data_access import filters
from data_access.filters import Filters, clamp_as_of

TODAY = date(2026, 12, 4)
FIRST = date(2024, 11, 1)


def test_filters_without_a_date_are_as_of_today(monkeypatch):
    monkeypatch.setattr(filters, "today", lambda: TODAY)
    assert Filters().as_of == TODAY
    assert Filters(as_of=None).as_of == TODAY
    assert Filters().is_today
    assert not Filters(as_of=date(2026, 11, 10)).is_today


def test_a_date_inside_the_data_is_kept():
    assert clamp_as_of(date(2026, 11, 10), FIRST, TODAY) == date(2026, 11, 10)
    assert clamp_as_of(FIRST, FIRST, TODAY) == FIRST
    assert clamp_as_of(TODAY, FIRST, TODAY) == TODAY


def test_a_date_after_today_becomes_today():
    assert clamp_as_of(date(2026, 12, 5), FIRST, TODAY) == TODAY
    assert clamp_as_of(date(9999, 12, 31), FIRST, TODAY) == TODAY


def test_a_date_before_the_first_data_becomes_the_first_data_day():
    assert clamp_as_of(date(2024, 10, 31), FIRST, TODAY) == FIRST
    assert clamp_as_of(date(1900, 1, 1), FIRST, TODAY) == FIRST


def test_an_empty_store_moves_only_future_dates():
    assert clamp_as_of(date(1900, 1, 1), None, TODAY) == date(1900, 1, 1)
    assert clamp_as_of(date(9999, 12, 31), None, TODAY) == TODAY


def test_data_that_starts_in_the_future_still_gives_today():
    assert clamp_as_of(date(1900, 1, 1), date(2027, 1, 1), TODAY) == TODAY
