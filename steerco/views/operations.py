"""Operations page model: ticket flow, backlog, SLA, MTTR, rates, Pareto, P1s and changes —
one call (:func:`build`) — plus the drill-down behind any mark of its charts and the display
tables.

Plain Python (no Streamlit): the page, the slide pack, the benchmark and the tests use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import operations_queries as q
from data_access.filters import AGE_BUCKETS, BLANK, ChangeMark, Filters, Period, TicketMark
from data_access.known_on import as_known_on
from data_access.zones import Zones
from steerco import fmt
from steerco.analytics import operations as analytics
from steerco.config import Settings
from steerco.i18n import N_, t, tn
from steerco.views import display
from steerco.views.display import Kpi

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
    weekly: pd.DataFrame  # week, first_day, last_day, lo, hi, in_progress, opened, resolved
    monthly: pd.DataFrame  # month, first_day, last_day, lo, hi, partial, opened, resolved
    backlog: pd.DataFrame  # age_bucket × priority → tickets
    sla: pd.DataFrame  # service × priority: compliance against target, MTTR
    tickets: analytics.TicketKpis
    categories: pd.DataFrame  # Pareto of the categories of tickets opened
    root_causes: pd.DataFrame  # Pareto of the root causes of tickets resolved
    major: pd.DataFrame  # P1 tickets opened in the period (at most ROW_CAP)
    changes_weekly: pd.DataFrame  # week × outcome → implemented changes
    changes: analytics.ChangeKpis
    kpis: list[Kpi]  # the tiles above the tabs
    change_kpis: list[Kpi]  # the tiles of the Changes tab
    zones: Zones = q.SAME_ZONE  # the organisation's (days, weeks, months) and the stored stamps'
    ignored_project_filters: bool = False

    @property
    def is_empty(self) -> bool:
        k, c = self.tickets, self.changes
        nothing = k.opened == 0 and k.resolved == 0 and k.backlog == 0
        return nothing and c.implemented == 0 and c.cancelled == 0

    @property
    def scope(self) -> str:
        """'all services' or the chosen services."""
        return t("all services") if self.all_services else ", ".join(self.services)

    @property
    def caption(self) -> str:
        return t(
            "Last {weeks} weeks: {first} – {last} · {services}. Click a bar to list the tickets "
            "or changes behind it.",
            weeks=self.period.weeks,
            first=fmt.day(self.period.first_day),
            last=fmt.day(self.period.last_day),
            services=self.scope,
        )

    @property
    def definitions(self) -> str:
        """How SLA, MTTR and the periods are defined, shown beside those figures."""
        return t(
            "SLA and MTTR leave out the time a ticket spent on hold, where the source records "
            "it. A reopened ticket counts from its opening to its last resolution and is open "
            "until then. Days, weeks and months are cut in {zone} time.",
            zone=self.zones.local,
        )

    @property
    def slide_subtitle(self) -> str:
        """Tickets belong to services: a slide names the date, the period and the services,
        not the project filters."""
        return t(
            "Data as of {day} · last {n} weeks · {services}",
            day=fmt.day(self.as_of),
            n=self.period.weeks,
            services=self.scope,
        )

    @property
    def backlog_title(self) -> str:
        return t(
            "Backlog by age on {day}: {n} open tickets",
            day=fmt.day(self.period.last_day),
            n=fmt.number(self.tickets.backlog),
        )

    @property
    def notes(self) -> dict[str, str]:
        """Captions shown only when they apply: 'not_judged' under the SLA table, 'major'
        under a capped P1 list."""
        k, notes = self.tickets, {}
        if k.not_judged:
            notes["not_judged"] = t(
                "{n} resolved tickets have no SLA target for their service and priority and "
                "are left out of the compliance.",
                n=fmt.number(k.not_judged),
            )
        if k.major > len(self.major):
            notes["major"] = t(
                "Showing the latest {shown} of {total}.",
                shown=fmt.number(len(self.major)),
                total=fmt.number(k.major),
            )
        return notes

    def slide_title(self, title: str) -> str:
        """A chart's slide title: its own title, and the services when they are narrowed."""
        return title if self.all_services else f"{title} · {', '.join(self.services)}"


