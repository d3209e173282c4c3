"""Benchmark: seed the large sample, then time every dashboard page (cold and warm cache)
beside a bare one-line Streamlit page, in the same run. Prints figures; asserts nothing.

Two measurements:
* script time (AppTest, in process): how long the page's Python takes;
* browser time: `streamlit run` + headless Chromium, from navigation until the page has
  finished rendering (script done, no skeleton, charts drawn) — what a user waits for.
  Cold = first load after the server started (empty caches); warm = median of reloads.

    python benchmarks/bench_pages.py [--scale large|demo] [--repeat 5] [--db URL]
"""

from __future__ import annotations

import argparse
import os
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
    args = parser.parse_args()

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
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    bare_path = tmp / "bare.py"
    bare_path.write_text(BARE_PAGE)
    bare = AppTest.from_file(str(bare_path), default_timeout=APP_TIMEOUT_S)
    run_checked(bare)
    bare_warm = statistics.median(timed(lambda: run_checked(bare)) for _ in range(args.repeat))
    print(f"{'bare page':10} warm {bare_warm * 1000:8.0f} ms")

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT_S)
    run_checked(app)  # first start: engine, settings, imports
    for name, page in PAGES.items():
        if page:
            app.switch_page(page)
        st.cache_data.clear()
        cold = timed(lambda: run_checked(app))
        warm = statistics.median(timed(lambda: run_checked(app)) for _ in range(args.repeat))
        print(
            f"{name:10} cold {cold * 1000:8.0f} ms   warm {warm * 1000:8.0f} ms   "
            f"warm / bare = {warm / bare_warm:5.1f}x"
        )
    print(f"peak RSS of the benchmark process {peak_rss_mb():.0f} MB")
    browser_times(url, bare_path, args.repeat)
    return 0


#: path and the number of charts the page draws (the load ends when they are drawn).
BROWSER_PAGES = {
    "overview": ("/", 2),
    "portfolio": ("/portfolio", 0),
    "finance": ("/finance", 8),
    "risks": ("/risks", 3),
    "roadmap": ("/roadmap", 3),
    "operations": ("/operations", 7),
    "resources": ("/resources", 2),
    "vendors": ("/vendors", 1),
    "demand": ("/demand", 2),
}


def _load(page, url: str, charts: int) -> float:
    from tests.support.browser import wait_for_app, wait_for_charts

    start = time.perf_counter()
    page.goto(url)
    wait_for_app(page, timeout=APP_TIMEOUT_S * 1000)
    if charts:
        wait_for_charts(page, count=charts, timeout=APP_TIMEOUT_S * 1000)
    return time.perf_counter() - start


def _server_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(x for x in status.splitlines() if x.startswith("VmHWM"))
    return int(line.split()[1]) / 1024


def browser_times(url: str, bare_path: Path, repeat: int) -> None:
    from playwright.sync_api import sync_playwright

    from tests.support.app_server import StreamlitServer
    from tests.support.browser import launch_chromium

    env = {store_engine.DB_URL_ENV: url}
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        with StreamlitServer(cwd=bare_path.parent, script=bare_path.name) as bare:
            _load(page, bare.url("/"), 0)
            bare_warm = statistics.median(_load(page, bare.url("/"), 0) for _ in range(repeat))
        print(f"browser: bare page warm {bare_warm * 1000:6.0f} ms")
        for name, (path, charts) in BROWSER_PAGES.items():
            with StreamlitServer(cwd=ROOT, env=env) as server:
                cold = _load(page, server.url(path), charts)
                warm = statistics.median(
                    _load(page, server.url(path), charts) for _ in range(repeat)
                )
                rss = _server_rss_mb(server.process.pid)
            print(
                f"browser: {name:10} cold {cold * 1000:6.0f} ms   warm {warm * 1000:6.0f} ms"
                f"   warm / bare = {warm / bare_warm:4.1f}x   server peak RSS {rss:.0f} MB"
            )
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
