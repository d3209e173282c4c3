"""What presentation mode shows: one committee meeting's agenda as a sequence of screens — the
summary, the changes since the last meeting, one screen per red and per watermelon project,
the decisions to take, the actions due or overdue and any other business.

Built from the Meeting page's model (:func:`steerco.views.meeting.build`: its agenda, with the
secretary's edits, decides what is presented) and the Project page's
(:func:`steerco.views.project.build`) — no query of its own. Plain Python (no Streamlit).

Every screen must fit a 1280×720 projector without scrolling, so lists are cut to a few lines
with a "+N more" line; the decisions, which the committee must take one by one, are spread
over as many screens as they need instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy.engine import Connection

from data_access.filters import Filters
from steerco import fmt
from steerco.analytics.meetings import AgendaItem
from steerco.config import Settings
from steerco.i18n import rag_label, t, tn
from steerco.views import meeting, portfolio, project
from steerco.views.display import Kpi

#: Lines a list screen (changes, actions, any other business) shows; the rest are counted.
LIST_LINES = 7
#: Room for decisions on one screen, in lines: a question alone takes one, a question with its
#: options or recommendation two (the committee takes them one by one: none is left out, they
#: go on as many screens as they need).
DECISION_ROOM = 6
#: Milestones a project screen lists (those that slipped most first).
PROJECT_MILESTONES = 4
#: Reports in a project screen's RAG trend (the last ones).
TREND_REPORTS = 8
#: Characters of a report's summary shown as "why" (the Project page has the whole text).
WHY_CHARS = 420
#: Characters of one list line's detail (options, recommendation, an action's text).
DETAIL_CHARS = 160

#: A project screen's milestone columns (the Project page has them all).
MILESTONE_COLUMNS = {
    label: spec
    for label, spec in project.MILESTONE_COLUMNS.items()
    if label in ("Milestone", "Baseline", "Forecast", "Slip")
}

#: Screen kinds, in agenda order.
SUMMARY, CHANGES, PROJECT, DECISIONS, ACTIONS, AOB = (
    "summary",
    "changes",
    "project",
    "decisions",
    "actions",
    "aob",
)


def cut(text: object, limit: int) -> str:
    """``text`` on one screen: at most ``limit`` characters, cut at a word with "…"."""
    value = " ".join(str(text or "").split())
    if len(value) <= limit:
        return value
    head = value[: limit - 1].rsplit(" ", 1)[0]
    return head + "…"


@dataclass(frozen=True)
class Line:
    """One line of a list screen; ``project_id`` makes its title open the project."""

    title: str
    detail: str = ""
    project_id: str | None = None


@dataclass(frozen=True)
class ProjectScreen:
    """What a red or watermelon project's screen shows."""

    project_id: str
    status: str  # "Reported Red · computed Red"
    alert: str | None  # the watermelon warning: reported better than the figures say
    why: str  # the latest counted report's summary
    report_day: str  # its date, as shown
    decision: str  # the decision the report asks ("" for none)
    reports: pd.DataFrame  # the last TREND_REPORTS reports (RAG trend)
    financials: pd.DataFrame  # per month, with the S-curve columns
    bac: float | None
    as_of: date
    milestones: pd.DataFrame  # display table: the PROJECT_MILESTONES that slipped most
    milestones_more: int  # milestones not listed


@dataclass(frozen=True)
class Screen:
    kind: str
    title: str
    kpis: tuple[Kpi, ...] = ()
    lines: tuple[Line, ...] = ()
    more: int = 0  # lines left out of this screen
    empty: str = ""  # said when there is no line
    project: ProjectScreen | None = None


@dataclass(frozen=True)
class PresentView:
    day: date
    title: str  # "IT Steering Committee — 23 Nov 2026"
    caption: str  # the state, the chair, as of
    screens: tuple[Screen, ...] = field(default_factory=tuple)

    def index(self, kind: str) -> int | None:
        """The 1-based number of the first screen of ``kind`` (None when there is none)."""
        return next((n for n, s in enumerate(self.screens, start=1) if s.kind == kind), None)


# --------------------------------------------------------------------------- screens


def _listed(items: list[AgendaItem], limit: int = LIST_LINES) -> tuple[tuple[Line, ...], int]:
    lines = tuple(Line(i.title, cut(i.detail, DETAIL_CHARS), i.project_id) for i in items[:limit])
    return lines, max(0, len(items) - limit)


def _summary(view: meeting.MeetingView, later: list[Screen]) -> Screen:
    """The meeting's tiles and its agenda: how many items each part has, and its screen."""
    outline = []
    for key, kind in (
        ("changes", CHANGES), ("red", PROJECT), ("decisions", DECISIONS), ("actions", ACTIONS),
        ("aob", AOB),
    ):  # fmt: skip
        first = next((n for n, s in enumerate(later, start=2) if s.kind == kind), None)
        count = len(view.agenda.section(key))
        detail = (
            tn(count, "{n} item, screen {screen}", "{n} items, screen {screen}", screen=first)
            if count and first
            else tn(count, "{n} item", "{n} items")
        )
        outline.append(Line(t(meeting.SECTION_TITLES[key]), detail))
    return Screen(SUMMARY, t("Executive summary"), tuple(view.kpis), tuple(outline))


def _changes(view: meeting.MeetingView) -> Screen:
    items = view.agenda.section("changes")
    lines, more = _listed(items)
    return Screen(
        CHANGES,
        t(meeting.SECTION_TITLES["changes"]),
        lines=lines,
        more=more,
        empty=t("No status moved since the last meeting."),
    )


