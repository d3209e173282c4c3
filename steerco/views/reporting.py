"""Reporting completeness before the next meeting, for the PMO: which active projects have
reported, are in draft, were returned, are late or still due, which are stale, the late project
managers' names, and the reminder e-mails to them (docs/reporting.md, "Completeness before the
meeting"; the rules: :mod:`steerco.analytics.reporting`).

Plain Python: the Report page's "Completeness" tab (``steerco.ui.reporting``) and
``steerco reporting`` show it; reminders are sent through
``data_access.writes.send_reminders``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import mail, meetings, users
from data_access import reporting_queries as rq
from data_access.filters import Filters
from data_access.known_on import as_known_on
from steerco import fmt
from steerco.analytics import reporting
from steerco.config import Settings
from steerco.i18n import N_, t
from steerco.views import display
from steerco.views.display import Columns, Kpi

COLUMNS: Columns = {
    N_("Project"): ("project_id", "text"),
    N_("Name"): ("name", "text"),
    N_("Project manager"): ("project_manager", "text"),
    N_("Status"): ("status_label", "text"),
    N_("Last report"): ("last_report_date", "date"),
    N_("Its state"): ("last_state_label", "text"),
    N_("Last counted report"): ("last_counted_date", "date"),
    N_("Stale"): ("stale_label", "text"),
}
#: What each status tile says beside its count.
STATUS_HELP = {
    reporting.LATE: N_("Nothing for this meeting and the deadline has passed"),
    reporting.RETURNED: N_("The PMO returned the report; its project manager has to submit again"),
    reporting.DRAFT: N_("Only a draft for this meeting: not submitted"),
    reporting.DUE: N_("Nothing for this meeting yet; the deadline has not passed"),
    reporting.SUBMITTED: N_("Submitted for this meeting, waiting for the PMO's approval"),
    reporting.APPROVED: N_("Approved by the PMO for this meeting"),
}


@dataclass(frozen=True)
class Recipient:
    """A late project manager: their name, e-mail address (None: no address known) and the
    late projects as "id · name"."""

    name: str
    email: str | None
    projects: tuple[str, ...]


@dataclass
class ReportingView:
    meeting: date
    deadline: date
    cycle_start: date
    today: date
    summary: str
    kpis: list[Kpi]
    frame: pd.DataFrame  # one row per active project (reporting.COLUMNS)
    table: pd.DataFrame  # as shown (COLUMNS)
    late_names: list[str]
    recipients: list[Recipient]
    messages: list[mail.Message] = field(default_factory=list)  # one per known address

    @property
    def late_text(self) -> str:
        """The late project managers' names, one a line (to copy)."""
        return "\n".join(self.late_names)

    @property
    def without_address(self) -> list[str]:
        return [r.name for r in self.recipients if r.email is None]


def status_label(status: object) -> str:
    return t(str(status)) if isinstance(status, str) and status else ""


def _key(name: object) -> str:
    return str(name).strip().casefold()


def addresses(names: list[str], role_table: pd.DataFrame) -> dict[str, str | None]:
    """Each project manager's e-mail: the name itself when it is an address, else the address
    of the role table's entry whose name is theirs (without case or outer spaces; the first
    by address when several are), else None."""
    table = role_table.dropna(subset=["name"]).sort_values("email")
    by_name: dict[str, str] = {}
    for entry_name, email in zip(table["name"], table["email"], strict=True):
        by_name.setdefault(_key(entry_name), email)
    return {
        name: name.strip() if users.EMAIL.match(name.strip()) else by_name.get(_key(name))
        for name in names
    }


def _recipients(frame: pd.DataFrame, names: list[str], role_table: pd.DataFrame) -> list[Recipient]:
    late = frame[frame["late"]]
    managers = late["project_manager"].astype(str).str.strip()
    found = addresses(names, role_table)
    return [
        Recipient(
            name=name,
            email=found[name],
            projects=tuple(
                f"{pid} · {pname}"
                for pid, pname in zip(
                    late.loc[managers == name, "project_id"],
                    late.loc[managers == name, "name"],
                    strict=True,
                )
            ),
        )
        for name in names
    ]


def message(recipient: Recipient, meeting: date, deadline: date) -> mail.Message:
    """The reminder to one late project manager (with an address), naming their late
    projects, the meeting and the deadline."""
    first = recipient.projects[0].split(" · ", 1)[0]
    more = len(recipient.projects) - 1
    subject = t(
        "Status report due for the steering committee of {meeting}: {project}",
        meeting=fmt.day(meeting),
        project=first if not more else t("{first} and {n} more", first=first, n=more),
    )
    body = t(
        "Hello {name},\n\nThe status report of these projects for the steering committee of "
        "{meeting} was due on {deadline} and has not been submitted yet:\n\n{projects}\n\n"
        "Please submit it in Steerco as soon as you can.\n\nThe PMO",
        name=recipient.name,
        meeting=fmt.day(meeting),
        deadline=fmt.day(deadline),
        projects="\n".join(f"- {p}" for p in recipient.projects),
    )
    return mail.Message(to=str(recipient.email), subject=subject, body=body)


