"""AppTest of the Data page's proposed mapping (issue 17): a RAID workbook with one sheet per
register, kept in the PM's own layout, gets a proposal per sheet with the evidence (why each
header was taken, the type from the sheet's name), the sheets left out and why; nothing is
imported until "Use this mapping", then the usual preview and commit."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from steerco.ui import proposal
from tests.support import apptest

DATA = "pages/data.py"
RAID_BOOK = Path(__file__).resolve().parents[1] / "data" / "real" / "raid_workbook_registers.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REGISTERS = {"Risk Register": "Risk", "Issue Register": "Issue", "Actions": "Action"}


def _uploaded(dataset: str | None = "raid") -> AppTest:
    at = apptest.open_page(DATA)
    if dataset:
        at.selectbox(key="upload_dataset").set_value(dataset).run()
    at.file_uploader(key="upload_file").set_value(
        ("My RAID log.xlsx", RAID_BOOK.read_bytes(), XLSX)
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _proposals(at: AppTest) -> list[pd.DataFrame]:
    return [f.value for f in at.dataframe if list(f.value.columns) == list(proposal.COLUMNS)]


def _stored_raid(url: str) -> pd.DataFrame:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        frame = pd.read_sql("SELECT raid_id, type, title FROM raid", conn)
    engine.dispose()
    return frame


def test_each_register_gets_its_proposal_with_the_evidence(app_env):
    at = _uploaded()
    captions = [c.value for c in at.caption]
    assert "Sheet 'Instructions' is left out: instructions sheet" in captions
    assert any(
        c.startswith("Sheet 'Change Requests' is left out: its headers fit") for c in captions
    )
    tables = _proposals(at)
    assert len(tables) == len(REGISTERS)
    for table, kind in zip(tables, REGISTERS.values(), strict=True):
        rows = table.set_index("Column")
        assert rows.loc["type", "Value for every row"] == kind
        assert rows.loc["type", "Why"].startswith("from the sheet name")
        assert rows.loc["raid_id", "From the file"] == f"{kind} ID"
        assert "unique codes" in rows.loc["raid_id", "Why"]
    risks = tables[0].set_index("Column")
    assert risks.loc["probability", "From the file"] == "Likelihood"
    assert risks.loc["raid_id", "First values"] == "R-01, R-02, R-03"


def test_nothing_is_imported_until_the_proposal_is_used_then_preview_and_commit(app_env):
    before = _stored_raid(app_env)
    at = _uploaded()
    assert "upload_commit" not in [b.key for b in at.button]
    assert _stored_raid(app_env).equals(before)
    at.button(key="upload_map_use").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    commit = at.button(key="upload_commit")
    assert commit.label == "Commit 18 change(s)"
    commit.click().run()
    stored = _stored_raid(app_env)
    mine = stored[stored["raid_id"].str.match(r"^[RIA]-\d\d$")]
    assert mine.groupby("type").size().to_dict() == {"Action": 5, "Issue": 5, "Risk": 8}
    assert len(stored) == len(before) + 18


def test_without_a_dataset_the_recognised_one_is_proposed(app_env):
    at = _uploaded(dataset=None)
    assert "upload_map_dataset" not in [s.key for s in at.selectbox]
    assert len(_proposals(at)) == len(REGISTERS)


def test_a_file_nothing_recognises_asks_which_data_it_holds(app_env, tmp_path):
    at = apptest.open_page(DATA)
    notes = "Week;Topic;Who\n1;Kick-off;Ann\n2;Design review;Bob\n"
    at.file_uploader(key="upload_file").set_value(("notes.csv", notes.encode(), "text/csv"))
    at.run()
    (choice,) = [s for s in at.selectbox if s.key == "upload_map_dataset"]
    assert choice.value is None and not _proposals(at)
    choice.set_value("raid").run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert "No sheet of this file holds a table Steerco can read as RAID log." in warnings
    assert "upload_map_use" not in [b.key for b in at.button]


CANADA_ACROSS = RAID_BOOK.with_name("canada_it_projects_transposed.xlsx")


def _uploaded_across() -> AppTest:
    at = apptest.open_page(DATA)
    at.selectbox(key="upload_dataset").set_value("projects").run()
    at.file_uploader(key="upload_file").set_value(
        ("gc-projects.xlsx", CANADA_ACROSS.read_bytes(), XLSX)
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_list_that_runs_across_is_turned_and_its_words_read_as_phases(app_env, app_config):
    app_config('currency = "CAD"')  # its budgets are in Canadian dollars
    at = _uploaded_across()
    (across,) = [w for w in at.toggle if w.key == "upload_map_across_Projects"]
    assert across.value is True
    (rows,) = _proposals(at)
    assert rows.set_index("Column").loc["phase", "From the file"] == "estimatedStatus"
    (values,) = [
        f.value for f in at.dataframe if list(f.value.columns) == list(proposal.VALUE_COLUMNS)
    ]
    assert dict(zip(values["In the file"], values["Read as"], strict=True)) == {
        "completed": "Closed",
        "behind schedule": "Execution",
    }
    at.button(key="upload_map_use").click().run()
    problems = [f.value for f in at.dataframe if "Problem" in f.value.columns]
    assert not at.error, [p["Problem"].tolist() for p in problems]
    at.button(key="upload_commit").click().run()
    engine = sa.create_engine(app_env)
    with engine.connect() as conn:
        phase = dict(
            conn.execute(
                sa.text("SELECT project_id, phase FROM projects WHERE project_id LIKE 'aafc-%'")
            ).all()
        )
    engine.dispose()
    assert phase and set(phase.values()) <= {"Closed", "Execution"}


def test_the_user_can_read_a_sheet_the_other_way_round(app_env):
    at = _uploaded_across()
    at.toggle(key="upload_map_across_Projects").set_value(False).run()
    assert not at.exception
    assert not at.toggle(key="upload_map_across_Projects").value  # still there to turn back
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not any("read across" in x for x in texts)
    at.toggle(key="upload_map_across_Projects").set_value(True).run()
    assert len(_proposals(at)) == 1
