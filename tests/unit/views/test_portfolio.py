"""The per-project frame every project page shares (flags on a tiny hand-made store) and the
Portfolio view on the seeded sample, against plain pandas on the raw tables."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_access import engine as store_engine
from data_access import sample_data, store
from data_access.filters import Filters
from steerco import fmt
from steerco.config import Settings
from steerco.views import display, portfolio
from tests.support import recompute

AS_OF = date(2026, 3, 15)


def _store_with(projects: list[dict], reports: list[dict], financials: list[dict]):
    """A tiny store: the sample's other datasets emptied, these rows loaded."""
    frames = {name: frame.iloc[0:0] for name, frame in sample_data.generate(as_of=AS_OF).items()}
    frames["projects"] = pd.DataFrame(projects).reindex(columns=frames["projects"].columns)
    frames["status_reports"] = pd.DataFrame(reports).reindex(
        columns=frames["status_reports"].columns
    )
    frames["financials"] = pd.DataFrame(financials).reindex(columns=frames["financials"].columns)
    engine = store_engine.create_engine("sqlite://")
    store.load_frames(engine, frames, source="unit test")
    return engine


def _project(pid: str, phase: str) -> dict:
    return {
        "project_id": pid,
        "name": pid,
        "phase": phase,
        "approved_budget": 1000.0,
        "percent_complete": 50.0,
        "baseline_end_date": pd.Timestamp("2026-12-31"),
        "forecast_end_date": pd.Timestamp("2026-12-31"),
    }


def _money(pid: str, actual: float, forecast: float) -> list[dict]:
    common = {"project_id": pid, "category": "Software", "expense_type": "OPEX"}
    return [
        {**common, "period": pd.Timestamp("2026-02-01"), "budget": 500.0, "actual": actual},
        {**common, "period": pd.Timestamp("2026-06-01"), "budget": 500.0, "forecast": forecast},
    ]


@pytest.fixture
def tiny():
    # Each project: BAC 1000, EAC = actual + forecast. 1300 → +30 % → computed budget Red.
    projects = [
        _project("ACTIVE", "Execution"),
        _project("CLOSED", "Closed"),
        _project("PAUSED", "On hold"),
        _project("OLD", "Execution"),
        _project("HONEST", "Execution"),
    ]
    reports = [
        {"project_id": pid, "report_date": pd.Timestamp(day), "overall_rag": rag}
        for pid, day, rag in (
            ("ACTIVE", "2026-03-10", "G"),
            ("CLOSED", "2026-03-10", "G"),
            ("PAUSED", "2026-03-10", "A"),
            ("OLD", "2026-02-08", "G"),  # 35 days before AS_OF: not stale yet
            ("HONEST", "2026-02-07", "R"),  # 36 days: stale
        )
    ]
    financials = [
        *_money("ACTIVE", 500, 800),
        *_money("CLOSED", 500, 800),
        *_money("PAUSED", 500, 800),
        *_money("OLD", 500, 500),
        *_money("HONEST", 500, 800),
    ]
    engine = _store_with(projects, reports, financials)
    with engine.connect() as conn:
        yield portfolio.frame(conn, Filters(as_of=AS_OF), Settings()).set_index("project_id")
    engine.dispose()


def test_watermelon_only_for_active_projects_reported_green_or_amber(tiny):
    assert tiny.loc["ACTIVE", "eac"] == 1300
    assert tiny.loc["ACTIVE", "overall_rag_computed"] == "R"
    assert tiny["watermelon"].to_dict() == {
        "ACTIVE": True,  # reported G, +30 % → flagged
        "CLOSED": False,  # same figures, but closed
        "PAUSED": False,  # same figures, but on hold
        "OLD": False,  # on budget
        "HONEST": False,  # reports Red itself
    }


def test_stale_at_the_configured_age_edge(tiny):
    assert tiny.loc["OLD", "report_age_days"] == 35
    assert not tiny.loc["OLD", "stale"]
    assert tiny.loc["HONEST", "stale"]
    assert not tiny.loc["CLOSED", "stale"]


def test_earned_value_on_the_tiny_store(tiny):
    # EVM per project: EV = 50 % × 1000 = 500; PV (Feb) = 500 → SPI 1.0; AC 500 → CPI 1.0
    assert tiny.loc["ACTIVE", "spi"] == pytest.approx(1.0)
    assert tiny.loc["ACTIVE", "cpi"] == pytest.approx(1.0)
    assert tiny.loc["ACTIVE", "vac"] == pytest.approx(-300)


