"""The `steerco` command line. Every subcommand takes --db URL (default: the configured store)."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from data_access import engine as store_engine
from data_access import store

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help=f"SQLAlchemy database URL (default: ${store_engine.DB_URL_ENV}, "
        ".streamlit/secrets.toml, or the embedded SQLite file)",
    )


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="steerco", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    seed = sub.add_parser("seed", help="replace the store's content with the sample portfolio")
    seed.add_argument("--scale", choices=("demo", "large"), default="demo")
    seed.add_argument("--as-of", type=_date, default=None, help="anchor date (default: today)")
    _db_argument(seed)

    init = sub.add_parser("init", help="create the tables (and seed an empty store)")
    init.add_argument("--no-seed", action="store_true", help="leave an empty store empty")
    _db_argument(init)

    status = sub.add_parser("status", help="show the store's schema version and row counts")
    _db_argument(status)

    dictionary = sub.add_parser("dictionary", help="write the data dictionary (Markdown)")
    dictionary.add_argument("--out", type=Path, default=None, help="file (default: stdout)")
    _db_argument(dictionary)

    workbook = sub.add_parser("sample-workbook", help="write the sample portfolio as .xlsx")
    workbook.add_argument("--out", type=Path, required=True)
    workbook.add_argument("--as-of", type=_date, default=None)
    _db_argument(workbook)
    return parser


def _engine(url: str | None):
    engine = store_engine.create_engine(url)
    store_engine.check_connection(engine)
    return engine


def cmd_seed(args) -> int:
    engine = _engine(args.db)
    started = time.perf_counter()
    counts = store.load_sample(engine, scale=args.scale, as_of=args.as_of, source="steerco seed")
    elapsed = time.perf_counter() - started
    for name, count in counts.items():
        print(f"{name:16} {count:>10,}")
    print(
        f"seeded {sum(counts.values()):,} rows into {store_engine.describe_url(str(engine.url))} "
        f"in {elapsed:.1f} s"
    )
    return EXIT_OK


def cmd_init(args) -> int:
    engine = _engine(args.db)
    seeded = store.ensure_store(engine, seed_if_empty=not args.no_seed)
    print("store ready" + (" and seeded with the sample portfolio" if seeded else ""))
    return EXIT_OK


def cmd_status(args) -> int:
    engine = _engine(args.db)
    store.create_schema(engine)
    with engine.connect() as conn:
        print(f"store: {store_engine.describe_url(str(engine.url))}")
        print(f"schema version: {store.schema_version(conn)}")
        for name, count in store.row_counts(conn).items():
            print(f"{name:16} {count:>10,}")
    return EXIT_OK


def cmd_dictionary(args) -> int:
    from data_access.dictionary import markdown

    text = markdown()
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        print(text)
    return EXIT_OK


def cmd_sample_workbook(args) -> int:
    from data_access import sample_data

    frames = sample_data.generate(as_of=args.as_of)
    sample_data.write_workbook(frames, args.out)
    print(f"wrote {args.out} ({sum(len(f) for f in frames.values()):,} rows)")
    return EXIT_OK


COMMANDS = {
    "seed": cmd_seed,
    "init": cmd_init,
    "status": cmd_status,
    "dictionary": cmd_dictionary,
    "sample-workbook": cmd_sample_workbook,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (store_engine.StoreUnavailable, store.SchemaVersionError) as exc:
        print(f"steerco: {exc}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
