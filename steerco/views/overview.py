"""What the Overview page (the committee's first screen) shows, in one call: KPI tiles, the
watermelon warnings, what changed since the last meeting, top risks, milestones due, the
decisions asked and what the committee carries forward (its actions, overdue ones counted, and
the decisions it deferred). Plain Python (no Streamlit); the pack and ``steerco figures`` use
it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import meetings as records
from data_access import queries
from data_access.filters import Filters
from data_access.known_on import as_known_on
from steerco import fmt
from steerco.analytics import changes as change_analytics
from steerco.analytics import meetings as follow_up
from steerco.config import Settings
from steerco.i18n import N_, rag_label, t
from steerco.views import display, portfolio, project
from steerco.views.decisions import asked
from steerco.views.display import Columns, Kpi

#: Watermelon warnings listed by name on the overview (most severe first); the rest are counted,
#: because a committee reads a handful, not hundreds.
OVERVIEW_WATERMELON_LINES = 8
#: Position of the "Red projects" tile in :attr:`OverviewView.kpis` (the page links it to the
#: portfolio filtered to red).
RED_KPI = 1
#: Rows each overview table shows whole (no scroll box); the rest wait behind "Show all".
#: Ten rows and a title fit one 1280×720 screen with the tiles scrolled away.
TOP_ROWS = 10


@dataclass
class Totals:
    """The overview's figures as numbers (the tiles show them formatted; the pack too)."""

    projects: int
    by_rag: dict[str, int]  # reported overall RAG → count, "none" for no report
    approved_budget: float
    eac: float
    red: int
    stale: int
    watermelons: int
    decisions: int
    overdue_actions: int  # the committee's actions from earlier meetings, open and past due


# --------------------------------------------------------------------------- display tables

CHANGES_COLUMNS: Columns = {
    N_("ID"): ("project_id", "text"),
    N_("Project"): ("name", "text"),
    N_("Was"): ("previous_rag", "rag"),
    N_("Now"): ("current_rag", "rag"),
    N_("Change"): ("change", "text"),
}
CHANGE_WORDS = {
    "worse": N_("▼ Worse"),
    "better": N_("▲ Better"),
    "new": N_("● New"),
    "same": N_("Same"),
}

#: The overview's tables hold what fits a 1280-pixel projector across the page; the Risks,
#: Roadmap and Project pages show every column.
RISK_COLUMNS: Columns = {
    N_("Score"): ("score", "int"),
    N_("Risk"): ("title", "text"),
    N_("Project"): ("project_name", "text"),
    N_("Owner"): ("owner", "text"),
}

#: Milestones due soon or overdue, across projects (open: no actual date yet).
DUE_COLUMNS: Columns = {
    N_("When"): ("when", "text"),
    N_("Milestone"): ("name", "text"),
    N_("Project"): ("project_name", "text"),
    **{
        label: spec
        for label, spec in project.MILESTONE_COLUMNS.items()
        if label in ("Baseline", "Forecast", "Slip")
    },
}

DECISION_COLUMNS: Columns = {
    N_("Project"): ("project_name", "text"),
    N_("Decision asked"): ("decision", "text"),
    N_("Source"): ("source", "text"),
    N_("Since"): ("date", "date"),
}


def changes_table(changes: pd.DataFrame) -> pd.DataFrame:
    words = changes.assign(change=changes["change"].map(lambda c: t(CHANGE_WORDS.get(c, c))))
    return display.select(words, CHANGES_COLUMNS)


def risks_table(raid: pd.DataFrame) -> pd.DataFrame:
    frame = raid.assign(project_name=raid["project_name"].fillna(t("Portfolio level")))
    return display.select(frame, RISK_COLUMNS)


def due_table(due: pd.DataFrame) -> pd.DataFrame:
    when = due["overdue"].map(lambda o: "⚠ " + t("Overdue") if o else t("Due soon"))
    return project.milestones_table(due.assign(when=when), DUE_COLUMNS)


def decisions_table(decisions: pd.DataFrame) -> pd.DataFrame:
    frame = decisions.assign(
        project_name=decisions["project_name"].fillna(t("Portfolio level")),
        source=decisions["source"].map(t),
    )
    return display.select(frame, DECISION_COLUMNS)


# --------------------------------------------------------------------------- figures


def _totals(frame: pd.DataFrame, decisions: pd.DataFrame, actions: pd.DataFrame) -> Totals:
    counts = frame["overall_rag"].fillna("none").value_counts().to_dict()
    return Totals(
        projects=len(frame),
        by_rag={k: int(counts.get(k, 0)) for k in ("R", "A", "G", "none")},
        approved_budget=float(frame["approved_budget"].fillna(0).sum()),
        eac=float(frame["eac"].fillna(0).sum()),
        red=int(counts.get("R", 0)),
        stale=int(frame["stale"].sum()),
        watermelons=int(frame["watermelon"].sum()),
        decisions=len(decisions),
        overdue_actions=int(actions["overdue"].sum()),
    )


