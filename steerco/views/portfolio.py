"""What the Portfolio page shows: one row per project, reported and computed RAG side by side.

:func:`frame` is the per-project frame every project-level view shares (Overview, Portfolio,
Project, Finance): facts, reported and computed RAG, earned value and the warning flags, so
BAC, EAC and every index are the same on each page. Plain Python (no Streamlit).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import queries
from data_access.filters import Filters
from data_access.known_on import as_known_on
from steerco import fmt
from steerco.analytics.evm import WHOLE_MONTH, earned_value, month_share, to_date
from steerco.analytics.rag import computed_rag, is_stale, watermelon
from steerco.config import Settings
from steerco.i18n import N_, t, tn
from steerco.views import display
from steerco.views.display import MONTH_NAMES, Columns

#: Active phases: only these projects are expected to report, and only their figures can make
#: them "stale" or "watermelons" (a closed or paused project is no warning for the committee).
REPORTING_PHASES = (N_("Initiation"), N_("Planning"), N_("Execution"), N_("Closing"))
RAG_DIMENSIONS = ("schedule", "budget", "scope", "resources", "risk")
#: Dimensions that Steerco can compute from figures (the others are judgement only).
COMPUTED_DIMENSIONS = ("budget", "schedule", "risk")

#: Where a project's progress (% complete, and so its earned value) comes from on the as-of
#: date: its latest status report on or before it, a report that is stale by then, or — with
#: no report by then — the projects sheet as it stands now (not known on a past date).
PROGRESS_REPORT = "report"
PROGRESS_STALE = "stale report"
PROGRESS_SHEET = "projects sheet"

#: Warning marks drawn from the fonts every machine has (DejaVu Sans on Debian, Segoe UI
#: Symbol, Apple Symbols): an emoji such as 🍉 is an empty box without an emoji font.
#: Half-filled: reported one colour, the figures another.
WATERMELON_FLAG = "◐"
GAP_FLAG = "≠"
STALE_FLAG = "◷"
DECISION_FLAG = "⚖"


@as_known_on
def frame(conn: Connection, filters: Filters, settings: Settings) -> pd.DataFrame:
    """One row per filtered project: facts, reported and computed RAG, EVM and flags."""
    raw = queries.portfolio(conn, filters, settings.rag.high_risk_score)
    if raw.empty:
        return _empty(raw)
    # EV rests on the latest progress known on the as-of date: the latest report's, then the
    # projects sheet for a project that had not reported by then
    reported = raw["reported_percent_complete"]
    evm_input = raw.assign(percent_complete=reported.fillna(raw["percent_complete"]))
    share = month_share(filters.as_of, settings.month_to_date)
    evm = earned_value(to_date(evm_input, share))
    computed = computed_rag(evm, settings.rag)
    out = pd.concat(
        [evm.reset_index(drop=True), computed.drop(columns="project_id").reset_index(drop=True)],
        axis=1,
    )
    reporting = out["phase"].isin(REPORTING_PHASES)
    out["watermelon"] = reporting & watermelon(out["overall_rag"], out["overall_rag_computed"])
    out["stale"] = reporting & is_stale(
        out["report_date"], filters.as_of, settings.stale_report_days
    )
    out["report_age_days"] = (pd.Timestamp(filters.as_of) - out["report_date"]).dt.days
    out["has_decision"] = out["decisions_required"].fillna("").str.strip().ne("")
    out["progress_source"] = _progress_source(reported, raw["percent_complete"], out["stale"])
    out["estimate_gap_pct"] = estimate_gap(out["eac"], out["eac_cpi"])
    out["estimates_disagree"] = reporting & (
        out["estimate_gap_pct"].abs() > settings.estimate_gap_pct
    )
    out["active"] = ~out["phase"].isin(settings.apart_phases)
    return out


def active(rows: pd.DataFrame) -> pd.DataFrame:
    """The projects counted in the tiles and totals: not in a phase the settings keep apart."""
    return rows[rows["active"].astype(bool)] if "active" in rows else rows


def apart_note(rows: pd.DataFrame, settings: Settings) -> str:
    """What the tiles and totals leave out ("" when nothing): how many projects, in which
    phases, with their budget and EAC, so the committee can still see them."""
    if "active" not in rows:
        return ""
    apart = rows[~rows["active"].astype(bool)]
    if apart.empty:
        return ""
    return tn(
        len(apart),
        "{n} project {phases} is not in these totals (budget {bac}, EAC {eac}); it stays in "
        "the tables and charts.",
        "{n} projects {phases} are not in these totals (budget {bac}, EAC {eac}); they stay "
        "in the tables and charts.",
        phases=" / ".join(t(p).lower() for p in settings.apart_phases),
        bac=fmt.money(apart["approved_budget"].fillna(0).sum(), settings.currency),
        eac=fmt.money(apart["eac"].fillna(0).sum(), settings.currency),
    )


def month_to_date_text(as_of: date, settings: Settings) -> str:
    """How the as-of month counts in PV and AC, written out for the page."""
    month = t(MONTH_NAMES[as_of.month - 1])
    if settings.month_to_date == WHOLE_MONTH:
        return t("PV and AC count the whole of {month}.", month=month)
    return t(
        "PV and AC count {day}/{days} of {month} (pro rata to the as-of day); the EAC counts "
        "every actual booked.",
        day=as_of.day,
        days=calendar.monthrange(as_of.year, as_of.month)[1],
        month=month,
    )


def estimate_gap(eac: pd.Series, eac_cpi: pd.Series) -> pd.Series:
    """How far BAC / CPI lies from the bottom-up EAC, in % of the EAC (empty when either is
    unknown or the EAC is 0): +40 means the spending so far points to 40 % more."""
    eac = pd.to_numeric(eac, errors="coerce")
    eac_cpi = pd.to_numeric(eac_cpi, errors="coerce")
    return (100 * (eac_cpi - eac) / eac.where(eac != 0)).astype(float)


def _progress_source(reported: pd.Series, sheet: pd.Series, stale: pd.Series) -> pd.Series:
    source = pd.Series(None, index=reported.index, dtype=object)
    source[sheet.notna()] = PROGRESS_SHEET
    source[reported.notna()] = PROGRESS_REPORT
    source[reported.notna() & stale.to_numpy(dtype=bool)] = PROGRESS_STALE
    return source


PROGRESS_WORDS = {
    PROGRESS_REPORT: N_("Status report"),
    PROGRESS_STALE: N_("◷ Stale report"),
    PROGRESS_SHEET: N_("Projects sheet (now)"),
}


def progress_words(rows: pd.DataFrame) -> list[str]:
    """Where each project's % complete comes from, as words for a table column."""
    return [t(PROGRESS_WORDS[s]) if s in PROGRESS_WORDS else "" for s in rows["progress_source"]]


