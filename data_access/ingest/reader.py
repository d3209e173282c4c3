"""Turn an uploaded file (its bytes and name) into raw cell grids, safely.

This is the first step of an import: read → map headers → coerce → validate → diff → commit.
It decides what the file is from its content (not its extension), refuses what is hostile or
is not a spreadsheet, and returns every visible sheet as a grid of Python values. It does not
look for headers or interpret values; later steps do.

Safety, in the order the checks run:

* the upload size, before anything else;
* ZIP bombs, from the ZIP central directory only (entry count, total and per-entry ratio);
* macro and binary workbooks (.xlsm/.xltm/.xlsb), by content;
* XML entity declarations (billion laughs, external entities) in any XML part;
* sheets whose cells lie absurdly far apart. calamine allocates the whole rectangle from the
  first to the last cell *before* anything can be checked, and a Rust allocation failure
  aborts the process: a 2-cell workbook with a cell in XFD1048576 asks for 512 GiB and kills
  the server. So every worksheet's XML is scanned for its cell references first (streaming,
  in C-speed regular expressions; see ``_SheetScan``), and a sheet is only handed to calamine
  once the rectangle it will allocate is known to be within ``limits``.

Formulas are never evaluated and links never followed: calamine returns the values Excel
saved with the file.
"""

from __future__ import annotations

import codecs
import csv
import functools
import hashlib
import html
import io
import logging
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from data_access.ingest import limits
from data_access.ingest.problems import WARNING, IngestError, Problem, refuse
from data_access.marks import N_

log = logging.getLogger(__name__)

__all__ = ["RawSheet", "RawWorkbook", "read_file", "read_path", "sha256_of", "too_large"]


@dataclass
class RawSheet:
    """One sheet (or one CSV file) as a grid of cell values.

    ``rows[i]`` is the row the user sees as number ``first_row_number + i``: in Excel the sheet
    row; in a CSV the record number, which is what Excel shows when it opens the CSV and equals
    the line number unless a quoted field holds line breaks (``line_numbers`` then gives the
    physical line each record starts on). Workbook rows start at column A, so ``rows[i][j]`` is
    in column ``j + 1`` (leading empty columns are None). Every row has the same length.
    """

    name: str
    rows: list[list[object]]
    first_row_number: int = 1
    warnings: list[Problem] = field(default_factory=list)
    #: CSV only: the file line on which each record starts (empty for workbooks).
    line_numbers: list[int] = field(default_factory=list)


@dataclass
class RawWorkbook:
    file_name: str
    kind: str  # "xlsx" or "csv"
    sha256: str
    size: int
    sheets: list[RawSheet]
    warnings: list[Problem] = field(default_factory=list)


# --------------------------------------------------------------------------- entry points


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_path(path: str | Path, *, max_bytes: int = limits.MAX_UPLOAD_BYTES) -> RawWorkbook:
    """Read a file from disk; a file over ``max_bytes`` is refused before it is loaded."""
    path = Path(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise too_large(path.name, size, max_bytes)
    return read_file(path.read_bytes(), path.name, max_bytes=max_bytes)


def read_file(
    data: bytes, file_name: str, *, max_bytes: int = limits.MAX_UPLOAD_BYTES
) -> RawWorkbook:
    """Read an uploaded workbook or CSV; raise ``IngestError`` (only) if it is refused."""
    name = _base_name(file_name)
    if len(data) > max_bytes:
        raise too_large(name, len(data), max_bytes)
    try:
        return _read(data, name)
    except IngestError:
        raise
    except MemoryError:
        raise refuse(
            N_(
                "is too large to read with the memory this server has. Split it into smaller files."
            ),
            file=name,
        ) from None
    except Exception as exc:
        log.warning("could not read %s", name, exc_info=True)
        raise _damaged(name) from exc
    except BaseException as exc:  # a Rust panic inside calamine is a BaseException
        if type(exc).__name__ != "PanicException":
            raise
        log.warning("calamine panicked reading %s", name, exc_info=True)
        raise _damaged(name) from exc


def _read(data: bytes, name: str) -> RawWorkbook:
    if not data:
        raise refuse(
            N_("is empty (0 bytes). Export or save the file again and upload it."), file=name
        )
    what = _content_kind(data)
    if what == "zip":
        kind, sheets, warnings = _read_zip(data, name)
    elif what == "text":
        kind, sheets, warnings = "csv", *_read_text_file(data, name)
    else:
        raise _refuse_kind(what, name)
    return RawWorkbook(
        file_name=name,
        kind=kind,
        sha256=sha256_of(data),
        size=len(data),
        sheets=sheets,
        warnings=warnings,
    )


# --------------------------------------------------------------------------- what is it?

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF-", "a PDF document"),
    (b"{\\rtf", "a Rich Text (RTF) document"),
    (b"\x7fELF", "a program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive"),
)
_MARKUP_STARTS = (b"<?xml", b"<html", b"<!doctype", b"<table", b"<head", b"<body")
#: Extensions that promise a ZIP-based Excel workbook; plain text under them is refused.
_WORKBOOK_EXTENSIONS = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xlsb", ".xlam"}
_TEXT_EXTENSIONS = {".csv", ".txt", ".tsv", ".tab"}
#: A file of a known kind that is not a spreadsheet, by the kind ``_content_kind`` names.
_NOT_A_SPREADSHEET = {
    "a PNG image": N_(
        "is a PNG image, not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."
    ),
    "a JPEG image": N_(
        "is a JPEG image, not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."
    ),
    "a GIF image": N_(
        "is a GIF image, not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."
    ),
    "a TIFF image": N_(
        "is a TIFF image, not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."
    ),
    "a PDF document": N_(
        "is a PDF document, not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."
    ),
    "a Rich Text (RTF) document": N_(
        "is a Rich Text (RTF) document, not a spreadsheet. Upload an Excel workbook (.xlsx) or "
        "a CSV file."
    ),
    "a program": N_(
        "is a program, not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."
    ),
    "a gzip archive": N_(
        "is a gzip archive, not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."
    ),
    "a 7-Zip archive": N_(
        "is a 7-Zip archive, not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."
    ),
    "a RAR archive": N_(
        "is a RAR archive, not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."
    ),
    "an xz archive": N_(
        "is an xz archive, not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."
    ),
    "a Zstandard archive": N_(
        "is a Zstandard archive, not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."
    ),
    "a Word": N_(
        "is a Word document, not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."
    ),
    "a PowerPoint": N_(
        "is a PowerPoint document, not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV "
        "file."
    ),
}