def _kpis(totals: Totals, settings: Settings) -> list[Kpi]:
    currency = settings.currency
    return [
        Kpi(t("Projects"), fmt.number(totals.projects)),
        Kpi(t("Red projects"), fmt.number(totals.red), help=t("Reported overall status Red")),
        Kpi(
            t("EAC"),
            fmt.money(totals.eac, currency),
            delta=t(
                "{over} vs budget", over=fmt.money(totals.eac - totals.approved_budget, currency)
            ),
            delta_color="inverse",
            help=t(
                "Estimate at completion (actuals + remaining forecast) against the budget of {bac}",
                bac=fmt.money(totals.approved_budget, currency),
            ),
        ),
        Kpi(
            t("Watermelons"),
            fmt.number(totals.watermelons),
            help=t("Reported green or amber, but the figures say red"),
        ),
        Kpi(
            t("Stale reports"),
            fmt.number(totals.stale),
            help=t(
                "Active projects whose latest report is older than {days} days",
                days=settings.stale_report_days,
            ),
        ),
        Kpi(t("Decisions required"), fmt.number(totals.decisions)),
        Kpi(
            t("Overdue actions"),
            fmt.number(totals.overdue_actions),
            help=t(
                "Actions the committee asked in earlier meetings, still open and past their due "
                "date (the RAID log's own actions are on the Risks page)"
            ),
        ),
    ]


def rag_changes_since(
    conn: Connection, filters: Filters, since: date | None, column: str = "overall_rag"
) -> pd.DataFrame:
    """Projects whose RAG moved between the last meeting and the as-of date."""
    if since is None:
        return pd.DataFrame(columns=["project_id", "previous_rag", "current_rag", "change"])
    as_of = filters.as_of
    reports = pd.concat(
        [queries.reports_as_of(conn, filters, since), queries.reports_as_of(conn, filters, as_of)],
        ignore_index=True,
    )
    return change_analytics.changed_only(
        change_analytics.rag_changes(reports, since, as_of, column=column)
    )


def _with_red_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """Watermelons, most severe first (budget overrun, then slip), with their red figures."""
    ordered = frame.sort_values(
        ["budget_variance_pct", "schedule_slip_days"], ascending=False, na_position="last"
    )
    figures = (
        ordered.apply(project.red_figures, axis=1) if not ordered.empty else pd.Series(dtype=str)
    )
    return ordered.assign(red_figures=figures)


def _watermelon_lines(watermelons: pd.DataFrame) -> list[tuple[str, str]]:
    """(project_id, "name — why") of the first watermelons: the id is the link, the text
    beside it wraps (a link's label does not, and a long reason would be cut)."""
    lines = []
    for row in watermelons.head(OVERVIEW_WATERMELON_LINES).itertuples():
        reason = t(
            "reported {reported}; figures: {figures}",
            reported=rag_label(row.overall_rag),
            figures=row.red_figures,
        )
        lines.append((row.project_id, f"{row.name} — {reason}"))
    return lines


# --------------------------------------------------------------------------- carried forward


def _chosen(filters: Filters) -> bool:
    """True when the user chose a project filter (their scope alone is not a choice)."""
    return filters != filters.only_scope()


def _of_projects(frame: pd.DataFrame, filters: Filters, projects: pd.DataFrame) -> pd.DataFrame:
    """The committee's rows for the filtered projects: all of them (those of no project too)
    without a project filter, else only those of the filtered projects — the RAID log's rule.
    The user's scope is applied by the read already."""
    if not _chosen(filters):
        return frame
    return frame.loc[frame["project_id"].isin(projects["project_id"])].reset_index(drop=True)


def actions_on(actions: pd.DataFrame, day: date) -> pd.DataFrame:
    """The actions raised in meetings up to ``day`` as they stood on it: ``status_on`` (the
    recorded status once closed by then, else Open), ``closed_date`` and ``closed_meeting``
    only when closed by then, ``open``, and ``overdue`` / ``days_overdue`` of the actions
    open on ``day`` from earlier meetings (:func:`steerco.analytics.meetings.open_actions`)."""
    raised = pd.to_datetime(actions["raised_meeting"]) <= pd.Timestamp(day)
    found = actions.loc[raised].reset_index(drop=True)
    closed = pd.to_datetime(found["closed_date"]) <= pd.Timestamp(day)
    late = follow_up.open_actions(found, day).set_index("action_id")
    return found.assign(
        status_on=found["status"].where(closed, follow_up.OPEN),
        closed_date=found["closed_date"].where(closed, None),
        closed_meeting=found["closed_meeting"].where(closed, None),
        open=~closed,
        overdue=found["action_id"].map(late["overdue"]).fillna(False).astype(bool),
        days_overdue=found["action_id"].map(late["days_overdue"]).fillna(0).astype(int),
    )


