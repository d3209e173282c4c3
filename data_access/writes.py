"""The one service layer every write goes through: it checks the writer's role (and, for a
project manager, that the change touches only their projects) before anything is written, and
records every refusal in the audit trail.

The pages, the command line and the sync call these functions with the writer's
:class:`~data_access.access.Identity`; none of them calls the store's writers
(``versioning.commit``, ``versioning.rollback``, ``mapping.save_mapping``…) directly, so a
hidden button is never the only guard: a forged request meets the same check. A refusal raises
:class:`~data_access.access.AccessRefused` whose message says who, with which role, may not do
what, and that nothing was changed.

A project manager's import is checked on the change itself, inside the commit's transaction:
every row it adds, changes or removes (old and new version) must belong to one of their
projects (:func:`data_access.users.own_projects`); a dataset with no project (tickets, people,
services…) is not theirs to change.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from data_access import access, audit, mail, meetings, reports, schema, users, versioning
from data_access.access import AccessRefused, Identity
from data_access.engine import write_transaction
from data_access.ingest import mapping as mappings
from data_access.ingest import service, sources
from data_access.ingest.pipeline import Prepared
from data_access.ingest.problems import Problems
from data_access.queries import read as queries_read

log = logging.getLogger(__name__)

#: How many project ids a refusal names before "and N more".
NAMED = 5


# --------------------------------------------------------------------------- checks


def _record_refusal(engine: Engine, who: Identity, target: str, reason: str) -> None:
    """Put a refusal in the audit trail (its own transaction: the refused write left nothing).
    A store that takes no write at all still refuses the action; the server's log says so."""
    try:
        with write_transaction(engine) as conn:
            audit.record(conn, actor=who.label, action=audit.REFUSED, target=target, detail=reason)
    except Exception as exc:
        log.warning("refusal of %s not recorded: %s", who.label, type(exc).__name__)


def _refuse(engine: Engine, who: Identity, target: str, exc: AccessRefused) -> NoReturn:
    _record_refusal(engine, who, target, str(exc))
    raise exc


def require(engine: Engine, who: Identity, action: str, *, target: str | None = None) -> None:
    """Refuse (recorded) unless ``who``'s role may take ``action`` at all."""
    try:
        access.check(who, action)
    except AccessRefused as exc:
        _refuse(engine, who, target or access.ACTION_NAMES.get(action, action), exc)


def may(who: Identity, action: str) -> bool:
    """Whether to offer an action at all (the UI hides what the role may not do; the
    functions below check again)."""
    return access.allowed(who, action)


def touched(changes: versioning.ChangeSet) -> tuple[frozenset[str], tuple[str, ...]]:
    """The projects a change touches (every added, changed, replaced or removed row's
    project, old and new) and the datasets it changes that belong to no project."""
    projects: set[str] = set()
    unowned: list[str] = []
    for name, change in changes.datasets.items():
        if change.is_empty:
            continue
        frames = (change.added, change.changed, change.previous, change.removed)
        if not all("project_id" in f.columns for f in frames if not f.empty):
            unowned.append(name)
            continue
        for frame in frames:
            if frame.empty:
                continue
            ids = frame["project_id"]
            if ids.isna().any():  # a row of no project (a demand request not yet started)
                unowned.append(name)
            projects |= {str(v) for v in ids.dropna()}
    return frozenset(projects), tuple(dict.fromkeys(unowned))


def check_changes(conn: Connection, who: Identity, changes: versioning.ChangeSet) -> None:
    """Raise :class:`AccessRefused` unless ``who`` may write ``changes``: any importer may,
    a project manager only on their own projects."""
    access.check(who, access.IMPORT)
    if who.role != access.PROJECT_MANAGER:
        return
    projects, unowned = touched(changes)
    if unowned:
        raise AccessRefused(
            f"{who.label} may import only for their own projects; this change touches "
            f"{', '.join(unowned)}, which belong to no project; nothing was changed."
        )
    access.check(who, access.IMPORT, projects=projects, own=users.own_projects(conn, who))


def check_preview(engine: Engine, who: Identity, changes: versioning.ChangeSet) -> None:
    """The same check on a preview, before the user is offered to commit it (not recorded:
    nothing was attempted yet; the commit checks again and records a refusal)."""
    with engine.connect() as conn:
        check_changes(conn, who, changes)
    _pm_sets_no_approval(who, changes)


def _authorise(who: Identity) -> Callable[[Connection, versioning.ChangeSet], None]:
    def authorise(conn: Connection, changes: versioning.ChangeSet) -> None:
        check_changes(conn, who, changes)
        _pm_sets_no_approval(who, changes)
        _report_events(conn, who, changes, None)

    return authorise


