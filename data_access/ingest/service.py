"""One import from end to end, as the command line and the SQL sync run it.

read → map → check → (preview) → commit, with every refused or failed attempt recorded in
the import log. The Data page runs the same steps one at a time, so the user sees each.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from data_access import schema, versioning
from data_access.access import AccessRefused
from data_access.engine import WriteRefused, first_line
from data_access.ingest import limits, reader
from data_access.ingest.mapping import Mapping, MappingError, load_mapping
from data_access.ingest.pipeline import Prepared, prepare
from data_access.ingest.problems import ERROR, IngestError, Problem, Problems
from data_access.ingest.reader import RawWorkbook, read_file, sha256_of
from data_access.marks import N_
from data_access.said import Said

log = logging.getLogger(__name__)


@dataclass
class ImportReport:
    """What an import did, or why it did not."""

    file_name: str
    problems: Problems = field(default_factory=Problems)
    prepared: Prepared | None = None
    changes: versioning.ChangeSet | None = None
    result: versioning.CommitResult | None = None
    dry_run: bool = False

    @property
    def refused(self) -> bool:
        return self.problems.has_errors

    @property
    def committed(self) -> bool:
        return self.result is not None and self.result.outcome == schema.OUTCOME_COMMITTED


def known_project_ids(engine: Engine) -> set[str]:
    table = schema.TABLES["projects"]
    with engine.connect() as conn:
        return set(conn.execute(sa.select(table.c.project_id)).scalars())


def resolve_mapping(engine: Engine, name: str | None) -> Mapping | None:
    if not name:
        return None
    with engine.connect() as conn:
        return load_mapping(conn, name)


def read_upload(
    data: bytes, file_name: str, *, max_bytes: int = limits.MAX_UPLOAD_BYTES
) -> tuple[RawWorkbook | None, Problems]:
    """Read a file safely; a refused file gives no workbook and one error."""
    problems = Problems()
    try:
        return read_file(data, file_name, max_bytes=max_bytes), problems
    except IngestError as exc:
        problems.add(exc.problem)
    return None, problems


def check_workbook(
    engine: Engine,
    workbook: RawWorkbook,
    *,
    dataset: str | None = None,
    mapping: Mapping | None = None,
    currency: str | None = None,
) -> Prepared:
    """Check a workbook against the store; ``currency`` is the organisation's (the setting),
    against which amounts marked with a currency are checked (see ``pipeline.prepare``)."""
    return prepare(
        workbook,
        dataset=dataset,
        mapping=mapping,
        known_projects=lambda: known_project_ids(engine),
        currency=currency,
    )


def record_refusal(
    engine: Engine,
    file_name: str,
    problems: Problems,
    *,
    sha256: str | None,
    datasets: list[str],
    user_name: str | None,
) -> int:
    """Record a refused import; ``None`` when the store takes no write (then ``problems``
    also says why it could not be recorded)."""
    errors = problems.errors
    message = "; ".join(str(p) for p in errors[:5])
    if len(errors) > 5:
        message += f"; and {len(errors) - 5} more error(s)"
    try:
        return versioning.record_outcome(
            engine,
            source=file_name,
            outcome=schema.OUTCOME_REFUSED,
            message=message,
            datasets=datasets,
            sha256=sha256,
            user_name=user_name,
        )
    except WriteRefused as exc:
        problems.add(Problem(ERROR, str(exc), file=file_name))
        return None


def commit_prepared(
    engine: Engine,
    prepared: Prepared,
    *,
    user_name: str | None = None,
    replace_scope: bool = True,
    expected: versioning.ChangeSet | None = None,
    source: str | None = None,
    authorise: Callable[[Connection, versioning.ChangeSet], None] | None = None,
) -> versioning.CommitResult:
    """Commit checked frames; a failure is recorded and re-raised as CommitRefused.
    ``authorise`` is the service layer's check of the changes (``data_access.writes``); its
    refusal propagates as it is."""
    try:
        return versioning.commit(
            engine,
            prepared.frames,
            source=source or prepared.file_name,
            sha256=prepared.sha256,
            user_name=user_name,
            replace_scope=replace_scope,
            expected=expected,
            authorise=authorise,
        )
    except (versioning.CommitRefused, AccessRefused):
        raise
    except WriteRefused as exc:  # the store takes no write at all: nothing to record either
        raise versioning.CommitRefused(str(exc)) from exc
    except Exception as exc:
        log.exception("import of %s failed", prepared.file_name)
        reason = first_line(exc, engine.url)[:300]
        message = f"The import failed and nothing was changed: {reason}"
        try:
            versioning.record_outcome(
                engine,
                source=source or prepared.file_name,
                outcome=schema.OUTCOME_FAILED,
                message=message,
                datasets=prepared.datasets,
                sha256=prepared.sha256,
                user_name=user_name,
            )
        except Exception:  # the store itself is gone: the message above still holds
            log.exception("could not record the failed import")
        raise versioning.CommitRefused(message) from exc


def run_import(
    engine: Engine,
    data: bytes,
    file_name: str,
    *,
    dataset: str | None = None,
    mapping: str | Mapping | None = None,
    dry_run: bool = False,
    user_name: str | None = None,
    replace_scope: bool = True,
    max_bytes: int = limits.MAX_UPLOAD_BYTES,
    source: str | None = None,
    currency: str | None = None,
    authorise: Callable[[Connection, versioning.ChangeSet], None] | None = None,
    confirm_above: float | None = None,
) -> ImportReport:
    """Read, check and (unless ``dry_run`` or refused) commit one file; amounts in another
    currency than ``currency``, the organisation's, refuse it. With ``confirm_above`` (a
    share, 0–1: an import with a proposed mapping nobody has checked) a commit that would
    change or remove more than that share of a dataset's stored rows is refused until
    confirmed (the caller runs it again without the limit)."""
    report = ImportReport(file_name=file_name, dry_run=dry_run)

    def refuse_early(problem: Problem) -> ImportReport:
        # Refused before the file is read (a wrong choice of dataset or mapping): still said
        # with the file's name, and still recorded in the import log like every refusal.
        report.problems.add(problem)
        if not dry_run:
            record_refusal(
                engine,
                source or file_name,
                report.problems,
                sha256=sha256_of(data),
                datasets=[],
                user_name=user_name,
            )
        return report

    if dataset is not None and dataset not in schema.DATASETS_BY_NAME:
        return refuse_early(
            Problem.translatable(
                ERROR,
                N_("there is no dataset '{dataset}'"),
                {"dataset": dataset},
                file=file_name,
                expected=", ".join(schema.DATASETS_BY_NAME),
            )
        )
    try:
        chosen = resolve_mapping(engine, mapping) if isinstance(mapping, str) else mapping
    except MappingError as exc:
        return refuse_early(Problem.from_error(ERROR, exc, file=file_name))
    workbook, problems = read_upload(data, file_name, max_bytes=max_bytes)
    report.problems = problems
    if workbook is not None:
        report.prepared = check_workbook(
            engine, workbook, dataset=dataset, mapping=chosen, currency=currency
        )
        report.problems = report.prepared.problems
    if report.refused:
        if not dry_run:
            record_refusal(
                engine,
                source or file_name,
                report.problems,
                sha256=workbook.sha256 if workbook else sha256_of(data),
                datasets=report.prepared.datasets if report.prepared else [],
                user_name=user_name,
            )
        return report
    prepared = report.prepared
    if dry_run or confirm_above is not None:
        report.changes = versioning.preview(engine, prepared.frames, replace_scope=replace_scope)
        if dry_run:
            return report
        for problem in too_many_changes(engine, report.changes, confirm_above, file_name):
            report.problems.add(problem)
        if report.refused:
            return report
    try:
        report.result = commit_prepared(
            engine,
            prepared,
            user_name=user_name,
            replace_scope=replace_scope,
            source=source,
            authorise=authorise,
        )
        report.changes = report.result.changes
    except versioning.CommitRefused as exc:
        report.problems.add(Problem(ERROR, str(exc), file=file_name))
    return report


def too_many_changes(
    engine: Engine, changes: versioning.ChangeSet, share: float, file_name: str
) -> list[Problem]:
    """A problem per dataset whose changed and removed rows exceed ``share`` of its stored
    rows (nothing stored: nothing to lose)."""
    problems = []
    with engine.connect() as conn:
        for name, dataset in changes.datasets.items():
            table = schema.TABLES[name]
            stored = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            touched = dataset.counts["changed"] + dataset.counts["removed"]
            if stored and touched > share * stored:
                problems.append(
                    Problem.translatable(
                        ERROR,
                        N_(
                            "would change or remove {touched} of the {stored} stored {dataset} "
                            "rows ({percent}), more than the {limit} an import with a proposed "
                            "mapping may change without a confirmation"
                        ),
                        {
                            "touched": touched,
                            "stored": stored,
                            "dataset": name,
                            "percent": f"{touched / stored:.0%}",
                            "limit": f"{share:.0%}",
                        },
                        file=file_name,
                        expected=Said(N_("check the changes first (a dry run), then confirm")),
                    )
                )
    return problems


def import_path(engine: Engine, path: str | Path, **kw) -> ImportReport:
    """Import a file from disk; a file over the size limit is refused before it is read."""
    path = Path(path)
    max_bytes = kw.get("max_bytes", limits.MAX_UPLOAD_BYTES)
    size = path.stat().st_size
    if size > max_bytes:
        report = ImportReport(file_name=path.name, dry_run=kw.get("dry_run", False))
        # The reader's own refusal, so that the message (and its rounding of small limits,
        # "0.001 MB" rather than "0 MB") is the same whichever way the file arrives.
        report.problems.add(reader.too_large(path.name, size, max_bytes).problem)
        if not report.dry_run:
            record_refusal(
                engine,
                path.name,
                report.problems,
                sha256=None,
                datasets=[],
                user_name=kw.get("user_name"),
            )
        return report
    return run_import(engine, path.read_bytes(), path.name, **kw)