def _status(row: pd.Series) -> str:
    reported = rag_label(row.get("overall_rag"))
    computed = row.get("overall_rag_computed")
    if not isinstance(computed, str):
        return t("Reported {rag}", rag=reported)
    return t("Reported {rag} · computed {computed}", rag=reported, computed=rag_label(computed))


def _milestones(pv: project.ProjectView) -> tuple[pd.DataFrame, int]:
    """The milestones that slipped most (open ones before landed ones), as a display table."""
    ms = pv.milestones
    if ms.empty:
        return project.milestones_table(ms, MILESTONE_COLUMNS), 0
    slip = (pd.to_datetime(ms["forecast_date"]) - pd.to_datetime(ms["baseline_date"])).dt.days
    landed = ms["actual_date"].notna()
    order = (
        pd.DataFrame({"landed": landed, "slip": slip.fillna(0)})
        .sort_values(["landed", "slip"], ascending=[True, False], kind="stable")
        .index[:PROJECT_MILESTONES]
    )
    shown = project.milestones_table(ms.loc[order].reset_index(drop=True), MILESTONE_COLUMNS)
    return shown, max(0, len(ms) - PROJECT_MILESTONES)


def _alert(text: str | None) -> str | None:
    """The watermelon warning without its flag (the screen marks it with an icon)."""
    return text.removeprefix(portfolio.WATERMELON_FLAG).strip() if text else None


def _project(pv: project.ProjectView) -> Screen:
    report = pv.latest_report
    shown, more = _milestones(pv)
    return Screen(
        PROJECT,
        pv.title,
        project=ProjectScreen(
            project_id=pv.project_id,
            status=_status(pv.row),
            alert=_alert(pv.watermelon_alert),
            why=cut(report["summary"], WHY_CHARS) if report is not None else "",
            report_day=fmt.day(report["report_date"]) if report is not None else "",
            decision=cut(pv.decision, WHY_CHARS),
            reports=pv.reports.tail(TREND_REPORTS),
            financials=pv.financials,
            bac=pv.row.get("bac"),
            as_of=pv.as_of,
            milestones=shown,
            milestones_more=more,
        ),
    )


def _decision_line(item: AgendaItem) -> Line:
    prefill = item.prefill or {}
    parts = [
        t("Options: {text}", text=cut(prefill["options"], DETAIL_CHARS))
        if prefill.get("options")
        else "",
        t("Recommendation: {text}", text=cut(prefill["recommendation"], DETAIL_CHARS))
        if prefill.get("recommendation")
        else "",
        item.detail,
    ]
    return Line(cut(item.title, WHY_CHARS), "\n".join(p for p in parts if p), item.project_id)


def _room(line: Line) -> int:
    return 2 if ("\n" in line.detail or len(line.title) > DETAIL_CHARS) else 1


def _pages(lines: list[Line]) -> list[list[Line]]:
    """Lines in screens of at most :data:`DECISION_ROOM` (a line never split)."""
    pages: list[list[Line]] = [[]]
    for line in lines:
        if pages[-1] and sum(map(_room, pages[-1])) + _room(line) > DECISION_ROOM:
            pages.append([])
        pages[-1].append(line)
    return pages


def _decisions(view: meeting.MeetingView) -> list[Screen]:
    items = view.agenda.section("decisions")
    title = t(meeting.SECTION_TITLES["decisions"])
    if not items:
        return [Screen(DECISIONS, title, empty=t("No decision is asked of this meeting."))]
    pages = _pages([_decision_line(i) for i in items])
    return [
        Screen(
            DECISIONS,
            f"{title} ({n}/{len(pages)})" if len(pages) > 1 else title,
            lines=tuple(page),
        )
        for n, page in enumerate(pages, start=1)
    ]


def _actions(view: meeting.MeetingView) -> Screen:
    lines, more = _listed(view.agenda.section("actions"))
    return Screen(
        ACTIONS,
        t(meeting.SECTION_TITLES["actions"]),
        lines=lines,
        more=more,
        empty=t("No action from earlier meetings is open."),
    )


def _aob(view: meeting.MeetingView) -> Screen:
    lines, more = _listed(view.agenda.section("aob"))
    return Screen(
        AOB,
        t(meeting.SECTION_TITLES["aob"]),
        lines=lines,
        more=more,
        empty=t("No other business was added to the agenda."),
    )


def build(
    conn: Connection, filters: Filters, settings: Settings, *, day: date, today: date
) -> PresentView | None:
    """The meeting on ``day`` as screens (None when there is no such meeting); its figures
    are those of the Meeting page: the portfolio as of the meeting day (or today, for a
    meeting still to come)."""
    view = meeting.build(conn, filters, settings, day=day, today=today)
    if view is None:
        return None
    on_day = filters.only_scope().with_(as_of=min(day, today))
    projects = []
    for item in view.agenda.section("red"):
        pv = project.build(conn, on_day, settings, project_id=item.project_id)
        if pv is not None:
            projects.append(_project(pv))
    later = [_changes(view), *projects, *_decisions(view), _actions(view), _aob(view)]
    screens = (_summary(view, later), *later)
    caption = " · ".join(
        part
        for part in (
            view.status_name.capitalize(),
            t("Chair: {chair}", chair=view.chair) if view.chair else "",
            t("As of {day}", day=fmt.day(min(day, today))),
        )
        if part
    )
    return PresentView(
        day=day,
        title=t("{committee} — {day}", committee=view.committee, day=fmt.day(day)),
        caption=caption,
        screens=screens,
    )
