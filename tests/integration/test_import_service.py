"""One import from end to end (read → map → check → commit) on a real store, both backends.

What a PM sees when they upload a good file (it arrives, a second upload of the same file
changes nothing, a RAID sheet replaces its project's items) and when they upload a bad or
hostile one: a message naming the file (and sheet, row and column where it applies), a store
exactly as it was, and the refusal in the import log.

Every file is built here in memory (the template module, openpyxl, zipfile, bytes).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import openpyxl
import pandas as pd
import pytest

from data_access import schema, versioning
from data_access.ingest import limits, service
from data_access.ingest.reader import sha256_of
from data_access.template import template_bytes
from tests.support.store_state import current, import_log, snapshot

# --------------------------------------------------------------------------- store helpers


def raid_of(frames, project_id: str) -> pd.DataFrame:
    raid = frames["raid"]
    return raid[raid["project_id"] == project_id].reset_index(drop=True)


def busiest_project(frames) -> str:
    return frames["raid"]["project_id"].value_counts().index[0]


# --------------------------------------------------------------------------- file helpers


def xlsx(build: Callable[[openpyxl.Workbook], None]) -> bytes:
    workbook = openpyxl.Workbook()
    build(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rezip(
    data: bytes,
    *,
    edit: dict[str, Callable[[bytes], bytes]] | None = None,
    add: dict[str, bytes] | None = None,
) -> bytes:
    """The same ZIP with some parts rewritten and some added."""
    edit, add = edit or {}, add or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename in edit:
                content = edit[info.filename](content)
            target.writestr(info.filename, content)
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def sheet_part(data: bytes, sheet: str) -> str:
    """The ZIP part of a worksheet, found through workbook.xml and its relationships."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="([^"]+)"', workbook)
    target = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels)
    if not target:
        target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    path = target.group(1)
    return path.lstrip("/") if path.startswith("/") else f"xl/{path}"


def forge_central_directory(data: bytes, part: str, *, file_size: int) -> bytes:
    """Make the ZIP's central directory claim another uncompressed size for ``part``."""
    forged = bytearray(data)
    position = 0
    while (position := forged.find(b"PK\x01\x02", position)) >= 0:
        name_length = struct.unpack_from("<H", forged, position + 28)[0]
        if forged[position + 46 : position + 46 + name_length] == part.encode():
            struct.pack_into("<I", forged, position + 24, file_size)
        position += 4
    return bytes(forged)


def inject_doctype(doctype: bytes) -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        return doctype + re.sub(rb"^<\?xml[^>]*\?>", b"", xml.lstrip())

    return edit


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)
EXTERNAL_ENTITY = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def new_project(project_id: str = "PRJ-900", **values) -> dict:
    row = {
        "project_id": project_id,
        "name": "Identity platform renewal",
        "programme": "Security",
        "portfolio": "Operations",
        "phase": "Planning",
        "methodology": "Agile",
        "priority": "High",
        "start_date": date(2026, 9, 1),
        "baseline_end_date": date(2027, 6, 30),
        "forecast_end_date": date(2027, 7, 31),
        "approved_budget": 450_000.0,
        "percent_complete": 10.0,
        "business_value": 4,
    }
    row.update(values)
    return row


def projects_template(frame: pd.DataFrame) -> bytes:
    return template_bytes(datasets=["projects"], sample={"projects": frame})


# --------------------------------------------------------------------------- good files


