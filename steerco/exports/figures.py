"""Every figure the pages show, as one JSON document (``steerco figures --json``).

Built from the same ``views.<page>.build()`` the pages, the pack and the tests use, so a figure
here cannot differ from the page. The schema (every key, its unit and meaning) is in
``docs/figures.md``; :data:`SCHEMA_VERSION` moves when a key changes meaning or goes away.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy.engine import Connection

from data_access.filters import PROJECT_FILTER_COLUMNS, Filters
from steerco.config import Settings
from steerco.views import demand, finance, known, operations, overview, resources, risks

SCHEMA_VERSION = 1

#: Per-project figures: the portfolio frame's columns, under these names.
PROJECT_FIELDS = {
    "project_id": "project_id",
    "name": "name",
    "programme": "programme",
    "portfolio": "portfolio",
    "phase": "phase",
    "report_date": "report_date",
    "percent_complete": "percent_complete",
    "progress_source": "progress_source",
    "bac": "bac",
    "pv": "pv",
    "ev": "ev",
    "ac": "ac",
    "cpi": "cpi",
    "spi": "spi",
    "eac": "eac",
    "eac_cpi": "eac_cpi",
    "vac": "vac",
    "budget_variance_pct": "budget_variance_pct",
    "schedule_slip_days": "schedule_slip_days",
    "estimate_gap_pct": "estimate_gap_pct",
    **{f"{d}_rag": f"{d}_rag" for d in ("overall", "schedule", "budget", "scope", "resources")},
    "risk_rag": "risk_rag",
    **{f"{d}_rag_computed": f"{d}_rag_computed" for d in ("overall", "schedule", "budget", "risk")},
    "watermelon": "watermelon",
    "stale": "stale",
    "estimates_disagree": "estimates_disagree",
}


def plain(value: Any) -> Any:
    """A value JSON can hold: dates as ISO text, NaN/NaT/NA as null, numpy scalars as numbers."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def records(frame: pd.DataFrame, fields: dict[str, str] | list[str]) -> list[dict[str, Any]]:
    """Rows as JSON objects: ``fields`` maps output key → column (or lists the columns)."""
    mapping = fields if isinstance(fields, dict) else {f: f for f in fields}
    present = {key: col for key, col in mapping.items() if col in frame}
    return [{key: plain(row[col]) for key, col in present.items()} for _, row in frame.iterrows()]


def _filters(filters: Filters) -> dict[str, Any]:
    chosen = {name: list(getattr(filters, name)) for name in (*PROJECT_FILTER_COLUMNS, "rag")}
    if filters.scoped:  # run as a scoped person (steerco figures --as EMAIL)
        chosen["scope"] = {
            "portfolio": list(filters.scope_portfolio),
            "programme": list(filters.scope_programme),
        }
    return {"as_of": filters.as_of.isoformat(), **{k: v for k, v in chosen.items() if v}}


#: The committee's decisions taken up to the as-of date, and its actions as they stood then.
DECISION_FIELDS = [
    "decision_id",
    "meeting_date",
    "project_id",
    "question",
    "context",
    "options",
    "recommendation",
    "outcome",
    "rationale",
    "decided_by",
    "source",
    "back_on_agenda",
]
ACTION_FIELDS = {
    "action_id": "action_id",
    "action": "action",
    "owner": "owner",
    "due_date": "due_date",
    "status": "status_on",
    "project_id": "project_id",
    "decision_id": "decision_id",
    "raised_meeting": "raised_meeting",
    "closed_meeting": "closed_meeting",
    "closed_date": "closed_date",
    "notes": "notes",
    "open": "open",
    "overdue": "overdue",
    "days_overdue": "days_overdue",
}


def _committee(view: overview.OverviewView) -> dict:
    """The ``decisions`` and ``actions`` sections: the committee's record on the date."""
    decisions = view.committee_decisions
    back = decisions["decision_id"].isin(view.deferred["decision_id"])
    return {
        "decisions": records(decisions.assign(back_on_agenda=back), DECISION_FIELDS),
        "actions": records(view.actions, ACTION_FIELDS),
    }


