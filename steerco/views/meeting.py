"""What the Meeting page shows: one committee meeting — its details and state, the agenda
generated from the portfolio (and edited), the decisions and actions recorded in it, the
actions still open from earlier meetings, and, once closed, what the committee saw, frozen.

The page, the minutes, ``steerco meeting`` and the freeze all read :func:`build`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import meetings as records
from data_access import schema
from data_access.filters import Filters
from steerco import fmt
from steerco.analytics import meetings as follow_up
from steerco.analytics.meetings import Agenda, AgendaItem
from steerco.config import Settings
from steerco.i18n import N_, rag_label, t
from steerco.views import display, overview
from steerco.views.display import Columns, Kpi

#: Section key → title (translated when shown).
SECTION_TITLES = {
    "summary": N_("Executive summary"),
    "changes": N_("Changes since the last meeting"),
    "red": N_("Red and watermelon projects"),
    "decisions": N_("Decisions asked"),
    "actions": N_("Actions due or overdue from earlier meetings"),
    "aob": N_("Any other business"),
}
#: How a meeting's state is named; a past meeting never run in Steerco is "held".
STATUS_NAMES = {
    schema.MEETING_PLANNED: N_("planned"),
    schema.MEETING_IN_SESSION: N_("in session"),
    schema.MEETING_CLOSED: N_("closed"),
    "held": N_("held (not recorded in Steerco)"),
}

DECISION_COLUMNS: Columns = {
    N_("ID"): ("decision_id", "text"),
    N_("Project"): ("project_label", "text"),
    N_("Question"): ("question", "text"),
    N_("Options"): ("options", "text"),
    N_("Recommendation"): ("recommendation", "text"),
    N_("Outcome"): ("outcome", "text"),
    N_("Rationale"): ("rationale", "text"),
    N_("Decided by"): ("decided_by", "text"),
}
ACTION_COLUMNS: Columns = {
    N_("ID"): ("action_id", "text"),
    N_("Action"): ("action", "text"),
    N_("Owner"): ("owner", "text"),
    N_("Due"): ("due_date", "date"),
    N_("Status"): ("status", "text"),
    N_("Project"): ("project_label", "text"),
    N_("Raised"): ("raised_meeting", "date"),
}
OPEN_ACTION_COLUMNS: Columns = {
    **ACTION_COLUMNS,
    N_("Days overdue"): ("days_overdue", "int"),
}
#: The portfolio as the committee saw it, kept in the frozen record (RAG codes as letters).
PORTFOLIO_COLUMNS: Columns = {
    N_("ID"): ("project_id", "text"),
    N_("Project"): ("name", "text"),
    N_("Overall"): ("overall_rag", "rag"),
    N_("Overall (computed)"): ("overall_rag_computed", "rag"),
    N_("Phase"): ("phase", "text"),
    N_("Budget (BAC)"): ("approved_budget", "money"),
    N_("EAC"): ("eac", "money"),
    N_("% complete"): ("percent_complete", "pct0"),
    N_("Forecast end"): ("forecast_end_date", "date"),
}
MEETING_COLUMNS: Columns = {
    N_("Date"): ("meeting_date", "date"),
    N_("Committee"): ("committee", "text"),
    N_("Chair"): ("chair", "text"),
    N_("State"): ("state", "text"),
    N_("Decisions"): ("decisions", "int"),
    N_("Actions"): ("actions", "int"),
}


@dataclass
class MeetingView:
    day: date
    committee: str
    chair: str
    attendees: list[str]
    notes: str
    status: str  # planned, in session, closed, or held (past, never run in Steerco)
    record: records.MeetingRecord
    previous: date | None
    next: date | None
    kpis: list[Kpi]
    portfolio: pd.DataFrame  # one row per project as of the day (views.portfolio.frame)
    agenda: Agenda
    decisions: pd.DataFrame  # recorded in this meeting
    actions: pd.DataFrame  # raised in this meeting
    open_actions: pd.DataFrame  # from earlier meetings, open on the day (overdue flagged)
    deferred: pd.DataFrame  # decisions deferred earlier, not taken since

    @property
    def closed(self) -> bool:
        return self.record.closed

    @property
    def status_name(self) -> str:
        return t(STATUS_NAMES.get(self.status, self.status))

    @property
    def overdue(self) -> int:
        return int(self.open_actions["overdue"].sum()) if not self.open_actions.empty else 0


def _label(frame: pd.DataFrame) -> pd.Series:
    ids = frame["project_id"].fillna("")
    names = frame.get("project_name", pd.Series("", index=frame.index)).fillna("")
    return (ids + " · " + names).where(ids != "", t("Portfolio"))


def _status(record: records.MeetingRecord, day: date, today: date) -> str:
    if record.status == schema.MEETING_PLANNED and day < today:
        return "held"
    return record.status


def _summary_items(ov: overview.OverviewView) -> list[AgendaItem]:
    tot = ov.totals
    line = t(
        "{n} active projects: {red} red, {amber} amber, {green} green; {w} watermelon(s); "
        "{d} decision(s) asked.",
        n=tot.projects,
        red=tot.by_rag.get("R", 0),
        amber=tot.by_rag.get("A", 0),
        green=tot.by_rag.get("G", 0),
        w=tot.watermelons,
        d=tot.decisions,
    )
    return [AgendaItem("summary", "summary:portfolio", t("Portfolio status"), line)]


def _change_items(ov: overview.OverviewView) -> list[AgendaItem]:
    return [
        AgendaItem(
            "changes",
            f"changes:{row.project_id}",
            f"{row.project_id} · {row.name}",
            t(
                "{was} → {now}",
                was=rag_label(row.previous_rag) if isinstance(row.previous_rag, str) else "–",
                now=rag_label(row.current_rag) if isinstance(row.current_rag, str) else "–",
            ),
            project_id=row.project_id,
        )
        for row in ov.changes.itertuples(index=False)
    ]


def _red_items(ov: overview.OverviewView) -> list[AgendaItem]:
    frame = ov.portfolio
    red = frame.loc[(frame["overall_rag"] == "R") | frame["watermelon"].fillna(False).astype(bool)]
    items = []
    for row in red.itertuples(index=False):
        kind = (
            t("watermelon: reported {rag}", rag=rag_label(row.overall_rag))
            if getattr(row, "watermelon", False)
            else t("reported red")
        )
        items.append(
            AgendaItem(
                "red", f"red:{row.project_id}", f"{row.project_id} · {row.name}", kind,
                project_id=row.project_id,
            )
        )  # fmt: skip
    return items


def _question_key(question: object, project_id: object) -> str:
    text = str(question or "").strip().lower()
    return f"{text}|{project_id if isinstance(project_id, str) else ''}"


def _decided(item: AgendaItem, taken: dict[str, tuple[str, str]]) -> AgendaItem:
    """An item already decided in this meeting says so, and opens no form."""
    found = taken.get(_question_key(item.title, item.project_id))
    if found is None:
        return item
    decision_id, outcome = found
    detail = t("Decided: {outcome} ({id}).", outcome=t(outcome), id=decision_id)
    return AgendaItem(item.section, item.ref, item.title, detail, item.project_id, None)


def _decision_items(
    ov: overview.OverviewView, deferred: pd.DataFrame, day: date, recorded: pd.DataFrame
) -> list:
    taken = {
        _question_key(r.question, r.project_id): (r.decision_id, r.outcome)
        for r in recorded.itertuples(index=False)
    }
    return [_decided(item, taken) for item in _asked_items(ov, deferred, day)]


def _asked_items(ov: overview.OverviewView, deferred: pd.DataFrame, day: date) -> list:
    items = []
    for row in deferred.itertuples(index=False):
        items.append(
            AgendaItem(
                "decisions",
                f"decisions:deferred:{row.decision_id}",
                row.question,
                t("Deferred on {day} ({id}).", day=fmt.day(row.meeting_date), id=row.decision_id),
                project_id=row.project_id,
                prefill={
                    "meeting_date": day,
                    "project_id": row.project_id,
                    "question": row.question,
                    "context": row.context,
                    "options": row.options,
                    "recommendation": row.recommendation,
                    "source": f"deferred {row.decision_id}",
                },
            )
        )
    for n, row in enumerate(ov.decisions.itertuples(index=False), start=1):
        pid = row.project_id if isinstance(row.project_id, str) else None
        source = (f"{row.raid_id}" if isinstance(getattr(row, "raid_id", None), str) else None) or (
            f"status report {pid}" if pid else t("portfolio")
        )
        items.append(
            AgendaItem(
                "decisions",
                f"decisions:{source}:{n}",
                str(row.decision),
                t("Asked by {source}.", source=source),
                project_id=pid,
                prefill={
                    "meeting_date": day,
                    "project_id": pid,
                    "question": str(row.decision),
                    "options": _text(getattr(row, "options", None)),
                    "recommendation": _text(getattr(row, "recommendation", None)),
                    "source": source,
                },
            )
        )
    return items


def _text(value: object) -> str | None:
    """A text of the data, or None for a missing one (NaN, None, blank)."""
    return value.strip() or None if isinstance(value, str) else None


def _action_items(open_actions: pd.DataFrame) -> list[AgendaItem]:
    items = []
    for row in open_actions.itertuples(index=False):
        due = fmt.day(row.due_date)
        detail = (
            t("{owner}, due {due}: {n} day(s) overdue.", owner=row.owner, due=due,
              n=row.days_overdue)
            if row.overdue
            else t("{owner}, due {due}.", owner=row.owner, due=due)
        )  # fmt: skip
        items.append(
            AgendaItem(
                "actions", f"actions:{row.action_id}", f"{row.action_id} · {row.action}",
                detail, project_id=row.project_id,
            )
        )  # fmt: skip
    return items


def generated_agenda(
    ov: overview.OverviewView,
    open_actions: pd.DataFrame,
    deferred: pd.DataFrame,
    day: date,
    recorded: pd.DataFrame,
) -> list[AgendaItem]:
    """Every agenda item the data gives, section by section (a decision asked that this
    meeting already took says so)."""
    return [
        *_summary_items(ov),
        *_change_items(ov),
        *_red_items(ov),
        *_decision_items(ov, deferred, day, recorded),
        *_action_items(open_actions),
    ]


def build(
    conn: Connection, filters: Filters, settings: Settings, *, day: date, today: date
) -> MeetingView | None:
    """The meeting on ``day`` as of ``day`` (its figures are the portfolio on that date, as
    known then); None when there is no such meeting. ``today`` decides whether a past meeting
    that was never run in Steerco is "held"."""
    listed = records.meetings(conn)
    found = listed.loc[listed["meeting_date"] == day]
    if found.empty:
        return None
    row = found.iloc[0]
    record = records.record(conn, day)
    scoped = filters.only_scope().with_(as_of=min(day, today))
    ov = overview.build(conn, scoped, settings)
    all_actions = records.actions(conn, scoped)
    open_actions = follow_up.open_actions(all_actions, day)
    deferred = follow_up.deferred_pending(records.decisions(conn, scoped, before=day), day)
    decisions = records.decisions(conn, scoped, meeting=day)
    raised = records.actions(conn, scoped, raised_in=day)
    agenda = follow_up.apply_edits(
        generated_agenda(ov, open_actions, deferred, day, decisions), record.agenda
    )
    return MeetingView(
        day=day,
        committee=str(row["committee"] or ""),
        chair=str(row["chair"] or ""),
        attendees=[a.strip() for a in str(row["attendees"] or "").split(";") if a.strip()],
        notes=str(row["notes"] or ""),
        status=_status(record, day, today),
        record=record,
        previous=records.previous_meeting(conn, day),
        next=records.next_meeting(conn, day),
        kpis=ov.kpis,
        portfolio=ov.portfolio,
        agenda=agenda,
        decisions=decisions.assign(project_label=_label(decisions)),
        actions=raised.assign(project_label=_label(raised)),
        open_actions=open_actions.assign(project_label=_label(open_actions)),
        deferred=deferred,
    )


def meeting_list(conn: Connection, today: date) -> pd.DataFrame:
    """Every meeting, newest first, with its state as shown."""
    listed = records.meetings(conn)
    state = [
        t(STATUS_NAMES["held"])
        if status == schema.MEETING_PLANNED and day < today
        else t(STATUS_NAMES.get(status, status))
        for day, status in zip(listed["meeting_date"], listed["status"], strict=True)
    ]
    return listed.assign(state=state)


def frozen_content(view: MeetingView) -> dict[str, Any]:
    """What the committee saw, as JSON-ready data: the tiles, the agenda, the decisions and
    actions (this meeting's and the open ones) — kept with the record when the meeting closes,
    and shown instead of the live data ever after."""

    def rows(frame: pd.DataFrame, columns: Columns) -> list[dict]:
        return (
            display.select(frame, columns)
            .astype(object)
            .where(display.select(frame, columns).notna(), None)
            .to_dict(orient="records")
        )

    content = {
        "day": view.day.isoformat(),
        "committee": view.committee,
        "chair": view.chair,
        "attendees": view.attendees,
        "kpis": [asdict(k) for k in view.kpis],
        "agenda": [asdict(i) for i in view.agenda.items],
        "decisions": rows(view.decisions, DECISION_COLUMNS),
        "actions": rows(view.actions, ACTION_COLUMNS),
        "open_actions": rows(view.open_actions, OPEN_ACTION_COLUMNS),
        "portfolio": rows(view.portfolio, PORTFOLIO_COLUMNS),
    }
    # as stored: JSON types only (dates as ISO text), so a frozen record reads back equal
    return json.loads(json.dumps(content, sort_keys=True, default=str))


def frozen_pack(conn: Connection, day: date) -> bytes | None:
    """The pack as it was built when the meeting closed (None before, or without Chromium)."""
    return records.frozen_pack(conn, day)


def items_table(items: list[AgendaItem]) -> pd.DataFrame:
    """Agenda items as a table (those beyond the ones the page lists one by one)."""
    return pd.DataFrame(
        {t("Item"): [i.title for i in items], t("Detail"): [i.detail for i in items]}
    )


def decisions_table(frame: pd.DataFrame) -> pd.DataFrame:
    return display.select(frame, DECISION_COLUMNS)


def actions_table(frame: pd.DataFrame, columns: Columns = ACTION_COLUMNS) -> pd.DataFrame:
    return display.select(frame, columns)


def meetings_table(frame: pd.DataFrame) -> pd.DataFrame:
    return display.select(frame, MEETING_COLUMNS)