def test_filled_template_imports_and_shows_in_the_store(writable_engine, small_frames):
    projects = small_frames["projects"].head(3).copy()
    projects.loc[0, "name"] = "SD-WAN for all offices"
    projects = pd.concat([projects, pd.DataFrame([new_project()])], ignore_index=True)
    raid = pd.DataFrame(
        [
            {
                "raid_id": "RAID-900-1",
                "project_id": "PRJ-900",
                "type": "Risk",
                "title": "Directory migration slips",
                "status": "Open",
                "probability": 3,
                "impact": 4,
                "raised_date": date(2026, 10, 1),
            }
        ]
    )
    data = template_bytes(
        datasets=["projects", "raid"], sample={"projects": projects, "raid": raid}
    )

    report = service.run_import(writable_engine, data, "portfolio-update.xlsx", user_name="pm1")

    assert not report.refused, [str(p) for p in report.problems]
    assert report.committed
    assert report.changes.summary() == {
        "projects": {"added": 1, "changed": 1, "removed": 0, "unchanged": 2},
        "raid": {"added": 1, "changed": 0, "removed": 0, "unchanged": 0},
    }
    stored = current(writable_engine, "projects").set_index("project_id")
    assert stored.loc["PRJ-001", "name"] == "SD-WAN for all offices"
    new = stored.loc["PRJ-900"]
    assert (new["name"], new["phase"], new["approved_budget"]) == (
        "Identity platform renewal",
        "Planning",
        450_000.0,
    )
    assert new["forecast_end_date"] == pd.Timestamp("2027-07-31")
    assert len(stored) == len(small_frames["projects"]) + 1
    stored_raid = current(writable_engine, "raid").set_index("raid_id")
    assert stored_raid.loc["RAID-900-1", "title"] == "Directory migration slips"
    with writable_engine.connect() as conn:
        record = versioning.import_record(conn, report.result.import_id)
    assert record["outcome"] == schema.OUTCOME_COMMITTED
    assert (record["source"], record["sha256"], record["user_name"]) == (
        "portfolio-update.xlsx",
        sha256_of(data),
        "pm1",
    )
    assert (record["rows_added"], record["rows_changed"], record["rows_removed"]) == (2, 1, 0)
    assert set(record["datasets"].split(",")) == {"projects", "raid"}


def test_uploading_the_identical_file_again_changes_nothing(writable_engine, small_frames):
    projects = small_frames["projects"].head(5).copy()
    projects.loc[1, "percent_complete"] = 93.0
    data = projects_template(projects)
    first = service.run_import(writable_engine, data, "projects.xlsx")
    assert first.committed
    before = snapshot(writable_engine)

    again = service.run_import(writable_engine, data, "projects.xlsx")

    assert not again.refused
    assert again.result.outcome == schema.OUTCOME_UNCHANGED
    assert again.changes.is_empty
    assert again.changes.summary()["projects"]["unchanged"] == 5
    assert snapshot(writable_engine) == before
    latest = import_log(writable_engine).iloc[0]
    assert (latest["import_id"], latest["outcome"]) == (
        again.result.import_id,
        schema.OUTCOME_UNCHANGED,
    )


def test_the_unchanged_sample_uploaded_as_a_template_changes_nothing(writable_engine, small_frames):
    """The whole small portfolio written into the template and read back: every value makes
    the round trip, so the store sees no change at all."""
    frames = {n: f for n, f in small_frames.items() if n not in ("tickets", "meetings")}
    data = template_bytes(sample=frames)
    before = snapshot(writable_engine)

    report = service.run_import(writable_engine, data, "everything.xlsx")

    assert not report.refused, [str(p) for p in report.problems.errors[:5]]
    changed = {
        n: c for n, c in report.changes.summary().items() if c["unchanged"] != len(frames[n])
    }
    assert changed == {}
    assert report.result.outcome == schema.OUTCOME_UNCHANGED
    assert snapshot(writable_engine) == before


def test_meetings_uploaded_again_are_unchanged(writable_engine, small_frames):
    data = template_bytes(datasets=["meetings"], sample={"meetings": small_frames["meetings"]})
    before = snapshot(writable_engine)

    report = service.run_import(writable_engine, data, "meetings.xlsx")

    assert not report.refused, [str(p) for p in report.problems.errors[:3]]
    assert report.result.outcome == schema.OUTCOME_UNCHANGED
    assert snapshot(writable_engine) == before


