"""What each page shows, assembled from queries and analytics in one call per page.

Plain Python (no Streamlit): the pages, the command line and the tests all use these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import queries
from data_access.queries import Filters
from steerco import fmt
from steerco.analytics import changes as change_analytics
from steerco.analytics.evm import earned_value
from steerco.analytics.rag import computed_rag, is_stale, watermelon
from steerco.config import Settings
from steerco.i18n import t

#: Active phases: only these projects are expected to report, and only their figures can make
#: them "stale" or "watermelons" (a closed or paused project is no warning for the committee).
REPORTING_PHASES = ("Initiation", "Planning", "Execution", "Closing")
#: Watermelon warnings listed by name on the overview (most severe first); the rest are counted,
#: because a committee reads a handful, not hundreds.
OVERVIEW_WATERMELON_LINES = 8
RAG_DIMENSIONS = ("schedule", "budget", "scope", "resources", "risk")
#: Dimensions that Steerco can compute from figures (the others are judgement only).
COMPUTED_DIMENSIONS = ("budget", "schedule", "risk")


def portfolio_frame(conn: Connection, filters: Filters, settings: Settings) -> pd.DataFrame:
    """One row per filtered project: facts, reported and computed RAG, EVM and flags."""
    raw = queries.portfolio(conn, filters, settings.rag.high_risk_score)
    if raw.empty:
        return _empty_portfolio(raw)
    evm_input = raw.assign(
        percent_complete=raw["percent_complete"].fillna(raw["reported_percent_complete"])
    )
    evm = earned_value(evm_input)
    computed = computed_rag(evm, settings.rag)
    frame = pd.concat(
        [evm.reset_index(drop=True), computed.drop(columns="project_id").reset_index(drop=True)],
        axis=1,
    )
    reporting = frame["phase"].isin(REPORTING_PHASES)
    frame["watermelon"] = reporting & watermelon(
        frame["overall_rag"], frame["overall_rag_computed"]
    )
    frame["stale"] = reporting & is_stale(
        frame["report_date"], filters.as_of_date, settings.stale_report_days
    )
    frame["report_age_days"] = (pd.Timestamp(filters.as_of_date) - frame["report_date"]).dt.days
    frame["has_decision"] = frame["decisions_required"].fillna("").str.strip().ne("")
    return frame


def _empty_portfolio(raw: pd.DataFrame) -> pd.DataFrame:
    extra = [
        "bac", "ev", "cpi", "spi", "eac", "eac_cpi", "vac",
        *(f"{d}_rag_computed" for d in COMPUTED_DIMENSIONS),
        "overall_rag_computed", "budget_variance_pct", "schedule_slip_days",
        "watermelon", "stale", "report_age_days", "has_decision",
    ]  # fmt: skip
    return raw.reindex(columns=[*raw.columns, *extra])


@dataclass
class Kpis:
    projects: int
    by_rag: dict[str, int]  # reported overall RAG → count, "none" for no report
    approved_budget: float
    eac: float
    red: int
    stale: int
    watermelons: int
    decisions: int


@dataclass
class Overview:
    as_of: date
    last_meeting: date | None
    portfolio: pd.DataFrame
    kpis: Kpis
    changes: pd.DataFrame  # RAG moves since the last meeting (changed rows only)
    top_risks: pd.DataFrame
    milestones_due: pd.DataFrame
    decisions: pd.DataFrame
    watermelons: pd.DataFrame

    @property
    def is_empty(self) -> bool:
        return self.portfolio.empty


def _kpis(frame: pd.DataFrame, decisions: pd.DataFrame) -> Kpis:
    counts = frame["overall_rag"].fillna("none").value_counts().to_dict()
    return Kpis(
        projects=len(frame),
        by_rag={k: int(counts.get(k, 0)) for k in ("R", "A", "G", "none")},
        approved_budget=float(frame["approved_budget"].fillna(0).sum()),
        eac=float(frame["eac"].fillna(0).sum()),
        red=int(counts.get("R", 0)),
        stale=int(frame["stale"].sum()),
        watermelons=int(frame["watermelon"].sum()),
        decisions=len(decisions),
    )


def _decisions(frame: pd.DataFrame, raid_decisions: pd.DataFrame) -> pd.DataFrame:
    """Decisions asked of the committee: from latest reports and open RAID decisions."""
    from_reports = frame.loc[
        frame["has_decision"], ["project_id", "name", "decisions_required", "report_date"]
    ].rename(
        columns={"name": "project_name", "decisions_required": "decision", "report_date": "date"}
    )
    from_reports["source"] = "Status report"
    from_raid = raid_decisions.rename(columns={"title": "decision", "raised_date": "date"})[
        ["project_id", "project_name", "decision", "date"]
    ]
    from_raid["source"] = "RAID log"
    parts = [p for p in (from_reports, from_raid) if not p.empty]
    if not parts:
        return from_reports.iloc[0:0]
    return pd.concat(parts, ignore_index=True)


def rag_changes_since(
    conn: Connection, filters: Filters, since: date | None, column: str = "overall_rag"
) -> pd.DataFrame:
    """Projects whose RAG moved between the last meeting and the as-of date."""
    if since is None:
        return pd.DataFrame(columns=["project_id", "previous_rag", "current_rag", "change", "name"])
    as_of = filters.as_of_date
    reports = pd.concat(
        [queries.reports_as_of(conn, filters, since), queries.reports_as_of(conn, filters, as_of)],
        ignore_index=True,
    )
    return change_analytics.changed_only(
        change_analytics.rag_changes(reports, since, as_of, column=column)
    )


def overview(conn: Connection, filters: Filters, settings: Settings) -> Overview:
    as_of = filters.as_of_date
    frame = portfolio_frame(conn, filters, settings)
    meetings = queries.meetings(conn)
    last_meeting = change_analytics.last_meeting_before(meetings["meeting_date"], as_of)
    names = frame[["project_id", "name"]]
    moved = rag_changes_since(conn, filters, last_meeting).merge(names, on="project_id")
    top_risks = queries.raid(
        conn, filters, types=("Risk",), open_only=True, limit=settings.top_risks
    )
    horizon = as_of + timedelta(days=settings.milestone_horizon_days)
    due = queries.milestones(conn, filters, open_due_before=horizon)
    due = due.assign(overdue=due["forecast_date"] < pd.Timestamp(as_of))
    raid_decisions = queries.raid(conn, filters, types=("Decision",), open_only=True)
    decisions = _decisions(frame, raid_decisions) if not frame.empty else raid_decisions.iloc[0:0]
    return Overview(
        as_of=as_of,
        last_meeting=last_meeting,
        portfolio=frame,
        kpis=_kpis(frame, decisions),
        changes=moved,
        top_risks=top_risks,
        milestones_due=due,
        decisions=decisions,
        watermelons=_with_red_figures(frame[frame["watermelon"].fillna(False).astype(bool)]),
    )


@dataclass
class ProjectDetail:
    project_id: str
    row: pd.Series  # the project's portfolio row: facts, RAG, EVM, flags
    reports: pd.DataFrame
    financials: pd.DataFrame  # per month: budget, actual, forecast (+ cumulative columns)
    milestones: pd.DataFrame
    raid: pd.DataFrame
    as_of: date
    latest_report: pd.Series | None = field(default=None)


def cumulative_financials(monthly: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Add the S-curve columns: cumulative planned, actual (to date) and forecast (to finish)."""
    frame = monthly.sort_values("period").reset_index(drop=True)
    past = frame["period"] <= pd.Timestamp(as_of)
    frame["cum_budget"] = frame["budget"].fillna(0).cumsum()
    frame["cum_actual"] = frame["actual"].fillna(0).where(past, 0).cumsum().where(past)
    # Same convention as the EAC: actuals, plus forecast from the as-of month on.
    remaining = frame["period"] >= pd.Timestamp(as_of.replace(day=1))
    # Actuals booked after a past as-of date are not known at that date: left out.
    spend = frame["actual"].fillna(0).where(past, 0) + frame["forecast"].fillna(0).where(
        remaining, 0
    )
    frame["cum_forecast"] = spend.cumsum()
    # The forecast line starts where actuals end, so it joins the actual line.
    last_past = past[past].index.max() if past.any() else None
    frame.loc[frame.index < (last_past if last_past is not None else 0), "cum_forecast"] = None
    return frame


