"""Which days a load's rows touch (data_access/summaries.py), hand-computed."""

from __future__ import annotations

from datetime import date, datetime

from data_access import summaries
from data_access.zones import Zones

UTC = Zones()
BRUSSELS = Zones(local="Europe/Brussels", source="UTC")


def test_a_stamp_at_midnight_closes_the_day_before_and_each_day_keeps_a_margin():
    days = summaries._local_days([datetime(2026, 3, 10), datetime(2026, 3, 10, 0, 0, 1)], UTC)
    # 10 Mar 00:00 is on 9 Mar, 00:00:01 on 10 Mar; each with the day either side
    assert days == [date(2026, 3, 8), date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 11)]


def test_days_are_the_organisations():
    # 23:30 UTC on 30 November is 00:30 on 1 December in Brussels
    days = summaries._local_days([datetime(2026, 11, 30, 23, 30)], BRUSSELS)
    assert days == [date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)]


def test_near_days_make_one_stretch_and_too_many_stretches_mean_the_whole_part():
    days = [date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 5), date(2026, 1, 20)]
    assert summaries._stretches(days) == [
        (date(2026, 1, 1), date(2026, 1, 5)),  # a gap of 3 days is rebuilt with them
        (date(2026, 1, 20), date(2026, 1, 20)),
    ]
    scattered = [date(2026, 1, 1) + (k * 10) * summaries.DAY for k in range(30)]
    assert summaries._stretches(scattered) is None
    assert summaries._stretches([]) == []
