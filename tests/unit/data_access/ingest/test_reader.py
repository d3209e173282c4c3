"""The reader: what a user sees when they upload a good, odd, broken or hostile file.

Every fixture is built here (openpyxl, zipfile, plain bytes) into memory; nothing binary is
committed. A refusal must be an ``IngestError`` whose text names the file and says what is
wrong; any other exception fails the test by itself.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import struct
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from data_access.ingest import limits, reader
from data_access.ingest.problems import IngestError
from data_access.ingest.reader import RawWorkbook, read_file, read_path, sha256_of

REPO = Path(__file__).resolve().parents[4]
REALDATA = REPO / ".." / "shared" / "realdata"
SERVICENOW_ZIP = REALDATA / "servicenow_incidents" / "incident_event_log.csv.zip"


# --------------------------------------------------------------------------- helpers


def xlsx(build: Callable[[openpyxl.Workbook], None]) -> bytes:
    """An .xlsx made by openpyxl; ``build`` fills the workbook (its first sheet is 'Sheet')."""
    workbook = openpyxl.Workbook()
    build(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def simple_xlsx() -> bytes:
    def build(wb: openpyxl.Workbook) -> None:
        ws = wb.active
        ws.append(["Project", "Budget"])
        ws.append(["Alpha", 100])

    return xlsx(build)


def with_shared_strings(data: bytes) -> bytes:
    """openpyxl writes strings inline; Excel puts them in xl/sharedStrings.xml. Convert."""
    strings: list[bytes] = []

    def to_index(match: re.Match[bytes]) -> bytes:
        strings.append(match.group(2))
        return match.group(1) + b't="s"><v>%d</v></c>' % (len(strings) - 1)

    def sheet(xml: bytes) -> bytes:
        return re.sub(
            rb'(<c r="[A-Z]+[0-9]+" )t="inlineStr"><is><t>([^<]*)</t></is></c>', to_index, xml
        )

    data = rezip(data, edit={"xl/worksheets/sheet1.xml": sheet})
    items = b"".join(b"<si><t>%s</t></si>" % text for text in strings)
    shared = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'count="%d" uniqueCount="%d">%s</sst>' % (len(strings), len(strings), items)
    )
    relationship = (
        b'<Relationship Id="rIdShared" Target="sharedStrings.xml" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
    )
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxml'
        b'formats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    return rezip(
        data,
        edit={
            "xl/_rels/workbook.xml.rels": lambda x: x.replace(b"</Relationships>", relationship),
            "[Content_Types].xml": lambda x: x.replace(b"</Types>", override),
        },
        add={"xl/sharedStrings.xml": shared},
    )


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


def set_sheet_data(sheet_data: bytes, dimension: bytes | None = None) -> Callable[[bytes], bytes]:
    """An edit that replaces sheet1.xml's <sheetData> (and optionally its <dimension>)."""

    def edit(xml: bytes) -> bytes:
        xml = re.sub(
            rb"<sheetData>.*</sheetData>|<sheetData\s*/>", lambda _: sheet_data, xml, flags=re.S
        )
        if dimension is not None:
            xml = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + dimension + b'"', xml)
        return xml

    return edit


def forge_central_directory(
    data: bytes, part: str, *, file_size: int | None = None, flags: int | None = None
) -> bytes:
    """Rewrite what the ZIP's central directory says about ``part`` (nothing else)."""
    forged = bytearray(data)
    position = 0
    while (position := forged.find(b"PK\x01\x02", position)) >= 0:
        name_length = struct.unpack_from("<H", forged, position + 28)[0]
        if forged[position + 46 : position + 46 + name_length] == part.encode():
            if file_size is not None:
                struct.pack_into("<I", forged, position + 24, file_size)
            if flags is not None:
                struct.pack_into("<H", forged, position + 8, flags)
        position += 4
    return bytes(forged)


def refused(data: bytes, name: str = "upload.xlsx", **kwargs) -> str:
    """The refusal a user sees; it must name the file."""
    with pytest.raises(IngestError) as raised:
        read_file(data, name, **kwargs)
    text = str(raised.value)
    assert name in text
    assert raised.value.problem.is_error
    return text