def project_detail(
    conn: Connection, project_id: str, filters: Filters, settings: Settings
) -> ProjectDetail | None:
    """Everything about one project; None when the id is unknown."""
    as_of = filters.as_of_date
    if queries.project(conn, project_id).empty:
        return None
    only_this = Filters(as_of=filters.as_of)
    frame = portfolio_frame(conn, only_this, settings)
    row = frame.loc[frame["project_id"] == project_id].iloc[0]
    reports = queries.project_reports(conn, project_id, as_of)
    monthly = queries.project_financials_monthly(conn, project_id)
    return ProjectDetail(
        project_id=project_id,
        row=row,
        reports=reports,
        financials=cumulative_financials(monthly, as_of),
        milestones=queries.milestones(conn, only_this, project_id=project_id),
        raid=queries.raid(conn, only_this, project_id=project_id),
        as_of=as_of,
        latest_report=reports.iloc[-1] if not reports.empty else None,
    )


def project_choices(conn: Connection) -> pd.DataFrame:
    """project_id and name of every project, for the project picker."""
    return queries.portfolio_names(conn)


def red_figures(row: pd.Series) -> str:
    """The figures behind each computed-red dimension, e.g. 'budget +23 %, SPI 0.75'."""
    parts = []
    if row.get("budget_rag_computed") == "R":
        parts.append(t("budget {v}", v=fmt.pct(row.get("budget_variance_pct"), 0, signed=True)))
    if row.get("schedule_rag_computed") == "R":
        parts.append(
            t(
                "schedule {slip}, SPI {spi}",
                slip=fmt.days(row.get("schedule_slip_days")),
                spi=fmt.ratio(row.get("spi")),
            )
        )
    if row.get("risk_rag_computed") == "R":
        parts.append(
            t(
                "{n} open high risks (max score {score})",
                n=int(row.get("open_high_risks") or 0),
                score=fmt.number(row.get("max_open_risk_score")),
            )
        )
    return ", ".join(parts)