def _committee_record(
    conn: Connection, filters: Filters, projects: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(decisions taken in meetings up to the as-of date, actions raised in them as they
    stood on it), for the filtered projects."""
    day = filters.as_of
    taken = records.decisions(conn, filters, before=day + timedelta(days=1))
    actions = actions_on(records.actions(conn, filters), day)
    return _of_projects(taken, filters, projects), _of_projects(actions, filters, projects)


# --------------------------------------------------------------------------- the page


@dataclass
class OverviewView:
    as_of: date
    last_meeting: date | None
    since: str  # the last meeting's date as shown, or "no earlier meeting"
    caption: str  # as-of date and the meeting compared with
    portfolio: pd.DataFrame  # one row per project (views.portfolio.frame)
    totals: Totals
    kpis: list[Kpi]
    changes: pd.DataFrame  # RAG moves since the last meeting (changed rows only)
    changes_table: pd.DataFrame
    top_risks: pd.DataFrame
    risks_table: pd.DataFrame
    milestones_due: pd.DataFrame
    milestones_title: str
    milestones_table: pd.DataFrame
    decisions: pd.DataFrame
    decisions_table: pd.DataFrame
    watermelons: pd.DataFrame  # most severe first, with their red figures
    watermelon_lines: list[tuple[str, str]]  # (project_id, name and why) of the first ones
    watermelons_more: str | None  # how many more are not listed
    #: The committee's record up to the as-of date (``steerco figures`` lists it all).
    committee_decisions: pd.DataFrame  # taken in meetings up to the as-of date
    actions: pd.DataFrame  # raised in them, as they stood on the date (see actions_on)
    deferred: pd.DataFrame  # deferred in meetings before the date, not taken since

    @property
    def overdue_actions(self) -> pd.DataFrame:
        """The actions from earlier meetings still open on the as-of date and past due."""
        return self.actions.loc[self.actions["overdue"]]

    @property
    def no_change_message(self) -> str:
        """What the "what changed" panel says when nothing moved."""
        if self.last_meeting is None:
            return t("No committee meeting before this date to compare with.")
        return t("No status moved since {since}.", since=self.since)

    @property
    def is_empty(self) -> bool:
        return self.portfolio.empty


@as_known_on
def build(conn: Connection, filters: Filters, settings: Settings) -> OverviewView:
    as_of = filters.as_of
    frame = portfolio.frame(conn, filters, settings)
    meetings = queries.meetings(conn)
    last_meeting = change_analytics.last_meeting_before(meetings["meeting_date"], as_of)
    since = fmt.day(last_meeting) if last_meeting else t("no earlier meeting")
    moved = rag_changes_since(conn, filters, last_meeting).merge(
        frame[["project_id", "name"]], on="project_id"
    )
    top_risks = queries.raid(
        conn, filters, types=("Risk",), open_only=True, limit=settings.top_risks
    )
    horizon = as_of + timedelta(days=settings.milestone_horizon_days)
    due = queries.milestones(conn, filters, open_due_before=horizon)
    due = due.assign(overdue=due["forecast_date"] < pd.Timestamp(as_of))
    decisions = asked(conn, filters, settings, projects=frame)
    committee_decisions, actions = _committee_record(conn, filters, frame)
    totals = _totals(portfolio.active(frame), decisions, actions)
    watermelons = _with_red_figures(frame[frame["watermelon"].fillna(False).astype(bool)])
    hidden = len(watermelons) - OVERVIEW_WATERMELON_LINES
    return OverviewView(
        as_of=as_of,
        last_meeting=last_meeting,
        since=since,
        caption=" ".join(
            part
            for part in (
                t(
                    "As of {as_of} · compared with the committee of {since}.",
                    as_of=fmt.day(as_of),
                    since=since,
                )
                if last_meeting
                else t(
                    "As of {as_of} · no committee meeting before this date.",
                    as_of=fmt.day(as_of),
                ),
                portfolio.apart_note(frame, settings),
            )
            if part
        ),
        portfolio=frame,
        totals=totals,
        kpis=_kpis(totals, settings),
        changes=moved,
        changes_table=changes_table(moved),
        top_risks=top_risks,
        risks_table=risks_table(top_risks),
        milestones_due=due,
        milestones_title=t(
            "Milestones due in {days} days or overdue", days=settings.milestone_horizon_days
        ),
        milestones_table=due_table(due),
        decisions=decisions,
        decisions_table=decisions_table(decisions),
        watermelons=watermelons,
        watermelon_lines=_watermelon_lines(watermelons),
        watermelons_more=(
            t(
                "and {n} more, flagged {flag} in the portfolio",
                n=hidden,
                flag=portfolio.WATERMELON_FLAG,
            )
            if hidden > 0
            else None
        ),
        committee_decisions=committee_decisions,
        actions=actions,
        deferred=follow_up.deferred_pending(committee_decisions, as_of),
    )