def smtp_server(settings: Settings) -> mail.SmtpServer | None:
    """The configured mail server (setting ``[smtp]``), None when none is configured."""
    smtp = settings.smtp
    if not smtp.configured:
        return None
    return mail.SmtpServer(
        host=smtp.host,
        port=smtp.port,
        sender=smtp.sender,
        security=smtp.security,
        username=smtp.username,
    )


def _kpis(frame: pd.DataFrame, stale_days: int) -> list[Kpi]:
    counts = reporting.counts(frame)
    tiles = [Kpi(t(s), fmt.number(counts[s]), help=t(STATUS_HELP[s])) for s in reporting.STATUSES]
    tiles.append(
        Kpi(
            t("Stale"),
            fmt.number(int(frame["stale"].sum())),
            help=t(
                "Latest counted report more than {days} days older than the deadline, or none",
                days=stale_days,
            ),
        )
    )
    return tiles


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    rows = frame.assign(
        status_label=frame["status"].map(status_label),
        last_state_label=frame["last_state"].map(status_label),
        stale_label=frame["stale"].map(lambda s: t("◷ stale") if s else ""),
    )
    return display.select(rows, COLUMNS)


@as_known_on
def build(
    conn: Connection, filters: Filters, settings: Settings, *, today: date
) -> ReportingView | None:
    """Completeness of the filtered active projects for the first meeting on or after
    ``today``; None when no meeting is scheduled then."""
    meeting = meetings.next_meeting(conn, today - timedelta(days=1))
    if meeting is None:
        return None
    cycle = reporting.cycle(
        meeting, meetings.previous_meeting(conn, meeting), settings.reporting.deadline_days
    )
    counted = settings.reporting.counted_states
    projects = rq.active_projects(conn, filters, settings.apart_phases)
    reports = rq.reports(conn, filters, since=cycle.start, until=today, counted_states=counted)
    frame = reporting.completeness(
        projects,
        reports,
        cycle_start=cycle.start,
        deadline=cycle.deadline,
        today=today,
        stale_days=settings.stale_report_days,
        counted_states=counted,
    )
    names = reporting.late_managers(frame)
    recipients = _recipients(frame, names, users.frame(conn)) if names else []
    counts = reporting.counts(frame)
    return ReportingView(
        meeting=meeting,
        deadline=cycle.deadline,
        cycle_start=cycle.start,
        today=today,
        summary=t(
            "Next meeting {meeting}; reports due {deadline} ({days} days before). Reports "
            "dated after {start} count for it. {reported} of {active} active projects have "
            "reported.",
            meeting=fmt.day(meeting),
            deadline=fmt.day(cycle.deadline),
            days=settings.reporting.deadline_days,
            start=fmt.day(cycle.start),
            reported=counts[reporting.SUBMITTED] + counts[reporting.APPROVED],
            active=len(frame),
        ),
        kpis=_kpis(frame, settings.stale_report_days),
        frame=frame,
        table=_table(frame),
        late_names=names,
        recipients=recipients,
        messages=[message(r, meeting, cycle.deadline) for r in recipients if r.email],
    )


def _iso(value: object) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def document(view: ReportingView) -> dict:
    """The view as plain JSON types (``steerco reporting --json``)."""
    return {
        "meeting": view.meeting.isoformat(),
        "deadline": view.deadline.isoformat(),
        "cycle_start": view.cycle_start.isoformat(),
        "as_of": view.today.isoformat(),
        "counts": {**reporting.counts(view.frame), "Stale": int(view.frame["stale"].sum())},
        "projects": [
            {
                "project_id": row.project_id,
                "name": row.name,
                "project_manager": None if pd.isna(row.project_manager) else row.project_manager,
                "status": row.status,
                "late": bool(row.late),
                "stale": bool(row.stale),
                "last_report_date": _iso(row.last_report_date),
                "last_state": None if pd.isna(row.last_state) else row.last_state,
                "last_counted_date": _iso(row.last_counted_date),
            }
            for row in view.frame.itertuples(index=False)
        ],
        "late_project_managers": [
            {"name": r.name, "email": r.email, "projects": list(r.projects)}
            for r in view.recipients
        ],
    }


def text(view: ReportingView) -> str:
    """The view as lines for a terminal (``steerco reporting``)."""
    lines = [view.summary, ""]
    for row in view.frame.itertuples(index=False):
        manager = "" if pd.isna(row.project_manager) else str(row.project_manager)
        last = fmt.day(row.last_report_date)
        if isinstance(row.last_state, str):
            last = f"{last} {status_label(row.last_state)}"
        stale = f"  {t('◷ stale')}" if row.stale else ""
        lines.append(
            f"{status_label(row.status):10} {row.project_id:10} {manager:24.24} "
            f"{t('last report')} {last}{stale}"
        )
    if view.late_names:
        lines += ["", t("Late project managers: {names}", names=", ".join(view.late_names))]
    return "\n".join(lines)
