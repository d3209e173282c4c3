"""Benchmark: seed the large sample, then time every dashboard page (cold and warm cache)
beside a bare one-line Streamlit page, in the same run. Prints figures; asserts nothing.

Two measurements (the browser ones are the issue-20 table: per page, the first view with
nothing warm, after a start of `steerco serve`, after an import, warm reload and warm switch,
each ÷ the bare page of the same run, and the server's memory):
* script time (AppTest, in process): how long the page's Python takes;
* browser time: `streamlit run` + headless Chromium, until the page has finished rendering
  (script done, no skeleton, the first view's charts drawn) — what a user waits for.
  Cold = first load after the server started (empty caches). Warm, two ways, each beside the
  same action on a bare page: "reload" = a full page load (the browser parses Streamlit's
  JavaScript again), "switch" = a click on the page in the sidebar of the loaded app (what a
  user in the meeting does). "shell" is the app's frame alone (a title and a picker).

    python benchmarks/bench_pages.py [--scale large|demo] [--repeat 5] [--db URL]
        [--pages finance,risks] [--browser-only | --script-only] [--langs en,fr,nl]
        [--after-import]

``--after-import`` measures only the first view of each page after an import committed while
the server had the page warm, with the warm-up (steerco/ui/warm.py) off and on.

``--langs`` times the script of every page in each language (``?lang=``), to show what the
French and Dutch catalogues and formats cost beside English.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data_access import engine as store_engine  # noqa: E402
from data_access import store  # noqa: E402

BARE_PAGE = 'import streamlit as st\nst.write("Hello")\n'
PAGES = {
    "overview": None,
    "portfolio": "pages/portfolio.py",
    "finance": "pages/finance.py",
    "risks": "pages/risks.py",
    "roadmap": "pages/roadmap.py",
    "operations": "pages/operations.py",
    "resources": "pages/resources.py",
    "vendors": "pages/vendors.py",
    "demand": "pages/demand.py",
    "meeting": "pages/meeting.py",
    "report": "pages/report.py",
}
APP_TIMEOUT_S = 600


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run_checked(at) -> None:
    at.run()
    if at.exception:
        raise RuntimeError(at.exception[0].value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="large", choices=("demo", "large"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--db", default=None, help="use this store (seeded only if empty) instead of a temp SQLite"
    )
    parser.add_argument(
        "--pages", default=",".join(BROWSER_PAGES), help="comma-separated subset of the pages"
    )
    parser.add_argument("--browser-only", action="store_true", help="skip the script timings")
    parser.add_argument("--langs", default="en", help="script timings in these languages")
    parser.add_argument("--script-only", action="store_true", help="skip the browser timings")
    parser.add_argument(
        "--after-import",
        action="store_true",
        help="only the first view after an import, with the warm-up off and on",
    )
    args = parser.parse_args()
    names = [n.strip() for n in args.pages.split(",") if n.strip()]
    unknown = sorted(set(names) - set(BROWSER_PAGES))
    if unknown:
        parser.error(f"unknown page(s): {', '.join(unknown)}")

    tmp = Path(tempfile.mkdtemp(prefix="steerco-bench-"))
    url = args.db or f"sqlite:///{tmp / 'bench.sqlite'}"
    engine = store_engine.create_engine(url)
    store.create_schema(engine)
    if args.db and not store.is_empty(engine):
        print(f"using the existing store {store_engine.describe_url(url)}")
    else:
        seed_s = timed(lambda: store.load_sample(engine, scale=args.scale, source="benchmark"))
        print(f"seed --scale {args.scale}: {seed_s:.1f} s, peak RSS {peak_rss_mb():.0f} MB")
    with engine.connect() as conn:
        counts = store.row_counts(conn)
    engine.dispose()
    print(f"store: {counts['projects']:,} projects, {counts['tickets']:,} tickets")

    os.environ[store_engine.DB_URL_ENV] = url
    os.chdir(ROOT)
    if args.after_import:
        after_import_times(url, tmp, names)
        return 0
    if args.browser_only:
        browser_times(url, tmp, args.repeat, names)
        return 0
    from streamlit.testing.v1 import AppTest

    bare_path = tmp / "bare.py"
    bare_path.write_text(BARE_PAGE)
    bare = AppTest.from_file(str(bare_path), default_timeout=APP_TIMEOUT_S)
    run_checked(bare)
    bare_warm = statistics.median(timed(lambda: run_checked(bare)) for _ in range(args.repeat))
    print(f"{'bare page':10} warm {bare_warm * 1000:8.0f} ms")

    for language in args.langs.split(","):
        _script_times(AppTest, language, names, args.repeat, bare_warm)
    print(f"peak RSS of the benchmark process {peak_rss_mb():.0f} MB")
    if not args.script_only:
        browser_times(url, tmp, args.repeat, names)
    return 0


def _script_times(AppTest, language: str, names, repeat: int, bare_warm: float) -> None:
    """Each page's script, cold and warm, in ``language``. AppTest calls the widgets' option
    labels back in this thread between runs, so it speaks the language too."""
    import streamlit as st

    from steerco import i18n

    with i18n.speaking(language):
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT_S)
        app.query_params["lang"] = language
        run_checked(app)  # first start: engine, settings, imports
        for name, page in PAGES.items():
            if name not in names:
                continue
            if page:
                app.switch_page(page)
            st.cache_data.clear()
            cold = timed(lambda app=app: run_checked(app))
            warm = statistics.median(timed(lambda app=app: run_checked(app)) for _ in range(repeat))
            print(
                f"{name:10} {language} cold {cold * 1000:8.0f} ms   warm {warm * 1000:8.0f} ms"
                f"   warm / bare = {warm / bare_warm:5.1f}x"
            )


#: path, navigation label, page title and the charts its first view draws (the load ends
#: when they are drawn). "shell" is the Project page before a project is chosen: the app's
#: frame (navigation, filters in the sidebar), a title and a picker, no chart or table — the
#: floor every page of the app stands on.
BROWSER_PAGES = {
    "shell": ("/project", "Project", "Project", 0),
    "overview": ("/", "Overview", "Portfolio overview", 2),
    "portfolio": ("/portfolio", "Portfolio", "Portfolio", 0),
    "finance": ("/finance", "Finance", "Finance", 2),
    "risks": ("/risks", "Risks & RAID", "Risks & RAID", 1),
    "roadmap": ("/roadmap", "Roadmap", "Roadmap", 1),
    "operations": ("/operations", "Operations", "Operations", 2),
    "resources": ("/resources", "Resources", "Resources", 2),
    "vendors": ("/vendors", "Vendors", "Vendors", 1),
    "demand": ("/demand", "Demand", "Demand", 2),
    "meeting": ("/meeting", "Meeting", "Meeting", 0),
    "report": ("/report", "Status reports", "Status reports", 0),
}
#: A bare two-page app, to time a page switch inside a loaded app without any content.
BARE_NAV_APP = """import streamlit as st
def a(): st.title("A"); st.write("Hello")
def b(): st.title("B"); st.write("Hello")
st.navigation([st.Page(a, title="A", default=True), st.Page(b, title="B", url_path="b")]).run()
"""


def _wait_done(page, charts: int) -> None:
    from tests.support.browser import wait_for_app, wait_for_charts

    wait_for_app(page, timeout=APP_TIMEOUT_S * 1000)
    if charts:
        wait_for_charts(page, count=charts, timeout=APP_TIMEOUT_S * 1000)


def _load(page, url: str, charts: int) -> float:
    """A full page load (the browser parses the app's JavaScript again)."""
    start = time.perf_counter()
    page.goto(url)
    _wait_done(page, charts)
    return time.perf_counter() - start


def _switch(page, link: str, title: str, charts: int) -> float:
    """A click on the page's link in the sidebar of the loaded app, until it is drawn."""
    start = time.perf_counter()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link, exact=True).click()
    # the exact title: "Portfolio" must not match the "Portfolio overview" still on screen
    exact = re.compile(rf"^\s*{re.escape(title)}\s*$")
    page.locator("h1").filter(has_text=exact).first.wait_for(timeout=APP_TIMEOUT_S * 1000)
    _wait_done(page, charts)
    return time.perf_counter() - start


