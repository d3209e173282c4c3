"""What changed between two dates (two committee meetings, or the last one and today), as pure
functions on the frames known on each date.

Definitions (docs/compare.md): the window is ``(start, end]`` — an event on ``start`` was
already known at the first meeting, one on ``end`` counts.

* **RAG moves**: per project and dimension, the latest report's rating on or before each date
  (the rule of the Overview's "changes since the last meeting"); worse, better, or new (no
  rating on ``start``: one row, the overall rating).
* **Milestones slipped**: not reached on ``start``, and forecast later on ``end`` than on
  ``start`` (by ``slip_days``); **achieved**: actual date in the window.
* **Budget / EAC changes**: the approved budget or the EAC moved by at least
  :data:`MONEY_CHANGE_PCT` % of its value on ``start`` *and* at least
  :data:`MONEY_CHANGE_MIN` (in the organisation's currency).
* **Risks raised** (on the register on ``end``, not on ``start``), **closed** (Closed on
  ``end``, not on ``start``), **re-scored** (open on both dates, probability or impact
  changed).
* **Decisions taken**: meeting date in the window.
* **Actions closed**: closed date in the window; **gone overdue**: open on ``end`` and
  overdue then (due before ``end``), not overdue on ``start`` (due on or after it).
* **Projects started**: start date in the window; **closed**: phase Closed on ``end`` and not
  on ``start``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from steerco.analytics.changes import CHANGE_ORDER, changed_only, rag_changes
from steerco.analytics.meetings import open_actions

#: Status report columns compared, one per RAG dimension.
RAG_DIMENSIONS = ("overall", "schedule", "budget", "scope", "resources", "risk")
#: A budget or EAC change is listed when it is at least this share of the value on ``start``…
MONEY_CHANGE_PCT = 5.0
#: … and at least this amount (in the organisation's currency).
MONEY_CHANGE_MIN = 50_000.0
#: RAID types listed as risks.
RISK_TYPES = ("Risk",)
CLOSED_PHASE = "Closed"
RAID_CLOSED = "Closed"

RAG_MOVE_COLUMNS = ["project_id", "dimension", "was", "now", "was_date", "now_date", "change"]
MONEY_COLUMNS = [
    "project_id",
    "budget_was",
    "budget_now",
    "budget_change",
    "budget_change_pct",
    "eac_was",
    "eac_now",
    "eac_change",
    "eac_change_pct",
    "moved",
]


def in_window(values: pd.Series, start: date, end: date) -> pd.Series:
    """Dates in ``(start, end]`` (empty dates are not)."""
    days = pd.to_datetime(values)
    return (days > pd.Timestamp(start)) & (days <= pd.Timestamp(end))


def rag_moves(
    reports: pd.DataFrame, start: date, end: date, dimensions: tuple[str, ...] = RAG_DIMENSIONS
) -> pd.DataFrame:
    """One row per project and dimension whose rating moved between ``start`` and ``end``:
    ``was``/``now`` (codes G/A/R; ``was`` empty for a first rating), the dates of the two
    reports, and ``change`` (worse, better, new). A project rated for the first time is one
    "new" row, in the first dimension (overall). ``reports``: status reports with
    ``project_id``, ``report_date`` and ``<dimension>_rag`` columns (at least each project's
    latest on or before each date). Worse first, then better, new; by project, in dimension
    order."""
    parts = []
    for order, dimension in enumerate(dimensions):
        moved = changed_only(rag_changes(reports, start, end, column=f"{dimension}_rag"))
        if order > 0:  # a project's first report is one row (its overall rating), not six
            moved = moved.loc[moved["change"] != "new"]
        parts.append(moved.assign(dimension=dimension, _dim=order))
    found = pd.concat(parts, ignore_index=True)
    found = found.rename(
        columns={
            "previous_rag": "was",
            "current_rag": "now",
            "previous_date": "was_date",
            "current_date": "now_date",
        }
    )
    rank = found["change"].map(CHANGE_ORDER)
    found = found.assign(_rank=rank).sort_values(["_rank", "project_id", "_dim"], kind="stable")
    return found[RAG_MOVE_COLUMNS].reset_index(drop=True)


def _compared(before: pd.DataFrame, after: pd.DataFrame, key: str, columns: list[str]):
    """``after`` with the ``columns`` of ``before`` beside it as ``<column>_was`` (rows of
    ``after`` only; missing in ``before``: empty)."""
    was = before[[key, *columns]].rename(columns={c: f"{c}_was" for c in columns})
    return after.merge(was, on=key, how="left", indicator="_known")


def milestones_slipped(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Milestones not reached on ``start`` (``before``: as known then) whose forecast on
    ``end`` (``after``) is later than on ``start``: ``forecast_was``, ``forecast_now``,
    ``slip_days``. Largest slip first."""
    open_then = before.loc[before["actual_date"].isna()]
    both = _compared(open_then, after, "milestone_id", ["forecast_date"])
    both = both.loc[both["_known"] == "both"]
    was = pd.to_datetime(both["forecast_date_was"])
    now = pd.to_datetime(both["forecast_date"])
    slip = (now - was).dt.days
    found = both.assign(forecast_was=was, forecast_now=now, slip_days=slip.astype("Int64"))
    found = found.loc[slip > 0]
    found = found.sort_values(["slip_days", "milestone_id"], ascending=[False, True])
    return found.drop(columns=["_known", "forecast_date_was"]).reset_index(drop=True)


