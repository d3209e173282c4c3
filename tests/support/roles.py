"""People with roles, for the tests of who may do what: the RAID files they upload, and their
browser pages, each signed in through the test OIDC provider (``tests/support/oidc_provider``).

Usage::

    with signed_in_app(provider, store_url, tmp_path) as app, people(browser) as person:
        viewer, pm = person(), person()  # separate browser contexts: separate people
        sign_in(viewer, app, "vera")
        sign_in(pm, app, "pia")
        assert "Signed in as Vera" in sidebar_text(viewer)

    prepared = checked_upload(engine, raid_csv(("RAID-1", "PRJ-002", "Vendor late")))
    writes.commit_import(engine, who, prepared, replace_scope=False)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from data_access import engine as store_engine
from data_access.ingest import service
from data_access.ingest.pipeline import Prepared
from tests.support.app_server import StreamlitServer
from tests.support.browser import STEP_TIMEOUT_MS, VIEWPORT, assert_no_exception, wait_for_app
from tests.support.oidc_provider import OidcProvider, offline_provider_pages

__all__ = [
    "ALICE",
    "BOB",
    "WORD_JOINER",
    "checked_upload",
    "page_text",
    "people",
    "raid_csv",
    "sidebar_text",
    "sign_in",
    "signed_in_app",
    "text_of",
]

#: The repository (where ``app.py`` is).
REPO = Path(__file__).resolve().parents[2]
#: A rendered Markdown escape may leave a zero-width word joiner in a value (ui.text.literal).
WORD_JOINER = "\u2060"


#: People of the sign-in tests: Alice is PMO by her provider's role claim; Bob has no claim (a
#: viewer). Register them with ``OidcProvider.set_user("alice", ALICE)``.
ALICE = {"email": "alice@example.org", "name": "Alice Martin", "steerco_role": "pmo"}
BOB = {"email": "bob@example.org", "name": "Bob Peeters"}


# --------------------------------------------------------------------------- files


def raid_csv(*rows: tuple[str, str, str]) -> bytes:
    """A RAID upload (.csv, ``;``-separated): one open risk per (raid_id, project_id, title)."""
    lines = ["raid_id;project_id;type;title;probability;impact;status"]
    lines += [f"{rid};{pid};Risk;{title};3;4;Open" for rid, pid, title in rows]
    return ("\n".join(lines) + "\n").encode()


def checked_upload(engine: Any, payload: bytes, name: str = "raid.csv") -> Prepared:
    """A file read and checked against the store, ready to commit (it must have no error)."""
    workbook, problems = service.read_upload(payload, name)
    assert workbook is not None, problems
    prepared = service.check_workbook(engine, workbook)
    assert prepared.ok, prepared.problems
    return prepared


# --------------------------------------------------------------------------- browser


@contextmanager
def signed_in_app(
    provider: OidcProvider, store_url: str, folder: Path
) -> Iterator[StreamlitServer]:
    """``streamlit run app.py`` on ``store_url`` with sign-in through ``provider`` (its
    ``[auth]`` secrets written in ``folder``, outside the repository)."""
    secrets = provider.write_secrets(folder)
    env = {store_engine.DB_URL_ENV: store_url}
    args = ["--secrets.files", str(secrets)]
    with StreamlitServer(cwd=REPO, env=env, extra_args=args) as server:
        yield server


@contextmanager
def people(browser: Any, **context_options: Any) -> Iterator[Callable[[], Any]]:
    """Make pages, each in a fresh browser context (its own cookies: a separate person),
    refusing the provider pages' CDN stylesheet; every context is closed at the end."""
    contexts: list[Any] = []

    def person() -> Any:
        context = browser.new_context(viewport=VIEWPORT, **context_options)
        offline_provider_pages(context)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        return page

    try:
        yield person
    finally:
        for context in contexts:
            context.close()


def text_of(locator: Any) -> str:
    """What an element shows, as text (without the escapes' word joiners)."""
    return locator.inner_text().replace(WORD_JOINER, "")


def page_text(page: Any) -> str:
    """What the page shows, as text."""
    return text_of(page.locator("body"))


def sidebar_text(page: Any) -> str:
    return text_of(page.get_by_test_id("stSidebar"))


def sign_in(
    page: Any, app: Any, sub: str, path: str = "/", title: str = "Portfolio overview"
) -> None:
    """Open ``path`` of ``app`` (a ``StreamlitServer`` whose ``[auth]`` names the provider),
    sign in on the provider's form as ``sub`` (``OidcProvider.set_user``), back to that page
    (its heading ``title``)."""
    page.goto(app.url(path))
    wait_for_app(page)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/oauth2/authorize\?"))
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(app.url(path).rstrip("/")) + r"/?$"))
    page.locator("h1", has_text=title).wait_for()
    wait_for_app(page)
    assert_no_exception(page)