def _content_kind(data: bytes) -> str:
    """ "zip", "ole2", "markup", "text", or a description of a known binary format."""
    if data.startswith(_ZIP_MAGIC):
        return "zip"
    if data.startswith(_OLE2_MAGIC):
        return "ole2"
    for magic, description in _BINARY_MAGIC:
        if data.startswith(magic):
            return description
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_MARKUP_STARTS):
        return "markup"
    return "text"


def _refuse_kind(what: str, name: str) -> IngestError:
    if what == "ole2":
        return refuse(
            N_(
                "is an old-format Excel workbook (.xls, Excel 97–2003) or a password-protected "
                "workbook, which Steerco cannot read. Remove any password, save it as .xlsx "
                "(Excel Workbook) and upload that."
            ),
            file=name,
        )
    if what == "markup":
        return refuse(
            N_(
                "is a web page or XML file (as some tools export under an Excel name), not a "
                "real Excel workbook. Open it in Excel and save it as .xlsx (Excel Workbook), "
                "then upload that."
            ),
            file=name,
        )
    return refuse(_NOT_A_SPREADSHEET[what], file=name)


def _damaged(name: str) -> IngestError:
    return refuse(
        N_(
            "is damaged or not a real Excel workbook: it could not be opened as one. Open it in "
            "Excel and save it again as .xlsx, or export it again from the tool it came from."
        ),
        file=name,
    )


def too_large(name: str, size: int, max_bytes: int) -> IngestError:
    return refuse(
        N_(
            "is {size} MB, over the {limit} MB upload limit. Remove sheets or columns Steerco "
            "does not need or split the file; an administrator can raise max_upload_mb in the "
            "configuration."
        ),
        {"size": _megabytes(size), "limit": _megabytes(max_bytes)},
        file=name,
    )


def _megabytes(size: int) -> str:
    """50 for 50,000,000 bytes, 2.4 for 2,400,000, 0.005 for 5,000 (decimal MB, as configured)."""
    value = size / 1_000_000
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def _base_name(file_name: str) -> str:
    return re.split(r"[\\/]", file_name or "")[-1] or "upload"


def _stem(file_name: str) -> str:
    base = _base_name(file_name)
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    return stem or "data"


def _extension(file_name: str) -> str:
    base = _base_name(file_name).lower()
    return "." + base.rsplit(".", 1)[1] if "." in base else ""


# --------------------------------------------------------------------------- ZIP containers