def only_sheet(workbook: RawWorkbook):
    assert len(workbook.sheets) == 1
    return workbook.sheets[0]


def cell(sheet, row_number: int, column_number: int):
    """The value at an Excel row number and column number (1 = A)."""
    return sheet.rows[row_number - sheet.first_row_number][column_number - 1]


# --------------------------------------------------------------------------- good workbooks


def test_workbook_with_two_sheets():
    def build(wb: openpyxl.Workbook) -> None:
        projects = wb.active
        projects.title = "projects"
        projects.append(["Project", "Budget", "Share", "Active"])
        projects.append(["Alpha", 1200, 0.25, True])
        projects.append(["Beta", 99.5, None, False])
        risks = wb.create_sheet("raid")
        risks.append(["ID", "Title"])
        risks.append(["R-1", "Supplier late"])

    data = xlsx(build)
    workbook = read_file(data, "portfolio.xlsx")
    assert (workbook.kind, workbook.file_name, workbook.size) == (
        "xlsx",
        "portfolio.xlsx",
        len(data),
    )
    assert workbook.sha256 == sha256_of(data) == reader.hashlib.sha256(data).hexdigest()
    assert [s.name for s in workbook.sheets] == ["projects", "raid"]
    projects, raid = workbook.sheets
    assert projects.first_row_number == 1
    assert projects.rows == [
        ["Project", "Budget", "Share", "Active"],
        ["Alpha", 1200, 0.25, True],
        ["Beta", 99.5, None, False],
    ]
    assert type(projects.rows[1][1]) is int  # Excel's 1200.0 comes back as a whole number
    assert raid.rows == [["ID", "Title"], ["R-1", "Supplier late"]]
    assert workbook.warnings == []


def test_title_rows_and_leading_gaps_keep_excel_row_and_column_numbers():
    def build(wb: openpyxl.Workbook) -> None:
        ws = wb.active
        ws.title = "Status"
        ws["B5"] = "Project"  # nothing above row 5, nothing in column A
        ws["C5"] = "RAG"
        ws["B6"] = "Alpha"
        ws["C6"] = "Green"
        ws["C9"] = "Red"  # after two empty rows
        titled = wb.create_sheet("Titled")
        titled["A1"] = "Portfolio status — November"
        titled["A3"] = "Project"
        titled["A4"] = "Alpha"

    workbook = read_file(xlsx(build), "status.xlsx")
    status, titled = workbook.sheets
    assert status.first_row_number == 5
    assert status.rows[0] == [None, "Project", "RAG"]
    assert cell(status, 6, 2) == "Alpha"
    assert cell(status, 9, 3) == "Red"
    assert len(status.rows) == 5
    assert {len(r) for r in status.rows} == {3}
    assert titled.first_row_number == 1
    assert titled.rows == [["Portfolio status — November"], [None], ["Project"], ["Alpha"]]


def test_merged_cells_take_the_top_left_value():
    def build(wb: openpyxl.Workbook) -> None:
        ws = wb.active
        ws["A1"], ws["B1"] = "Programme", "Budget"
        ws.merge_cells("B1:D1")  # a header spanning three columns
        ws["A2"] = "Cloud"
        ws.merge_cells("A2:A4")  # a programme spanning three rows
        for row in range(2, 5):
            ws.cell(row, 2, row * 10)
        ws["F2"] = "note"
        ws.merge_cells("F2:F30")  # runs past the last data row: filled down to row 4 only
        ws.merge_cells("J40:K41")  # empty, outside the data: ignored

    sheet = only_sheet(read_file(xlsx(build), "merged.xlsx"))
    assert sheet.rows[0][:4] == ["Programme", "Budget", "Budget", "Budget"]
    assert [cell(sheet, r, 1) for r in (2, 3, 4)] == ["Cloud", "Cloud", "Cloud"]
    assert [cell(sheet, r, 2) for r in (2, 3, 4)] == [20, 30, 40]
    assert [cell(sheet, r, 6) for r in (2, 3, 4)] == ["note", "note", "note"]
    assert (len(sheet.rows), len(sheet.rows[0])) == (4, 6)  # merged areas add no rows


