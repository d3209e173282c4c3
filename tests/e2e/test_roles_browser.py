"""Three people, three roles, one instance at the same time, each signed in through a real
OpenID Connect provider (oidc-provider-mock, started by the test) in Chromium.

Before the server starts, the role table names a viewer scoped to the Finance portfolio (Vera)
and a project manager (Pia, whose ``name`` claim is the ``project_manager`` of some projects of
the store); a PMO (Pat) comes by the provider's ``steerco_role`` claim only. With the three
signed in together, the viewer sees only Finance's projects and no write action, the project
manager commits a RAID file for their project and is refused one that touches another's, and
the PMO finds that import in the audit trail and rolls it back; each still sees exactly what
their role allows afterwards, and every change is in the trail under its author's e-mail. A
viewer's forged write (the service layer called directly) is refused and recorded.

Expected project ids come from the raw ``projects`` table (plain SQL). Set ``STEERCO_SHOTS=DIR``
to keep screenshots (1280×720 and 1600×900) of what each role sees.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pandas as pd
import pytest
from openpyxl import load_workbook

from data_access import access, audit, users, writes
from data_access import engine as store_engine
from data_access.access import AccessRefused
from tests.support import store_state
from tests.support.browser import (
    Shots,
    assert_no_exception,
    click_first_grid_row,
    download_from_menu,
    upload_file,
    wait_for_app,
)
from tests.support.oidc_provider import OidcProvider
from tests.support.roles import (
    checked_upload,
    page_text,
    people,
    raid_csv,
    sidebar_text,
    sign_in,
    signed_in_app,
    text_of,
)

pytestmark = pytest.mark.browser

#: The scoped viewer's portfolio (seven of the sample's forty projects).
PORTFOLIO = "Finance"
VIEWER = {"email": "vera@example.org", "name": "Vera Janssens"}
PMO = {"email": "pat@example.org", "name": "Pat Dubois", access.ROLE_CLAIM: access.PMO}
PM_EMAIL = "pia@example.org"
#: Who puts the viewer and the project manager in the role table (before the server starts).
OPERATOR = access.single_user("operator")
#: The screenshot sizes: a small laptop and a projector.
SIZES = ((1280, 720), (1600, 900))
#: How long a filter's list may take to open after a click before the arrow key opens it.
OPEN_LIST_MS = 5_000
#: RAID items the project manager's files add.
MINE, ALSO_MINE, NOT_MINE = "RAID-ROLE-1", "RAID-ROLE-2", "RAID-ROLE-3"


@dataclass(frozen=True)
class Cast:
    """Who manages what in the store, read from the raw projects table."""

    pm_name: str
    own: tuple[str, ...]  # the project manager's projects (project_manager = their name)
    other: str  # a project somebody else manages
    in_portfolio: tuple[str, ...]  # the viewer's portfolio's projects
    outside: str  # a project of another portfolio
    names: tuple[tuple[str, str], ...] = ()  # (project id, name) of every project

    @property
    def pm(self) -> dict[str, str]:
        """The project manager's claims: their name is the projects' project_manager."""
        return {"email": PM_EMAIL, "name": self.pm_name}


def _engine(url: str):
    return store_engine.create_engine(url)


@pytest.fixture(scope="module")
def store_url(app_store_copy) -> str:
    return app_store_copy("roles-db")


@pytest.fixture(scope="module")
def cast(store_url) -> Cast:
    """The store's projects and managers, and the role table filled as an admin would."""
    eng = _engine(store_url)
    with eng.connect() as conn:
        projects = pd.read_sql(
            "SELECT project_id, name, portfolio, project_manager FROM projects ORDER BY project_id",
            conn,
        )
    pm_name = str(projects["project_manager"].iloc[0])
    own = projects.loc[projects["project_manager"] == pm_name, "project_id"]
    mine = projects["portfolio"] == PORTFOLIO
    found = Cast(
        pm_name=pm_name,
        own=tuple(own),
        other=str(projects.loc[~projects["project_id"].isin(own), "project_id"].iloc[0]),
        in_portfolio=tuple(projects.loc[mine, "project_id"]),
        outside=str(projects.loc[~mine, "project_id"].iloc[0]),
        names=tuple(zip(projects["project_id"], projects["name"], strict=True)),
    )
    viewer = users.Entry(VIEWER["email"], access.VIEWER, VIEWER["name"], portfolios=(PORTFOLIO,))
    manager = users.Entry(PM_EMAIL, access.PROJECT_MANAGER, pm_name)
    writes.save_user(eng, OPERATOR, viewer)
    writes.save_user(eng, OPERATOR, manager)
    eng.dispose()
    assert found.in_portfolio and found.own, "the sample has Finance projects and a PM of some"
    return found