def _bare_times(page, tmp: Path, repeat: int) -> tuple[float, float]:
    from tests.support.app_server import StreamlitServer

    bare_path = tmp / "bare.py"
    bare_path.write_text(BARE_PAGE)
    with StreamlitServer(cwd=bare_path.parent, script=bare_path.name) as bare:
        _load(page, bare.url("/"), 0)
        reload = statistics.median(_load(page, bare.url("/"), 0) for _ in range(repeat))
    nav_path = tmp / "bare_nav.py"
    nav_path.write_text(BARE_NAV_APP)
    switches = []
    with StreamlitServer(cwd=nav_path.parent, script=nav_path.name) as bare:
        _load(page, bare.url("/"), 0)
        for _ in range(repeat + 1):
            _switch(page, "A", "A", 0)
            switches.append(_switch(page, "B", "B", 0))
    return reload, statistics.median(switches[1:])


def _rss_mb(pid: int) -> tuple[float, float]:
    """The server's resident memory now and at its peak (MB)."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return tuple(int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM"))


def browser_times(url: str, tmp: Path, repeat: int, names: list[str]) -> None:
    """Per page, beside a bare page in the same run: the first view on a server without
    anything warm (no warm-up), warm reload and warm switch; then, on a server started with
    ``steerco serve`` and the first server's kept hot set, the first view after the start (once
    the warm-up reported) and the first view after an import; and the server's memory."""
    from playwright.sync_api import sync_playwright

    from tests.support.app_server import StreamlitServer
    from tests.support.browser import launch_chromium
    from tests.support.ports import free_port

    imports = 0
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        bare_reload, bare_switch = _bare_times(page, tmp, repeat)
        print(
            f"browser: bare page   reload {bare_reload * 1000:6.0f} ms   "
            f"switch {bare_switch * 1000:6.0f} ms"
        )
        print(
            f"{'page':11}{'cold, nothing warm':>20}{'after a start':>20}{'after an import':>20}"
            f"{'warm reload':>20}{'warm switch':>20}{'server RSS now/peak':>22}"
        )
        for name in names:
            path, link, title, charts = BROWSER_PAGES[name]
            kept = tmp / f"warm-{name}.json"
            kept.unlink(missing_ok=True)
            env = {store_engine.DB_URL_ENV: url, "STEERCO_WARM_UP": "on",
                   "STEERCO_WARM_FILE": str(kept)}  # fmt: skip
            port = free_port()  # one address for both starts: the browser keeps its cache
            with StreamlitServer(cwd=ROOT, env=env, serve=True, port=port) as server:
                cold = _load(page, server.url(path), charts)
                reload = statistics.median(
                    _load(page, server.url(path), charts) for _ in range(repeat)
                )
                home = "Data" if name == "overview" else "Overview"
                home_title = "Data" if name == "overview" else "Portfolio overview"
                switches = []
                for _ in range(repeat):
                    _switch(page, home, home_title, 0)
                    switches.append(_switch(page, link, title, charts))
                switch = statistics.median(switches)
                rss_now, rss_peak = _rss_mb(server.process.pid)
                server.process.terminate()  # keeps the hot set for the next start
                server.process.wait(timeout=60)
            with StreamlitServer(cwd=ROOT, env=env, serve=True, port=port) as server:
                version = _data_version(url)
                warmed_start = _wait_warmed(server, version)
                after_start = _load(page, server.url(path), charts)
                imports += 1
                version = _import_one_risk(url, tmp, imports)
                warmed_import = _wait_warmed(server, version)
                after_import = _load(page, server.url(path), charts)
                rss_now2, rss_peak2 = _rss_mb(server.process.pid)

            def cell(seconds: float, bare: float) -> str:
                return f"{seconds * 1000:7.0f} ms {seconds / bare:5.1f}x"

            print(
                f"{name:11}{cell(cold, bare_reload):>20}{cell(after_start, bare_reload):>20}"
                f"{cell(after_import, bare_reload):>20}{cell(reload, bare_reload):>20}"
                f"{cell(switch, bare_switch):>20}"
                f"{f'{max(rss_now, rss_now2):.0f}/{max(rss_peak, rss_peak2):.0f} MB':>22}"
            )
            for label, seconds in (("start", warmed_start), ("import", warmed_import)):
                said = f"{seconds:.1f} s" if seconds is not None else "not reported in time"
                print(f"{'':11}warm-up after the {label}: {said}")
        browser.close()


