"""Benchmark: N concurrent browser sessions against 1 and 2 Steerco app servers behind HAProxy.

What it measures. For each server count it starts ``tests.support.cluster.Cluster`` (n
``streamlit run app.py`` processes behind the shipped ``deploy/haproxy.cfg``, loopback only)
on one store, then:

* a baseline: 1 session walking the path once, right after the cluster started (its caches
  are cold: nothing is warmed before it on purpose; with 2 servers it warms only the server
  it lands on);
* for each session count N: N sessions (Playwright's async API, one headless Chromium, N
  browser contexts, each with its own cookies, viewport 1280x720), all arriving at once (a
  worst case: N first page loads together) or, with ``--ramp S``, evenly over S seconds, each
  walking the same path as a user would, without think time between steps:
  Overview (``/``) → Portfolio (sidebar link) → one project (``/project?project=ID``, a
  different project per session) → Operations (sidebar link) → Finance (sidebar link).

Each step is timed until the page is drawn, the criterion of ``bench_pages.py``: the script
has finished, no skeleton and no stale element is left, the page's title is shown and the
first view's charts have drawn their SVG. Printed per (servers, sessions): p50 and p95 of each
step and of the whole path (seconds), errors (step timeouts, Streamlit exception boxes
``stException``), how sessions spread over the servers (the ``STEERCO_SERVER`` cookie), the
peak RSS of each server (its process and children, ``/proc/<pid>/status`` VmRSS sampled every
0.5 s) and of HAProxy, the CPU seconds each of them and the browser used (and the servers'
CPU per session path: what one walk costs a server, whatever the browser's share), beside the
1-session baseline.

    python benchmarks/bench_load.py [--scale large|demo] [--db URL] [--sessions 10,25,50]
        [--servers 1,2] [--step-timeout 180] [--budget-min 40] [--ramp 0]

Without ``--db`` a throwaway PostgreSQL is started and the scale is seeded into it (the seed
time is printed); ``--db`` reuses a seeded store (its URL is printed masked). N is at most 60.
A step that times out is counted and ends that session; an exception box is counted and the
session goes on. Past ``--budget-min`` minutes no new configuration is started. Every process
started (servers, HAProxy, PostgreSQL, Chromium) is stopped by its own handle, also on Ctrl-C.

Read the figures with the machine in mind: on a 2-core machine the servers, HAProxy,
PostgreSQL and Chromium (which lays out and draws every session's charts) share the same two
cores, so a second server can only add what one Python process cannot use of them (one
server's script runs are held to about one core by the GIL). It cannot show what a second
machine, or more cores, would give. Measured there (2026-12, large sample in PostgreSQL), one
walk of the path cost the server about 2 CPU seconds and Chromium 11 to 20: the runs are
bound by the browser drawing the pages, and "server CPU s/path" is the figure to size servers
by.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import signal
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data_access import engine as store_engine  # noqa: E402
from data_access import store  # noqa: E402
from tests.support.browser import APP_DONE, CHART, EXCEPTION, SKELETONS  # noqa: E402
from tests.support.cluster import STICKY_COOKIE, Cluster  # noqa: E402

MAX_SESSIONS = 60
VIEWPORT = {"width": 1280, "height": 720}
STALE = '[data-stale="true"]'
RSS_EVERY_S = 0.5


@dataclass(frozen=True)
class Step:
    """One step of the path: how to get there and when it is drawn."""

    name: str
    path: str | None  # goto this path (None: click ``link`` in the sidebar)
    link: str | None
    title: str | re.Pattern[str]  # the page's h1 (exact)
    charts: int


def _path(project: str) -> list[Step]:
    return [
        Step("overview", "/", None, "Portfolio overview", 2),
        Step("portfolio", None, "Portfolio", "Portfolio", 0),
        Step(
            "project",
            f"/project?project={project}",
            None,
            re.compile(rf"^{re.escape(project)} · "),
            3,
        ),
        Step("operations", None, "Operations", "Operations", 2),
        Step("finance", None, "Finance", "Finance", 2),
    ]


STEPS = [s.name for s in _path("X")]


# -- measuring ---------------------------------------------------------------------------------
@dataclass
class SessionResult:
    times: dict[str, float] = field(default_factory=dict)
    timeouts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # other errors (navigation, crash)
    server: str = "?"

    @property
    def complete(self) -> bool:
        return len(self.times) == len(STEPS)


async def _wait_drawn(page: Any, step: Step, timeout_ms: float) -> None:
    title = step.title
    h1 = page.locator("h1").filter(
        has_text=title if isinstance(title, re.Pattern) else re.compile(rf"^{re.escape(title)}$")
    )
    await h1.first.wait_for(timeout=timeout_ms)
    await page.wait_for_function(
        """([done, skeletons, stale, charts, svg, n]) =>
            document.querySelector(done) !== null
            && document.querySelector(skeletons) === null
            && document.querySelector(stale) === null
            && [...document.querySelectorAll(charts)]
                .filter(c => c.querySelector(svg)).length >= n""",
        arg=[APP_DONE, SKELETONS, STALE, CHART, ".main-svg", step.charts],
        timeout=timeout_ms,
        polling=100,
    )


async def _step(page: Any, base_url: str, step: Step, timeout_s: float) -> None:
    """Go to the step's page (a sidebar click or a URL) and wait until it is drawn."""
    start = time.perf_counter()
    deadline_ms = timeout_s * 1000
    if step.path is not None:
        await page.goto(base_url + step.path, timeout=deadline_ms)
    else:
        nav = page.get_by_test_id("stSidebarNav")
        await nav.get_by_role("link", name=step.link, exact=True).click(timeout=deadline_ms)
    left = deadline_ms - (time.perf_counter() - start) * 1000
    await _wait_drawn(page, step, max(left, 1))