def _read_zip(data: bytes, name: str) -> tuple[str, list[RawSheet], list[Problem]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _damaged(name) from exc
    with archive:
        _check_zip_bomb(infos, name)
        if len({i.filename for i in infos}) < len(infos):
            raise _damaged(name)  # two parts of one name: readers may disagree on which counts
        what = _classify_zip(infos, name)
        if what == "xlsx":
            sheets, warnings = _read_workbook(data, archive, infos, name)
            return "xlsx", sheets, warnings
        inner = next(i for i in infos if _is_payload(i))
        sheet, warnings = _read_csv(archive.read(inner), name, _stem(inner.filename), inner=True)
        return "csv", [sheet], warnings


def _check_zip_bomb(infos: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse from the central directory alone, before a single byte is unpacked."""
    if len(infos) > limits.MAX_ZIP_ENTRIES:
        raise refuse(
            N_(
                "is a ZIP archive of {entries} entries, more than the {limit} any workbook "
                "needs; refused for safety (this is how ZIP bombs look). Save the workbook "
                "again from Excel."
            ),
            {"entries": f"{len(infos):,}", "limit": f"{limits.MAX_ZIP_ENTRIES:,}"},
            file=name,
        )
    total = sum(i.file_size for i in infos)
    if total > limits.MAX_UNCOMPRESSED_BYTES:
        raise refuse(
            N_(
                "would unpack to {size} MB, more than the {limit} MB Steerco unpacks; refused "
                "for safety (this is how ZIP bombs look). Split the data into smaller files."
            ),
            {
                "size": f"{total / 1_000_000:,.0f}",
                "limit": f"{limits.MAX_UNCOMPRESSED_BYTES / 1_000_000:,.0f}",
            },
            file=name,
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.RATIO_CHECK_FLOOR_BYTES and ratio > limits.MAX_COMPRESSION_RATIO:
            raise refuse(
                N_(
                    "holds a part ('{part}') that unpacks to {ratio} times its packed size; "
                    "real spreadsheets stay far below {limit}:1. Refused for safety (this is "
                    "how ZIP bombs look)."
                ),
                {
                    "part": info.filename,
                    "ratio": f"{ratio:,.0f}",
                    "limit": limits.MAX_COMPRESSION_RATIO,
                },
                file=name,
            )
        if info.flag_bits & 0x1:
            raise refuse(
                N_(
                    "is a password-protected (encrypted) ZIP archive. Upload the file without a "
                    "password."
                ),
                file=name,
            )


def _is_payload(info: zipfile.ZipInfo) -> bool:
    """A file in a ZIP that the user put there (not a folder or macOS/hidden clutter)."""
    base = posixpath.basename(info.filename)
    return not (info.is_dir() or info.filename.startswith("__MACOSX/") or base.startswith("."))


def _classify_zip(infos: list[zipfile.ZipInfo], name: str) -> str:
    """ "xlsx" or "csv" (a ZIP holding one CSV), refusing every other kind of ZIP."""
    names = {i.filename.lower() for i in infos}
    if any(n.endswith("vbaproject.bin") or n.startswith("xl/macrosheets/") for n in names):
        raise _macro_refusal(name, MACRO_VBA)
    if "xl/workbook.bin" in names:
        raise _macro_refusal(name, MACRO_XLSB)
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        raise refuse(
            N_(
                "is an OpenDocument spreadsheet (.ods). Open it in Excel and save it as .xlsx "
                "(Excel Workbook), then upload that."
            ),
            file=name,
        )
    for marker, what in (("word/document.xml", "a Word"), ("ppt/presentation.xml", "a PowerPoint")):
        if marker in names:
            raise refuse(_NOT_A_SPREADSHEET[what], file=name)
    payload = [i for i in infos if _is_payload(i)]
    if len(payload) == 1 and _extension(payload[0].filename) in _TEXT_EXTENSIONS:
        return "csv"
    if len(payload) == 1 and _extension(payload[0].filename) in _WORKBOOK_EXTENSIONS | {".xls"}:
        raise refuse(
            N_(
                "is a ZIP archive holding the workbook '{workbook}'. Unzip it and upload the "
                "workbook itself."
            ),
            {"workbook": payload[0].filename},
            file=name,
        )
    raise refuse(
        N_(
            "is a ZIP archive of {count} file(s), not a spreadsheet. Upload an Excel workbook "
            "(.xlsx), a CSV file, or a ZIP holding exactly one CSV file."
        ),
        {"count": len(payload)},
        file=name,
    )


#: Why a workbook is refused as macro-enabled or binary (whole sentences, translatable).
MACRO_VBA = N_(
    "is a macro-enabled or binary Excel workbook (it contains Visual Basic code); macro "
    "workbooks are not accepted as data. Save it as .xlsx (Excel Workbook) without macros and "
    "upload that."
)
MACRO_XLSB = N_(
    "is a macro-enabled or binary Excel workbook (it is a binary workbook (.xlsb)); macro "
    "workbooks are not accepted as data. Save it as .xlsx (Excel Workbook) without macros and "
    "upload that."
)
MACRO_CONTENT_TYPES = N_(
    "is a macro-enabled or binary Excel workbook (its content types say macroEnabled); macro "
    "workbooks are not accepted as data. Save it as .xlsx (Excel Workbook) without macros and "
    "upload that."
)
MACRO_SHEET = N_(
    "is a macro-enabled or binary Excel workbook (sheet '{sheet}' is an Excel 4.0 macro "
    "sheet); macro workbooks are not accepted as data. Save it as .xlsx (Excel Workbook) "
    "without macros and upload that."
)


def _macro_refusal(name: str, template: str, **params: object) -> IngestError:
    return refuse(template, params, file=name)


# --------------------------------------------------------------------------- XML safety

_DTD = re.compile(rb"<!(?i:doctype|entity)")
_XML_PART_SUFFIXES = (".xml", ".rels", ".vml")
#: No tag in a worksheet comes near this; a longer one is treated as hostile (see _SheetScan).
_MAX_TAG_BYTES = 4096


def _entity_refusal(name: str, part: str) -> IngestError:
    return refuse(
        N_(
            "contains XML entity declarations (in '{part}'), which spreadsheets do not need; "
            "refused for safety. Save the workbook again from Excel."
        ),
        {"part": part},
        file=name,
    )


def _windows(stream: IO[bytes]) -> Iterator[bytes]:
    """The stream in pieces, each repeating the unfinished tag the previous piece ended in.

    Any tag shorter than ``_MAX_TAG_BYTES`` is therefore whole in at least one piece, so a
    regular expression that matches inside a tag never misses it at a piece boundary.
    """
    tail = b""
    while chunk := stream.read(limits.READ_CHUNK_BYTES):
        window = tail + chunk
        yield window
        cut = window.rfind(b"<", max(0, len(window) - _MAX_TAG_BYTES))
        tail = window[cut:] if cut >= 0 else window[-16:]


def _read_small_part(archive: zipfile.ZipFile, part: str, name: str) -> bytes:
    try:
        info = archive.getinfo(part)
    except KeyError:
        raise _damaged(name) from None
    if info.file_size > limits.MAX_METADATA_PART_BYTES:
        raise _damaged(name)
    content = archive.read(info)
    if _DTD.search(content):
        raise _entity_refusal(name, part)
    return content


def _parse_xml(content: bytes, name: str, part: str) -> Element:
    try:
        return SafeElementTree.fromstring(content, forbid_dtd=True)
    except DefusedXmlException:
        raise _entity_refusal(name, part) from None
    except ParseError as exc:
        raise _damaged(name) from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# --------------------------------------------------------------------------- workbooks


@dataclass
class _SheetEntry:
    name: str
    part: str  # path of the worksheet XML inside the ZIP
    visible: bool


@dataclass(frozen=True)
class _Extent:
    """The rectangle A1:(column ``columns``, row ``rows``) that holds every cell of a sheet."""

    rows: int
    columns: int

    @property
    def cells(self) -> int:
        return self.rows * self.columns


_MAIN_PARTS = ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")
#: Hidden sheets of the Steerco template (data_access.template.LISTS_SHEET, drop-down values):
#: not read, and not worth a warning.
TEMPLATE_HIDDEN_SHEETS = frozenset({"lists"})


def _read_workbook(
    data: bytes, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str
) -> tuple[list[RawSheet], list[Problem]]:
    content_types, workbook_xml, rels_xml = (
        _read_small_part(archive, p, name) for p in _MAIN_PARTS
    )
    if b"macroenabled" in content_types.lower():
        raise _macro_refusal(name, MACRO_CONTENT_TYPES)
    entries = _sheet_entries(workbook_xml, rels_xml, name)
    extents = _scan_parts(archive, infos, entries, name)
    warnings: list[Problem] = []
    if any(i.filename.startswith("xl/externalLinks/") for i in infos):
        warnings.append(
            Problem.translatable(
                WARNING,
                N_(
                    "links to other workbooks were not followed; the values saved in the file "
                    "were used. Open it in Excel, update the links and save it if they may be "
                    "stale."
                ),
                {},
                file=name,
            )
        )
    sheets, hidden = _load_sheets(data, extents, name)
    # The template's own hidden sheet of drop-down values holds nothing to import.
    hidden = [h for h in hidden if h.strip().casefold() not in TEMPLATE_HIDDEN_SHEETS]
    if hidden:
        listed = ", ".join(f"'{h}'" for h in hidden)
        warnings.append(
            Problem.translatable(
                WARNING,
                N_(
                    "hidden sheet(s) {sheets} were not read. Unhide them in Excel if they hold "
                    "data to import."
                ),
                {"sheets": listed},
                file=name,
            )
        )
    return sheets, warnings


def _sheet_entries(workbook_xml: bytes, rels_xml: bytes, name: str) -> list[_SheetEntry]:
    """The worksheets that xl/workbook.xml lists, with the ZIP path of each one's XML."""
    targets = {}
    for rel in _parse_xml(rels_xml, name, _MAIN_PARTS[2]).iter():
        if _local(rel.tag) == "Relationship":
            targets[rel.get("Id")] = rel.get("Target") or ""
    entries = []
    for element in _parse_xml(workbook_xml, name, _MAIN_PARTS[1]).iter():
        if _local(element.tag) != "sheet":
            continue
        rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        state = element.get("state", "visible")
        target = targets.get(rel_id, "")
        entries.append(_SheetEntry(element.get("name", ""), _part_path(target), state == "visible"))
    return entries


def _part_path(target: str) -> str:
    """A relationship target as a ZIP path, resolved the way calamine resolves it."""
    if target.startswith("/"):
        path = target[1:]
    elif target.startswith("xl/"):
        path = target
    else:
        path = "xl/" + target
    return posixpath.normpath(path)


def _scan_parts(
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    entries: list[_SheetEntry],
    name: str,
) -> dict[str, _Extent]:
    """Scan every XML part for entity declarations and visible worksheets for their extent."""
    sheets_by_part: dict[str, list[str]] = {}
    for entry in entries:
        if entry.visible:
            sheets_by_part.setdefault(entry.part, []).append(entry.name)
    extents: dict[str, _Extent] = {}
    for info in infos:
        part = info.filename
        if part in _MAIN_PARTS or not part.lower().endswith(_XML_PART_SUFFIXES):
            continue
        sheet_names = sheets_by_part.get(part)
        if sheet_names:
            extent = _scan_worksheet(archive, info, name, sheet_names[0])
            extents.update(dict.fromkeys(sheet_names, extent))
        else:
            _scan_for_entities(archive, info, name)
    if sum(e.cells for e in extents.values()) > limits.MAX_WORKBOOK_CELLS:
        raise _workbook_too_large(name)
    return extents


def _workbook_too_large(name: str) -> IngestError:
    return refuse(
        N_(
            "has more cells in its sheets together than the {limit} Steerco reads from one "
            "file. Delete unused rows, columns or sheets, or split the file."
        ),
        {"limit": f"{limits.MAX_WORKBOOK_CELLS:,}"},
        file=name,
    )


def _scan_for_entities(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    with archive.open(info) as stream:
        for window in _windows(stream):
            _check_window(window, info, name)


def _check_window(window: bytes, info: zipfile.ZipInfo, name: str) -> None:
    """The checks every piece of every XML part gets."""
    if _DTD.search(window):
        raise _entity_refusal(name, info.filename)
    _check_shared_strings_count(window, info, name)


_SST_COUNT = re.compile(rb"uniqueCount\s*=\s*[\"']([^\"']*)[\"']")


def _check_shared_strings_count(window: bytes, info: zipfile.ZipInfo, name: str) -> None:
    """calamine reserves memory for ``<sst uniqueCount>`` strings up front (24 bytes each)
    and aborts the process if that fails: 4,000,000,000 asks for 96 GB. Every string takes
    at least five bytes of XML (``<si/>``), so a larger count than that is a lie."""
    found = _SST_COUNT.search(window)
    if not found:
        return
    try:
        count = int(html.unescape(found.group(1).decode("ascii", "replace")))
    except ValueError:
        return  # calamine cannot read it either, and reserves nothing
    if count > info.file_size // 5 + 1:
        raise refuse(
            N_(
                "says it holds {count} different texts, more than its size allows; the file is "
                "damaged. Open it in Excel and save it again."
            ),
            {"count": f"{count:,}"},
            file=name,
        )


def _scan_worksheet(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, sheet: str
) -> _Extent:
    scan = _SheetScan(name, sheet)
    with archive.open(info) as stream:
        for window in _windows(stream):
            _check_window(window, info, name)
            scan.feed(window)
    extent = _Extent(scan.rows, scan.columns)
    _check_extent(extent, name, sheet)
    if scan.implicit or not _within_limits(scan.safe_extent):
        with archive.open(info) as stream:
            extent = _exact_extent(stream, name, sheet)
        _check_extent(extent, name, sheet)
    return extent


# --------------------------------------------------------------------------- sheet extent


def _column_number(letters: bytes) -> int:
    """1 for A, 27 for AA; anything longer than Excel allows is simply huge."""
    if len(letters) > 4:
        return 1 << 40
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _greater_than(text: str, low: str, high: str, first_low: str) -> list[str]:
    """Regex alternatives for the same-length strings that sort above ``text``.

    For digits without leading zeros, and for Excel column letters (bijective base 26), a
    same-length string is larger exactly when it sorts after: at some position it has a
    larger character and the same characters before.
    """
    alternatives = []
    for i, char in enumerate(text):
        if char != high:
            rest = len(text) - i - 1
            alternatives.append(f"{text[:i]}[{chr(ord(char) + 1)}-{high}][{low}-{high}]{{{rest}}}")
    longer = f"[{first_low}-{high}][{low}-{high}]{{{len(text)},}}"
    return [longer, *alternatives]


@functools.lru_cache(maxsize=64)
def _overflow_pattern(rows: int, columns: int, exact: bool) -> re.Pattern[bytes]:
    """Finds an ``r="…"`` reference beyond column ``columns`` or beyond row ``rows``.

    calamine reads a reference as letters then digits (either case, leading zeros allowed)
    and rejects anything else, so these are the only shapes to look for. Columns are always
    checked exactly. Rows are checked exactly only if ``exact``; otherwise only references
    with more digits than ``rows`` are found, which is about three times faster (see
    ``_SheetScan``). The pattern also fires inside other attributes ending in r
    (``paper="9"``): a hit only means the window is read reference by reference, so a false
    alarm costs time, never a refusal.
    """
    row_text = str(max(rows, 0))
    if exact:
        row_alternatives = "|".join(_greater_than(row_text, "0", "9", "1"))
        row_part = rf'(?=[0-9]{{{len(row_text)}}})(?:{row_alternatives})"'
    else:
        row_part = rf"[1-9][0-9]{{{len(row_text)}}}"
    column_alternatives = (
        "|".join(_greater_than(_column_letters(columns), "A", "Z", "A")) if columns else "[A-Z]"
    )
    pattern = rf'r="(?:(?i:{column_alternatives})[0-9]|[A-Za-z]*+0*+{row_part})'
    return re.compile(pattern.encode())


#: A cell or row start tag whose first attribute is not r="…": positions are then implicit
#: (or hidden behind odd quoting), and only a tag-by-tag pass can tell where cells land.
_IMPLICIT_TAGS = tuple(
    re.compile(p)
    for p in (
        rb'<c(?! r=")[\s/>]',
        rb'<row(?! r=")[\s/>]',
        rb':c(?! r=")[\s/>]',
        rb':row(?! r=")[\s/>]',
    )
)
_FIRST_REFS = re.compile(rb'<(?:[\w.-]+:)?(c|row) r="([^"<>]*)"')
_LAST_ROW = b'row r="'
_DIGITS = re.compile(rb"[0-9]{1,12}\"")
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\s[^>]*?\bref=\"([^\"]*)\"")
_CELL_REF = re.compile(rb"([A-Za-z]{0,5})([0-9]{1,12})")


class _SheetScan:
    """Finds, without parsing, the rectangle calamine will allocate for a worksheet.

    Fast path for the XML every real writer produces (Excel, LibreOffice, openpyxl,
    xlsxwriter…), where each ``<row>`` and ``<c>`` tag starts with its ``r="…"`` reference.
    ``rows``/``columns`` start from ``<dimension ref>``, rise to the last ``<row r>`` of each
    window (rows come in order), and one regex search per window looks for a reference beyond
    them; only a window where one shows up is read reference by reference. Any tag without a
    leading ``r`` sets ``implicit``, and ``_exact_extent`` (tag by tag, following calamine's
    counting) takes over.

    While ``rows`` has L digits and L nines of rows still fit the limits, the search only
    looks for references with more than L digits: a cell could then hide below 10**L rows
    unseen, which is harmless by construction. ``safe_extent`` is that worst case; if it ends
    up over the limits, the sheet is re-read exactly instead. A 100,000-row sheet is thus
    scanned at memchr-like speed, and only sheets near the limits pay for the exact search.
    """

    def __init__(self, file_name: str, sheet: str) -> None:
        self.file_name = file_name
        self.sheet = sheet
        self.rows = 0
        self.columns = 0
        self.safe_rows = 0
        self.implicit = False
        self._first = True

    @property
    def safe_extent(self) -> _Extent:
        return _Extent(max(self.rows, self.safe_rows), self.columns)

    def feed(self, window: bytes) -> None:
        if self.implicit:
            return
        if self._first:
            self._first = False
            self._take_dimension(window)
        end = _complete_part(window)
        if end is None or any(p.search(window, 0, end) for p in _IMPLICIT_TAGS):
            self.implicit = True
            return
        last = window.rfind(_LAST_ROW, 0, end)
        if last >= 0 and (digits := _DIGITS.match(window, last + len(_LAST_ROW))):
            self.rows = max(self.rows, int(digits.group()[:-1]))
        unseen_below = 10 ** len(str(self.rows)) - 1
        exact = not _within_limits(_Extent(unseen_below, self.columns))
        if _overflow_pattern(self.rows, self.columns, exact).search(window, 0, end):
            self._take_references(window[:end])
        elif not exact:
            self.safe_rows = max(self.safe_rows, unseen_below)
        _check_extent(_Extent(self.rows, self.columns), self.file_name, self.sheet)

    def _take_dimension(self, window: bytes) -> None:
        found = _DIMENSION.search(window)
        if not found:
            return
        last = found.group(1).rsplit(b":", 1)[-1]
        ref = _CELL_REF.fullmatch(last)
        if not ref or not ref.group(1):
            return
        claimed = _Extent(int(ref.group(2)), _column_number(ref.group(1)))
        if not _within_limits(claimed):
            raise refuse(
                N_(
                    "says its used range is {range} ({rows} rows × {columns} columns), more "
                    "than Steerco reads from one sheet (at most {max_rows} rows, {max_columns} "
                    "columns and {max_cells} cells). Delete the empty rows and columns after "
                    "the data (or copy the data to a new sheet) and save again."
                ),
                {
                    "range": found.group(1).decode("ascii", "replace"),
                    "rows": f"{claimed.rows:,}",
                    "columns": f"{claimed.columns:,}",
                    **_limits_params(),
                },
                file=self.file_name,
                sheet=self.sheet,
            )
        self.rows, self.columns = claimed.rows, claimed.columns

    def _take_references(self, window: bytes) -> None:
        for tag, value in _FIRST_REFS.findall(window):
            row, column = _parse_reference(value, tag == b"row", self.file_name, self.sheet)
            self.rows = max(self.rows, row)
            self.columns = max(self.columns, column)


def _complete_part(window: bytes) -> int | None:
    """Where the window's last, unfinished tag starts (the next window repeats it), or its
    end; None if that tag is already longer than any real one."""
    last_open = window.rfind(b"<")
    if last_open < 0 or window.rfind(b">") > last_open:
        return len(window)
    if len(window) - last_open > _MAX_TAG_BYTES:
        return None
    return last_open


def _parse_reference(value: bytes, is_row: bool, file_name: str, sheet: str) -> tuple[int, int]:
    """(row, column), 1-based, of an r attribute; column 0 for a row tag."""
    if is_row:
        row = int(value) if value.isdigit() and len(value) <= 12 else 0
        column = 0
    else:
        ref = _CELL_REF.fullmatch(value)
        row = int(ref.group(2)) if ref else 0
        column = _column_number(ref.group(1)) if ref and ref.group(1) else 0
    if row < 1 or (not is_row and column < 1):
        raise refuse(
            N_(
                "has a cell reference Steerco cannot read ({reference}); the file is damaged. "
                "Open it in Excel and save it again."
            ),
            {"reference": repr(value[:20].decode("ascii", "replace"))},
            file=file_name,
            sheet=sheet,
        )
    return row, column


_ANY_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_R_ATTRIBUTE = re.compile(rb"(?:^|\s)r\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def _exact_extent(stream: IO[bytes], file_name: str, sheet: str) -> _Extent:
    """Where calamine will put cells, following its rules for tags without a reference.

    A ``<row>`` without r is the row after the previous one; a ``<c>`` without r is the
    column after the previous cell. Rounded up wherever calamine's choice is unclear, so the
    result is never smaller than what it allocates.
    """
    row = column = 0  # 0-based position of the next implicit row / cell
    row_top = -1  # highest row a cell of the current row landed on
    max_row = max_column = 0  # 1-based
    for chunk in _tag_chunks(stream):
        for closing, tag, attributes in _ANY_TAG.findall(chunk):
            self_closing = attributes.rstrip().endswith(b"/")
            if tag == b"row":
                if not closing:
                    value = _r_value(attributes)
                    if value is not None:
                        row = _parse_reference(value, True, file_name, sheet)[0] - 1
                    row_top = max(row_top, row)
                if closing or self_closing:
                    row, column, row_top = max(row, row_top) + 1, 0, -1
            elif not closing:
                value = _r_value(attributes)
                if value is None:
                    at_row, at_column = row, column
                else:
                    ref_row, ref_column = _parse_reference(value, False, file_name, sheet)
                    at_row, at_column = ref_row - 1, ref_column - 1
                row_top = max(row_top, at_row)
                max_row, max_column = max(max_row, at_row + 1), max(max_column, at_column + 1)
                column = at_column + 1
        _check_extent(_Extent(max_row, max_column), file_name, sheet)
    return _Extent(max_row, max_column)


def _r_value(attributes: bytes) -> bytes | None:
    found = _R_ATTRIBUTE.search(attributes)
    if not found:
        return None
    return found.group(1) if found.group(1) is not None else found.group(2)


def _tag_chunks(stream: IO[bytes]) -> Iterator[bytes]:
    """The stream in pieces that each end just before a '<', so no tag is ever split."""
    pending: list[bytes] = []
    while chunk := stream.read(limits.READ_CHUNK_BYTES):
        cut = chunk.rfind(b"<")
        if cut < 0:
            pending.append(chunk)
            continue
        yield b"".join([*pending, chunk[:cut]])
        pending = [chunk[cut:]]
    if pending:
        yield b"".join(pending)


def _within_limits(extent: _Extent) -> bool:
    return (
        extent.rows <= limits.MAX_SHEET_ROWS
        and extent.columns <= limits.MAX_SHEET_COLUMNS
        and extent.cells <= limits.MAX_SHEET_CELLS
    )


def _limits_params() -> dict[str, str]:
    """What Steerco reads from one sheet at most, for the messages that say so."""
    return {
        "max_rows": f"{limits.MAX_SHEET_ROWS:,}",
        "max_columns": str(limits.MAX_SHEET_COLUMNS),
        "max_cells": f"{limits.MAX_SHEET_CELLS:,}",
    }


def _check_extent(extent: _Extent, file_name: str, sheet: str) -> None:
    if _within_limits(extent):
        return
    params = {"rows": f"{extent.rows:,}", "columns": f"{extent.columns:,}", **_limits_params()}
    if extent.columns < 1 << 20:
        template = N_(
            "has cells as far as row {rows} and column {column} ({columns} columns), more than "
            "Steerco reads from one sheet (at most {max_rows} rows, {max_columns} columns and "
            "{max_cells} cells). Delete the unused rows and columns (or copy the data to a new "
            "sheet), or split the data."
        )
        params["column"] = _column_letters(extent.columns)
    else:
        template = N_(
            "has cells as far as row {rows} and column far right ({columns} columns), more "
            "than Steerco reads from one sheet (at most {max_rows} rows, {max_columns} columns "
            "and {max_cells} cells). Delete the unused rows and columns (or copy the data to a "
            "new sheet), or split the data."
        )
    raise refuse(template, params, file=file_name, sheet=sheet)


# --------------------------------------------------------------------------- calamine


def _load_sheets(
    data: bytes, extents: dict[str, _Extent], name: str
) -> tuple[list[RawSheet], list[str]]:
    """Every visible sheet through calamine, each only once its extent has been checked."""
    sheets: list[RawSheet] = []
    hidden: list[str] = []
    budget = [limits.MAX_WORKBOOK_CELLS]
    with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
        for meta in book.sheets_metadata:
            if meta.visible != SheetVisibleEnum.Visible:
                hidden.append(meta.name)
            elif meta.typ == SheetTypeEnum.MacroSheet:
                raise _macro_refusal(name, MACRO_SHEET, sheet=meta.name)
            elif meta.typ != SheetTypeEnum.WorkSheet:
                sheets.append(RawSheet(name=meta.name, rows=[]))
            elif meta.name not in extents:
                raise _damaged(name)  # never hand calamine a sheet that was not scanned
            else:
                sheets.append(_load_sheet(book, meta.name, name, budget))
    return sheets, hidden


def _load_sheet(
    book: CalamineWorkbook, sheet_name: str, file_name: str, budget: list[int]
) -> RawSheet:
    """One sheet; ``budget`` holds the cells the workbook's other sheets have left."""
    sheet = book.get_sheet_by_name(sheet_name)
    start = sheet.start
    if start is None:
        return RawSheet(name=sheet_name, rows=[])
    top, left = start
    extent = _Extent(top + sheet.height, left + sheet.width)
    _check_extent(extent, file_name, sheet_name)
    budget[0] -= extent.cells
    if budget[0] < 0:
        raise _workbook_too_large(file_name)
    rows = _clean_rows(sheet.to_python(skip_empty_area=True), left)
    _fill_merged(rows, sheet.merged_cell_ranges or [], top, file_name, sheet_name)
    return RawSheet(name=sheet_name, rows=rows, first_row_number=top + 1)


def _clean_rows(grid: list[list[object]], left: int) -> list[list[object]]:
    """calamine's values as the pipeline wants them: None for empty, whole numbers as int.

    Excel stores every number as a float; 12.0 becomes 12 (as pandas does) so identifiers
    and counts do not turn into "12.0". ``left`` empty columns are put back in front, so that
    list positions match Excel's columns.
    """
    lead = [None] * left
    real = float
    return [
        lead
        + [
            (int(v) if v.is_integer() and -1e15 < v < 1e15 else v)
            if type(v) is real
            else (None if v == "" else v)
            for v in row
        ]
        for row in grid
    ]


def _fill_merged(
    rows: list[list[object]],
    ranges: list[tuple[tuple[int, int], tuple[int, int]]],
    top: int,
    file_name: str,
    sheet: str,
) -> None:
    """Give every cell of a merged area the value of its top-left cell.

    calamine gives areas as ((first row, first column), (last row, last column)), 0-based
    and inclusive, in sheet coordinates; ``rows[0]`` is sheet row ``top``. Only merged cells
    are touched, and no more cells than the sheet has (overlapping areas are damage).
    """
    if not rows:
        return
    width = len(rows[0])
    budget = len(rows) * width
    for (row0, col0), (row1, col1) in ranges:
        first, last = row0 - top, min(row1 - top, len(rows) - 1)
        col1 = min(col1, width - 1)
        if not (0 <= first < len(rows) and col0 < width) or rows[first][col0] is None:
            continue
        value = rows[first][col0]
        budget -= (last - first + 1) * (col1 - col0 + 1)
        if budget < 0:
            raise refuse(
                N_(
                    "has overlapping merged cells; the file is damaged. Open it in Excel, "
                    "unmerge the cells and save it again."
                ),
                file=file_name,
                sheet=sheet,
            )
        span = col1 - col0 + 1
        for index in range(first, last + 1):
            rows[index][col0 : col1 + 1] = [value] * span


# --------------------------------------------------------------------------- text (CSV)

_DELIMITERS = (",", ";", "\t", "|")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SEP_HINT = re.compile(r"sep=(.)\r?\n")


def _read_text_file(data: bytes, name: str) -> tuple[list[RawSheet], list[Problem]]:
    extension = _extension(name)
    if extension in _WORKBOOK_EXTENSIONS:
        try:
            _decode(data, name, "")
        except IngestError:
            # Neither a workbook nor text (random bytes, a cut-off download): saying that it
            # "holds plain text" and suggesting to rename it to .csv would mislead.
            raise _damaged(name) from None
        raise refuse(
            N_(
                "is not a real Excel workbook: it holds plain text. If it is a CSV export, "
                "rename it to .csv; otherwise open it in Excel and save it as .xlsx (Excel "
                "Workbook), then upload that."
            ),
            file=name,
        )
    sheet, warnings = _read_csv(data, name, _stem(name), inner=False)
    if extension == ".xls":
        warnings.append(
            Problem.translatable(
                WARNING,
                N_("is named .xls but holds delimited text; it was read as CSV."),
                {},
                file=name,
            )
        )
    return [sheet], warnings


def _read_csv(data: bytes, name: str, sheet: str, *, inner: bool) -> tuple[RawSheet, list[Problem]]:
    """One CSV (the upload itself, or the single file inside an uploaded ZIP)."""
    where = sheet if inner else ""
    text, warnings = _decode(data, name, where)
    first_row = 1
    delimiter = None
    if hint := _SEP_HINT.match(text):  # Excel's "sep=;" first line, which Excel hides
        delimiter, text, first_row = hint.group(1), text[hint.end() :], 2
    rows, line_numbers = _parse_csv(text, delimiter or _sniff_delimiter(text), name, where)
    if first_row == 2:
        line_numbers = [n + 1 for n in line_numbers]
    return (
        RawSheet(name=sheet, rows=rows, first_row_number=first_row, line_numbers=line_numbers),
        warnings,
    )


def _decode(data: bytes, name: str, sheet: str) -> tuple[str, list[Problem]]:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252; all strict."""
    warnings: list[Problem] = []
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("cp1252")
                warnings.append(
                    Problem.translatable(
                        WARNING,
                        N_(
                            "was read as Windows-1252 (not UTF-8); check that accented letters "
                            "and € look right. Saving as 'CSV UTF-8' avoids this."
                        ),
                        {},
                        file=name,
                        sheet=sheet,
                    )
                )
    except UnicodeDecodeError:
        raise _not_text(name, sheet) from None
    text = text.removesuffix("\x1a")  # the end-of-file mark of old DOS tools
    _check_control_characters(text, name, sheet)
    return text, warnings


def _check_control_characters(text: str, name: str, sheet: str) -> None:
    allowed = int(len(text) * limits.MAX_CONTROL_CHAR_SHARE)
    for count, _ in enumerate(_CONTROL.finditer(text), start=1):
        if count > allowed:
            raise _not_text(name, sheet)


def _not_text(name: str, sheet: str) -> IngestError:
    return refuse(
        N_(
            "could not be read as text in UTF-8 or Windows-1252: it is a binary file or text in "
            "another encoding (such as UTF-16 without a byte-order mark). Use UTF-8 or "
            "Windows-1252: in Excel, 'Save As' → 'CSV UTF-8 (Comma delimited)'."
        ),
        file=name,
        sheet=sheet,
    )


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first records into the most consistent field counts.

    Quote-aware (the records are parsed with the csv module). Ties go to the earlier of
    , ; tab |, and a file whose records never split is read as one column.
    """
    sample = text[: limits.CSV_SNIFF_CHARS]
    cut_short = len(text) > len(sample)
    best, best_score = ",", (0.0, 0)
    for delimiter in _DELIMITERS:
        try:
            counts = [
                len(r)
                for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
                if r
            ]
        except csv.Error:
            continue
        if cut_short and len(counts) > 1:
            counts.pop()  # the last record may be cut in the middle
        if not counts:
            continue
        fields, times = Counter(counts).most_common(1)[0]
        score = (times / len(counts), fields)
        if fields > 1 and score > best_score:
            best, best_score = delimiter, score
    return best


def _parse_csv(
    text: str, delimiter: str, name: str, sheet: str
) -> tuple[list[list[object]], list[int]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[object]] = []
    line_numbers: list[int] = []
    width = cells = 0
    next_line = 1
    try:
        for record in reader:
            line_numbers.append(next_line)
            next_line = reader.line_num + 1
            rows.append([value.strip() or None for value in record])
            width = max(width, len(record))
            cells += len(record)
            if (
                width > limits.MAX_SHEET_COLUMNS
                or len(rows) > limits.MAX_SHEET_ROWS
                or cells > limits.MAX_SHEET_CELLS
            ):
                break
    except csv.Error as exc:
        raise refuse(
            N_(
                "could not be read as CSV near line {line} ({error}). Check that quotes around "
                "values are closed, or export the file again."
            ),
            {"line": f"{reader.line_num:,}", "error": exc},
            file=name,
            sheet=sheet,
        ) from None
    _check_csv_size(len(rows), width, name, sheet)
    for row in rows:
        if len(row) < width:
            row.extend([None] * (width - len(row)))
    return rows, line_numbers


def _check_csv_size(records: int, width: int, name: str, sheet: str) -> None:
    if _within_limits(_Extent(records, width)):
        return
    raise refuse(
        N_(
            "has more than Steerco reads from one file (at most {max_rows} rows, {max_columns} "
            "columns and {max_cells} cells); it has at least {records} records and {columns} "
            "columns. Split it into smaller files or remove columns Steerco does not need."
        ),
        {"records": f"{records:,}", "columns": f"{width:,}", **_limits_params()},
        file=name,
        sheet=sheet,
    )