def test_hidden_and_very_hidden_sheets_are_skipped_with_a_warning():
    def build(wb: openpyxl.Workbook) -> None:
        wb.active.append(["Project"])
        wb.create_sheet("Lookups").sheet_state = "hidden"
        wb.create_sheet("Secret").sheet_state = "veryHidden"

    workbook = read_file(xlsx(build), "hidden.xlsx")
    assert [s.name for s in workbook.sheets] == ["Sheet"]
    (warning,) = workbook.warnings
    assert not warning.is_error
    assert "'Lookups'" in str(warning) and "'Secret'" in str(warning)
    assert "hidden.xlsx" in str(warning)


def test_dates_times_and_numbers_keep_their_types():
    def build(wb: openpyxl.Workbook) -> None:
        ws = wb.active
        ws.append(["When", "Date", "Time", "Count", "Ratio", "Done"])
        ws.append(
            [dt.datetime(2026, 3, 31, 14, 30), dt.date(2026, 12, 31), dt.time(9, 15), 3, 0.5, True]
        )

    sheet = only_sheet(read_file(xlsx(build), "dates.xlsx"))
    when, day, clock, count, ratio, done = sheet.rows[1]
    assert when == dt.datetime(2026, 3, 31, 14, 30)
    assert isinstance(day, dt.date) and day == dt.date(2026, 12, 31)
    assert clock == dt.time(9, 15)
    assert (count, ratio, done) == (3, 0.5, True)
    assert type(count) is int and type(done) is bool


def test_workbook_whose_sheets_are_all_empty_gives_sheets_without_rows():
    def build(wb: openpyxl.Workbook) -> None:
        wb.create_sheet("Second")

    workbook = read_file(xlsx(build), "blank.xlsx")
    assert [(s.name, s.rows) for s in workbook.sheets] == [("Sheet", []), ("Second", [])]


def test_chart_sheet_gives_no_rows():
    def build(wb: openpyxl.Workbook) -> None:
        wb.active.append(["Month", "Tickets"])
        wb.active.append(["Jan", 3])
        wb.create_chartsheet("Chart")

    workbook = read_file(xlsx(build), "chart.xlsx")
    assert [(s.name, len(s.rows)) for s in workbook.sheets] == [("Sheet", 2), ("Chart", 0)]


def test_external_links_give_a_warning_and_the_saved_values():
    data = rezip(simple_xlsx(), add={"xl/externalLinks/externalLink1.xml": b"<externalLink/>"})
    workbook = read_file(data, "linked.xlsx")
    assert only_sheet(workbook).rows[1] == ["Alpha", 100]
    (warning,) = workbook.warnings
    assert "links to other workbooks were not followed" in warning.message
    assert "values saved in the file were used" in warning.message


def test_cells_without_references_are_placed_like_excel_does():
    """Some writers (the .NET Open XML SDK) leave out r="A1"; positions are implicit."""
    sheet_data = (
        b'<sheetData><row><c t="inlineStr"><is><t>Project</t></is></c>'
        b'<c t="inlineStr"><is><t>Budget</t></is></c></row>'
        b'<row><c t="inlineStr"><is><t>Alpha</t></is></c><c><v>5</v></c></row></sheetData>'
    )
    data = rezip(simple_xlsx(), edit={"xl/worksheets/sheet1.xml": set_sheet_data(sheet_data)})
    assert only_sheet(read_file(data, "sdk.xlsx")).rows == [["Project", "Budget"], ["Alpha", 5]]


def test_read_path_uses_the_file_name(tmp_path):
    path = tmp_path / "raid.xlsx"
    path.write_bytes(simple_xlsx())
    workbook = read_path(path)
    assert workbook.file_name == "raid.xlsx"
    assert only_sheet(workbook).rows[0] == ["Project", "Budget"]


# --------------------------------------------------------------------------- CSV


def test_csv_utf8():
    workbook = read_file("ID,Title,Owner\nR-1, Supplier late ,Zoë\nR-2,,\n".encode(), "raid.csv")
    assert workbook.kind == "csv"
    sheet = only_sheet(workbook)
    assert sheet.name == "raid"
    assert sheet.first_row_number == 1
    assert sheet.rows == [
        ["ID", "Title", "Owner"],
        ["R-1", "Supplier late", "Zoë"],
        ["R-2", None, None],
    ]
    assert workbook.warnings == []


