"""AppTest of the Data page: template, history with details and rollback, mappings, sources.

Uploading itself is driven in the real browser (tests/e2e/test_import_flow.py): AppTest has
no file uploader.
"""

from __future__ import annotations

import getpass
from datetime import date

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from data_access import engine as store_engine
from data_access import sample_history
from data_access.ingest import service
from data_access.ingest.mapping import Mapping, save_mapping
from steerco.ui.text import WORD_JOINER
from tests.support import apptest

DATA = "pages/data.py"
NEW_RISK_CSV = (
    "raid_id;project_id;type;title;probability;impact;status\n"
    "RAID-APP-1;PRJ-002;Risk;Key architect leaves;3;4;Open\n"
)


def _data_page() -> AppTest:
    at = apptest.open_page(DATA)
    apptest.no_error(at)
    return at


def _select_history_row(at: AppTest, row: int) -> None:
    apptest.select_row(at, "history_table", row)


def _table_with(at: AppTest, *columns: str) -> pd.DataFrame:
    """The table showing these columns (display tables have no widget key in AppTest)."""
    for frame in at.dataframe:
        if set(columns) <= set(frame.value.columns):
            return frame.value
    raise AssertionError(f"no table with columns {columns}")


def _raid_ids(url: str) -> set[str]:
    eng = store_engine.create_engine(url)
    with eng.connect() as conn:
        ids = set(pd.read_sql("SELECT raid_id FROM raid", conn)["raid_id"])
    eng.dispose()
    return ids


@pytest.fixture
def committed_import(app_env) -> int:
    """One new risk imported as a PM's CSV, without replacing the project's other items."""
    eng = store_engine.create_engine(app_env)
    report = service.run_import(
        eng, NEW_RISK_CSV.encode(), "new-risk.csv", user_name="Ann", replace_scope=False
    )
    eng.dispose()
    assert report.committed, [str(p) for p in report.problems]
    return report.result.import_id


def test_data_page_offers_the_template_and_the_upload(app_env):
    at = _data_page()
    assert at.title[0].value == "Data"
    assert [tab.label for tab in at.tabs] == ["Upload", "History", "Mappings", "SQL sources"]
    # single-user mode: changes are recorded under the server's login name, no free text
    assert not [w for w in at.text_input if w.key == "import_user"]
    captions = " ".join(c.value for c in at.caption)
    assert f"Recorded in the import history as {getpass.getuser()}." in captions
    assert at.selectbox(key="upload_dataset").value == "automatic"
    assert "Nothing changes until you confirm" in " ".join(c.value for c in at.caption)


def test_history_lists_the_sample_load_which_cannot_be_rolled_back(app_env):
    at = _data_page()
    history = at.dataframe(key="history_table").value
    loads = sample_history.CYCLES + 1  # the sample's past cycles, then today's load
    assert history["Outcome"].tolist() == ["Sample loaded"] * loads
    _select_history_row(at, 0)
    assert any(h.value == f"Import #{loads}" for h in at.subheader)
    assert not [b for b in at.button if b.key and b.key.startswith("history_rollback")]


def test_rolling_back_an_import_from_the_history(app_env, committed_import):
    assert "RAID-APP-1" in _raid_ids(app_env)
    at = _data_page()
    history = at.dataframe(key="history_table").value
    assert history["Import"].tolist()[0] == f"#{committed_import}"
    assert history["Who"].tolist()[0] == "Ann"
    assert history[["Added", "Changed", "Removed"]].iloc[0].tolist() == [1, 0, 0]
    _select_history_row(at, 0)
    rollback = at.button(key=f"history_rollback_{committed_import}")
    assert rollback.disabled, "the rollback waits for the confirmation"
    at.checkbox(key=f"history_confirm_{committed_import}").check().run()
    at.button(key=f"history_rollback_{committed_import}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == [
        f"Import #{committed_import} rolled back (recorded as import #{committed_import + 1})."
    ]
    assert "RAID-APP-1" not in _raid_ids(app_env)
    history = at.dataframe(key="history_table").value
    assert history["Outcome"].tolist()[:2] == ["Rollback", "Rolled back"]
    assert history["Who"].tolist()[:2] == [getpass.getuser(), "Ann"]  # the single user


def test_the_as_of_view_shows_the_data_before_an_import(app_env, committed_import):
    # Dated by hand, so that a whole day separates the sample from the import.
    eng = store_engine.create_engine(app_env)
    with eng.begin() as conn:
        conn.exec_driver_sql("UPDATE raid SET _valid_from = '2026-01-01 00:00:00'")
        conn.exec_driver_sql(
            "UPDATE raid SET _valid_from = '2026-06-01 09:00:00' WHERE raid_id = 'RAID-APP-1'"
        )
    eng.dispose()
    at = _data_page()
    at.selectbox(key="asof_ds").set_value("raid").run()
    at.date_input(key="asof_day").set_value(date(2026, 5, 31)).run()
    before = _table_with(at, "raid_id", "probability")
    assert "RAID-APP-1" not in before["raid_id"].tolist()
    at.date_input(key="asof_day").set_value(date(2026, 6, 1)).run()
    after = _table_with(at, "raid_id", "probability")
    assert "RAID-APP-1" in after["raid_id"].tolist()
    assert len(after) == len(before) + 1
    menus = apptest.download_menus(at)
    assert menus.get("asof_table_dl") == "Download", "the data as of a day downloads"
    assert menus.get("history_table_dl") == "Download", "so does the import history"
    at.session_state["asof_table_dl"] = True
    at.run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Excel (.xlsx)" in labels and "CSV" in labels