@pytest.fixture(scope="module")
def provider(cast):
    with OidcProvider() as running:
        running.set_user("vera", VIEWER)
        running.set_user("pia", cast.pm)
        running.set_user("pat", PMO)
        yield running


@pytest.fixture(scope="module")
def app(provider, store_url, tmp_path_factory):
    """One server for everybody, sign-in configured."""
    with signed_in_app(provider, store_url, tmp_path_factory.mktemp("roles-secrets")) as app:
        yield app


# --------------------------------------------------------------------------- reading the store


def _last_audit_id(url: str) -> int:
    eng = _engine(url)
    with eng.connect() as conn:
        last = audit.trail(conn, limit=1)["audit_id"]
    eng.dispose()
    return int(last.iloc[0]) if len(last) else 0


def _trail_since(url: str, audit_id: int) -> pd.DataFrame:
    eng = _engine(url)
    with eng.connect() as conn:
        rows = audit.trail(conn)
    eng.dispose()
    return rows.loc[rows["audit_id"] > audit_id]


def _raid_of(url: str, project_ids: tuple[str, ...] | list[str]) -> set[str]:
    eng = _engine(url)
    with eng.connect() as conn:
        raid = pd.read_sql("SELECT raid_id, project_id FROM raid", conn)
    eng.dispose()
    return set(raid.loc[raid["project_id"].isin(project_ids), "raid_id"])


def _snapshot(url: str) -> tuple[dict, int]:
    """Every dataset and history row, and how many imports the log holds."""
    eng = _engine(url)
    state = store_state.snapshot(eng), len(store_state.import_log(eng))
    eng.dispose()
    return state


# --------------------------------------------------------------------------- in the browser


def _open(page, app, path: str, heading: str) -> None:
    page.goto(app.url(path))
    page.locator("h1", has_text=heading).wait_for()
    wait_for_app(page)
    assert_no_exception(page)


def _follow(page, link: str, heading: str) -> None:
    """Open a page from the navigation (the same session, as a user clicks)."""
    nav = page.get_by_test_id("stSidebarNav")
    nav.get_by_role("link", name=re.compile(rf"(^|\s){link}$")).click()
    page.locator("h1", has_text=heading).wait_for()
    wait_for_app(page)
    assert_no_exception(page)


def _navigation(page) -> list[str]:
    """The pages listed, by title (each link's last line: the first is its icon's name)."""
    links = page.get_by_test_id("stSidebarNav").get_by_role("link").all_inner_texts()
    return [text.strip().splitlines()[-1].strip() for text in links]


def _portfolio_ids(page, cast: Cast) -> set[str]:
    """The projects in the Portfolio table (its accessible copy of the canvas grid), by id:
    the table's first column is the project's name."""
    table = page.locator(".st-key-portfolio_table")
    table.locator('[role="gridcell"]').first.wait_for(state="attached")  # hidden: a copy
    cells = {c.strip() for c in table.locator('[role="gridcell"]').all_inner_texts()}
    return {pid for pid, name in cast.names if name in cells}


def _download_table(page, menu) -> pd.DataFrame:
    """A table as its "Download" menu gives it in Excel."""
    xlsx = download_from_menu(page, menu, "Excel (.xlsx)")
    rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


def _sidebar_options(page, label: str) -> list[str]:
    """What a sidebar filter offers (its list opened, read, closed)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    wait_for_app(page)  # a menu just closed reruns the page: a click then is lost
    box = page.get_by_test_id("stSidebar").get_by_role("combobox", name=label, exact=True)
    box.click()
    options = page.get_by_role("option")
    try:
        options.first.wait_for(timeout=OPEN_LIST_MS)
    except PlaywrightTimeout:  # the click only focused the box: the arrow key opens its list
        page.keyboard.press("ArrowDown")
        options.first.wait_for()
    shown = options.all_inner_texts()
    page.keyboard.press("Escape")
    return shown


def _history_first_import(page) -> int:
    """Open the Data page's History tab, click its newest import; returns its number."""
    page.get_by_role("tab", name="History").click()
    grid = page.get_by_test_id("stDataFrame").filter(visible=True).first
    click_first_grid_row(page, grid)
    heading = page.get_by_role("heading", name=re.compile(r"^Import #\d+$"))
    heading.wait_for()
    wait_for_app(page)
    return int(heading.inner_text().removeprefix("Import #"))


def _upload_csv(page, path, content: bytes) -> None:
    path.write_bytes(content)
    upload_file(page, path)
    page.get_by_text("What will change").wait_for()
    wait_for_app(page)


# --------------------------------------------------------------------------- each role


