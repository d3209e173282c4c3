"""Benchmark: coerce 100,000-row columns of every type, as text (CSV) and as native cells
(what the xlsx reader hands over). Prints the best of a few runs per case; asserts nothing.

    python benchmarks/bench_coerce.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data_access import schema  # noqa: E402
from data_access.ingest.coerce import coerce_column  # noqa: E402
from data_access.schema import ColumnType as CT  # noqa: E402

SEED = 7
FRENCH_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                 "oct.", "nov.", "déc.")  # fmt: skip


def cases(n: int) -> list[tuple[str, schema.Column, list]]:
    rng = np.random.default_rng(SEED)
    amounts = rng.uniform(-1e6, 1e6, n).round(2)
    seconds = rng.integers(0, 3 * 365 * 86400, n)
    start = datetime(2024, 1, 1)
    stamps = [start + timedelta(seconds=int(s)) for s in seconds]
    days = [d.date() for d in stamps]
    phases = np.array(["Execution", "in execution", "Clôturé", "en attente", "Planning"])
    statuses = ["Open", "in progress", "CLOSED", "En cours", "?"]
    rag = np.array(["G", "Amber", "rouge", "🟢", "Groen"])

    def col(type_: CT, **kw) -> schema.Column:
        return schema.Column("c", type_, "", **kw)

    def euro(x: float) -> str:
        return f"{x:,.2f} €".replace(",", "\u202f").replace(".", ",")

    return [
        ("text ids (str)", col(CT.TEXT), [f"INC{i:07d}" for i in range(n)]),
        ("text ids (int)", col(CT.TEXT), list(range(1_000_000, 1_000_000 + n))),
        ("enum status (str)", col(CT.TEXT, allowed=schema.RAID_STATUSES),
         [statuses[i % 5] for i in range(n)]),
        ("enum phase (str)", col(CT.TEXT, allowed=schema.PHASES),
         list(phases[rng.integers(0, 5, n)])),
        ("rag (str)", col(CT.RAG, allowed=schema.RAG_VALUES), list(rag[rng.integers(0, 5, n)])),
        ("integer (str)", col(CT.INTEGER), [str(v) for v in rng.integers(1, 6, n)]),
        ("integer (int)", col(CT.INTEGER), [int(v) for v in rng.integers(1, 6, n)]),
        ("number (str)", col(CT.NUMBER), [f"{v:.2f}" for v in amounts]),
        ("number (float)", col(CT.NUMBER), [float(v) for v in amounts]),
        ("money '1 234,50 €' (str, unique)", col(CT.MONEY), [euro(v) for v in amounts]),
        ("money '$2,812,101' (str, unique)", col(CT.MONEY),
         [f"${v:,.0f}" if v >= 0 else f"-${-v:,.0f}" for v in amounts]),
        ("money (float)", col(CT.MONEY), [float(v) for v in amounts]),
        ("money mixed float/str", col(CT.MONEY),
         [float(v) if i % 2 else euro(v) for i, v in enumerate(amounts)]),
        ("percent '12,5 %' (str)", col(CT.PERCENT),
         [f"{v:.1f} %".replace(".", ",") for v in rng.uniform(0, 100, n)]),
        ("percent fractions (float)", col(CT.PERCENT), [float(v) for v in rng.uniform(0, 1, n)]),
        ("date '31/12/2026' (str)", col(CT.DATE), [d.strftime("%d/%m/%Y") for d in days]),
        ("date '2026-12-31' (str)", col(CT.DATE), [d.isoformat() for d in days]),
        ("date '31 déc. 2026' (str)", col(CT.DATE),
         [f"{d.day} {FRENCH_MONTHS[d.month - 1]} {d.year}" for d in days]),
        ("date (date objects)", col(CT.DATE), days),
        ("date (Excel serials)", col(CT.DATE),
         [(d - date(1899, 12, 30)).days for d in days]),
        ("datetime '5/3/2016 12:00:33' (str, unique)", col(CT.DATETIME),
         [f"{s.day}/{s.month}/{s.year} {s:%H:%M:%S}" for s in stamps]),
        ("datetime ISO (str, unique)", col(CT.DATETIME), [s.isoformat(sep=" ") for s in stamps]),
        ("datetime US AM/PM (str, unique)", col(CT.DATETIME),
         [s.strftime("%m/%d/%Y %I:%M:%S %p") for s in stamps]),
        ("datetime (datetime objects)", col(CT.DATETIME), stamps),
        ("boolean (str)", col(CT.BOOLEAN), [("yes", "No", "x", "")[i % 4] for i in range(n)]),
        ("boolean (bool)", col(CT.BOOLEAN), [bool(i % 2) for i in range(n)]),
    ]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    total = 0.0
    print(f"{'case':46s} {'best ms':>8s}  bad  note")
    for name, column, values in cases(args.rows):
        raw = pd.Series(values, dtype=object)
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = coerce_column(raw, column)
            best = min(best, time.perf_counter() - start)
        total += best
        bad = int(result.bad.sum())
        print(f"{name:46s} {best * 1000:8.1f} {bad:4d}  {result.note or ''}")
    print(f"{'sum of all cases':46s} {total * 1000:8.1f}")
    for label, seconds in tickets_sheet(args.rows, args.repeat):
        print(f"{label:46s} {seconds * 1000:8.1f}")
    return 0


def tickets_sheet(n: int, repeat: int) -> list[tuple[str, float]]:
    """A whole tickets sheet of n rows: native cells as from an xlsx, and CSV text with
    ServiceNow's day-first dates, "?" for missing and "2 - High" priorities."""
    from data_access.sample_data import generate

    ds = schema.dataset("tickets")
    demo = generate(scale="demo", as_of=date(2026, 11, 16))["tickets"]
    frame = pd.concat([demo] * (n // len(demo) + 1), ignore_index=True).head(n)
    native = frame.astype(object).where(frame.notna(), None)
    for c in ds.columns:
        if c.type is CT.DATETIME:
            native[c.name] = [None if pd.isna(v) else v.to_pydatetime() for v in frame[c.name]]
    text = pd.DataFrame(index=frame.index)
    for c in ds.columns:
        col = frame[c.name]
        if c.type is CT.DATETIME:
            day, month = col.dt.day.astype("Int64"), col.dt.month.astype("Int64")
            s = day.astype("str") + "/" + month.astype("str") + "/"
            text[c.name] = (s + col.dt.strftime("%Y %H:%M")).fillna("?")
        elif c.name == "priority":
            text[c.name] = col.map({"P1": "1 - Critical", "P2": "2 - High", "P3": "3 - Moderate",
                                    "P4": "4 - Low"})  # fmt: skip
        else:
            text[c.name] = col.astype("str").fillna("")
    out = []
    for label, sheet in (("tickets sheet, native cells", native), ("tickets sheet, CSV", text)):
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            for c in ds.columns:
                coerce_column(sheet[c.name], c)
            best = min(best, time.perf_counter() - start)
        out.append((f"{label} ({len(sheet.columns)} columns)", best))
    return out


if __name__ == "__main__":
    raise SystemExit(main())
