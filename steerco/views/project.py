"""What the Project page shows about one project (deep link ``?project=ID``): its portfolio
row, RAG per dimension reported and computed, key figures, status reports, S-curve,
milestones and RAID log. Plain Python (no Streamlit); the pack's project slides use it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import queries
from data_access.filters import Filters
from data_access.known_on import as_known_on
from steerco import fmt
from steerco.config import Settings
from steerco.i18n import N_, rag_label, t, tn
from steerco.views import display, portfolio
from steerco.views.display import Columns, Kpi

RAG_DIMENSIONS = portfolio.RAG_DIMENSIONS


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
            tn(
                int(row.get("open_high_risks") or 0),
                "{n} open high risk (max score {score})",
                "{n} open high risks (max score {score})",
                score=fmt.number(row.get("max_open_risk_score")),
            )
        )
    return ", ".join(parts)


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
        "risk": tn(
            int(row.get("open_high_risks") or 0),
            "{n} open high risk, highest score {score}",
            "{n} open high risks, highest score {score}",
            score=fmt.number(row.get("max_open_risk_score")),
        ),
    }
    records = [
        {
            "dimension": dim,
            "reported": row.get(f"{dim}_rag"),
            "computed": row.get(f"{dim}_rag_computed"),
            "basis": basis.get(dim, t("judgement of the project manager")),
        }
        for dim in ("overall", *RAG_DIMENSIONS)
    ]
    return pd.DataFrame(records)


def project_header(row: pd.Series) -> str:
    """Programme · portfolio · Sponsor: … · PM: … · phase · methodology · Priority: …"""
    parts = [
        (None, row.get("programme")),
        (None, row.get("portfolio")),
        (N_("Sponsor"), row.get("sponsor")),
        (N_("PM"), row.get("project_manager")),
        (None, row.get("phase")),
        (None, row.get("methodology")),
        ("Priority", row.get("priority")),
    ]
    return " · ".join(
        f"{t(label)}: {value}" if label else str(value)
        for label, value in parts
        if isinstance(value, str) and value.strip()
    )


# --------------------------------------------------------------------------- display tables

#: A project's milestones; the Overview's "due" table adds when and project (its own Columns).
MILESTONE_COLUMNS: Columns = {
    N_("Milestone"): ("name", "text"),
    N_("Baseline"): ("baseline_date", "date"),
    N_("Forecast"): ("forecast_date", "date"),
    N_("Actual"): ("actual_date", "date"),
    N_("Gate"): ("is_gate", "bool"),
    N_("Slip"): ("slip_days", "days"),
}

RAID_COLUMNS: Columns = {
    N_("ID"): ("raid_id", "text"),
    N_("Type"): ("type", "text"),
    N_("Title"): ("title", "text"),
    N_("Score"): ("score", "int"),
    N_("Owner"): ("owner", "text"),
    N_("Status"): ("status", "text"),
    N_("Due"): ("due_date", "date"),
    N_("Response"): ("response", "text"),
}


def milestones_table(milestones: pd.DataFrame, columns: Columns = MILESTONE_COLUMNS):
    """Milestones with their slip (forecast − baseline, days) for the table widget."""
    forecast, baseline = milestones["forecast_date"], milestones["baseline_date"]
    slip = (pd.to_datetime(forecast) - pd.to_datetime(baseline)).dt.days
    return display.select(milestones.assign(slip_days=slip.astype("float64")), columns)


# --------------------------------------------------------------------------- the page


@dataclass
class ProjectView:
    project_id: str
    title: str  # "PRJ-001 · name"
    header: str  # programme, sponsor, PM, phase…
    row: pd.Series  # the project's portfolio row: facts, RAG, EVM, flags
    watermelon_alert: str | None  # reported better than the figures say
    stale_alert: str | None  # the latest report is too old
    estimates_alert: str | None  # EAC and BAC / CPI far apart
    dimensions: list[Kpi]  # RAG per dimension: reported, computed beside it
    kpis: list[Kpi]  # budget, EAC, CPI, SPI, % complete, forecast end
    reports: pd.DataFrame
    latest_report: pd.Series | None
    decision: str  # the decision the latest report asks for ("" for none)
    financials: pd.DataFrame  # per month: budget, actual, forecast (+ cumulative columns)
    milestones: pd.DataFrame
    milestones_table: pd.DataFrame
    raid: pd.DataFrame
    raid_table: pd.DataFrame
    as_of: date


def _dimension_kpis(row: pd.Series) -> list[Kpi]:
    return [
        Kpi(
            t(dim.dimension.capitalize()),
            rag_label(dim.reported),
            help=dim.basis,
            delta=(
                t("Computed: {rag}", rag=rag_label(dim.computed))
                if isinstance(dim.computed, str)
                else None
            ),
            delta_color="off",
            arrow=False,
        )
        for dim in dimension_summary(row).itertuples()
    ]


def _figure_kpis(row: pd.Series, currency: str, month_to_date: str) -> list[Kpi]:
    def money(value) -> str:
        return fmt.money(value, currency)

    return [
        Kpi(t("Budget (BAC)"), money(row["bac"])),
        Kpi(
            t("EAC"),
            money(row["eac"]),
            delta=t("VAC {vac}", vac=money(row["vac"])),
            delta_color="normal" if row["vac"] >= 0 else "inverse",
            arrow=False,
            help=t(
                "Actuals to date plus remaining forecast. BAC / CPI = {eac_cpi}",
                eac_cpi=money(row["eac_cpi"]),
            ),
        ),
        Kpi(
            t("CPI"),
            fmt.ratio(row["cpi"]),
            help=t(
                "Cost performance index: earned value {ev} / actual cost {ac}. {month}",
                ev=money(row["ev"]),
                ac=money(row["ac"]),
                month=month_to_date,
            ),
        ),
        Kpi(
            t("SPI"),
            fmt.ratio(row["spi"]),
            help=t(
                "Schedule performance index: earned value {ev} / planned value {pv}. {month}",
                ev=money(row["ev"]),
                pv=money(row["pv"]),
                month=month_to_date,
            ),
        ),
        Kpi(
            t("Complete"),
            fmt.pct(row["percent_complete"]),
            help=t(
                "Progress of the latest status report on or before the as-of date; EV rests on it"
            ),
            delta=portfolio.progress_note(row) or None,
            delta_color="off",
            arrow=False,
        ),
        Kpi(
            t("Forecast end"),
            fmt.day(row["forecast_end_date"]),
            delta=t("{slip} vs baseline", slip=fmt.days(row["schedule_slip_days"])),
            delta_color="off",
            arrow=False,
        ),
    ]


def _alerts(row: pd.Series) -> tuple[str | None, str | None]:
    watermelon = stale = None
    if row["watermelon"]:
        watermelon = f"{portfolio.WATERMELON_FLAG} " + t(
            "Reported {reported}, but the figures say Red: {figures}.",
            reported=rag_label(row["overall_rag"]),
            figures=red_figures(row),
        )
    if row["stale"]:
        stale = f"{portfolio.STALE_FLAG} " + t(
            "The latest status report is {days} days old.",
            days=fmt.number(row["report_age_days"]),
        )
    return watermelon, stale


def _estimates_alert(row: pd.Series, currency: str) -> str | None:
    if not row["estimates_disagree"]:
        return None
    values = {
        "eac": fmt.money(row["eac"], currency),
        "eac_cpi": fmt.money(row["eac_cpi"], currency),
        "cpi": fmt.ratio(row["cpi"]),
        "gap": f"{abs(row['estimate_gap_pct']):.0f}\u00a0%",
    }
    if row["estimate_gap_pct"] > 0:
        text = t(
            "The two estimates at completion disagree: BAC / CPI {eac_cpi} (the budget at the "
            "cost efficiency so far, CPI {cpi}) is {gap} above the EAC {eac} (actuals + "
            "remaining forecast). The forecast may be optimistic.",
            **values,
        )
    else:
        text = t(
            "The two estimates at completion disagree: BAC / CPI {eac_cpi} (the budget at the "
            "cost efficiency so far, CPI {cpi}) is {gap} below the EAC {eac} (actuals + "
            "remaining forecast). Spending runs behind the plan, or the remaining forecast is "
            "generous.",
            **values,
        )
    return f"{portfolio.GAP_FLAG} {text}"


@as_known_on
def build(
    conn: Connection, filters: Filters, settings: Settings, *, project_id: str
) -> ProjectView | None:
    """Everything about one project as of ``filters.as_of`` (the other filters do not hide
    it: a link opens the project whatever the sidebar says); None when the id is unknown or
    outside the user's scope (the page then says only that there is no such project, so a
    scoped viewer cannot learn which ids exist elsewhere)."""
    as_of = filters.as_of
    only_this = filters.only_scope()
    rows = portfolio.frame(conn, only_this, settings)
    if project_id not in set(rows["project_id"]):
        return None
    row = rows.loc[rows["project_id"] == project_id].iloc[0]
    reports = queries.project_reports(conn, project_id, as_of, filters.report_states)
    latest = reports.iloc[-1] if not reports.empty else None
    decision = latest["decisions_required"] if latest is not None else None
    decision = decision if isinstance(decision, str) and decision.strip() else ""
    milestones = queries.milestones(conn, only_this, project_id=project_id)
    raid = queries.raid(conn, only_this, project_id=project_id)
    watermelon, stale = _alerts(row)
    return ProjectView(
        estimates_alert=_estimates_alert(row, settings.currency),
        project_id=project_id,
        title=f"{row['project_id']} · {row['name']}",
        header=project_header(row),
        row=row,
        watermelon_alert=watermelon,
        stale_alert=stale,
        dimensions=_dimension_kpis(row),
        kpis=_figure_kpis(
            row, settings.currency, portfolio.month_to_date_text(filters.as_of, settings)
        ),
        reports=reports,
        latest_report=latest,
        decision=decision,
        financials=cumulative_financials(
            queries.project_financials_monthly(conn, project_id), as_of
        ),
        milestones=milestones,
        milestones_table=milestones_table(milestones),
        raid=raid,
        raid_table=display.select(raid, RAID_COLUMNS),
        as_of=as_of,
    )


def choices(conn: Connection, filters: Filters | None = None) -> dict[str, str]:
    """Every project (of the user's scope, ``filters``) for the picker: project_id → name, in
    id order."""
    names = queries.portfolio_names(conn, filters)
    return dict(zip(names["project_id"], names["name"], strict=True))
