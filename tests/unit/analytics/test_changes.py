"""RAG as of a date and RAG movements since the last meeting."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from steerco.analytics.changes import changed_only, last_meeting_before, rag_as_of, rag_changes

SINCE = date(2026, 1, 31)  # last meeting
AS_OF = date(2026, 2, 28)  # this meeting


def _reports() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": ["P1", "P1", "P2", "P2", "P3", "P3", "P4", "P5", "P5", "P6"],
            "report_date": [
                "2026-01-10",  # P1 before since: G
                "2026-02-10",  # P1 now: R → worse
                "2026-01-20",  # P2 before since: R
                "2026-02-20",  # P2 now: A → better
                "2026-01-31",  # P3 on since (included): A
                "2026-02-28",  # P3 on as_of (included): A → same
                "2026-02-15",  # P4 only after since: G → new
                "2026-01-05",  # P5 before since: G
                "2026-03-05",  # P5 after as_of: R → ignored, so same
                "2026-03-01",  # P6 only after as_of → not listed
            ],
            "overall_rag": ["G", "R", "R", "A", "A", "A", "G", "G", "R", "R"],
            "budget_rag": ["G", "G", "A", "R", "G", "G", "G", "A", "G", "G"],
        }
    )


def test_last_meeting_before_excludes_meeting_on_as_of() -> None:
    meetings = pd.Series([date(2026, 1, 31), date(2026, 2, 28), date(2025, 12, 20)])
    assert last_meeting_before(meetings, date(2026, 2, 28)) == date(2026, 1, 31)
    assert last_meeting_before(meetings, date(2026, 3, 1)) == date(2026, 2, 28)


def test_last_meeting_before_none_and_list_input() -> None:
    assert last_meeting_before([date(2026, 1, 31)], date(2026, 1, 31)) is None
    assert last_meeting_before([], date(2026, 1, 31)) is None
    assert last_meeting_before(["2026-01-15", None, "2026-01-20"], date(2026, 2, 1)) == date(
        2026, 1, 20
    )


def test_rag_as_of() -> None:
    out = rag_as_of(_reports(), SINCE)
    assert list(out.columns) == ["project_id", "report_date", "rag"]
    # On or before 31 Jan: P1 (10 Jan, G), P2 (20 Jan, R), P3 (31 Jan, A), P5 (5 Jan, G)
    assert list(out["project_id"]) == ["P1", "P2", "P3", "P5"]
    assert list(out["rag"]) == ["G", "R", "A", "G"]
    assert list(out["report_date"]) == list(
        pd.to_datetime(["2026-01-10", "2026-01-20", "2026-01-31", "2026-01-05"])
    )


def test_rag_as_of_other_column() -> None:
    out = rag_as_of(_reports(), AS_OF, column="budget_rag")
    # Latest on or before 28 Feb: P1 G, P2 R, P3 G, P4 G, P5 A
    assert dict(zip(out["project_id"], out["rag"], strict=True)) == {
        "P1": "G",
        "P2": "R",
        "P3": "G",
        "P4": "G",
        "P5": "A",
    }


def test_rag_as_of_skips_blank_rating() -> None:
    reports = pd.DataFrame(
        {
            "project_id": ["P1", "P1"],
            "report_date": ["2026-01-10", "2026-01-20"],
            "overall_rag": ["A", None],
        }
    )
    out = rag_as_of(reports, SINCE)
    assert list(out["rag"]) == ["A"]
    assert out["report_date"].iloc[0] == pd.Timestamp("2026-01-10")


def test_rag_changes() -> None:
    out = rag_changes(_reports(), SINCE, AS_OF)
    assert list(out.columns) == [
        "project_id",
        "previous_rag",
        "current_rag",
        "previous_date",
        "current_date",
        "change",
    ]
    # Sorted worse, better, new, same, then project_id; P6 (only after as_of) absent.
    assert list(out["project_id"]) == ["P1", "P2", "P4", "P3", "P5"]
    assert list(out["change"]) == ["worse", "better", "new", "same", "same"]
    assert list(out["previous_rag"].fillna("-")) == ["G", "R", "-", "A", "G"]
    assert list(out["current_rag"]) == ["R", "A", "G", "A", "G"]
    p5 = out[out["project_id"] == "P5"].iloc[0]
    assert p5["current_date"] == pd.Timestamp("2026-01-05")  # 5 March report ignored
    p4 = out[out["project_id"] == "P4"].iloc[0]
    assert pd.isna(p4["previous_date"])
    assert p4["current_date"] == pd.Timestamp("2026-02-15")


def test_rag_changes_sorts_by_project_within_change() -> None:
    reports = pd.DataFrame(
        {
            "project_id": ["B", "B", "A", "A", "C"],
            "report_date": ["2026-01-01", "2026-02-01", "2026-01-01", "2026-02-01", "2026-01-01"],
            "overall_rag": ["G", "R", "A", "R", "G"],
        }
    )
    out = rag_changes(reports, SINCE, AS_OF)
    assert list(out["project_id"]) == ["A", "B", "C"]
    assert list(out["change"]) == ["worse", "worse", "same"]


def test_changed_only() -> None:
    out = changed_only(rag_changes(_reports(), SINCE, AS_OF))
    assert list(out["project_id"]) == ["P1", "P2", "P4"]
    assert list(out["change"]) == ["worse", "better", "new"]
    assert list(out.index) == [0, 1, 2]


def test_rag_changes_empty() -> None:
    out = rag_changes(_reports().iloc[0:0], SINCE, AS_OF)
    assert len(out) == 0
    assert list(out.columns) == [
        "project_id",
        "previous_rag",
        "current_rag",
        "previous_date",
        "current_date",
        "change",
    ]
    assert len(changed_only(out)) == 0


def test_rag_changes_since_after_as_of_raises() -> None:
    with pytest.raises(ValueError, match="after"):
        rag_changes(_reports(), AS_OF, SINCE)


def test_rag_changes_unknown_code_raises() -> None:
    reports = pd.DataFrame(
        {"project_id": ["P1"], "report_date": ["2026-01-01"], "overall_rag": ["Purple"]}
    )
    with pytest.raises(ValueError, match="Purple"):
        rag_changes(reports, SINCE, AS_OF)
