"""A project manager's whole import, in the real browser: template → fill → upload → fix the
errors → preview → commit → history → roll back; and "Download my projects" → one cell edited
in Excel → upload → the preview lists exactly that change → commit.

Set ``STEERCO_SHOTS=DIR`` to keep a screenshot of every step (for looking at the page).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from data_access import engine as store_engine
from tests.support.app_server import StreamlitServer
from tests.support.browser import (
    VIEWPORT,
    Shots,
    assert_no_exception,
    choose,
    click_first_grid_row,
    download_from_menu,
    upload_file,
    wait_for_app,
)

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
NEW_RISK = "RAID-E2E-1"
REAL_RAID_BOOK = ROOT / "tests" / "data" / "real" / "raid_workbook_registers.xlsx"


@pytest.fixture(scope="module")
def import_app(app_db_path, tmp_path_factory):
    """An app of its own: this flow writes to the store."""
    copy = tmp_path_factory.mktemp("importdb") / "steerco.sqlite"
    shutil.copy(app_db_path, copy)
    url = f"sqlite:///{copy}"
    with StreamlitServer(cwd=ROOT, env={store_engine.DB_URL_ENV: url}) as server:
        yield server, url


@pytest.fixture
def page(browser, import_app):
    """A page of its own app (the shared Chromium from tests/e2e/conftest.py)."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def _fill_template(template: Path, out: Path, project_id: str, probability: object) -> Path:
    """What a PM does in Excel: one new risk on the RAID sheet, the other sheets left empty."""
    book = openpyxl.load_workbook(template)
    sheet = book["raid"]
    headers = [c.value for c in sheet[1]]
    values = {
        "raid_id": NEW_RISK,
        "project_id": project_id,
        "type": "Risk",
        "title": "Data centre move slips into Q2",
        "category": "Delivery",
        "probability": probability,
        "impact": 5,
        "owner": "Ann Peeters",
        "response": "Book the second migration window now",
        "status": "Open",
        "raised_date": "15/11/2026",
        "due_date": "2026-12-20",
        "for_committee": "yes",
    }
    sheet.append([values.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    out.write_bytes(buffer.getvalue())
    return out


def _raid_ids(url: str, project_id: str) -> set[str]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        ids = conn.execute(
            sa.text("SELECT raid_id FROM raid WHERE project_id = :p"), {"p": project_id}
        ).scalars()
        result = set(ids)
    engine.dispose()
    return result


def test_a_pm_imports_a_filled_template_and_rolls_it_back(page, import_app, tmp_path):
    server, url = import_app
    shot = Shots(page, "import")
    project = "PRJ-001"
    before = _raid_ids(url, project)
    assert NEW_RISK not in before and before, "the sample gives PRJ-001 RAID items"

    page.goto(server.url("/data"))  # the first page of a fresh server: a deep link
    wait_for_app(page)
    assert_no_exception(page)
    nav = page.get_by_test_id("stSidebarNav").inner_text()
    assert "Overview" in nav and "Data" in nav and "app" not in nav.split()
    shot("start")

    # 1. the template
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Download the template")).click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    assert openpyxl.load_workbook(template).sheetnames[0] == "Instructions"

    # 2. a file with a mistake: probability 9 on the 1–5 scale, refused with row and column
    wrong = _fill_template(template, tmp_path / "risks.xlsx", project, 9)
    upload_file(page, wrong)
    page.get_by_text(re.compile(r"risks\.xlsx: 1 error\(s\).*Nothing was changed")).wait_for()
    problems = page.get_by_test_id("stDataFrame").filter(has_text="").nth(1)
    problems.wait_for()
    assert_no_exception(page)
    shot("error")
    with page.expect_download() as listing:
        page.get_by_role("button", name=re.compile("Download the list of problems")).click()
    listed = tmp_path / "problems.xlsx"
    listing.value.save_as(listed)
    rows = list(openpyxl.load_workbook(listed).active.iter_rows(values_only=True))
    text = " | ".join(str(v) for row in rows for v in row if v is not None)
    assert "raid" in text and "probability" in text and "9" in text and "out of range" in text
    assert _raid_ids(url, project) == before

    # 3. fixed: the preview shows what will change; the scope switch, off, says first what
    # it would remove, and switched on adds those removals to the commit
    fixed = _fill_template(template, tmp_path / "risks-fixed.xlsx", project, 4)
    upload_file(page, fixed)
    page.get_by_text("What will change").wait_for()
    page.get_by_role("button", name="Commit 1 change(s)").wait_for()
    page.get_by_text(
        f"Switched on, the rows of projects {project} in RAID log that this file does not "
        f"list would be removed: {len(before)} row(s)."
    ).wait_for()
    shot("preview-add-only")
    page.get_by_text("Remove stored rows that the file no longer lists").click()
    page.get_by_role("button", name=f"Commit {1 + len(before)} change(s)").wait_for()
    shot("preview-replace")
    page.get_by_text("Remove stored rows that the file no longer lists").click()
    page.get_by_role("button", name="Commit 1 change(s)").wait_for()
    assert _raid_ids(url, project) == before, "nothing is written before the commit"

    # 4. commit
    page.get_by_role("button", name="Commit 1 change(s)").click()
    success = page.get_by_text(re.compile(r"Import #(\d+) committed: 1 added, 0 changed"))
    success.wait_for()
    import_id = int(re.search(r"#(\d+)", success.inner_text()).group(1))
    assert_no_exception(page)
    shot("committed")
    assert _raid_ids(url, project) == before | {NEW_RISK}

    # the next file starts with the switch off again (add and update only): one change
    # (the new risk re-scored), not the removal of every other item
    again = _fill_template(template, tmp_path / "risks-again.xlsx", project, 3)
    upload_file(page, again)
    page.get_by_role("button", name="Commit 1 change(s)").wait_for()
    assert_no_exception(page)

    # 5. history: the newest import is ours; open it and roll it back
    page.get_by_role("tab", name="History").click()
    history = page.get_by_test_id("stDataFrame").filter(visible=True).first
    click_first_grid_row(page, history)
    page.get_by_role("heading", name=f"Import #{import_id}").wait_for()
    shot("history")
    page.get_by_text(f"I want to undo import #{import_id}").click()
    page.get_by_role("button", name=f"Roll back import #{import_id}").click()
    try:
        page.get_by_text(re.compile(rf"Import #{import_id} rolled back")).wait_for()
    finally:
        shot("after-rollback-click")
    assert_no_exception(page)
    shot("rolled-back")
    assert _raid_ids(url, project) == before


def test_a_pm_accepts_the_proposed_mapping_saves_it_and_imports(page, import_app, tmp_path):
    """A Dutch PMO export with its own headers: Steerco proposes the mapping (codes → id,
    Titel → name, Stadium → phase, amounts → budget), the PM saves it and imports."""
    server, url = import_app
    shot = Shots(page, "import")
    export = tmp_path / "pmo-export.csv"
    export.write_text(
        "Code;Titel;Stadium;Budget\n"
        "PRJ-NL-1;Nieuw klantportaal;Execution;1.250.000\n"
        "PRJ-NL-2;Archief digitaliseren;Planning;80.000\n",
        encoding="utf-8",
    )
    page.goto(server.url("/data"))
    wait_for_app(page)
    choose(page, "Dataset", "Projects")
    upload_file(page, export)
    page.get_by_text("Steerco proposes these columns").wait_for()
    page.get_by_text("Sheet 'pmo-export' → Projects").wait_for()
    assert_no_exception(page)
    shot("mapping-proposed")
    page.get_by_label("Save this mapping as").fill("pmo-nl-export")
    page.get_by_role("button", name="Use this mapping").click()
    page.get_by_text("What will change").wait_for()
    shot("mapping-applied")
    page.get_by_text("no dataset of this file removes rows").wait_for()  # projects: no switch
    page.get_by_role("button", name="Commit 2 change(s)").click()
    page.get_by_text(re.compile(r"Import #\d+ committed: 2 added")).wait_for()
    assert_no_exception(page)

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        budgets = dict(
            conn.execute(
                sa.text("SELECT project_id, approved_budget FROM projects WHERE name LIKE :n"),
                {"n": "%i%"},
            ).all()
        )
        spec = conn.execute(
            sa.text("SELECT dataset FROM steerco_mappings WHERE name = 'pmo-nl-export'")
        ).scalar_one()
    engine.dispose()
    assert budgets["PRJ-NL-1"] == 1_250_000 and budgets["PRJ-NL-2"] == 80_000
    assert spec == "projects"


def test_my_projects_round_trip_changes_exactly_the_edited_cell(page, import_app, tmp_path):
    """Download my projects, change one milestone's forecast date in Excel, upload it back:
    the preview lists that field alone, before → after, and the commit writes it."""
    server, url = import_app
    shot = Shots(page, "my-projects")
    page.goto(server.url("/data"))
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my projects (.xlsx)").click()
    assert re.fullmatch(
        r"steerco_my_projects_\d{4}-\d{2}-\d{2}\.xlsx", download.value.suggested_filename
    )
    mine = tmp_path / download.value.suggested_filename
    download.value.save_as(mine)
    book = openpyxl.load_workbook(mine)
    assert book.sheetnames[:5] == [
        "Instructions",
        "projects",
        "status_reports",
        "milestones",
        "raid",
    ]

    # uploaded back unchanged: nothing to commit
    upload_file(page, mine)
    page.get_by_text(
        "The file is identical to the stored data: there is nothing to commit."
    ).wait_for()
    assert_no_exception(page)
    shot("unchanged")

    # one cell edited in Excel
    sheet = book["milestones"]
    headers = [c.value for c in sheet[1]]
    milestone = sheet.cell(2, headers.index("milestone_id") + 1).value
    sheet.cell(2, headers.index("forecast_date") + 1).value = date(2027, 3, 31)
    edited = tmp_path / "my-projects-edited.xlsx"
    book.save(edited)
    upload_file(page, edited)
    page.get_by_role("button", name="Commit 1 change(s)").wait_for()
    changed = page.get_by_test_id("stExpander").filter(has_text="Milestones: 0 added, 1 changed")
    changed.wait_for()
    assert page.get_by_test_id("stExpander").filter(has_text=re.compile(r"\d+ added")).count() == 1
    changed.get_by_text("Milestones: 0 added, 1 changed").click()
    listing = download_from_menu(
        page, changed.get_by_role("button", name="Download", exact=True).first, "CSV"
    )
    rows = list(csv.reader(io.StringIO(listing.decode("utf-8-sig"))))
    assert rows[0] == ["Key", "Column", "Before → after"]
    ((key, column, change),) = rows[1:]
    assert (key, column) == (milestone, "forecast_date")
    assert change.endswith(" → 31 Mar 2027")
    shot("one-change")

    page.get_by_role("button", name="Commit 1 change(s)").click()
    page.get_by_text(re.compile(r"Import #\d+ committed: 0 added, 1 changed, 0 removed")).wait_for()
    assert_no_exception(page)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(
            sa.text("SELECT forecast_date FROM milestones WHERE milestone_id = :m"),
            {"m": milestone},
        ).scalar_one()
    engine.dispose()
    assert str(stored).startswith("2027-03-31")


def test_a_pm_uploads_the_raid_workbook_they_already_have(page, import_app):
    """One sheet per register, a title line above each table: the proposal reads each
    register with its type, the PM accepts it in one screen, previews and commits."""
    server, url = import_app
    shot = Shots(page, "import-raid")
    page.goto(server.url("/data"))
    wait_for_app(page)
    choose(page, "Dataset", "RAID log")
    upload_file(page, REAL_RAID_BOOK)
    page.get_by_text("Sheet 'Risk Register' → RAID log · header on row 3").wait_for()
    page.get_by_text("Sheet 'Actions' → RAID log").wait_for()
    page.get_by_text("Sheet 'Instructions' is left out: instructions sheet").wait_for()
    assert_no_exception(page)
    shot(
        "proposal",
        sizes=((1280, 720), (1600, 900)),
        focus=page.get_by_text("Sheet 'Risk Register' → RAID log"),
    )
    page.get_by_role("button", name="Use this mapping").click()
    page.get_by_text("What will change").wait_for()
    shot("preview", sizes=((1280, 720),))
    page.get_by_role("button", name="Commit 18 change(s)").click()
    page.get_by_text(re.compile(r"Import #\d+ committed: 18 added")).wait_for()
    assert_no_exception(page)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        types = dict(
            conn.execute(
                sa.text("SELECT raid_id, type FROM raid WHERE raid_id IN ('R-01', 'I-01', 'A-01')")
            ).all()
        )
    engine.dispose()
    assert types == {"R-01": "Risk", "I-01": "Issue", "A-01": "Action"}


def test_a_list_that_runs_across_shows_its_reading_and_its_value_translations(page, import_app):
    """The Canadian list turned on its side: the switch says it is read across, the status
    words are read as phases; the preview shows the projects (nothing committed)."""
    server, _ = import_app
    shot = Shots(page, "import-across")
    page.goto(server.url("/data"))
    wait_for_app(page)
    choose(page, "Dataset", "Projects")
    upload_file(page, REAL_RAID_BOOK.with_name("canada_it_projects_transposed.xlsx"))
    heading = page.get_by_text("Sheet 'Projects' → Projects · read across")
    heading.wait_for()
    switch = page.get_by_role("switch", name="Read across: one column per record")
    assert switch.is_checked()
    page.get_by_text("Values of 'estimatedStatus' read as phase (2)").wait_for()
    assert_no_exception(page)
    shot("proposal", sizes=((1280, 720), (1600, 900)), focus=heading)
