"""What the Status report page shows (docs/reporting.md): the projects a person reports on,
the form of one project's report pre-filled from the last one with what Steerco computes
beside it, and the PMO's queue of submitted reports with what each changes.

Plain Python (no Streamlit). The writes (save a draft, submit, approve, return) are the
service layer's: ``data_access.writes.save_report``, ``approve_report``, ``return_report``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import access, queries, reports, schema, users
from data_access.filters import Filters
from steerco import fmt
from steerco.config import Settings
from steerco.i18n import N_, rag_label, t
from steerco.views import display, portfolio
from steerco.views.display import Columns, Kpi
from steerco.views.project import red_figures

DIMENSIONS = schema.RAG_DIMENSIONS
#: The report's texts, in the order the form shows them.
TEXTS = ("summary", "achievements", "next_steps")
DECISION_FIELDS = ("decisions_required", "decision_options", "decision_recommendation")
#: How many open risks the form lets the project manager update inline.
TOP_RISKS = 5
#: The report fields a new report takes over from the last one (not its date, state or note).
CARRIED = (
    *(f"{d}_rag" for d in DIMENSIONS),
    *(f"{d}_reason" for d in DIMENSIONS),
    "percent_complete",
    *TEXTS,
    *DECISION_FIELDS,
)
#: The state of each report, as the page shows it.
STATE_LABELS = {
    schema.REPORT_DRAFT: N_("Draft"),
    schema.REPORT_SUBMITTED: N_("Submitted"),
    schema.REPORT_APPROVED: N_("Approved"),
    schema.REPORT_RETURNED: N_("Returned"),
}

PICKER_COLUMNS: Columns = {
    N_("Project"): ("label", "text"),
    N_("Project manager"): ("project_manager", "text"),
    N_("Last report"): ("report_date", "date"),
    N_("State"): ("state_label", "text"),
}
HISTORY_COLUMNS: Columns = {
    N_("Report date"): ("report_date", "date"),
    N_("State"): ("state_label", "text"),
    N_("Overall"): ("overall_rag", "rag"),
    N_("% complete"): ("percent_complete", "percent"),
    N_("Author"): ("author", "text"),
}
EVENT_COLUMNS: Columns = {
    N_("When"): ("at", "datetime"),
    N_("Report date"): ("report_date", "date"),
    N_("Step"): ("state_label", "text"),
    N_("By"): ("actor", "text"),
    N_("Comment"): ("comment", "text"),
}
QUEUE_COLUMNS: Columns = {
    N_("Project"): ("label", "text"),
    N_("Project manager"): ("project_manager", "text"),
    N_("Report date"): ("report_date", "date"),
    N_("Overall"): ("overall_rag", "rag"),
    N_("Author"): ("author", "text"),
}
MILESTONE_COLUMNS = ("milestone_id", "name", "baseline_date", "forecast_date")
RISK_COLUMNS = ("raid_id", "title", "probability", "impact", "status", "response")


def state_label(state: object) -> str:
    """The state as words ("No state" for a report stored before the workflow)."""
    return t(STATE_LABELS[state]) if state in STATE_LABELS else t("Approved")


def own_projects(conn: Connection, who: access.Identity) -> tuple[str, ...]:
    """The projects ``who`` reports on as project manager (sorted)."""
    return tuple(sorted(users.own_projects(conn, who)))


def picker(conn: Connection, filters: Filters, *, own: tuple[str, ...]) -> pd.DataFrame:
    """The projects to pick from, the person's own first, each with its last report's date
    and state: ``project_id``, ``label``, ``mine``, ``project_manager``, ``report_date``,
    ``state_label``."""
    frame = reports.latest_states(conn, filters)
    frame["mine"] = frame["project_id"].isin(own)
    frame["label"] = frame["project_id"] + " · " + frame["name"].fillna("")
    frame["state_label"] = [
        state_label(s) if isinstance(d, pd.Timestamp) else t("No report yet")
        for s, d in zip(frame["state"], frame["report_date"], strict=True)
    ]
    return frame.sort_values(["mine", "project_id"], ascending=[False, True]).reset_index(drop=True)


def picker_table(frame: pd.DataFrame) -> pd.DataFrame:
    return display.select(frame, PICKER_COLUMNS)


@dataclass(frozen=True)
class ReportForm:
    """One project's report form: what it opens with, and what Steerco computes beside it."""

    project_id: str
    name: str
    project_manager: str
    phase: str
    #: The field values the form opens with (report date, RAGs, reasons, texts…).
    values: dict
    #: True when the form continues a stored draft, returned or submitted report (same date);
    #: False when it starts the next report from the last one.
    continuing: bool
    #: The state of the stored report the form continues (None for a new one).
    state: str | None
    #: Version stamp of the stored report of the form's date (``writes.save_report(opened=)``).
    opened: int | None
    #: The PMO's comment when the report was returned.
    returned_comment: str | None
    returned_by: str | None
    last_approved_percent: float | None
    #: What Steerco computes from the figures (as of the form's day).
    computed: tuple[Kpi, ...]
    #: The reported-green-but-red warning, when the figures say red.
    watermelon: str | None
    milestones: pd.DataFrame
    risks: pd.DataFrame
    history: pd.DataFrame
    events: pd.DataFrame = field(default_factory=pd.DataFrame)


