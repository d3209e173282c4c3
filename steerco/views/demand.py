"""The Demand page model: pipeline per status, scored and ranked requests, the KPI tiles and
the display tables — one call, :func:`build`.

Plain Python (no Streamlit): the page, the command line and the tests use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import demand_queries
from data_access.filters import Filters
from data_access.known_on import as_known_on
from steerco import fmt
from steerco.analytics import demand as analytics
from steerco.config import Settings
from steerco.i18n import N_, t
from steerco.views import display
from steerco.views.display import Columns, Kpi


@dataclass
class DemandView:
    as_of: date
    requests: pd.DataFrame  # every filtered request, scored, with its backlog rank
    pipeline: pd.DataFrame  # per status (pipeline order): requests, cost, effort (SQL)
    backlog: pd.DataFrame  # open requests without a project, ranked
    approved_waiting: pd.DataFrame  # approved, no project yet, longest waiting first
    hidden_without_project: int  # requests without a project left out by project filters
    kpis: list[Kpi] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.requests.empty

    def request(self, request_id: str) -> pd.Series | None:
        return analytics.request_detail(self.requests, request_id)

    def same_point(self, request_id: str) -> pd.DataFrame:
        """Other requests drawn at the same spot of the bubble chart (same effort and value
        points): a click reaches only the top bubble, so the details name the others."""
        return analytics.same_point(self.requests, request_id)

    @property
    def oldest_waiting_days(self) -> float | None:
        """Days since submission of the longest-waiting approved request (None when none)."""
        if self.approved_waiting.empty:
            return None
        return float(self.approved_waiting["age_days"].max())

    @property
    def backlog_scored(self) -> int:
        return int(self.backlog["priority_score"].notna().sum())

    @property
    def off_chart(self) -> int:
        """Requests the value-vs-effort chart cannot place (no effort or missing scores)."""
        return int(self.requests["priority_score"].isna().sum())

    @property
    def backlog_cost(self) -> float:
        return float(self.backlog["cost_estimate"].fillna(0).sum())

    @property
    def backlog_effort_months(self) -> float:
        return float(self.backlog["effort_days"].fillna(0).sum()) / analytics.DAYS_PER_PERSON_MONTH


@as_known_on
def build(
    conn: Connection, filters: Filters, settings: Settings, departments: tuple[str, ...] = ()
) -> DemandView:
    """Everything the Demand page shows, for these filters, departments and as-of date."""
    as_of = filters.as_of
    scored = analytics.scored(demand_queries.requests(conn, filters, departments), as_of)
    backlog = analytics.backlog(scored)
    ranks = backlog.set_index("request_id")["rank"]
    scored["backlog_rank"] = scored["request_id"].map(ranks).astype("Int64")
    view = DemandView(
        as_of=as_of,
        requests=scored,
        pipeline=analytics.pipeline(demand_queries.pipeline(conn, filters, departments)),
        backlog=backlog,
        approved_waiting=analytics.approved_not_started(scored),
        hidden_without_project=demand_queries.without_project_hidden(conn, filters, departments),
    )
    view.kpis = _kpis(view, settings.currency)
    return view


def _kpis(view: DemandView, currency: str) -> list[Kpi]:
    backlog = len(view.backlog)
    oldest = view.oldest_waiting_days
    return [
        Kpi(
            t("Backlog"),
            fmt.number(backlog),
            help=t("Requests New, Assessing or Approved that have no project yet"),
        ),
        Kpi(
            t("Approved, not started"),
            fmt.number(len(view.approved_waiting)),
            delta=t("oldest {d} days", d=fmt.number(oldest)) if oldest is not None else None,
            delta_color="off",
            arrow=False,
        ),
        Kpi(t("Backlog cost estimate"), fmt.money(view.backlog_cost, currency)),
        Kpi(
            t("Backlog, person-months"),
            fmt.number(view.backlog_effort_months),
            help=t(
                "Estimated effort of the backlog; {d} working days = 1 person-month",
                d=fmt.number(analytics.DAYS_PER_PERSON_MONTH),
            ),
        ),
        Kpi(
            t("Backlog scored"),
            t("{n} of {all}", n=fmt.number(view.backlog_scored), all=fmt.number(backlog)),
            help=t("Requests with an effort estimate and all three scores"),
        ),
    ]


def department_options(conn: Connection) -> list[str]:
    """The requesting departments of every request (the page's own filter)."""
    return demand_queries.departments(conn)


# --------------------------------------------------------------------------- plain words


def formula_text() -> str:
    """The priority score in plain words, with the weights and constants in force."""
    weights = (
        analytics.VALUE_WEIGHT,
        analytics.URGENCY_WEIGHT,
        analytics.RISK_REDUCTION_WEIGHT,
    )
    if all(w == 1 for w in weights):
        points = t("business value + urgency + risk reduction (each scored 1–5)")
    else:
        points = t(
            "{a} × business value + {b} × urgency + {c} × risk reduction (each scored 1–5)",
            a=fmt.number(weights[0], 1),
            b=fmt.number(weights[1], 1),
            c=fmt.number(weights[2], 1),
        )
    return t(
        "**Priority score** = ({points}) ÷ effort in person-months "
        "({days} working days = 1 person-month). The most value per month of work comes "
        "first. Efforts under {floor} person-month count as {floor}, so a tiny request does "
        "not jump the queue on size alone. Requests without an effort estimate (empty or 0) "
        "or without all three scores get no score and are listed last. Equal scores share a "
        "rank; the older request is listed first.",
        points=points,
        days=fmt.number(analytics.DAYS_PER_PERSON_MONTH),
        floor=fmt.number(analytics.MIN_EFFORT_PERSON_MONTHS, 1),
    )


def _requests(n: int) -> str:
    return t("1 request") if n == 1 else t("{n} requests", n=n)


def hidden_line(hidden: int) -> str:
    return t(
        "Project filters are active: only converted requests have a project, so {requests} "
        "without one left out; reset the filters to see them.",
        requests=t("1 request is") if hidden == 1 else t("{n} requests are", n=hidden),
    )


def summary_line(view: DemandView) -> str:
    """'As of … · 60 requests submitted, 38 in the backlog.' plus what project filters hide."""
    line = t(
        "As of {as_of} · {requests} submitted, {b} in the backlog.",
        as_of=fmt.day(view.as_of),
        requests=_requests(len(view.requests)),
        b=len(view.backlog),
    )
    if view.hidden_without_project:
        line += " " + hidden_line(view.hidden_without_project)
    return line


def off_chart_line(n: int) -> str:
    return t(
        "{requests} without an effort estimate or without all three scores not on the chart.",
        requests=t("1 request is") if n == 1 else t("{n} requests are", n=n),
    )


def score_working(row: pd.Series) -> str:
    """How one request's score is computed, e.g. '(4 + 3 + 5) ÷ 2.7 person-months = 4.4'."""
    if pd.isna(row.get("priority_score")):
        return t("No priority score: {reason}.", reason=t(row.get("unscored_reason") or "–"))
    parts = " + ".join(
        fmt.number(row[c]) if w == 1 else f"{fmt.number(w, 1)} × {fmt.number(row[c])}"
        for c, w in (
            ("value_score", analytics.VALUE_WEIGHT),
            ("urgency", analytics.URGENCY_WEIGHT),
            ("risk_reduction", analytics.RISK_REDUCTION_WEIGHT),
        )
    )
    return t(
        "({parts}) ÷ {months} person-months = {score}",
        parts=parts,
        months=fmt.number(row["effort_months"], 2),
        score=fmt.number(row["priority_score"], 2),
    )


# --------------------------------------------------------------------------- display tables

BACKLOG_COLUMNS: Columns = {
    N_("Rank"): ("rank", "int"),
    N_("Request"): ("request_id", "text"),
    N_("Title"): ("title", "text"),
    N_("Priority score"): ("priority_score", "score2"),
    N_("Status"): ("status_word", "text"),
    N_("Value points"): ("value_points", "int"),
    N_("Effort (person-days)"): ("effort_days", "int"),
    N_("Cost estimate"): ("cost_estimate", "money"),
    N_("Age (days)"): ("age_days", "int"),
    N_("Department"): ("department", "text"),
    N_("Submitted"): ("submitted_date", "date"),
    N_("Note"): ("unscored_reason", "text"),
}

WAITING_COLUMNS: Columns = {
    N_("Waiting (days)"): ("age_days", "int"),
    N_("Flag"): ("wait_flag", "text"),
    N_("Request"): ("request_id", "text"),
    N_("Title"): ("title", "text"),
    N_("Backlog rank"): ("backlog_rank", "int"),
    N_("Priority score"): ("priority_score", "score2"),
    N_("Cost estimate"): ("cost_estimate", "money"),
    N_("Department"): ("department", "text"),
    N_("Submitted"): ("submitted_date", "date"),
    N_("Requester"): ("requester", "text"),
}

WAIT_FLAG = "⚠"


def backlog_table(backlog: pd.DataFrame) -> pd.DataFrame:
    frame = backlog.assign(
        status_word=backlog["status"].map(t),
        unscored_reason=backlog["unscored_reason"].map(lambda r: t(r) if r else ""),
    )
    return display.select(frame, BACKLOG_COLUMNS)


def waiting_table(waiting: pd.DataFrame) -> pd.DataFrame:
    flag = f"{WAIT_FLAG} " + t("waiting over {days} days", days=analytics.APPROVED_WAIT_WARN_DAYS)
    frame = waiting.assign(
        wait_flag=waiting["waiting_long"].map(lambda w: flag if w else ""),
    )
    return display.select(frame, WAITING_COLUMNS)


def names(requests: pd.DataFrame) -> str:
    """'REQ-021 · Onboarding workflow (Converted), …' for a short list of requests."""
    return ", ".join(f"{r.request_id} · {r.title} ({t(r.status)})" for r in requests.itertuples())


def detail_facts(row: pd.Series, currency: str = "EUR") -> list[tuple[str, str]]:
    """Label/value pairs describing one request, for the details panel."""
    rank = row.get("backlog_rank")
    return [
        (t("Status"), t(row["status"])),
        (t("Department"), row.get("department") or "–"),
        (t("Requester"), row.get("requester") or "–"),
        (t("Submitted"), fmt.day(row.get("submitted_date"))),
        (t("Age"), t("{d} days", d=fmt.number(row.get("age_days")))),
        (t("Business value"), fmt.number(row.get("value_score"))),
        (t("Urgency"), fmt.number(row.get("urgency"))),
        (t("Risk reduction"), fmt.number(row.get("risk_reduction"))),
        (t("Effort"), t("{d} person-days", d=fmt.number(row.get("effort_days")))),
        (t("Cost estimate"), fmt.money(row.get("cost_estimate"), currency)),
        (t("Priority score"), fmt.number(row.get("priority_score"), 2)),
        (t("Backlog rank"), fmt.number(rank) if not pd.isna(rank) else t("not in the backlog")),
    ]