def test_portfolio_table_shows_rag_as_words_and_flags():
    frame = pd.DataFrame(
        {source: [None, None] for source, _ in portfolio.COLUMNS.values() if source != "flags"}
    ).assign(
        project_id=["P1", "P2"],
        overall_rag=["G", None],
        overall_rag_computed=["R", "A"],
        watermelon=[True, False],
        stale=[False, True],
        has_decision=[True, False],
    )
    out = portfolio.table(frame)
    assert out["Overall"].tolist() == ["Green", "No report"]
    assert out["Computed"].tolist() == ["Red", "Amber"]
    assert out["Flags"].tolist() == ["◐ Watermelon · ⚖ Decision", "◷ Stale"]
    assert list(out.columns) == list(portfolio.COLUMNS)


def test_build_lists_every_project_with_its_budget(conn, filters, settings, sample_frames):
    projects = sample_frames["projects"]
    view = portfolio.build(conn, filters, settings)
    assert sorted(view.frame["project_id"]) == sorted(projects["project_id"])
    assert view.table["ID"].tolist() == view.frame["project_id"].tolist()  # same row order
    assert view.table.columns[0] == portfolio.NAME_COLUMN  # the name opens the project
    assert list(view.table.columns) == list(display.kinds(portfolio.COLUMNS))
    active = recompute.counted(projects)
    budget = fmt.money(active["approved_budget"].sum(), settings.currency)
    assert view.summary.startswith(f"{len(active)} active projects · approved budget {budget} · ")
    apart = len(projects) - len(active)
    assert (
        apart > 1 and f"{apart} projects closed / on hold are not in these totals" in view.summary
    )
    assert f"as of {fmt.day(filters.as_of)}." in view.summary
    assert f"more than {settings.stale_report_days} days" in view.legend
    flagged = view.table["Flags"].str.contains("Watermelon")
    assert flagged.sum() == view.frame["watermelon"].sum() > 0


def test_a_filter_keeps_only_its_projects(conn, filters, settings, sample_frames):
    projects = sample_frames["projects"]
    programme = projects["programme"].iloc[0]
    view = portfolio.build(conn, filters.with_(programme=(programme,)), settings)
    mine = projects[projects["programme"] == programme]
    assert sorted(view.frame["project_id"]) == sorted(mine["project_id"])
    assert view.summary.startswith(f"{len(recompute.counted(mine))} active projects · ")
    nothing = portfolio.build(conn, filters.with_(programme=("no such programme",)), settings)
    assert nothing.is_empty and nothing.table.empty


def test_earned_value_rests_on_the_progress_known_on_the_as_of_date():
    # Sheet says 50 % for every project (that is today's value); the reports say otherwise.
    projects = [_project(pid, "Execution") for pid in ("REPORTED", "LATER", "STALE", "NONE")]
    reports = [
        {"project_id": "REPORTED", "report_date": pd.Timestamp("2026-02-10"), "overall_rag": "G",
         "percent_complete": 20.0},
        {"project_id": "REPORTED", "report_date": pd.Timestamp("2026-03-10"), "overall_rag": "G",
         "percent_complete": 30.0},
        {"project_id": "REPORTED", "report_date": pd.Timestamp("2026-04-10"), "overall_rag": "G",
         "percent_complete": 90.0},  # after the as-of date: not known yet
        {"project_id": "LATER", "report_date": pd.Timestamp("2026-04-10"), "overall_rag": "G",
         "percent_complete": 90.0},
        {"project_id": "STALE", "report_date": pd.Timestamp("2026-01-05"), "overall_rag": "G",
         "percent_complete": 10.0},
    ]  # fmt: skip
    financials = [
        money for pid in ("REPORTED", "LATER", "STALE", "NONE") for money in _money(pid, 500, 500)
    ]
    engine = _store_with(projects, reports, financials)
    with engine.connect() as conn:
        rows = portfolio.frame(conn, Filters(as_of=AS_OF), Settings()).set_index("project_id")
    engine.dispose()
    # EV = progress × BAC 1000; PV = 500 (February's budget)
    assert rows["ev"].to_dict() == {"REPORTED": 300, "LATER": 500, "STALE": 100, "NONE": 500}
    assert rows.loc["REPORTED", "spi"] == pytest.approx(0.6)
    assert rows["progress_source"].to_dict() == {
        "REPORTED": portfolio.PROGRESS_REPORT,
        "LATER": portfolio.PROGRESS_SHEET,
        "STALE": portfolio.PROGRESS_STALE,
        "NONE": portfolio.PROGRESS_SHEET,
    }
    assert portfolio.progress_note(rows.loc["REPORTED"]) == ""
    assert portfolio.progress_note(rows.loc["STALE"]) == "from a stale report (69 days old)"
    assert "no report by the as-of date" in portfolio.progress_note(rows.loc["LATER"])
    words = dict(zip(rows.index, portfolio.progress_words(rows), strict=True))
    assert words == {
        "REPORTED": "Status report",
        "LATER": "Projects sheet (now)",
        "STALE": "◷ Stale report",
        "NONE": "Projects sheet (now)",
    }


