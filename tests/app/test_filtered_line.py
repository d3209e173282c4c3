"""The "Filtered: … ✕" line at the top of a filtered page, and a drill-down's own filter that
stays on its page (AppTest)."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from tests.support import apptest

PORTFOLIO = "pages/portfolio.py"
OVERVIEW = "pages/overview.py"


def _lines(at) -> list[str]:
    return [m.value for m in at.markdown if "Filtered:" in m.value]


def _a_programme(app_env: str) -> str:
    eng = sa.create_engine(app_env)
    with eng.connect() as conn:
        programmes = pd.read_sql("SELECT programme FROM projects", conn)["programme"]
    eng.dispose()
    return str(programmes.dropna().sort_values().iloc[0])


def test_the_line_names_the_filters_and_its_cross_clears_them(app_env):
    programme = _a_programme(app_env)
    at = apptest.open_page(link={"programme": programme, "rag": "R"})
    apptest.no_error(at)
    (line,) = _lines(at)
    assert line.endswith(f"Filtered: Programme = {programme} · Reported status = Red")
    at.button(key="flt_clear").click().run()
    apptest.no_error(at)
    assert _lines(at) == []
    assert at.multiselect(key="flt_programme").value == []
    assert not {"programme", "rag"} & set(at.query_params)


def test_no_filter_no_line(app_env):
    at = apptest.open_page()
    apptest.no_error(at)
    assert _lines(at) == []


def test_a_drill_down_filter_stays_on_its_page(app_env):
    at = apptest.open_page(PORTFOLIO, params={"rag": "R", "drill": "rag"})
    apptest.no_error(at)
    assert at.multiselect(key="flt_rag").value == ["R"]
    assert [line.endswith("Filtered: Reported status = Red") for line in _lines(at)] == [True]
    at.switch_page(OVERVIEW)
    at.run()
    apptest.no_error(at)
    assert at.multiselect(key="flt_rag").value == []
    assert _lines(at) == []
    assert "rag" not in at.query_params


def _cell_table(at) -> bool:
    return any(getattr(d, "key", None) == "rk_cell" for d in at.dataframe) or any(
        "rk_cell" in str(d.proto.id) for d in at.dataframe
    )


def test_a_heat_map_click_goes_into_the_url_and_a_link_reopens_it(app_env):
    at = apptest.open_page("pages/risks.py")
    apptest.no_error(at)
    assert "cell" not in at.query_params and not _cell_table(at)
    at = apptest.click_first_mark(at, "rk_heatmap")
    apptest.no_error(at)
    cell = at.query_params["cell"]
    assert _cell_table(at)
    again = apptest.open_page(link={"cell": cell})
    again.switch_page("pages/risks.py")
    again.query_params["cell"] = cell
    again.run()
    apptest.no_error(again)
    assert _cell_table(again)
    bad = apptest.open_page("pages/risks.py", params={"cell": "x-9"})
    assert any("Ignored cell=x-9 in the link." in w.value for w in bad.warning)
    assert not _cell_table(bad)
