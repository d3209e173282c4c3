"""Operations page data: ticket flow, backlog, SLA, MTTR, rates, Pareto, P1s and changes —
one call — plus the drill-down behind any mark of its charts.

Plain Python (no Streamlit): the page, the benchmark and the tests use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import operations_queries as q
from data_access.operations_queries import ChangeMark, Period, TicketMark
from data_access.queries import Filters
from steerco import fmt
from steerco.analytics import operations as analytics
from steerco.config import Settings
from steerco.i18n import t

#: Period choices in weeks ending with the as-of day, and the default (a quarter).
WEEK_CHOICES = (4, 13, 26, 52)
DEFAULT_WEEKS = 13
ROW_CAP = q.ROW_CAP


@dataclass(frozen=True)
class OpsFilters:
    """The page's own filters: services (empty = all) and the period length in weeks."""

    services: tuple[str, ...] = ()
    weeks: int = DEFAULT_WEEKS


@dataclass
class OperationsView:
    as_of: date
    period: Period
    services: tuple[str, ...]  # the services shown: the chosen ones, or all
    all_services: bool
    weekly: pd.DataFrame  # week, first_day, last_day, lo, hi, opened, resolved
    monthly: pd.DataFrame  # month, first_day, last_day, lo, hi, partial, opened, resolved
    backlog: pd.DataFrame  # age_bucket × priority → tickets
    sla: pd.DataFrame  # service × priority: compliance against target, MTTR
    kpis: analytics.TicketKpis
    categories: pd.DataFrame  # Pareto of the categories of tickets opened
    root_causes: pd.DataFrame  # Pareto of the root causes of tickets resolved
    major: pd.DataFrame  # P1 tickets opened in the period (at most ROW_CAP)
    changes_weekly: pd.DataFrame  # week × outcome → implemented changes
    change_kpis: analytics.ChangeKpis
    ignored_project_filters: bool = field(default=False)

    @property
    def is_empty(self) -> bool:
        k = self.kpis
        nothing = k.opened == 0 and k.resolved == 0 and k.backlog == 0
        return nothing and self.change_kpis.implemented == 0 and self.change_kpis.cancelled == 0

    @property
    def first_day(self) -> date:
        return self.period.first_day


def operations_page(
    conn: Connection, filters: Filters, ops: OpsFilters, settings: Settings | None = None
) -> OperationsView:
    """Everything the Operations page shows for these services, period and as-of date.

    The project filters do not narrow operations figures (tickets belong to services, not
    projects); ``ignored_project_filters`` tells the page to say so.
    """
    del settings  # no operations setting yet; the signature matches the other pages
    options = q.service_options(conn)
    chosen = tuple(s for s in ops.services if s in options)
    all_services = not chosen
    services = tuple(options) if all_services else chosen
    period = Period.ending(filters.as_of_date, ops.weeks)
    opened = q.opened_cube(conn, period, services)
    resolved = q.resolved_cube(conn, period, services, all_services)
    medians = q.mttr_medians(conn, period, services, all_services)
    backlog = q.backlog(conn, period.end, services, all_services)
    targets = q.sla_targets(conn, services)
    changes = q.change_cube(conn, period, services, all_services)
    sla = analytics.sla_table(resolved, targets, medians)
    major, _ = q.tickets_behind(conn, major_mark(period, services, all_services), count=False)
    now = datetime.now()
    return OperationsView(
        as_of=filters.as_of_date,
        period=period,
        services=services,
        all_services=all_services,
        weekly=analytics.weekly_flow(opened, resolved, period, now),
        monthly=analytics.monthly_flow(opened, resolved, period, now),
        backlog=analytics.backlog_by_bucket(backlog),
        sla=sla,
        kpis=analytics.ticket_kpis(opened, resolved, backlog, sla, medians),
        categories=analytics.category_pareto(opened),
        root_causes=analytics.root_cause_pareto(resolved),
        major=major,
        changes_weekly=analytics.weekly_changes(changes, period, now),
        change_kpis=analytics.change_kpis(changes),
        ignored_project_filters=filters.narrows_projects,
    )


def major_mark(period: Period, services: tuple[str, ...], all_services: bool) -> TicketMark:
    return TicketMark(
        event="opened",
        lo=period.start,
        hi=period.end,
        services=services,
        all_services=all_services,
        priority=analytics.MAJOR_PRIORITY,
    )


# --------------------------------------------------------------------------- drill-down
#
# Every clickable mark carries ``customdata``: a list whose first item names the chart
# (see the builders in steerco/charts/operations.py). These functions turn it back into the
# SQL selection of exactly the rows behind that mark.