def _still_running(filters: Filters) -> datetime | None:
    """The moment the period's last week and month count as "so far" from: the start of the
    as-of day when that day is today (its tickets are still coming in); a past as-of day is
    over, so nothing is in progress."""
    return datetime.combine(filters.as_of, time()) if filters.is_today else None


@as_known_on
def zones_of(settings: Settings | None) -> Zones:
    """The organisation's time zone and the stored timestamps' (settings ``timezone`` and
    ``source_timezone``; no settings: both UTC)."""
    if settings is None:
        return q.SAME_ZONE
    return Zones(local=settings.timezone, source=settings.source_timezone)


def build(
    conn: Connection, filters: Filters, settings: Settings, ops: OpsFilters = OpsFilters()
) -> OperationsView:
    """Everything the Operations page shows for these services, period and as-of date.

    The period ends at the midnight after the as-of day in the organisation's time zone, and
    its days, weeks and months are that zone's. The project filters do not narrow operations
    figures (tickets belong to services, not projects); ``ignored_project_filters`` tells the
    page to say so.
    """
    zone = zones_of(settings)
    options = service_options(conn)
    chosen = tuple(s for s in ops.services if s in options)
    all_services = not chosen
    services = tuple(options) if all_services else chosen
    period = Period.ending(filters.as_of, ops.weeks)
    opened = q.opened_cube(conn, period, services, zone)
    resolved = q.resolved_cube(conn, period, services, all_services, zone)
    medians = q.mttr_medians(conn, period, services, all_services, zone)
    backlog = q.backlog(conn, period.end, services, all_services, zone)
    targets = q.sla_targets(conn, services)
    changes = q.change_cube(conn, period, services, all_services, zone)
    sla = analytics.sla_table(resolved, targets, medians)
    p1 = major_mark(period, services, all_services)
    major, _ = q.tickets_behind(conn, p1, count=False, zones=zone)
    now = _still_running(filters)
    tickets = analytics.ticket_kpis(opened, resolved, backlog, sla, medians)
    change_figures = analytics.change_kpis(changes)
    return OperationsView(
        as_of=filters.as_of,
        period=period,
        services=services,
        all_services=all_services,
        weekly=analytics.weekly_flow(opened, resolved, period, now),
        monthly=analytics.monthly_flow(opened, resolved, period, now),
        backlog=analytics.backlog_by_bucket(backlog),
        sla=sla,
        tickets=tickets,
        categories=analytics.category_pareto(opened),
        root_causes=analytics.root_cause_pareto(resolved),
        major=major,
        changes_weekly=analytics.weekly_changes(changes, period, now),
        changes=change_figures,
        kpis=ticket_tiles(tickets, change_figures, period),
        change_kpis=change_tiles(change_figures),
        zones=zone,
        ignored_project_filters=filters.narrows_projects,
    )


def service_options(conn: Connection) -> list[str]:
    """The services of the store, for the service filter."""
    return q.service_options(conn)


def _hours(value: float) -> str:
    return t("{h} h", h=fmt.number(value, 1))


