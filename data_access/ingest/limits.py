"""How much the importer accepts before it refuses a file, and why each number was chosen.

The reader checks these before it unpacks or allocates anything, so a hostile or broken file
costs a few milliseconds instead of the server's memory. Measurements quoted below were taken
with openpyxl 3.1 and python-calamine 0.9 on the development machine.
"""

from __future__ import annotations

#: Largest upload, in bytes (decimal MB, like ``max_upload_mb`` in the configuration, which
#: callers pass instead). A 100,000-row × 15-column tickets workbook is about 9 MB, so 50 MB
#: leaves room for several years of tickets while keeping an upload quick to refuse.
MAX_UPLOAD_BYTES = 50_000_000

#: Most entries a ZIP (workbook) may list. A workbook holds about ten parts plus two or three
#: per sheet, chart or picture; even 200 sheets with charts stay under 2,000. Thousands of tiny
#: entries are a way to make the unpacking itself slow.
MAX_ZIP_ENTRIES = 10_000

#: Largest total uncompressed size of a ZIP, from its central directory. openpyxl writes 78.6 MB
#: of sheet XML per 100,000 rows × 15 columns, so a million-ticket sheet is about 790 MB of
#: XML (87 MB zipped, which a raised upload limit may allow) and must pass. Above 1 GiB the
#: file is either absurd or a bomb. Everything is unpacked in a streaming way, so this bounds
#: time, not memory.
MAX_UNCOMPRESSED_BYTES = 1 << 30

#: Highest uncompressed/compressed ratio of one ZIP entry. Measured: an ordinary tickets sheet
#: compresses 9:1; 100,000 rows holding "N/A" in all 15 columns (as repetitive as real data
#: gets) 25:1. DEFLATE peaks near 1,030:1 on runs of zeros, which is what bombs use, so 200
#: leaves eight times the headroom over the most repetitive real sheet measured.
MAX_COMPRESSION_RATIO = 200

#: Entries smaller than this uncompressed are not ratio-checked: small XML parts (styles,
#: empty sheets) legitimately compress 50:1 or more and cannot hurt at this size.
RATIO_CHECK_FLOOR_BYTES = 1 << 20

#: Most rows in one sheet or CSV. Excel stops at 1,048,576; a million tickets (a few years of
#: a large service desk, exported as CSV) must pass, with some headroom.
MAX_SHEET_ROWS = 1_100_000

#: Most columns in one sheet or CSV. Steerco's templates have at most 30 columns and a raw
#: ServiceNow incident export 36; more than 200 means the used range runs far to the right of
#: the data (formatting dragged to column XFD), not a real table.
MAX_SHEET_COLUMNS = 200

#: Most cells (rows × columns of the sheet's used rectangle) in one sheet. calamine holds the
#: whole rectangle at 32 bytes a cell before Python sees it, and Python then about 50 bytes a
#: filled cell: 40 million cells is a million tickets × 40 columns, about 2 GB at worst.
MAX_SHEET_CELLS = 40_000_000

#: Most cells in all the sheets of one workbook together, for the same memory reason.
MAX_WORKBOOK_CELLS = 50_000_000

#: Largest workbook part parsed whole in memory ([Content_Types].xml, xl/workbook.xml, its
#: relationships). Real ones are a few kB; 20 MB allows thousands of defined names.
MAX_METADATA_PART_BYTES = 20_000_000

#: Size of the pieces in which ZIP entries are unpacked and scanned: small enough to stay in
#: the CPU cache during the several scans of each piece, large enough to keep overhead low.
READ_CHUNK_BYTES = 1 << 20

#: Share of control characters (other than tab, CR and LF) above which decoded "text" is
#: refused as binary or as another encoding. UTF-16 read as UTF-8 is ~50 % NUL and random bytes
#: ~11 % controls; a real CSV with the odd stray control character stays far below 1 %.
MAX_CONTROL_CHAR_SHARE = 0.01

#: How much of a CSV is looked at to guess its delimiter: a few hundred records.
CSV_SNIFF_CHARS = 64_000
