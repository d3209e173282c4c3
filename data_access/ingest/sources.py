"""SQL sources: datasets pulled by a query from another database (a ticketing tool, an ERP).

A TOML file lists the sources. Each query's result goes through the same mapping,
validation, commit and history as an uploaded sheet — there is just no preview step.

    [[source]]
    name = "ITSM incidents"
    url_env = "ITSM_DB_URL"        # or url = "postgresql+psycopg://reader@host/itsm"
    dataset = "tickets"
    mapping = "servicenow-incidents"   # optional: a built-in or saved mapping
    query = "SELECT number, priority, opened_at FROM incident"
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from data_access import schema
from data_access.engine import CONNECT_TIMEOUT_S, describe_url, first_line
from data_access.ingest import service
from data_access.ingest.mapping import MappingError
from data_access.ingest.problems import ERROR, Problem, TranslatableError
from data_access.ingest.reader import RawSheet, RawWorkbook, sha256_of
from data_access.marks import N_

#: Most rows taken from one source query: a runaway query (a missing WHERE on an audit
#: table) must not exhaust memory; a million tickets plus margin still fits.
MAX_SOURCE_ROWS = 2_000_000
#: Rows fetched from the source per round trip.
FETCH_BATCH = 50_000
_READ_ONLY_STARTS = ("select", "with")
#: Quoted strings, quoted names and comments: a ';' in them does not end the statement.
_NOT_CODE = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\*.*?\*/", re.DOTALL)


class SourceError(TranslatableError):
    """The sources file is missing or wrong; the message is for the user."""


@dataclass(frozen=True)
class Source:
    name: str
    dataset: str
    query: str
    url: str | None = None
    url_env: str | None = None
    mapping: str | None = None
    replace_scope: bool = True

    def resolved_url(self) -> str:
        if self.url:
            return self.url
        value = os.environ.get(self.url_env or "")
        if not value:
            raise SourceError.of(
                N_("source '{source}': the environment variable {variable} is not set"),
                source=self.name,
                variable=self.url_env,
            )
        return value


@dataclass(frozen=True)
class SyncOutcome:
    label: str
    report: service.ImportReport


def _source(entry: dict, path: Path, index: int) -> Source:
    where = f"{path.name}, source {index + 1}"
    name = str(entry.get("name") or f"source {index + 1}")
    missing = [k for k in ("dataset", "query") if not entry.get(k)]
    if not entry.get("url") and not entry.get("url_env"):
        missing.append("url or url_env")
    if missing:
        raise SourceError(f"{where} ('{name}'): missing {', '.join(missing)}")
    unknown = set(entry) - {
        "name",
        "dataset",
        "query",
        "url",
        "url_env",
        "mapping",
        "replace_scope",
    }
    if unknown:
        raise SourceError(f"{where} ('{name}'): unknown key(s) {', '.join(sorted(unknown))}")
    if entry["dataset"] not in schema.DATASETS_BY_NAME:
        raise SourceError(
            f"{where} ('{name}'): no dataset '{entry['dataset']}'; "
            f"known: {', '.join(schema.DATASETS_BY_NAME)}"
        )
    query = str(entry["query"]).strip().rstrip(";").rstrip()
    code = _NOT_CODE.sub(" ", query).strip().lower().lstrip("(")
    if not code.startswith(_READ_ONLY_STARTS):
        raise SourceError(f"{where} ('{name}'): the query must be a SELECT (or WITH … SELECT)")
    if ";" in code:
        raise SourceError(f"{where} ('{name}'): the query must be one statement (no ';' inside)")
    return Source(
        name=name,
        dataset=entry["dataset"],
        query=query,
        url=entry.get("url"),
        url_env=entry.get("url_env"),
        mapping=entry.get("mapping"),
        replace_scope=bool(entry.get("replace_scope", True)),
    )


def load_sources(path: str | Path) -> list[Source]:
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"No sources file at {path}. See docs/import.md for its format.")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path.name} is not valid TOML: {exc}") from None
    entries = data.get("source") or []
    if not isinstance(entries, list) or not entries:
        raise SourceError(f"{path.name} lists no [[source]]")
    return [_source(entry, path, i) for i, entry in enumerate(entries)]


def _plain(value: object) -> object:
    return float(value) if isinstance(value, Decimal) else value


def fetch(source: Source) -> RawWorkbook:
    """Run a source's query (read-only, rolled back) into a one-sheet raw workbook."""
    url = source.resolved_url()
    kwargs = {}
    if url.startswith("postgresql"):
        kwargs["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_S}
    engine = sa.create_engine(url, **kwargs)
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":  # a data-modifying CTE fails, not just undone
                conn.execute(sa.text("SET TRANSACTION READ ONLY"))
            result = conn.execute(sa.text(source.query))
            headers = list(result.keys())
            rows: list[list[object]] = [headers]
            while batch := result.fetchmany(FETCH_BATCH):
                rows.extend([_plain(v) for v in row] for row in batch)
                if len(rows) - 1 > MAX_SOURCE_ROWS:
                    raise SourceError.of(
                        N_("source '{source}' returned more than {limit} rows; narrow the query"),
                        source=source.name,
                        limit=f"{MAX_SOURCE_ROWS:,}",
                    )
            conn.rollback()
    finally:
        engine.dispose()
    fingerprint = sha256_of(repr(rows[:1000]).encode() + str(len(rows)).encode())
    return RawWorkbook(
        file_name=f"source '{source.name}'",
        kind="sql",
        sha256=fingerprint,
        size=0,
        sheets=[RawSheet(name=source.dataset, rows=rows)],
    )


def sync_source(
    engine: Engine,
    source: Source,
    *,
    dry_run: bool = False,
    user_name: str | None = None,
    currency: str | None = None,
) -> service.ImportReport:
    label = f"sync: {source.name}"
    report = service.ImportReport(file_name=label, dry_run=dry_run)
    try:
        mapping = service.resolve_mapping(engine, source.mapping)
        if mapping is not None and mapping.dataset != source.dataset:
            raise SourceError.of(
                N_("source '{source}': the mapping '{mapping}' is for {dataset}, not {wanted}"),
                source=source.name,
                mapping=mapping.name,
                dataset=mapping.dataset,
                wanted=source.dataset,
            )
        workbook = fetch(source)
    except (SourceError, MappingError) as exc:
        report.problems.add(Problem.from_error(ERROR, exc))
    except Exception as exc:  # the source database is down or the query is wrong
        reason = first_line(exc, source.url or os.environ.get(source.url_env or ""))[:300]
        where = describe_url(source.url) if source.url else f"${source.url_env}"
        report.problems.add(
            Problem.translatable(
                ERROR,
                N_("source '{source}' ({where}) could not be read: {reason}"),
                {"source": source.name, "where": where, "reason": reason},
            )
        )
    if report.problems.has_errors:
        if not dry_run:
            service.record_refusal(
                engine,
                label,
                report.problems,
                sha256=None,
                datasets=[source.dataset],
                user_name=user_name,
            )
        return report
    report.prepared = service.check_workbook(
        engine, workbook, dataset=source.dataset, mapping=mapping, currency=currency
    )
    report.problems = report.prepared.problems
    if report.refused:
        if not dry_run:
            service.record_refusal(
                engine,
                label,
                report.problems,
                sha256=workbook.sha256,
                datasets=[source.dataset],
                user_name=user_name,
            )
        return report
    if dry_run:
        from data_access import versioning

        report.changes = versioning.preview(
            engine, report.prepared.frames, replace_scope=source.replace_scope
        )
        return report
    try:
        report.result = service.commit_prepared(
            engine,
            report.prepared,
            user_name=user_name,
            replace_scope=source.replace_scope,
            source=label,
        )
        report.changes = report.result.changes
    except Exception as exc:
        report.problems.add(Problem(ERROR, str(exc)))
    return report


def sync(
    engine: Engine,
    sources: list[Source],
    *,
    dry_run: bool = False,
    user_name: str | None = None,
    currency: str | None = None,
) -> Iterator[SyncOutcome]:
    """Pull every source, one import each (a failing source does not stop the others);
    ``currency`` is the organisation's, as for an upload."""
    for source in sources:
        report = sync_source(
            engine, source, dry_run=dry_run, user_name=user_name, currency=currency
        )
        yield SyncOutcome(source.name, report)
