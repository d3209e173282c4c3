"""The role table: who may do what, maintained by an admin (the Users page, ``steerco users``).

A signed-in person's role comes from this table when it names them (by e-mail, compared in
lower case), else from the identity provider's ``steerco_role`` claim, else *viewer*
(:func:`resolve`). The table also holds a viewer's scope (portfolios, programmes) and a project
manager's explicitly mapped projects. A project manager's own projects are those the table maps
to them and those whose ``project_manager`` is their name or e-mail (:func:`own_projects`).

Writes go through :mod:`data_access.writes`, which checks that the writer is an admin and
records every change in the audit trail (before → after).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, replace
from datetime import datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access import access, frames, schema

#: What an e-mail address must look like to be a key of the table (one @, no spaces).
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
COLUMNS = [
    "email",
    "name",
    "role",
    "portfolios",
    "programmes",
    "projects",
    "updated_by",
    "updated_at",
]


class UserError(ValueError):
    """An entry that cannot be saved; the message names the field and the value."""


@dataclass(frozen=True)
class Entry:
    """One row of the role table."""

    email: str
    role: str
    name: str = ""
    portfolios: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()

    def as_json(self) -> dict:
        """How the audit trail records the entry (before → after)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


def _names(values) -> tuple[str, ...]:
    """Distinct, stripped, non-empty names in their first order."""
    seen: dict[str, None] = {}
    for value in values or ():
        text = str(value).strip()
        if text:
            seen.setdefault(text, None)
    return tuple(seen)


def normalised(entry: Entry) -> Entry:
    """The entry as stored (e-mail in lower case, names stripped); refused with a message
    naming the field when it cannot be."""
    email = entry.email.strip().lower()
    if not EMAIL.match(email):
        raise UserError(f"'{entry.email}' is not an e-mail address (expected name@domain).")
    if entry.role not in access.ROLES:
        raise UserError(f"'{entry.role}' is not a role; expected one of {', '.join(access.ROLES)}.")
    return replace(
        entry,
        email=email,
        name=entry.name.strip(),
        portfolios=_names(entry.portfolios),
        programmes=_names(entry.programmes),
        projects=_names(entry.projects),
    )


def _loads(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    try:
        values = json.loads(text)
    except ValueError:
        return ()
    return _names(values if isinstance(values, list) else ())


def _entry(row) -> Entry:
    return Entry(
        email=row.email,
        role=row.role,
        name=row.name or "",
        portfolios=_loads(row.portfolios),
        programmes=_loads(row.programmes),
        projects=_loads(row.projects),
    )


def get(conn: Connection, email: str) -> Entry | None:
    """The table's entry for this e-mail address, if any."""
    if not email:
        return None
    table = schema.users
    row = conn.execute(sa.select(table).where(table.c.email == email.strip().lower())).first()
    return _entry(row) if row is not None else None


def entries(conn: Connection) -> list[Entry]:
    """Every entry, by e-mail."""
    table = schema.users
    return [_entry(r) for r in conn.execute(sa.select(table).order_by(table.c.email))]


def frame(conn: Connection) -> pd.DataFrame:
    """The table as stored (for the Users page and ``steerco users``)."""
    table = schema.users
    result = conn.execute(sa.select(table).order_by(table.c.email))
    out = frames.frame(result, COLUMNS)
    for column in ("portfolios", "programmes", "projects"):
        out[column] = out[column].map(lambda v: list(_loads(v)))
    return out


def put(conn: Connection, entry: Entry, *, by: str) -> Entry | None:
    """Save ``entry`` (inside the caller's transaction); returns the entry it replaced."""
    entry = normalised(entry)
    before = get(conn, entry.email)
    table = schema.users
    values = {
        "name": entry.name or None,
        "role": entry.role,
        "portfolios": json.dumps(list(entry.portfolios)),
        "programmes": json.dumps(list(entry.programmes)),
        "projects": json.dumps(list(entry.projects)),
        "updated_by": by,
        "updated_at": datetime.now(),
    }
    if before is None:
        conn.execute(table.insert().values(email=entry.email, **values))
    else:
        conn.execute(table.update().where(table.c.email == entry.email).values(**values))
    return before


def delete(conn: Connection, email: str) -> Entry | None:
    """Remove an entry (inside the caller's transaction); returns it, or None if absent."""
    before = get(conn, email)
    if before is not None:
        table = schema.users
        conn.execute(table.delete().where(table.c.email == before.email))
    return before


def resolve(conn: Connection, who: access.Identity) -> access.Identity:
    """The identity with the role and scope the table gives it (the table wins over the
    provider's claim); unchanged when the table does not name it or there is no sign-in."""
    if not who.signed_in:
        return who
    entry = get(conn, who.email)
    if entry is None:
        return who
    return replace(
        who,
        name=who.name or entry.name,
        role=entry.role,
        portfolios=entry.portfolios,
        programmes=entry.programmes,
        projects=entry.projects,
    )


def own_projects(conn: Connection, who: access.Identity) -> frozenset[str]:
    """A project manager's projects: those the role table maps to them and those whose
    ``project_manager`` is their name or e-mail (compared without case or outer spaces)."""
    projects = schema.TABLES["projects"]
    names = {n.strip().lower() for n in (who.name, who.email) if n and n.strip()}
    mine: set[str] = set(who.projects)
    if names:
        pm = sa.func.lower(sa.func.trim(projects.c.project_manager))
        mine |= set(
            conn.execute(sa.select(projects.c.project_id).where(pm.in_(sorted(names)))).scalars()
        )
    return frozenset(mine)