def progress_note(row: pd.Series) -> str:
    """Where the project's % complete (and so its EV, CPI and SPI) comes from, said when it is
    not a current status report: e.g. "from a report 48 days old"."""
    source = row.get("progress_source")
    if source == PROGRESS_STALE:
        return t("from a stale report ({days} days old)", days=int(row["report_age_days"]))
    if source == PROGRESS_SHEET:
        return t("from the projects sheet as it stands now: no report by the as-of date")
    return ""


def _empty(raw: pd.DataFrame) -> pd.DataFrame:
    extra = [
        "bac", "ev", "cpi", "spi", "eac", "eac_cpi", "vac",
        *(f"{d}_rag_computed" for d in COMPUTED_DIMENSIONS),
        "overall_rag_computed", "budget_variance_pct", "schedule_slip_days",
        "watermelon", "stale", "report_age_days", "has_decision", "progress_source",
        "estimate_gap_pct", "estimates_disagree",
    ]  # fmt: skip
    return raw.reindex(columns=[*raw.columns, *extra])


# --------------------------------------------------------------------------- display table

#: Portfolio table: column → (source column, kind). Kinds drive the widget's formatting. The
#: committee's columns come first, so they show on a 1280-pixel projector: the project (a
#: click on its name opens it), its status reported and computed, phase, manager, money and
#: slip; the detail of each dimension after them.
COLUMNS: Columns = {
    N_("Project"): ("name", "text"),
    N_("Overall"): ("overall_rag", "rag"),
    N_("Computed"): ("overall_rag_computed", "rag"),  # the overall status from the figures
    N_("Phase"): ("phase", "text"),
    N_("Project manager"): ("project_manager", "text"),
    N_("Budget (BAC)"): ("approved_budget", "money"),
    N_("EAC"): ("eac", "money"),
    N_("Variance"): ("budget_variance_pct", "pct"),
    N_("Slip"): ("schedule_slip_days", "days"),
    N_("Flags"): ("flags", "text"),
    N_("Forecast end"): ("forecast_end_date", "date"),
    N_("% complete"): ("percent_complete", "pct0"),
    N_("Last report"): ("report_date", "date"),
    N_("Schedule"): ("schedule_rag", "rag"),
    N_("Schedule (computed)"): ("schedule_rag_computed", "rag"),
    N_("Budget"): ("budget_rag", "rag"),
    N_("Budget (computed)"): ("budget_rag_computed", "rag"),
    N_("Scope"): ("scope_rag", "rag"),
    N_("Resources"): ("resources_rag", "rag"),
    N_("Risk"): ("risk_rag", "rag"),
    N_("Risk (computed)"): ("risk_rag_computed", "rag"),
    N_("Programme"): ("programme", "text"),
    N_("ID"): ("project_id", "text"),
}
#: The column whose cell opens the project (and stays in view when the table scrolls).
NAME_COLUMN = N_("Project")

