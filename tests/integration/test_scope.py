"""A viewer scoped to portfolios or programmes sees only those projects, everywhere: every
page's view, the project page, the pickers and sidebar choices, the store browser, the figures
and the pack (SQLite and PostgreSQL; expectations from the raw projects table)."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
import sqlalchemy as sa

from data_access import access, queries, schema, users, writes
from data_access.filters import Filters
from steerco.views import data as data_view
from steerco.views import finance, overview, portfolio, project, risks, roadmap
from tests.conftest import TEST_AS_OF
from tests.support import cli

SCOPE_PORTFOLIOS = ("Finance",)
SCOPE_PROGRAMMES = ("ERP",)
PROJECT_ID = re.compile(r"PRJ-\d{3}")


@pytest.fixture
def scoped() -> Filters:
    return Filters(as_of=TEST_AS_OF).within(SCOPE_PORTFOLIOS, SCOPE_PROGRAMMES)


@pytest.fixture
def raw_projects(engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(sa.select(schema.TABLES["projects"]), conn)


@pytest.fixture
def visible(raw_projects) -> set[str]:
    """The projects of the scope, from the raw table in plain pandas."""
    inside = raw_projects["portfolio"].isin(SCOPE_PORTFOLIOS) | raw_projects["programme"].isin(
        SCOPE_PROGRAMMES
    )
    ids = set(raw_projects.loc[inside, "project_id"])
    assert 0 < len(ids) < len(raw_projects)
    return ids


def test_every_page_view_holds_only_the_scope(engine, settings, scoped, visible):
    with engine.connect() as conn:
        assert set(portfolio.build(conn, scoped, settings).frame["project_id"]) == visible
        over = overview.build(conn, scoped, settings)
        assert set(over.portfolio["project_id"]) == visible
        assert set(over.decisions["project_id"].dropna()) <= visible
        assert set(risks.build(conn, scoped, settings).register["project_id"]) <= visible
        assert set(finance.build(conn, scoped, settings).portfolio["project_id"]) == visible
        assert set(roadmap.build(conn, scoped, settings).projects["project_id"]) <= visible


def test_the_scope_holds_under_the_users_own_filters(engine, settings, scoped, visible):
    """A filter can narrow the scope, never widen it: asking for another portfolio shows
    nothing of it."""
    with engine.connect() as conn:
        other = portfolio.build(conn, scoped.with_(portfolio=("IT",)), settings)
        ids = set(other.frame["project_id"])
    assert ids <= visible


def test_a_project_outside_the_scope_is_no_project(engine, settings, scoped, visible, raw_projects):
    outside = sorted(set(raw_projects["project_id"]) - visible)[0]
    inside = sorted(visible)[0]
    with engine.connect() as conn:
        assert project.build(conn, scoped, settings, project_id=outside) is None
        assert project.build(conn, scoped, settings, project_id=inside).project_id == inside
        assert set(project.choices(conn, scoped)) == visible


def test_the_sidebar_offers_only_the_scopes_names(engine, scoped, raw_projects, visible):
    mine = raw_projects.loc[raw_projects["project_id"].isin(visible)]
    with engine.connect() as conn:
        options = queries.filter_options(conn, scoped)
    assert set(options["portfolio"]) == set(mine["portfolio"])
    assert set(options["project_manager"]) == set(mine["project_manager"].dropna())


def test_the_store_browser_shows_only_the_scopes_rows(engine, scoped, visible):
    from datetime import datetime

    with engine.connect() as conn:
        found = data_view.as_of(conn, "raid", datetime.now(), scoped)
        everyone = data_view.as_of(conn, "raid", datetime.now())
    assert set(found.export["project_id"]) <= visible
    assert 0 < found.rows < everyone.rows


@pytest.fixture
def scoped_viewer(writable_engine) -> access.Identity:
    admin = access.single_user("operator")
    writes.save_user(
        writable_engine,
        admin,
        users.Entry(
            "vera@example.org",
            access.VIEWER,
            portfolios=SCOPE_PORTFOLIOS,
            programmes=SCOPE_PROGRAMMES,
        ),
    )
    return access.Identity(email="vera@example.org", name="Vera")


def test_figures_run_as_a_scoped_viewer_hold_only_their_projects(
    writable_url, scoped_viewer, capsys, tmp_path
):
    out = tmp_path / "figures.json"
    code, _, err = cli.run(capsys, "figures", "--as", "Vera@Example.org", "--db", writable_url,
                           "--out", out)  # fmt: skip
    assert code == 0, err
    import json

    document = json.loads(out.read_text(encoding="utf-8"))
    engine = sa.create_engine(writable_url)
    raw = pd.read_sql(sa.select(schema.TABLES["projects"]), engine)
    engine.dispose()
    inside = raw["portfolio"].isin(SCOPE_PORTFOLIOS) | raw["programme"].isin(SCOPE_PROGRAMMES)
    assert {p["project_id"] for p in document["projects"]} == set(raw.loc[inside, "project_id"])
    assert document["filters"]["scope"] == {
        "portfolio": list(SCOPE_PORTFOLIOS),
        "programme": list(SCOPE_PROGRAMMES),
    }
    others = set(raw["project_id"]) - set(raw.loc[inside, "project_id"])
    assert not others & set(PROJECT_ID.findall(out.read_text(encoding="utf-8")))


def test_a_viewer_cannot_import_from_the_command_line(
    writable_url, scoped_viewer, capsys, tmp_path
):
    upload = tmp_path / "raid.csv"
    upload.write_text(
        "raid_id;project_id;type;title;probability;impact;status\n"
        "RAID-X;PRJ-011;Risk;From the terminal;3;3;Open\n",
        encoding="utf-8",
    )
    code, out, err = cli.run(capsys, "import", upload, "--as", "vera@example.org",
                             "--db", writable_url)  # fmt: skip
    assert code == 1
    assert err.strip() == (
        "steerco: vera@example.org is viewer and may not import data; nothing was changed."
    )
    cli.no_traceback(out, err)
    code, out, _ = cli.run(capsys, "audit", "--actor", "vera@example.org", "--db", writable_url)
    assert "refused" in out and "import of raid.csv" in out


def test_the_users_command_lists_sets_and_removes(writable_url, capsys):
    code, out, _ = cli.run(capsys, "users", "set", "Pia@Example.org", "--role", "project_manager",
                           "--project", "PRJ-002", "--db", writable_url)  # fmt: skip
    assert (code, out.strip()) == (0, "pia@example.org: project_manager")
    code, out, _ = cli.run(capsys, "users", "list", "--db", writable_url)
    assert re.search(r"pia@example.org\s+project_manager\s+all projects\s+projects: PRJ-002", out)
    code, out, err = cli.run(capsys, "users", "set", "bad address", "--role", "viewer",
                             "--db", writable_url)  # fmt: skip
    assert code == 1 and "'bad address' is not an e-mail address" in err
    code, out, _ = cli.run(capsys, "users", "remove", "pia@example.org", "--db", writable_url)
    assert code == 0
    code, out, err = cli.run(capsys, "users", "remove", "pia@example.org", "--db", writable_url)
    assert code == 1 and "does not name pia@example.org" in err


@pytest.mark.skipif(
    __import__("steerco.exports.images", fromlist=["x"]).chromium_path() is None,
    reason="chart pictures need Chromium",
)
def test_the_pack_of_a_scoped_viewer_names_only_their_projects(sqlite_engine, settings, scoped):
    from pptx import Presentation

    from steerco.exports.pack import build_pack

    with sqlite_engine.connect() as conn:
        raw = pd.read_sql(sa.select(schema.TABLES["projects"]), conn)
        deck = Presentation(io.BytesIO(build_pack(conn, scoped, settings, source="test")))
    inside = raw["portfolio"].isin(SCOPE_PORTFOLIOS) | raw["programme"].isin(SCOPE_PROGRAMMES)
    others = set(raw["project_id"]) - set(raw.loc[inside, "project_id"])
    texts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    named = set(PROJECT_ID.findall("\n".join(texts)))
    assert named and not named & others
