"""What the Roadmap page shows: the KPI tiles, Gantt rows, gates, slipped milestones, gates
due; and, apart, one project's milestones and their trend. Plain Python (no Streamlit).

The trend is its own call (:func:`trend`) so that picking another trend project reads only
that project's milestones, not the whole portfolio again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import roadmap_queries as rq
from data_access.filters import Filters
from data_access.known_on import as_known_on
from steerco import fmt
from steerco.analytics import roadmap as rm
from steerco.config import Settings
from steerco.i18n import N_, t
from steerco.views import display
from steerco.views.display import Columns, Kpi

#: Gantt orders as the user reads them.
SORT_LABELS = {"slip": N_("Largest slip first"), "end": N_("Next to finish first")}


@dataclass(frozen=True)
class TrendProject:
    """The project whose milestone trend is shown, as the trend needs it (hashable)."""

    project_id: str
    name: str
    start: date | None
    as_of: date


@dataclass
class RoadmapView:
    as_of: date
    sort: str
    projects: pd.DataFrame  # every filtered project, with slip_days and dated
    gantt: pd.DataFrame  # the rows drawn, top first (at most rm.GANTT_MAX_ROWS)
    hidden: int  # dated projects not drawn because of the cap
    undated: int  # projects without start or end date (cannot be drawn)
    gates: pd.DataFrame  # gates of the drawn projects (marks on the Gantt)
    slipped: pd.DataFrame  # slipped milestones, largest slip first
    gates_due: pd.DataFrame  # open gates due within the horizon (or overdue), soonest first
    horizon_days: int
    cap: int  # most Gantt rows drawn

    @property
    def is_empty(self) -> bool:
        return self.projects.empty

    @property
    def late_projects(self) -> int:
        """Projects whose forecast end is after their baseline end."""
        return int((self.projects["slip_days"] > 0).fillna(False).sum())

    @property
    def overdue_gates(self) -> int:
        return int(self.gates_due["overdue"].sum()) if not self.gates_due.empty else 0

    @property
    def due_until(self) -> date:
        """Last day of the gates' horizon."""
        return self.as_of + timedelta(days=self.horizon_days)

    @property
    def kpis(self) -> list[Kpi]:
        overdue = self.overdue_gates
        return [
            Kpi(t("Projects"), fmt.number(len(self.projects))),
            Kpi(
                t("Late vs baseline"),
                fmt.number(self.late_projects),
                help=t("Projects whose forecast end date is after their baseline end date."),
            ),
            Kpi(
                t("Slipped milestones"),
                fmt.number(len(self.slipped)),
                help=t("Not achieved, forecast date later than the baseline date."),
            ),
            Kpi(
                t("Gates due in {n} days", n=self.horizon_days),
                fmt.number(len(self.gates_due) - overdue),
                help=t("Open stage gates forecast within the next {n} days.", n=self.horizon_days),
                delta=t("{n} overdue", n=overdue) if overdue else None,
                delta_color="inverse",
                arrow=False,
            ),
        ]

    @property
    def summary(self) -> str:
        """'50 of 2,000 projects shown (largest slip first). 1,950 more are hidden: …'"""
        notes = [
            t(
                "{shown} of {total} projects shown ({order}).",
                shown=fmt.number(len(self.gantt)),
                total=fmt.number(len(self.projects)),
                order=t(SORT_LABELS[self.sort]).lower(),
            )
        ]
        if self.hidden:
            notes.append(
                t(
                    "{n} more are hidden: the roadmap draws at most {cap} rows; narrow the "
                    "filters or change the order to see them.",
                    n=fmt.number(self.hidden),
                    cap=fmt.number(self.cap),
                )
            )
        if self.undated:
            notes.append(t("{n} have no start or end date.", n=fmt.number(self.undated)))
        return " ".join(notes)

    def trend_project(self, wanted: str | None) -> TrendProject | None:
        """The project the trend section shows: the one asked for if it is among the
        filtered projects, else the top row of the Gantt (the largest slip by default)."""
        chosen = trend_project(self.projects, self.gantt, wanted)
        if chosen is None:
            return None
        row = self.projects.loc[self.projects["project_id"] == chosen].iloc[0]
        start = row["start_date"]
        return TrendProject(
            project_id=chosen,
            name=str(row["name"]),
            start=None if pd.isna(start) else pd.Timestamp(start).date(),
            as_of=self.as_of,
        )


@dataclass
class Trend:
    project_id: str
    name: str
    milestones: pd.DataFrame  # the project's current milestones
    mta: pd.DataFrame  # milestone trend points (steerco.analytics.roadmap.mta_points)