def test_csv_utf8_with_bom():
    data = codecs.BOM_UTF8 + "Project;Budget\nÉté;1,5\n".encode()
    sheet = only_sheet(read_file(data, "projects.csv"))
    assert sheet.rows == [["Project", "Budget"], ["Été", "1,5"]]  # the BOM is not in the header


def test_csv_windows_1252_is_read_with_a_warning():
    data = "Project;Cost\nCafé;1 234,50 €\n".encode("cp1252")
    workbook = read_file(data, "costs.csv")
    assert only_sheet(workbook).rows == [["Project", "Cost"], ["Café", "1 234,50 €"]]
    (warning,) = workbook.warnings
    assert "Windows-1252 (not UTF-8)" in str(warning)
    assert "costs.csv" in str(warning)


def test_csv_semicolon_with_decimal_commas():
    text = "Project;Budget;Spent\nAlpha;1,5;2,25\nBeta;3;4,5\nGamma;10;\n"
    sheet = only_sheet(read_file(text.encode(), "budget.csv"))
    assert sheet.rows[1] == ["Alpha", "1,5", "2,25"]
    assert sheet.rows[3] == ["Gamma", "10", None]


@pytest.mark.parametrize("delimiter", ["\t", "|"])
def test_csv_tab_and_pipe_delimited(delimiter):
    text = delimiter.join(["Ticket", "Opened", "Note"]) + "\n"
    text += delimiter.join(["INC1", "2026-01-02", "a, b; c"]) + "\n"
    sheet = only_sheet(read_file(text.encode(), "tickets.txt"))
    assert sheet.rows == [["Ticket", "Opened", "Note"], ["INC1", "2026-01-02", "a, b; c"]]


def test_csv_quoted_multiline_field_counts_records_and_keeps_line_numbers():
    text = 'ID,Description,Owner\r\nR-1,"first line\r\nsecond line",Ann\r\nR-2,"say ""hi""",Bob\r\n'
    sheet = only_sheet(read_file(text.encode(), "raid.csv"))
    assert sheet.rows == [
        ["ID", "Description", "Owner"],
        ["R-1", "first line\r\nsecond line", "Ann"],
        ["R-2", 'say "hi"', "Bob"],
    ]
    # rows[i] is record (Excel row) first_row_number + i; R-2 starts on line 4 of the file
    assert sheet.line_numbers == [1, 2, 4]


def test_csv_short_rows_are_padded():
    sheet = only_sheet(read_file(b"a,b,c\n1\n\n2,3\n", "short.csv"))
    assert sheet.rows == [["a", "b", "c"], ["1", None, None], [None, None, None], ["2", "3", None]]


def test_csv_excel_separator_hint_line():
    sheet = only_sheet(read_file(b"sep=;\nA;B\n1;2\n", "hinted.csv"))
    assert sheet.rows == [["A", "B"], ["1", "2"]]
    assert sheet.first_row_number == 2
    assert sheet.line_numbers == [2, 3]


def test_csv_utf16_with_bom_is_read():
    data = "Ticket\tService\nINC1\tE-mail\n".encode("utf-16")  # Excel's "Unicode text"
    assert only_sheet(read_file(data, "tickets.txt")).rows == [
        ["Ticket", "Service"],
        ["INC1", "E-mail"],
    ]


def test_csv_named_xls_is_read_with_a_warning():
    workbook = read_file(b"Ticket\tService\nINC1\tMail\n", "export.xls")
    assert only_sheet(workbook).rows[1] == ["INC1", "Mail"]
    assert "read as CSV" in str(workbook.warnings[0])


def test_zip_holding_one_csv():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("export/incidents.csv", "number,state\nINC1,New\n")
        archive.writestr("__MACOSX/export/._incidents.csv", b"\x00\x05")
    workbook = read_file(out.getvalue(), "incidents.csv.zip")
    assert workbook.kind == "csv"
    sheet = only_sheet(workbook)
    assert (sheet.name, sheet.rows) == ("incidents", [["number", "state"], ["INC1", "New"]])


# --------------------------------------------------------------------------- not spreadsheets


def test_empty_file():
    assert "is empty (0 bytes)" in refused(b"", "empty.xlsx")
    assert "is empty" in refused(b"", "empty.csv")