def _continues(last: dict | None, today: date, window_days: int) -> bool:
    """A draft or returned report is continued; a submitted one too while it is recent (the
    PMO has not checked it yet); an approved one is the start of the next report."""
    if not last:
        return False
    state = last.get("state")
    if state in (schema.REPORT_DRAFT, schema.REPORT_RETURNED):
        return True
    day = pd.Timestamp(last["report_date"]).date()
    if day >= today:  # today's report, whatever its state, is corrected, not doubled
        return True
    return state == schema.REPORT_SUBMITTED and day >= today - timedelta(days=window_days)


def _opening_values(last: dict | None, continuing: bool, today: date) -> dict:
    if last is None:
        return {"report_date": today}
    if continuing:
        values = {c: last.get(c) for c in schema.dataset("status_reports").column_names}
        values["report_date"] = pd.Timestamp(last["report_date"]).date()
        return values
    values = {c: last.get(c) for c in CARRIED}
    values["report_date"] = today
    return values


def _computed(row: pd.Series, currency: str) -> tuple[tuple[Kpi, ...], str | None]:
    tiles = (
        Kpi(t("Computed RAG"), rag_label(row.get("overall_rag_computed")),
            help=t("The worst of budget, schedule and risk as Steerco computes them from the "
                   "figures (docs/definitions.md).")),
        Kpi(t("CPI"), fmt.ratio(row.get("cpi")), help=t("Cost performance index: EV / AC.")),
        Kpi(t("SPI"), fmt.ratio(row.get("spi")), help=t("Schedule performance index: EV / PV.")),
        Kpi(t("Schedule slip"), fmt.days(row.get("schedule_slip_days")),
            help=t("Forecast end against baseline end.")),
        Kpi(t("EAC vs budget"), fmt.pct(row.get("budget_variance_pct"), 0, signed=True),
            help=t("Estimate at completion against the budget at completion.")),
    )  # fmt: skip
    warning = None
    if row.get("overall_rag_computed") == "R" and row.get("overall_rag") in ("G", "A"):
        warning = t(
            "Reported {reported}, but the figures say Red: {figures}. The committee will see both.",
            reported=rag_label(row.get("overall_rag")),
            figures=red_figures(row),
        )
    return tiles, warning


def _labelled(frame: pd.DataFrame, column: str = "state") -> pd.DataFrame:
    frame = frame.copy()
    frame["state_label"] = [state_label(s) for s in frame[column]]
    return frame


def build(
    conn: Connection,
    filters: Filters,
    settings: Settings,
    *,
    project_id: str,
    today: date,
) -> ReportForm | None:
    """The report form of ``project_id`` (None when the project is unknown or outside the
    user's scope), as of ``today``."""
    rows = portfolio.frame(conn, filters.only_scope().with_(as_of=today), settings)
    rows = rows.loc[rows["project_id"] == project_id]
    if rows.empty:
        return None
    row = rows.iloc[0]
    last = reports.latest(conn, project_id)
    continuing = _continues(last, today, settings.reporting.deadline_days)
    values = _opening_values(last, continuing, today)
    stored = reports.stored(conn, project_id, values["report_date"])
    opened = None if stored is None or stored.get("_import_id") is None else stored["_import_id"]
    events = reports.events(conn, project_id)
    returned_comment = returned_by = None
    if continuing and last and last.get("state") == schema.REPORT_RETURNED:
        mine = events.loc[
            (events["report_date"] == pd.Timestamp(values["report_date"]))
            & (events["state"] == schema.REPORT_RETURNED)
        ]
        if not mine.empty:
            returned_comment = mine.iloc[0]["comment"]
            returned_by = mine.iloc[0]["actor"]
    approved = reports.last_approved(conn, project_id, before=values["report_date"])
    row = row.copy()
    row["overall_rag"] = values.get("overall_rag")  # the form's, not the last counted one's
    computed, warning = _computed(row, settings.currency)
    history = reports.reports(conn, project_id)
    return ReportForm(
        project_id=project_id,
        name=str(row.get("name") or ""),
        project_manager=str(row.get("project_manager") or ""),
        phase=str(row.get("phase") or ""),
        values=values,
        continuing=continuing,
        state=last.get("state") if continuing and last else None,
        opened=None if opened is None else int(opened),
        returned_comment=returned_comment,
        returned_by=returned_by,
        last_approved_percent=(
            None
            if approved is None or approved.get("percent_complete") is None
            else float(approved["percent_complete"])
        ),
        computed=computed,
        watermelon=warning,
        milestones=_open_milestones(conn, filters, project_id),
        risks=_top_risks(conn, filters, project_id, today),
        history=_labelled(history.iloc[::-1]) if not history.empty else history,
        events=_labelled(events) if not events.empty else events,
    )