FLOW = ("opened", "resolved")


def _when(value) -> datetime:
    return pd.Timestamp(value).to_pydatetime()


def ticket_mark(view: OperationsView, custom) -> TicketMark | None:
    """The tickets behind a clicked mark, or None when the mark has no tickets to list."""
    if not isinstance(custom, list | tuple) or not custom:
        return None
    kind, *rest = custom
    base = {"services": view.services, "all_services": view.all_services}
    period = view.period
    try:
        if kind in FLOW and len(rest) >= 2:
            return TicketMark(event=kind, lo=_when(rest[0]), hi=_when(rest[1]), **base)
        if kind == "open" and rest:
            bucket = rest[0] if rest[0] in q.AGE_BUCKETS else None
            priority = rest[1] if len(rest) > 1 and rest[1] else None
            return TicketMark(
                event="open", hi=period.end, age_bucket=bucket, priority=priority, **base
            )
        if kind == "sla" and len(rest) >= 2:
            return TicketMark(
                event="resolved",
                lo=period.start,
                hi=period.end,
                services=(rest[0],),
                priority=rest[1],
            )
        named = bool(rest) and isinstance(rest[0], str)  # the grouped "Other" bar has None
        if kind == "category" and named:
            return TicketMark(
                event="opened", lo=period.start, hi=period.end, category=rest[0], **base
            )
        if kind == "root_cause" and named:
            return TicketMark(
                event="resolved", lo=period.start, hi=period.end, root_cause=rest[0], **base
            )
    except (TypeError, ValueError):
        return None
    return None


def change_mark(view: OperationsView, custom) -> ChangeMark | None:
    if not isinstance(custom, list | tuple) or len(custom) < 3 or custom[0] != "change":
        return None
    try:
        lo, hi = _when(custom[1]), _when(custom[2])
    except (TypeError, ValueError):
        return None
    outcome = custom[3] if len(custom) > 3 and custom[3] else None
    return ChangeMark(
        lo=lo, hi=hi, services=view.services, all_services=view.all_services, outcome=outcome
    )


@dataclass
class Drill:
    rows: pd.DataFrame
    total: int
    title: str

    @property
    def capped(self) -> bool:
        return self.total > len(self.rows)


def ticket_drill(conn: Connection, mark: TicketMark) -> Drill:
    rows, total = q.tickets_behind(conn, mark, limit=ROW_CAP)
    return Drill(rows=rows, total=total, title=describe_tickets(mark, total))


def change_drill(conn: Connection, mark: ChangeMark) -> Drill:
    rows, total = q.changes_behind(conn, mark, limit=ROW_CAP)
    return Drill(rows=rows, total=total, title=describe_changes(mark, total))


def _window(lo: datetime | None, hi: datetime) -> str:
    """'3–9 Mar 2026' for the days of a (lo, hi] window."""
    last = (pd.Timestamp(hi) - pd.Timedelta(days=1)).date()
    if lo is None:
        return t("up to {day}", day=fmt.day(last))
    first = pd.Timestamp(lo).date()
    if first == last:
        return fmt.day(first)
    return f"{analytics.week_label(first, last)} {last.year}"


def _plural(n: int, one: str, many: str) -> str:
    return t(one if n == 1 else many, n=fmt.number(n))


def describe_tickets(mark: TicketMark, total: int) -> str:
    """'1,204 tickets opened 3–9 Mar 2026', '86 open tickets aged 8–30 d · P2 on 16 Nov 2026'."""
    head = _plural(total, "{n} ticket", "{n} tickets")
    if mark.event == "open":
        text = t("{head} open on {day}", head=head, day=fmt.day(mark.hi.date()))
        if mark.age_bucket:
            text += " · " + t("aged {bucket}", bucket=t(mark.age_bucket))
    else:
        what = t("opened") if mark.event == "opened" else t("resolved")
        text = f"{head} {what} {_window(mark.lo, mark.hi)}"
    details = [
        mark.priority,
        t("category {c}", c=mark.category) if mark.category else None,
        t("root cause {c}", c=mark.root_cause) if mark.root_cause else None,
    ]
    if not mark.all_services:
        details.append(", ".join(mark.services))
    return " · ".join([text, *[d for d in details if d]])


def describe_changes(mark: ChangeMark, total: int) -> str:
    head = _plural(total, "{n} change", "{n} changes")
    text = t("{head} implemented {when}", head=head, when=_window(mark.lo, mark.hi))
    if mark.outcome:
        text += " · " + t(outcome_word(mark.outcome))
    return text


