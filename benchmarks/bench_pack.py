"""Benchmark: the steering pack for the sample portfolio, and its charts beside kaleido's own
batch export of the same figures, in the same run. Prints figures; asserts nothing.

    python benchmarks/bench_pack.py [--db URL] [--repeat 3]

The pack starts its browser in the background while it builds the slides, then draws every
chart with it. Figures per chart:
* "charts in the pack": what the charts add to the pack's time — the wait for the browser that
  the slides did not hide, plus every render — ÷ charts;
* "with the browser start": the browser's whole start plus every render ÷ charts, as if
  nothing overlapped;
* beside ``plotly.io.write_images`` of the same figures at the same size (kaleido's own batch,
  which starts its own browser) ÷ charts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import plotly.io as pio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data_access import engine as store_engine  # noqa: E402
from data_access import store  # noqa: E402
from data_access.filters import Filters  # noqa: E402
from steerco.config import load_settings  # noqa: E402
from steerco.exports.images import SCALE, ChartRenderer  # noqa: E402
from steerco.exports.pack import build_pack  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="steerco-bench-pack-"))
    url = args.db or f"sqlite:///{tmp / 'pack.sqlite'}"
    engine = store_engine.create_engine(url)
    store.create_schema(engine)
    if store.is_empty(engine):
        store.load_sample(engine, source="benchmark")
    runs = []
    for _ in range(args.repeat):
        renderer = ChartRenderer(keep_figures=True)
        started = time.perf_counter()
        with engine.connect() as conn:
            data = build_pack(conn, Filters(), load_settings(), source="bench", renderer=renderer)
        total = time.perf_counter() - started
        renderer.stop()
        charts = len(renderer.rendered)
        renders_s = sum(r[3] for r in renderer.rendered)
        chart_s = renderer.waited_s + renders_s
        unhidden_s = renderer.start_s + renders_s
        figures = [r[0] for r in renderer.rendered]
        sizes = [(r[1], r[2]) for r in renderer.rendered]
        paths = [tmp / f"batch-{i}.png" for i in range(charts)]
        started = time.perf_counter()
        # kaleido's own batch (one browser for the list), same figures and sizes
        for (w, h), group in _by_size(figures, sizes, paths).items():
            pio.write_images(
                [g[0] for g in group],
                [g[1] for g in group],
                format="png",
                width=w,
                height=h,
                scale=SCALE,
            )
        batch_s = time.perf_counter() - started
        runs.append((total, charts, chart_s, unhidden_s, renderer.start_s, batch_s, len(data)))
    total, charts, chart_s, unhidden_s, start_s, batch_s, size = (
        statistics.median(x) for x in zip(*runs, strict=True)
    )
    print(f"pack: {int(charts)} charts, {size / 1_000_000:.1f} MB, median of {args.repeat} runs")
    print(f"  whole pack                      {total:6.2f} s")
    print(f"  browser start (in background)   {start_s:6.2f} s")
    print(f"  charts in the pack              {chart_s:6.2f} s  = {chart_s / charts:5.2f} s/chart")
    per = unhidden_s / charts
    print(f"  ... with the browser start      {unhidden_s:6.2f} s  = {per:5.2f} s/chart")
    print(f"  kaleido write_images (batch)    {batch_s:6.2f} s  = {batch_s / charts:5.2f} s/chart")
    print(
        f"  pack charts / kaleido batch     {chart_s / batch_s:6.2f}x  (aim: ≤ 1.3x, ≤ 0.5 s/chart)"
    )
    return 0


def _by_size(figures, sizes, paths):
    groups: dict[tuple[int, int], list] = {}
    for fig, size, path in zip(figures, sizes, paths, strict=True):
        groups.setdefault(size, []).append((fig, path))
    return groups


if __name__ == "__main__":
    sys.exit(main())
