"""The Status reports page: a project manager finds their project pre-filled, edits and
submits it, is told by field what is missing, reads other projects only; the PMO checks a
submitted report and returns it with a comment the project manager then sees (AppTest)."""

from __future__ import annotations

import pandas as pd

from data_access import access
from data_access import engine as store_engine
from tests.support import apptest
from tests.support.reports import CLAIRE_PROJECT, OTHER_PROJECT, raw_reports
from tests.support.roles import WORD_JOINER

PAGE = "pages/report.py"
CLAIRE = access.Identity("claire@example.org", "Claire Martin", access.PROJECT_MANAGER)
PMO = access.Identity("pat@example.org", "Pat PMO", access.PMO)
VIEWER = access.Identity("vic@example.org", "Vic", access.VIEWER)


def _reports(app_env, project_id: str) -> pd.DataFrame:
    eng = store_engine.create_engine(app_env)
    frame = raw_reports(eng)
    eng.dispose()
    return frame.loc[frame["project_id"] == project_id].sort_values("report_date")


def _widget(elements, label: str):
    return next(e for e in elements if e.label == label)


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_a_project_manager_opens_their_project_pre_filled_from_the_last_report(
    app_env, monkeypatch
):
    apptest.act_as(monkeypatch, CLAIRE)
    at = apptest.open_page(PAGE)
    apptest.no_error(at)
    assert at.selectbox(key="rpt_project").value == CLAIRE_PROJECT
    last = _reports(app_env, CLAIRE_PROJECT).iloc[-1]
    assert _widget(at.text_area, "Summary").value == last["summary"]
    assert _widget(at.number_input, "% complete").value == last["percent_complete"]
    assert apptest.metric(at, "Computed RAG") in ("Green", "Amber", "Red")
    assert [t.label for t in at.tabs] == []  # no PMO check for a project manager
    assert [b.label for b in at.button] == ["Save draft", "Submit to the PMO"]


def test_a_project_manager_edits_two_fields_and_submits(app_env, monkeypatch):
    apptest.act_as(monkeypatch, CLAIRE)
    at = apptest.open_page(PAGE)
    last = _reports(app_env, CLAIRE_PROJECT).iloc[-1]
    _widget(at.number_input, "% complete").set_value(float(last["percent_complete"]) + 5)
    _widget(at.text_area, "Summary").set_value("Design signed off; build starts Monday.")
    at = _button(at, "Submit to the PMO").click().run()
    apptest.no_error(at)
    (done,) = [s.value for s in at.success]
    assert done.startswith("Report of ") and done.endswith(" submitted to the PMO.")
    now = _reports(app_env, CLAIRE_PROJECT).iloc[-1]
    assert now["state"] == "Submitted" and now["author"] == "Claire Martin"
    assert now["summary"] == "Design signed off; build starts Monday."
    assert now["percent_complete"] == float(last["percent_complete"]) + 5


def test_a_red_dimension_without_a_reason_is_refused_by_field(app_env, monkeypatch):
    apptest.act_as(monkeypatch, CLAIRE)
    at = apptest.open_page(PAGE)
    before = _reports(app_env, CLAIRE_PROJECT)
    _widget(at.selectbox, "Schedule").set_value("R")
    at.run()
    reason = _widget(at.text_input, "Schedule: why Red? *")  # the reason field appears
    assert reason.value == ""
    at = _button(at, "Submit to the PMO").click().run()
    assert not at.exception
    (refusal,) = [e.value for e in at.error]
    assert refusal.startswith("Not saved:") and "Schedule reason: Schedule is Red, say why" in (
        refusal
    )
    pd.testing.assert_frame_equal(_reports(app_env, CLAIRE_PROJECT), before)
    # what was typed is still there
    assert _widget(at.selectbox, "Schedule").value == "R"


def test_another_managers_project_is_read_only(app_env, monkeypatch):
    apptest.act_as(monkeypatch, CLAIRE)
    at = apptest.open_page(PAGE, link={"project": OTHER_PROJECT})
    apptest.no_error(at)
    assert at.selectbox(key="rpt_project").value == OTHER_PROJECT
    assert any("only the project's manager or the PMO can change it" in i.value for i in at.info)
    assert not [b for b in at.button if b.label in ("Save draft", "Submit to the PMO")]
    assert all(a.disabled for a in at.text_area)


def test_a_viewer_reads_and_a_hostile_link_is_ignored(app_env, monkeypatch):
    apptest.act_as(monkeypatch, VIEWER)
    at = apptest.open_page(PAGE, link={"project": "<img src=x onerror=alert(1)>"})
    apptest.no_error(at)
    assert at.selectbox(key="rpt_project").value != "<img src=x onerror=alert(1)>"
    assert not [b for b in at.button if b.label == "Submit to the PMO"]


def test_the_pmo_returns_a_report_and_its_manager_sees_the_comment(app_env, monkeypatch):
    apptest.act_as(monkeypatch, CLAIRE)
    at = apptest.open_page(PAGE)
    _widget(at.text_area, "Summary").set_value("Ready for the committee.")
    _button(at, "Submit to the PMO").click().run()

    apptest.act_as(monkeypatch, PMO)
    at = apptest.open_page(PAGE, link={"rpt_sections": "PMO check"})
    apptest.no_error(at)
    at = apptest.select_row(at, "rpt_queue", 0)
    apptest.no_error(at)
    changes = at.dataframe[1].value  # below the queue: what the report changes
    assert "Ready for the committee." in set(changes["After"])
    _widget(at.text_area, "Comment to the project manager").set_value(
        "Say which interface is late."
    )
    at = _button(at, "Return with comment").click().run()
    apptest.no_error(at)
    assert next(s.value for s in at.success).endswith("returned to its project manager.")
    assert _reports(app_env, CLAIRE_PROJECT).iloc[-1]["state"] == "Returned"

    apptest.act_as(monkeypatch, CLAIRE)
    at = apptest.open_page(PAGE)
    (returned,) = [w.value.replace(WORD_JOINER, "") for w in at.warning if "Returned by" in w.value]
    assert "pat@example.org" in returned and "Say which interface is late." in returned


def test_the_pmo_sees_who_has_not_reported_for_the_next_meeting(app_env, monkeypatch):
    apptest.act_as(monkeypatch, PMO)
    at = apptest.open_page(PAGE, link={"rpt_sections": "Completeness"})
    apptest.no_error(at)
    labels = [m.label for m in at.metric]
    assert "Late" in labels and "Stale" in labels, labels


def test_a_project_manager_can_download_their_projects_for_excel(app_env, monkeypatch):
    apptest.act_as(monkeypatch, CLAIRE)
    at = apptest.open_page(PAGE)
    apptest.no_error(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download my projects (.xlsx)" in labels
