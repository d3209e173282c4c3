"""The Data page model: what it shows and lets a PM download about an import — the problems
of a file, the sheets read, the changes it would make, the import history, any dataset as it
stood at a moment, the saved mappings and the SQL sources.

Plain Python (no Streamlit). The read functions (:func:`template`, :func:`history`,
:func:`as_of`, :func:`mappings`, :func:`sources`) take a connection first and go through the
page's one cached adapter (``data.page``); writes (imports, rollbacks, saved mappings, source
pulls) go through the ingest service, never through here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import queries, schema, users, versioning, workbook_queries
from data_access import template as templates
from data_access.access import Identity
from data_access.filters import Filters
from data_access.ingest import mapping as mapping_store
from data_access.ingest import sources as source_store
from data_access.ingest.pipeline import SheetResult
from data_access.ingest.problems import Problem
from data_access.versioning import ChangeSet, DatasetChanges
from steerco import fmt
from steerco.config import Settings
from steerco.i18n import N_, rag_label, t

#: Rows of each change table shown on the page (the preview summary counts them all).
PREVIEW_ROWS = 500
#: Imports listed in the history.
HISTORY_ROWS = 500
#: Rows of a dataset as of a moment shown on the page (the download holds them all).
AS_OF_ROWS = 2_000
PROBLEM_COLUMNS = ("Severity", "Sheet", "Row", "Column", "Problem", "Found", "Expected", "File")
#: How a changed field reads in the preview: before → after.
CHANGE_ARROW = " → "
#: Scope values named one by one in the explanation of "Remove stored rows…"; more are counted.
NAMED_SCOPE_VALUES = 10
#: The "Download my projects" file: steerco_my_projects_<date>.xlsx.
MY_PROJECTS_FILE = "steerco_my_projects_{day}.xlsx"


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    rows = [
        {
            t("Severity"): t("Error") if p.is_error else t("Warning"),
            t("Sheet"): p.sheet,
            t("Row"): p.row,
            t("Column"): p.column,
            t("Problem"): p.translated(t),
            t("Found"): p.value,
            t("Expected"): p.expected_translated(t),
            t("File"): p.file,
        }
        for p in problems
    ]
    frame = pd.DataFrame(rows, columns=[t(c) for c in PROBLEM_COLUMNS])
    frame[t("Row")] = frame[t("Row")].astype("Int64")
    return frame


def empty_sheets(sheets: Iterable[SheetResult]) -> list[str]:
    """Sheets of a known dataset with headers only (an unused template sheet): skipped."""
    return [s.sheet for s in sheets if s.dataset and not s.rows]


def sheets_frame(sheets: Iterable[SheetResult]) -> pd.DataFrame:
    """What was recognised in the file: one row per sheet that holds rows or is unknown."""
    rows = []
    for s in sheets:
        if s.dataset and not s.rows:
            continue
        title = t(schema.dataset(s.dataset).title) if s.dataset else t("not recognised")
        note = []
        if s.reduced_from:
            note.append(t("{n} events → latest state per item", n=fmt.number(s.reduced_from)))
        if s.skipped_blank:
            note.append(t("{n} blank rows skipped", n=s.skipped_blank))
        if s.skipped_totals:
            note.append(t("{n} total rows skipped", n=s.skipped_totals))
        rows.append(
            {
                t("Sheet"): s.sheet,
                t("Dataset"): title,
                t("Header row"): s.header_row,
                t("Rows"): s.rows,
                t("Mapping"): s.mapping or t("automatic"),
                t("Notes"): "; ".join(note),
            }
        )
    return pd.DataFrame(rows)


def changes_summary(changes: ChangeSet) -> pd.DataFrame:
    rows = []
    for name, change in changes.datasets.items():
        c = change.counts
        scope = (
            t("rows of the same {col} missing from the file are removed", col=change.scope_column)
            if change.scope_column
            else t("add and update only")
        )
        rows.append(
            {
                t("Dataset"): t(schema.dataset(name).title),
                t("Added"): c["added"],
                t("Changed"): c["changed"],
                t("Removed"): c["removed"],
                t("Unchanged"): c["unchanged"],
                t("Scope"): scope,
            }
        )
    return pd.DataFrame(rows)


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return fmt.MISSING
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M") if value.hour or value.minute else fmt.day(value)
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def _value_text(value: object, column: schema.Column | None) -> str:
    """A value as the preview shows it: a RAG code as its word (Green, Amber, Red)."""
    if column is not None and column.type is schema.ColumnType.RAG:
        if isinstance(value, str) and value:
            return rag_label(value)
        return fmt.MISSING
    return _text(value)


def _column_of(dataset: str, name: str) -> schema.Column | None:
    ds = schema.dataset(dataset)
    return ds.column(name) if name in ds.column_names else None


def _key_text(change: DatasetChanges, frame: pd.DataFrame) -> pd.Series:
    keys = list(schema.dataset(change.dataset).keys)
    return frame[keys].apply(lambda r: " / ".join(_text(v) for v in r), axis=1)


def field_changes_table(change: DatasetChanges, limit: int = PREVIEW_ROWS) -> pd.DataFrame:
    """Changed fields: the row's key, the column, and the value before → after."""
    fields = change.field_changes.head(limit)
    if fields.empty:
        return pd.DataFrame(columns=[t("Key"), t("Column"), t("Before → after")])
    columns = [_column_of(change.dataset, c) for c in fields["column"]]
    return pd.DataFrame(
        {
            t("Key"): _key_text(change, fields).to_numpy(),
            t("Column"): fields["column"].to_numpy(),
            t("Before → after"): [
                _value_text(old, col) + CHANGE_ARROW + _value_text(new, col)
                for old, new, col in zip(fields["old"], fields["new"], columns, strict=True)
            ],
        }
    )


