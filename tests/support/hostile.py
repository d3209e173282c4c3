"""A store whose data tries to inject Markdown and HTML: project names like a link, an image,
coloured text and LaTeX, risk titles and milestone names holding an HTML link, report texts
with a link and an image, a programme and owners named like links."""

from __future__ import annotations

import sqlalchemy as sa

from data_access import engine as store_engine

LINK = "[click](http://evil.example)"
IMAGE = "![x](http://evil.example/x.png)"
HOSTILE_NAMES = (LINK, IMAGE, ":red[alert]", "$x^2$")
HTML_LINK = '<a href="http://evil.example">m</a>'
SESSION_LINK = "[Session expired](http://evil.example)"
#: The host every hostile value points at (no page may link to it or fetch from it).
EVIL_HOST = "evil.example"


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
    eng.dispose()
    return ids[0]