def test_png_renamed_to_xlsx():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(200))
    text = refused(png, "budget.xlsx")
    assert "a PNG image, not a spreadsheet" in text


def test_pdf():
    assert "a PDF document, not a spreadsheet" in refused(
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "report.csv"
    )


def test_random_bytes_are_not_text():
    noise = bytes((i * 7919 + 13) % 256 for i in range(5000))
    text = refused(noise, "data.csv")
    assert "could not be read as text in UTF-8 or Windows-1252" in text


def test_utf16_without_bom_is_refused_with_the_encoding_message():
    data = "Project,Budget\nAlpha,100\n".encode("utf-16-le")
    assert "Use UTF-8 or Windows-1252" in refused(data, "projects.csv")


def test_text_named_xlsx_is_not_a_real_workbook():
    text = refused(b"Project,Budget\nAlpha,100\n", "projects.xlsx")
    assert "not a real Excel workbook" in text
    assert "rename it to .csv" in text


def test_html_saved_as_xls():
    page = b"<html><body><table><tr><td>Project</td></tr></table></body></html>"
    assert "web page" in refused(page, "export.xls")


def test_truncated_workbook_is_damaged():
    data = simple_xlsx()
    text = refused(data[: len(data) // 2], "half.xlsx")
    assert "is damaged or not a real Excel workbook" in text


def test_zip_that_is_not_a_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff" + bytes(100))
        archive.writestr("notes.txt", "hello")
    text = refused(out.getvalue(), "archive.xlsx")
    assert "ZIP archive of 2 file(s), not a spreadsheet" in text


def test_word_document():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert "Word document, not a spreadsheet" in refused(out.getvalue(), "minutes.xlsx")


def test_old_xls_or_encrypted_workbook():
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000)
    for name in ("old.xls", "protected.xlsx"):
        text = refused(ole2, name)
        assert "old-format Excel workbook (.xls" in text
        assert "password-protected" in text
        assert "save it as .xlsx" in text


# --------------------------------------------------------------------------- size and ZIP bombs


def test_file_over_the_size_limit():
    text = refused(simple_xlsx(), "big.xlsx", max_bytes=1_000)
    assert "over the 0.001 MB upload limit" in text
    assert "max_upload_mb" in text


def test_size_limit_in_megabytes(tmp_path):
    data = b"a,b\n" + b"1,2\n" * 600_000  # 2.4 MB
    text = refused(data, "long.csv", max_bytes=2_000_000)
    assert "is 2.4 MB, over the 2 MB upload limit" in text
    path = tmp_path / "long.csv"
    path.write_bytes(data)
    with pytest.raises(IngestError, match="over the 2 MB upload limit"):
        read_path(path, max_bytes=2_000_000)


def test_zip_bomb_by_total_size_is_refused_from_the_central_directory():
    data = forge_central_directory(
        simple_xlsx(), "xl/worksheets/sheet1.xml", file_size=limits.MAX_UNCOMPRESSED_BYTES + 1
    )
    text = refused(data, "bomb.xlsx")
    assert "would unpack to 1,074 MB" in text
    assert "refused for safety" in text


def test_zip_bomb_by_total_size_real(monkeypatch):
    """A real over-limit archive (with the limit lowered so that the test stays fast)."""
    monkeypatch.setattr(limits, "MAX_UNCOMPRESSED_BYTES", 5_000_000)
    filler = bytes(range(256)) * 4096  # 1 MiB that compresses hardly at all
    data = rezip(simple_xlsx(), add={f"xl/media/image{i}.bin": filler for i in range(6)})
    assert "would unpack to" in refused(data, "heavy.xlsx")


def test_zip_bomb_by_entry_count():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(limits.MAX_ZIP_ENTRIES):
            archive.writestr(f"xl/n/{i}", b"")
    text = refused(out.getvalue(), "many.xlsx")
    assert "10,001 entries" in text


def test_zip_bomb_by_compression_ratio():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(20_000_000))  # ~1,000:1
    started = time.perf_counter()
    text = refused(out.getvalue(), "zeros.xlsx")
    assert time.perf_counter() - started < 0.5  # refused without unpacking
    assert "'xl/worksheets/sheet1.xml'" in text
    assert "times its packed size" in text