def ticket_tiles(k: analytics.TicketKpis, c: analytics.ChangeKpis, period: Period) -> list[Kpi]:
    """The twelve tiles above the tabs (two rows of six)."""
    return [
        Kpi(t("Tickets opened"), fmt.number(k.opened), t("Tickets opened in the period")),
        Kpi(t("Tickets resolved"), fmt.number(k.resolved), t("Tickets resolved in the period")),
        Kpi(
            t("Open tickets"),
            fmt.number(k.backlog),
            t("Tickets open at the end of {day}", day=fmt.day(period.last_day)),
        ),
        Kpi(
            t("SLA compliance"),
            fmt.pct(k.compliance_pct, 1),
            t(
                "Resolved within the resolution target of their service and priority, on-hold "
                "time left out"
            ),
            delta=t("{n} of {m} targets missed", n=k.targets_missed, m=k.targets),
            delta_color="inverse" if k.targets_missed else "off",
            arrow=False,
        ),
        Kpi(
            t("MTTR median"),
            _hours(k.median_hours),
            t("Median of resolved − opened − on hold, tickets resolved in the period"),
        ),
        Kpi(
            t("MTTR mean"),
            _hours(k.mean_hours),
            t("Mean of resolved − opened − on hold, tickets resolved in the period"),
        ),
        Kpi(t("P1 incidents"), fmt.number(k.major), t("P1 tickets opened in the period")),
        Kpi(
            t("Escalation rate"),
            fmt.pct(k.escalation_pct, 1),
            t("Escalated ÷ tickets resolved in the period"),
        ),
        Kpi(
            t("Reopen rate"),
            fmt.pct(k.reopen_pct, 1),
            t("Reopened at least once ÷ tickets resolved in the period"),
        ),
        Kpi(
            t("First-contact rate"),
            fmt.pct(k.first_contact_pct, 1),
            t("Resolved without escalation and without reopening ÷ tickets resolved"),
        ),
        Kpi(
            t("Satisfaction"),
            t("{s} / 5", s=fmt.number(k.satisfaction, 1)),
            t("Average score of {n} answers", n=fmt.number(k.satisfaction_n)),
        ),
        Kpi(
            t("Change success"),
            fmt.pct(c.success_pct, 1),
            t("Successful ÷ implemented changes (cancelled ones left out)"),
        ),
    ]


def change_tiles(c: analytics.ChangeKpis) -> list[Kpi]:
    """The four tiles of the Changes tab."""
    return [
        Kpi(
            t("Changes implemented"),
            fmt.number(c.implemented),
            t("Changes implemented in the period, cancelled ones left out"),
        ),
        Kpi(
            t("Success rate"),
            fmt.pct(c.success_pct, 1),
            t("Successful ÷ implemented changes"),
            delta=t("{f} failed · {r} rolled back", f=c.failed, r=c.rolled_back),
            delta_color="off",
            arrow=False,
        ),
        Kpi(
            t("Emergency share"),
            fmt.pct(c.emergency_pct, 1),
            delta=t("{n} emergency changes", n=c.emergency),
            delta_color="off",
            arrow=False,
        ),
        Kpi(
            t("Changes causing incidents"),
            fmt.number(c.caused_incident),
            delta=t("{p} of implemented", p=fmt.pct(c.caused_incident_pct, 1)),
            delta_color="off",
            arrow=False,
        ),
    ]


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
            bucket = rest[0] if rest[0] in AGE_BUCKETS else None
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


def ticket_drill(conn: Connection, mark: TicketMark, settings: Settings | None = None) -> Drill:
    rows, total = q.tickets_behind(conn, mark, limit=ROW_CAP, zones=zones_of(settings))
    return Drill(rows=rows, total=total, title=describe_tickets(mark, total))


def change_drill(conn: Connection, mark: ChangeMark, settings: Settings | None = None) -> Drill:
    rows, total = q.changes_behind(conn, mark, limit=ROW_CAP, zones=zones_of(settings))
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


def describe_tickets(mark: TicketMark, total: int) -> str:
    """'1,204 tickets opened 3–9 Mar 2026', '86 open tickets aged 8–30 d · P2 on 16 Nov 2026'."""
    head = tn(total, "{n} ticket", "{n} tickets", n=fmt.number(total))
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
    head = tn(total, "{n} change", "{n} changes", n=fmt.number(total))
    text = t("{head} implemented {when}", head=head, when=_window(mark.lo, mark.hi))
    if mark.outcome:
        text += " · " + t(outcome_word(mark.outcome))
    return text


