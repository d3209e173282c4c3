"""What the Risks & RAID page shows, in one call (queries + analytics): the KPI tiles, the
heat map, top risks, overdue actions, ageing, the trend and the register; the register's
filter options; and the display tables. Plain Python (no Streamlit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import risks_queries
from data_access.filters import Filters
from data_access.known_on import as_known_on
from data_access.risks_queries import PORTFOLIO_LEVEL, RaidFilter
from steerco import fmt
from steerco.analytics import risks as ra
from steerco.config import Settings
from steerco.i18n import N_, t, tn
from steerco.views import display
from steerco.views.decisions import asked
from steerco.views.display import Columns, Kpi

#: Period of the open-risks trend unless the page asks for another (``ra.PERIODS``).
DEFAULT_PERIOD = "month"
#: The register unfiltered.
ALL_ITEMS = RaidFilter()


@dataclass
class RegisterChoices:
    """What the register's filters offer for the current scope."""

    owners: list[str]
    projects: dict[str, str]  # value → label, PORTFOLIO_LEVEL first when present
    items: int  # RAID items of the scope raised by the as-of date


@dataclass
class RisksView:
    as_of: date
    bands: ra.ScoreBands
    period: str
    top_count: int  # risks the top list shows at most (settings.top_risks)
    open_items: pd.DataFrame  # every item open on the as-of date, with age_days/age_bucket
    open_risks: pd.DataFrame  # the open items of type Risk
    heatmap: pd.DataFrame  # 25 cells: probability, impact, score, band, count
    unplaced: int  # open risks without probability or impact
    top_risks: pd.DataFrame
    trend: pd.DataFrame  # date, open_risks, open_score
    ageing: pd.DataFrame  # age_bucket, type, count
    overdue: pd.DataFrame
    awaiting: pd.DataFrame
    register: pd.DataFrame
    counts: ra.RiskKpis
    kpis: list[Kpi]
    summary: str  # the line above the tiles: what "open" means and the scope

    def cell(self, probability: int, impact: int) -> pd.DataFrame:
        """The open risks of one heat-map cell, highest score first."""
        return ra.cell_risks(self.open_risks, probability, impact)

    def aged(self, bucket: str, kind: str) -> pd.DataFrame:
        """The open items of one type in one age bucket, oldest first."""
        items = self.open_items
        keep = (items["age_bucket"] == bucket) & (items["type"] == kind)
        return (
            items.loc[keep]
            .sort_values(["age_days", "raid_id"], ascending=[False, True], na_position="first")
            .reset_index(drop=True)
        )


@as_known_on
def register_choices(conn: Connection, filters: Filters) -> RegisterChoices:
    raw = risks_queries.register_choices(conn, filters)
    projects: dict[str, str] = {}
    if raw["portfolio_level"]:
        projects[PORTFOLIO_LEVEL] = t("Portfolio level (no project)")
    for row in raw["projects"].itertuples():
        projects[row.project_id] = f"{row.project_id} · {row.name}"
    return RegisterChoices(owners=raw["owners"], projects=projects, items=raw["items"])


def _kpis(k: ra.RiskKpis, bands: ra.ScoreBands) -> list[Kpi]:
    return [
        Kpi(t("Open risks"), fmt.number(k.open_risks)),
        Kpi(
            t("High or critical risks"),
            fmt.number(k.high_risks),
            help=t(
                "Open risks scoring {high} or more; critical: {critical} or more",
                high=bands.high,
                critical=bands.critical,
            ),
            delta=tn(k.critical_risks, "{n} critical", "{n} critical"),
            delta_color="off",
            arrow=False,
        ),
        Kpi(
            t("Total open risk score"),
            t("{n} points", n=fmt.number(k.open_score)),
            help=t("Sum of probability × impact over the open risks"),
        ),
        Kpi(
            t("Overdue actions"),
            fmt.number(k.overdue_actions),
            help=t("Actions not closed whose due date is before the as-of date"),
        ),
        Kpi(
            t("Awaiting the committee"),
            fmt.number(k.awaiting_committee),
            help=t(
                "Decisions asked in the latest reports of active projects, open decisions and "
                "open items flagged for the committee (the Overview's decisions required)"
            ),
        ),
    ]


def _summary(filters: Filters) -> str:
    scope = (
        t("portfolio-level items are left out while a project filter is active")
        if filters.narrows_projects
        else t("portfolio-level items (no project) included")
    )
    return t(
        "Open on {as_of} (raised on or before it, not yet closed) · {scope} · "
        "risk score = probability × impact (1–25)",
        as_of=fmt.day(filters.as_of),
        scope=scope,
    )