def test_small_parts_are_not_ratio_checked():
    """Tiny XML compresses far beyond 200:1 and is harmless: no false alarm."""
    padding = b"<!-- " + b" " * 500_000 + b" -->"
    data = rezip(simple_xlsx(), add={"docProps/custom.xml": padding})
    assert only_sheet(read_file(data, "padded.xlsx")).rows[1] == ["Alpha", 100]


def test_duplicate_part_names_are_damage():
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(simple_xlsx())) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        with pytest.warns(UserWarning, match="Duplicate name"):
            target.writestr("xl/worksheets/sheet1.xml", b"<worksheet/>")
    assert "is damaged" in refused(out.getvalue(), "twice.xlsx")


def test_part_larger_than_its_declared_size_is_damage():
    """Data hidden after the declared size (CRC forged to match) would escape the scan;
    calamine's ZIP reader stops at the declared size, so the file is only 'damaged'."""
    sheet_part = "xl/worksheets/sheet1.xml"
    original = zipfile.ZipFile(io.BytesIO(simple_xlsx())).read(sheet_part)
    shown = original[: original.index(b"<sheetData>")]
    hidden = original[len(shown) :].replace(b"</row>", b'<c r="XFD1048576"><v>1</v></c></row>', 1)
    data = bytearray(rezip(simple_xlsx(), edit={sheet_part: lambda _: shown + hidden}))
    for signature, crc_at, size_at, name_at in (
        (b"PK\x03\x04", 14, 22, 30),
        (b"PK\x01\x02", 16, 24, 46),
    ):
        position = 0
        while (position := data.find(signature, position)) >= 0:
            if data[position + name_at :].startswith(sheet_part.encode()):
                struct.pack_into("<I", data, position + crc_at, zlib.crc32(shown))
                struct.pack_into("<I", data, position + size_at, len(shown))
            position += 4
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).read(sheet_part) == shown
    assert "is damaged" in refused(bytes(data), "hidden.xlsx")


def test_shared_strings_count_that_cannot_be_true():
    """calamine reserves memory for uniqueCount strings before reading them (and aborts the
    process when 96 GB cannot be had)."""

    def lie(xml: bytes) -> bytes:
        return re.sub(rb'uniqueCount="[0-9]+"', b'uniqueCount="4000000000"', xml)

    data = rezip(with_shared_strings(simple_xlsx()), edit={"xl/sharedStrings.xml": lie})
    assert "4,000,000,000 different texts" in refused(data, "strings.xlsx")


def test_encrypted_zip_entry():
    data = forge_central_directory(simple_xlsx(), "xl/workbook.xml", flags=0x1)
    assert "password-protected (encrypted) ZIP" in refused(data, "locked.xlsx")


# --------------------------------------------------------------------------- XML attacks

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def _inject_doctype(doctype: bytes) -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        body = re.sub(rb"^<\?xml[^>]*\?>", b"", xml.lstrip())
        return doctype + body

    return edit


def test_shared_strings_workbook_reads():
    data = with_shared_strings(simple_xlsx())
    assert b"<si><t>Alpha</t></si>" in zipfile.ZipFile(io.BytesIO(data)).read(
        "xl/sharedStrings.xml"
    )
    assert only_sheet(read_file(data, "shared.xlsx")).rows == [
        ["Project", "Budget"],
        ["Alpha", 100],
    ]


def test_billion_laughs_in_shared_strings():
    def bomb(xml: bytes) -> bytes:
        return _inject_doctype(BILLION_LAUGHS)(xml).replace(b"<t>Alpha</t>", b"<t>&lol9;</t>")

    data = rezip(with_shared_strings(simple_xlsx()), edit={"xl/sharedStrings.xml": bomb})
    text = refused(data, "laughs.xlsx")
    assert "contains XML entity declarations" in text
    assert "xl/sharedStrings.xml" in text
    assert "refused for safety" in text


def test_external_entity_in_a_worksheet():
    doctype = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'

    def edit(xml: bytes) -> bytes:
        return _inject_doctype(doctype)(xml).replace(b"<v>100</v>", b"<v>&xxe;</v>")

    data = rezip(simple_xlsx(), edit={"xl/worksheets/sheet1.xml": edit})
    assert "contains XML entity declarations" in refused(data, "xxe.xlsx")