async def _session(
    browser: Any, base_url: str, project: str, step_timeout_s: float, delay_s: float = 0.0
) -> SessionResult:
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    await asyncio.sleep(delay_s)  # its arrival in the ramp
    result = SessionResult()
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    page.set_default_timeout(step_timeout_s * 1000)
    try:
        for step in _path(project):
            start = time.perf_counter()
            try:
                # Playwright's own timeouts run in its driver, which an overloaded machine
                # starves: asyncio's bound holds the step to the timeout as well.
                await asyncio.wait_for(_step(page, base_url, step, step_timeout_s), step_timeout_s)
            except (PlaywrightTimeout, TimeoutError):
                result.timeouts.append(step.name)
                break  # the session gives up, as a user would after minutes
            except Exception as exc:  # counted and shown; the run goes on
                result.failures.append(f"{step.name}: {type(exc).__name__}: {exc}"[:300])
                break
            result.times[step.name] = time.perf_counter() - start
            if await page.locator(EXCEPTION).count():
                result.exceptions.append(step.name)
        cookies = await context.cookies()
        result.server = next((c["value"] for c in cookies if c["name"] == STICKY_COOKIE), "?")
    finally:
        await context.close()
    return result


async def run_sessions(
    base_url: str, projects: list[str], step_timeout_s: float, ramp_s: float = 0.0
) -> tuple[list[SessionResult], float]:
    """``len(projects)`` sessions in one Chromium, all at once or arriving evenly over
    ``ramp_s`` seconds; their results and the wall time."""
    from playwright.async_api import async_playwright

    from tests.support.browser import launch_chromium

    # Inside the event loop a signal handler's exception would be lost in a callback:
    # SIGTERM cancels the run instead, and the caller turns that into KeyboardInterrupt.
    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    async with async_playwright() as p:
        browser = await launch_chromium(p)
        try:
            start = time.perf_counter()
            results = await asyncio.gather(
                *(
                    _session(browser, base_url, pid, step_timeout_s, i * ramp_s / len(projects))
                    for i, pid in enumerate(projects)
                )
            )
            wall = time.perf_counter() - start
        finally:
            await browser.close()
    return list(results), wall


