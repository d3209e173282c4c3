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

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

from sqlalchemy.engine import Connection, Engine

from data_access import access, audit, users, versioning
from data_access.access import AccessRefused, Identity
from data_access.engine import write_transaction
from data_access.ingest import mapping as mappings
from data_access.ingest import service, sources
from data_access.ingest.pipeline import Prepared
from data_access.ingest.problems import Problems

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


def _authorise(who: Identity) -> Callable[[Connection, versioning.ChangeSet], None]:
    def authorise(conn: Connection, changes: versioning.ChangeSet) -> None:
        check_changes(conn, who, changes)

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
