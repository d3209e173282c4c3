"""Resources queries on SQLite and on a real PostgreSQL server.

On the seeded sample the SQL aggregates are compared with an independent pandas computation
from the same generated frames; on a tiny hand-made store with hand-computed expectations
(a mid-month date, exactly 100 % and 100.1 %, zero capacity, days without a capacity row).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_access import engine as store_engine
from data_access import resources_queries as rq
from data_access import schema, store
from data_access.filters import Filters
from steerco.analytics import resources as ra
from steerco.config import Settings
from steerco.views import resources as views

# ------------------------------------------------------------------ the sample, against pandas


@pytest.fixture
def win(as_of) -> ra.Window:
    return ra.window(as_of)


def _in_window(frame: pd.DataFrame, win: ra.Window) -> pd.DataFrame:
    month = frame["month"]
    return frame[(month >= pd.Timestamp(win.start)) & (month < pd.Timestamp(win.end))]


def _expected_cells(frames, win, project_ids=None, teams=None) -> pd.DataFrame:
    """Per resource and month: capacity, planned, actual and cost, computed with pandas."""
    cap = _in_window(frames["capacity"], win)
    alloc = _in_window(frames["allocations"], win)
    if project_ids is not None:
        alloc = alloc[alloc["project_id"].isin(project_ids)]
    demand = alloc.groupby(["resource", "month"], as_index=False).agg(
        planned_days=("planned_days", "sum"),
        actual_days=("actual_days", lambda s: s.sum(min_count=1)),
    )
    cells = cap.merge(demand, on=["resource", "month"], how="outer")
    cells["capacity_days"] = cells["capacity_days"].fillna(0.0)
    cells["planned_days"] = cells["planned_days"].fillna(0.0)
    cells["planned_cost"] = cells["planned_days"] * cells["day_rate"]
    if teams is not None:
        cells = cells[cells["team"].isin(teams)]
    return cells.sort_values(["resource", "month"]).reset_index(drop=True)


def _assert_cells_equal(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert len(got) == len(expected)
    assert got["resource"].tolist() == expected["resource"].tolist()
    assert (got["month"].to_numpy() == expected["month"].to_numpy()).all()
    for col in ("capacity_days", "planned_days", "planned_cost"):
        assert got[col].to_numpy() == pytest.approx(expected[col].to_numpy(), abs=1e-6), col
    got_actual = got["actual_days"].fillna(-1).to_numpy()
    assert got_actual == pytest.approx(expected["actual_days"].fillna(-1).to_numpy()), "actual"
    assert got["team"].tolist() == expected["team"].tolist()


def test_resource_months_match_pandas_on_the_sample(engine, sample_frames, as_of, win):
    with engine.connect() as conn:
        got = rq.resource_months(conn, Filters(as_of=as_of), win.start, win.end)
    expected = _expected_cells(sample_frames, win)
    _assert_cells_equal(got, expected)
    assert set(got["month"]) == set(win.months)  # the window and nothing else
    assert got["has_capacity"].all()  # every sample allocation has a capacity row


def test_project_filters_narrow_demand_and_leave_capacity_whole(engine, sample_frames, as_of, win):
    projects = sample_frames["projects"]
    programme = sorted(projects["programme"].unique())[0]
    ids = projects.loc[projects["programme"] == programme, "project_id"]
    with engine.connect() as conn:
        got = rq.resource_months(
            conn, Filters(as_of=as_of, programme=(programme,)), win.start, win.end
        )
        whole = rq.resource_months(conn, Filters(as_of=as_of), win.start, win.end)
    _assert_cells_equal(got, _expected_cells(sample_frames, win, project_ids=set(ids)))
    assert got["capacity_days"].sum() == pytest.approx(whole["capacity_days"].sum())
    assert 0 < got["planned_days"].sum() < whole["planned_days"].sum()


def test_team_filter_narrows_capacity_and_demand(engine, sample_frames, as_of, win):
    teams = ("Data", "PMO")
    with engine.connect() as conn:
        got = rq.resource_months(conn, Filters(as_of=as_of), win.start, win.end, teams)
        options = rq.teams(conn)
    _assert_cells_equal(got, _expected_cells(sample_frames, win, teams=teams))
    assert set(got["team"]) == set(teams)
    assert options == sorted(sample_frames["capacity"]["team"].unique())


def test_monthly_totals_by_team_and_sourcing_are_summed_in_sql(engine, sample_frames, as_of, win):
    with engine.connect() as conn:
        got = rq.monthly_totals(conn, Filters(as_of=as_of), win.start, win.end)
        by_team = rq.monthly_totals(conn, Filters(as_of=as_of), win.start, win.end, by=("team",))
        by_month = rq.monthly_totals(conn, Filters(as_of=as_of), win.start, win.end, by=())
    cells = _expected_cells(sample_frames, win)
    cells["actual_cost"] = cells["actual_days"] * cells["day_rate"]
    expected = cells.groupby(["month", "team", "sourcing"], as_index=False).agg(
        capacity_days=("capacity_days", "sum"),
        planned_days=("planned_days", "sum"),
        planned_cost=("planned_cost", "sum"),
        actual_cost=("actual_cost", lambda s: s.sum(min_count=1)),
        resources=("resource", "count"),
    )
    assert len(got) == len(expected)
    assert got["team"].tolist() == expected["team"].tolist()
    assert got["sourcing"].tolist() == expected["sourcing"].tolist()
    for col in ("capacity_days", "planned_days", "planned_cost", "resources"):
        assert got[col].to_numpy() == pytest.approx(expected[col].to_numpy()), col
    assert got["actual_cost"].fillna(-1).to_numpy() == pytest.approx(
        expected["actual_cost"].fillna(-1).to_numpy()
    )
    assert (got["unpriced_days"] == 0).all()
    assert set(got["sourcing"]) == {"Internal", "External"}
    # the same sums grouped by team only, and by month only
    teams = cells.groupby(["month", "team"])["planned_days"].sum()
    assert by_team["planned_days"].to_numpy() == pytest.approx(teams.to_numpy())
    monthly = cells.groupby("month")[["capacity_days", "planned_days"]].sum()
    assert by_month["month"].tolist() == monthly.index.tolist()
    assert by_month["planned_days"].to_numpy() == pytest.approx(monthly["planned_days"])
    assert by_month["capacity_days"].to_numpy() == pytest.approx(monthly["capacity_days"])


def test_monthly_totals_refuse_an_unknown_grouping(engine, as_of, win):
    with engine.connect() as conn, pytest.raises(ValueError, match="cannot group by"):
        rq.monthly_totals(conn, Filters(as_of=as_of), win.start, win.end, by=("role",))


def test_allocation_rows_of_a_resource_and_month(engine, sample_frames, as_of, win):
    alloc = _in_window(sample_frames["allocations"], win)
    resource = alloc["resource"].value_counts().index[0]
    with engine.connect() as conn:
        got = rq.allocation_rows(conn, Filters(as_of=as_of), win.start, win.end, [resource])
        none = rq.allocation_rows(conn, Filters(as_of=as_of), win.start, win.end, [])
    expected = alloc[alloc["resource"] == resource].sort_values(["month", "project_id"])
    assert got["project_id"].tolist() == expected["project_id"].tolist()
    assert got["planned_days"].to_numpy() == pytest.approx(expected["planned_days"].to_numpy())
    names = sample_frames["projects"].set_index("project_id")["name"]
    assert got["project_name"].tolist() == names.reindex(expected["project_id"]).tolist()
    assert none.empty


def test_team_values_are_bound_not_spliced(engine, as_of, win):
    hostile = "x') OR 1=1 --"
    with engine.connect() as conn:
        got = rq.resource_months(conn, Filters(as_of=as_of), win.start, win.end, (hostile,))
        rows = rq.allocation_rows(conn, Filters(as_of=as_of), win.start, win.end, [hostile])
    assert got.empty and rows.empty


# ------------------------------------------------------------------ a tiny hand-made store

TINY_AS_OF = date(2026, 11, 20)  # window May 2026 … May 2027


def _tiny_frames() -> dict[str, pd.DataFrame]:
    def frame(name: str, rows: list[dict]) -> pd.DataFrame:
        out = pd.DataFrame(rows).reindex(columns=schema.dataset(name).column_names)
        for col in ("month",):
            if col in out:
                out[col] = pd.to_datetime(out[col])
        return out

    cap = [
        # resource, month, team, role, sourcing, capacity_days, day_rate
        ("Ann", "2026-11-01", "Data", "Data engineer", "Internal", 20.0, 500.0),
        ("Ann", "2026-12-01", "Data", "Data engineer", "Internal", 20.0, 500.0),
        ("Bob", "2026-11-01", "Apps", "Developer", "External", 10.0, 1000.0),
        ("Bob", "2026-12-01", "Apps", "Developer", "External", 0.0, 1000.0),
        # Cat's only capacity row is long before the window: her team and rate come from it
        ("Cat", "2025-01-01", "Data", "Data analyst", "Internal", 18.0, 600.0),
    ]
    alloc = [
        # resource, project, month, planned, actual
        ("Ann", "P1", "2026-11-15", 12.0, 11.0),  # mid-month: counts in November
        ("Ann", "P2", "2026-11-01", 8.0, 9.0),  # Ann November: 20 / 20 = 100 % exactly
        ("Ann", "P1", "2026-12-01", 20.02, None),  # Ann December: 20.02 / 20 = 100.1 %
        ("Bob", "P2", "2026-11-01", 6.0, None),  # 6 / 10 = 60 %
        ("Bob", "P2", "2026-12-01", 3.0, None),  # zero capacity, 3 d planned
        ("Cat", "P1", "2026-11-01", 4.0, None),  # no capacity row this month
        ("Ann", "P1", "2027-09-01", 5.0, None),  # after the window
    ]
    cols_c = ["resource", "month", "team", "role", "sourcing", "capacity_days", "day_rate"]
    cols_a = ["resource", "project_id", "month", "planned_days", "actual_days"]
    return {
        "projects": frame(
            "projects",
            [
                {
                    "project_id": "P1",
                    "name": "ERP upgrade",
                    "programme": "ERP",
                    "phase": "Execution",
                },
                {
                    "project_id": "P2",
                    "name": "Cloud move",
                    "programme": "Cloud",
                    "phase": "Execution",
                },
            ],
        ),
        "capacity": frame("capacity", [dict(zip(cols_c, r, strict=True)) for r in cap]),
        "allocations": frame("allocations", [dict(zip(cols_a, r, strict=True)) for r in alloc]),
    }


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def tiny_engine(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('tiny') / 'tiny.sqlite'}"
    else:
        url = request.getfixturevalue("pg_server").create_database("resources_tiny")
    eng = store_engine.create_engine(url)
    store.load_frames(eng, _tiny_frames(), source="resources tiny")
    yield eng
    eng.dispose()


@pytest.fixture
def tiny_win() -> ra.Window:
    return ra.window(TINY_AS_OF)


def _row(frame: pd.DataFrame, **where) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for col, value in where.items():
        mask &= frame[col] == (pd.Timestamp(value) if col == "month" else value)
    rows = frame[mask]
    assert len(rows) == 1, (where, rows)
    return rows.iloc[0]


def test_tiny_store_cells_by_hand(tiny_engine, tiny_win):
    with tiny_engine.connect() as conn:
        cells = rq.resource_months(conn, Filters(as_of=TINY_AS_OF), tiny_win.start, tiny_win.end)
    assert len(cells) == 5  # Ann ×2, Bob ×2, Cat ×1; nothing outside the window
    ann_nov = _row(cells, resource="Ann", month="2026-11-01")
    assert ann_nov["planned_days"] == 20.0  # 12 (dated the 15th) + 8
    assert ann_nov["actual_days"] == 20.0  # 11 + 9
    assert ann_nov["projects"] == 2
    assert ann_nov["planned_cost"] == 10_000.0  # 20 d × €500
    ann_dec = _row(cells, resource="Ann", month="2026-12-01")
    assert ann_dec["planned_cost"] == pytest.approx(10_010.0)  # 20.02 d × €500
    assert pd.isna(ann_dec["actual_days"]) and pd.isna(ann_dec["actual_cost"])
    bob_dec = _row(cells, resource="Bob", month="2026-12-01")
    assert (bob_dec["capacity_days"], bob_dec["has_capacity"]) == (0.0, True)
    assert bob_dec["planned_cost"] == 3_000.0  # 3 d × €1,000
    cat = _row(cells, resource="Cat", month="2026-11-01")
    assert (cat["capacity_days"], cat["has_capacity"]) == (0.0, False)
    assert (cat["team"], cat["sourcing"], cat["day_rate"]) == ("Data", "Internal", 600.0)
    assert cat["planned_cost"] == 2_400.0  # 4 d × €600


def test_tiny_store_team_months_and_cost_by_hand(tiny_engine, tiny_win):
    args = (Filters(as_of=TINY_AS_OF), tiny_win.start, tiny_win.end)
    with tiny_engine.connect() as conn:
        teams = rq.monthly_totals(conn, *args, by=("team",))
        sourcing = rq.monthly_totals(conn, *args, by=("sourcing",))
    data_nov = _row(teams, team="Data", month="2026-11-01")
    # capacity: Ann 20 + Cat 0; planned: Ann 20 + Cat 4; one person with a capacity row
    assert (data_nov["capacity_days"], data_nov["planned_days"]) == (20.0, 24.0)
    assert data_nov["resources"] == 1
    apps_dec = _row(teams, team="Apps", month="2026-12-01")
    assert (apps_dec["capacity_days"], apps_dec["planned_days"]) == (0.0, 3.0)
    internal_nov = _row(sourcing, sourcing="Internal", month="2026-11-01")
    assert internal_nov["planned_cost"] == 12_400.0  # Ann 20 × 500 + Cat 4 × 600
    assert internal_nov["actual_cost"] == 10_000.0  # Ann 20 × 500 (Cat has no actuals)
    external_nov = _row(sourcing, sourcing="External", month="2026-11-01")
    assert external_nov["planned_cost"] == 6_000.0  # Bob 6 × 1 000
    totals = ra.sourcing_totals(sourcing)
    # internal 12 400 + 10 010; external 6 000 + 3 000
    assert totals.internal_cost == pytest.approx(22_410.0)
    assert totals.external_cost == 9_000.0


def test_tiny_store_project_filter_keeps_every_capacity(tiny_engine, tiny_win):
    erp = Filters(as_of=TINY_AS_OF, programme=("ERP",))
    with tiny_engine.connect() as conn:
        cells = rq.resource_months(conn, erp, tiny_win.start, tiny_win.end)
        rows = rq.allocation_rows(conn, erp, tiny_win.start, tiny_win.end, ["Ann", "Bob"])
    assert _row(cells, resource="Ann", month="2026-11-01")["planned_days"] == 12.0  # P1 only
    bob_nov = _row(cells, resource="Bob", month="2026-11-01")
    assert (bob_nov["capacity_days"], bob_nov["planned_days"]) == (10.0, 0.0)
    assert rows["project_id"].tolist() == ["P1", "P1"]
    assert rows["month"].tolist() == [pd.Timestamp("2026-11-01"), pd.Timestamp("2026-12-01")]


def test_tiny_store_page_data_ranks_zero_capacity_as_over_allocated(tiny_engine):
    with tiny_engine.connect() as conn:
        view = views.build(conn, Filters(as_of=TINY_AS_OF), Settings())
    # days over capacity: Cat 4 (no capacity), Bob 3 (zero capacity in December), Ann 0.02
    assert view.ranking["resource"].tolist() == ["Cat", "Bob", "Ann"]
    assert view.ranking["over_days"].tolist() == pytest.approx([4.0, 3.0, 0.02])
    assert view.over_allocated == 3
    ann = view.heatmap[view.heatmap["resource"] == "Ann"].set_index("month")["band"]
    assert ann[pd.Timestamp("2026-11-01")] == ra.OK  # exactly 100 %
    assert ann[pd.Timestamp("2026-12-01")] == ra.OVER  # 100.1 %
    detail = views.cell_detail(view, "Ann", "2026-11-01")
    assert detail is not None
    assert detail.allocations["project_id"].tolist() == ["P1", "P2"]  # 12 d, then 8 d
    assert detail.allocations["planned_days"].tolist() == [12.0, 8.0]
    assert views.cell_detail(view, "Ann", "2027-03-01") is None  # no such cell
