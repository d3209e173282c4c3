"""Roadmap page data: Gantt rows, gates, slipped milestones, gates due, one project's trend.

Plain Python (no Streamlit): one call returns everything the page draws.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import roadmap_queries as rq
from data_access.queries import Filters
from steerco.analytics import roadmap as rm
from steerco.config import Settings
from steerco.i18n import rag_label, t


@dataclass
class Roadmap:
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
    project_id: str | None  # the project of the trend section
    project_milestones: pd.DataFrame
    mta: pd.DataFrame  # milestone trend points (steerco.analytics.roadmap.mta_points)

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
    def project_row(self) -> pd.Series | None:
        if self.project_id is None:
            return None
        rows = self.projects[self.projects["project_id"] == self.project_id]
        return rows.iloc[0] if not rows.empty else None


def trend_project(projects: pd.DataFrame, gantt: pd.DataFrame, wanted: str | None) -> str | None:
    """The project the trend section shows: the one asked for if it is among the filtered
    projects, else the top row of the Gantt (the largest slip by default)."""
    if wanted is not None and wanted in set(projects["project_id"]):
        return wanted
    if not gantt.empty:
        return str(gantt["project_id"].iloc[0])
    return str(projects["project_id"].iloc[0]) if not projects.empty else None


def portfolio_roadmap(
    conn: Connection,
    filters: Filters,
    settings: Settings,
    *,
    sort: str = rm.DEFAULT_GANTT_SORT,
    horizon_days: int = rm.GATE_HORIZON_DAYS,
    cap: int = rm.GANTT_MAX_ROWS,
) -> Roadmap:
    """The portfolio part of the page (Gantt, gates, slipped, gates due), no trend project.

    ``settings`` is part of every page's contract; the roadmap's thresholds are the named
    constants of ``steerco.analytics.roadmap``.
    """
    as_of = filters.as_of_date
    projects = rm.project_schedule(rq.roadmap_projects(conn, filters))
    gantt, hidden = rm.gantt_rows(projects, as_of, sort=sort, cap=cap)
    watch = rq.watch_milestones(conn, filters)
    return Roadmap(
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
        project_id=None,
        project_milestones=pd.DataFrame(columns=list(rq.MILESTONE_COLUMNS)),
        mta=rm.mta_points(pd.DataFrame(), as_of),
    )


def with_trend(conn: Connection, base: Roadmap, project_id: str | None) -> Roadmap:
    """The roadmap with its trend section: the project's milestones and their MTA points."""
    chosen = trend_project(base.projects, base.gantt, project_id)
    if chosen is None:
        return base
    row = base.projects.loc[base.projects["project_id"] == chosen].iloc[0]
    versions = rq.milestone_versions(conn, chosen, base.as_of)
    return replace(
        base,
        project_id=chosen,
        project_milestones=rq.project_milestones(conn, chosen),
        mta=rm.mta_points(versions, base.as_of, project_start=row["start_date"]),
    )


def roadmap(
    conn: Connection,
    filters: Filters,
    settings: Settings,
    *,
    sort: str = rm.DEFAULT_GANTT_SORT,
    project_id: str | None = None,
    horizon_days: int = rm.GATE_HORIZON_DAYS,
    cap: int = rm.GANTT_MAX_ROWS,
) -> Roadmap:
    """Everything the Roadmap page shows for these filters, Gantt order and trend project."""
    base = portfolio_roadmap(conn, filters, settings, sort=sort, horizon_days=horizon_days, cap=cap)
    return with_trend(conn, base, project_id)


# --------------------------------------------------------------------------- display tables


def table_kinds() -> dict[str, str]:
    """Column kinds of the milestone tables (dates and day counts are formatted by the widget)."""
    return {t("Baseline"): "date", t("Forecast"): "date", t("Slip"): "days"}


OVERDUE_FLAG = "⚠"


def _project_label(frame: pd.DataFrame) -> pd.Series:
    return frame["project_id"].astype(str) + " · " + frame["project_name"].fillna("").astype(str)


def _milestone_name(frame: pd.DataFrame) -> pd.Series:
    gate = frame["is_gate"].fillna(False).astype(bool)
    return pd.Series(
        [f"◆ {n}" if g else str(n) for n, g in zip(frame["name"], gate, strict=True)],
        index=frame.index,
    )


def slipped_table(slipped: pd.DataFrame) -> pd.DataFrame:
    """Slipped milestones for display: project, milestone (◆ = gate), dates, slip, status."""
    return pd.DataFrame(
        {
            t("Project"): _project_label(slipped),
            t("Milestone"): _milestone_name(slipped),
            t("Baseline"): slipped["baseline_date"],
            t("Forecast"): slipped["forecast_date"],
            t("Slip"): slipped["slip_days"].astype("Float64"),
            t("Project status"): slipped["project_rag"].map(rag_label),
        }
    ).reset_index(drop=True)


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
    return pd.DataFrame(
        {
            t("When"): gates["days_to_due"].map(due_words),
            t("Project"): _project_label(gates),
            t("Gate"): gates["name"].astype(str),
            t("Forecast"): gates["forecast_date"],
            t("Baseline"): gates["baseline_date"],
            t("Slip"): gates["slip_days"].astype("Float64"),
            t("Project status"): gates["project_rag"].map(rag_label),
        }
    ).reset_index(drop=True)