def test_projects_whose_two_estimates_disagree_are_flagged():
    # BAC 1000, 50 % complete → EV 500. EAC = AC + remaining forecast; BAC/CPI = 1000 × AC / 500.
    projects = [_project(pid, "Execution") for pid in ("FAR", "NEAR", "UNDER")]
    projects.append(_project("CLOSED", "Closed"))
    financials = [
        *_money("FAR", actual=900, forecast=100),  # EAC 1000, CPI 0.56 → BAC/CPI 1800: +80 %
        *_money("NEAR", actual=550, forecast=500),  # EAC 1050, BAC/CPI 1100: +4.8 %
        *_money("UNDER", actual=250, forecast=1250),  # EAC 1500, BAC/CPI 500: −66.7 %
        *_money("CLOSED", actual=900, forecast=100),  # the same gap, but closed
    ]
    engine = _store_with(projects, [], financials)
    with engine.connect() as conn:
        rows = portfolio.frame(conn, Filters(as_of=AS_OF), Settings()).set_index("project_id")
        strict = portfolio.frame(
            conn, Filters(as_of=AS_OF), Settings(estimate_gap_pct=4.0)
        ).set_index("project_id")
    engine.dispose()
    assert rows.loc["FAR", "estimate_gap_pct"] == pytest.approx(80.0)
    assert rows.loc["NEAR", "estimate_gap_pct"] == pytest.approx(100 * 50 / 1050)
    assert rows.loc["UNDER", "estimate_gap_pct"] == pytest.approx(-100 * 1000 / 1500)
    assert rows["estimates_disagree"].to_dict() == {
        "FAR": True,
        "NEAR": False,  # within the default 20 %
        "UNDER": True,  # a gap either way
        "CLOSED": False,
    }
    assert strict.loc["NEAR", "estimates_disagree"]  # the threshold is a setting
    assert "≠ EAC vs BAC/CPI" in portfolio.flags(rows.reset_index()).iloc[1]


def test_the_portfolio_is_sorted_most_severe_first():
    # hand-written: red before watermelons before amber before no report before green;
    # closed or on hold last; within a class the larger budget variance, then the longer
    # slip, unknown figures last, then the id
    rows = pd.DataFrame(
        [
            ("GREEN", "G", False, True, 50.0, 300),
            ("AMBER_SMALL", "A", False, True, 5.0, 10),
            ("RED_SLIP", "R", False, True, 10.0, 90),
            ("MELON", "G", True, True, 1.0, 0),
            ("NOREPORT", None, False, True, None, None),
            ("CLOSED_RED", "R", False, False, 99.0, 999),
            ("RED_BUDGET", "R", False, True, 40.0, 0),
            ("AMBER_BIG", "A", True, True, 30.0, 20),  # a watermelon reported amber
            ("RED_TIE", "R", False, True, 10.0, 90),
            ("AMBER_NONE", "A", False, True, None, 5),
            ("RED_MELON", "R", True, True, 0.0, 0),  # red is red, not a watermelon
        ],
        columns=[
            "project_id", "overall_rag", "watermelon", "active",
            "budget_variance_pct", "schedule_slip_days",
        ],
    )  # fmt: skip
    ordered = portfolio.by_severity(rows)["project_id"].tolist()
    assert ordered == [
        "RED_BUDGET", "RED_SLIP", "RED_TIE", "RED_MELON",
        "AMBER_BIG", "MELON",
        "AMBER_SMALL", "AMBER_NONE",
        "NOREPORT",
        "GREEN",
        "CLOSED_RED",
    ]  # fmt: skip


def test_the_portfolio_page_lists_the_red_projects_first(conn, filters, settings, sample_frames):
    view = portfolio.build(conn, filters, settings)
    reported = view.frame["overall_rag"]
    active = view.frame["active"].astype(bool)
    reds = int((reported.eq("R") & active).sum())
    assert reds > 0
    assert reported.head(reds).eq("R").all()
    assert reported.iloc[reds] != "R"