def rows_table(frame: pd.DataFrame, dataset: str, limit: int = PREVIEW_ROWS) -> pd.DataFrame:
    """Added or removed rows for display: the dataset's columns as text, RAG as words."""
    ds = schema.dataset(dataset)
    head = frame.head(limit).reindex(columns=list(ds.column_names))
    return pd.DataFrame({c.name: [_value_text(v, c) for v in head[c.name]] for c in ds.columns})


#: A scope column → what its values are called in the explanation of "Remove stored rows…".
SCOPE_WORDS = {"project_id": N_("projects"), "resource": N_("resources"), "service": N_("services")}


def _named(values: list[str]) -> str:
    shown = ", ".join(values[:NAMED_SCOPE_VALUES])
    more = len(values) - NAMED_SCOPE_VALUES
    return shown if more <= 0 else t("{shown} and {n} more", shown=shown, n=more)


def removal_scope(frames: Mapping[str, pd.DataFrame], scoped: ChangeSet) -> str | None:
    """What "Remove stored rows that the file no longer lists" would do, in words, before it is
    switched on: which datasets, within which projects (or resources, services) — those the
    file lists on that dataset's sheet — and how many stored rows it would remove, counted in
    ``scoped`` (the preview made with ``replace_scope=True``). None when no dataset of the
    file replaces a scope."""
    groups: dict[tuple[str, tuple[str, ...], bool], list[str]] = {}
    for name, change in scoped.datasets.items():
        column = change.scope_column
        if not column or name not in frames:
            continue
        given = frames[name][column]
        values = tuple(sorted({str(v) for v in given.dropna()}))
        group = (column, values, bool(given.isna().any()))
        groups.setdefault(group, []).append(t(schema.dataset(name).title))
    if not groups:
        return None
    parts = []
    for (column, values, blank), titles in groups.items():
        part = t(
            "the rows of {what} {values} in {datasets}",
            what=t(SCOPE_WORDS.get(column, column)),
            values=_named(list(values)),
            datasets=", ".join(titles),
        )
        if blank:
            part += t(" (and the rows without a {column})", column=column)
        parts.append(part)
    removed = scoped.total("removed")
    return t(
        "Switched on, {scope} that this file does not list would be removed: {n} row(s).",
        scope="; ".join(parts),
        n=fmt.number(removed),
    )