@as_known_on
def build(
    conn: Connection,
    filters: Filters,
    settings: Settings,
    *,
    raid_filter: RaidFilter = ALL_ITEMS,
    period: str = DEFAULT_PERIOD,
) -> RisksView:
    """Everything the page shows; ``raid_filter`` narrows the register only, ``period`` is
    the trend's step (``ra.PERIODS``)."""
    as_of = filters.as_of
    bands = ra.ScoreBands.from_rag(settings.rag)
    items = ra.with_age(risks_queries.open_items(conn, filters), as_of)
    risks = items.loc[items["type"] == "Risk"].reset_index(drop=True)
    days = ra.period_ends(as_of, period, ra.TREND_PERIODS[period])
    history = risks_queries.risk_history(conn, filters, days[0])
    overdue = ra.overdue_actions(items, as_of)
    awaiting = asked(conn, filters, settings, open_items=items)
    counts = ra.kpis(risks, overdue, awaiting, bands)
    return RisksView(
        as_of=as_of,
        bands=bands,
        period=period,
        top_count=settings.top_risks,
        open_items=items,
        open_risks=risks,
        heatmap=ra.heatmap_cells(risks, bands),
        unplaced=ra.unplaced_count(risks),
        top_risks=ra.top_risks(risks, settings.top_risks),
        trend=ra.trim_leading_empty(ra.open_over_time(history, days)),
        ageing=ra.ageing_counts(items),
        overdue=overdue,
        awaiting=awaiting,
        register=risks_queries.register(conn, filters, raid_filter),
        counts=counts,
        kpis=_kpis(counts, bands),
        summary=_summary(filters),
    )


# ------------------------------------------------------------------ display tables

CELL_COLUMNS: Columns = {
    N_("ID"): ("raid_id", "text"),
    N_("Score"): ("score", "int"),
    N_("Band"): ("band", "text"),
    N_("Risk"): ("title", "text"),
    N_("Owner"): ("owner", "text"),
    N_("Due"): ("due_date", "date"),
    N_("Status"): ("status", "text"),
    N_("Project"): ("project_label", "text"),
}
REGISTER_COLUMNS: Columns = {
    N_("ID"): ("raid_id", "text"),
    N_("Type"): ("type", "text"),
    N_("Title"): ("title", "text"),
    N_("Score"): ("score", "int"),
    N_("Band"): ("band", "text"),
    N_("Owner"): ("owner", "text"),
    N_("Status"): ("status", "text"),
    N_("Raised"): ("raised_date", "date"),
    N_("Due"): ("due_date", "date"),
    N_("Closed"): ("closed_date", "date"),
    N_("For committee"): ("for_committee", "bool"),
    N_("Project"): ("project_label", "text"),
    N_("Response"): ("response", "text"),
}
OVERDUE_COLUMNS: Columns = {
    N_("ID"): ("raid_id", "text"),
    N_("Action"): ("title", "text"),
    N_("Days overdue"): ("days_overdue", "int"),
    N_("Due"): ("due_date", "date"),
    N_("Owner"): ("owner", "text"),
    N_("Status"): ("status", "text"),
    N_("Project"): ("project_label", "text"),
}
AWAITING_COLUMNS: Columns = {
    N_("Source"): ("source", "text"),
    N_("ID"): ("raid_id", "text"),
    N_("Type"): ("type", "text"),
    N_("Decision asked"): ("decision", "text"),
    N_("Project"): ("project_label", "text"),
    N_("Since"): ("date", "date"),
    N_("Due"): ("due_date", "date"),
    N_("Owner"): ("owner", "text"),
}
AGED_COLUMNS: Columns = {
    N_("ID"): ("raid_id", "text"),
    N_("Type"): ("type", "text"),
    N_("Title"): ("title", "text"),
    N_("Days open"): ("age_days", "int"),
    N_("Raised"): ("raised_date", "date"),
    N_("Owner"): ("owner", "text"),
    N_("Status"): ("status", "text"),
    N_("Project"): ("project_label", "text"),
}


def project_labels(items: pd.DataFrame) -> pd.Series:
    """'PRJ-004 · name' per item; 'Portfolio level' for items without a project."""
    labels = [
        f"{pid} · {name}" if isinstance(pid, str) else t("Portfolio level")
        for pid, name in zip(items["project_id"], items["project_name"], strict=True)
    ]
    return pd.Series(labels, index=items.index, dtype="object")


def items_table(items: pd.DataFrame, columns: Columns, bands: ra.ScoreBands) -> pd.DataFrame:
    """The items as a display table with these columns, words translated."""
    frame = items.assign(
        project_label=project_labels(items),
        band=[t(b) if b else "" for b in ra.score_bands(items["score"], bands)],
        type=items["type"].map(t),
        status=items["status"].map(t),
    )
    return display.select(frame, columns)


def awaiting_table(awaiting: pd.DataFrame) -> pd.DataFrame:
    """What awaits the committee (``views.decisions.asked``), words translated."""
    frame = awaiting.assign(
        project_label=project_labels(awaiting),
        source=awaiting["source"].map(t),
        type=[t(v) if isinstance(v, str) else "" for v in awaiting["type"]],
    )
    return display.select(frame, AWAITING_COLUMNS)


def heatmap_caption(view: RisksView) -> str:
    """The bands' score ranges, how to drill down, and the risks the grid cannot place."""
    ranges = " · ".join(f"{t(b)} {lo}–{hi}" for b, (lo, hi) in view.bands.ranges().items())
    text = f"{ranges} · " + t("Click a cell to list its risks.")
    if view.unplaced:
        text += " " + tn(
            view.unplaced,
            "{n} open risk without probability or impact is in no cell.",
            "{n} open risks without probability or impact are in no cell.",
        )
    return text


def cell_title(probability: int, impact: int, count: int, bands: ra.ScoreBands) -> str:
    score = int(probability) * int(impact)
    return tn(
        count,
        "{n} open risk with probability {p} × impact {i} (score {score}, {band})",
        "{n} open risks with probability {p} × impact {i} (score {score}, {band})",
        p=int(probability),
        i=int(impact),
        score=score,
        band=t(bands.band(score)),
    )