def _overview(conn: Connection, filters: Filters, settings: Settings) -> tuple[dict, Any]:
    view = overview.build(conn, filters, settings)
    totals = asdict(view.totals)
    section = {
        "last_meeting": plain(view.last_meeting),
        "tiles": plain(totals),
        "changes_since_last_meeting": records(
            view.changes, ["project_id", "name", "previous_rag", "current_rag", "change"]
        ),
        "decisions": records(
            view.decisions, ["source", "project_id", "decision", "date", "raid_id", "type"]
        ),
    }
    return section, view


def _operations(conn: Connection, filters: Filters, settings: Settings, weeks: int) -> dict:
    view = operations.build(conn, filters, settings, ops=operations.OpsFilters(weeks=weeks))
    return {
        "period": {
            "weeks": weeks,
            "first_day": view.period.first_day.isoformat(),
            "last_day": view.period.last_day.isoformat(),
        },
        "tickets": plain(asdict(view.tickets)),
        "changes": plain(asdict(view.changes)),
        "by_service_and_priority": records(
            view.sla,
            [
                "service",
                "priority",
                "resolved",
                "judged",
                "met",
                "compliance_pct",
                "target_pct",
                "below_target",
                "median_hours",
                "mean_hours",
            ],
        ),
        "backlog_by_age": records(view.backlog, list(view.backlog.columns)),
    }


def _risks(conn: Connection, filters: Filters, settings: Settings) -> dict:
    view = risks.build(conn, filters, settings)
    return {
        "tiles": plain(asdict(view.counts)),
        "heatmap": records(view.heatmap, ["probability", "impact", "score", "band", "count"]),
        "unplaced_risks": view.unplaced,
    }


def _finance(conn: Connection, filters: Filters, settings: Settings) -> dict:
    view = finance.build(conn, filters, settings)
    return {
        "totals": plain(view.totals),
        "fiscal_years": records(view.plan, list(view.plan.columns)),
        "capex_opex": records(view.expense_split, list(view.expense_split.columns)),
    }


def _resources(conn: Connection, filters: Filters, settings: Settings) -> dict:
    view = resources.build(conn, filters, settings)
    over = view.ranking[view.ranking["months_over"] > 0] if "months_over" in view.ranking else []
    return {
        "window": {
            "first_month": plain(view.window.start),
            "last_month": plain(view.window.last),
        },
        "months": records(
            view.months,
            ["month", "capacity_days", "planned_days", "utilisation_pct", "band", "over_days"],
        ),
        "over_allocated": records(
            over,
            [
                "resource",
                "team",
                "sourcing",
                "capacity_days",
                "planned_days",
                "peak_pct",
                "months_over",
                "over_days",
                "worst_month",
            ],
        ),
    }


def _demand(conn: Connection, filters: Filters, settings: Settings) -> dict:
    view = demand.build(conn, filters, settings)
    return {
        "pipeline": records(view.pipeline, list(view.pipeline.columns)),
        "requests": records(
            view.requests,
            [
                "request_id",
                "department",
                "status",
                "submitted_date",
                "value_points",
                "effort_months",
                "priority_score",
                "backlog_rank",
                "project_id",
            ],
        ),
    }


def figures(conn: Connection, filters: Filters, settings: Settings, *, weeks: int) -> dict:
    """Every figure of the pages for these filters (``weeks``: the operations period)."""
    front, view = _overview(conn, filters, settings)
    return {
        "schema_version": SCHEMA_VERSION,
        "currency": settings.currency,
        "filters": _filters(filters),
        "not_known_on_date": list(known.not_known(conn, filters).project_ids),
        "overview": front,
        "projects": records(view.portfolio, PROJECT_FIELDS),
        **_committee(view),
        "finance": _finance(conn, filters, settings),
        "risks": _risks(conn, filters, settings),
        "operations": _operations(conn, filters, settings, weeks),
        "resources": _resources(conn, filters, settings),
        "demand": _demand(conn, filters, settings),
    }
