"""IT work requests: priority score, ranked backlog, approved requests waiting to start.

Pure functions on DataFrames (no SQL, no Streamlit). Definitions, also shown on the page and
written out in ``docs/definitions-demand.md``:

* **Value points** = VALUE_WEIGHT × value_score + URGENCY_WEIGHT × urgency
  + RISK_REDUCTION_WEIGHT × risk_reduction (each score 1–5; with the default weights of 1
  the points run from 3 to 15).
* **Effort in person-months** = effort_days ÷ DAYS_PER_PERSON_MONTH, counted as at least
  MIN_EFFORT_PERSON_MONTHS so a tiny request does not jump the queue on size alone.
* **Priority score** = value points ÷ effort in person-months (weighted shortest job first:
  most value per month of work first). No score — never a division error — when the effort
  is missing or 0 (not estimated) or one of the three scores is missing; such requests are
  ranked after every scored one.
* **Rank**: highest score first; equal scores share a rank (1, 2, 2, 4); among equal scores
  the older request is listed first, then the lower request id.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

STATUSES = ("New", "Assessing", "Approved", "Rejected", "Converted")
#: The intake pipeline in flow order; Rejected is the way out, shown last.
PIPELINE_ORDER = ("New", "Assessing", "Approved", "Converted", "Rejected")
#: Requests still waiting for a decision or a start: the backlog the committee ranks.
BACKLOG_STATUSES = ("New", "Assessing", "Approved")
APPROVED = "Approved"

VALUE_WEIGHT = 1.0
URGENCY_WEIGHT = 1.0
RISK_REDUCTION_WEIGHT = 1.0
#: Working days in a person-month.
DAYS_PER_PERSON_MONTH = 20.0
#: Efforts below this many person-months count as this many.
MIN_EFFORT_PERSON_MONTHS = 0.5
#: Approved requests waiting longer than this since submission are flagged.
APPROVED_WAIT_WARN_DAYS = 90

#: Why a request has no priority score.
NO_EFFORT = "no effort estimate"
NO_SCORES = "scores missing"


def value_points(frame: pd.DataFrame) -> pd.Series:
    """Weighted sum of value, urgency and risk reduction; NaN when one of them is missing."""
    return (
        VALUE_WEIGHT * frame["value_score"].astype(float)
        + URGENCY_WEIGHT * frame["urgency"].astype(float)
        + RISK_REDUCTION_WEIGHT * frame["risk_reduction"].astype(float)
    )


def effort_months(effort_days) -> pd.Series:
    """Effort in person-months (at least the minimum); NaN when missing or not above 0."""
    days = pd.Series(effort_days, dtype=float)
    months = (days / DAYS_PER_PERSON_MONTH).clip(lower=MIN_EFFORT_PERSON_MONTHS)
    return months.where(days > 0)


def priority_score(frame: pd.DataFrame) -> pd.Series:
    """Value points ÷ effort in person-months; NaN (not an error) when undefined."""
    return (value_points(frame) / effort_months(frame["effort_days"]).to_numpy()).astype(float)


def unscored_reason(frame: pd.DataFrame) -> pd.Series:
    """Why a request has no score ("" when it has one)."""
    no_effort = ~(frame["effort_days"].astype(float) > 0)
    no_scores = value_points(frame).isna()
    reason = np.select([no_scores, no_effort], [NO_SCORES, NO_EFFORT], default="")
    return pd.Series(reason, index=frame.index, dtype=object)


def age_days(submitted, as_of: date) -> pd.Series:
    """Whole days from submission to the as-of date; NaN without a submission date."""
    when = pd.to_datetime(pd.Series(submitted))
    return (pd.Timestamp(as_of) - when).dt.days.astype(float)


def scored(requests: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Requests with value points, effort in person-months, priority score, reason, age and
    ``in_backlog`` (open status and no project yet)."""
    out = requests.copy()
    out["value_points"] = value_points(out)
    out["effort_months"] = effort_months(out["effort_days"]).to_numpy()
    out["priority_score"] = priority_score(out).to_numpy()
    out["unscored_reason"] = unscored_reason(out).to_numpy()
    out["age_days"] = age_days(out["submitted_date"], as_of).to_numpy()
    out["in_backlog"] = out["status"].isin(BACKLOG_STATUSES) & out["project_id"].isna()
    return out


def rank(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in rank order with ``rank``: highest score first, ties share the rank and list
    the older submission first; unscored rows last (no rank), oldest first."""
    ordered = frame.assign(
        _unscored=frame["priority_score"].isna(),
        _minus_score=-frame["priority_score"],
        _submitted=pd.to_datetime(frame["submitted_date"]),
    ).sort_values(
        ["_unscored", "_minus_score", "_submitted", "request_id"],
        na_position="last",
        kind="mergesort",
    )
    ranks = ordered["priority_score"].rank(method="min", ascending=False)
    return (
        ordered.drop(columns=["_unscored", "_minus_score", "_submitted"])
        .assign(rank=ranks.astype("Int64"))
        .reset_index(drop=True)
    )


def backlog(frame: pd.DataFrame) -> pd.DataFrame:
    """The ranked backlog: open requests (New, Assessing, Approved) without a project."""
    return rank(frame[frame["in_backlog"]])


def approved_not_started(frame: pd.DataFrame) -> pd.DataFrame:
    """Approved requests without a project yet, longest waiting first, with a wait flag."""
    waiting = frame[(frame["status"] == APPROVED) & frame["project_id"].isna()]
    waiting = waiting.sort_values(
        ["age_days", "request_id"], ascending=[False, True], na_position="last"
    )
    return waiting.assign(waiting_long=waiting["age_days"] > APPROVED_WAIT_WARN_DAYS).reset_index(
        drop=True
    )


def pipeline(counts: pd.DataFrame) -> pd.DataFrame:
    """Per status in pipeline order (statuses with no request included, at 0); unknown
    statuses from the data follow in their own order."""
    known = list(PIPELINE_ORDER) + [s for s in counts["status"] if s not in PIPELINE_ORDER]
    out = counts.set_index("status").reindex(known)
    out["requests"] = out["requests"].fillna(0).astype(int)
    out[["cost_estimate", "effort_days"]] = out[["cost_estimate", "effort_days"]].fillna(0.0)
    return out.rename_axis("status").reset_index()


def request_detail(frame: pd.DataFrame, request_id: str) -> pd.Series | None:
    """One request's row (from :func:`scored` plus ranks), or None when unknown."""
    rows = frame[frame["request_id"] == request_id]
    return rows.iloc[0] if not rows.empty else None


def same_point(frame: pd.DataFrame, request_id: str) -> pd.DataFrame:
    """The other requests with the same effort and value points as ``request_id``."""
    row = request_detail(frame, request_id)
    if row is None or pd.isna(row["effort_days"]) or pd.isna(row["value_points"]):
        return frame.iloc[0:0]
    same = (
        (frame["effort_days"] == row["effort_days"])
        & (frame["value_points"] == row["value_points"])
        & (frame["request_id"] != request_id)
    )
    return frame[same].sort_values("request_id").reset_index(drop=True)