def _open_milestones(conn: Connection, filters: Filters, project_id: str) -> pd.DataFrame:
    """The project's milestones not yet reached, by forecast date: the PM updates forecasts."""
    frame = queries.milestones(conn, filters.only_scope(), project_id=project_id)
    if frame.empty:
        return pd.DataFrame(columns=list(MILESTONE_COLUMNS))
    frame = frame.loc[frame["actual_date"].isna()]
    return frame.sort_values("forecast_date")[list(MILESTONE_COLUMNS)].reset_index(drop=True)


def _top_risks(conn: Connection, filters: Filters, project_id: str, today: date) -> pd.DataFrame:
    """The project's open risks with the highest score (at most :data:`TOP_RISKS`)."""
    frame = queries.raid(conn, filters.only_scope().with_(as_of=today), project_id=project_id)
    if frame.empty:
        return pd.DataFrame(columns=list(RISK_COLUMNS))
    frame = frame.loc[(frame["type"] == "Risk") & (frame["status"] != "Closed")]
    score = frame["probability"].fillna(0) * frame["impact"].fillna(0)
    frame = frame.assign(_score=score).sort_values("_score", ascending=False, kind="stable")
    return frame.head(TOP_RISKS)[list(RISK_COLUMNS)].reset_index(drop=True)


def history_table(form: ReportForm) -> pd.DataFrame:
    return display.select(form.history, HISTORY_COLUMNS)


def events_table(frame: pd.DataFrame) -> pd.DataFrame:
    return display.select(frame, EVENT_COLUMNS)


# --------------------------------------------------------------------------- the PMO's check


@dataclass(frozen=True)
class Submitted:
    """One submitted report as the PMO checks it: the report, what it changes against the
    last counted one (before → after), and what Steerco computes."""

    project_id: str
    name: str
    report_date: date
    values: dict
    changes: pd.DataFrame  # field, before, after
    computed: tuple[Kpi, ...]
    watermelon: str | None


def queue(conn: Connection, filters: Filters) -> pd.DataFrame:
    """The submitted reports awaiting the PMO's check, oldest first."""
    frame = reports.queue(conn, filters)
    frame["label"] = frame["project_id"] + " · " + frame["name"].fillna("")
    return frame


def queue_table(frame: pd.DataFrame) -> pd.DataFrame:
    return display.select(frame, QUEUE_COLUMNS)


#: The fields the PMO compares, as the check shows them.
FIELD_LABELS = {
    "overall_rag": N_("Overall RAG"),
    "schedule_rag": N_("Schedule RAG"),
    "budget_rag": N_("Budget RAG"),
    "scope_rag": N_("Scope RAG"),
    "resources_rag": N_("Resources RAG"),
    "risk_rag": N_("Risk RAG"),
    "overall_reason": N_("Overall reason"),
    "schedule_reason": N_("Schedule reason"),
    "budget_reason": N_("Budget reason"),
    "scope_reason": N_("Scope reason"),
    "resources_reason": N_("Resources reason"),
    "risk_reason": N_("Risk reason"),
    "percent_complete": N_("% complete"),
    "progress_note": N_("Progress note"),
    "summary": N_("Summary"),
    "achievements": N_("Achievements"),
    "next_steps": N_("Next steps"),
    "decisions_required": N_("Decision required"),
    "decision_options": N_("Options"),
    "decision_recommendation": N_("Recommendation"),
}


def _shown(field_name: str, value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if field_name.endswith("_rag"):
        return rag_label(value)
    if field_name == "percent_complete":
        return fmt.pct(value)
    return str(value)


def submitted(
    conn: Connection, filters: Filters, settings: Settings, *, project_id: str, report_date: date
) -> Submitted | None:
    """A submitted report for the PMO's check (None when it is not submitted any more or is
    outside the user's scope)."""
    found = queue(conn, filters)
    found = found.loc[
        (found["project_id"] == project_id) & (found["report_date"] == pd.Timestamp(report_date))
    ]
    if found.empty:
        return None
    report = reports.stored(conn, project_id, report_date) or {}
    before = reports.last_approved(conn, project_id, before=report_date) or {}
    rows = [
        {"field": t(label), "before": _shown(name, before.get(name)),
         "after": _shown(name, report.get(name))}
        for name, label in FIELD_LABELS.items()
        if _shown(name, before.get(name)) != _shown(name, report.get(name))
    ]  # fmt: skip
    frame = portfolio.frame(conn, filters.only_scope().with_(as_of=report_date), settings)
    frame = frame.loc[frame["project_id"] == project_id]
    computed, warning = (), None
    if not frame.empty:
        row = frame.iloc[0].copy()
        row["overall_rag"] = report.get("overall_rag")
        computed, warning = _computed(row, settings.currency)
    return Submitted(
        project_id=project_id,
        name=str(found.iloc[0]["name"] or ""),
        report_date=report_date,
        values=report,
        changes=pd.DataFrame(rows, columns=["field", "before", "after"]),
        computed=computed,
        watermelon=warning,
    )
