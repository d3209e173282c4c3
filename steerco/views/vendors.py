"""The Vendors page model: contracts in force, figures per vendor, renewals due, the KPI
tiles and the display tables — one call, :func:`build`.

Plain Python (no Streamlit): the page, the command line and the tests use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import vendors_queries
from data_access.filters import Filters
from data_access.known_on import as_known_on
from steerco import fmt
from steerco.analytics import vendors as analytics
from steerco.charts import vendors as vendor_charts
from steerco.config import Settings
from steerco.i18n import N_, t
from steerco.views import display
from steerco.views.display import Columns, Kpi


@dataclass
class VendorsView:
    as_of: date
    contracts: pd.DataFrame  # in force on the as-of date, with spend %, bands, renewals
    vendors: pd.DataFrame  # one row per vendor (SQL aggregates + spend %, bands, renewals)
    renewals: pd.DataFrame  # contracts with a renewal due in the window, soonest first
    hidden_without_project: int  # contracts without a project left out by project filters
    window_days: int = analytics.RENEWAL_WINDOW_DAYS
    kpis: list[Kpi] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.contracts.empty

    def contracts_of(self, vendors) -> pd.DataFrame:
        return analytics.contracts_of(self.contracts, vendors)

    @property
    def annual_value(self) -> float:
        return float(self.contracts["annual_value"].fillna(0).sum())

    @property
    def renewals_value(self) -> float:
        """Annual value of the contracts with a renewal due."""
        return float(self.renewals["annual_value"].fillna(0).sum())

    @property
    def spend_pct(self) -> float:
        """All vendors together: Σ spend ÷ Σ value at the contracted pace, in %."""
        paced = float(self.vendors["paced_value"].fillna(0).sum())
        spend = float(self.vendors["paced_spend"].fillna(0).sum())
        return 100.0 * spend / paced if paced > 0 else float("nan")

    @property
    def below_sla_target(self) -> int:
        return int(self.vendors["sla_band"].isin(["A", "R"]).sum())


@as_known_on
def build(conn: Connection, filters: Filters, settings: Settings) -> VendorsView:
    """Everything the Vendors page shows, for these filters and as-of date."""
    as_of = filters.as_of
    contracts = analytics.contract_figures(vendors_queries.contracts(conn, filters), as_of)
    summary = vendors_queries.vendor_summary(conn, filters)
    view = VendorsView(
        as_of=as_of,
        contracts=contracts,
        vendors=analytics.vendor_figures(summary, contracts),
        renewals=analytics.renewals_due(contracts),
        hidden_without_project=vendors_queries.without_project_hidden(conn, filters),
    )
    view.kpis = _kpis(view, settings.currency)
    return view


def _kpis(view: VendorsView, currency: str) -> list[Kpi]:
    d = view.window_days
    return [
        Kpi(t("Contracts in force"), fmt.number(len(view.contracts))),
        Kpi(
            t("Annual value"),
            fmt.money(view.annual_value, currency),
            help=t("Sum of the annual value of the contracts in force"),
        ),
        Kpi(
            t("Spend vs contracted pace"),
            fmt.pct(view.spend_pct),
            help=t(
                "Spend to date ÷ (annual value × contract years elapsed), all contracts "
                "together. 100 % = spending exactly at the contracted annual value."
            ),
        ),
        Kpi(
            t("Renewals due in {d} days", d=d),
            fmt.number(len(view.renewals)),
            help=t(
                "Contracts whose renewal notice date or end date falls within {d} days of the "
                "as-of date (day {d} included)",
                d=d,
            ),
            delta=t("{value} a year", value=fmt.money(view.renewals_value, currency)),
            delta_color="off",
            arrow=False,
        ),
        Kpi(
            t("Vendors below SLA target"),
            fmt.number(view.below_sla_target),
            help=t(
                "Vendors whose mean SLA performance is below {target} %",
                target=fmt.number(analytics.SLA_TARGET_PCT),
            ),
        ),
    ]


def clicked_vendors(marks: list[list]) -> list[str]:
    """The vendors behind the clicked scorecard marks (their ``customdata``), in click
    order, each once."""
    vendors: list[str] = []
    for mark in marks:
        if mark and isinstance(mark[0], str) and mark[0] not in vendors:
            vendors.append(mark[0])
    return vendors


# --------------------------------------------------------------------------- display tables

#: Contracts table: column → (source column, kind). Kinds drive the table widget's format.
CONTRACT_COLUMNS: Columns = {
    N_("Contract"): ("contract_id", "text"),
    N_("Vendor"): ("vendor", "text"),
    N_("Scope"): ("scope", "text"),
    N_("Project"): ("project_label", "text"),
    N_("Service"): ("service", "text"),
    N_("Start"): ("start_date", "date"),
    N_("End"): ("end_date", "date"),
    N_("Annual value"): ("annual_value", "money"),
    N_("Spend to date"): ("spend_to_date", "money"),
    N_("Spend vs pace (%)"): ("spend_pct", "pct1"),
    N_("Spend status"): ("spend_band", "band"),
    N_("SLA (%)"): ("sla_performance_pct", "pct1"),
    N_("SLA status"): ("sla_band", "band"),
    N_("Satisfaction (1–5)"): ("satisfaction", "score"),
    N_("Notice date"): ("renewal_notice_date", "date"),
    N_("Renewal due"): ("renewal_text", "text"),
}

RENEWAL_COLUMNS: Columns = {
    N_("Act by"): ("renewal_date", "date"),
    N_("Days left"): ("days_to_renewal", "count_days"),
    N_("What"): ("renewal_text", "text"),
    N_("Contract"): ("contract_id", "text"),
    N_("Vendor"): ("vendor", "text"),
    N_("Scope"): ("scope", "text"),
    N_("Annual value"): ("annual_value", "money"),
    N_("End"): ("end_date", "date"),
    N_("SLA (%)"): ("sla_performance_pct", "pct1"),
    N_("Satisfaction (1–5)"): ("satisfaction", "score"),
}

VENDOR_COLUMNS: Columns = {
    N_("Vendor"): ("vendor", "text"),
    N_("Contracts"): ("contracts", "int"),
    N_("Annual value"): ("annual_value", "money"),
    N_("Spend to date"): ("spend_to_date", "money"),
    N_("Spend vs pace (%)"): ("spend_pct", "pct1"),
    N_("SLA (%)"): ("sla_pct", "pct1"),
    N_("Satisfaction (1–5)"): ("satisfaction", "score"),
    N_("Renewals due"): ("renewals_due", "int"),
}

#: Words for the bands in tables (never colour alone).
BAND_WORDS = {
    "spend": {"G": N_("Within pace"), "A": N_("Ahead of pace"), "R": N_("Well ahead of pace")},
    "sla": {"G": N_("Meets target"), "A": N_("Below target"), "R": N_("Well below target")},
    "satisfaction": {"G": "Satisfied", "A": "Mixed", "R": "Dissatisfied"},
}


def band_word(kind: str, code) -> str:
    words = BAND_WORDS[kind]
    return t(words[code]) if isinstance(code, str) and code in words else "–"


def renewal_text(row: pd.Series) -> str:
    """'Notice date' / 'Contract ends' (+ 'notice date passed') for a due renewal, else ''."""
    if not row.get("renewal_due"):
        return ""
    if row.get("renewal_basis") == analytics.BASIS_NOTICE:
        return t("Notice date")
    text = t("Contract ends")
    if row.get("notice_passed"):
        text += " · " + t("notice date passed")
    return text


def _project_label(frame: pd.DataFrame) -> pd.Series:
    label = frame["project_id"].where(
        frame["project_name"].isna(), frame["project_id"] + " · " + frame["project_name"]
    )
    return label.fillna("")


def contracts_table(contracts: pd.DataFrame) -> pd.DataFrame:
    """One row per contract, bands as words, numbers kept numeric (sortable)."""
    frame = contracts.assign(
        project_label=_project_label(contracts),
        renewal_text=contracts.apply(renewal_text, axis=1) if not contracts.empty else "",
        spend_band=contracts["spend_band"].map(lambda c: band_word("spend", c)),
        sla_band=contracts["sla_band"].map(lambda c: band_word("sla", c)),
    )
    return display.select(frame, CONTRACT_COLUMNS)


def renewals_table(renewals: pd.DataFrame) -> pd.DataFrame:
    frame = renewals.assign(
        renewal_text=renewals.apply(renewal_text, axis=1) if not renewals.empty else ""
    )
    return display.select(frame, RENEWAL_COLUMNS)


def vendors_table(vendors: pd.DataFrame) -> pd.DataFrame:
    return display.select(vendors, VENDOR_COLUMNS)


def summary_line(view: VendorsView) -> str:
    """'As of … · 25 contracts in force with 25 vendors.' plus what project filters hide."""
    contracts = len(view.contracts)
    vendors = len(view.vendors)
    line = t(
        "As of {as_of} · {contracts} in force with {vendors}.",
        as_of=fmt.day(view.as_of),
        contracts=t("1 contract") if contracts == 1 else t("{n} contracts", n=contracts),
        vendors=t("1 vendor") if vendors == 1 else t("{n} vendors", n=vendors),
    )
    if view.hidden_without_project:
        line += " " + t(
            "Project filters are active: {n} contracts that serve no project (licences, "
            "outsourcing) are left out; reset the filters to see them.",
            n=view.hidden_without_project,
        )
    return line


def contracts_heading(n: int, vendors: list[str]) -> str:
    """'1 contract of Atos' / '3 contracts of Atos, Dell'."""
    names = ", ".join(vendors)
    if n == 1:
        return t("1 contract of {vendor}", vendor=names)
    return t("{n} contracts of {vendor}", n=n, vendor=names)


def scorecard_note(view: VendorsView) -> str | None:
    """What the scorecard leaves out when there are more vendors than it draws."""
    if len(view.vendors) <= vendor_charts.SCORECARD_MAX_VENDORS:
        return None
    return t(
        "The {n} vendors with the largest annual value; the per-vendor table lists all {all}.",
        n=vendor_charts.SCORECARD_MAX_VENDORS,
        all=len(view.vendors),
    )


def rules_note(view: VendorsView) -> str:
    """How the page's figures and bands are computed, in plain words."""
    return t(
        "Spend vs contracted pace = spend to date ÷ (annual value × contract years elapsed "
        "since the start date); 100 % is on pace, above {amber} % is Amber, above {red} % Red. "
        "SLA: Green from {sla} %, Red below {sla_floor} %. Satisfaction: Green from {sat}, "
        "Red below {sat_floor}. Vendor figures are means over their contracts; spend vs pace "
        "per vendor is Σ spend ÷ Σ value at pace. A renewal is due when the notice or end "
        "date falls within {d} days of the as-of date.",
        amber=fmt.number(analytics.SPEND_PACE_AMBER_PCT),
        red=fmt.number(analytics.SPEND_PACE_RED_PCT),
        sla=fmt.number(analytics.SLA_TARGET_PCT),
        sla_floor=fmt.number(analytics.SLA_FLOOR_PCT),
        sat=fmt.number(analytics.SATISFACTION_TARGET, 1),
        sat_floor=fmt.number(analytics.SATISFACTION_FLOOR, 1),
        d=view.window_days,
    )