def outcome_word(outcome: str) -> str:
    return t("No outcome recorded") if outcome == BLANK else t(outcome)


# --------------------------------------------------------------------------- display tables

#: Drill-down tables: column → (source column, kind). Kinds drive the table's formats.
TICKET_COLUMNS: display.Columns = {
    N_("Ticket"): ("ticket_id", "text"),
    N_("Service"): ("service", "text"),
    N_("Priority"): ("priority", "text"),
    N_("Category"): ("category", "text"),
    N_("Status"): ("status", "text"),
    N_("Opened"): ("opened_at", "datetime"),
    N_("Resolved"): ("resolved_at", "datetime"),
    N_("Time to resolve (h)"): ("hours_to_resolve", "hours"),
    N_("On hold (h)"): ("on_hold_hours", "hours"),
    N_("Target (h)"): ("target_hours", "hours"),
    N_("SLA"): ("sla_word", "text"),
    N_("Escalated"): ("escalated", "bool"),
    N_("Reopened"): ("reopened_count", "int"),
    N_("Group"): ("assignment_group", "text"),
    N_("Root cause"): ("root_cause", "text"),
    N_("Satisfaction (1–5)"): ("satisfaction", "score0"),
}
OPEN_TICKET_COLUMNS: display.Columns = {
    N_("Ticket"): ("ticket_id", "text"),
    N_("Service"): ("service", "text"),
    N_("Priority"): ("priority", "text"),
    N_("Category"): ("category", "text"),
    N_("Status"): ("status", "text"),
    N_("Opened"): ("opened_at", "datetime"),
    N_("Age (days)"): ("age_days", "age"),
    N_("Escalated"): ("escalated", "bool"),
    N_("Group"): ("assignment_group", "text"),
}
CHANGE_COLUMNS: display.Columns = {
    N_("Change"): ("change_id", "text"),
    N_("Service"): ("service", "text"),
    N_("Type"): ("type", "text"),
    N_("Outcome"): ("outcome", "text"),
    N_("Caused incident"): ("caused_incident", "bool"),
    N_("Planned start"): ("planned_start", "datetime"),
    N_("Implemented"): ("implemented_at", "datetime"),
    N_("Project"): ("project_id", "text"),
}
SLA_COLUMNS: display.Columns = {
    N_("Service"): ("service", "text"),
    N_("Priority"): ("priority", "text"),
    N_("Resolved"): ("resolved", "int"),
    N_("Missed"): ("missed", "int"),
    # units are in the cells ("75.0 %", "4.0 h"): short headings keep all columns in view
    N_("Compliance"): ("compliance_pct", "pct1"),
    N_("Target"): ("target_pct", "pct1"),
    N_("Status"): ("status_word", "text"),
    N_("Time target"): ("resolution_hours", "hours"),
    N_("MTTR median"): ("median_hours", "hours"),
    N_("MTTR mean"): ("mean_hours", "hours"),
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


def ticket_table(rows: pd.DataFrame, open_tickets: bool = False) -> pd.DataFrame:
    if open_tickets:
        return display.select(rows, OPEN_TICKET_COLUMNS)
    words = [
        "" if pd.isna(resolved) else sla_word(bool(met) if pd.notna(met) else None)
        for met, resolved in zip(rows["sla_met"], rows["resolved_at"], strict=True)
    ]
    return display.select(rows.assign(sla_word=words), TICKET_COLUMNS)


def change_table(rows: pd.DataFrame) -> pd.DataFrame:
    return display.select(
        rows.assign(outcome=rows["outcome"].fillna(t("No outcome"))), CHANGE_COLUMNS
    )


def sla_table(sla: pd.DataFrame) -> pd.DataFrame:
    words = [status_word(row) for _, row in sla.iterrows()] if len(sla) else []
    return display.select(sla.assign(status_word=words), SLA_COLUMNS)