# --------------------------------------------------------------------------- imports


def commit_import(
    engine: Engine,
    who: Identity,
    prepared: Prepared,
    *,
    replace_scope: bool = True,
    expected: versioning.ChangeSet | None = None,
    source: str | None = None,
) -> versioning.CommitResult:
    """Commit checked frames as ``who``; refused (and recorded) when the role or, for a
    project manager, the projects touched do not allow it."""
    target = f"import of {source or prepared.file_name}"
    require(engine, who, access.IMPORT, target=target)
    try:
        return service.commit_prepared(
            engine,
            prepared,
            user_name=who.label,
            replace_scope=replace_scope,
            expected=expected,
            source=source,
            authorise=_authorise(who),
        )
    except AccessRefused as exc:
        _refuse(engine, who, target, exc)


def record_refused_import(
    engine: Engine,
    who: Identity,
    file_name: str,
    problems: Problems,
    *,
    sha256: str | None,
    datasets: list[str],
) -> int | None:
    """Record an upload refused for its problems (only someone who may import uploads)."""
    require(engine, who, access.IMPORT, target=f"import of {file_name}")
    return service.record_refusal(
        engine, file_name, problems, sha256=sha256, datasets=datasets, user_name=who.label
    )


def run_import(
    engine: Engine, who: Identity, data: bytes, file_name: str, **kw
) -> service.ImportReport:
    """Read, check and commit one file as ``who`` (the command line's path)."""
    if not kw.get("dry_run"):
        require(engine, who, access.IMPORT, target=f"import of {file_name}")
    try:
        return service.run_import(
            engine, data, file_name, user_name=who.label, authorise=_authorise(who), **kw
        )
    except AccessRefused as exc:
        _refuse(engine, who, f"import of {file_name}", exc)


def import_path(engine: Engine, who: Identity, path: str | Path, **kw) -> service.ImportReport:
    """Import a file from disk as ``who``."""
    if not kw.get("dry_run"):
        require(engine, who, access.IMPORT, target=f"import of {Path(path).name}")
    try:
        return service.import_path(
            engine, path, user_name=who.label, authorise=_authorise(who), **kw
        )
    except AccessRefused as exc:
        _refuse(engine, who, f"import of {Path(path).name}", exc)


def rollback(engine: Engine, who: Identity, import_id: int) -> versioning.CommitResult:
    """Roll back an import as ``who`` (PMO and admin)."""
    require(engine, who, access.ROLLBACK, target=f"rollback of import #{import_id}")
    return versioning.rollback(engine, import_id, user_name=who.label)


def sync(
    engine: Engine,
    who: Identity,
    configured: list[sources.Source],
    *,
    dry_run: bool = False,
    currency: str | None = None,
) -> Iterator[sources.SyncOutcome]:
    """Pull every configured SQL source as ``who`` (PMO and admin: a source feeds any
    project)."""
    if not dry_run:
        require(engine, who, access.SYNC, target="pull from the SQL sources")
    yield from sources.sync(
        engine, configured, dry_run=dry_run, user_name=who.label, currency=currency
    )


# --------------------------------------------------------------------------- mappings


def save_mapping(engine: Engine, who: Identity, mapping: mappings.Mapping) -> None:
    """Save a named column mapping for everyone (admin)."""
    require(engine, who, access.MAPPINGS, target=f"mapping '{mapping.name}'")
    mappings.save_mapping(engine, mapping, user_name=who.label)


def delete_mapping(engine: Engine, who: Identity, name: str) -> bool:
    """Delete a saved mapping (admin)."""
    require(engine, who, access.MAPPINGS, target=f"mapping '{name}'")
    return mappings.delete_mapping(engine, name, user_name=who.label)


# --------------------------------------------------------------------------- users and roles


def save_user(engine: Engine, who: Identity, entry: users.Entry) -> users.Entry:
    """Give a person a role and scope (admin); recorded before → after. Returns the entry as
    stored. An admin cannot take their own admin role away (someone must keep it)."""
    entry = users.normalised(entry)
    require(engine, who, access.USERS, target=f"role of {entry.email}")
    _keep_own_admin(engine, who, entry.email, entry.role)
    with write_transaction(engine) as conn:
        before = users.put(conn, entry, by=who.label)
        audit.record(
            conn,
            actor=who.label,
            action=audit.USER_SAVED,
            target=f"role of {entry.email}",
            before=before.as_json() if before else None,
            after=entry.as_json(),
        )
    return entry


