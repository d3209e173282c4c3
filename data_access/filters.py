"""What a view is asked for: the project filters with their as-of date, the operations period,
and the marks a chart click selects. Plain data types shared by queries, analytics, views and
the UI (they import nothing but the standard library).

**The as-of date has one owner.** :func:`today` is the only clock; a :class:`Filters` made
without a date is resolved to it once, when it is made (at the edge: the sidebar, the command
line, a test), and every layer below reads ``filters.as_of`` as a plain date. Nothing under
``steerco/views``, ``steerco/analytics`` or ``data_access`` calls ``date.today()`` for a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from data_access.marks import N_

#: Filterable project attributes, in the order the sidebar shows them.
PROJECT_FILTER_COLUMNS = ("programme", "portfolio", "sponsor", "project_manager", "phase")
#: The status report states counted by default (``schema.REPORT_SUBMITTED``, ``_APPROVED``).
COUNTED_REPORT_STATES = ("Submitted", "Approved")


def today() -> date:
    """The day figures are computed for when nobody chose an as-of date."""
    return date.today()


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the portfolio to; empty tuples mean "all".

    ``as_of`` is always a date: left out, it is :func:`today` at the moment the filters are
    made. ``None`` passed explicitly means the same (a cleared date widget).
    """

    programme: tuple[str, ...] = ()
    portfolio: tuple[str, ...] = ()
    sponsor: tuple[str, ...] = ()
    project_manager: tuple[str, ...] = ()
    phase: tuple[str, ...] = ()
    rag: tuple[str, ...] = ()  # latest reported overall RAG (G/A/R)
    as_of: date = field(default_factory=lambda: today())  # looked up when made: patchable
    #: The user's scope (``access.Identity.portfolios``/``programmes``): only the projects
    #: of these portfolios or programmes exist for them. Not a choice of the user, so it
    #: stays when the other filters are cleared (:meth:`only_scope`); part of every cache key.
    scope_portfolio: tuple[str, ...] = ()
    scope_programme: tuple[str, ...] = ()
    #: The status report states that count (setting ``reporting.counted_states``): a draft,
    #: or a report the PMO returned, never changes a figure. Set with :meth:`counting`.
    report_states: tuple[str, ...] = COUNTED_REPORT_STATES

    def __post_init__(self) -> None:
        if self.as_of is None:
            object.__setattr__(self, "as_of", today())
        elif isinstance(self.as_of, datetime):
            object.__setattr__(self, "as_of", self.as_of.date())

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)

    @property
    def scoped(self) -> bool:
        """True when the user may see only some portfolios or programmes."""
        return bool(self.scope_portfolio or self.scope_programme)

    @property
    def narrows_projects(self) -> bool:
        """True when some projects are filtered out (the as-of date narrows nothing)."""
        return self.scoped or any(getattr(self, c) for c in (*PROJECT_FILTER_COLUMNS, "rag"))

    def only_scope(self) -> Filters:
        """No filter but the as-of date and the user's scope: "every project" for this user."""
        return Filters(
            as_of=self.as_of,
            scope_portfolio=self.scope_portfolio,
            scope_programme=self.scope_programme,
            report_states=self.report_states,
        )

    def counting(self, states: tuple[str, ...]) -> Filters:
        """These filters counting the status reports in ``states`` (the setting)."""
        return replace(self, report_states=tuple(states))

    def within(self, portfolios: tuple[str, ...], programmes: tuple[str, ...]) -> Filters:
        """These filters limited to a scope (an empty scope: every project)."""
        return replace(self, scope_portfolio=tuple(portfolios), scope_programme=tuple(programmes))

    @property
    def is_today(self) -> bool:
        """True when the figures are today's (nothing to pin in a link)."""
        return self.as_of == today()


def clamp_as_of(day: date, first_day: date | None, last_day: date | None = None) -> date:
    """The as-of date the store can answer for ``day``: not after today (``last_day``, by
    default :func:`today`: the future is not known yet) and not before the store's first data
    (``first_day``: nothing to show before it). Any date a link or a command line holds, even
    1900-01-01 or 9999-12-31, becomes one of these."""
    last_day = last_day or today()
    if day > last_day:
        return last_day
    if first_day is not None and day < first_day:
        return min(first_day, last_day)
    return day


# --------------------------------------------------------------------------- operations

#: Label of a missing category, root cause, type or outcome; a mark with it selects NULL.
BLANK = N_("(blank)")
#: Age buckets of open tickets: label → (from days inclusive, to days exclusive), age = end −
#: opened_at in days; ">30 d" starts at 31 whole days.
AGE_BUCKETS: dict[str, tuple[int, int | None]] = {
    N_("0–2 d"): (0, 3),
    N_("3–7 d"): (3, 8),
    N_("8–30 d"): (8, 31),
    N_(">30 d"): (31, None),
}
#: Status of a ticket that was withdrawn: it is neither resolved nor in the backlog.
CANCELLED = "Cancelled"


@dataclass(frozen=True)
class Period:
    """The last ``weeks`` weeks ending with the as-of day: the window ``(start, end]``."""

    end: datetime  # midnight after the as-of day
    weeks: int

    @classmethod
    def ending(cls, as_of: date, weeks: int) -> Period:
        return cls(end=datetime.combine(as_of + timedelta(days=1), time()), weeks=int(weeks))

    @property
    def start(self) -> datetime:
        return self.end - timedelta(days=7 * self.weeks)

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        return (self.end - timedelta(days=1)).date()

    def week_window(self, index: int) -> tuple[datetime, datetime]:
        """(lo, hi] of week ``index`` (0 = oldest)."""
        lo = self.start + timedelta(days=7 * index)
        return lo, lo + timedelta(days=7)


@dataclass(frozen=True)
class TicketMark:
    """The tickets behind one mark of a chart.

    ``event``: "opened" or "resolved" in the window ``(lo, hi]``, or "open" at ``hi`` (the
    backlog). The other fields narrow further; None means any; ``BLANK`` selects NULL.
    """

    event: str
    hi: datetime
    lo: datetime | None = None
    services: tuple[str, ...] = ()
    all_services: bool = False
    priority: str | None = None
    category: str | None = None
    root_cause: str | None = None
    age_bucket: str | None = None
    sla: str | None = None  # "met", "missed", "not judged"


@dataclass(frozen=True)
class ChangeMark:
    """The changes implemented in ``(lo, hi]``; other fields narrow (None = any)."""

    hi: datetime
    lo: datetime | None = None
    services: tuple[str, ...] = ()
    all_services: bool = False
    type: str | None = None
    outcome: str | None = None
    caused_incident: bool | None = None