def _viewer_sees_only_their_portfolio(page, app, cast: Cast) -> None:
    _follow(page, "Portfolio", "Portfolio")
    assert _portfolio_ids(page, cast) == set(cast.in_portfolio)
    download = page.get_by_role("button", name="Download", exact=True).first
    table = _download_table(page, download)
    assert sorted(table["ID"]) == sorted(cast.in_portfolio)
    assert _sidebar_options(page, "Portfolio") == [PORTFOLIO]
    navigation = _navigation(page)
    assert "Portfolio" in navigation and "Data" in navigation
    assert "Audit" not in navigation and "Users" not in navigation

    _open(page, app, f"/project?project={cast.outside}", "Project")
    assert f"There is no project with the id {cast.outside}." in page_text(page)


def _viewer_has_no_write_action(page, shot=None) -> int:
    """The Data page: no uploader, an import's details but no rollback; returns the import."""
    _follow(page, "Data", "Data")
    assert page.get_by_test_id("stFileUploader").count() == 0
    assert "Your role (viewer) does not include this: import data." in page_text(page)
    if shot is not None:
        shot("data", SIZES)
    shown = _history_first_import(page)
    assert page.get_by_role("button", name=re.compile("Roll back")).count() == 0
    assert page.get_by_text(re.compile("I want to undo")).count() == 0
    return shown


def _pm_imports_for_their_project(page, cast: Cast, tmp_path, url: str) -> int:
    """A RAID file for one of their projects is committed; returns the import's number."""
    _follow(page, "Data", "Data")
    text = page_text(page)
    assert f"Recorded in the import history as {PM_EMAIL}." in text
    assert f"You may import for your projects: {', '.join(sorted(cast.own))}." in text
    _upload_csv(page, tmp_path / "own.csv", raid_csv((MINE, cast.own[0], "Supplier late")))
    commit = page.get_by_role("button", name="Commit 1 change(s)")
    commit.click()
    done = page.get_by_text(re.compile(r"Import #(\d+) committed: 1 added, 0 changed"))
    done.wait_for()
    assert_no_exception(page)
    assert MINE in _raid_of(url, cast.own)
    return int(re.search(r"#(\d+)", done.inner_text()).group(1))


def _pm_is_refused_another_project(page, cast: Cast, tmp_path, url: str, shot) -> None:
    before = _snapshot(url)
    rows = ((ALSO_MINE, cast.own[0], "Mine too"), (NOT_MINE, cast.other, "Not mine"))
    _upload_csv(page, tmp_path / "mixed.csv", raid_csv(*rows))
    refusal = (
        f"{PM_EMAIL} may import only for their own projects; this change touches "
        f"{cast.other}; nothing was changed."
    )
    shown = page.get_by_test_id("stAlert").filter(has_text="may import only for their own")
    shown.wait_for()
    assert text_of(shown).strip().removeprefix("lock").strip() == refusal
    assert page.get_by_role("button", name=re.compile(r"^Commit")).count() == 0
    assert_no_exception(page)
    shot("refused-preview", SIZES, focus=shown)
    assert _snapshot(url) == before


def _pmo_finds_the_import_and_rolls_it_back(page, cast: Cast, import_id: int, url: str, shot):
    _follow(page, "Audit", "Audit trail")
    shot("audit", SIZES)
    trail = _download_table(page, page.get_by_role("button", name="Download", exact=True).first)
    imports = trail.loc[(trail["What"] == audit.IMPORT) & (trail["On"] == f"import #{import_id}")]
    assert list(imports["Who"]) == [PM_EMAIL]
    assert imports["Detail"].str.startswith("own.csv").all()
    signed_in = set(trail.loc[trail["What"] == audit.SIGN_IN, "Who"])
    assert {VIEWER["email"], PM_EMAIL, PMO["email"]} <= signed_in

    _follow(page, "Data", "Data")
    assert _history_first_import(page) == import_id
    page.get_by_text(f"I want to undo import #{import_id}").click()
    page.get_by_role("button", name=f"Roll back import #{import_id}").click()
    page.get_by_text(re.compile(rf"Import #{import_id} rolled back")).wait_for()
    assert_no_exception(page)
    assert MINE not in _raid_of(url, cast.own)