@pytest.mark.parametrize("replace_scope", [True, False], ids=["replace-scope", "keep-missing"])
def test_raid_sheet_of_one_project_replaces_its_items_unless_told_to_keep_them(
    writable_engine, small_frames, replace_scope
):
    project = busiest_project(small_frames)
    mine = raid_of(small_frames, project)
    dropped = mine.loc[len(mine) - 1, "raid_id"]
    others_before = current(writable_engine, "raid").query("project_id != @project")
    data = template_bytes(datasets=["raid"], sample={"raid": mine.iloc[:-1]})

    report = service.run_import(
        writable_engine, data, f"raid-{project}.xlsx", replace_scope=replace_scope
    )

    assert report.committed is replace_scope
    stored = current(writable_engine, "raid")
    ids = set(stored["raid_id"])
    assert set(mine["raid_id"].iloc[:-1]) <= ids
    if replace_scope:
        assert dropped not in ids
        assert report.changes.summary()["raid"] == {
            "added": 0,
            "changed": 0,
            "removed": 1,
            "unchanged": len(mine) - 1,
        }
        removed = report.changes.datasets["raid"].removed
        assert removed["raid_id"].tolist() == [dropped]
    else:
        assert dropped in ids
        assert report.changes.is_empty
        assert report.result.outcome == schema.OUTCOME_UNCHANGED
    # Items of other projects are outside the scope of this project's sheet, either way.
    pd.testing.assert_frame_equal(
        stored.query("project_id != @project").reset_index(drop=True),
        others_before.reset_index(drop=True),
    )


def test_dry_run_shows_the_changes_and_writes_nothing(writable_engine, small_frames):
    project = busiest_project(small_frames)
    mine = raid_of(small_frames, project)
    mine.loc[0, "title"] = "Vendor contract signed late"
    data = template_bytes(datasets=["raid"], sample={"raid": mine.iloc[:-1]})
    before, log_before = snapshot(writable_engine), import_log(writable_engine)

    report = service.run_import(writable_engine, data, "raid.xlsx", dry_run=True)

    assert not report.refused and report.dry_run and report.result is None
    assert report.changes.summary()["raid"] == {
        "added": 0,
        "changed": 1,
        "removed": 1,
        "unchanged": len(mine) - 2,
    }
    assert snapshot(writable_engine) == before
    pd.testing.assert_frame_equal(import_log(writable_engine), log_before)


def test_an_unchecked_mapping_that_changes_too_much_waits_for_a_confirmation(
    writable_engine, small_frames
):
    """Every stored RAID title rewritten by a file read with a proposed mapping: refused with
    the figures until confirmed; confirmed, it commits."""
    raid = small_frames["raid"].copy()
    raid["title"] = "Renamed " + raid["raid_id"]
    data = template_bytes(datasets=["raid"], sample={"raid": raid})
    before = snapshot(writable_engine)

    report = service.run_import(writable_engine, data, "raid.xlsx", confirm_above=0.2)

    assert report.refused and snapshot(writable_engine) == before
    (problem,) = report.problems.errors
    assert problem.message == (
        f"would change or remove {len(raid)} of the {len(raid)} stored raid rows (100%), more "
        "than the 20% an import with a proposed mapping may change without a confirmation"
    )
    confirmed = service.run_import(writable_engine, data, "raid.xlsx", confirm_above=None)
    assert confirmed.committed
    assert set(current(writable_engine, "raid")["title"]) == set(raid["title"])


def test_a_few_changes_by_a_proposed_mapping_need_no_confirmation(writable_engine, small_frames):
    raid = small_frames["raid"].copy()
    raid.loc[0, "title"] = "One title renamed"
    data = template_bytes(datasets=["raid"], sample={"raid": raid})
    report = service.run_import(writable_engine, data, "raid.xlsx", confirm_above=0.2)
    assert report.committed and report.changes.summary()["raid"]["changed"] == 1