def rows_export(frame: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """Every row for a download: the dataset's columns in order, values keeping their types
    (dates stay dates, numbers numbers)."""
    return frame.reindex(columns=list(schema.dataset(dataset).column_names)).reset_index(drop=True)


def history_table(log: pd.DataFrame) -> pd.DataFrame:
    """The import log for display, newest first."""
    outcome_labels = {
        schema.OUTCOME_SEEDED: t("Sample loaded"),
        schema.OUTCOME_COMMITTED: t("Committed"),
        schema.OUTCOME_UNCHANGED: t("No change"),
        schema.OUTCOME_REFUSED: t("Refused"),
        schema.OUTCOME_FAILED: t("Failed"),
        schema.OUTCOME_ROLLED_BACK: t("Rolled back"),
        schema.OUTCOME_ROLLBACK: t("Rollback"),
    }
    return pd.DataFrame(
        {
            t("Import"): log["import_id"].map(lambda i: f"#{i}"),
            t("When"): log["started_at"].dt.strftime("%Y-%m-%d %H:%M:%S"),
            t("Who"): log["user_name"].fillna(""),
            t("Source"): log["source"],
            t("Outcome"): log["outcome"].map(lambda o: outcome_labels.get(o, o)),
            t("Added"): log["rows_added"],
            t("Changed"): log["rows_changed"],
            t("Removed"): log["rows_removed"],
            t("Datasets"): log["datasets"].fillna("").str.replace(",", ", "),
            t("Message"): log["message"].fillna(""),
            "SHA-256": log["sha256"].fillna("").str[:12],
        }
    )


def import_summary(record: dict) -> pd.DataFrame:
    """Per-dataset counts of one import, from its recorded summary."""
    summary = json.loads(record.get("summary") or "{}")
    return pd.DataFrame(
        [
            {
                t("Dataset"): t(schema.dataset(name).title)
                if name in schema.DATASETS_BY_NAME
                else name,
                t("Added"): c.get("added", 0),
                t("Changed"): c.get("changed", 0),
                t("Removed"): c.get("removed", 0),
            }
            for name, c in summary.items()
        ]
    )


def import_line(record: dict, escape: Callable[[object], str] = str) -> str:
    """'**plan.xlsx** · 2026-11-16 09:30 · Ann · committed' for one import of the log (Markdown);
    ``escape`` makes the file name and the user's name text (``steerco.ui.text.literal``)."""
    return t(
        "**{source}** · {when} · {who} · {outcome}",
        source=escape(record["source"]),
        when=pd.Timestamp(record["started_at"]).strftime("%Y-%m-%d %H:%M"),
        who=escape(record.get("user_name") or t("unknown")),
        outcome=escape(record["outcome"]),
    )


def can_roll_back(record: dict) -> bool:
    return record.get("outcome") in (schema.OUTCOME_COMMITTED, schema.OUTCOME_ROLLBACK)


# --------------------------------------------------------------------------- reads of the page


def template(conn: Connection, scope: Filters | None = None) -> bytes:
    """The import template (.xlsx) in the user's language, its project drop-down listing the
    stored projects (of the user's ``scope``). Through the page's cache (keyed by language
    too): it is not rebuilt on every click."""
    return templates.template_bytes(project_ids=_scoped_ids(conn, scope), translate=t)


def _scoped_ids(conn: Connection, scope: Filters | None) -> list[str]:
    ids = workbook_queries.store_project_ids(conn)
    if scope is None or not scope.scoped:
        return ids
    visible = set(conn.execute(queries.project_ids_select(scope.only_scope())).scalars())
    return [i for i in ids if i in visible]


def filtered_project_ids(conn: Connection, filters: Filters) -> tuple[str, ...]:
    """The ids of the projects the filters select, sorted (the PMO's "my projects")."""
    return tuple(sorted(conn.execute(queries.project_ids_select(filters)).scalars()))


def my_projects_workbook(
    conn: Connection, filters: Filters, settings: Settings, *, project_ids: tuple[str, ...]
) -> bytes:
    """The "Download my projects" workbook: the template filled with the current data of
    ``project_ids`` (those of the user's scope, carried by ``filters``): projects, latest
    status reports with the state left empty, milestones and open RAID items."""
    ids = project_ids
    if filters.scoped:
        visible = set(_scoped_ids(conn, filters))
        ids = tuple(i for i in project_ids if i in visible)
    return templates.filled_template(conn, ids, translate=t)


def my_projects_file_name(day: date) -> str:
    return MY_PROJECTS_FILE.format(day=day.isoformat())


@dataclass
class History:
    log: pd.DataFrame  # the import log as stored, newest first
    table: pd.DataFrame  # the same rows for display

    @property
    def is_empty(self) -> bool:
        return self.log.empty

    def record(self, row: int) -> dict:
        return self.log.iloc[row].to_dict()


def own_projects(conn: Connection, who: Identity) -> list[str]:
    """The ids of the projects a project manager may import for, sorted."""
    return sorted(users.own_projects(conn, who))


def history(conn: Connection, limit: int = HISTORY_ROWS) -> History:
    """The latest imports, refused ones included, newest first."""
    log = versioning.import_log(conn, limit=limit)
    return History(log=log, table=history_table(log))


@dataclass
class AsOf:
    rows: int  # rows of the dataset at that moment
    table: pd.DataFrame  # the first rows, as text, for display
    export: pd.DataFrame  # every row, typed, for the download


def as_of(
    conn: Connection,
    dataset: str,
    at: datetime,
    scope: Filters | None = None,
    limit: int = AS_OF_ROWS,
) -> AsOf:
    """A dataset as it stood at moment ``at``; for a user with a ``scope``, only the rows of
    the projects in it (rows of no project, such as tickets, are not anyone's portfolio)."""
    frame = versioning.as_of(conn, dataset, at)
    if scope is not None and scope.scoped and "project_id" in frame.columns:
        visible = set(conn.execute(queries.project_ids_select(scope.only_scope())).scalars())
        frame = frame.loc[frame["project_id"].isin(visible)].reset_index(drop=True)
    return AsOf(
        rows=len(frame),
        table=rows_table(frame, dataset, limit=limit),
        export=rows_export(frame, dataset),
    )


@dataclass
class Mappings:
    table: pd.DataFrame  # every mapping, built-in and saved
    names: list[str]  # every mapping's name
    saved: list[str]  # the saved (deletable) ones


def mappings(conn: Connection) -> Mappings:
    """The column mappings an upload can use: built-in ones and those saved by users."""
    every = mapping_store.list_mappings(conn)
    table = pd.DataFrame(
        {
            t("Name"): [m.name for m in every],
            t("Dataset"): [t(schema.dataset(m.dataset).title) for m in every],
            t("Kind"): [t("built-in") if m.builtin else t("saved") for m in every],
            t("Description"): [
                m.description or ", ".join(f"{k} ← {v}" for k, v in m.columns.items())
                for m in every
            ],
        }
    )
    return Mappings(
        table=table,
        names=[m.name for m in every],
        saved=[m.name for m in every if not m.builtin],
    )


@dataclass
class Sources:
    configured: list[source_store.Source]
    table: pd.DataFrame | None  # None when the sources file cannot be used
    problem: str | None = None  # why not, for the user


def sources(conn: Connection, settings: Settings, modified: float | None = None) -> Sources:
    """The SQL sources of the sources file named in the settings. ``modified`` (the file's
    modification time) only keys the cache, so an edited file is read again."""
    try:
        configured = source_store.load_sources(settings.sources_file)
    except source_store.SourceError as exc:
        return Sources(configured=[], table=None, problem=str(exc))
    table = pd.DataFrame(
        {
            t("Source"): [s.name for s in configured],
            t("Dataset"): [t(schema.dataset(s.dataset).title) for s in configured],
            t("Mapping"): [s.mapping or t("automatic") for s in configured],
        }
    )
    return Sources(configured=configured, table=table)
