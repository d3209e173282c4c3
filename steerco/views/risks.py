"""Page data of Risks & RAID: one call (queries + analytics), and its display tables.

Plain Python (no Streamlit): the page, the tests and any export use these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import risks_queries
from data_access.queries import Filters
from data_access.risks_queries import PORTFOLIO_LEVEL, RaidFilter
from steerco.analytics import risks as ra
from steerco.config import Settings
from steerco.i18n import t


@dataclass
class RegisterChoices:
    """What the register's filters offer for the current scope."""

    owners: list[str]
    projects: dict[str, str]  # value → label, PORTFOLIO_LEVEL first when present
    items: int  # RAID items of the scope raised by the as-of date


@dataclass
class RisksPage:
    as_of: date
    bands: ra.ScoreBands
    period: str
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
    kpis: ra.RiskKpis

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


def register_choices(conn: Connection, filters: Filters) -> RegisterChoices:
    raw = risks_queries.register_choices(conn, filters)
    projects: dict[str, str] = {}
    if raw["portfolio_level"]:
        projects[PORTFOLIO_LEVEL] = t("Portfolio level (no project)")
    for row in raw["projects"].itertuples():
        projects[row.project_id] = f"{row.project_id} · {row.name}"
    return RegisterChoices(owners=raw["owners"], projects=projects, items=raw["items"])


def risks_page(
    conn: Connection,
    filters: Filters,
    raid_filter: RaidFilter,
    period: str,
    settings: Settings,
) -> RisksPage:
    as_of = filters.as_of_date
    bands = ra.ScoreBands.from_rag(settings.rag)
    items = ra.with_age(risks_queries.open_items(conn, filters), as_of)
    risks = items.loc[items["type"] == "Risk"].reset_index(drop=True)
    days = ra.period_ends(as_of, period, ra.TREND_PERIODS[period])
    history = risks_queries.risk_history(conn, filters, days[0])
    overdue = ra.overdue_actions(items, as_of)
    awaiting = ra.awaiting_committee(items, as_of)
    return RisksPage(
        as_of=as_of,
        bands=bands,
        period=period,
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
        kpis=ra.kpis(risks, overdue, awaiting, bands),
    )


# ------------------------------------------------------------------ display tables

#: column label → (source column, kind); kinds drive the table widget's formatting.
CELL_COLUMNS: dict[str, tuple[str, str]] = {
    "ID": ("raid_id", "text"),
    "Score": ("score", "int"),
    "Band": ("band", "text"),
    "Risk": ("title", "text"),
    "Owner": ("owner", "text"),
    "Due": ("due_date", "date"),
    "Status": ("status", "text"),
    "Project": ("project_label", "text"),
}
REGISTER_COLUMNS: dict[str, tuple[str, str]] = {
    "ID": ("raid_id", "text"),
    "Type": ("type", "text"),
    "Title": ("title", "text"),
    "Score": ("score", "int"),
    "Band": ("band", "text"),
    "Owner": ("owner", "text"),
    "Status": ("status", "text"),
    "Raised": ("raised_date", "date"),
    "Due": ("due_date", "date"),
    "Closed": ("closed_date", "date"),
    "For committee": ("for_committee", "bool"),
    "Project": ("project_label", "text"),
    "Response": ("response", "text"),
}
OVERDUE_COLUMNS: dict[str, tuple[str, str]] = {
    "ID": ("raid_id", "text"),
    "Action": ("title", "text"),
    "Days overdue": ("days_overdue", "int"),
    "Due": ("due_date", "date"),
    "Owner": ("owner", "text"),
    "Status": ("status", "text"),
    "Project": ("project_label", "text"),
}
AWAITING_COLUMNS: dict[str, tuple[str, str]] = {
    "ID": ("raid_id", "text"),
    "Type": ("type", "text"),
    "Title": ("title", "text"),
    "Due": ("due_date", "date"),
    "Owner": ("owner", "text"),
    "Score": ("score", "int"),
    "Status": ("status", "text"),
    "Project": ("project_label", "text"),
}
AGED_COLUMNS: dict[str, tuple[str, str]] = {
    "ID": ("raid_id", "text"),
    "Type": ("type", "text"),
    "Title": ("title", "text"),
    "Days open": ("age_days", "int"),
    "Raised": ("raised_date", "date"),
    "Owner": ("owner", "text"),
    "Status": ("status", "text"),
    "Project": ("project_label", "text"),
}


def kinds(mapping: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Translated column label → kind, for the table widget."""
    return {t(label): kind for label, (_, kind) in mapping.items()}


def project_labels(items: pd.DataFrame) -> pd.Series:
    """'PRJ-004 · name' per item; 'Portfolio level' for items without a project."""
    labels = [
        f"{pid} · {name}" if isinstance(pid, str) else t("Portfolio level")
        for pid, name in zip(items["project_id"], items["project_name"], strict=True)
    ]
    return pd.Series(labels, index=items.index, dtype="object")


def display(
    items: pd.DataFrame, mapping: dict[str, tuple[str, str]], bands: ra.ScoreBands
) -> pd.DataFrame:
    """The items as a display table with the mapping's columns, words translated."""
    frame = items.assign(
        project_label=project_labels(items),
        band=[t(b) if b else "" for b in ra.score_bands(items["score"], bands)],
        type=items["type"].map(t),
        status=items["status"].map(t),
    )
    out = pd.DataFrame({t(label): frame[source] for label, (source, _) in mapping.items()})
    return out.reset_index(drop=True)


def heatmap_caption(view: RisksPage) -> str:
    """The bands' score ranges, how to drill down, and the risks the grid cannot place."""
    ranges = " · ".join(f"{t(b)} {lo}–{hi}" for b, (lo, hi) in view.bands.ranges().items())
    text = f"{ranges} · " + t("Click a cell to list its risks.")
    if view.unplaced:
        text += " " + t(
            "{n} open risk(s) without probability or impact are in no cell.", n=view.unplaced
        )
    return text


def cell_title(probability: int, impact: int, count: int, bands: ra.ScoreBands) -> str:
    score = int(probability) * int(impact)
    return t(
        "{n} open risk(s) with probability {p} × impact {i} (score {score}, {band})",
        n=count,
        p=int(probability),
        i=int(impact),
        score=score,
        band=t(bands.band(score)),
    )