class RssSampler:
    """Peak RSS (MB) and CPU time (s) of each watched process tree, sampled every 0.5 s in a
    thread. Besides the named trees, "chromium" is the rest of this process's own tree (the
    Playwright driver and the browser it starts), so the client's share of the two cores
    shows beside the servers'. CPU time is counted per PID from the sampler's start; a
    process that ends between two samples loses at most its last 0.5 s."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self.peak = dict.fromkeys([*pids, "chromium"], 0.0)
        self._cpu: dict[int, tuple[str, float]] = {}  # pid -> (group, last CPU seconds)
        self._cpu0 = {p: _cpu_s(p) for name, pid in pids.items() for p in _tree(pid)}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sample()

    def _run(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(RSS_EVERY_S):
                return

    def sample(self) -> None:
        groups = {name: _tree(pid) for name, pid in self.pids.items()}
        watched = {p for tree in groups.values() for p in tree} | {os.getpid()}
        groups["chromium"] = [p for p in _tree(os.getpid()) if p not in watched]
        for name, tree in groups.items():
            total = sum(_rss_kb(p) for p in tree) / 1024
            self.peak[name] = max(self.peak[name], total)
            for p in tree:
                cpu = _cpu_s(p)
                if cpu:
                    self._cpu[p] = (name, cpu - self._cpu0.get(p, 0.0))

    @property
    def cpu(self) -> dict[str, float]:
        """CPU seconds used by each group while the sampler ran."""
        used = dict.fromkeys(self.peak, 0.0)
        for name, seconds in self._cpu.values():
            used[name] += seconds
        return used


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of ``pid`` so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc/<pid>/task/*/children)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo.extend(int(c) for c in task.read_text().split())
    return found


# -- reporting ---------------------------------------------------------------------------------
def _pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def _cell(values: list[float]) -> str:
    if not values:
        return "—"
    if len(values) == 1:
        return f"{values[0]:.1f}"
    return f"{statistics.median(values):.1f} / {_pct(values, 95):.1f}"


@dataclass
class Outcome:
    sessions: int
    results: list[SessionResult]
    wall: float
    peak_rss: dict[str, float]
    cpu: dict[str, float]


def print_table(servers: int, label0: str, outcomes: list[Outcome]) -> None:
    width = 22
    heads = [label0 if o.sessions == 1 else f"{o.sessions} sessions" for o in outcomes]
    out = [f"\n== {servers} server(s); seconds, p50 / p95 (baseline: one value) =="]
    out.append(f"{'':16}" + "".join(f"{h:>{width}}" for h in heads))

    def row(name: str, cells: list[str]) -> None:
        out.append(f"{name:16}" + "".join(f"{c:>{width}}" for c in cells))

    for step in STEPS:
        row(step, [_cell([r.times[step] for r in o.results if step in r.times]) for o in outcomes])
    row(
        "whole path",
        [_cell([sum(r.times.values()) for r in o.results if r.complete]) for o in outcomes],
    )
    row("completed", [f"{sum(r.complete for r in o.results)}/{o.sessions}" for o in outcomes])
    row("timeouts", [str(sum(len(r.timeouts) for r in o.results)) for o in outcomes])
    row("exceptions", [str(sum(len(r.exceptions) for r in o.results)) for o in outcomes])
    row("other errors", [str(sum(len(r.failures) for r in o.results)) for o in outcomes])
    row(
        "sessions/server",
        [
            " ".join(f"{k}:{v}" for k, v in sorted(Counter(r.server for r in o.results).items()))
            for o in outcomes
        ],
    )
    for name in outcomes[0].peak_rss:
        row(f"peak RSS {name}", [f"{o.peak_rss.get(name, 0):.0f} MB" for o in outcomes])
    for name in outcomes[0].cpu:
        row(f"CPU s {name}", [f"{o.cpu.get(name, 0):.0f}" for o in outcomes])
    row(
        "server CPU s/path",
        [
            f"{sum(v for k, v in o.cpu.items() if k.startswith('app')) / o.sessions:.1f}"
            for o in outcomes
        ],
    )
    row("wall time", [f"{o.wall:.1f} s" for o in outcomes])
    print("\n".join(out), flush=True)
    for o in outcomes:
        timeouts = Counter((r.timeouts[0], r.server) for r in o.results if r.timeouts)
        if timeouts:
            where = ", ".join(f"{n} at {step} on {srv}" for (step, srv), n in timeouts.items())
            print(f"  ({o.sessions} sessions) step timeouts: {where}")
        for text, n in Counter(t for r in o.results for t in r.failures).items():
            print(f"  ({o.sessions} sessions) error ×{n}: {text}")


# -- the run -----------------------------------------------------------------------------------
#: Projects whose page draws its three charts (RAG history, S-curve, milestone slip): those
#: with a status report, financials and milestones; the step waits for all three.
_WITH_THREE_CHARTS = """
SELECT DISTINCT p.project_id FROM projects p
WHERE EXISTS (SELECT 1 FROM status_reports r WHERE r.project_id = p.project_id)
  AND EXISTS (SELECT 1 FROM financials f WHERE f.project_id = p.project_id)
  AND EXISTS (SELECT 1 FROM milestones m WHERE m.project_id = p.project_id)
