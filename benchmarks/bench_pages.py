"""Benchmark: seed the large sample, then time the overview and portfolio pages (cold and warm
cache) beside a bare one-line Streamlit page, in the same run. Prints figures; asserts nothing.

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
PAGES = {"overview": None, "portfolio": "pages/portfolio.py"}
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
    parser.add_argument("--db", default=None, help="use this store instead of a temp SQLite")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="steerco-bench-"))
    url = args.db or f"sqlite:///{tmp / 'bench.sqlite'}"
    engine = store_engine.create_engine(url)
    seed_s = timed(lambda: store.load_sample(engine, scale=args.scale, source="benchmark"))
    with engine.connect() as conn:
        counts = store.row_counts(conn)
    engine.dispose()
    print(
        f"seed --scale {args.scale}: {seed_s:.1f} s "
        f"({counts['projects']:,} projects, {counts['tickets']:,} tickets), "
        f"peak RSS so far {peak_rss_mb():.0f} MB"
    )

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

    app = AppTest.from_file("app.py", default_timeout=APP_TIMEOUT_S)
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
    print(f"peak RSS {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