def _still_as_their_role_allows(viewer, pm, pmo, cast: Cast) -> None:
    """After the others' changes, each page (still open) shows what its role allows."""
    _follow(viewer, "Portfolio", "Portfolio")
    assert _portfolio_ids(viewer, cast) == set(cast.in_portfolio)
    assert "Signed in as Vera Janssens" in sidebar_text(viewer)
    assert "Audit" not in _navigation(viewer)
    _follow(viewer, "Data", "Data")
    assert viewer.get_by_test_id("stFileUploader").count() == 0

    _follow(pm, "Data", "Data")
    assert pm.get_by_test_id("stFileUploader").count() == 1
    assert f"You may import for your projects: {', '.join(sorted(cast.own))}." in page_text(pm)
    assert f"Signed in as {cast.pm_name}" in sidebar_text(pm)
    assert "Audit" not in _navigation(pm) and "Users" not in _navigation(pm)

    _follow(pmo, "Overview", "Portfolio overview")
    navigation = _navigation(pmo)
    assert "Audit" in navigation and "Users" not in navigation
    assert "Signed in as Pat Dubois" in sidebar_text(pmo)


# --------------------------------------------------------------------------- the tests


def test_three_people_with_three_roles_at_once(browser, app, store_url, cast, tmp_path):
    start = _last_audit_id(store_url)
    with people(browser, accept_downloads=True) as person:
        viewer, pm, pmo = person(), person(), person()
        sign_in(viewer, app, "vera")
        sign_in(pm, app, "pia")
        sign_in(pmo, app, "pat")
        signed_in = {"viewer": viewer, "pm": pm, "pmo": pmo}
        shots = {role: Shots(page, f"roles-{role}") for role, page in signed_in.items()}

        _viewer_sees_only_their_portfolio(viewer, app, cast)
        _follow(viewer, "Portfolio", "Portfolio")
        shots["viewer"]("portfolio", SIZES)
        _viewer_has_no_write_action(viewer, shots["viewer"])

        import_id = _pm_imports_for_their_project(pm, cast, tmp_path, store_url)
        _pm_is_refused_another_project(pm, cast, tmp_path, store_url, shots["pm"])

        # the viewer, back on the Data page, sees the new import but cannot undo it
        _follow(viewer, "Overview", "Portfolio overview")
        assert _viewer_has_no_write_action(viewer) == import_id

        _pmo_finds_the_import_and_rolls_it_back(pmo, cast, import_id, store_url, shots["pmo"])
        _still_as_their_role_allows(viewer, pm, pmo, cast)

    trail = _trail_since(store_url, start)
    by = {who: set(trail.loc[trail["actor"] == who, "action"]) for who in set(trail["actor"])}
    assert by == {
        VIEWER["email"]: {audit.SIGN_IN},
        PM_EMAIL: {audit.SIGN_IN, audit.IMPORT},
        PMO["email"]: {audit.SIGN_IN, audit.ROLLBACK},
    }
    signed_in = trail.loc[trail["action"] == audit.SIGN_IN, "actor"]
    assert sorted(signed_in) == sorted([VIEWER["email"], PM_EMAIL, PMO["email"]]), "once each"
    changes = trail.loc[trail["action"] != audit.SIGN_IN]
    assert sorted(zip(changes["actor"], changes["action"], changes["target"], strict=True)) == [
        (PMO["email"], audit.ROLLBACK, f"import #{import_id}"),
        (PM_EMAIL, audit.IMPORT, f"import #{import_id}"),
    ]


def test_a_viewers_forged_write_is_refused_and_recorded(store_url, cast):
    """What the hidden buttons would do, called directly with the viewer's identity as the app
    resolves it (claims, then the role table): refused, nothing changed, in the trail."""
    eng = _engine(store_url)
    with eng.connect() as conn:
        vera = users.resolve(conn, access.from_claims(VIEWER))
    assert (vera.role, vera.portfolios) == (access.VIEWER, (PORTFOLIO,))
    before = _snapshot(store_url)
    last_import = int(store_state.import_log(eng)["import_id"].max())
    start = _last_audit_id(store_url)
    forged = checked_upload(eng, raid_csv(("RAID-FORGED-1", cast.in_portfolio[0], "Forged")))

    with pytest.raises(AccessRefused) as import_refused:
        writes.commit_import(eng, vera, forged, replace_scope=False)
    with pytest.raises(AccessRefused) as rollback_refused:
        writes.rollback(eng, vera, last_import)
    eng.dispose()

    assert str(import_refused.value) == (
        "vera@example.org is viewer and may not import data; nothing was changed."
    )
    assert str(rollback_refused.value) == (
        "vera@example.org is viewer and may not roll back an import; nothing was changed."
    )
    assert _snapshot(store_url) == before
    trail = _trail_since(store_url, start)
    assert list(zip(trail["actor"], trail["action"], trail["target"], strict=True)) == [
        (VIEWER["email"], audit.REFUSED, f"rollback of import #{last_import}"),
        (VIEWER["email"], audit.REFUSED, "import of raid.csv"),
    ]
