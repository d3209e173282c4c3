"""Benchmark: the page models of a viewer scoped to one portfolio, beside the same projects
chosen with the sidebar's portfolio filter and beside the whole portfolio, in the same run.

The scope is one more predicate in the projects subquery every query shares, so a scoped
page should cost what the same filter costs. Prints median build times; asserts nothing.

    python benchmarks/bench_scope.py [--scale large|demo] [--repeat 3] [--db URL]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data_access import engine as store_engine  # noqa: E402
from data_access import queries, store  # noqa: E402
from data_access.filters import Filters  # noqa: E402
from steerco.config import Settings  # noqa: E402
from steerco.views import finance, overview, portfolio, resources, risks, roadmap  # noqa: E402

BUILDS = {
    "overview": overview.build,
    "portfolio": portfolio.build,
    "finance": finance.build,
    "risks": risks.build,
    "roadmap": roadmap.build,
    "resources": resources.build,
}


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
        print(f"seed ({args.scale}): {time.perf_counter() - start:.1f} s")
    settings = Settings()
    with engine.connect() as conn:
        chosen = queries.filter_options(conn)["portfolio"][0]
        everyone = Filters()
        filtered = Filters(portfolio=(chosen,))
        scoped = Filters().within((chosen,), ())
        count = len(portfolio.frame(conn, scoped, settings))
        print(f"scope: portfolio {chosen!r}, {count} projects; median of {args.repeat} builds")
        print(
            f"{'page':12} {'all (s)':>9} {'filter (s)':>11} {'scope (s)':>10} {'scope/filter':>13}"
        )
        for name, build in BUILDS.items():
            times = [
                median_seconds(lambda f=f, b=build: b(conn, f, settings), args.repeat)
                for f in (everyone, filtered, scoped)
            ]
            ratio = times[2] / times[1] if times[1] else float("nan")
            print(f"{name:12} {times[0]:9.2f} {times[1]:11.2f} {times[2]:10.2f} {ratio:13.2f}")
    engine.dispose()


if __name__ == "__main__":
    main()