def test_mappings_tab_lists_built_in_and_saved_mappings_and_deletes(app_env):
    eng = store_engine.create_engine(app_env)
    save_mapping(eng, Mapping(dataset="projects", columns={"name": "Titel"}, name="pmo-nl"))
    eng.dispose()
    at = _data_page()
    table = _table_with(at, "Name", "Kind")
    assert table["Name"].tolist() == ["servicenow-incidents", "pmo-nl"]
    assert table["Kind"].tolist() == ["built-in", "saved"]
    assert apptest.download_menus(at).get("mappings_table_dl") == "Download"
    at.selectbox(key="mappings_pick").set_value("pmo-nl")
    at.button(key="mappings_delete").click().run()
    assert _table_with(at, "Name", "Kind")["Name"].tolist() == ["servicenow-incidents"]


def test_sources_tab_explains_how_to_configure_sources_when_there_are_none(
    app_env, tmp_path, monkeypatch
):
    config = tmp_path / "steerco.toml"
    config.write_text(f'sources_file = "{tmp_path / "none.toml"}"\n', encoding="utf-8")
    monkeypatch.setenv("STEERCO_CONFIG", str(config))
    st.cache_resource.clear()  # settings are cached per process
    try:
        at = _data_page()
        assert any("No sources file" in i.value for i in at.info)
    finally:
        st.cache_resource.clear()


def test_refresh_from_sources_pulls_a_sql_source_into_the_store(app_env, tmp_path, monkeypatch):
    source_db = tmp_path / "itsm.sqlite"
    eng = store_engine.create_engine(f"sqlite:///{source_db}")
    with eng.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE risk_register (ref TEXT, project TEXT, kind TEXT, title TEXT, "
            "status TEXT)"
        )
        conn.exec_driver_sql(
            "INSERT INTO risk_register VALUES "
            "('RAID-SRC-1', 'PRJ-003', 'Issue', 'Licence audit finding', 'Open')"
        )
    eng.dispose()
    sources = tmp_path / "sources.toml"
    sources.write_text(
        "[[source]]\n"
        'name = "Risk tool"\n'
        'dataset = "raid"\n'
        f'url = "sqlite:///{source_db}"\n'
        "replace_scope = false\n"
        'query = "SELECT ref AS raid_id, project AS project_id, kind AS type, title, status '
        'FROM risk_register"\n',
        encoding="utf-8",
    )
    config = tmp_path / "steerco.toml"
    config.write_text(f'sources_file = "{sources}"\n', encoding="utf-8")
    monkeypatch.setenv("STEERCO_CONFIG", str(config))
    st.cache_resource.clear()
    try:
        at = _data_page()
        assert _table_with(at, "Source", "Mapping")["Source"].tolist() == ["Risk tool"]
        at.button(key="sources_refresh").click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert [s.value for s in at.success] == [
            "Risk tool: committed (1 added, 0 changed, 0 removed)."
        ]
        assert "RAID-SRC-1" in _raid_ids(app_env)
    finally:
        st.cache_resource.clear()


def test_a_file_name_and_a_user_name_are_shown_as_text(app_env):
    """Names from a file and a user reach the page as typed, never as Markdown or a link."""
    eng = store_engine.create_engine(app_env)
    hostile = "**urgent**[x](javascript:alert(1)).csv"
    report = service.run_import(
        eng, NEW_RISK_CSV.encode(), hostile, user_name="_Ann_", replace_scope=False
    )
    eng.dispose()
    assert report.committed
    at = _data_page()
    _select_history_row(at, 0)
    line = next(m.value for m in at.markdown if "javascript" in m.value)
    # marks escaped; a word joiner after "javascript:" so no autolink can start there
    escaped = rf"\*\*urgent\*\*\[x\](javascript:{WORD_JOINER}alert(1)).csv"
    assert line.startswith(f"**{escaped}** · ")
    assert r"\_Ann\_" in line


def _uploader_limit_mb(at: AppTest) -> int:
    (uploader,) = at.get("file_uploader")
    return uploader.proto.max_upload_size_mb


def test_the_upload_limit_is_the_servers_and_a_larger_setting_is_said(
    app_env, tmp_path, monkeypatch
):
    """The server refuses larger requests (server.maxUploadSize): a setting above it cannot
    raise the limit, and the Data page says so."""
    at = _data_page()
    assert _uploader_limit_mb(at) == 50
    assert not [w for w in at.warning if "max_upload_mb" in w.value]
    config = tmp_path / "steerco.toml"
    config.write_text("max_upload_mb = 80\n", encoding="utf-8")
    monkeypatch.setenv("STEERCO_CONFIG", str(config))
    st.cache_resource.clear()  # settings are cached per process
    try:
        at = _data_page()
        assert _uploader_limit_mb(at) == 50
        (warning,) = [w.value for w in at.warning if "max_upload_mb" in w.value]
        assert "max_upload_mb is 80 MB" in warning and "at most 50 MB" in warning
    finally:
        st.cache_resource.clear()