def test_dry_run_of_a_bad_file_records_nothing_either(writable_engine):
    log_before = import_log(writable_engine)
    report = service.run_import(
        writable_engine, b"\x89PNG\r\n\x1a\n" + bytes(64), "x.xlsx", dry_run=True
    )
    assert report.refused
    pd.testing.assert_frame_equal(import_log(writable_engine), log_before)


def test_csv_in_windows_1252_is_read_with_a_warning_and_its_accents_intact(writable_engine):
    text = (
        "project_id;name;phase;portfolio;approved_budget\n"
        "PRJ-950;Café – Überweisung à Noël;Execution;Opérations;1 234,50 €\n"
    )
    report = service.run_import(writable_engine, text.encode("cp1252"), "projets.csv")

    assert report.committed, [str(p) for p in report.problems]
    warnings = [str(p) for p in report.problems.warnings]
    assert any("projets.csv" in w and "Windows-1252" in w for w in warnings)
    stored = current(writable_engine, "projects").set_index("project_id").loc["PRJ-950"]
    assert stored["name"] == "Café – Überweisung à Noël"
    assert stored["portfolio"] == "Opérations"
    assert stored["approved_budget"] == 1234.5


# --------------------------------------------------------------------------- formulas and links


def _with_cached_values(data: bytes, sheet: str, values: dict[str, tuple[str, str, str]]) -> bytes:
    """Give formula cells the formula and the value Excel would have saved with them.

    ``values`` maps a cell reference to (formula, cached value, cell type: "" or "str").
    """
    part = sheet_part(data, sheet)

    def edit(xml: bytes) -> bytes:
        for ref, (formula, cached, kind) in values.items():
            cell = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.S)
            t = b' t="' + kind.encode() + b'"' if kind else b""
            replacement = b'<c r="%s"%s><f>%s</f><v>%s</v></c>' % (
                ref.encode(),
                t,
                formula.encode(),
                cached.encode(),
            )
            xml, count = cell.subn(lambda _, r=replacement: r, xml, count=1)
            assert count == 1, ref
        return xml

    return rezip(data, edit={part: edit})


def _column_letter(name: str) -> str:
    index = schema.dataset("projects").column_names.index(name) + 1
    return openpyxl.utils.get_column_letter(index)


def test_formulas_and_links_give_the_values_saved_in_the_file(writable_engine):
    frame = pd.DataFrame(
        [new_project("PRJ-901", name="placeholder"), new_project("PRJ-902", approved_budget=1.0)]
    )
    data = projects_template(frame)
    name, budget = _column_letter("name"), _column_letter("approved_budget")
    data = _with_cached_values(
        data,
        "projects",
        {
            f"{name}2": ('"Data "&amp;"lake"', "Data lake", "str"),
            f"{budget}2": ("SUM(100000,25000)", "125000", ""),
            # A value taken from another workbook: the link is not followed.
            f"{budget}3": ("[1]Budgets!$B$7", "987654.5", ""),
        },
    )
    data = rezip(
        data,
        add={
            "xl/externalLinks/externalLink1.xml": (
                b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                b'main"><externalBook/></externalLink>'
            )
        },
    )

    report = service.run_import(writable_engine, data, "formulas.xlsx")

    assert report.committed, [str(p) for p in report.problems]
    warnings = " ".join(str(p) for p in report.problems.warnings)
    assert "links to other workbooks were not followed" in warnings
    stored = current(writable_engine, "projects").set_index("project_id")
    assert stored.loc["PRJ-901", "name"] == "Data lake"
    assert stored.loc["PRJ-901", "approved_budget"] == 125_000.0
    assert stored.loc["PRJ-902", "approved_budget"] == 987_654.5
    text_cells = [str(v) for v in stored.loc[["PRJ-901", "PRJ-902"]].to_numpy().ravel()]
    assert not any(("SUM(" in v or "[1]" in v or v.startswith("=")) for v in text_cells)


