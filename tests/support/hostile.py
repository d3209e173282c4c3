"""A store whose data tries to inject Markdown and HTML: project names like a link, an image,
coloured text and LaTeX, risk titles and milestone names holding an HTML link, report texts
with a link and an image, a programme and owners named like links; services, ticket
categories and root causes, teams, people, roles, departments, request titles, requesters,
vendors and contract scopes named the same way (each renamed everywhere it is named, so the
rows still join); the import log's sources and user names, and a saved mapping."""

from __future__ import annotations

import io
import zipfile

import sqlalchemy as sa

from data_access import engine as store_engine
from data_access import schema, summaries
from data_access.ingest import mapping as mappings
from data_access.zones import Zones

LINK = "[click](http://evil.example)"
IMAGE = "![x](http://evil.example/x.png)"
HOSTILE_NAMES = (LINK, IMAGE, ":red[alert]", "$x^2$")
HTML_LINK = '<a href="http://evil.example">m</a>'
SESSION_LINK = "[Session expired](http://evil.example)"
#: The host every hostile value points at (no page may link to it or fetch from it).
EVIL_HOST = "evil.example"
#: Values of the other datasets: Markdown marks and an HTML link (charts show these).
HOSTILE_VALUES = (*HOSTILE_NAMES, HTML_LINK)
#: Names shared by several tables: each distinct value of the first (table, column) is
#: renamed in all of them.
SHARED_NAMES = (
    (("tickets", "service"), ("sla_targets", "service"), ("changes", "service"),
     ("contracts", "service")),
    (("capacity", "resource"), ("allocations", "resource")),
    (("tickets", "category"),),
    (("tickets", "root_cause"),),
    (("tickets", "assignment_group"),),
    (("capacity", "team"),),
    (("capacity", "role"),),
    (("demand", "department"),),
    (("demand", "requester"),),
    (("contracts", "vendor"),),
)  # fmt: skip
#: A saved mapping's name (typed by a user on the Data page) and who saved it.
MAPPING_NAME = f"{LINK} mapping"
#: The import log's source and user name (a file name and a "Your name" field).
IMPORT_SOURCE = f"{IMAGE}.xlsx"
IMPORT_USER = ":red[Ann] $x$"


def hostile(i: int) -> str:
    """The ``i``-th hostile value (distinct for every ``i``)."""
    return f"{HOSTILE_VALUES[i % len(HOSTILE_VALUES)]} {i}"


def _column(table: str, column: str) -> sa.Column:
    return schema.metadata.tables[table].c[column]


def _rename(conn: sa.Connection, places: tuple[tuple[str, str], ...]) -> None:
    first = _column(*places[0])
    values = sorted(conn.execute(sa.select(first).distinct().where(first.is_not(None))).scalars())
    for i, value in enumerate(values):
        for table, column in places:
            col = _column(table, column)
            conn.execute(col.table.update().where(col == value).values({column: hostile(i)}))


def _hostile_rows(conn: sa.Connection) -> None:
    """Request titles and contract scopes, one hostile value per row."""
    for table, key, column in (
        ("demand", "request_id", "title"),
        ("contracts", "contract_id", "scope"),
    ):
        key_col = _column(table, key)
        for i, value in enumerate(sorted(conn.execute(sa.select(key_col)).scalars())):
            conn.execute(
                key_col.table.update().where(key_col == value).values({column: hostile(i)})
            )


def make_hostile(url: str) -> str:
    """Rewrite the store at ``url`` with hostile values; returns the first project's id (by
    id order), which is named :data:`LINK`."""
    eng = store_engine.create_engine(url)
    with eng.begin() as conn:
        ids = sorted(r[0] for r in conn.execute(sa.text("SELECT project_id FROM projects")))
        for i, pid in enumerate(ids):
            conn.execute(
                sa.text("UPDATE projects SET name = :n WHERE project_id = :p"),
                {"n": f"{HOSTILE_NAMES[i % len(HOSTILE_NAMES)]} {i}", "p": pid},
            )
        conn.execute(sa.text("UPDATE projects SET programme = :p"), {"p": LINK})
        conn.execute(sa.text("UPDATE raid SET title = :t, owner = :o"), {"t": HTML_LINK, "o": LINK})
        conn.execute(sa.text("UPDATE milestones SET name = :n"), {"n": HTML_LINK})
        conn.execute(
            sa.text(
                "UPDATE status_reports SET summary = :s, next_steps = :s, "
                "decisions_required = :d WHERE decisions_required IS NOT NULL"
            ),
            {"s": f"{LINK}\n{IMAGE}", "d": f"{IMAGE} :red[now]"},
        )
        # the committee's record: chair, attendees, decisions and actions
        conn.execute(sa.text("UPDATE meetings SET chair = :c, attendees = :a"),
                     {"c": LINK, "a": f"{IMAGE}; {HTML_LINK}"})  # fmt: skip
        conn.execute(
            sa.text("UPDATE decisions SET question = :q, rationale = :r, decided_by = :d"),
            {"q": f"{LINK} :red[approve]", "r": IMAGE, "d": HTML_LINK},
        )
        conn.execute(sa.text("UPDATE actions SET action = :a, owner = :o"),
                     {"a": HTML_LINK, "o": f"{LINK} $x^2$"})  # fmt: skip
        for places in SHARED_NAMES:
            _rename(conn, places)
        _hostile_rows(conn)
        conn.execute(
            sa.text("UPDATE steerco_imports SET source = :s, user_name = :u"),
            {"s": IMPORT_SOURCE, "u": IMPORT_USER},
        )
        # written behind Steerco's back: the Operations summaries follow, as after a load
        summaries.rebuild(conn, summaries.zones_built(conn) or Zones())
    saved = mappings.Mapping(dataset="raid", columns={"title": LINK}, name=MAPPING_NAME)
    mappings.save_mapping(eng, saved, user_name=IMPORT_USER)
    eng.dispose()
    return ids[0]


def xml_bomb_pptx() -> bytes:
    """A .pptx-shaped zip whose presentation part declares an XML entity (the start of a
    "billion laughs"): a template upload must be refused before any XML parser reads it."""
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("ppt/presentation.xml", "<!DOCTYPE x [<!ENTITY a 'a'>]><x>&a;</x>")
    return bomb.getvalue()
