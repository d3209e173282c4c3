"""AppTest of the Demand page: figures, the formula on the page, department filter in the URL,
click on a bubble, empty state."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from data_access import engine as store_engine
from data_access import queries
from data_access.filters import Filters
from steerco import fmt
from steerco.config import load_settings
from steerco.exports import images
from steerco.ui import demand as demand_ui
from steerco.views import demand as views
from tests.support import apptest

PAGE = "pages/demand.py"


def _open(**query) -> AppTest:
    return apptest.open_page(PAGE, link=query)


_metric = apptest.metric


_no_error = apptest.no_error


def _view(url: str, departments: tuple[str, ...] = (), **filters) -> views.DemandView:
    eng = store_engine.create_engine(url)
    with eng.connect() as conn:
        view = views.build(conn, Filters(**filters), load_settings(), departments)
    eng.dispose()
    return view


@pytest.fixture
def expected(app_env) -> views.DemandView:
    return _view(app_env)


def test_demand_page_shows_pipeline_formula_bubbles_and_ranked_backlog(app_env, expected):
    view = expected
    at = _open()
    _no_error(at)
    assert at.title[0].value == "Demand"
    assert _metric(at, "Backlog") == str(len(view.backlog))
    assert _metric(at, "Approved, not started") == str(len(view.approved_waiting))
    formula = next(i.value for i in at.info if "Priority score" in i.value)
    assert "business value + urgency + risk reduction" in formula
    assert "÷ effort in person-months" in formula and "20 working days" in formula
    assert len(at.get("plotly_chart")) == 2  # bubbles, pipeline
    assert apptest.chart_keys(at) == ["dm_bubbles", "dm_pipeline"]
    backlog = at.dataframe[-1].value
    assert backlog["Request"].tolist() == view.backlog["request_id"].tolist()
    assert backlog["Rank"].iloc[0] == 1
    assert backlog["Priority score"].is_monotonic_decreasing
    waiting = at.dataframe[0].value
    assert waiting["Request"].tolist() == view.approved_waiting["request_id"].tolist()
    assert waiting["Waiting (days)"].is_monotonic_decreasing
    apptest.assert_every_chart_and_table_downloads(at)
    assert {"dm_waiting_dl", "dm_backlog_dl"} <= set(apptest.download_menus(at))


def test_department_filter_narrows_the_page_and_goes_into_the_url(app_env, expected):
    finance = _view(app_env, ("Finance",))
    at = _open()
    at.multiselect(key="dm_department").set_value(["Finance"]).run()
    _no_error(at)
    assert _metric(at, "Backlog") == str(len(finance.backlog))
    assert len(finance.backlog) < len(expected.backlog)
    assert at.query_params["dept"] in ("Finance", ["Finance"])
    assert set(at.dataframe[-1].value["Department"]) == {"Finance"}
    apptest.assert_every_chart_and_table_downloads(at)


def test_department_from_a_link_is_applied(app_env):
    hr = _view(app_env, ("HR",))
    at = _open(dept="HR")
    _no_error(at)
    assert at.multiselect(key="dm_department").value == ["HR"]
    assert _metric(at, "Backlog") == str(len(hr.backlog))


def test_clicking_a_bubble_shows_that_request(app_env, expected):
    row = expected.backlog.iloc[0]
    at = _open()
    at.session_state["dm_bubbles"] = {
        "selection": {
            "points": [{"customdata": row["request_id"]}],
            "point_indices": [0],
            "box": [],
            "lasso": [],
        }
    }
    at.run()
    _no_error(at)
    assert f"{row['request_id']} · {row['title']}" in [s.value for s in at.subheader]
    text = "\n".join(m.value for m in at.markdown)
    assert "**Backlog rank**: 1" in text
    assert f"= {row['priority_score']:.2f}" in text  # the score worked out in words
    apptest.assert_every_chart_and_table_downloads(at)


def test_a_table_menu_opens_and_a_slide_names_the_chosen_departments(app_env):
    at = _open()
    assert not at.get("download_button"), "menus are closed: nothing is built up front"
    at.session_state["dm_backlog_dl"] = True
    at.run()
    _no_error(at)
    assert [b.proto.label for b in at.get("download_button")] == ["Excel (.xlsx)", "CSV"]
    if images.chromium_path() is not None:
        at.session_state["dm_backlog_dl"] = False
        at.session_state["dm_pipeline_dl"] = True
        at.query_params["dept"] = "Finance"
        at.run()
        _no_error(at)
        captions = [c.value for c in at.caption]
        wanted = "Intake pipeline by status · Finance · Data as of"
        assert any(c.startswith(wanted) for c in captions), captions
    fig = go.Figure(layout={"title": {"text": "<b>Pipeline</b>"}})
    assert demand_ui.slide_title(fig, ()) == "Pipeline"
    assert demand_ui.slide_title(fig, ("Finance", "HR")) == "Pipeline · Finance, HR"


def test_project_filter_says_what_it_leaves_out(app_env, expected):
    pid = expected.requests["project_id"].dropna().iloc[0]
    eng = store_engine.create_engine(app_env)
    with eng.connect() as conn:
        programme = queries.project(conn, pid)["programme"].iloc[0]
    eng.dispose()
    narrowed = _view(app_env, programme=(programme,))
    at = _open(programme=programme)
    _no_error(at)
    assert any("only converted requests have a project" in c.value for c in at.caption)
    assert set(narrowed.requests["status"]) <= {"Converted", "Approved"}
    assert views.summary_line(narrowed) in [c.value for c in at.caption]


def test_as_of_before_any_request_shows_an_empty_state(app_env):
    # the store's first data (a project's first financial month) precedes the first request
    engine = store_engine.create_engine(app_env)
    first = queries.first_data_day(engine)
    engine.dispose()
    at = _open(as_of=first.isoformat())
    _no_error(at)
    day = fmt.day(first)
    assert any(f"No request submitted by {day}" in i.value for i in at.info), at.info
    assert not at.get("plotly_chart")
