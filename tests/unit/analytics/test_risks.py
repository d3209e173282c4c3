"""Risks & RAID figures with hand-computed expectations: score bands, heat-map binning, open
on boundary days, period ends, ageing buckets and overdue actions at their edges."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from steerco.analytics import risks as ra
from steerco.config import RagThresholds
from steerco.views import risks as views

D = date(2026, 11, 16)  # a Monday
BANDS = ra.ScoreBands()  # medium 5, high 15, critical 20


def _items(rows: list[dict]) -> pd.DataFrame:
    """RAID rows with every column the functions read; dates as datetime64."""
    defaults = {
        "raid_id": None,
        "project_id": "PRJ-001",
        "project_name": "ERP",
        "type": "Risk",
        "title": "t",
        "probability": None,
        "impact": None,
        "owner": "Ann",
        "status": "Open",
        "raised_date": "2026-01-01",
        "due_date": None,
        "closed_date": None,
        "for_committee": False,
    }
    frame = pd.DataFrame([defaults | r for r in rows], columns=list(defaults))
    for col in ("raised_date", "due_date", "closed_date"):
        frame[col] = pd.to_datetime(frame[col])
    for col in ("probability", "impact"):
        frame[col] = frame[col].astype("Int64")
    frame["score"] = (frame["probability"] * frame["impact"]).astype("Int64")
    if frame["raid_id"].isna().any():
        frame["raid_id"] = [f"R{i:02d}" for i in range(len(frame))]
    return frame


# --- score bands -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1, "Low"),
        (4, "Low"),
        (5, "Medium"),  # at the Medium threshold: in the band
        (14, "Medium"),
        (15, "High"),  # = rag.high_risk_score
        (19, "High"),
        (20, "Critical"),  # = rag.critical_risk_score
        (25, "Critical"),
        (None, None),
    ],
)
def test_score_band_edges(score, band):
    assert BANDS.band(score) == band


def test_bands_follow_the_rag_thresholds_and_cover_1_to_25():
    bands = ra.ScoreBands.from_rag(RagThresholds(high_risk_score=12, critical_risk_score=16))
    assert bands.ranges() == {
        "Low": (1, 4),
        "Medium": (5, 11),
        "High": (12, 15),
        "Critical": (16, 25),
    }
    assert ra.ScoreBands.from_rag(RagThresholds()).ranges()["High"] == (15, 19)
    scores = pd.Series([3, None, 16], index=[7, 8, 9], dtype="Int64")
    assert ra.score_bands(scores, bands).tolist() == ["Low", None, "Critical"]


# --- heat map ----------------------------------------------------------------------------


def _grid(cells: pd.DataFrame, column: str) -> list[list]:
    """5 rows (probability 5 at the top, as drawn) × 5 columns (impact 1..5)."""
    table = cells.pivot(index="probability", columns="impact", values=column)
    return [table.loc[p].tolist() for p in (5, 4, 3, 2, 1)]


def test_heatmap_counts_each_risk_in_its_cell_with_edge_values_1_and_5():
    risks = _items(
        [
            {"probability": 1, "impact": 1},
            {"probability": 5, "impact": 5},
            {"probability": 5, "impact": 5},
            {"probability": 1, "impact": 5},
            {"probability": 5, "impact": 1},
            {"probability": 3, "impact": 4},
            {"probability": 3, "impact": 4},
            {"probability": 3, "impact": 4},
            {"probability": None, "impact": 3},  # no probability: in no cell
            {"probability": 2, "impact": None},
            {"probability": 0, "impact": 2},  # off the scale
            {"probability": 6, "impact": 1},
        ]
    )
    cells = ra.heatmap_cells(risks, BANDS)
    assert len(cells) == 25
    assert _grid(cells, "count") == [
        [1, 0, 0, 0, 2],  # probability 5: (5,1) once, (5,5) twice
        [0, 0, 0, 0, 0],
        [0, 0, 0, 3, 0],  # probability 3 × impact 4
        [0, 0, 0, 0, 0],
        [1, 0, 0, 0, 1],  # probability 1: (1,1) and (1,5)
    ]
    assert cells["count"].sum() == 8
    assert ra.unplaced_count(risks) == 4


def test_heatmap_cells_carry_score_and_band():
    cells = ra.heatmap_cells(_items([]), BANDS)
    assert _grid(cells, "score")[0] == [5, 10, 15, 20, 25]
    assert _grid(cells, "band") == [
        ["Medium", "Medium", "High", "Critical", "Critical"],
        ["Low", "Medium", "Medium", "High", "Critical"],
        ["Low", "Medium", "Medium", "Medium", "High"],
        ["Low", "Low", "Medium", "Medium", "Medium"],
        ["Low", "Low", "Low", "Low", "Medium"],
    ]
    assert cells["count"].sum() == 0


def test_cell_risks_lists_exactly_the_cell():
    risks = _items(
        [
            {"raid_id": "A", "probability": 4, "impact": 5},
            {"raid_id": "B", "probability": 5, "impact": 4},  # mirror cell: not the same
            {"raid_id": "C", "probability": 4, "impact": 5},
            {"raid_id": "D", "probability": None, "impact": 5},
        ]
    )
    assert ra.cell_risks(risks, 4, 5)["raid_id"].tolist() == ["A", "C"]
    assert ra.cell_risks(risks, 5, 4)["raid_id"].tolist() == ["B"]
    assert ra.cell_risks(risks, 1, 1).empty


def test_top_risks_by_score_then_due_date_then_id():
    risks = _items(
        [
            {"raid_id": "A", "probability": 3, "impact": 3, "due_date": "2026-12-01"},
            {"raid_id": "B", "probability": 5, "impact": 4, "due_date": None},
            {"raid_id": "C", "probability": 4, "impact": 5, "due_date": "2026-12-20"},
            {"raid_id": "D", "probability": 2, "impact": 2},
            {"raid_id": "E", "probability": None, "impact": 5},  # no score: never a top risk
            {"raid_id": "F", "probability": 4, "impact": 5, "due_date": "2026-12-20"},
        ]
    )
    assert ra.top_risks(risks, 3)["raid_id"].tolist() == ["C", "F", "B"]
    assert ra.top_risks(risks, 10)["raid_id"].tolist() == ["C", "F", "B", "A", "D"]
    assert ra.top_risks(risks, 0).empty


# --- open on a day -----------------------------------------------------------------------


def test_open_on_boundary_days():
    items = _items(
        [
            {"raid_id": "raised on D", "raised_date": "2026-11-16"},
            {"raid_id": "raised after D", "raised_date": "2026-11-17"},
            {"raid_id": "closed on D", "status": "Closed", "closed_date": "2026-11-16"},
            {"raid_id": "closed day after", "status": "Closed", "closed_date": "2026-11-17"},
            {"raid_id": "closed no date", "status": "Closed", "closed_date": None},
            {"raid_id": "no raised date", "raised_date": None},
            {"raid_id": "in progress", "status": "In progress"},
        ]
    )
    is_open = ra.open_mask(items, D)
    assert items.loc[is_open, "raid_id"].tolist() == [
        "raised on D",
        "closed day after",
        "no raised date",
        "in progress",
    ]
    day_before = items.loc[ra.open_mask(items, date(2026, 11, 15)), "raid_id"].tolist()
    assert day_before == ["closed on D", "closed day after", "no raised date", "in progress"]


def test_open_over_time_counts_and_sums_scores_on_each_day():
    risks = _items(
        [
            {"probability": 4, "impact": 5, "raised_date": "2026-10-01"},  # 20
            {
                "probability": 2,
                "impact": 3,
                "raised_date": "2026-10-10",
                "status": "Closed",
                "closed_date": "2026-11-09",
            },  # 6, open 10 Oct – 8 Nov
            {"probability": None, "impact": 3, "raised_date": "2026-11-09"},  # counted, 0 pts
        ]
    )
    days = [date(2026, 10, 9), date(2026, 10, 10), date(2026, 11, 8), date(2026, 11, 9)]
    trend = ra.open_over_time(risks, days)
    assert trend["date"].dt.date.tolist() == days
    assert trend["open_risks"].tolist() == [1, 2, 2, 2]
    assert trend["open_score"].tolist() == [20, 26, 26, 20]


def test_period_ends_weekly_back_from_the_as_of_date():
    assert ra.period_ends(D, "week", 3) == [date(2026, 11, 2), date(2026, 11, 9), D]


def test_period_ends_monthly_clamp_to_the_end_of_shorter_months():
    assert ra.period_ends(date(2026, 3, 31), "month", 3) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]
    assert ra.period_ends(date(2024, 3, 31), "month", 2) == [date(2024, 2, 29), date(2024, 3, 31)]
    across_year = ra.period_ends(date(2026, 1, 15), "month", 3)
    assert across_year == [date(2025, 11, 15), date(2025, 12, 15), date(2026, 1, 15)]
    with pytest.raises(ValueError, match="period"):
        ra.period_ends(D, "day", 3)


def test_trend_starts_at_the_first_point_with_an_open_risk():
    trend = pd.DataFrame(
        {"date": pd.date_range("2026-01-31", periods=4), "open_risks": [0, 0, 2, 0]}
    )
    trend["open_score"] = trend["open_risks"] * 3
    assert ra.trim_leading_empty(trend)["open_risks"].tolist() == [2, 0]
    empty = trend.assign(open_risks=0)
    assert len(ra.trim_leading_empty(empty)) == 4


# --- ageing and overdue ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, "0–30 days"),
        (30, "0–30 days"),
        (31, "31–60 days"),
        (60, "31–60 days"),
        (61, "61–90 days"),
        (90, "61–90 days"),
        (91, "> 90 days"),
        (400, "> 90 days"),
        (None, ra.AGE_UNKNOWN),
    ],
)
def test_age_bucket_edges(days, bucket):
    assert ra.age_bucket(days) == bucket


def test_with_age_counts_days_since_raised_on_the_as_of_date():
    items = _items(
        [
            {"raised_date": "2026-11-16"},  # 0 days
            {"raised_date": "2026-10-17"},  # 30 days
            {"raised_date": "2026-10-16"},  # 31 days
            {"raised_date": "2026-08-17"},  # 91 days
            {"raised_date": None},
        ]
    )
    aged = ra.with_age(items, D)
    assert aged["age_days"].tolist()[:4] == [0, 30, 31, 91]
    assert aged["age_bucket"].tolist() == [
        "0–30 days",
        "0–30 days",
        "31–60 days",
        "> 90 days",
        ra.AGE_UNKNOWN,
    ]


def test_ageing_counts_every_bucket_and_type_with_zeros():
    aged = ra.with_age(
        _items(
            [
                {"type": "Action", "raised_date": "2026-11-01"},
                {"type": "Risk", "raised_date": "2026-11-01"},
                {"type": "Risk", "raised_date": "2026-07-01"},
            ]
        ),
        D,
    )
    counts = ra.ageing_counts(aged)
    assert counts["age_bucket"].unique().tolist() == [b for b, _, _ in ra.AGE_BUCKETS]
    assert counts["type"].unique().tolist() == ["Risk", "Action"]  # RAID order, present only
    table = counts.set_index(["age_bucket", "type"])["count"]
    assert table[("0–30 days", "Risk")] == 1 and table[("0–30 days", "Action")] == 1
    assert table[("> 90 days", "Risk")] == 1 and table[("31–60 days", "Risk")] == 0
    assert counts["count"].sum() == 3


def test_overdue_actions_edges():
    items = _items(
        [
            {"raid_id": "due yesterday", "type": "Action", "due_date": "2026-11-15"},
            {"raid_id": "due today", "type": "Action", "due_date": "2026-11-16"},
            {"raid_id": "no due date", "type": "Action", "due_date": None},
            {
                "raid_id": "closed on D",
                "type": "Action",
                "due_date": "2026-10-01",
                "status": "Closed",
                "closed_date": "2026-11-16",
            },
            {
                "raid_id": "closed later",  # still open on D
                "type": "Action",
                "due_date": "2026-10-01",
                "status": "Closed",
                "closed_date": "2026-11-20",
            },
            {"raid_id": "an issue", "type": "Issue", "due_date": "2026-10-01"},
            {
                "raid_id": "in progress",
                "type": "Action",
                "status": "In progress",
                "due_date": "2026-11-06",
            },
        ]
    )
    late = ra.overdue_actions(items, D)
    assert late["raid_id"].tolist() == ["closed later", "in progress", "due yesterday"]
    assert late["days_overdue"].tolist() == [46, 10, 1]


def test_kpis_count_high_and_critical_and_sum_scores():
    risks = _items(
        [
            {"probability": 5, "impact": 4},  # 20 critical
            {"probability": 3, "impact": 5},  # 15 high
            {"probability": 2, "impact": 2},  # 4
            {"probability": None, "impact": 3},
        ]
    )
    k = ra.kpis(risks, risks.head(2), risks.head(1), BANDS)
    assert (k.open_risks, k.high_risks, k.critical_risks, k.open_score) == (4, 2, 1, 39)
    assert (k.overdue_actions, k.awaiting_committee) == (2, 1)


# --- display tables ----------------------------------------------------------------------


def test_display_names_portfolio_level_items_and_writes_the_band():
    items = _items(
        [
            {"raid_id": "A", "probability": 4, "impact": 5, "due_date": "2026-12-01"},
            {
                "raid_id": "B",
                "project_id": None,
                "project_name": None,
                "probability": 1,
                "impact": 2,
            },
        ]
    )
    table = views.items_table(items, views.CELL_COLUMNS, BANDS)
    assert list(table.columns) == [
        "ID", "Score", "Band", "Risk", "Owner", "Due", "Status", "Project",
    ]  # fmt: skip
    assert table["Project"].tolist() == ["PRJ-001 · ERP", "Portfolio level"]
    assert table["Band"].tolist() == ["Critical", "Low"]
    assert views.cell_title(4, 5, 1, BANDS) == (
        "1 open risk with probability 4 × impact 5 (score 20, Critical)"
    )


def test_heatmap_caption_gives_band_ranges_and_counts_unplaced_risks():
    from types import SimpleNamespace

    caption = views.heatmap_caption(SimpleNamespace(bands=BANDS, unplaced=2))
    assert caption.startswith("Low 1–4 · Medium 5–14 · High 15–19 · Critical 20–25 · ")
    assert caption.endswith("2 open risks without probability or impact are in no cell.")
    assert "no cell" not in views.heatmap_caption(SimpleNamespace(bands=BANDS, unplaced=0))