def _data_version(url: str) -> int:
    from data_access import queries

    engine = store_engine.create_engine(url)
    with engine.connect() as conn:
        version = queries.data_version(conn)
    engine.dispose()
    return version


WARMED = re.compile(r"warmed (\d+) page model\(s\) for data version (\d+) in ([\d.]+) s")


def _import_one_risk(url: str, tmp: Path, n: int) -> int:
    """What the PMO does before the meeting: a change committed through the command line
    (one new RAID item on the first project); returns the new data version."""
    import subprocess

    import sqlalchemy as sa

    engine = store_engine.create_engine(url)
    with engine.connect() as conn:
        project = conn.execute(sa.text("SELECT MIN(project_id) FROM projects")).scalar_one()
    csv = tmp / f"risk-{n}.csv"
    csv.write_text(
        "raid_id;project_id;type;title;probability;impact;status\n"
        f"RAID-BENCH-{n};{project};Risk;Benchmark risk {n};3;4;Open\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "steerco.cli", "import", str(csv), "--dataset", "raid",
         "--keep-missing", "--db", url],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"the import failed: {done.stderr[-500:]}")
    engine.dispose()
    return _data_version(url)


def _wait_warmed(server, version: int, timeout: float = 300.0) -> float | None:
    """Seconds the server's warm-up reported for ``version`` (None: not reported in time)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for _, warmed, seconds in WARMED.findall(server.output_tail(400)):
            if int(warmed) == version:
                return float(seconds)
        time.sleep(0.2)
    return None


def after_import_times(url: str, tmp: Path, names: list[str]) -> None:
    """Per page: a user opened it (the server has it warm), the PMO imports, the next user
    opens it — with the warm-up off (the cold path after an import) and on (built in the
    background first), each beside a bare page's reload measured in the same run."""
    from playwright.sync_api import sync_playwright

    from tests.support.app_server import StreamlitServer
    from tests.support.browser import launch_chromium

    imports = 0
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        bare_reload, _ = _bare_times(page, tmp, 3)
        print(f"browser: bare page   reload {bare_reload * 1000:6.0f} ms")
        for name in names:
            path, _, _, charts = BROWSER_PAGES[name]
            firsts = {}
            for warm_up in ("off", "on"):
                env = {store_engine.DB_URL_ENV: url, "STEERCO_WARM_UP": warm_up,
                       "STEERCO_WARM_FILE": str(tmp / f"warm-{name}.json")}  # fmt: skip
                with StreamlitServer(cwd=ROOT, env=env) as server:
                    _load(page, server.url(path), charts)
                    _load(page, server.url(path), charts)  # warm: what the last user saw
                    imports += 1
                    version = _import_one_risk(url, tmp, imports)
                    warmed = _wait_warmed(server, version) if warm_up == "on" else None
                    if warm_up == "off":
                        time.sleep(2.5)  # the warmer's polling interval, for a fair comparison
                    firsts[warm_up] = (_load(page, server.url(path), charts), warmed)
            (off, _), (on, warmed) = firsts["off"], firsts["on"]
            background = f"{warmed:.1f} s in the background" if warmed is not None else "not seen"
            print(
                f"browser: {name:10} first view after an import: warm-up off {off * 1000:6.0f} ms "
                f"({off / bare_reload:4.1f}x bare)   on {on * 1000:6.0f} ms "
                f"({on / bare_reload:4.1f}x bare; warmed {background})"
            )
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
