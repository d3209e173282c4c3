"""`steerco template|import|history|rollback|mapping` on a private SQLite store.

Each test gets its own store file seeded with the small sample, and drives the command line
through ``steerco.cli.main`` exactly as a shell would (``--db sqlite:///...``), reading what it
prints. A refusal must be a message and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from data_access import engine as store_engine
from data_access import schema, store
from data_access.template import template_bytes
from steerco import cli
from tests.support.cli import no_traceback, run
from tests.support.store_state import current, import_log, snapshot

ROOT = Path(__file__).resolve().parents[2]
CANADA_MAPPING = ROOT / "docs" / "mappings" / "canada-it-projects.json"


@pytest.fixture
def db(tmp_path, small_frames, monkeypatch) -> str:
    """A SQLite store of its own, seeded with the small sample; the URL to pass as --db."""
    monkeypatch.chdir(tmp_path)  # no steerco.toml of the checkout can change the limits
    monkeypatch.delenv("STEERCO_CONFIG", raising=False)
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    engine = store_engine.create_engine(url)
    store.load_frames(engine, small_frames, source="test sample")
    engine.dispose()
    return url


@pytest.fixture
def engine(db):
    eng = store_engine.create_engine(db)
    yield eng
    eng.dispose()


@pytest.fixture
def edited_raid(small_frames, tmp_path):
    """The busiest project's RAID sheet as its PM sends it back: one title changed, the last
    item deleted, one item added. Returns (path, project, removed id, item count sent)."""
    raid = small_frames["raid"]
    project = raid["project_id"].value_counts().index[0]
    mine = raid[raid["project_id"] == project].reset_index(drop=True)
    mine.loc[0, "title"] = "Vendor contract signed late"
    removed = mine.loc[len(mine) - 1, "raid_id"]
    mine = mine.iloc[:-1]
    new = mine.iloc[[0]].assign(raid_id="RAID-NEW-1", title="New dependency on IAM")
    sent = pd.concat([mine, new], ignore_index=True)
    path = tmp_path / f"raid-{project}.xlsx"
    path.write_bytes(template_bytes(datasets=["raid"], sample={"raid": sent}))
    return path, project, removed, len(sent)


# --------------------------------------------------------------------------- template


def test_template_writes_an_xlsx_the_importer_recognises(tmp_path, capsys):
    out_path = tmp_path / "out" / "steerco-template.xlsx"
    out_path.parent.mkdir()
    code, out, err = run(capsys, "template", "--out", out_path)
    assert (code, err) == (0, "")
    assert str(out_path) in out
    with zipfile.ZipFile(out_path) as archive:
        assert "xl/workbook.xml" in archive.namelist()
    book = openpyxl.load_workbook(out_path)
    assert book.sheetnames[0] == "Instructions"
    assert set(schema.DATASETS_BY_NAME) <= set(book.sheetnames)
    headers = [c.value for c in book["projects"][1]]
    assert headers[: len(schema.dataset("projects").column_names)] == list(
        schema.dataset("projects").column_names
    )


# --------------------------------------------------------------------------- import


def test_import_of_a_good_file_commits_and_prints_the_changes(db, engine, edited_raid, capsys):
    path, _project, removed, sent = edited_raid
    code, out, err = run(capsys, "import", path, "--db", db, "--user", "pm1")
    assert code == 0, out + err
    no_traceback(out, err)
    latest = import_log(engine).iloc[0]
    assert f"{path.name}: committed as import #{latest['import_id']}" in out
    line = next(li for li in out.splitlines() if li.strip().startswith("raid "))
    assert line.split() == [
        "raid",
        "added",
        "1",
        "changed",
        "1",
        "removed",
        "1",
        "unchanged",
        str(sent - 2),
    ]
    assert (latest["outcome"], latest["source"], latest["user_name"]) == (
        schema.OUTCOME_COMMITTED,
        path.name,
        "pm1",
    )
    ids = set(current(engine, "raid")["raid_id"])
    assert "RAID-NEW-1" in ids and removed not in ids


def test_importing_the_same_file_twice_says_nothing_changed(db, engine, edited_raid, capsys):
    path, *_ = edited_raid
    assert run(capsys, "import", path, "--db", db)[0] == 0
    before = snapshot(engine)
    code, out, _ = run(capsys, "import", path, "--db", db)
    assert code == 0
    assert "identical to the stored data; nothing changed" in out
    assert snapshot(engine) == before


def test_keep_missing_does_not_remove_items_the_file_no_longer_has(db, engine, edited_raid, capsys):
    path, _project, removed, _ = edited_raid
    code, out, _ = run(capsys, "import", path, "--keep-missing", "--db", db)
    assert code == 0
    assert "removed       0" in out
    assert removed in set(current(engine, "raid")["raid_id"])


def test_import_of_a_bad_file_prints_the_errors_and_changes_nothing(db, engine, tmp_path, capsys):
    path = tmp_path / "projects-update.csv"
    path.write_text(
        "project_id,name,phase,percent_complete,start_date\n"
        "PRJ-901,Alpha,Execution,50,2026-01-15\n"
        "PRJ-902,Beta,Dreaming,50,2026-01-15\n"
        "PRJ-903,Gamma,Planning,250,someday\n",
        encoding="utf-8",
    )
    before, log_before = snapshot(engine), import_log(engine)

    code, out, err = run(capsys, "import", path, "--db", db)

    assert code == cli.EXIT_FAILED
    no_traceback(out, err)
    assert out.splitlines()[0].startswith(f"{path.name}: refused, 3 error(s)")
    errors = [li.strip() for li in out.splitlines() if li.strip().startswith("ERROR")]
    assert len(errors) == 3
    assert any(
        "row 3, column 'phase'" in e and "Dreaming" in e and "allowed values" in e for e in errors
    )
    assert any("row 4, column 'percent_complete'" in e and "out of range" in e for e in errors)
    assert any("row 4, column 'start_date'" in e and "someday" in e for e in errors)
    assert all(e.startswith(f"ERROR   {path.name}, sheet ") for e in errors)
    assert out.rstrip().endswith("Nothing was changed.")
    assert snapshot(engine) == before
    log = import_log(engine)
    assert len(log) == len(log_before) + 1
    assert (log.iloc[0]["outcome"], log.iloc[0]["source"]) == (schema.OUTCOME_REFUSED, path.name)


def test_import_of_a_hostile_file_is_a_message_not_a_traceback(db, engine, tmp_path, capsys):
    path = tmp_path / "budget.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    code, out, err = run(capsys, "import", path, "--db", db)
    assert code == cli.EXIT_FAILED
    no_traceback(out, err)
    assert "budget.xlsx: is a PNG image, not a spreadsheet" in out
    assert "Nothing was changed." in out


def test_import_of_a_missing_file(db, tmp_path, capsys):
    code, _, err = run(capsys, "import", tmp_path / "nowhere.xlsx", "--db", db)
    assert code == cli.EXIT_FAILED
    assert "nowhere.xlsx: no such file" in err


def test_import_with_an_unknown_dataset_or_mapping_is_refused(db, tmp_path, capsys):
    path = tmp_path / "p.csv"
    path.write_text("project_id,name,phase\nPRJ-901,Alpha,Execution\n", encoding="utf-8")
    code, out, err = run(capsys, "import", path, "--dataset", "budgets", "--db", db)
    assert code == cli.EXIT_FAILED
    assert "p.csv: there is no dataset 'budgets'" in out
    code, out, err = run(capsys, "import", path, "--mapping", "jira", "--db", db)
    assert code == cli.EXIT_FAILED
    assert "There is no mapping called 'jira'" in out
    no_traceback(out, err)


def test_dry_run_prints_the_changes_and_writes_nothing(db, engine, edited_raid, capsys):
    path, *_ = edited_raid
    before, log_before = snapshot(engine), import_log(engine)
    code, out, err = run(capsys, "import", path, "--dry-run", "--db", db)
    assert code == 0, out + err
    assert f"{path.name}: checked, no errors (dry run: nothing written)" in out
    assert "added       1  changed       1  removed       1" in out
    assert snapshot(engine) == before
    pd.testing.assert_frame_equal(import_log(engine), log_before)


# --------------------------------------------------------------------------- history, rollback


def test_history_lists_the_import(db, engine, edited_raid, capsys):
    path, *_ = edited_raid
    run(capsys, "import", path, "--db", db, "--user", "pm1")
    import_id = int(import_log(engine).iloc[0]["import_id"])
    code, out, _ = run(capsys, "history", "--db", db)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"#{import_id} ")
    assert "committed" in lines[0] and "+1 ~1 -1" in lines[0]
    assert "pm1" in lines[0] and lines[0].endswith(path.name)
    assert "seeded" in lines[-1] and "test sample" in lines[-1]


def test_rollback_undoes_the_import_and_a_second_rollback_is_refused(
    db, engine, edited_raid, small_frames, capsys
):
    path, *_ = edited_raid
    before = current(engine, "raid")
    run(capsys, "import", path, "--db", db)
    import_id = int(import_log(engine).iloc[0]["import_id"])

    code, out, err = run(capsys, "rollback", import_id, "--db", db, "--user", "pmo")

    assert code == 0, out + err
    rollback_id = int(import_log(engine).iloc[0]["import_id"])
    assert f"import #{import_id} rolled back by import #{rollback_id}" in out
    assert "added       1  changed       1  removed       1" in out
    pd.testing.assert_frame_equal(current(engine, "raid"), before)
    code, out, _ = run(capsys, "history", "--db", db)
    assert f"#{rollback_id} " in out and "rollback" in out and "rolled back" in out

    code, out, err = run(capsys, "rollback", import_id, "--db", db)
    assert code == cli.EXIT_FAILED
    no_traceback(out, err)
    assert f"Import #{import_id} was already rolled back by import #{rollback_id}" in err
    pd.testing.assert_frame_equal(current(engine, "raid"), before)


def test_rollback_of_an_import_that_does_not_exist_or_wrote_nothing(db, engine, capsys):
    code, out, err = run(capsys, "rollback", "999", "--db", db)
    assert code == cli.EXIT_FAILED
    assert "There is no import #999." in err
    code, out, err = run(capsys, "rollback", "1", "--db", db)  # the seed
    assert code == cli.EXIT_FAILED
    assert "loaded the whole store (seed)" in err
    no_traceback(out, err)


# --------------------------------------------------------------------------- mappings


def test_mapping_save_list_show_delete_round_trip(db, tmp_path, capsys):
    spec = json.loads(CANADA_MAPPING.read_text(encoding="utf-8"))

    code, out, err = run(capsys, "mapping", "save", "canada", "--file", CANADA_MAPPING, "--db", db)
    assert (code, err) == (0, "")
    assert "saved mapping 'canada' for projects" in out

    code, out, _ = run(capsys, "mapping", "list", "--db", db)
    assert code == 0
    rows = {line.split()[0]: line.split()[1:3] for line in out.splitlines()}
    assert rows["canada"] == ["projects", "saved"]
    assert rows["servicenow-incidents"] == ["tickets", "built-in"]

    code, out, _ = run(capsys, "mapping", "show", "canada", "--db", db)
    assert code == 0
    shown = json.loads(out)
    assert shown["name"] == "canada"
    for key in ("dataset", "columns", "values", "day_first", "description"):
        assert shown[key] == spec[key], key

    code, out, _ = run(capsys, "mapping", "delete", "canada", "--db", db)
    assert (code, out.strip()) == (0, "deleted mapping 'canada'")
    code, out, _ = run(capsys, "mapping", "list", "--db", db)
    assert "canada" not in out
    code, out, err = run(capsys, "mapping", "delete", "canada", "--db", db)
    assert code == cli.EXIT_FAILED
    assert "no saved mapping 'canada'" in err
    code, out, err = run(capsys, "mapping", "show", "canada", "--db", db)
    assert code == cli.EXIT_FAILED
    assert "There is no mapping called 'canada'" in err
    no_traceback(out, err)


def test_mapping_refusals_are_messages(db, tmp_path, capsys):
    code, _, err = run(capsys, "mapping", "save", "canada", "--db", db)
    assert code == cli.EXIT_USAGE and "--file" in err
    builtin = tmp_path / "builtin.json"
    builtin.write_text(CANADA_MAPPING.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run(
        capsys, "mapping", "save", "servicenow-incidents", "--file", builtin, "--db", db
    )
    assert code == cli.EXIT_FAILED and "is a built-in mapping" in err
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"dataset": "projects", "columns": {"budget": "x"}}))
    code, out, err = run(capsys, "mapping", "save", "wrong", "--file", wrong, "--db", db)
    assert code == cli.EXIT_FAILED and "projects has no column budget" in err
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    code, out, err = run(capsys, "mapping", "save", "broken", "--file", broken, "--db", db)
    assert code == cli.EXIT_FAILED
    no_traceback(out, err)


def test_import_with_a_saved_mapping(db, engine, tmp_path, capsys):
    """A file shaped like the Canadian government's project list, imported by the mapping:
    its amounts are Canadian dollars, refused in euros and read once the currency is CAD."""
    run(capsys, "mapping", "save", "canada", "--file", CANADA_MAPPING, "--db", db)
    path = tmp_path / "gc-projects.csv"
    path.write_text(
        "deptAcronym,uniqueId,department,latestProjectName,latestDescription,latestBudget,"
        "originalEstimatedCompletionDate,latestEstimatedCompletionDate,estimatedStatus\r\n"
        'aafc,aafc-crm,Agriculture and Agri-Food Canada,CRM,"First line\r\nsecond line",'
        '"$2,812,101","July 31, 2022","March 31, 2023",behind schedule\r\n'
        "cra,cra-tax,Canada Revenue Agency,Tax platform,,,,,completed\r\n",
        encoding="utf-8",
    )
    before = snapshot(engine)
    code, out, err = run(capsys, "import", path, "--mapping", "canada", "--db", db)
    assert code == cli.EXIT_FAILED
    assert (
        "gc-projects.csv, sheet 'gc-projects', column 'latestBudget': amounts in USD ($) on 1 "
        "row (row 2), but the organisation's currency is EUR. Convert them or change the "
        "setting 'currency'."
    ) in out
    assert "Nothing was changed." in out
    assert snapshot(engine) == before

    (tmp_path / "steerco.toml").write_text('currency = "CAD"\n')  # the directory it runs in
    code, out, err = run(capsys, "import", path, "--mapping", "canada", "--db", db)
    assert code == 0, out + err
    assert "projects         added       2" in out
    stored = current(engine, "projects").set_index("project_id")
    crm = stored.loc["aafc-crm"]
    assert (crm["name"], crm["portfolio"], crm["programme"], crm["phase"]) == (
        "CRM",
        "Agriculture and Agri-Food Canada",
        "aafc",
        "Execution",
    )
    assert crm["approved_budget"] == 2_812_101.0
    assert crm["baseline_end_date"] == pd.Timestamp("2022-07-31")
    assert crm["forecast_end_date"] == pd.Timestamp("2023-03-31")
    assert crm["description"] == "First line\r\nsecond line"
    tax = stored.loc["cra-tax"]
    assert tax["phase"] == "Closed"
    assert pd.isna(tax["approved_budget"]) and pd.isna(tax["forecast_end_date"])


@pytest.mark.parametrize(
    ("wanted", "said"),
    [("9999-12-31", "outside the data"), ("1900-01-01", "outside the data"), (None, "")],
)
def test_pack_as_of_is_moved_into_the_data(db, capsys, wanted, said):
    from data_access import queries
    from data_access.filters import today

    engine = store_engine.create_engine(db)
    got = cli._answerable_as_of(engine, date.fromisoformat(wanted) if wanted else None)
    first = queries.first_data_day(engine)
    engine.dispose()
    assert got == (first if wanted == "1900-01-01" else today())
    err = capsys.readouterr().err
    assert (said in err) if said else err == ""


# --------------------------------------------------------------------------- proposed mappings

REAL = ROOT / "tests" / "data" / "real"


def test_mapping_suggest_prints_the_proposal_with_its_evidence_and_the_json(db, capsys):
    code, out, err = run(
        capsys, "mapping", "suggest", REAL / "raid_workbook_registers.xlsx", "--dataset", "raid",
        "--db", db,
    )  # fmt: skip
    assert code == 0, err
    assert "Sheet 'Risk Register'; header in row 3" in out
    assert "  type        = Risk (from the sheet name 'Risk Register')" in out
    assert "  raid_id     ← 'Risk ID' (header 'Risk ID' is a usual name for raid_id" in out
    assert "'Change Requests': its headers fit raid log poorly" in out
    spec = json.loads(out.strip().splitlines()[-1])
    assert sorted(spec["sheets"]) == ["Actions", "Issue Register", "Risk Register"]
    assert spec["sheets"]["Actions"]["constants"] == {"type": "Action"}
    assert snapshot_unchanged_by_suggest(db)


def snapshot_unchanged_by_suggest(db: str) -> bool:
    """A suggestion writes nothing: the store still holds no mapping."""
    engine = store_engine.create_engine(db)
    with engine.connect() as conn:
        saved = pd.read_sql("SELECT name FROM steerco_mappings", conn)
    engine.dispose()
    return saved.empty


def test_import_auto_map_with_set_imports_a_list_with_a_preamble_and_no_phase(db, capsys, engine):
    before = len(current(engine, "projects"))
    code, out, err = run(
        capsys, "import", REAL / "us_itdashboard_projects_preamble.csv", "--dataset", "projects",
        "--auto-map", "--set", "phase=Execution", "--db", db,
    )  # fmt: skip
    assert code == 0, err
    assert "header in row 6: below 5 rows of preamble" in out
    assert "  phase             = Execution (set by you)" in out
    assert "committed as import #" in out
    stored = current(engine, "projects")
    assert len(stored) == before + 40
    row = stored[stored["project_id"] == "656"].iloc[0]
    assert row["name"] == "Operations" and row["phase"] == "Execution"


def test_import_auto_map_without_the_missing_value_is_refused_and_says_what_to_set(
    db, capsys, engine
):
    before = snapshot(engine)
    code, out, err = run(
        capsys, "import", REAL / "us_itdashboard_projects.csv", "--dataset", "projects",
        "--auto-map", "--db", db,
    )  # fmt: skip
    assert code == 1
    assert "phase             — missing (required): give it with --set phase=…" in out
    assert "has no column for projects.phase, which is required" in out
    assert "Nothing was changed." in out
    assert snapshot(engine) == before
    no_traceback(out, err)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--auto-map"], "name the dataset the file holds: --dataset NAME"),
        (["--auto-map", "--dataset", "nonsense"], "there is no dataset 'nonsense'"),
        (["--dataset", "projects", "--set", "colour=red"], "projects has no column colour"),
        (["--dataset", "projects", "--set", "phase"], "--set phase: write COLUMN=VALUE"),
    ],
)
def test_auto_map_mistakes_are_said_and_change_nothing(db, capsys, engine, argv, message):
    before = snapshot(engine)
    code, out, err = run(capsys, "import", REAL / "us_itdashboard_projects.csv", *argv, "--db", db)
    assert code == 1 and message in err, err
    assert snapshot(engine) == before
    no_traceback(out, err)


def test_an_auto_map_that_rewrites_much_of_the_store_waits_for_yes(db, capsys, engine, tmp_path):
    raid = current(engine, "raid")
    raid = raid.assign(title="Renamed " + raid["raid_id"])
    path = tmp_path / "raid.xlsx"
    path.write_bytes(template_bytes(datasets=["raid"], sample={"raid": raid}))
    before = snapshot(engine)
    code, out, _ = run(capsys, "import", path, "--dataset", "raid", "--auto-map", "--db", db)
    assert code == 1 and "without a confirmation" in out and snapshot(engine) == before
    code, out, err = run(
        capsys, "import", path, "--dataset", "raid", "--auto-map", "--yes", "--db", db
    )
    assert code == 0, err
    assert set(current(engine, "raid")["title"]) == set(raid["title"])