#: Severity classes, most severe first (docs/definitions.md, "Severity order"): reported
#: Red; a watermelon (reported Green or Amber, figures Red); reported Amber; no report;
#: Green. Projects kept apart from the totals (closed, on hold) come after all of them.
SEVERITY_RED, SEVERITY_WATERMELON, SEVERITY_AMBER, SEVERITY_NONE, SEVERITY_GREEN = range(5)
SEVERITY_APART = 5


def severity(rows: pd.DataFrame) -> pd.Series:
    """Each project's severity class (:data:`SEVERITY_RED` … :data:`SEVERITY_APART`)."""
    reported = rows["overall_rag"]
    classes = reported.map({"R": SEVERITY_RED, "A": SEVERITY_AMBER, "G": SEVERITY_GREEN})
    classes = classes.fillna(SEVERITY_NONE)
    melon = rows["watermelon"].fillna(False).astype(bool) & reported.ne("R")
    classes = classes.mask(melon, SEVERITY_WATERMELON)
    if "active" in rows:
        classes = classes.mask(~rows["active"].fillna(True).astype(bool), SEVERITY_APART)
    return classes.astype(int)


def by_severity(rows: pd.DataFrame) -> pd.DataFrame:
    """The projects most severe first: by :func:`severity`, then the largest budget
    variance (%), then the longest schedule slip (days), unknown figures last, then id."""
    if rows.empty:
        return rows
    keyed = rows.assign(
        _severity=severity(rows),
        _variance=-pd.to_numeric(rows["budget_variance_pct"], errors="coerce"),
        _slip=-pd.to_numeric(rows["schedule_slip_days"], errors="coerce"),
    )
    ordered = keyed.sort_values(
        ["_severity", "_variance", "_slip", "project_id"], na_position="last", kind="stable"
    )
    return ordered.drop(columns=["_severity", "_variance", "_slip"]).reset_index(drop=True)


def flags(rows: pd.DataFrame) -> pd.Series:
    """The warning marks of each project, e.g. "◐ Watermelon · ⚖ Decision"."""

    def one(row) -> str:
        marks = []
        if row.get("watermelon"):
            marks.append(f"{WATERMELON_FLAG} " + t("Watermelon"))
        if row.get("stale"):
            marks.append(f"{STALE_FLAG} " + t("Stale"))
        if row.get("estimates_disagree"):
            marks.append(f"{GAP_FLAG} " + t("EAC vs BAC/CPI"))
        if row.get("has_decision"):
            marks.append(f"{DECISION_FLAG} " + t("Decision"))
        return " · ".join(marks)

    if rows.empty:
        return pd.Series(dtype=str, index=rows.index)
    return rows.apply(one, axis=1)


def table(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per project for the portfolio grid, RAG as words."""
    shown = rows.assign(
        flags=flags(rows),
        schedule_slip_days=pd.to_numeric(rows["schedule_slip_days"]).astype("float64"),
    )
    return display.select(shown, COLUMNS)


# --------------------------------------------------------------------------- the page


@dataclass
class PortfolioView:
    frame: pd.DataFrame  # one row per project, most severe first (the order of ``table``)
    table: pd.DataFrame  # the display table
    kinds: dict[str, str]
    rag_columns: tuple[str, ...]
    summary: str  # count, budget, EAC and date above the table
    legend: str  # what computed, watermelon and stale mean, below the table

    @property
    def is_empty(self) -> bool:
        return self.frame.empty


@as_known_on
def build(conn: Connection, filters: Filters, settings: Settings) -> PortfolioView:
    rows = by_severity(frame(conn, filters, settings))
    counted = active(rows)
    currency = settings.currency
    return PortfolioView(
        frame=rows,
        table=table(rows),
        kinds=display.kinds(COLUMNS),
        rag_columns=display.rag_labels(COLUMNS),
        summary=" ".join(
            part
            for part in (
                t(
                    "{n} active projects · approved budget {bac} · estimate at completion "
                    "{eac} · as of {as_of}.",
                    n=len(counted),
                    bac=fmt.money(counted["approved_budget"].sum(), currency),
                    eac=fmt.money(counted["eac"].sum(), currency),
                    as_of=fmt.day(filters.as_of),
                ),
                apart_note(rows, settings),
                t(
                    "Most severe first: red, watermelons, amber, no report, green. Click a "
                    "project's name to open it; click a column header to sort."
                ),
            )
            if part
        ),
        legend=t(
            "Computed status comes from the figures: budget from EAC against BAC, schedule "
            "from the forecast end date and SPI, risk from open high-scoring risks. "
            "{w} watermelon: reported green or amber, figures red. {s} stale: no report for "
            "more than {days} days. {g} EAC vs BAC/CPI: the two estimates at completion differ "
            "by more than {gap} %. {month}",
            w=WATERMELON_FLAG,
            s=STALE_FLAG,
            days=settings.stale_report_days,
            g=GAP_FLAG,
            gap=fmt.number(settings.estimate_gap_pct),
            month=month_to_date_text(filters.as_of, settings),
        ),
    )
