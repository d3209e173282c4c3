"""AppTest of "Download my projects" and the import preview on the Data page: the download is
offered, the file uploaded back changes nothing, one edited RAG shows as words, before → after,
and "Remove stored rows…" starts off and says first which rows it would remove."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from data_access import access
from data_access import engine as store_engine
from data_access.access import Identity
from data_access.filters import Filters
from steerco.config import Settings
from steerco.views import data as views
from tests.support import apptest
from tests.support.workbook import edit_cell, open_book, sheet_frame

DATA = "pages/data.py"
PROJECTS = ("PRJ-001", "PRJ-002")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPLACE_LABEL = "Remove stored rows that the file no longer lists (within the file's scope)"
RAG_WORDS = {"G": "Green", "A": "Amber", "R": "Red"}


def _workbook(url: str) -> bytes:
    """What "Download my projects" gives for PROJECTS on the app's store."""
    engine = store_engine.create_engine(url)
    with engine.connect() as conn:
        payload = views.my_projects_workbook(conn, Filters(), Settings(), project_ids=PROJECTS)
    engine.dispose()
    return payload


def _upload(at: AppTest, payload: bytes, name: str = "my-projects.xlsx") -> AppTest:
    at.file_uploader(key="upload_file").set_value((name, payload, XLSX))
    at.run()
    apptest.no_error(at)
    return at


def _toggle(at: AppTest):
    (toggle,) = [w for w in at.toggle if w.label == REPLACE_LABEL]
    return toggle


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def _table_with(at: AppTest, column: str) -> pd.DataFrame:
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with the column {column}")


def test_the_data_page_offers_my_projects_beside_the_template(app_env):
    at = apptest.open_page(DATA)
    apptest.no_error(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the template (.xlsx)" in labels
    assert "Download my projects (.xlsx)" in labels
    # the single user is an admin: the projects of the sidebar filters, every one by default
    assert "The projects the sidebar filters select (" in _captions(at)


def test_a_large_selection_is_built_on_request(app_env, monkeypatch):
    from steerco.ui import imports

    monkeypatch.setattr(imports, "PREPARE_ABOVE", 10)  # the sample has 40 projects
    at = apptest.open_page(DATA)
    apptest.no_error(at)
    assert "Download my projects (.xlsx)" not in [b.proto.label for b in at.get("download_button")]
    at.button(key="my_projects_prepare").click().run()
    apptest.no_error(at)
    assert "Download my projects (.xlsx)" in [b.proto.label for b in at.get("download_button")]
    at.run()  # stays ready on the next click
    assert "Download my projects (.xlsx)" in [b.proto.label for b in at.get("download_button")]


def test_a_project_manager_downloads_their_own_projects(app_env, monkeypatch):
    pm = Identity(email="claire@example.org", name="Claire Martin", role=access.PROJECT_MANAGER)
    apptest.act_as(monkeypatch, pm)
    at = apptest.open_page(DATA)
    apptest.no_error(at)
    assert "Download my projects (.xlsx)" in [b.proto.label for b in at.get("download_button")]
    assert "Your projects (" in _captions(at)


def test_the_file_uploaded_back_unchanged_has_nothing_to_commit(app_env):
    at = _upload(apptest.open_page(DATA), _workbook(app_env))
    infos = [i.value for i in at.info]
    assert "The file is identical to the stored data: there is nothing to commit." in infos
    assert not [b for b in at.button if b.label.startswith("Commit")]


def test_remove_rows_is_off_and_says_first_what_it_would_remove(app_env):
    at = _upload(apptest.open_page(DATA), _workbook(app_env))
    toggle = _toggle(at)
    assert toggle.value is False
    said = _captions(at)
    assert "Off: rows are only added and updated." in said
    assert "Switched on, the rows of projects PRJ-001, PRJ-002 in Milestones" in said
    assert "that this file does not list would be removed: " in said
    toggle.set_value(True).run()
    apptest.no_error(at)
    (warning,) = [w.value for w in at.warning]
    assert warning.startswith("Switched on, the rows of projects")
    removed = int(warning.rsplit(": ", 1)[1].split()[0])
    summary = _table_with(at, "Removed")
    assert int(summary["Removed"].sum()) == removed > 0  # the closed RAID items


def test_a_new_upload_starts_with_remove_rows_off_again(app_env):
    at = _upload(apptest.open_page(DATA), _workbook(app_env))
    _toggle(at).set_value(True).run()
    _upload(at, edit_cell(_workbook(app_env), "projects", 0, "name", "Renamed"), "again.xlsx")
    assert _toggle(at).value is False


def test_the_preview_shows_one_edited_rag_as_words_before_and_after(app_env):
    payload = _workbook(app_env)
    report = sheet_frame(open_book(payload), "status_reports").iloc[0]
    before = report["schedule_rag"]
    after = "R" if before != "R" else "G"
    at = _upload(
        apptest.open_page(DATA), edit_cell(payload, "status_reports", 0, "schedule_rag", after)
    )
    fields = _table_with(at, "Before → after")
    rows = fields.set_index("Column")["Before → after"].to_dict()
    assert rows["schedule_rag"] == f"{RAG_WORDS[before]} → {RAG_WORDS[after]}"
    assert set(rows) <= {"schedule_rag", "state"}  # the changed report goes to the PMO
    assert [b.label for b in at.button if b.label.startswith("Commit")] == ["Commit 1 change(s)"]


def test_a_file_of_datasets_without_scope_has_no_switch(app_env):
    csv = "project_id;name;phase\nPRJ-APP-9;New portal;Planning\n"
    at = _upload(apptest.open_page(DATA), csv.encode(), "projects.csv")
    assert not [w for w in at.toggle if w.label == REPLACE_LABEL]
    assert "no dataset of this file removes rows" in _captions(at)
