"""The warm-up on a real server (steerco/ui/warm.py): the page models people opened are kept
when the server stops, and the restarted server builds them again in the background as soon
as its first visitor arrives; an import through the command line has them rebuilt for the new
data version, before anyone opens them again."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import pytest

from data_access import engine as store_engine
from tests.support.app_server import StreamlitServer
from tests.support.browser import assert_no_exception, wait_for_app
from tests.support.roles import REPO, raid_csv

pytestmark = pytest.mark.browser

WARMED = re.compile(r"INFO steerco\.ui\.warm: warmed (\d+) page model\(s\) for data version (\d+)")


def _warmed(server: StreamlitServer, timeout: float = 60.0) -> list[tuple[int, int]]:
    """The warm-ups the server's console reports, waiting for at least one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [(int(n), int(v)) for n, v in WARMED.findall(server.output_tail(400))]
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"no warm-up reported:\n{server.output_tail()}")


@pytest.fixture
def page(browser):
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def kept_hot_set(page, app_store_copy, tmp_path) -> tuple[str, dict[str, str], list[dict]]:
    """A store, the environment of a server with the warm-up on, and the page models a first
    server kept when it stopped after three pages were opened."""
    url = app_store_copy("warmdb")
    kept = tmp_path / "warm-up.json"
    env = {store_engine.DB_URL_ENV: url, "STEERCO_WARM_UP": "on", "STEERCO_WARM_FILE": str(kept)}
    with StreamlitServer(cwd=REPO, env=env) as server:
        for path in ("/", "/finance", "/risks"):
            page.goto(server.url(path))
            wait_for_app(page)
            assert_no_exception(page)
        server.process.terminate()  # a stop: the hot set is written on the way out
        server.process.wait(timeout=30)
    calls = json.loads(kept.read_text(encoding="utf-8"))["calls"]
    builds = {call["build"] for call in calls}
    assert {"steerco.views.overview:build", "steerco.views.finance:build"} <= builds
    assert all(not call["build"].startswith("tests") for call in calls)
    return url, env, calls


def test_steerco_serve_warms_before_the_first_visitor(page, kept_hot_set):
    _, env, calls = kept_hot_set
    with StreamlitServer(cwd=REPO, env=env, serve=True) as server:
        (count, _), *_ = _warmed(server)  # nobody has opened a page yet
        assert count >= len(calls), "every kept page model was built before anyone came"
        assert "Traceback" not in server.output_tail()
        page.goto(server.url("/finance"))
        wait_for_app(page)
        assert_no_exception(page)
        assert page.get_by_role("heading", name="Finance").first.is_visible()


def test_the_hot_set_survives_a_restart_and_follows_an_import(page, kept_hot_set, tmp_path):
    url, env, calls = kept_hot_set
    with StreamlitServer(cwd=REPO, env=env) as server:
        page.goto(server.url("/portfolio"))  # the first visitor, on another page
        wait_for_app(page)
        (count, version), *_ = _warmed(server)
        assert count >= len(calls), "every kept page model was built again"

        upload = tmp_path / "raid.csv"
        upload.write_bytes(raid_csv(("RAID-WARM-1", "PRJ-002", "Warm after import")))
        done = subprocess.run(
            [sys.executable, "-m", "steerco.cli", "import", str(upload), "--dataset", "raid",
             "--db", url],
            capture_output=True, text=True, timeout=120, cwd=REPO,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            after = _warmed(server)
            if after[-1][1] > version:
                break
            time.sleep(0.5)
        assert after[-1][1] > version, "the import's new data version was warmed"
        assert after[-1][0] >= count