def milestones_achieved(
    before: pd.DataFrame, after: pd.DataFrame, start: date, end: date
) -> pd.DataFrame:
    """Milestones reached in the window (actual date as known on ``end``), with the forecast
    on ``start`` (``forecast_was``) and ``days_late`` (actual − baseline; negative: early).
    By actual date."""
    reached = after.loc[in_window(after["actual_date"], start, end)]
    both = _compared(before, reached, "milestone_id", ["forecast_date"])
    actual = pd.to_datetime(both["actual_date"])
    late = (actual - pd.to_datetime(both["baseline_date"])).dt.days
    found = both.assign(
        forecast_was=pd.to_datetime(both["forecast_date_was"]), days_late=late.astype("Int64")
    )
    found = found.sort_values(["actual_date", "milestone_id"])
    return found.drop(columns=["_known", "forecast_date_was"]).reset_index(drop=True)


def _moved(was: pd.Series, now: pd.Series, pct: float, minimum: float) -> pd.Series:
    change = now - was
    share = (change.abs() / was.abs().where(was != 0)) * 100
    big = change.abs() >= minimum
    return big & (share.isna() | (share >= pct)) & was.notna() & now.notna()


def money_changes(
    before: pd.DataFrame,
    after: pd.DataFrame,
    *,
    pct: float = MONEY_CHANGE_PCT,
    minimum: float = MONEY_CHANGE_MIN,
) -> pd.DataFrame:
    """Projects whose approved budget or EAC moved by at least ``pct`` % of the value on
    ``start`` and at least ``minimum`` (a value of 0 on ``start``: the amount alone decides).
    ``before``/``after``: one row per project with ``approved_budget`` and ``eac`` as known
    on each date. ``moved`` names what moved ("budget", "eac" or "budget, eac"); largest
    absolute EAC change first."""
    both = _compared(before, after, "project_id", ["approved_budget", "eac"])
    both = both.loc[both["_known"] == "both"]
    out = pd.DataFrame({"project_id": both["project_id"]})
    hits = {}
    for name, column in (("budget", "approved_budget"), ("eac", "eac")):
        was = pd.to_numeric(both[f"{column}_was"]).astype(float)
        now = pd.to_numeric(both[column]).astype(float)
        out[f"{name}_was"] = was
        out[f"{name}_now"] = now
        out[f"{name}_change"] = now - was
        out[f"{name}_change_pct"] = ((now - was) / was.abs().where(was != 0)) * 100
        hits[name] = _moved(was, now, pct, minimum)
    out["moved"] = [
        ", ".join(name for name, hit in zip(hits, row, strict=True) if hit)
        for row in zip(*hits.values(), strict=True)
    ]
    out = out.loc[out["moved"] != ""].copy()
    out["_size"] = out["eac_change"].abs().fillna(0)
    out = out.sort_values(["_size", "project_id"], ascending=[False, True])
    return out[MONEY_COLUMNS].reset_index(drop=True)