def outcome_word(outcome: str) -> str:
    return t("No outcome recorded") if outcome == q.BLANK else t(outcome)


# --------------------------------------------------------------------------- display tables

#: Drill-down tables: column → (source column, kind). Kinds drive the table's formats.
TICKET_COLUMNS: dict[str, tuple[str, str]] = {
    "Ticket": ("ticket_id", "text"),
    "Service": ("service", "text"),
    "Priority": ("priority", "text"),
    "Category": ("category", "text"),
    "Status": ("status", "text"),
    "Opened": ("opened_at", "datetime"),
    "Resolved": ("resolved_at", "datetime"),
    "Time to resolve (h)": ("hours_to_resolve", "hours"),
    "Target (h)": ("target_hours", "hours"),
    "SLA": ("sla_word", "text"),
    "Escalated": ("escalated", "bool"),
    "Reopened": ("reopened_count", "int"),
    "Group": ("assignment_group", "text"),
    "Root cause": ("root_cause", "text"),
    "Satisfaction (1–5)": ("satisfaction", "score0"),
}
OPEN_TICKET_COLUMNS: dict[str, tuple[str, str]] = {
    "Ticket": ("ticket_id", "text"),
    "Service": ("service", "text"),
    "Priority": ("priority", "text"),
    "Category": ("category", "text"),
    "Status": ("status", "text"),
    "Opened": ("opened_at", "datetime"),
    "Age (days)": ("age_days", "age"),
    "Escalated": ("escalated", "bool"),
    "Group": ("assignment_group", "text"),
}
CHANGE_COLUMNS: dict[str, tuple[str, str]] = {
    "Change": ("change_id", "text"),
    "Service": ("service", "text"),
    "Type": ("type", "text"),
    "Outcome": ("outcome", "text"),
    "Caused incident": ("caused_incident", "bool"),
    "Planned start": ("planned_start", "datetime"),
    "Implemented": ("implemented_at", "datetime"),
    "Project": ("project_id", "text"),
}
SLA_COLUMNS: dict[str, tuple[str, str]] = {
    "Service": ("service", "text"),
    "Priority": ("priority", "text"),
    "Resolved": ("resolved", "int"),
    "Within target": ("met", "int"),
    "Missed": ("missed", "int"),
    "Compliance (%)": ("compliance_pct", "pct1"),
    "Target (%)": ("target_pct", "pct1"),
    "Status": ("status_word", "text"),
    "Resolution target (h)": ("resolution_hours", "hours"),
    "MTTR median (h)": ("median_hours", "hours"),
    "MTTR mean (h)": ("mean_hours", "hours"),
}

MET_FLAG = "✓"
MISSED_FLAG = "✗"


def sla_word(met) -> str:
    if met is True:
        return f"{MET_FLAG} " + t("met")
    if met is False:
        return f"{MISSED_FLAG} " + t("missed")
    return t("no target")


def status_word(row: pd.Series) -> str:
    """'✓ Target met' / '✗ Below target' / 'No target' / 'No tickets' for an SLA row."""
    if not row["judged"]:
        return t("No tickets judged")
    if pd.isna(row["target_pct"]):
        return t("No target")
    if row["below_target"]:
        return f"{MISSED_FLAG} " + t("Below target")
    return f"{MET_FLAG} " + t("Target met")


def _select(frame: pd.DataFrame, mapping: dict[str, tuple[str, str]]) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            t(label): frame[source].fillna("") if kind == "text" else frame[source]
            for label, (source, kind) in mapping.items()
        }
    )
    return out.reset_index(drop=True)


def column_kinds(mapping: dict[str, tuple[str, str]]) -> dict[str, str]:
    return {t(label): kind for label, (_, kind) in mapping.items()}


def ticket_table(rows: pd.DataFrame, open_tickets: bool = False) -> pd.DataFrame:
    if open_tickets:
        return _select(rows, OPEN_TICKET_COLUMNS)
    words = [
        "" if pd.isna(resolved) else sla_word(bool(met) if pd.notna(met) else None)
        for met, resolved in zip(rows["sla_met"], rows["resolved_at"], strict=True)
    ]
    return _select(rows.assign(sla_word=words), TICKET_COLUMNS)


def change_table(rows: pd.DataFrame) -> pd.DataFrame:
    return _select(rows.assign(outcome=rows["outcome"].fillna(t("No outcome"))), CHANGE_COLUMNS)


def sla_display(sla: pd.DataFrame) -> pd.DataFrame:
    words = [status_word(row) for _, row in sla.iterrows()] if len(sla) else []
    return _select(sla.assign(status_word=words), SLA_COLUMNS)
