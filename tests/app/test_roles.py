"""Each role sees what it may do, and no more: a viewer has no write action on the Data page,
a project manager imports for their projects, a scoped viewer sees only their portfolio, an
admin keeps the role table on the Users page (AppTest; the browser tests sign in for real)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from data_access import access, audit, schema, users
from data_access import engine as store_engine
from data_access.ingest import service
from steerco.ui.text import literal
from tests.support import apptest

VIEWER = access.Identity("vic@example.org", "Vic", access.VIEWER)
SCOPED = access.Identity("vera@example.org", "Vera", access.VIEWER, portfolios=("Finance",))
ADMIN = access.Identity("ada@example.org", "Ada", access.ADMIN)


def _pm(app_env) -> access.Identity:
    """The project manager of the store's first project, by name."""
    eng = store_engine.create_engine(app_env)
    with eng.connect() as conn:
        name = (
            conn.execute(
                sa.select(schema.TABLES["projects"].c.project_manager).order_by("project_id")
            )
            .scalars()
            .first()
        )
    eng.dispose()
    return access.Identity("pm@example.org", name, access.PROJECT_MANAGER)


def _projects(app_env, portfolio: str | None = None) -> list[str]:
    eng = store_engine.create_engine(app_env)
    table = schema.TABLES["projects"]
    stmt = sa.select(table.c.project_id).order_by(table.c.project_id)
    if portfolio:
        stmt = stmt.where(table.c.portfolio == portfolio)
    with eng.connect() as conn:
        ids = list(conn.execute(stmt).scalars())
    eng.dispose()
    return ids


def _committed(app_env) -> int:
    eng = store_engine.create_engine(app_env)
    report = service.run_import(
        eng,
        b"raid_id;project_id;type;title;probability;impact;status\nR-1;PRJ-002;Risk;x;3;3;Open\n",
        "risk.csv",
        user_name="someone",
        replace_scope=False,
    )
    eng.dispose()
    return report.result.import_id


def test_a_viewer_sees_no_write_action_on_the_data_page(app_env, monkeypatch):
    import_id = _committed(app_env)
    apptest.act_as(monkeypatch, VIEWER)
    at = apptest.open_page("pages/data.py")
    apptest.no_error(at)
    assert not at.get("file_uploader")
    assert "Your role (viewer) does not include this: import data." in [c.value for c in at.caption]
    at = apptest.select_row(at, "history_table", 0)  # the import just committed
    apptest.no_error(at)
    assert any(f"Import #{import_id}" == h.value for h in at.subheader)
    labels = [b.label for b in at.button]
    assert not [label for label in labels if "Roll back" in label or "Delete mapping" in label]


def test_a_viewer_has_no_users_page(app_env, monkeypatch):
    apptest.act_as(monkeypatch, VIEWER)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        apptest.open_page("pages/users.py")


def test_a_project_manager_is_told_their_projects(app_env, monkeypatch):
    pm = _pm(app_env)
    apptest.act_as(monkeypatch, pm)
    at = apptest.open_page("pages/data.py")
    apptest.no_error(at)
    assert at.get("file_uploader")
    eng = store_engine.create_engine(app_env)
    with eng.connect() as conn:
        own = sorted(users.own_projects(conn, pm))
    eng.dispose()
    assert f"You may import for your projects: {', '.join(own)}." in [c.value for c in at.caption]


def test_a_scoped_viewer_sees_only_their_portfolio(app_env, monkeypatch):
    finance = _projects(app_env, "Finance")
    others = sorted(set(_projects(app_env)) - set(finance))
    apptest.act_as(monkeypatch, SCOPED)
    at = apptest.open_page("pages/portfolio.py")
    apptest.no_error(at)
    assert set(at.dataframe[0].value["ID"]) == set(finance)
    assert at.multiselect(key="flt_portfolio").options == ["Finance"]
    at = apptest.open_page("pages/project.py", params={"project": others[0]})
    assert [e.value for e in at.error] == [f"There is no project with the id {others[0]}."]


def test_an_admin_gives_a_role_on_the_users_page(app_env, monkeypatch):
    apptest.act_as(monkeypatch, ADMIN)
    at = apptest.open_page("pages/users.py")
    apptest.no_error(at)
    at.text_input(key="users_email").set_value("Pia@Example.org")
    at.text_input(key="users_name_new").set_value("Pia")
    at.selectbox(key="users_role_new").set_value(access.PROJECT_MANAGER)
    at.multiselect(key="users_projects_new").set_value(["PRJ-002"])
    at = at.button(key="FormSubmitter:users_form_new-Save").click().run()
    apptest.no_error(at)
    assert [s.value for s in at.success] == [
        literal("pia@example.org") + " is now project manager."
    ]
    table = at.dataframe[0].value
    assert list(table["E-mail"]) == ["pia@example.org"]
    eng = store_engine.create_engine(app_env)
    with eng.connect() as conn:
        row = audit.trail(conn, action=audit.USER_SAVED).iloc[0]
        entry = users.get(conn, "pia@example.org")
    eng.dispose()
    assert row["actor"] == "ada@example.org" and entry.projects == ("PRJ-002",)


def test_only_an_admin_sees_where_the_store_is_with_secrets_masked(app_env, monkeypatch):
    from data_access import engine as store_engine

    where = store_engine.describe_url(app_env)
    apptest.act_as(monkeypatch, ADMIN)
    at = apptest.open_page("pages/data.py")
    stores = [c.value for c in at.caption if c.value.startswith("Store: ")]
    assert stores == [f"Store: {literal(where)} (shown to admins only; secrets masked)."]
    apptest.act_as(monkeypatch, access.Identity("pat@example.org", "Pat", access.PMO))
    at = apptest.open_page("pages/data.py")
    assert not [c.value for c in at.caption if c.value.startswith("Store: ")]


def test_a_scoped_view_is_never_served_to_another_user(app_env, monkeypatch):
    """The page cache is shared by every session: the scoped viewer's portfolio, built first,
    is not what the next (unscoped) viewer gets, nor the other way round."""
    everything, finance = set(_projects(app_env)), set(_projects(app_env, "Finance"))
    for who, expected in ((SCOPED, finance), (VIEWER, everything), (SCOPED, finance)):
        apptest.act_as(monkeypatch, who)
        at = apptest.open_page("pages/portfolio.py")
        assert set(at.dataframe[0].value["ID"]) == expected, who.email
