"""Benchmark: the Operations page data on the large sample (1,000,000 tickets), cold and warm.

Seeds ``--scale large`` into a temporary SQLite store (about a minute), or reuses ``--db URL``
when that store already has data (SQLite or PostgreSQL). Then, for each period and service
choice, times ``steerco.views.operations.build`` — the one call the page makes:

* cold: the first call on a new engine (new connections: SQLite's page cache empty; the
  operating system's file cache and PostgreSQL's shared buffers as they are);
* warm: the median of ``--repeat`` further calls (no application cache: every query runs);
* cpu: this process's CPU time for the warm call — on SQLite the queries run in-process, so
  this is the work itself, independent of other load on the machine.

It also times each query of the default view, the drill-down queries behind a click, and the
page script through AppTest with an empty and with a filled Streamlit cache (what a user of
the running app waits for on a first and on a repeated view). Prints figures; asserts nothing.

    python benchmarks/bench_operations.py [--scale large|demo] [--repeat 3] [--db URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from data_access import engine as store_engine  # noqa: E402
from data_access import operations_queries as q  # noqa: E402
from data_access import store  # noqa: E402
from data_access.filters import Filters  # noqa: E402
from steerco.config import Settings  # noqa: E402
from steerco.views import operations as views  # noqa: E402

APP_TIMEOUT_S = 600
ONE_SERVICE = ("Service Desk",)


def timed(fn) -> tuple[float, float, object]:
    """(wall seconds, process CPU seconds, result)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f} ms"


def latest_day(engine):
    """The as-of date the store's tickets end at (the sample's 'today')."""
    with engine.connect() as conn:
        latest = conn.execute(sa.select(sa.func.max(q.T.c.opened_at))).scalar_one()
    return pd.Timestamp(latest).date()


def page_call(url: str, filters: Filters, ops: views.OpsFilters, repeat: int) -> None:
    engine = store_engine.create_engine(url)
    try:

        def call():
            with engine.connect() as conn:
                return views.build(conn, filters, Settings(), ops)

        cold, _, view = timed(call)
        runs = [timed(call) for _ in range(repeat)]
        warm = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
    finally:
        engine.dispose()
    scope = "all services" if not ops.services else ", ".join(ops.services)
    print(
        f"  {ops.weeks:2d} weeks, {scope:14}  cold {ms(cold)}   warm {ms(warm)}   "
        f"cpu {ms(cpu)}   ({view.tickets.opened:,} opened, {view.tickets.resolved:,} resolved, "
        f"{view.tickets.backlog:,} open)"
    )


def per_query(url: str, filters: Filters, weeks: int) -> None:
    engine = store_engine.create_engine(url)
    with engine.connect() as conn:
        services = tuple(q.service_options(conn))
        period = q.Period.ending(filters.as_of, weeks)
        steps = {
            "service options": lambda: q.service_options(conn),
            "opened cube": lambda: q.opened_cube(conn, period, services),
            "resolved cube (SLA join)": lambda: q.resolved_cube(conn, period, services, True),
            "MTTR medians": lambda: q.mttr_medians(conn, period, services, True),
            "backlog at end": lambda: q.backlog(conn, period.end, services, True),
            "changes cube": lambda: q.change_cube(conn, period, services, True),
            "P1 list (capped)": lambda: q.tickets_behind(
                conn, views.major_mark(period, services, True)
            ),
        }
        print(f"  per query, {weeks} weeks, all services ({conn.dialect.name}):")
        for name, fn in steps.items():
            fn()  # warm
            wall, cpu, result = timed(fn)
            rows = len(result[0]) if isinstance(result, tuple) else len(result)
            print(f"    {name:26} {ms(wall)}   cpu {ms(cpu)}   {rows:6,} rows returned")
        lo, hi = period.week_window(period.weeks - 2)
        drills = {
            "drill: a week's opened": q.TicketMark(
                event="opened", lo=lo, hi=hi, services=services, all_services=True
            ),
            "drill: backlog 8–30 d": q.TicketMark(
                event="open", hi=period.end, services=services, all_services=True,
                age_bucket="8–30 d",
            ),
            "drill: SLA Applications P3": q.TicketMark(
                event="resolved", lo=period.start, hi=period.end, services=("Applications",),
                priority="P3",
            ),
        }  # fmt: skip
        for name, mark in drills.items():
            q.tickets_behind(conn, mark)
            wall, cpu, (rows, total) = timed(lambda m=mark: q.tickets_behind(conn, m))
            print(f"    {name:26} {ms(wall)}   cpu {ms(cpu)}   {len(rows):6,} of {total:,} rows")
    engine.dispose()


def app_times(url: str) -> None:
    """The page script through AppTest: empty Streamlit cache, then filled."""
    os.environ[store_engine.DB_URL_ENV] = url
    os.chdir(ROOT)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT_S)
    app.run()
    app.switch_page("pages/operations.py")
    st.cache_data.clear()
    cold, _, _ = timed(app.run)
    if app.exception:
        raise RuntimeError(app.exception[0].value)
    warm = statistics.median(timed(app.run)[0] for _ in range(3))
    print(f"  page script (AppTest)   cache empty {ms(cold)}   cache filled {ms(warm)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="large", choices=("demo", "large"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--db", default=None, help="use this store (seeded only if empty) instead of a temp SQLite"
    )
    parser.add_argument("--no-app", action="store_true", help="skip the AppTest page timing")
    args = parser.parse_args()

    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp(prefix='steerco-bench-ops-')) / 'b.sqlite'}"
    engine = store_engine.create_engine(url)
    store.create_schema(engine)
    if args.db and not store.is_empty(engine):
        print(f"using the existing store {store_engine.describe_url(url)}")
    else:
        seed, _, _ = timed(lambda: store.load_sample(engine, scale=args.scale, source="benchmark"))
        print(f"seed --scale {args.scale}: {seed:.1f} s")
    with engine.connect() as conn:
        counts = store.row_counts(conn)
    as_of = latest_day(engine)
    engine.dispose()
    print(
        f"store: {counts['tickets']:,} tickets, {counts['changes']:,} changes "
        f"({engine.dialect.name}); as of {as_of}; load average {os.getloadavg()[0]:.1f}"
    )
    filters = Filters(as_of=as_of)
    print("build (the page's one data call):")
    for weeks in views.WEEK_CHOICES:
        for services in ((), ONE_SERVICE):
            page_call(url, filters, views.OpsFilters(services=services, weeks=weeks), args.repeat)
    for weeks in (views.DEFAULT_WEEKS, max(views.WEEK_CHOICES)):
        per_query(url, filters, weeks)
    if not args.no_app:
        app_times(url)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