def test_entity_in_workbook_xml():
    data = rezip(simple_xlsx(), edit={"xl/workbook.xml": _inject_doctype(BILLION_LAUGHS)})
    assert "xl/workbook.xml" in refused(data, "wb.xlsx")


# --------------------------------------------------------------------------- macros


def test_xlsm_with_vba_project():
    data = rezip(simple_xlsx(), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(100)})
    text = refused(data, "tracker.xlsm")
    assert "macro workbooks are not accepted as data" in text
    assert "Save it as .xlsx" in text


def test_macro_enabled_content_type():
    def edit(xml: bytes) -> bytes:
        return xml.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )

    data = rezip(simple_xlsx(), edit={"[Content_Types].xml": edit})
    assert b"macroEnabled" in zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    assert "macro workbooks are not accepted" in refused(data, "renamed.xlsx")


def test_xlsb():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/xl/workbook.bin" '
            'ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>',
        )
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
        archive.writestr("xl/worksheets/sheet1.bin", b"\x81\x01\x00")
    text = refused(out.getvalue(), "fast.xlsb")
    assert "binary workbook (.xlsb)" in text
    assert "macro workbooks are not accepted as data" in text


# --------------------------------------------------------------------------- absurd sheets


def test_absurd_dimension_is_refused_before_reading():
    edit = set_sheet_data(b"<sheetData/>", dimension=b"A1:XFD1048576")
    data = rezip(simple_xlsx(), edit={"xl/worksheets/sheet1.xml": edit})
    text = refused(data, "huge.xlsx")
    assert "sheet 'Sheet'" in text
    assert "1,048,576 rows × 16,384 columns" in text
    assert "Delete the empty rows and columns" in text


@pytest.mark.parametrize(
    "reference", [b"XFD1048576", b"xfd1", b"B99999999999", b"AAAAA1", b"HZ5", b"A01100001"]
)
def test_far_cell_reference_is_refused_before_calamine_allocates(reference):
    """Two cells far apart would make calamine allocate the whole rectangle (and abort the
    process when that fails): the scan must refuse first, whatever <dimension> says."""
    sheet_data = (
        b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="' + reference + b'"><v>2</v></c>'
        b"</row></sheetData>"
    )
    edit = set_sheet_data(sheet_data, dimension=b"A1:B2")
    data = rezip(simple_xlsx(), edit={"xl/worksheets/sheet1.xml": edit})
    text = refused(data, "far.xlsx")
    assert "sheet 'Sheet'" in text
    assert "has cells as far as row" in text


def test_dimension_smaller_than_the_data_is_harmless():
    def build(wb: openpyxl.Workbook) -> None:
        for row in range(1, 13):
            wb.active.append([f"P{row}", row, row * 2.5])

    def claim_a1(xml: bytes) -> bytes:
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', xml)

    data = rezip(xlsx(build), edit={"xl/worksheets/sheet1.xml": claim_a1})
    assert re.search(
        rb'<dimension ref="A1"\s*/>',
        zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml"),
    )
    sheet = only_sheet(read_file(data, "lying.xlsx"))
    assert len(sheet.rows) == 12
    assert sheet.rows[-1] == ["P12", 12, 30]


@pytest.mark.parametrize(("max_cells", "accepted"), [(1_000, True), (17, True), (13, False)])
def test_cell_below_the_last_row_is_found_when_it_matters(monkeypatch, max_cells, accepted):
    """B7 inside row 1 of a sheet that says A1:B2: calamine will allocate 7 rows. The scan
    may overlook it only while even 9 rows (all one-digit row numbers) fit the limits."""
    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", max_cells)
    sheet_data = (
        b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B7"><v>2</v></c></row>'
        b'<row r="2"><c r="A2"><v>3</v></c></row></sheetData>'
    )
    edit = set_sheet_data(sheet_data, dimension=b"A1:B2")
    data = rezip(simple_xlsx(), edit={"xl/worksheets/sheet1.xml": edit})
    if accepted:
        sheet = only_sheet(read_file(data, "b7.xlsx"))
        assert (len(sheet.rows), cell(sheet, 7, 2)) == (7, 2)
    else:
        assert "has cells as far as row 7 and column B" in refused(data, "b7.xlsx")


