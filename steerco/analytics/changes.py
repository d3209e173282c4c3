"""What changed since the last committee meeting: RAG as of a date and RAG movements."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from steerco.analytics.rag import RAG_LEVELS, RAG_RANK

CHANGE_ORDER: dict[str, int] = {"worse": 0, "better": 1, "new": 2, "same": 3}
RAG_AS_OF_COLUMNS: list[str] = ["project_id", "report_date", "rag"]
RAG_CHANGES_COLUMNS: list[str] = [
    "project_id",
    "previous_rag",
    "current_rag",
    "previous_date",
    "current_date",
    "change",
]


def _day(value: date | datetime | pd.Timestamp | str) -> pd.Timestamp:
    ts = pd.Timestamp(value)
    if pd.isna(ts):
        raise ValueError(f"Not a date: {value!r}")
    return ts.normalize()


def last_meeting_before(meetings: pd.Series | list[Any], as_of: date) -> date | None:
    """The latest meeting date strictly before ``as_of`` (a meeting on ``as_of`` is excluded).

    Returns None when there is none. Missing or unparsable dates are ignored.
    """
    dates = pd.to_datetime(pd.Series(list(meetings), dtype="object"), errors="coerce")
    dates = dates.dropna().dt.normalize()
    earlier = dates[dates < _day(as_of)]
    if earlier.empty:
        return None
    return earlier.max().date()


def rag_as_of(reports: pd.DataFrame, when: date, column: str = "overall_rag") -> pd.DataFrame:
    """Per project, the latest report on or before ``when`` and its RAG in ``column``.

    Reports with an empty value in ``column`` are skipped: a report that leaves the rating
    blank does not erase the previous rating. Time of day is ignored. Returns columns
    project_id, report_date (datetime64, midnight), rag; sorted by project_id.
    """
    for col in ("project_id", "report_date", column):
        if col not in reports.columns:
            raise ValueError(f"rag_as_of: missing input column '{col}'")
    data = pd.DataFrame(
        {
            "project_id": reports["project_id"].to_numpy(),
            "report_date": pd.to_datetime(reports["report_date"], errors="coerce")
            .dt.normalize()
            .to_numpy(),
            "rag": reports[column].to_numpy(),
        }
    )
    data = data.dropna(subset=["project_id", "report_date", "rag"])
    data = data[data["report_date"] <= _day(when)]
    if data.empty:
        return pd.DataFrame(
            {
                "project_id": pd.Series(dtype=reports["project_id"].dtype),
                "report_date": pd.Series(dtype="datetime64[us]"),
                "rag": pd.Series(dtype="str"),
            }
        )
    # Stable sort keeps the input order among several reports on the same day; the last wins.
    latest = (
        data.sort_values(["project_id", "report_date"], kind="stable")
        .groupby("project_id", sort=True)
        .tail(1)
    )
    result = latest.reset_index(drop=True)[RAG_AS_OF_COLUMNS]
    result["rag"] = result["rag"].astype("str")
    return result


def _rank(series: pd.Series) -> pd.Series:
    unknown = sorted(set(series.dropna()) - set(RAG_RANK))
    if unknown:
        raise ValueError(f"Unknown RAG value(s) {unknown}; expected one of {RAG_LEVELS}")
    return series.map(RAG_RANK)


def rag_changes(
    reports: pd.DataFrame, since: date, as_of: date, column: str = "overall_rag"
) -> pd.DataFrame:
    """RAG movement per project between ``since`` (usually the last meeting) and ``as_of``.

    Each project with a rating on or before ``as_of`` gets one row: previous_rag and
    previous_date as of ``since`` (missing when the project had no rating then), current_rag
    and current_date as of ``as_of``, and change: "worse", "better", "same", or "new" when there
    was no rating on or before ``since``. Reports after ``as_of`` are ignored. Sorted worse,
    better, new, same, then by project_id.
    """
    if _day(since) > _day(as_of):
        raise ValueError(f"rag_changes: since ({since}) is after as_of ({as_of})")
    previous = rag_as_of(reports, since, column).rename(
        columns={"rag": "previous_rag", "report_date": "previous_date"}
    )
    current = rag_as_of(reports, as_of, column).rename(
        columns={"rag": "current_rag", "report_date": "current_date"}
    )
    merged = current.merge(previous, on="project_id", how="left")

    prev_rank = _rank(merged["previous_rag"])
    curr_rank = _rank(merged["current_rag"])
    change = pd.Series("same", index=merged.index, dtype="str")
    change[curr_rank > prev_rank] = "worse"
    change[curr_rank < prev_rank] = "better"
    change[prev_rank.isna()] = "new"
    merged["change"] = change

    merged["_order"] = merged["change"].map(CHANGE_ORDER)
    merged = merged.sort_values(["_order", "project_id"], kind="stable")
    return merged.reset_index(drop=True)[RAG_CHANGES_COLUMNS]


def changed_only(changes: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`rag_changes` whose change is worse, better or new (order kept)."""
    mask = changes["change"].isin(["worse", "better", "new"])
    return changes[mask].reset_index(drop=True)
