"""Benchmark: import a 100,000-row tickets workbook end to end (read, map, check, commit),
beside ``pandas.read_excel`` with calamine alone and with openpyxl alone, on the same file in
the same run. Prints figures; asserts nothing.

    python benchmarks/bench_import.py [--rows 100000] [--repeat 3] [--db URL] [--workbook F]

The tickets come from the seeded sample generator (the "large" scale, first N rows) and are
written once to a temporary .xlsx. Each import goes into a fresh SQLite store (or empties
the --db store's tickets first), so every run commits all rows as new.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data_access import engine as store_engine  # noqa: E402
from data_access import sample_data, store  # noqa: E402
from data_access.ingest import service  # noqa: E402
from data_access.ingest.pipeline import prepare  # noqa: E402
from data_access.ingest.reader import read_file  # noqa: E402


def _tickets_workbook(rows: int, folder: Path) -> Path:
    started = time.perf_counter()
    tickets = sample_data.generate("large")["tickets"].head(rows)
    path = folder / f"tickets-{rows}.xlsx"
    sample_data.write_workbook({"tickets": tickets}, path)
    took = time.perf_counter() - started
    size = path.stat().st_size / 1_000_000
    print(f"workbook: {rows:,} tickets × {len(tickets.columns)} columns, {size:.1f} MB "
          f"(generated and written in {took:.1f} s)")  # fmt: skip
    return path


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _fresh_engine(url: str | None, folder: Path, n: int):
    if url is None:
        url = f"sqlite:///{folder / f'bench-{n}.sqlite'}"
    engine = store_engine.create_engine(url)
    store.create_schema(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM tickets")
        conn.exec_driver_sql("DELETE FROM tickets_history")
    return engine


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", default=None, help="store URL (default: a temp SQLite file)")
    parser.add_argument(
        "--workbook", type=Path, default=None, help="reuse a tickets workbook made earlier"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="steerco-bench-import-"))
    path = args.workbook or _tickets_workbook(args.rows, folder)
    data = path.read_bytes()

    results: dict[str, list[float]] = {
        "pandas.read_excel(engine='calamine')": [],
        "pandas.read_excel(engine='openpyxl')": [],
        "steerco read (safety checks + calamine)": [],
        "steerco read + map + check": [],
        "steerco import end to end (read, map, check, commit)": [],
    }
    for n in range(args.repeat):
        results["pandas.read_excel(engine='calamine')"].append(
            _timed(lambda: pd.read_excel(path, engine="calamine"))
        )
        if n == 0:  # ~5× slower: once is enough to compare
            results["pandas.read_excel(engine='openpyxl')"].append(
                _timed(lambda: pd.read_excel(path, engine="openpyxl"))
            )
        results["steerco read (safety checks + calamine)"].append(
            _timed(lambda: read_file(data, path.name))
        )
        results["steerco read + map + check"].append(
            _timed(lambda: prepare(read_file(data, path.name)))
        )
        engine = _fresh_engine(args.db, folder, n)
        report = None

        def run_import(engine=engine):
            nonlocal report
            report = service.run_import(engine, data, path.name, user_name="bench")

        results["steerco import end to end (read, map, check, commit)"].append(_timed(run_import))
        assert report is not None and report.committed, [str(p) for p in report.problems][:5]
        assert report.changes.total("added") == args.rows
        engine.dispose()

    calamine = min(results["pandas.read_excel(engine='calamine')"])
    print(f"\n{'step':56} {'best s':>8} {'median s':>9} {'× calamine':>11}")
    for name, times in results.items():
        best = min(times)
        print(f"{name:56} {best:8.2f} {statistics.median(times):9.2f} {best / calamine:11.2f}")
    whole = min(results["steerco import end to end (read, map, check, commit)"])
    print(f"\nend-to-end import = {whole / calamine:.2f}× the calamine read alone (aim: ≤ 2×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
