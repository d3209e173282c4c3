import pandas as pd

from steerco import tables


def test_project_header_skips_missing_fields():
    row = pd.Series(
        {
            "programme": "ERP",
            "portfolio": float("nan"),
            "sponsor": "Ana",
            "project_manager": None,
            "phase": "Execution",
            "methodology": "Agile",
            "priority": "High",
        }
    )
    assert tables.project_header(row) == "ERP · Sponsor: Ana · Execution · Agile · Priority: High"


def test_portfolio_table_shows_rag_as_words_and_flags():
    frame = pd.DataFrame(
        {source: [None, None] for source, _ in tables.PORTFOLIO_COLUMNS.values() if source}
    ).assign(
        project_id=["P1", "P2"],
        overall_rag=["G", None],
        overall_rag_computed=["R", "A"],
        watermelon=[True, False],
        stale=[False, True],
        has_decision=[True, False],
    )
    out = tables.portfolio_table(frame)
    assert out["Overall"].tolist() == ["Green", "No report"]
    assert out["Overall (computed)"].tolist() == ["Red", "Amber"]
    assert out["Flags"].tolist() == ["🍉 Watermelon · ⚖ Decision", "⏰ Stale"]
    assert list(out.columns) == list(tables.PORTFOLIO_COLUMNS)