def remove_user(engine: Engine, who: Identity, email: str) -> bool:
    """Remove a person from the role table (admin): they fall back to their provider's role
    claim, else viewer. False when the table did not name them."""
    email = email.strip().lower()
    require(engine, who, access.USERS, target=f"role of {email}")
    _keep_own_admin(engine, who, email, None)
    with write_transaction(engine) as conn:
        before = users.delete(conn, email)
        if before is None:
            return False
        audit.record(
            conn,
            actor=who.label,
            action=audit.USER_REMOVED,
            target=f"role of {email}",
            before=before.as_json(),
        )
    return True


def _keep_own_admin(engine: Engine, who: Identity, email: str, role: str | None) -> None:
    if who.signed_in and who.email.strip().lower() == email and role != access.ADMIN:
        exc = AccessRefused(
            f"{who.label} may not take away their own admin role (ask another admin); "
            "nothing was changed."
        )
        _refuse(engine, who, f"role of {email}", exc)


# --------------------------------------------------------------------------- meetings


class FormRefused(ValueError):
    """A decision, action or meeting that cannot be recorded: ``problems`` says what and where
    (the field and the value), as an upload's check would; nothing was written."""

    def __init__(self, what: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{what} was not recorded: " + "; ".join(problems))


class _IdTaken(Exception):
    """Someone recorded the same id at the same moment: take the next one."""


#: Tries to find a free id when several people record at once (each try takes the next).
ID_TRIES = 5


def _checked(engine: Engine, dataset: str, row: dict, what: str):
    """The row checked exactly as an upload of it would be (types, allowed values, required
    fields, date order, project references); refused with the problems by field."""
    import pandas as pd

    from data_access.ingest.coerce import canonical_frame

    frame = pd.DataFrame([{k: ("" if v is None else v) for k, v in row.items()}])
    text = frame.to_csv(index=False, sep=";", date_format="%Y-%m-%d")
    workbook, problems = service.read_upload(text.encode("utf-8"), f"{dataset}.csv")
    if workbook is None:
        raise FormRefused(what, [p.message for p in problems.errors])
    prepared = service.check_workbook(engine, workbook, dataset=dataset)
    if not prepared.ok:
        raise FormRefused(what, [_field_problem(p) for p in prepared.problems.errors])
    return canonical_frame(schema.dataset(dataset), prepared.frames[dataset])


def _field_problem(problem) -> str:
    """A problem named by its field, as a form shows it (no file, sheet or row)."""
    return problem.described(problem.column or "")


def _meeting_exists(engine: Engine, day) -> bool:
    table = schema.TABLES["meetings"]
    with engine.connect() as conn:
        found = conn.execute(
            sa.select(table.c.meeting_date).where(table.c.meeting_date == day)
        ).first()
    return found is not None


def _record_of(engine: Engine, day) -> meetings.MeetingRecord:
    with engine.connect() as conn:
        return meetings.record(conn, day)


def _closed_refusal(record: meetings.MeetingRecord, what: str) -> AccessRefused:
    return AccessRefused(
        f"The meeting of {record.meeting_date:%Y-%m-%d} was closed on "
        f"{record.closed_at:%Y-%m-%d %H:%M} by {record.closed_by}: {what} would change its "
        "record. Give a reason to record an amendment (kept with who and when); nothing was "
        "changed."
    )


def _commit_record(
    engine: Engine,
    who: Identity,
    dataset: str,
    frame,
    *,
    what: str,
    new: bool,
    amendment: str | None,
) -> versioning.CommitResult:
    """Write one decision, action or meeting row as a commit (versioned, in the import log and
    the audit trail). ``new``: the row must not exist yet (else :class:`_IdTaken`);
    ``amendment``: the reason for changing a closed meeting's record, kept in the trail."""
    key = schema.dataset(dataset).keys[0]

    def authorise(conn: Connection, changes: versioning.ChangeSet) -> None:
        change = changes.datasets[dataset]
        if new and not change.added.shape[0]:
            raise _IdTaken(str(frame[key].iloc[0]))
        if amendment:
            audit.record(
                conn,
                actor=who.label,
                action=audit.AMENDED,
                target=f"{dataset[:-1]} {frame[key].iloc[0]}",
                before=_rows_json(change.previous),
                after=_rows_json(frame),
                detail=amendment,
            )

    return versioning.commit(
        engine,
        {dataset: frame},
        source=what,
        user_name=who.label,
        replace_scope=False,
        authorise=authorise,
    )


def _rows_json(frame) -> list[dict] | None:
    if frame is None or frame.empty:
        return None
    visible = [c for c in frame.columns if not str(c).startswith("_")]
    return json.loads(frame[visible].to_json(orient="records", date_format="iso"))


def _write_meeting_item(
    engine: Engine,
    who: Identity,
    dataset: str,
    values: dict,
    *,
    meeting_day,
    what: str,
    amendment: str | None,
) -> str:
    """Record (or change) one decision or action of the meeting on ``meeting_day``."""
    key = schema.dataset(dataset).keys[0]
    require(engine, who, access.MEETINGS, target=what)
    if meeting_day is None or not _meeting_exists(engine, meeting_day):
        raise FormRefused(what, [f"there is no meeting on {meeting_day}"])
    record = _record_of(engine, meeting_day)
    reason = (amendment or "").strip() or None
    if record.closed and reason is None:
        _refuse(engine, who, what, _closed_refusal(record, what))
    given = str(values.get(key) or "").strip()
    for _ in range(ID_TRIES):
        row = dict(values)
        if not given:
            with engine.connect() as conn:
                row[key] = meetings.next_id(conn, dataset, meeting_day)
        frame = _checked(engine, dataset, row, what)
        try:
            _commit_record(
                engine,
                who,
                dataset,
                frame,
                what=f"meeting {meeting_day}: {what}",
                new=not given,
                amendment=reason if record.closed else None,
            )
        except _IdTaken:
            continue  # someone took this id a moment ago: both are kept, ours is the next
        return str(row[key])
    raise FormRefused(what, ["too many people recording at once; try again"])


def record_decision(
    engine: Engine, who: Identity, values: dict, *, amendment: str | None = None
) -> str:
    """Record a decision (PMO, admin) in its meeting: a new one (no ``decision_id``) gets the
    meeting's next id; one with an id is changed. A closed meeting's record changes only as
    an amendment with a reason. Returns the decision's id."""
    day = _day(values.get("meeting_date"))
    return _write_meeting_item(
        engine, who, "decisions", values, meeting_day=day, what="the decision",
        amendment=amendment,
    )  # fmt: skip


def record_action(
    engine: Engine, who: Identity, values: dict, *, amendment: str | None = None
) -> str:
    """Record an action (PMO, admin) raised in a meeting, like :func:`record_decision`."""
    day = _day(values.get("raised_meeting"))
    return _write_meeting_item(
        engine, who, "actions", values, meeting_day=day, what="the action", amendment=amendment
    )


def close_action(
    engine: Engine,
    who: Identity,
    action_id: str,
    *,
    status: str,
    on,
    meeting=None,
    note: str | None = None,
) -> None:
    """Mark an action done or dropped on day ``on``, reported in ``meeting`` (if any). An
    action is closed in the meeting that hears of it, so the meeting that raised it, even
    closed, is not amended."""
    require(engine, who, access.MEETINGS, target=f"action {action_id}")
    with engine.connect() as conn:
        found = meetings.actions(conn)
    rows = found.loc[found["action_id"] == action_id]
    if rows.empty:
        raise FormRefused("the action", [f"there is no action {action_id}"])
    row = {k: v for k, v in rows.iloc[0].items() if k in schema.dataset("actions").column_names}
    row.update(status=status, closed_date=on, closed_meeting=meeting)
    if note:
        row["notes"] = f"{row.get('notes') or ''}\n{note}".strip()
    frame = _checked(engine, "actions", row, f"action {action_id}")
    _commit_record(
        engine, who, "actions", frame, what=f"action {action_id}: {status.lower()}",
        new=False, amendment=None,
    )  # fmt: skip


def schedule_meeting(engine: Engine, who: Identity, values: dict) -> None:
    """Add or change a meeting (date, committee, chair, attendees, notes); a closed meeting's
    details stay as they were."""
    day = _day(values.get("meeting_date"))
    require(engine, who, access.MEETINGS, target=f"meeting {day}")
    record = _record_of(engine, day) if day else None
    if record is not None and record.closed:
        _refuse(engine, who, f"meeting {day}", _closed_refusal(record, "changing its details"))
    frame = _checked(engine, "meetings", values, "the meeting")
    _commit_record(
        engine, who, "meetings", frame, what=f"meeting {day}: details", new=False,
        amendment=None,
    )  # fmt: skip


def _set_record(conn: Connection, day, **values) -> None:
    table = schema.meeting_records
    values["updated_at"] = datetime.now()
    exists = conn.execute(
        sa.select(table.c.meeting_date).where(table.c.meeting_date == day)
    ).first()
    if exists is None:
        values.setdefault("status", schema.MEETING_PLANNED)
        conn.execute(table.insert().values(meeting_date=day, **values))
    else:
        conn.execute(table.update().where(table.c.meeting_date == day).values(**values))


def open_meeting(engine: Engine, who: Identity, day) -> None:
    """Start the session: planned → in session (PMO, admin). A closed meeting stays closed."""
    require(engine, who, access.MEETINGS, target=f"meeting {day}")
    if not _meeting_exists(engine, day):
        raise FormRefused("the meeting", [f"there is no meeting on {day}"])
    record = _record_of(engine, day)
    if record.closed:
        _refuse(engine, who, f"meeting {day}", _closed_refusal(record, "opening it again"))
    if record.status == schema.MEETING_IN_SESSION:
        return
    with write_transaction(engine) as conn:
        _set_record(
            conn, day, status=schema.MEETING_IN_SESSION, opened_at=datetime.now(),
            opened_by=who.label,
        )  # fmt: skip
        audit.record(
            conn, actor=who.label, action=audit.MEETING_OPENED, target=f"meeting {day}",
            before={"status": record.status}, after={"status": schema.MEETING_IN_SESSION},
        )  # fmt: skip


def save_agenda(engine: Engine, who: Identity, day, agenda: dict) -> None:
    """Keep the agenda as edited (before or during the meeting, not after it closed)."""
    require(engine, who, access.MEETINGS, target=f"agenda of {day}")
    record = _record_of(engine, day)
    if record.closed:
        _refuse(engine, who, f"agenda of {day}", _closed_refusal(record, "editing its agenda"))
    with write_transaction(engine) as conn:
        _set_record(conn, day, agenda=json.dumps(agenda, sort_keys=True, default=str))
        audit.record(
            conn, actor=who.label, action=audit.AGENDA_SAVED, target=f"meeting {day}",
            before=record.agenda, after=agenda,
        )  # fmt: skip


#: The parts every .pptx has: a zip holding them whole is a deck python-pptx can open.
PACK_PARTS = ("[Content_Types].xml", "ppt/presentation.xml")


def pack_problem(pack: bytes) -> str | None:
    """Why ``pack`` is not a whole .pptx (a zip whose every part reads back with its checksum
    and holds a presentation), None when it is. A deck frozen with a meeting can never be
    replaced, so a truncated or damaged one is refused rather than kept."""
    import io
    import zipfile

    size = f"{len(pack):,} bytes"
    try:
        with zipfile.ZipFile(io.BytesIO(pack)) as deck:
            damaged = deck.testzip()
            names = set(deck.namelist())
    except Exception as exc:  # a damaged zip fails in many ways (BadZipFile, zlib, EOF…)
        return f"the deck ({size}) is not a whole .pptx file: {type(exc).__name__}: {exc}"
    if damaged is not None:
        return f"the deck ({size}) is damaged: its part {damaged} does not read back"
    missing = [name for name in PACK_PARTS if name not in names]
    if missing:
        return f"the deck ({size}) is not a presentation: it has no {', '.join(missing)}"
    return None


def close_meeting(engine: Engine, who: Identity, day, *, frozen: dict, pack: bytes | None) -> None:
    """Close the meeting and freeze what the committee saw (``frozen``: the figures, the
    agenda, the decisions and actions as shown; ``pack``: the deck as built, or None when it
    could not be drawn, ``frozen["pack_missing"]`` saying why). A closed meeting is never
    reopened or rewritten: later changes to its record are amendments. A ``pack`` that is not
    a whole .pptx (:func:`pack_problem`) is refused and the meeting stays open."""
    import hashlib

    require(engine, who, access.MEETINGS, target=f"meeting {day}")
    record = _record_of(engine, day)
    if record.closed:
        _refuse(engine, who, f"meeting {day}", _closed_refusal(record, "closing it again"))
    if not _meeting_exists(engine, day):
        raise FormRefused("the meeting", [f"there is no meeting on {day}"])
    problem = None if pack is None else pack_problem(pack)
    if problem:
        raise FormRefused("the closing", [problem])
    with write_transaction(engine) as conn:
        _set_record(
            conn,
            day,
            status=schema.MEETING_CLOSED,
            closed_at=datetime.now(),
            closed_by=who.label,
            frozen=json.dumps(frozen, sort_keys=True, default=str),
            pack=pack,
            pack_sha256=hashlib.sha256(pack).hexdigest() if pack else None,
        )
        audit.record(
            conn, actor=who.label, action=audit.MEETING_CLOSED, target=f"meeting {day}",
            before={"status": record.status}, after={"status": schema.MEETING_CLOSED},
        )  # fmt: skip


def _day(value):
    """A date from a form or a command line value (None when there is none)."""
    import pandas as pd

    if value is None or value == "":
        return None
    try:
        return pd.Timestamp(value).date()
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- status reports


class ReportConflict(FormRefused):
    """Someone saved this report since the form was opened: nothing was written, and the
    form keeps what its user typed."""

    def __init__(self, who: str, when: datetime | None) -> None:
        at = f" at {when:%Y-%m-%d %H:%M}" if when else ""
        super().__init__(
            "the report",
            [
                f"{who} saved this report{at}, after you opened it. Your text is kept in the "
                "form: reload to see theirs, then save yours again"
            ],
        )


@dataclass(frozen=True)
class ReportSaved:
    """What a save did: the report's key and state, and whether anything changed."""

    project_id: str
    report_date: date
    state: str
    changed: bool
    import_id: int


def _report_problems(conn: Connection, values: dict, *, submit: bool, today: date) -> list[str]:
    """The workflow's own rules (the upload check does types and allowed values): dates in
    order and not in the future; on submit, every RAG given, a reason for each amber or red
    one, and a note when % complete goes below the last approved report's."""
    problems: list[str] = []
    project_id, day = values.get("project_id"), _day(values.get("report_date"))
    if day is None:
        return ["report date: a date is required"]
    if day > today:
        problems.append(f"report date: {day} is in the future (today is {today})")
    earlier = reports.reports(conn, str(project_id))
    if not earlier.empty:
        others = earlier.loc[earlier["report_date"].dt.date != day, "report_date"]
        if not others.empty and others.max().date() > day:
            last = others.max().date()
            problems.append(f"report date: {day} is before the project's last report ({last})")
    if not submit:
        return problems
    for dim, name in schema.RAG_DIMENSION_NAMES.items():
        rag = values.get(f"{dim}_rag")
        if not rag:
            problems.append(f"{name} RAG: required to submit")
        elif rag in ("A", "R") and not str(values.get(f"{dim}_reason") or "").strip():
            problems.append(f"{name} reason: {name} is {schema.RAG_WORDS[rag]}, say why")
    approved = reports.last_approved(conn, str(project_id), before=day)
    pct = values.get("percent_complete")
    if approved and pct not in (None, "") and approved.get("percent_complete") is not None:
        before = float(approved["percent_complete"])
        if float(pct) < before and not str(values.get("progress_note") or "").strip():
            problems.append(
                f"progress note: % complete {float(pct):g} is below the {before:g} of the last "
                f"approved report ({approved['report_date']:%Y-%m-%d}); say why"
            )
    return problems


def _edited_rows(
    engine: Engine, dataset: str, project_id: str, edits: list[dict] | None, what: str
):
    """The stored rows of ``project_id`` in ``dataset`` with the form's edits applied (only
    those that differ), checked as an upload of them; None when nothing is edited."""
    import pandas as pd

    if not edits:
        return None
    ds = schema.dataset(dataset)
    key = ds.keys[0]
    table = schema.TABLES[dataset]
    with engine.connect() as conn:
        stored = queries_read(conn, sa.select(table).where(table.c.project_id == project_id))
    by_key = {str(r[key]): r for r in stored.to_dict("records")}
    rows = []
    for edit in edits:
        current = by_key.get(str(edit.get(key)))
        if current is None:
            raise FormRefused(what, [f"{key}: {edit.get(key)} is not one of this project's"])
        row = {c: current.get(c) for c in ds.column_names}
        changed = False
        for column, value in edit.items():
            if column == key or column not in ds.column_names:
                continue
            old = row.get(column)
            if _differs(old, value):
                row[column] = value
                changed = True
        if changed:
            rows.append({k: (None if _is_na(v) else v) for k, v in row.items()})
    if not rows:
        return None
    frames = [_checked(engine, dataset, row, what) for row in rows]
    return pd.concat(frames, ignore_index=True)


def _is_na(value) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _differs(old, new) -> bool:
    import pandas as pd

    if _is_na(old) and _is_na(new):
        return False
    if _is_na(old) or _is_na(new):
        return True
    if isinstance(old, pd.Timestamp | datetime | date) or isinstance(new, pd.Timestamp | date):
        return _day(old) != _day(new)
    try:
        return float(old) != float(new)
    except (TypeError, ValueError):
        return str(old).strip() != str(new).strip()


def _report_events(
    conn: Connection, who: Identity, changes: versioning.ChangeSet, comment: str | None
) -> None:
    """A step in ``steerco_report_events`` (and the audit trail) for every status report the
    change adds or whose state it changes."""
    change = changes.datasets.get("status_reports")
    if change is None or change.is_empty:
        return
    before = {}
    if not change.previous.empty:
        for row in change.previous.to_dict("records"):
            before[(str(row["project_id"]), _day(row["report_date"]))] = row.get("state")
    now = datetime.now()
    for frame in (change.added, change.changed):
        for row in frame.to_dict("records"):
            key = (str(row["project_id"]), _day(row["report_date"]))
            state = row.get("state")
            if key in before and before[key] == state and not comment:
                continue
            conn.execute(
                schema.report_events.insert().values(
                    project_id=key[0],
                    report_date=key[1],
                    state=str(state),
                    actor=who.label,
                    at=now,
                    comment=comment,
                )
            )
            audit.record(
                conn,
                actor=who.label,
                action=audit.REPORT_STEP,
                target=f"status report {key[0]} {key[1]}",
                before=before.get(key),
                after=state,
                detail=comment,
            )


def _check_report_change(conn: Connection, who: Identity, changes: versioning.ChangeSet) -> None:
    """A project manager writes reports of their own projects, and never approves."""
    projects, _ = touched(changes)
    access.check(who, access.REPORT, projects=projects, own=users.own_projects(conn, who))


def _pm_sets_no_approval(who: Identity, changes: versioning.ChangeSet) -> None:
    """Only the PMO approves or returns: a project manager's upload may not set those states."""
    change = changes.datasets.get("status_reports")
    if who.role != access.PROJECT_MANAGER or change is None:
        return
    states = set()
    for frame in (change.added, change.changed):
        if "state" in frame:
            states |= {str(s) for s in frame["state"].dropna()}
    checked = states & {schema.REPORT_APPROVED, schema.REPORT_RETURNED}
    if checked:
        raise AccessRefused(
            f"{who.label} is project manager: only the PMO sets a status report "
            f"{' or '.join(sorted(checked))}; nothing was changed."
        )


def save_report(
    engine: Engine,
    who: Identity,
    values: dict,
    *,
    submit: bool,
    opened: int | None,
    today: date,
    milestones: list[dict] | None = None,
    risks: list[dict] | None = None,
) -> ReportSaved:
    """Save a status report as a draft (``submit=False``) or submit it for the PMO's check,
    with the milestone forecasts and top risks edited beside it, in one commit.

    A project manager writes only their own projects' reports; the PMO and admins any.
    ``opened`` is the version stamp (``_import_id``) of the stored report of this project and
    date when the form was opened (None: there was none): if someone saved it since, the save
    is refused with who and when (:class:`ReportConflict`) and nothing is written. Problems
    (a date in the future or before the last report; on submit, a missing RAG, an amber or red
    dimension without a reason, % complete below the last approved report's without a note)
    raise :class:`FormRefused` by field.
    """
    project_id = str(values.get("project_id") or "").strip()
    target = f"status report {project_id or '(no project)'}"
    require(engine, who, access.REPORT, target=target)
    if not project_id:
        raise FormRefused("the report", ["project: a project is required"])
    row = {c: values.get(c) for c in schema.dataset("status_reports").column_names}
    row["project_id"] = project_id
    row["author"] = who.name or who.label
    row["state"] = schema.REPORT_SUBMITTED if submit else schema.REPORT_DRAFT
    with engine.connect() as conn:
        mine = who.role != access.PROJECT_MANAGER or project_id in users.own_projects(conn, who)
        if not mine:
            _refuse(engine, who, target, AccessRefused(
                f"{who.label} may report only for their own projects; {project_id} is not "
                "theirs; nothing was changed."
            ))  # fmt: skip
        problems = _report_problems(conn, row, submit=submit, today=today)
    if problems:
        raise FormRefused("the report", problems)
    frames = {"status_reports": _checked(engine, "status_reports", row, "the report")}
    for dataset, edits in (("milestones", milestones), ("raid", risks)):
        edited = _edited_rows(engine, dataset, project_id, edits, f"the {dataset}")
        if edited is not None:
            frames[dataset] = edited
    day = _day(row["report_date"])

    def authorise(conn: Connection, changes: versioning.ChangeSet) -> None:
        _check_report_change(conn, who, changes)
        change = changes.datasets["status_reports"]
        now_version = None
        if not change.previous.empty:
            now_version = change.previous["_import_id"].iloc[0]
        elif change.added.empty:  # unchanged: what is stored is what we write
            return _report_events(conn, who, changes, None)
        if now_version is not None and _is_na(now_version):
            now_version = None
        if (None if now_version is None else int(now_version)) != opened:
            current = reports.stored(conn, project_id, day)
            by, at = _saved_by(conn, current)
            raise ReportConflict(by, at)
        _report_events(conn, who, changes, None)

    state = row["state"]
    try:
        result = versioning.commit(
            engine,
            frames,
            source=f"status report {project_id} {day}: {state.lower()}",
            user_name=who.label,
            replace_scope=False,
            authorise=authorise,
        )
    except AccessRefused as exc:
        _refuse(engine, who, target, exc)
    return ReportSaved(project_id, day, state, not result.changes.is_empty, result.import_id)


def _saved_by(conn: Connection, current: dict | None) -> tuple[str, datetime | None]:
    """Who wrote the stored version of a report, and when (from the import log)."""
    if not current or current.get("_import_id") is None:
        return "Someone", None
    record = versioning.import_record(conn, int(current["_import_id"])) or {}
    return str(record.get("user_name") or "Someone"), record.get("started_at")


def _review(
    engine: Engine,
    who: Identity,
    project_id: str,
    report_date,
    *,
    state: str,
    comment: str | None,
) -> ReportSaved:
    day = _day(report_date)
    target = f"status report {project_id} {day}"
    require(engine, who, access.APPROVE, target=target)
    with engine.connect() as conn:
        current = reports.stored(conn, project_id, day) if day else None
    if current is None:
        raise FormRefused("the report", [f"there is no report of {project_id} on {day}"])
    if current.get("state") != schema.REPORT_SUBMITTED:
        raise FormRefused(
            "the report",
            [f"the report of {project_id} on {day} is {current.get('state')}, not Submitted: "
             "only a submitted report is approved or returned"],
        )  # fmt: skip
    row = {c: current.get(c) for c in schema.dataset("status_reports").column_names}
    row["state"] = state
    frame = _checked(engine, "status_reports", row, "the report")
    version = current.get("_import_id")

    def authorise(conn: Connection, changes: versioning.ChangeSet) -> None:
        change = changes.datasets["status_reports"]
        if change.previous.empty or change.previous["_import_id"].iloc[0] != version:
            by, at = _saved_by(conn, reports.stored(conn, project_id, day))
            raise ReportConflict(by, at)
        _report_events(conn, who, changes, comment)

    result = versioning.commit(
        engine,
        {"status_reports": frame},
        source=f"status report {project_id} {day}: {state.lower()}",
        user_name=who.label,
        replace_scope=False,
        authorise=authorise,
    )
    return ReportSaved(project_id, day, state, True, result.import_id)


def approve_report(
    engine: Engine, who: Identity, project_id: str, report_date, *, comment: str | None = None
) -> ReportSaved:
    """Approve a submitted report (PMO, admin): from now on it is what the committee sees
    (with the default ``reporting.counted_states`` it counted already)."""
    note = (comment or "").strip() or None
    return _review(engine, who, project_id, report_date, state=schema.REPORT_APPROVED, comment=note)


def return_report(
    engine: Engine, who: Identity, project_id: str, report_date, *, comment: str
) -> ReportSaved:
    """Return a submitted report to its project manager with a comment (required): it no
    longer counts, and the form shows the comment to its author."""
    note = (comment or "").strip()
    if not note:
        raise FormRefused("the return", ["comment: say what the project manager should change"])
    return _review(engine, who, project_id, report_date, state=schema.REPORT_RETURNED, comment=note)


# --------------------------------------------------------------------------- reminders

#: The audit trail's action for a sending of reminders.
REMINDED = "reminders sent"


def reminder_target(meeting: date) -> str:
    """How the audit trail names a sending (and a refusal of one)."""
    return f"reminders for the meeting of {meeting.isoformat()}"


def send_reminders(
    engine: Engine,
    who: Identity,
    server: mail.SmtpServer,
    password: str | None,
    messages: Iterable[mail.Message],
    *,
    meeting: date,
) -> list[mail.Outcome]:
    """Send ``messages`` (one per late project manager) through ``server`` if ``who`` may
    remind; one outcome per message. The sending is recorded in the audit trail (recipients
    and outcomes, the first subject); a store that takes no write does not undo a sent
    e-mail: then the server's log says the record is missing."""
    messages = list(messages)
    require(engine, who, access.REMIND, target=reminder_target(meeting))
    outcomes = mail.send(server, password, messages)
    sent = [{"to": o.recipient, "sent": o.ok, "error": o.error} for o in outcomes]
    try:
        with write_transaction(engine) as conn:
            audit.record(
                conn,
                actor=who.label,
                action=REMINDED,
                target=reminder_target(meeting),
                after=sent,
                detail=messages[0].subject if messages else None,
            )
    except Exception as exc:
        log.warning("reminders by %s not recorded: %s", who.label, type(exc).__name__)
    return outcomes