# --------------------------------------------------------------------------- currencies

FINANCE_HEADERS = ["project_id", "period", "category", "expense_type", "budget", "actual"]


def financials_xlsx(project_id: str, *amounts: tuple[object, object]) -> bytes:
    """A financials sheet of one project, a month of 2031 per (budget, actual): Excel rows
    2, 3, 4…; months no store holds, so that what arrives is told apart."""

    def build(book: openpyxl.Workbook) -> None:
        sheet = book.active
        sheet.title = "financials"
        sheet.append(FINANCE_HEADERS)
        for month, (budget, actual) in enumerate(amounts, start=1):
            sheet.append([project_id, f"2031-{month:02d}-01", "Software", "CAPEX", budget, actual])

    return xlsx(build)


def stored_amounts(engine, project_id: str) -> list[tuple[str, float, float]]:
    rows = current(engine, "financials")
    rows = rows[(rows["project_id"] == project_id) & (rows["period"].dt.year == 2031)]
    rows = rows.sort_values("period")
    periods = rows["period"].dt.strftime("%Y-%m").tolist()
    return list(zip(periods, rows["budget"].tolist(), rows["actual"].tolist(), strict=True))


def test_euros_and_dollars_in_one_column_are_refused_and_nothing_is_written(
    writable_engine, small_frames
):
    project = small_frames["projects"]["project_id"].iloc[0]
    data = financials_xlsx(
        project, ("€ 1 000", "€ 100"), ("€ 1 000", "$120"), (1000, "€ 90"), ("€ 1 000", "$80")
    )
    before, log_before = snapshot(writable_engine), import_log(writable_engine)

    checked = service.run_import(
        writable_engine, data, "budget-2031.xlsx", currency="EUR", dry_run=True
    )
    assert checked.refused and checked.changes is None
    pd.testing.assert_frame_equal(import_log(writable_engine), log_before)  # a check logs nothing

    report = service.run_import(writable_engine, data, "budget-2031.xlsx", currency="EUR")

    assert report.refused and report.result is None
    said = (
        "budget-2031.xlsx, sheet 'financials', column 'actual': amounts in USD ($) on 2 rows "
        "(rows 3, 5), but the organisation's currency is EUR. Convert them or change the "
        "setting 'currency'."
    )
    assert [str(p) for p in report.problems.errors] == [said]
    assert [str(p) for p in checked.problems.errors] == [said]
    assert snapshot(writable_engine) == before
    log = import_log(writable_engine)  # the refusal is recorded, as every refusal is
    assert len(log) == len(log_before) + 1
    latest = log.iloc[0]
    assert (latest["outcome"], latest["source"]) == (schema.OUTCOME_REFUSED, "budget-2031.xlsx")
    assert (latest["rows_added"], latest["rows_changed"], latest["rows_removed"]) == (0, 0, 0)
    assert latest["message"] == said


def test_dollar_amounts_are_refused_in_euros_and_arrive_in_dollars(writable_engine, small_frames):
    project = small_frames["projects"]["project_id"].iloc[1]
    data = financials_xlsx(project, ("$1,200.50", "USD 300"), ("$2,000", 40))
    before = snapshot(writable_engine)

    in_euros = service.run_import(writable_engine, data, "usd.xlsx", currency="EUR")

    assert in_euros.refused
    assert [(p.column, p.message.split(", but")[0]) for p in in_euros.problems.errors] == [
        ("budget", "amounts in USD ($) on 2 rows (rows 2, 3)"),
        ("actual", "amounts in USD on 1 row (row 2)"),
    ]
    assert snapshot(writable_engine) == before

    in_dollars = service.run_import(
        writable_engine, data, "usd.xlsx", currency="USD", replace_scope=False
    )

    assert in_dollars.committed, [str(p) for p in in_dollars.problems]
    assert in_dollars.changes.summary()["financials"]["added"] == 2
    assert stored_amounts(writable_engine, project) == [
        ("2031-01", 1200.5, 300.0),
        ("2031-02", 2000.0, 40.0),
    ]