def _risks(raid: pd.DataFrame) -> pd.DataFrame:
    return raid.loc[raid["type"].isin(RISK_TYPES)]


def risks_raised(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Risks on the register on ``end`` that were not on it on ``start`` (raised in the
    window), highest score first. ``before``/``after``: RAID items raised by each date, with
    their ``status`` on that date."""
    now = _risks(after)
    found = now.loc[~now["raid_id"].isin(_risks(before)["raid_id"])]
    return _by_score(found)


def risks_closed(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Risks Closed on ``end`` that were not Closed on ``start`` (open then, or raised in the
    window), with ``status_was`` (empty: not raised on ``start``)."""
    closed = _risks(after).loc[lambda f: f["status"] == RAID_CLOSED]
    both = _compared(_risks(before), closed, "raid_id", ["status"])
    found = both.loc[both["status_was"] != RAID_CLOSED]
    return _by_score(found.drop(columns="_known"))


def risks_rescored(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Risks open on both dates whose probability or impact changed: ``probability_was``,
    ``impact_was``, ``score_was`` beside today's, and ``score_change``. Largest rise first."""
    open_now = _risks(after).loc[lambda f: f["status"] != RAID_CLOSED]
    open_then = _risks(before).loc[lambda f: f["status"] != RAID_CLOSED]
    both = _compared(open_then, open_now, "raid_id", ["probability", "impact", "score"])
    both = both.loc[both["_known"] == "both"]
    changed = pd.Series(False, index=both.index)
    for column in ("probability", "impact"):
        was, now = both[f"{column}_was"], both[column]
        changed |= (was != now).fillna(False) | (was.isna() != now.isna())
    found = both.loc[changed].drop(columns="_known")
    found = found.assign(score_change=found["score"] - found["score_was"])
    found = found.sort_values(
        ["score_change", "raid_id"], ascending=[False, True], na_position="last"
    )
    return found.reset_index(drop=True)


def _by_score(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(
        ["score", "raid_id"], ascending=[False, True], na_position="last"
    ).reset_index(drop=True)


def decisions_taken(decisions: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Decisions of the meetings in the window, oldest meeting first."""
    found = decisions.loc[in_window(decisions["meeting_date"], start, end)]
    return found.sort_values(["meeting_date", "decision_id"]).reset_index(drop=True)


def actions_closed(actions: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Actions done or dropped in the window (closed date), with ``late`` (closed after
    their due date), by closed date."""
    found = actions.loc[in_window(actions["closed_date"], start, end)]
    late = pd.to_datetime(found["closed_date"]) > pd.to_datetime(found["due_date"])
    found = found.assign(late=late.astype(bool))
    return found.sort_values(["closed_date", "action_id"]).reset_index(drop=True)


def actions_gone_overdue(actions: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Actions open and overdue on ``end`` that were not overdue on ``start`` (due on or
    after it), with ``days_overdue`` on ``end``; most overdue first."""
    open_then = open_actions(actions, end)
    due = pd.to_datetime(open_then["due_date"])
    found = open_then.loc[open_then["overdue"].astype(bool) & (due >= pd.Timestamp(start))]
    return found.sort_values(["days_overdue", "action_id"], ascending=[False, True]).reset_index(
        drop=True
    )


def projects_started(after: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Projects whose start date (as known on ``end``) is in the window, by start date."""
    found = after.loc[in_window(after["start_date"], start, end)]
    return found.sort_values(["start_date", "project_id"]).reset_index(drop=True)


def projects_closed(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Projects in phase Closed on ``end`` and not on ``start``, with ``phase_was`` (empty:
    not known on ``start``)."""
    closed = after.loc[after["phase"] == CLOSED_PHASE]
    both = _compared(before, closed, "project_id", ["phase"])
    found = both.loc[both["phase_was"] != CLOSED_PHASE].drop(columns="_known")
    return found.sort_values("project_id").reset_index(drop=True)