def test_merged_area_covering_the_whole_sheet_touches_only_real_cells():
    def build(wb: openpyxl.Workbook) -> None:
        wb.active["A1"] = "Title"
        wb.active["B2"] = "x"

    def edit(xml: bytes) -> bytes:
        return xml.replace(
            b"</sheetData>",
            b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
        )

    data = rezip(xlsx(build), edit={"xl/worksheets/sheet1.xml": edit})
    started = time.perf_counter()
    sheet = only_sheet(read_file(data, "merged.xlsx"))
    assert time.perf_counter() - started < 1
    assert sheet.rows == [["Title", "Title"], ["Title", "Title"]]


def test_implicit_positions_far_to_the_right_are_refused():
    cells = b"<c><v>1</v></c>" * (limits.MAX_SHEET_COLUMNS + 1)
    edit = set_sheet_data(b"<sheetData><row>" + cells + b"</row></sheetData>")
    data = rezip(simple_xlsx(), edit={"xl/worksheets/sheet1.xml": edit})
    assert f"({limits.MAX_SHEET_COLUMNS + 1} columns)" in refused(data, "wide.xlsx")


@pytest.mark.parametrize("reference", [b"A0", b"&#65;1", b"1A", b"A1B2"])
def test_unreadable_cell_reference_is_refused_as_damaged(reference):
    sheet_data = b'<sheetData><row r="1"><c r="' + reference + b'"><v>1</v></c></row></sheetData>'
    edit = set_sheet_data(sheet_data)
    data = rezip(simple_xlsx(), edit={"xl/worksheets/sheet1.xml": edit})
    assert "damaged" in refused(data, "odd.xlsx")


def test_csv_too_wide(monkeypatch):
    monkeypatch.setattr(limits, "MAX_SHEET_COLUMNS", 10)
    text = refused((",".join(["x"] * 11) + "\n").encode(), "wide.csv")
    assert "at most 1,100,000 rows, 10 columns" in text


def test_csv_too_long(monkeypatch):
    monkeypatch.setattr(limits, "MAX_SHEET_ROWS", 100)
    assert "at least 101 records" in refused(b"a\n" * 500, "long.csv")


# --------------------------------------------------------------------------- no raw exceptions


def test_unexpected_failure_inside_calamine_becomes_a_clear_refusal(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(reader.CalamineWorkbook, "from_filelike", broken, raising=True)
    assert "is damaged or not a real Excel workbook" in refused(simple_xlsx(), "odd.xlsx")


def test_rust_panic_becomes_a_clear_refusal(monkeypatch):
    class PanicException(BaseException):  # what pyo3 raises when Rust code panics
        pass

    def panicking(*args, **kwargs):
        raise PanicException("index out of bounds")

    monkeypatch.setattr(reader.CalamineWorkbook, "from_filelike", panicking, raising=True)
    assert "is damaged" in refused(simple_xlsx(), "panic.xlsx")


def test_damaged_sheet_xml():
    data = rezip(simple_xlsx(), edit={"xl/worksheets/sheet1.xml": lambda x: x[: len(x) // 2]})
    assert "is damaged" in refused(data, "cut.xlsx")


# --------------------------------------------------------------------------- real data


@pytest.mark.skipif(
    not SERVICENOW_ZIP.is_file(), reason=f"real ServiceNow export not present at {SERVICENOW_ZIP}"
)
def test_real_servicenow_export_zip():
    workbook = read_path(SERVICENOW_ZIP)
    assert workbook.kind == "csv"
    sheet = only_sheet(workbook)
    assert sheet.name == "incident_event_log"
    assert len(sheet.rows) == 119_998 + 1
    assert {len(row) for row in sheet.rows} == {36}
    assert sheet.rows[0][:3] == ["number", "incident_state", "active"]
    assert sheet.rows[1][0].startswith("INC")
    with zipfile.ZipFile(SERVICENOW_ZIP) as archive, archive.open(archive.namelist()[0]) as raw:
        records = sum(1 for _ in csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))
    assert records == len(sheet.rows)
