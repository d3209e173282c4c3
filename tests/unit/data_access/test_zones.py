"""The organisation's time zone against the source's: period boundaries and local days."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd

from data_access.zones import DayRun, Zones

BRUSSELS = Zones(local="Europe/Brussels", source="UTC")
H = timedelta(hours=1)


def test_same_zones_change_nothing():
    when = datetime(2026, 3, 29, 2, 30)
    assert Zones().to_source(when) == when
    assert Zones().day_runs(date(2026, 3, 1), date(2026, 3, 31)) == [
        DayRun(hi=datetime(2026, 4, 1), shift=timedelta(0))
    ]


def test_local_midnights_in_utc_winter_and_summer():
    assert BRUSSELS.to_source(datetime(2026, 12, 1)) == datetime(2026, 11, 30, 23)
    assert BRUSSELS.to_source(datetime(2026, 7, 1)) == datetime(2026, 6, 30, 22)


def test_stamps_shown_in_local_time():
    stamps = pd.Series(pd.to_datetime(["2026-11-30 23:30", "2026-07-01 12:00", None]))
    local = BRUSSELS.to_local(stamps)
    assert local.iloc[0] == pd.Timestamp("2026-12-01 00:30")
    assert local.iloc[1] == pd.Timestamp("2026-07-01 14:00")
    assert pd.isna(local.iloc[2])


def test_the_week_of_the_spring_clock_change_has_a_23_hour_sunday():
    # Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST.
    runs = BRUSSELS.day_runs(date(2026, 3, 23), date(2026, 4, 5))
    assert runs == [
        DayRun(hi=datetime(2026, 3, 28, 23), shift=H),  # Mon 23 – Sat 28, UTC+1
        DayRun(hi=datetime(2026, 3, 29, 22), day=date(2026, 3, 29)),  # 23 hours
        DayRun(hi=datetime(2026, 4, 5, 22), shift=2 * H),  # Mon 30 – Sun 5 April, UTC+2
    ]


def test_the_autumn_clock_change_has_a_25_hour_sunday():
    runs = BRUSSELS.day_runs(date(2026, 10, 24), date(2026, 10, 26))
    assert runs == [
        DayRun(hi=datetime(2026, 10, 24, 22), shift=2 * H),
        DayRun(hi=datetime(2026, 10, 25, 23), day=date(2026, 10, 25)),  # 25 hours
        DayRun(hi=datetime(2026, 10, 26, 23), shift=H),
    ]


def test_a_source_in_local_time_seen_from_utc():
    """Stamps stored in Brussels time, figures cut in UTC: the shift is negative."""
    zones = Zones(local="UTC", source="Europe/Brussels")
    assert zones.to_source(datetime(2026, 12, 1)) == datetime(2026, 12, 1, 1)
    (run,) = zones.day_runs(date(2026, 12, 1), date(2026, 12, 31))
    assert run == DayRun(hi=datetime(2027, 1, 1, 1), shift=-H)
