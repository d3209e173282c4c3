"""What changed between two dates: two committee meetings, or the last meeting and today.

Each side is the portfolio *as known on its date* (the same page models the pages build with
``Filters(as_of=…)``, time-true through :mod:`data_access.known_on`): the six RAGs of each
project's latest report, milestone forecasts, the approved budget and EAC, the RAID register.
Decisions and actions are the committee's own record, dated by their meetings. The rules are
in :mod:`steerco.analytics.compare` (docs/compare.md).

The Meeting page's "Compare" tab (``steerco.ui.compare``) and ``steerco compare`` read
:func:`build`; :func:`document` is the JSON of ``steerco compare --json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import meetings as records
from data_access import queries, schema
from data_access.filters import Filters
from data_access.known_on import as_known_on
from steerco import fmt
from steerco.analytics import compare as rules
from steerco.analytics.changes import last_meeting_before
from steerco.config import Settings
from steerco.i18n import N_, t
from steerco.views import display, known, portfolio
from steerco.views.display import Columns, Kpi

#: JSON schema of ``steerco compare --json`` (docs/compare.md); moves when a key changes
#: meaning or goes away.
SCHEMA_VERSION = 1

#: How a RAG dimension and a move are named in the table (translated when shown).
DIMENSION_NAMES = schema.RAG_DIMENSION_NAMES
CHANGE_NAMES = {"worse": N_("worse"), "better": N_("better"), "new": N_("first rating")}

RAG_MOVE_COLUMNS: Columns = {
    N_("Project"): ("project_label", "text"),
    N_("Dimension"): ("dimension_name", "text"),
    N_("Was"): ("was", "rag"),
    N_("Now"): ("now", "rag"),
    N_("Change"): ("change_name", "text"),
    N_("Report"): ("now_date", "date"),
}
SLIPPED_COLUMNS: Columns = {
    N_("Project"): ("project_label", "text"),
    N_("Milestone"): ("name", "text"),
    N_("Baseline"): ("baseline_date", "date"),
    N_("Forecast then"): ("forecast_was", "date"),
    N_("Forecast now"): ("forecast_now", "date"),
    N_("Slip"): ("slip_days", "days"),
}
ACHIEVED_COLUMNS: Columns = {
    N_("Project"): ("project_label", "text"),
    N_("Milestone"): ("name", "text"),
    N_("Baseline"): ("baseline_date", "date"),
    N_("Forecast then"): ("forecast_was", "date"),
    N_("Achieved"): ("actual_date", "date"),
    N_("Days late"): ("days_late", "days"),
}
MONEY_COLUMNS: Columns = {
    N_("Project"): ("project_label", "text"),
    N_("Budget then"): ("budget_was", "money"),
    N_("Budget now"): ("budget_now", "money"),
    N_("Budget change %"): ("budget_change_pct", "pct"),
    N_("EAC then"): ("eac_was", "money"),
    N_("EAC now"): ("eac_now", "money"),
    N_("EAC change"): ("eac_change", "money"),
    N_("EAC change %"): ("eac_change_pct", "pct"),
}
RISK_COLUMNS: Columns = {
    N_("ID"): ("raid_id", "text"),
    N_("Project"): ("project_label", "text"),
    N_("Title"): ("title", "text"),
    N_("Score"): ("score", "score0"),
    N_("Owner"): ("owner", "text"),
    N_("Raised"): ("raised_date", "date"),
    N_("Status"): ("status", "text"),
}
CLOSED_RISK_COLUMNS: Columns = {
    N_("ID"): ("raid_id", "text"),
    N_("Project"): ("project_label", "text"),
    N_("Title"): ("title", "text"),
    N_("Score"): ("score", "score0"),
    N_("Owner"): ("owner", "text"),
    N_("Closed"): ("closed_date", "date"),
}
RESCORED_COLUMNS: Columns = {
    N_("ID"): ("raid_id", "text"),
    N_("Project"): ("project_label", "text"),
    N_("Title"): ("title", "text"),
    N_("Score then"): ("score_was", "score0"),
    N_("Score now"): ("score", "score0"),
    N_("Change"): ("score_change", "score0"),
    N_("Owner"): ("owner", "text"),
}
DECISION_COLUMNS: Columns = {
    N_("Meeting"): ("meeting_date", "date"),
    N_("ID"): ("decision_id", "text"),
    N_("Project"): ("project_label", "text"),
    N_("Question"): ("question", "text"),
    N_("Outcome"): ("outcome", "text"),
    N_("Decided by"): ("decided_by", "text"),
}
CLOSED_ACTION_COLUMNS: Columns = {
    N_("ID"): ("action_id", "text"),
    N_("Action"): ("action", "text"),
    N_("Owner"): ("owner", "text"),
    N_("Due"): ("due_date", "date"),
    N_("Status"): ("status", "text"),
    N_("Closed"): ("closed_date", "date"),
    N_("Late"): ("late", "bool"),
    N_("Project"): ("project_label", "text"),
}
OVERDUE_ACTION_COLUMNS: Columns = {
    N_("ID"): ("action_id", "text"),
    N_("Action"): ("action", "text"),
    N_("Owner"): ("owner", "text"),
    N_("Due"): ("due_date", "date"),
    N_("Days overdue"): ("days_overdue", "int"),
    N_("Project"): ("project_label", "text"),
    N_("Raised"): ("raised_meeting", "date"),
}
STARTED_COLUMNS: Columns = {
    N_("ID"): ("project_id", "text"),
    N_("Project"): ("name", "text"),
    N_("Phase"): ("phase", "text"),
    N_("Start"): ("start_date", "date"),
    N_("Budget (BAC)"): ("approved_budget", "money"),
}
CLOSED_PROJECT_COLUMNS: Columns = {
    N_("ID"): ("project_id", "text"),
    N_("Project"): ("name", "text"),
    N_("Phase then"): ("phase_was", "text"),
    N_("Budget (BAC)"): ("approved_budget", "money"),
    N_("EAC"): ("eac", "money"),
}

#: The lists, in the order they are shown: key (JSON, widget keys) → (title, columns).
LISTS: dict[str, tuple[str, Columns]] = {
    "rag_moves": (N_("RAG moves"), RAG_MOVE_COLUMNS),
    "milestones_slipped": (N_("Milestones slipped"), SLIPPED_COLUMNS),
    "milestones_achieved": (N_("Milestones achieved"), ACHIEVED_COLUMNS),
    "money_changes": (N_("Budget and EAC changes"), MONEY_COLUMNS),
    "risks_raised": (N_("Risks raised"), RISK_COLUMNS),
    "risks_closed": (N_("Risks closed"), CLOSED_RISK_COLUMNS),
    "risks_rescored": (N_("Risks re-scored"), RESCORED_COLUMNS),
    "decisions": (N_("Decisions taken"), DECISION_COLUMNS),
    "actions_closed": (N_("Actions closed"), CLOSED_ACTION_COLUMNS),
    "actions_overdue": (N_("Actions gone overdue"), OVERDUE_ACTION_COLUMNS),
    "projects_started": (N_("Projects started"), STARTED_COLUMNS),
    "projects_closed": (N_("Projects closed"), CLOSED_PROJECT_COLUMNS),
}
#: The source columns each list keeps in the JSON document (codes and numbers, not words).
JSON_FIELDS: dict[str, list[str]] = {
    "rag_moves": ["project_id", "project_name", *rules.RAG_MOVE_COLUMNS[1:]],
    "milestones_slipped": [
        "milestone_id", "project_id", "project_name", "name", "baseline_date",
        "forecast_was", "forecast_now", "slip_days",
    ],
    "milestones_achieved": [
        "milestone_id", "project_id", "project_name", "name", "baseline_date",
        "forecast_was", "actual_date", "days_late",
    ],
    "money_changes": ["project_id", "project_name", *rules.MONEY_COLUMNS[1:]],
    "risks_raised": [
        "raid_id", "project_id", "project_name", "title", "probability", "impact", "score",
        "owner", "raised_date", "status",
    ],
    "risks_closed": [
        "raid_id", "project_id", "project_name", "title", "probability", "impact", "score",
        "owner", "closed_date", "status_was",
    ],
    "risks_rescored": [
        "raid_id", "project_id", "project_name", "title", "probability_was", "impact_was",
        "score_was", "probability", "impact", "score", "score_change", "owner",
    ],
    "decisions": [
        "meeting_date", "decision_id", "project_id", "project_name", "question", "outcome",
        "rationale", "decided_by",
    ],
    "actions_closed": [
        "action_id", "action", "owner", "due_date", "status", "closed_date", "late",
        "project_id", "project_name", "raised_meeting", "closed_meeting",
    ],
    "actions_overdue": [
        "action_id", "action", "owner", "due_date", "days_overdue", "project_id",
        "project_name", "raised_meeting",
    ],
    "projects_started": ["project_id", "name", "phase", "start_date", "approved_budget"],
    "projects_closed": ["project_id", "name", "phase_was", "phase", "approved_budget", "eac"],
}  # fmt: skip


@dataclass(frozen=True)
class CompareList:
    """One list of the comparison: its rows, the display table and how to show it."""

    key: str
    title: str
    frame: pd.DataFrame
    table: pd.DataFrame
    kinds: dict[str, str]
    rag_columns: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.frame)


@dataclass
class CompareView:
    start: date
    end: date
    lists: dict[str, CompareList]  # in the order of LISTS
    kpis: list[Kpi]  # one tile per list: its count
    summary: str  # one line: the window and every count
    note: str  # the facts of ``start`` not known then ("" when all were)
    money_threshold: str  # what "over the threshold" means, as shown

    def __getitem__(self, key: str) -> pd.DataFrame:
        return self.lists[key].frame

    @property
    def is_empty(self) -> bool:
        return all(found.count == 0 for found in self.lists.values())


@dataclass(frozen=True)
class _Known:
    """One side of the comparison: the portfolio as known at the end of a date."""

    projects: pd.DataFrame  # views.portfolio.frame
    reports: pd.DataFrame  # each project's latest status report (six RAGs)
    milestones: pd.DataFrame
    raid: pd.DataFrame  # raised by the date, status on the date


@as_known_on
def _known(conn: Connection, filters: Filters, settings: Settings) -> _Known:
    return _Known(
        projects=portfolio.frame(conn, filters, settings),
        reports=queries.reports_as_of(conn, filters, filters.as_of),
        milestones=queries.milestones(conn, filters),
        raid=queries.raid(conn, filters),
    )


def _labelled(frame: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """``frame`` with ``project_name`` (from ``names`` where it has none) and
    ``project_label`` ("PRJ-001 · Name"; "Portfolio" for rows of no project)."""
    ids = frame["project_id"].astype(object)
    name = ids.map(names)
    if "project_name" in frame:
        name = frame["project_name"].astype(object).where(frame["project_name"].notna(), name)
    label = [
        f"{pid} · {nm}" if isinstance(nm, str) else pid if isinstance(pid, str) else t("Portfolio")
        for pid, nm in zip(ids, name, strict=True)
    ]
    return frame.assign(project_name=name, project_label=label)


def _project_rows(frame: pd.DataFrame, filters: Filters, ids: pd.Series) -> pd.DataFrame:
    """Decisions or actions (already within the user's scope) of the filtered projects: with a
    project filter, only those of its projects; without, portfolio-level ones too."""
    if not filters.within((), ()).narrows_projects:
        return frame
    return frame.loc[frame["project_id"].isin(set(ids))]


def _rag_moves(before: _Known, after: _Known, start: date, end: date) -> pd.DataFrame:
    reports = pd.concat([before.reports, after.reports], ignore_index=True)
    moves = rules.rag_moves(reports, start, end)
    return moves.assign(
        dimension_name=[t(DIMENSION_NAMES[d]) for d in moves["dimension"]],
        change_name=[t(CHANGE_NAMES[c]) for c in moves["change"]],
    )


def _lists(conn: Connection, filters: Filters, before: _Known, after: _Known, start, end):
    names = pd.concat([before.projects, after.projects]).drop_duplicates("project_id", keep="last")
    names = names.set_index("project_id")["name"]
    decisions = _project_rows(records.decisions(conn, filters), filters, names.index.to_series())
    actions = _project_rows(records.actions(conn, filters), filters, names.index.to_series())
    found = {
        "rag_moves": _rag_moves(before, after, start, end),
        "milestones_slipped": rules.milestones_slipped(before.milestones, after.milestones),
        "milestones_achieved": rules.milestones_achieved(
            before.milestones, after.milestones, start, end
        ),
        "money_changes": rules.money_changes(before.projects, after.projects),
        "risks_raised": rules.risks_raised(before.raid, after.raid),
        "risks_closed": rules.risks_closed(before.raid, after.raid),
        "risks_rescored": rules.risks_rescored(before.raid, after.raid),
        "decisions": rules.decisions_taken(decisions, start, end),
        "actions_closed": rules.actions_closed(actions, start, end),
        "actions_overdue": rules.actions_gone_overdue(actions, start, end),
        "projects_started": rules.projects_started(after.projects, start, end),
        "projects_closed": rules.projects_closed(before.projects, after.projects),
    }
    return {key: _labelled(frame, names) for key, frame in found.items()}


def _list(key: str, frame: pd.DataFrame) -> CompareList:
    title, columns = LISTS[key]
    return CompareList(
        key=key,
        title=t(title),
        frame=frame,
        table=display.select(frame, columns),
        kinds=display.kinds(columns),
        rag_columns=display.rag_labels(columns),
    )


def _kpis(lists: dict[str, CompareList]) -> list[Kpi]:
    tiles = []
    for found in lists.values():
        delta = None
        if found.key == "rag_moves" and found.count:
            worse = int((found.frame["change"] == "worse").sum())
            delta = t("{n} worse", n=worse)
        tiles.append(Kpi(found.title, fmt.number(found.count), delta=delta, arrow=False))
    return tiles


def build(
    conn: Connection, filters: Filters, settings: Settings, *, start: date, end: date
) -> CompareView:
    """The changes between ``start`` and ``end`` (``start`` before ``end``) for the filtered
    projects of the user's scope, each side as known at the end of its date."""
    if start >= end:
        raise ValueError(f"compare: {start} is not before {end}")
    before = _known(conn, filters.with_(as_of=start), settings)
    after = _known(conn, filters.with_(as_of=end), settings)
    lists = {
        key: _list(key, frame)
        for key, frame in _lists(conn, filters, before, after, start, end).items()
    }
    counts = "; ".join(f"{found.title}: {found.count}" for found in lists.values())
    return CompareView(
        start=start,
        end=end,
        lists=lists,
        kpis=_kpis(lists),
        summary=t(
            "From {start} to {end}: {counts}.",
            start=fmt.day(start),
            end=fmt.day(end),
            counts=counts,
        ),
        note=known.not_known(conn, filters.with_(as_of=start)).note,
        money_threshold=t(
            "A budget or EAC change is listed when it is at least {pct} % of the value on "
            "{start} and at least {amount}.",
            pct=fmt.number(rules.MONEY_CHANGE_PCT),
            start=fmt.day(start),
            amount=fmt.money(rules.MONEY_CHANGE_MIN, settings.currency),
        ),
    )


def document(view: CompareView, filters: Filters) -> dict[str, Any]:
    """The comparison as one JSON-ready document (dates and missing values are turned into
    JSON by the caller, e.g. ``steerco.exports.figures.plain``); schema: docs/compare.md."""
    scope = (
        {"portfolio": list(filters.scope_portfolio), "programme": list(filters.scope_programme)}
        if filters.scoped
        else None
    )
    return {
        "schema_version": SCHEMA_VERSION,
        "from": view.start,
        "to": view.end,
        "scope": scope,
        "thresholds": {
            "money_change_pct": rules.MONEY_CHANGE_PCT,
            "money_change_min": rules.MONEY_CHANGE_MIN,
        },
        "not_known_on_from": view.note or None,
        "counts": {key: found.count for key, found in view.lists.items()},
        **{
            key: found.frame[JSON_FIELDS[key]].to_dict(orient="records")
            for key, found in view.lists.items()
        },
    }


def default_start(conn: Connection, end: date) -> date | None:
    """The last committee meeting before ``end``: what "since the last meeting" compares
    with (None when there was none)."""
    return last_meeting_before(records.meetings(conn)["meeting_date"], end)


def _cell(value: Any, kind: str, currency: str) -> str:
    """One table cell as plain text, formatted by its kind."""
    if kind == "money":
        return fmt.money(value, currency)
    if kind == "date":
        return fmt.day(value)
    if kind == "pct":
        return fmt.pct(value, 1, signed=True)
    if kind == "days":
        return fmt.days(value)
    if kind == "bool":
        return t("yes") if value is True or value == 1 else t("no")
    if kind in ("int", "score0"):
        return fmt.number(value)
    return fmt.MISSING if value is None or value == "" else str(value)


def text(view: CompareView, currency: str) -> str:
    """The comparison as plain text (``steerco compare``): the summary, then each list as
    aligned columns ("none" for an empty list)."""
    out = [view.summary]
    if view.note:
        out.append(view.note)
    out.append(view.money_threshold)
    for found in view.lists.values():
        out += ["", f"{found.title} ({found.count})"]
        if not found.count:
            out.append("  " + t("none"))
            continue
        cells = [[_cell(v, found.kinds[c], currency) for c, v in row.items()]
                 for row in found.table.to_dict(orient="records")]  # fmt: skip
        header = list(found.table.columns)
        widths = [max(len(x) for x in column) for column in zip(header, *cells, strict=True)]
        for row in [header, *cells]:
            out.append(
                "  " + "  ".join(x.ljust(w) for x, w in zip(row, widths, strict=True)).rstrip()
            )
    return "\n".join(out)
