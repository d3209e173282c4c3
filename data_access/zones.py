"""Time zones of the ticket and change figures: the organisation's, in which days, weeks and
months are cut, and the source's, in which the store holds the timestamps (naive, as the
ticketing tool exported them).

Periods, weeks and marks are written in the organisation's local time (naive datetimes, like
the rest of Steerco); the queries turn their boundaries into source-zone times once, so the
SQL compares stored columns with constants (portable, and the indexes are used) instead of
converting every row. Where rows are put into local days (the daily cubes), :meth:`Zones.day_runs`
says how: over a stretch of days with one UTC offset difference the local day is the day of
``stamp + shift``; a day whose length is not 24 hours (a daylight-saving change) is matched by
its bounds as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

UTC = "UTC"
DAY = timedelta(days=1)


@dataclass(frozen=True)
class DayRun:
    """Consecutive local days whose source stamps end at ``hi`` (inclusive).

    ``shift`` is local − source time on every day of the run: the local day of a stamp is
    the day of ``stamp + shift`` (a stamp at local midnight closing the day before). A run
    with ``day`` set is that one day alone (23 or 25 hours long): every stamp of it is
    ``day``.
    """

    hi: datetime
    shift: timedelta = timedelta(0)
    day: date | None = None


@dataclass(frozen=True)
class Zones:
    """The organisation's zone (``local``) and the stored timestamps' (``source``)."""

    local: str = UTC
    source: str = UTC

    @property
    def same(self) -> bool:
        return self.local == self.source

    def to_source(self, when: datetime) -> datetime:
        """A naive local time as the naive source time of the same instant. A local time
        that a clock change skips or repeats is read before the change (``fold=0``)."""
        if self.same:
            return when
        aware = when.replace(tzinfo=ZoneInfo(self.local))
        return aware.astimezone(ZoneInfo(self.source)).replace(tzinfo=None)

    def to_local(self, stamps: pd.Series) -> pd.Series:
        """Naive source stamps as naive local ones (for lists shown to the user); a source
        time that a clock change repeats is read before the change, like :meth:`to_source`."""
        stamps = pd.to_datetime(stamps)
        if self.same or stamps.empty:
            return stamps
        aware = stamps.dt.tz_localize(
            self.source,
            ambiguous=np.ones(len(stamps), dtype=bool),
            nonexistent="shift_forward",
        )
        return aware.dt.tz_convert(self.local).dt.tz_localize(None)

    def day_runs(self, first: date, last: date) -> list[DayRun]:
        """How to find the local day, ``first`` to ``last``, of a source stamp in the source
        window of those days (see :class:`DayRun`): one run when both zones keep one offset
        difference throughout, a few more around each clock change."""
        runs: list[DayRun] = []
        day = first
        lo = self.to_source(datetime.combine(day, time()))
        while day <= last:
            hi = self.to_source(datetime.combine(day + DAY, time()))
            if hi - lo != DAY:
                runs.append(DayRun(hi=hi, day=day))
            else:
                shift = datetime.combine(day, time()) - lo
                previous = runs[-1] if runs else None
                if previous and previous.day is None and previous.shift == shift:
                    runs[-1] = DayRun(hi=hi, shift=shift)
                else:
                    runs.append(DayRun(hi=hi, shift=shift))
            day, lo = day + DAY, hi
        return runs