def test_euro_marks_and_plain_numbers_arrive_as_amounts_in_euros(writable_engine, small_frames):
    project = small_frames["projects"]["project_id"].iloc[2]
    data = financials_xlsx(
        project, ("€ 1 200,50", "1.200,50 EUR"), (1200.5, "1 200,50"), ("12 euros", 7)
    )

    report = service.run_import(
        writable_engine, data, "eur.xlsx", currency="EUR", replace_scope=False
    )

    assert report.committed, [str(p) for p in report.problems]
    assert stored_amounts(writable_engine, project) == [
        ("2031-01", 1200.5, 1200.5),
        ("2031-02", 1200.5, 1200.5),
        ("2031-03", 12.0, 7.0),
    ]


# --------------------------------------------------------------------------- bad input


@dataclass
class Bad:
    """A bad upload and what the user must be told about it."""

    file_name: str
    make: Callable[[dict], bytes]
    says: tuple[str, ...]
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    kwargs: dict = field(default_factory=dict)


def _good_projects(frames) -> bytes:
    return projects_template(frames["projects"].head(3))


def _png(_frames) -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def _noise(_frames) -> bytes:
    return bytes((i * 7919 + 13) % 256 for i in range(5000))


def _truncated(frames) -> bytes:
    data = _good_projects(frames)
    return data[: len(data) // 2]


def _zip_bomb_ratio(_frames) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(20_000_000))  # ~1,000:1
    return out.getvalue()


def _zip_bomb_size(frames) -> bytes:
    data = _good_projects(frames)
    return forge_central_directory(
        data, sheet_part(data, "projects"), file_size=limits.MAX_UNCOMPRESSED_BYTES + 1
    )


def _billion_laughs(frames) -> bytes:
    return rezip(_good_projects(frames), edit={"xl/workbook.xml": inject_doctype(BILLION_LAUGHS)})


def _external_entity(frames) -> bytes:
    data = _good_projects(frames)
    return rezip(data, edit={sheet_part(data, "projects"): inject_doctype(EXTERNAL_ENTITY)})


def _xlsm(frames) -> bytes:
    return rezip(_good_projects(frames), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(64)})


def _xlsb(_frames) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/xl/workbook.bin" '
            'ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>',
        )
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
        archive.writestr("xl/worksheets/sheet1.bin", b"\x81\x01\x00")
    return out.getvalue()


def _absurd_dimension(frames) -> bytes:
    data = _good_projects(frames)

    def claim(xml: bytes) -> bytes:
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml)

    return rezip(data, edit={sheet_part(data, "projects"): claim})


def _far_cell(frames) -> bytes:
    data = _good_projects(frames)

    def far(xml: bytes) -> bytes:
        return xml.replace(b"</row>", b'<c r="XFD1048576"><v>1</v></c></row>', 1)

    return rezip(data, edit={sheet_part(data, "projects"): far})


def _blank_template(_frames) -> bytes:
    return template_bytes(datasets=["projects"])


def _empty_workbook(_frames) -> bytes:
    return xlsx(lambda wb: wb.create_sheet("Second"))


def _utf16_without_bom(_frames) -> bytes:
    return "project_id,name,phase\nPRJ-960,Alpha,Execution\n".encode("utf-16-le")


def _duplicate_keys_csv(_frames) -> bytes:
    return (
        b"project_id,name,phase\n"
        b"PRJ-960,Alpha,Execution\n"
        b"PRJ-961,Beta,Planning\n"
        b"PRJ-960,Gamma,Closed\n"
    )


def _duplicate_keys_xlsx(frames) -> bytes:
    projects = frames["projects"].head(3).copy()
    projects.loc[2, "project_id"] = projects.loc[0, "project_id"]
    return projects_template(projects)


