"""Two real app servers behind a real HAProxy (the shipped ``deploy/haproxy.cfg``) on one
PostgreSQL store, with sign-in through a real OpenID Connect alice_and_bob, in Chromium:

* a browser stays on the server that first answered it (the sticky cookie), every request;
* an import committed through one server is what the other shows at its next rerun, and so is
  its rollback (the page cache is keyed on the store's data generation, read from the
  database);
* a signed-in user whose server goes away is sent to the other one, still signed in, and the
  replaced server takes them back signed in (one ``cookie_secret`` for all servers);
* an upload larger than the limit is refused by the proxy (413) before any server reads it.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from data_access import engine as store_engine
from data_access import store
from tests.support.browser import (
    assert_no_exception,
    click_first_grid_row,
    upload_file,
    wait_for_app,
)
from tests.support.cluster import SERVER_HEADER, STICKY_COOKIE, Cluster, haproxy_unavailable_reason
from tests.support.ports import free_port
from tests.support.roles import page_text, people, raid_csv, sidebar_text, sign_in

pytestmark = pytest.mark.browser

NEW_RISK = ("RAID-HA-1", "PRJ-002", "Second data centre not ready for the cut-over")


@pytest.fixture(scope="module")
def store_url(pg_server) -> str:
    """The sample portfolio in a PostgreSQL database of its own (this module writes)."""
    url = pg_server.create_database("several_servers")
    engine = store_engine.create_engine(url)
    store.load_sample(engine, source="several servers")
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def cluster(alice_and_bob, store_url, tmp_path_factory) -> Iterator[Cluster]:
    reason = haproxy_unavailable_reason()
    if reason:
        pytest.skip(reason)
    port = free_port()
    # One [auth] table for every server: the redirect URI is the proxy's address (what the
    # user's browser sees), and the cookie_secret signs the sign-in cookie every server reads.
    secrets = Path(tmp_path_factory.mktemp("cluster-secrets")) / "secrets.toml"
    secrets.write_text(
        alice_and_bob.auth_secrets().replace("127.0.0.1:{port}", f"127.0.0.1:{port}"),
        encoding="utf-8",
    )
    env = {store_engine.DB_URL_ENV: store_url}
    with Cluster(2, env, extra_args=["--secrets.files", str(secrets)], proxy_port=port) as running:
        yield running


@pytest.fixture
def person(browser, cluster):
    """A browser of its own (cookies, sessions), optionally pinned to one server."""
    with people(browser) as make:

        def pinned(server: str | None = None):
            page = make()
            if server is not None:
                page.context.add_cookies(
                    [{"name": STICKY_COOKIE, "value": server, "url": cluster.base_url}]
                )
            served: list[str] = []
            page.on("response", lambda r: served.append(r.headers.get(SERVER_HEADER.lower(), "")))
            page.served = served
            return page

        yield pinned


def _sticky_server(page) -> str:
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return cookies[STICKY_COOKIE]


def _open_risks(page, cluster: Cluster) -> int:
    page.goto(cluster.url("/risks"))
    page.locator("h1", has_text="Risks & RAID").wait_for()
    wait_for_app(page)
    assert_no_exception(page)
    tile = page.get_by_test_id("stMetric").filter(has_text="Open risks").first
    value = tile.get_by_test_id("stMetricValue").inner_text()
    return int(re.sub(r"\D", "", value))


def test_a_browser_stays_on_the_server_that_first_answered_it(person, cluster):
    page = person()
    sign_in(page, cluster, "bob")
    server = _sticky_server(page)
    assert server in {"app1", "app2"}
    page.get_by_role("link", name="Portfolio").click()
    page.locator("h1", has_text="Portfolio").wait_for()
    wait_for_app(page)
    page.reload()
    wait_for_app(page)
    answered = {s for s in page.served if s}
    assert answered == {server}, f"every request went to {server}, not {answered}"
    assert "Signed in as Bob Peeters" in sidebar_text(page)


def test_two_browsers_are_spread_over_both_servers(person, cluster):
    servers = set()
    for _ in range(4):
        page = person()
        page.goto(cluster.url("/"))
        wait_for_app(page)
        servers.add(_sticky_server(page))
    assert servers == {"app1", "app2"}


def test_an_import_through_one_server_and_its_rollback_show_on_the_other(person, cluster, tmp_path):
    alice, bob = person("app1"), person("app2")
    sign_in(alice, cluster, "alice")
    sign_in(bob, cluster, "bob")
    before = _open_risks(bob, cluster)  # server 2 has the page in its cache now

    alice.get_by_role("link", name="Data").click()
    alice.locator("h1", has_text="Data").wait_for()
    wait_for_app(alice)
    upload = tmp_path / "raid.csv"
    upload.write_bytes(raid_csv(NEW_RISK))
    upload_file(alice, upload)
    alice.get_by_role("button", name="Commit 1 change(s)").click()
    done = alice.get_by_text(re.compile(r"Import #(\d+) committed: 1 added, 0 changed"))
    done.wait_for()
    import_id = int(re.search(r"#(\d+)", done.inner_text()).group(1))
    assert {s for s in alice.served if s} == {"app1"}

    assert _open_risks(bob, cluster) == before + 1
    assert {s for s in bob.served if s} == {"app2"}

    alice.get_by_role("tab", name="History").click()
    click_first_grid_row(alice, alice.get_by_test_id("stDataFrame").filter(visible=True).first)
    alice.get_by_role("heading", name=f"Import #{import_id}").wait_for()
    alice.get_by_text(f"I want to undo import #{import_id}").click()
    alice.get_by_role("button", name=f"Roll back import #{import_id}").click()
    alice.get_by_text(re.compile(rf"Import #{import_id} rolled back")).wait_for()

    assert _open_risks(bob, cluster) == before
    assert_no_exception(bob)


def test_a_signed_in_user_survives_the_loss_and_the_replacement_of_their_server(person, cluster):
    page = person("app1")
    sign_in(page, cluster, "alice")
    assert _sticky_server(page) == "app1"

    cluster.servers[0].stop()  # the server goes away (a crash, a deploy)
    try:
        page.reload()
        page.locator("h1", has_text="Portfolio overview").wait_for()
        wait_for_app(page)
        assert "Signed in as Alice Martin" in sidebar_text(page)
        assert page.get_by_role("button", name="Sign in").count() == 0
        assert _sticky_server(page) == "app2", "HAProxy sent her to the other server"
    finally:
        cluster.restart(0)  # replaced: a new process on the same address
    cluster.wait_for_servers(up=2)

    page.context.add_cookies([{"name": STICKY_COOKIE, "value": "app1", "url": cluster.base_url}])
    page.served.clear()
    page.reload()
    page.locator("h1", has_text="Portfolio overview").wait_for()
    wait_for_app(page)
    assert "Signed in as Alice Martin" in sidebar_text(page)
    assert {s for s in page.served if s} == {"app1"}, "back on the new app1, still signed in"
    assert "Alice" in page_text(page)


def _raw_request(cluster: Cluster, head: str) -> str:
    """Send only a request's head (no body) and return the status line and headers."""
    with socket.create_connection(("127.0.0.1", cluster.proxy_port), timeout=10) as sock:
        sock.sendall(head.encode())
        return sock.recv(4096).decode(errors="replace")


def test_an_upload_over_the_limit_is_refused_at_the_proxy(cluster):
    answer = _raw_request(
        cluster,
        "PUT /_stcore/upload_file/session/file HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 60000000\r\n\r\n",
    )
    status = answer.splitlines()[0]
    assert " 413 " in status, status
    assert SERVER_HEADER.lower() not in answer.lower(), "no app server saw the request"
    small = _raw_request(cluster, "GET /_stcore/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert small.startswith("HTTP/1.1 200") and SERVER_HEADER.lower() in small.lower()
