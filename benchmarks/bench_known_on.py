"""Benchmark: the page models on a past meeting date (facts read as known then, from the row
versions) beside the same page models today (the current tables), in the same run.

Prints the median build time per page and the ratio; asserts nothing.

    python benchmarks/bench_known_on.py [--scale large|demo] [--repeat 3] [--db URL]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from data_access import engine as store_engine  # noqa: E402
from data_access import queries, store  # noqa: E402
from data_access.filters import Filters  # noqa: E402
from steerco.config import Settings  # noqa: E402
from steerco.views import finance, known, overview, portfolio, risks, roadmap  # noqa: E402

BUILDS = {
    "portfolio frame": portfolio.frame,
    "overview": overview.build,
    "finance": finance.build,
    "risks": risks.build,
    "roadmap": roadmap.build,
    "not-known note": known.not_known,
}


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def seeded_store(doc: str):
    """The benchmark's arguments (--scale, --repeat, --db) and its store: ``--db``, or a fresh
    SQLite file seeded with the sample at ``--scale``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--scale", default="large")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", help="an already seeded store (else a fresh SQLite file)")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite'}"
    engine = store_engine.create_engine(url)
    store.ensure_store(engine)
    if not args.db:
        start = time.perf_counter()
        store.load_sample(engine, scale=args.scale, source="benchmark")
        print(f"seed ({args.scale}, with its history): {time.perf_counter() - start:.1f} s")
    return args, engine


def main() -> None:
    args, engine = seeded_store(__doc__)
    settings = Settings()
    with engine.connect() as conn:
        meetings = pd.to_datetime(queries.meetings(conn)["meeting_date"]).dt.date
    today = date.today()
    past = max(d for d in meetings if d <= today - timedelta(days=20))
    print(f"today {today} (current tables) vs the meeting of {past} (as known then)")
    print(f"{'page model':<18}{'today s':>10}{'past s':>10}{'past/today':>12}")
    for name, build in BUILDS.items():
        timings = []
        for day in (today, past):
            filters = Filters(as_of=day)
            args_ = (filters,) if build is known.not_known else (filters, settings)

            def run(build=build, args_=args_) -> None:
                with engine.connect() as conn:
                    build(conn, *args_)

            timings.append(median_seconds(run, args.repeat))
        now, then = timings
        print(f"{name:<18}{now:>10.3f}{then:>10.3f}{then / now:>11.1f}x")
    engine.dispose()


if __name__ == "__main__":
    main()