def _unreadable_values(frames) -> bytes:
    """What a PM types into a date cell of the template (it has no validation for dates)."""
    book = openpyxl.load_workbook(io.BytesIO(_good_projects(frames)))
    book["projects"][f"{_column_letter('start_date')}3"] = "sometime soon"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _unknown_phase(frames) -> bytes:
    projects = frames["projects"].head(3).copy()
    projects.loc[2, "phase"] = "Dreaming"
    return projects_template(projects)


def _unknown_project(frames) -> bytes:
    raid = frames["raid"].head(2).copy()
    raid.loc[1, "project_id"] = "PRJ-404"
    return template_bytes(datasets=["raid"], sample={"raid": raid})


def _good_csv(_frames) -> bytes:
    return b"project_id,name,phase\nPRJ-970,Alpha,Execution\n"


BAD_INPUTS = {
    "png-renamed-xlsx": Bad("budget.xlsx", _png, ("a PNG image, not a spreadsheet",)),
    "random-bytes-xlsx": Bad("noise.xlsx", _noise, ("is damaged or not a real Excel workbook",)),
    "random-bytes-csv": Bad("noise.csv", _noise, ("could not be read as text",)),
    "truncated-xlsx": Bad("half.xlsx", _truncated, ("is damaged or not a real Excel workbook",)),
    "zip-bomb-ratio": Bad("zeros.xlsx", _zip_bomb_ratio, ("times its packed size", "ZIP bomb")),
    "zip-bomb-size": Bad("forged.xlsx", _zip_bomb_size, ("would unpack to", "ZIP bomb")),
    "billion-laughs": Bad(
        "laughs.xlsx", _billion_laughs, ("XML entity declarations", "xl/workbook.xml")
    ),
    "external-entity": Bad("xxe.xlsx", _external_entity, ("XML entity declarations",)),
    "xlsm-macros": Bad("tracker.xlsm", _xlsm, ("macro workbooks are not accepted", ".xlsx")),
    "xlsb": Bad("fast.xlsb", _xlsb, ("binary workbook (.xlsb)",)),
    "absurd-dimension": Bad(
        "huge.xlsx", _absurd_dimension, ("1,048,576 rows", "more than Steerco reads"), "projects"
    ),
    "far-cell": Bad("far.xlsx", _far_cell, ("has cells as far as row 1,048,576",), "projects"),
    "over-size-limit": Bad(
        "big.xlsx", _good_projects, ("over the 0.001 MB upload limit",), kwargs={"max_bytes": 1000}
    ),
    "no-data-rows": Bad(
        "blank-template.xlsx", _blank_template, ("no data rows",), "projects", row=1
    ),
    "empty-workbook": Bad("empty.xlsx", _empty_workbook, ("contains no data rows",)),
    "undecodable-csv": Bad("utf16.csv", _utf16_without_bom, ("Use UTF-8 or Windows-1252",)),
    "duplicate-keys-csv": Bad(
        "dup.csv", _duplicate_keys_csv, ("duplicate key", "PRJ-960"), "dup", 4, "project_id"
    ),
    "duplicate-keys-xlsx": Bad(
        "dup.xlsx", _duplicate_keys_xlsx, ("duplicate key", "PRJ-001"), "projects", 4, "project_id"
    ),
    "unreadable-date": Bad(
        "dates.xlsx",
        _unreadable_values,
        ("cannot be read as projects.start_date", "sometime soon"),
        "projects",
        3,
        "start_date",
    ),
    "value-not-allowed": Bad(
        "phase.xlsx",
        _unknown_phase,
        ("is not one of the allowed values", "Dreaming"),
        "projects",
        4,
        "phase",
    ),
    "unknown-project": Bad(
        "raid.xlsx",
        _unknown_project,
        ("refers to a project that does not exist", "PRJ-404"),
        "raid",
        3,
        "project_id",
    ),
    "unknown-dataset": Bad(
        "projects.csv", _good_csv, ("there is no dataset 'budgets'",), kwargs={"dataset": "budgets"}
    ),
    "unknown-mapping": Bad(
        "projects.csv",
        _good_csv,
        ("There is no mapping called 'jira-export'", "servicenow-incidents"),
        kwargs={"mapping": "jira-export"},
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_is_refused_clearly_changes_nothing_and_is_logged(
    writable_engine, small_frames, case
):
    data = case.make(small_frames)
    before, log_before = snapshot(writable_engine), import_log(writable_engine)

    report = service.run_import(writable_engine, data, case.file_name, **case.kwargs)

    assert report.refused and report.result is None
    errors = report.problems.errors
    first = errors[0]
    text = str(first)
    assert first.file == case.file_name and text.startswith(case.file_name)
    for fragment in case.says:
        assert fragment in text, text
    if case.sheet is not None:
        assert first.sheet == case.sheet and f"sheet '{case.sheet}'" in text
    if case.row is not None:
        assert first.row == case.row and f"row {case.row}" in text
    if case.column is not None:
        assert first.column == case.column and f"column '{case.column}'" in text

    assert snapshot(writable_engine) == before
    log = import_log(writable_engine)
    assert len(log) == len(log_before) + 1
    latest = log.iloc[0]
    assert latest["outcome"] == schema.OUTCOME_REFUSED
    assert latest["source"] == case.file_name
    assert latest["sha256"] == sha256_of(data)
    assert (latest["rows_added"], latest["rows_changed"], latest["rows_removed"]) == (0, 0, 0)
    assert case.says[0] in latest["message"]


def test_file_on_disk_over_the_size_limit_is_refused_before_it_is_read(
    writable_engine, small_frames, tmp_path
):
    path = tmp_path / "big.xlsx"
    path.write_bytes(_good_projects(small_frames))
    before = snapshot(writable_engine)

    report = service.import_path(writable_engine, path, max_bytes=1000)

    assert report.refused
    text = str(report.problems.errors[0])
    assert text.startswith("big.xlsx: ")
    assert "over the 0.001 MB upload limit" in text and "max_upload_mb" in text
    assert snapshot(writable_engine) == before
    latest = import_log(writable_engine).iloc[0]
    assert (latest["outcome"], latest["source"]) == (schema.OUTCOME_REFUSED, "big.xlsx")


def test_a_refused_sheet_refuses_the_whole_file(writable_engine, small_frames):
    """A good projects sheet next to a bad RAID sheet: nothing of either is written."""
    projects = small_frames["projects"].head(2).copy()
    projects.loc[0, "name"] = "Renamed"
    raid = small_frames["raid"].head(2).copy()
    raid.loc[1, "project_id"] = "PRJ-404"
    data = template_bytes(
        datasets=["projects", "raid"], sample={"projects": projects, "raid": raid}
    )
    before = snapshot(writable_engine)

    report = service.run_import(writable_engine, data, "mixed.xlsx")

    assert report.refused
    assert [(p.sheet, p.row) for p in report.problems.errors] == [("raid", 3)]
    assert snapshot(writable_engine) == before
    assert import_log(writable_engine).iloc[0]["outcome"] == schema.OUTCOME_REFUSED


def test_a_meeting_changed_in_the_file_is_one_change_and_rolls_back(writable_engine, small_frames):
    meetings = small_frames["meetings"].copy()
    meetings.loc[0, "notes"] = "Moved to the board room"
    data = template_bytes(datasets=["meetings"], sample={"meetings": meetings})
    before_meetings = current(writable_engine, "meetings")

    report = service.run_import(writable_engine, data, "meetings.xlsx")

    assert report.committed, [str(p) for p in report.problems.errors[:3]]
    counts = report.changes.summary()["meetings"]
    assert (counts["added"], counts["changed"], counts["removed"]) == (0, 1, 0)
    versioning.rollback(writable_engine, report.result.import_id)
    assert current(writable_engine, "meetings").equals(before_meetings)