ORDER BY 1
"""


def _projects(url: str, n: int) -> list[str]:
    """``n`` different project ids of the store (spread over its list), for n sessions."""
    import sqlalchemy as sa

    engine = store_engine.create_engine(url)
    try:
        with engine.connect() as conn:
            ids = list(conn.execute(sa.text(_WITH_THREE_CHARTS)).scalars())
    finally:
        engine.dispose()
    if len(ids) < n:
        raise SystemExit(f"the store has {len(ids)} projects, fewer than {n} sessions")
    stride = len(ids) // n
    return [ids[i * stride] for i in range(n)]


def _numbers(text: str, name: str) -> list[int]:
    try:
        values = [int(x) for x in text.split(",") if x.strip()]
    except ValueError as exc:
        raise SystemExit(f"--{name}: comma-separated whole numbers, e.g. 10,25,50") from exc
    if not values or min(values) < 1:
        raise SystemExit(f"--{name}: at least one number, each 1 or more")
    return values


def _seeded_store(args: argparse.Namespace, stack: list[Any]) -> str:
    if args.db:
        engine = store_engine.create_engine(args.db)
        try:
            empty = store.is_empty(engine)
        finally:
            engine.dispose()
        if empty:
            raise SystemExit(f"{store_engine.describe_url(args.db)} is empty: seed it first")
        print(f"using the seeded store {store_engine.describe_url(args.db)}", flush=True)
        return args.db
    from tests.support.pg_server import ThrowawayPostgres, postgres_unavailable_reason

    reason = postgres_unavailable_reason()
    if reason:
        raise SystemExit(reason)
    pg = ThrowawayPostgres(dbname="steerco_load")
    stack.append(pg)
    pg.start()
    engine = store_engine.create_engine(pg.url)
    try:
        start = time.perf_counter()
        store.load_sample(engine, scale=args.scale, source="bench_load")
        seed_s = time.perf_counter() - start
    finally:
        engine.dispose()
    print(
        f"seed --scale {args.scale} into a throwaway PostgreSQL "
        f"({store_engine.describe_url(pg.url)}): {seed_s:.1f} s",
        flush=True,
    )
    return pg.url


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="large", choices=("demo", "large"))
    parser.add_argument("--db", default=None, help="a seeded store to reuse (URL)")
    parser.add_argument("--sessions", default="10,25,50")
    parser.add_argument("--servers", default="1,2")
    parser.add_argument("--step-timeout", type=float, default=180.0, help="seconds per step")
    parser.add_argument("--budget-min", type=float, default=40.0)
    parser.add_argument(
        "--ramp",
        type=float,
        default=0.0,
        help="seconds over which the N sessions arrive, evenly (default 0: all at once)",
    )
    args = parser.parse_args()
    sessions = _numbers(args.sessions, "sessions")
    servers = _numbers(args.servers, "servers")
    if max(sessions) > MAX_SESSIONS:
        parser.error(f"at most {MAX_SESSIONS} sessions (one Chromium on this machine)")

    # SIGTERM ends the run as Ctrl-C does: the finally below stops what was started.
    signal.signal(signal.SIGTERM, _interrupt)
    began = time.monotonic()
    budget_s = args.budget_min * 60
    stack: list[Any] = []  # started things, stopped in reverse order
    try:
        url = _seeded_store(args, stack)
        projects = _projects(url, max(max(sessions), 1))
        print(
            f"{os.cpu_count()} CPUs; path: {' → '.join(STEPS)}; step timeout "
            f"{args.step_timeout:g} s; budget {args.budget_min:g} min; "
            f"arrivals over {args.ramp:g} s",
            flush=True,
        )
        for n_servers in servers:
            if time.monotonic() - began > budget_s:
                print(f"budget of {args.budget_min:g} min spent: {n_servers} server(s) not run")
                continue
            _one_cluster(n_servers, url, sessions, projects, args, began, budget_s, stack)
    except KeyboardInterrupt:
        print("interrupted: stopping everything started", file=sys.stderr)
        return 130
    finally:
        for thing in reversed(stack):
            thing.stop()
    return 0


def _one_cluster(
    n_servers: int,
    url: str,
    sessions: list[int],
    projects: list[str],
    args: argparse.Namespace,
    began: float,
    budget_s: float,
    stack: list[Any],
) -> None:
    cluster = Cluster(servers=n_servers, env={store_engine.DB_URL_ENV: url})
    stack.append(cluster)
    start = time.perf_counter()
    cluster.start()
    print(f"\n{n_servers} server(s) up in {time.perf_counter() - start:.1f} s", flush=True)
    pids = {cluster.name_of(i): s.process.pid for i, s in enumerate(cluster.servers)}
    assert cluster.proxy is not None
    pids["haproxy"] = cluster.proxy.pid
    outcomes: list[Outcome] = []
    try:
        plan = [(1, projects[:1])] + [(n, projects[:n]) for n in sessions]
        for n, chosen in plan:
            if outcomes and time.monotonic() - began > budget_s:
                print(f"budget spent: {n} sessions on {n_servers} server(s) not started")
                continue
            with RssSampler(pids) as rss:
                try:
                    results, wall = asyncio.run(
                        run_sessions(
                            cluster.base_url, chosen, args.step_timeout, args.ramp if n > 1 else 0
                        )
                    )
                except asyncio.CancelledError:
                    raise KeyboardInterrupt from None  # SIGTERM during the sessions
                finally:
                    signal.signal(signal.SIGTERM, _interrupt)  # asyncio.run left its own
            outcomes.append(Outcome(n, results, wall, dict(rss.peak), rss.cpu))
            done = sum(r.complete for r in results)
            # Others' processes share the cores too: the load average says how busy they were.
            load = os.getloadavg()[0]
            print(
                f"  {n} session(s): {done}/{n} complete in {wall:.1f} s "
                f"(load average, 1 min: {load:.1f})",
                flush=True,
            )
    finally:
        if outcomes:
            print_table(n_servers, "1 (cold)", outcomes)
        cluster.stop()
        stack.remove(cluster)


if __name__ == "__main__":
    sys.exit(main())