def trend_project(projects: pd.DataFrame, gantt: pd.DataFrame, wanted: str | None) -> str | None:
    """The id of the trend section's project (see :meth:`RoadmapView.trend_project`)."""
    if wanted is not None and wanted in set(projects["project_id"]):
        return wanted
    if not gantt.empty:
        return str(gantt["project_id"].iloc[0])
    return str(projects["project_id"].iloc[0]) if not projects.empty else None


@as_known_on
def build(
    conn: Connection,
    filters: Filters,
    settings: Settings,
    *,
    sort: str = rm.DEFAULT_GANTT_SORT,
    horizon_days: int = rm.GATE_HORIZON_DAYS,
    cap: int = rm.GANTT_MAX_ROWS,
) -> RoadmapView:
    """The portfolio's roadmap: Gantt in this order, gates, slipped milestones, gates due.

    ``settings`` is part of every page's contract; the roadmap's thresholds are the named
    constants of ``steerco.analytics.roadmap``.
    """
    as_of = filters.as_of
    projects = rm.project_schedule(rq.roadmap_projects(conn, filters))
    gantt, hidden = rm.gantt_rows(projects, as_of, sort=sort, cap=cap)
    watch = rq.watch_milestones(conn, filters)
    return RoadmapView(
        as_of=as_of,
        sort=sort,
        projects=projects,
        gantt=gantt,
        hidden=hidden,
        undated=int((~projects["dated"]).sum()) if not projects.empty else 0,
        gates=rq.project_gates(conn, gantt["project_id"].tolist()),
        slipped=rm.slipped_milestones(watch, as_of),
        gates_due=rm.gates_due(watch, as_of, horizon_days),
        horizon_days=horizon_days,
        cap=cap,
    )


@as_known_on
def trend(conn: Connection, project: TrendProject) -> Trend:
    """The project's milestones and their forecasts at each report date up to the as-of."""
    versions = rq.milestone_versions(conn, project.project_id, project.as_of)
    return Trend(
        project_id=project.project_id,
        name=project.name,
        milestones=rq.project_milestones(conn, project.project_id),
        mta=rm.mta_points(versions, project.as_of, project_start=project.start),
    )


# --------------------------------------------------------------------------- display tables

OVERDUE_FLAG = "⚠"
#: The tables' RAG column (drawn as coloured pills with their word).
STATUS_COLUMN = N_("Project status")
SLIPPED_COLUMNS: Columns = {
    N_("Project"): ("project_label", "text"),
    N_("Milestone"): ("milestone_label", "text"),
    N_("Baseline"): ("baseline_date", "date"),
    N_("Forecast"): ("forecast_date", "date"),
    N_("Slip"): ("slip_days", "days"),
    STATUS_COLUMN: ("project_status", "rag"),
}
GATES_COLUMNS: Columns = {
    N_("When"): ("when", "text"),
    N_("Project"): ("project_label", "text"),
    N_("Gate"): ("name", "text"),
    N_("Forecast"): ("forecast_date", "date"),
    N_("Baseline"): ("baseline_date", "date"),
    N_("Slip"): ("slip_days", "days"),
    STATUS_COLUMN: ("project_status", "rag"),
}


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        project_label=frame["project_id"].astype(str)
        + " · "
        + frame["project_name"].fillna("").astype(str),
        project_status=frame["project_rag"],
        slip_days=frame["slip_days"].astype(float),
    )


def slipped_table(slipped: pd.DataFrame) -> pd.DataFrame:
    """Slipped milestones for display: project, milestone (◆ = gate), dates, slip, status."""
    gate = slipped["is_gate"].fillna(False).astype(bool)
    names = [f"◆ {n}" if g else str(n) for n, g in zip(slipped["name"], gate, strict=True)]
    return display.select(_labelled(slipped).assign(milestone_label=names), SLIPPED_COLUMNS)


def due_words(days_to_due) -> str:
    """'⚠ Overdue by 12 d', 'Today', 'In 23 d'."""
    if pd.isna(days_to_due):
        return ""
    days = int(days_to_due)
    if days < 0:
        return f"{OVERDUE_FLAG} " + t("Overdue by {n} d", n=-days)
    return t("Today") if days == 0 else t("In {n} d", n=days)


def gates_table(gates: pd.DataFrame) -> pd.DataFrame:
    """Gates due (or overdue) for display: when, project, gate, dates, slip, status."""
    when = gates["days_to_due"].map(due_words)
    return display.select(_labelled(gates).assign(when=when), GATES_COLUMNS)