def _with_red_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """Watermelons, most severe first (budget overrun, then slip), with their red figures."""
    ordered = frame.sort_values(
        ["budget_variance_pct", "schedule_slip_days"], ascending=False, na_position="last"
    )
    figures = ordered.apply(red_figures, axis=1) if not ordered.empty else pd.Series(dtype=str)
    return ordered.assign(red_figures=figures)


def dimension_summary(row: pd.Series) -> pd.DataFrame:
    """Per RAG dimension: reported, computed (where figures allow) and what the figures say."""
    basis = {
        "overall": t("worst of the computed dimensions"),
        "budget": t(
            "EAC {eac} vs BAC {bac} ({variance})",
            eac=fmt.money(row.get("eac")),
            bac=fmt.money(row.get("bac")),
            variance=fmt.pct(row.get("budget_variance_pct"), 1, signed=True),
        ),
        "schedule": t(
            "forecast end {slip} vs baseline, SPI {spi}",
            slip=fmt.days(row.get("schedule_slip_days")),
            spi=fmt.ratio(row.get("spi")),
        ),
        "risk": t(
            "{n} open high risks, highest score {score}",
            n=int(row.get("open_high_risks") or 0),
            score=fmt.number(row.get("max_open_risk_score")),
        ),
    }
    records = []
    for dim in ("overall", *RAG_DIMENSIONS):
        records.append(
            {
                "dimension": dim,
                "reported": row.get(f"{dim}_rag"),
                "computed": row.get(f"{dim}_rag_computed"),
                "basis": basis.get(dim, t("judgement of the project manager")),
            }
        )
    return pd.DataFrame(records)
