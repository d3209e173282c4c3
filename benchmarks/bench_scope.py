"""Benchmark: the page models of a viewer scoped to one portfolio, beside the same projects
chosen with the sidebar's portfolio filter and beside the whole portfolio, in the same run.

The scope is one more predicate in the projects subquery every query shares, so a scoped
page should cost what the same filter costs. Prints median build times; asserts nothing.

    python benchmarks/bench_scope.py [--scale large|demo] [--repeat 3] [--db URL]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data_access import queries  # noqa: E402
from data_access.filters import Filters  # noqa: E402
from steerco.config import Settings  # noqa: E402
from steerco.views import finance, overview, portfolio, resources, risks, roadmap  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_known_on import median_seconds, seeded_store  # noqa: E402

BUILDS = {
    "overview": overview.build,
    "portfolio": portfolio.build,
    "finance": finance.build,
    "risks": risks.build,
    "roadmap": roadmap.build,
    "resources": resources.build,
}


def main() -> None:
    args, engine = seeded_store(__doc__)
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
