"""The store's schema migrations, run by Alembic and configured here, in code.

The revisions live in the package (``data_access/alembic/versions``), one per schema version:
``0002`` is the baseline (the schema of the previous release, version 2), then ``0003`` …
``0007`` each bring the store to the next version. A revision's id is its schema version on
four digits, so ``revision_of(schema.SCHEMA_VERSION)`` is the head, and a test checks that the
head, migrated from nothing, equals ``schema.metadata`` (``differences``).

Alembic records the revision in ``steerco_alembic_version`` (its own table, named for Steerco so
it cannot clash with another application's Alembic in a shared database). The integer row of
``steerco_schema`` is kept equal to the revision's version by every revision, for the readers
that show it (``steerco status``, the data dictionary). A store made before Alembic has only
that row: it is stamped at the matching revision the first time it is upgraded.

No alembic.ini is needed: :func:`config` builds Alembic's configuration and hands it the
connection to work on, so the migrations run from an installed package, inside the caller's
transaction (``store.create_schema``, ``steerco db upgrade``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from sqlalchemy.engine import Connection

from data_access import schema

#: Where the environment (``env.py``) and the revisions (``versions/``) are.
SCRIPT_LOCATION = Path(__file__).resolve().with_name("alembic")
#: Alembic's record of the store's revision.
VERSION_TABLE = "steerco_alembic_version"
#: The oldest schema version a store can be upgraded from: the previous release's.
BASELINE_VERSION = 2
#: How Alembic compares the store with ``schema.metadata`` (env.py and ``differences``).
COMPARE_OPTIONS: dict[str, Any] = {"compare_type": True, "render_as_batch": True}


def revision_of(version: int) -> str:
    """The revision that brings a store to schema ``version``: ``7`` → ``"0007"``."""
    return f"{version:04d}"


def version_of(revision: str | None) -> int | None:
    """The schema version of a revision id (``"0007"`` → 7), None for none or a foreign id."""
    if revision is None or not revision.isdigit():
        return None
    return int(revision)


def config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for Steerco's store, without an ini file.

    ``connection`` is what ``env.py`` migrates (in the connection's transaction)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION).replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


@cache
def script() -> ScriptDirectory:
    """The revisions (read once per process)."""
    return ScriptDirectory.from_config(config())


def head() -> str:
    revision = script().get_current_head()
    assert revision is not None, "no revisions in data_access/alembic/versions"
    return revision


def revisions() -> list[Script]:
    """Every revision, the baseline first."""
    return list(reversed(list(script().walk_revisions())))


def is_known(revision: str) -> bool:
    return revision in {r.revision for r in revisions()}


@dataclass(frozen=True)
class State:
    """Where a store stands: Alembic's revision and the integer version row, as found."""

    revision: str | None  # Alembic's stamp (None: not stamped yet, or no Steerco tables)
    version: int | None  # steerco_schema's row (None: no row)

    @property
    def stamped(self) -> bool:
        return self.revision is not None

    @property
    def current(self) -> str | None:
        """The store's revision: Alembic's stamp, else the one matching the version row."""
        if self.revision is not None:
            return self.revision
        return revision_of(self.version) if self.version is not None else None

    @property
    def fresh(self) -> bool:
        """No Steerco schema yet (no version row, no stamp): the tables are to be made."""
        return self.current is None

    @property
    def newer(self) -> bool:
        """Made by a newer Steerco: a revision this one does not know, or a higher version."""
        if self.revision is not None and not is_known(self.revision):
            return True
        return self.version is not None and self.version > schema.SCHEMA_VERSION

    @property
    def too_old(self) -> bool:
        """Older than the baseline: made before the previous release."""
        return not self.stamped and self.version is not None and self.version < BASELINE_VERSION

    @property
    def at_head(self) -> bool:
        return not self.newer and self.current == head()

    @property
    def behind(self) -> int:
        """Revisions to apply to reach the head (0 at the head or when newer)."""
        if self.fresh or self.newer or self.too_old:
            return 0
        return len(list(script().iterate_revisions(head(), self.current)))  # current excluded


def _context(conn: Connection) -> MigrationContext:
    return MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})


def state(conn: Connection) -> State:
    """Where the store stands; reads only (a read-only store can answer)."""
    inspector = sa.inspect(conn)
    revision = _context(conn).get_current_revision()
    version = None
    if inspector.has_table(schema.schema_info.name):
        version = conn.execute(sa.select(schema.schema_info.c.version)).scalar_one_or_none()
    return State(revision=revision, version=version)


def stamp(conn: Connection, revision: str) -> None:
    """Record ``revision`` as the store's without running anything (a store made before
    Alembic, whose version row says where it is; a fresh store made at the head)."""
    _context(conn).stamp(script(), revision)


def upgrade(conn: Connection, target: str = "head") -> None:
    """Run the revisions from the store's to ``target``, in ``conn``'s transaction; a store
    made before Alembic is stamped first at the revision of its version row."""
    found = state(conn)
    if not found.stamped and found.current is not None:
        stamp(conn, found.current)
    command.upgrade(config(conn), target)


def downgrade(conn: Connection, target: str) -> None:
    """Undo revisions down to ``target`` (``"-1"``: one step), in ``conn``'s transaction."""
    command.downgrade(config(conn), target)


def differences(conn: Connection) -> list:
    """What Alembic's autogenerate finds between the store and ``schema.metadata``: empty
    when the store's tables, columns, types and indexes are exactly the models'."""
    context = MigrationContext.configure(
        conn, opts={"version_table": VERSION_TABLE, **COMPARE_OPTIONS}
    )
    return compare_metadata(context, schema.metadata)


def lines() -> Iterator[str]:
    """The revisions for ``steerco db history``: newest first, one line each."""
    top = head()
    for rev in reversed(revisions()):
        mark = " (head)" if rev.revision == top else ""
        version = version_of(rev.revision)
        yield f"{rev.revision}{mark}  schema version {version}: {rev.doc}"
