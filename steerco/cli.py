"""The `steerco` command line. Every subcommand takes --db URL (default: the configured store)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from data_access import access, audit, migrations, schema, store, users, writes
from data_access import engine as store_engine
from data_access.filters import Filters
from steerco import cli_meetings, i18n

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


#: The sample's sizes (``data_access.sample_data.SCALES``, not imported: it is heavy).
SCALES = ("demo", "large", "xlarge")
SCALE_HELP = (
    "sample size: demo (40 projects), large (2,000 projects, 1 million tickets), "
    "xlarge (10,000 projects, 10 million tickets; for PostgreSQL)"
)
#: Scales too big for SQLite to be a good idea (allowed, with a word on stderr).
SERVER_SCALES = ("xlarge",)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="steerco", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    seed = sub.add_parser("seed", help="replace the store's content with the sample portfolio")
    seed.add_argument("--scale", choices=SCALES, default="demo", help=SCALE_HELP)
    seed.add_argument("--as-of", type=_date, default=None, help="anchor date (default: today)")
    _db_argument(seed)

    init = sub.add_parser(
        "init", help="create the tables; with --sample, load the sample into an empty store"
    )
    init.add_argument(
        "--sample", action="store_true", help="load the sample portfolio (empty store only)"
    )
    init.add_argument("--scale", choices=SCALES, default="demo", help=SCALE_HELP)
    init.add_argument("--as-of", type=_date, default=None, help="anchor date (default: today)")
    init.add_argument("--no-seed", action="store_true", help=argparse.SUPPRESS)  # the default
    _db_argument(init)

    serve = sub.add_parser(
        "serve",
        help="run the app (streamlit run app.py) with the warm-up started at once",
        description="Run Steerco's web app: `streamlit run app.py` with every option after "
        "`serve` passed on (e.g. --server.port 8501), and the page models asked for before "
        "the last stop built as the server starts, before the first visitor.",
    )
    serve.add_argument("streamlit_args", nargs=argparse.REMAINDER, help="streamlit run options")

    status = sub.add_parser("status", help="show the store's schema version and row counts")
    _db_argument(status)

    db = sub.add_parser("db", help="the store's schema: upgrade it, show its revision, list them")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    upgrade = db_sub.add_parser(
        "upgrade",
        help="create a new store's tables, or bring an older store to this Steerco's schema "
        "(a SQLite file is copied to a backup beside it first)",
    )
    _db_argument(upgrade)
    current = db_sub.add_parser("current", help="show the store's schema revision (reads only)")
    _db_argument(current)
    db_sub.add_parser("history", help="list the schema revisions this Steerco knows")
    sums = db_sub.add_parser(
        "summaries",
        help="rebuild the Operations summaries in the configured time zones (after changing "
        "`timezone` or `source_timezone`), or --check them against a full recomputation",
    )
    sums.add_argument("--check", action="store_true", help="compare only; write nothing")
    _db_argument(sums)

    dictionary = sub.add_parser("dictionary", help="write the data dictionary (Markdown)")
    dictionary.add_argument("--out", type=Path, default=None, help="file (default: stdout)")
    _db_argument(dictionary)

    workbook = sub.add_parser("sample-workbook", help="write the sample portfolio as .xlsx")
    workbook.add_argument("--out", type=Path, required=True)
    workbook.add_argument("--as-of", type=_date, default=None)
    _db_argument(workbook)

    template = sub.add_parser("template", help="write the empty Excel template (.xlsx)")
    template.add_argument("--out", type=Path, required=True)

    mine = sub.add_parser(
        "workbook",
        help="write 'Download my projects': the template filled with projects' current data",
    )
    mine.add_argument("--out", type=Path, required=True)
    mine.add_argument(
        "--project",
        action="append",
        default=[],
        metavar="ID",
        help="this project (repeatable; default: a project manager's own projects, else every "
        "project the person sees)",
    )
    _as_argument(mine)
    _db_argument(mine)

    imp = sub.add_parser(
        "import",
        help="import a spreadsheet (.xlsx/.csv): check it, then commit it in one transaction",
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--dataset", default=None, help="the dataset (default: recognised)")
    imp.add_argument("--mapping", default=None, help="a saved or built-in column mapping")
    imp.add_argument(
        "--auto-map",
        action="store_true",
        help="propose a mapping from the file's headers and contents, print it and use it "
        "(needs --dataset)",
    )
    _set_argument(imp)
    imp.add_argument(
        "--yes",
        action="store_true",
        help="with --auto-map: commit even when it changes many stored rows",
    )
    imp.add_argument("--dry-run", action="store_true", help="check and show changes only")
    imp.add_argument(
        "--keep-missing",
        action="store_true",
        help="do not remove stored rows that the file's scope no longer contains",
    )
    imp.add_argument("--user", default=None, help="name recorded in the history")
    _as_argument(imp)
    _db_argument(imp)

    history = sub.add_parser("history", help="list the latest imports")
    history.add_argument("--limit", type=int, default=20)
    _db_argument(history)

    audit_trail = sub.add_parser("audit", help="print the audit trail (every write), newest first")
    audit_trail.add_argument("--since", type=_date, default=None, help="from this day on")
    audit_trail.add_argument("--actor", default=None, help="only this person's writes")
    audit_trail.add_argument("--action", default=None, help="only this action, e.g. rollback")
    audit_trail.add_argument("--json", action="store_true", help="as JSON (one object per row)")
    _db_argument(audit_trail)

    rollback = sub.add_parser("rollback", help="undo a committed import")
    rollback.add_argument("import_id", type=int)
    rollback.add_argument("--user", default=None)
    _as_argument(rollback)
    _db_argument(rollback)

    mapping = sub.add_parser(
        "mapping",
        help="list, show, save or delete column mappings, or suggest one for a file",
        description="steerco mapping suggest FILE --dataset NAME [--set COLUMN=VALUE]: the "
        "mapping Steerco proposes for a file, with its evidence, as text and as JSON to save.",
    )
    mapping.add_argument("action", choices=("list", "show", "save", "delete", "suggest"))
    mapping.add_argument("name", nargs="?", default=None, help="the mapping (suggest: the file)")
    mapping.add_argument("--file", type=Path, default=None, help="JSON spec to save")
    mapping.add_argument("--dataset", default=None, help="suggest: the dataset to map to")
    _set_argument(mapping)
    mapping.add_argument("--user", default=None)
    _as_argument(mapping)
    _db_argument(mapping)

    sync = sub.add_parser("sync", help="pull the configured SQL sources into the store")
    sync.add_argument("--config", type=Path, default=None, help="sources file (TOML)")
    sync.add_argument("--dry-run", action="store_true")
    sync.add_argument("--user", default=None)
    _as_argument(sync)
    _db_argument(sync)

    people = sub.add_parser(
        "users", help="list, set or remove the roles of signed-in people (the role table)"
    )
    people.add_argument("action", choices=("list", "set", "remove"))
    people.add_argument("email", nargs="?", default=None)
    people.add_argument("--role", choices=access.ROLES, default=None)
    people.add_argument("--name", default="", help="how the person is named")
    for option, what in (
        ("portfolio", "a viewer scoped to this portfolio (repeatable)"),
        ("programme", "a viewer scoped to this programme (repeatable)"),
        ("project", "a project manager's project, by id (repeatable)"),
    ):
        people.add_argument(f"--{option}", action="append", default=[], help=what)
    people.add_argument("--json", action="store_true", help="list as JSON")
    people.add_argument("--user", default=None)
    _as_argument(people)
    _db_argument(people)
    pack = sub.add_parser("pack", help="write the steering-committee pack (.pptx, 16:9)")
    pack.add_argument("--out", type=Path, required=True, help="the .pptx file to write")
    pack.add_argument("--as-of", type=_date, default=None, help="data date (default: today)")
    _project_filter_arguments(pack)
    _as_argument(pack)
    pack.add_argument("--template", type=Path, default=None, help="a company .pptx template")
    pack.add_argument("--quiet", action="store_true", help="no progress lines")
    _db_argument(pack)
    figures = sub.add_parser(
        "figures", help="print every figure the pages show as JSON (schema: docs/figures.md)"
    )
    figures.add_argument("--as-of", type=_date, default=None, help="data date (default: today)")
    _project_filter_arguments(figures)
    figures.add_argument(
        "--weeks", type=int, default=13, choices=(4, 13, 26, 52), help="operations period"
    )
    figures.add_argument("--json", action="store_true", help="JSON output (the only format)")
    figures.add_argument("--out", type=Path, default=None, help="write to this file, not stdout")
    _as_argument(figures)
    _db_argument(figures)
    compare = sub.add_parser(
        "compare", help="what changed between two dates (default: the last meeting and today)"
    )
    compare.add_argument(
        "--from",
        dest="start",
        type=_date,
        default=None,
        help="first date (default: the last meeting before --to)",
    )
    compare.add_argument(
        "--to", dest="end", type=_date, default=None, help="second date (default: today)"
    )
    _project_filter_arguments(compare)
    compare.add_argument("--json", action="store_true", help="JSON (schema: docs/compare.md)")
    _as_argument(compare)
    _db_argument(compare)
    cli_meetings.add_parsers(sub, _as_argument, _db_argument)
    report_list = sub.add_parser(
        "reporting", help="who has reported for the next meeting, who is late (docs/reporting.md)"
    )
    report_list.add_argument("--as-of", type=_date, default=None, help="date (default: today)")
    _project_filter_arguments(report_list)
    report_list.add_argument("--json", action="store_true", help="as JSON")
    _as_argument(report_list)
    _db_argument(report_list)
    minutes = sub.add_parser("minutes", help="write a meeting's minutes (.docx; --pdf also PDF)")
    minutes.add_argument("--meeting", type=_date, required=True, metavar="DATE")
    minutes.add_argument("--out", type=Path, required=True, help="the .docx file to write")
    minutes.add_argument("--pdf", type=Path, default=None, help="also as PDF (LibreOffice)")
    _as_argument(minutes)
    _db_argument(minutes)
    return parser


def _as_argument(command) -> None:
    command.add_argument(
        "--as",
        dest="as_email",
        default=None,
        metavar="EMAIL",
        help="act as this person, with the role and scope the role table gives them "
        "(default: the operator of the store, as admin)",
    )


def _set_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="COLUMN=VALUE",
        help="a value for every row of a column the file lacks, e.g. phase=Execution "
        "(repeatable; with --auto-map or suggest)",
    )


def _constants(pairs: list[str]) -> dict[str, str]:
    """``--set`` values as column → value; a pair without "=" is a usage error."""
    constants = {}
    for pair in pairs:
        column, sep, value = pair.partition("=")
        if not sep or not column.strip():
            raise ValueError(f"--set {pair}: write COLUMN=VALUE, e.g. --set phase=Execution")
        constants[column.strip()] = value.strip()
    return constants


def _proposal(path: Path, dataset: str | None, pairs: list[str], max_bytes: int):
    """The mapping proposed for a file (printed by the callers); raises ValueError with a
    message for the user (no dataset, a file that cannot be read, an unknown column)."""
    from data_access.ingest import propose, reader

    if not dataset:
        raise ValueError("name the dataset the file holds: --dataset NAME")
    if dataset not in schema.DATASETS_BY_NAME:
        raise ValueError(
            f"there is no dataset '{dataset}'; choose one of {', '.join(schema.DATASETS_BY_NAME)}"
        )
    try:
        workbook = reader.read_path(path, max_bytes=max_bytes)
    except reader.IngestError as exc:
        raise ValueError(str(exc.problem)) from None
    return propose.propose(workbook, dataset, constants=_constants(pairs))


def _who(args, engine) -> access.Identity:
    """Who a command acts as: ``--as EMAIL`` (their role and scope from the role table; not
    named there: viewer), else the store's operator — whoever holds its credentials on this
    machine — as admin, named by ``--user`` or the login name."""
    if getattr(args, "as_email", None):
        email = args.as_email.strip().lower()
        with engine.connect() as conn:  # the role table's name: a PM's projects name them
            found = users.resolve(conn, access.Identity(email=email, name=""))
        return replace(found, name=found.name or email)
    return access.single_user(getattr(args, "user", None) or audit.login_name())


def _project_filter_arguments(command) -> None:
    for name in ("programme", "portfolio", "sponsor", "project-manager", "phase"):
        command.add_argument(
            f"--{name}",
            action="append",
            default=[],
            metavar="VALUE",
            help=f"only projects of this {name.replace('-', ' ')} (repeatable)",
        )


def _engine(url: str | None):
    engine = store_engine.create_engine(url)
    store_engine.check_connection(engine)
    return engine


def _seed_progress(engine, scale: str, started: float) -> store.Progress:
    """Says on stderr what the seed is doing (a large scale takes minutes): rows written per
    table as they are written, with the time since the start."""
    if scale in SERVER_SCALES and engine.dialect.name == "sqlite":
        print(
            f"steerco: the {scale} sample is meant for PostgreSQL; into SQLite it takes long "
            "and makes a file of several GB.",
            file=sys.stderr,
        )
    print(f"steerco: generating the {scale} sample…", file=sys.stderr, flush=True)
    written: dict[str, int] = {}

    def progress(table: str, rows: int) -> None:
        elapsed = f"({time.perf_counter() - started:,.1f} s)"
        if not rows:  # something else done: an index built
            print(f"steerco: {table} {elapsed}", file=sys.stderr, flush=True)
            return
        written[table] = written.get(table, 0) + rows
        print(
            f"steerco: {table:24} {written[table]:>12,} rows written {elapsed}",
            file=sys.stderr,
            flush=True,
        )

    return progress


def cmd_seed(args) -> int:
    engine = _engine(args.db)
    started = time.perf_counter()
    counts = store.load_sample(
        engine,
        scale=args.scale,
        as_of=args.as_of,
        source="steerco seed",
        progress=_seed_progress(engine, args.scale, started),
    )
    elapsed = time.perf_counter() - started
    for name, count in counts.items():
        print(f"{name:16} {count:>10,}")
    print(
        f"seeded {sum(counts.values()):,} rows into {store_engine.describe_url(engine.url)} "
        f"in {elapsed:.1f} s"
    )
    return EXIT_OK


def cmd_init(args) -> int:
    """Create the tables. Only an explicit --sample fills a store with the sample, and only
    an empty one: the sample must never be mistaken for real data."""
    engine = _engine(args.db)
    store.create_schema(engine)
    where = store_engine.describe_url(engine.url)
    if not args.sample:
        print(f"store ready: {where}")
        if store.is_empty(engine):
            print(
                "It is empty: load data with `steerco import FILE` or the Data page's upload, "
                "or try Steerco with `steerco init --sample`."
            )
        return EXIT_OK
    if not store.is_empty(engine):
        print(
            f"steerco: {where} already has projects; the sample was not loaded "
            "(`steerco seed` replaces the store's content with it).",
            file=sys.stderr,
        )
        return EXIT_FAILED
    counts = store.load_sample(
        engine,
        scale=args.scale,
        as_of=args.as_of,
        source="steerco init",
        progress=_seed_progress(engine, args.scale, time.perf_counter()),
    )
    print(f"store ready: {where}, with the sample portfolio ({sum(counts.values()):,} rows)")
    return EXIT_OK


def cmd_status(args) -> int:
    """For administrators: the full location (every credential masked) and the label the
    app and the pack show instead."""
    engine = _engine(args.db)
    store.create_schema(engine)
    with engine.connect() as conn:
        print(f"store: {store_engine.describe_url(engine.url)}")
        print(f"label: {store_engine.store_label(args.db)}")
        print(f"schema version: {store.schema_version(conn)}")
        print(f"schema revision: {migrations.state(conn).current}")
        for name, count in store.row_counts(conn).items():
            print(f"{name:16} {count:>10,}")
    return EXIT_OK


def _revision(revision: str | None) -> str:
    """``0007 (schema version 7)``."""
    version = migrations.version_of(revision)
    return f"{revision} (schema version {version})" if version is not None else f"{revision}"


def cmd_db(args) -> int:
    """``steerco db upgrade|current|history``: the store's schema (docs/architecture.md)."""
    if args.db_command == "history":
        for line in migrations.lines():
            print(line)
        return EXIT_OK
    engine = _engine(args.db)
    where = store_engine.describe_url(engine.url)
    if args.db_command == "current":
        return _db_current(engine, where)
    if args.db_command == "summaries":
        return _db_summaries(engine, where, check=args.check)
    done = store.upgrade_store(engine)
    if done.created:
        print(f"created the Steerco tables at revision {_revision(done.after)}: {where}")
    elif not done.changed:
        print(f"{where} is at revision {_revision(done.after)}, the head: nothing to upgrade")
    else:
        print(f"upgraded {where} from revision {_revision(done.before)} to {_revision(done.after)}")
        if done.backup is not None:
            print(f"the file before the upgrade is kept as {done.backup}")
    return EXIT_OK


def _db_summaries(engine, where: str, *, check: bool) -> int:
    """Rebuild (or check) the Operations summaries (data_access/summaries.py)."""
    from data_access import summaries
    from data_access.zones import Zones
    from steerco.config import load_settings

    store.create_schema(engine)
    settings = load_settings()
    zones = Zones(local=settings.timezone, source=settings.source_timezone)
    started = time.perf_counter()
    if check:
        with engine.connect() as conn:
            built = summaries.zones_built(conn)
            found = summaries.differences(conn) if built is not None else {}
        if built is None:
            print(f"{where}: the Operations summaries are not built (`steerco db summaries`)")
            return EXIT_FAILED
        for table, problem in found.items():
            print(f"{table}: {problem}")
        if built != zones:
            print(f"the summaries' days are in {built.local} (stamps in {built.source}); "
                  f"the settings say {zones.local} ({zones.source}): "
                  "run `steerco db summaries`")  # fmt: skip
        if found or built != zones:
            return EXIT_FAILED
        print(f"{where}: the Operations summaries equal a full recomputation "
              f"({time.perf_counter() - started:.1f} s)")  # fmt: skip
        return EXIT_OK
    with store_engine.write_transaction(engine) as conn:
        summaries.rebuild(conn, zones)
    print(f"{where}: rebuilt the Operations summaries, days in {zones.local} (stamps in "
          f"{zones.source}), in {time.perf_counter() - started:.1f} s")  # fmt: skip
    return EXIT_OK


def _db_current(engine, where: str) -> int:
    with engine.connect() as conn:
        found = migrations.state(conn)
    head = migrations.head()
    print(f"store: {where}")
    if found.fresh:
        print("revision: none: the store has no Steerco tables (`steerco db upgrade` or "
              "`steerco init` creates them)")  # fmt: skip
        return EXIT_OK
    recorded = "" if found.stamped else " (from the schema version row; not yet stamped)"
    print(f"revision: {_revision(found.current)}{recorded}")
    if found.newer:
        print(f"head: {_revision(head)}: the store was made by a newer Steerco; upgrade Steerco")
    elif found.too_old:
        print(f"head: {_revision(head)}: the store is older than any release can upgrade")
    elif found.at_head:
        print(f"head: {_revision(head)}: up to date")
    else:
        print(
            f"head: {_revision(head)}: {found.behind} revision(s) to apply; "
            "run `steerco db upgrade`"
        )
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


def cmd_template(args) -> int:
    from data_access.template import write_template

    write_template(args.out, translate=i18n.t)
    print(f"wrote {args.out}")
    return EXIT_OK


def cmd_workbook(args) -> int:
    """The Data page's "Download my projects" from the command line, for whoever may import:
    a project manager's own projects (or some of them), else the projects the person sees."""
    from data_access.template import filled_template
    from steerco.views import data as data_view

    engine = _engine(args.db)
    who = _who(args, engine)
    access.check(who, access.IMPORT)
    with engine.connect() as conn:
        if who.role == access.PROJECT_MANAGER:
            mine = set(users.own_projects(conn, who))
        else:
            scope = Filters().within(who.portfolios, who.programmes)
            mine = set(data_view.filtered_project_ids(conn, scope))
        wanted = list(dict.fromkeys(args.project)) or sorted(mine)
        refused = [p for p in wanted if p not in mine]
        if refused or not wanted:
            said = (
                f"not a project {who.label or 'you'} may download: {', '.join(refused)}"
                if refused
                else f"{who.label or 'you'} has no project to download"
            )
            print(f"steerco: {said}", file=sys.stderr)
            return EXIT_FAILED
        payload = filled_template(conn, wanted, translate=i18n.t)
    args.out.write_bytes(payload)
    named = ", ".join(wanted[:10]) + (" …" if len(wanted) > 10 else "")
    print(f"wrote {args.out} ({len(wanted)} project(s): {named})")
    return EXIT_OK


def _print_problems(problems, limit: int = 200) -> None:
    items = list(problems)
    for problem in items[:limit]:
        label = "ERROR  " if problem.is_error else "warning"
        print(f"  {label} {problem}")
    if len(items) > limit:
        print(f"  … and {len(items) - limit} more")


def _print_changes(changes) -> None:
    for name, change in changes.datasets.items():
        c = change.counts
        print(
            f"  {name:16} added {c['added']:>7,}  changed {c['changed']:>7,}  "
            f"removed {c['removed']:>7,}  unchanged {c['unchanged']:>7,}"
        )


def cmd_import(args) -> int:
    from steerco.config import load_settings

    engine = _engine(args.db)
    store.create_schema(engine)
    if not args.file.is_file():
        print(f"steerco: {args.file}: no such file", file=sys.stderr)
        return EXIT_FAILED
    settings = load_settings()
    max_bytes = settings.max_upload_mb * 1_000_000
    chosen, confirm_above = args.mapping, None
    if args.auto_map or args.set:
        if args.mapping:
            print("steerco: choose --mapping or --auto-map, not both", file=sys.stderr)
            return EXIT_USAGE
        try:
            proposal = _proposal(args.file, args.dataset, args.set, max_bytes)
        except ValueError as exc:
            print(f"steerco: {args.file.name}: {exc}", file=sys.stderr)
            print("Nothing was changed.", file=sys.stderr)
            return EXIT_FAILED
        print("\n".join(proposal.lines()))
        print("Mapping used (save it with steerco mapping save NAME --file SPEC.json):")
        chosen = proposal.mapping()
        print(chosen.to_json())
        confirm_above = None if args.yes else settings.auto_map_confirm_pct / 100
    report = writes.import_path(
        engine,
        _who(args, engine),
        args.file,
        dataset=args.dataset,
        mapping=chosen,
        dry_run=args.dry_run,
        replace_scope=not args.keep_missing,
        max_bytes=max_bytes,
        currency=settings.currency,
        confirm_above=confirm_above,
    )
    errors, warnings = len(report.problems.errors), len(report.problems.warnings)
    if report.refused:
        print(f"{args.file.name}: refused, {errors} error(s), {warnings} warning(s)")
        _print_problems(report.problems)
        print("Nothing was changed.")
        return EXIT_FAILED
    if warnings:
        _print_problems(report.problems)
    if report.dry_run:
        print(f"{args.file.name}: checked, no errors (dry run: nothing written)")
    elif report.result.outcome == "unchanged":
        print(
            f"{args.file.name}: identical to the stored data; nothing changed "
            f"(recorded as import #{report.result.import_id})"
        )
    else:
        print(f"{args.file.name}: committed as import #{report.result.import_id}")
    _print_changes(report.changes)
    return EXIT_OK


def cmd_history(args) -> int:
    from data_access import versioning

    engine = _engine(args.db)
    store.create_schema(engine)
    with engine.connect() as conn:
        log = versioning.import_log(conn, limit=args.limit)
    for row in log.itertuples(index=False):
        print(
            f"#{row.import_id:<5} {row.started_at:%Y-%m-%d %H:%M}  {row.outcome:12} "
            f"+{row.rows_added} ~{row.rows_changed} -{row.rows_removed}  "
            f"{row.user_name or ''}  {row.source}"
        )
    return EXIT_OK


def cmd_audit(args) -> int:
    import json

    from data_access import audit

    engine = _engine(args.db)
    store.create_schema(engine)
    with engine.connect() as conn:
        trail = audit.trail(conn, since=args.since, actor=args.actor, action=args.action)
    if args.json:
        rows = trail.assign(at=trail["at"].dt.strftime("%Y-%m-%dT%H:%M:%S"))
        rows = rows.astype(object).where(rows.notna(), None)
        print(json.dumps(rows.to_dict(orient="records"), ensure_ascii=False, indent=1))
        return EXIT_OK
    for row in trail.itertuples(index=False):
        print(f"{row.at:%Y-%m-%d %H:%M}  {row.actor:24} {row.action:16} {row.target or ''}")
    return EXIT_OK


def cmd_rollback(args) -> int:
    from data_access import versioning

    engine = _engine(args.db)
    try:
        result = writes.rollback(engine, _who(args, engine), args.import_id)
    except versioning.RollbackRefused as exc:
        print(f"steerco: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"import #{args.import_id} rolled back by import #{result.import_id}")
    _print_changes(result.changes)
    return EXIT_OK


def cmd_mapping(args) -> int:
    from data_access.ingest import mapping as mappings

    engine = _engine(args.db)
    store.create_schema(engine)
    try:
        if args.action == "list":
            with engine.connect() as conn:
                for m in mappings.list_mappings(conn):
                    kind = "built-in" if m.builtin else "saved"
                    print(f"{m.name:30} {m.dataset:14} {kind:9} {m.description}")
        elif args.action == "show":
            with engine.connect() as conn:
                print(mappings.load_mapping(conn, args.name or "").to_json())
        elif args.action == "save":
            if not args.file or not args.name:
                print("steerco: mapping save NAME --file SPEC.json", file=sys.stderr)
                return EXIT_USAGE
            spec = mappings.Mapping.from_json(args.file.read_text(encoding="utf-8"))
            spec = mappings.Mapping(**{**spec.__dict__, "name": args.name})
            writes.save_mapping(engine, _who(args, engine), spec)
            print(f"saved mapping '{args.name}' for {spec.dataset}")
        elif args.action == "suggest":
            from steerco.config import load_settings

            if not args.name:
                print("steerco: mapping suggest FILE --dataset NAME", file=sys.stderr)
                return EXIT_USAGE
            path = Path(args.name)
            if not path.is_file():
                print(f"steerco: {path}: no such file", file=sys.stderr)
                return EXIT_FAILED
            max_bytes = load_settings().max_upload_mb * 1_000_000
            proposal = _proposal(path, args.dataset, args.set, max_bytes)
            print("\n".join(proposal.lines()))
            print("Mapping (save it with steerco mapping save NAME --file SPEC.json):")
            print(proposal.mapping().to_json())
        elif args.action == "delete":
            if not writes.delete_mapping(engine, _who(args, engine), args.name or ""):
                print(f"steerco: no saved mapping '{args.name}'", file=sys.stderr)
                return EXIT_FAILED
            print(f"deleted mapping '{args.name}'")
    except (mappings.MappingError, ValueError, KeyError) as exc:
        print(f"steerco: {exc}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def cmd_sync(args) -> int:
    from data_access.ingest import sources
    from steerco.config import load_settings

    engine = _engine(args.db)
    store.create_schema(engine)
    settings = load_settings()
    path = args.config or Path(settings.sources_file)
    try:
        config = sources.load_sources(path)
    except sources.SourceError as exc:
        print(f"steerco: {exc}", file=sys.stderr)
        return EXIT_FAILED
    failed = False
    outcomes = writes.sync(
        engine, _who(args, engine), config, dry_run=args.dry_run, currency=settings.currency
    )
    for outcome in outcomes:
        report = outcome.report
        if report.refused:
            failed = True
            print(f"{outcome.label}: refused")
            _print_problems(report.problems)
        else:
            state = "checked (dry run)" if report.dry_run else report.result.outcome
            print(f"{outcome.label}: {state}")
            _print_changes(report.changes)
    return EXIT_FAILED if failed else EXIT_OK


def _answerable_as_of(engine, wanted: date | None) -> date:
    """The --as-of date moved into what the store can answer (after today: today; before the
    store's first data: that day), saying so on standard error."""
    from data_access import queries
    from data_access.filters import clamp_as_of, today

    wanted = wanted or today()
    with engine.connect() as conn:
        shown = clamp_as_of(wanted, queries.first_data_day(conn))
    if shown != wanted:
        print(f"steerco: --as-of {wanted} is outside the data; using {shown}", file=sys.stderr)
    return shown


def _project_filters(args, as_of: date, who: access.Identity) -> Filters:
    """The command line's filters, within the scope of the person it runs as, counting the
    status reports the settings count."""
    from steerco.config import load_settings

    filters = Filters(
        programme=tuple(args.programme),
        portfolio=tuple(args.portfolio),
        sponsor=tuple(args.sponsor),
        project_manager=tuple(args.project_manager),
        phase=tuple(args.phase),
        as_of=as_of,
    ).within(who.portfolios, who.programmes)
    return filters.counting(load_settings().reporting.counted_states)


def cmd_figures(args) -> int:
    from steerco.config import load_settings
    from steerco.exports.figures import figures

    engine = _engine(args.db)
    filters = _project_filters(args, _answerable_as_of(engine, args.as_of), _who(args, engine))
    with engine.connect() as conn:
        document = figures(conn, filters, load_settings(), weeks=args.weeks)
    text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
    if args.out is None:
        print(text)
    else:
        args.out.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.out} ({len(document['projects'])} projects)")
    return EXIT_OK


def cmd_compare(args) -> int:
    from steerco.config import load_settings
    from steerco.exports.figures import plain
    from steerco.views import compare

    engine = _engine(args.db)
    end = _answerable_as_of(engine, args.end)
    filters = _project_filters(args, end, _who(args, engine))
    settings = load_settings()
    with engine.connect() as conn:
        start = args.start or compare.default_start(conn, end)
        if start is None or start >= end:
            print(f"steerco: compare needs a --from date before {end}", file=sys.stderr)
            return EXIT_USAGE
        view = compare.build(conn, filters, settings, start=start, end=end)
    if args.json:
        document = plain(compare.document(view, filters))
        print(json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        print(compare.text(view, settings.currency))
    return EXIT_OK


def cmd_reporting(args) -> int:
    """Reporting completeness for the next meeting (exit 1 when none is scheduled)."""
    from steerco.config import load_settings
    from steerco.views import reporting

    engine = _engine(args.db)
    as_of = _answerable_as_of(engine, args.as_of)
    filters = _project_filters(args, as_of, _who(args, engine))
    with engine.connect() as conn:
        view = reporting.build(conn, filters, load_settings(), today=as_of)
    if view is None:
        print(f"steerco: no meeting is scheduled on or after {as_of}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        print(json.dumps(reporting.document(view), ensure_ascii=False, indent=2))
    else:
        print(reporting.text(view))
    return EXIT_OK


def cmd_pack(args) -> int:
    from steerco.config import load_settings
    from steerco.exports.images import ChromiumMissing, RenderFailed
    from steerco.exports.pack import build_pack

    if args.out.suffix.lower() != ".pptx":
        print(f"steerco: {args.out}: the pack is a .pptx file", file=sys.stderr)
        return EXIT_USAGE
    if args.template is not None and not args.template.is_file():
        print(f"steerco: template {args.template}: no such file", file=sys.stderr)
        return EXIT_FAILED
    engine = _engine(args.db)
    filters = _project_filters(args, _answerable_as_of(engine, args.as_of), _who(args, engine))

    def progress(share: float, text: str) -> None:
        if not args.quiet:
            print(f"[{share * 100:3.0f} %] {text}", flush=True)

    started = time.perf_counter()
    try:
        with engine.connect() as conn:
            data = build_pack(
                conn,
                filters,
                load_settings(),
                source=store_engine.store_label(args.db),
                template=args.template,
                progress=progress,
            )
    except (ChromiumMissing, RenderFailed) as exc:
        print(f"steerco: {exc}", file=sys.stderr)
        return EXIT_FAILED
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    took = time.perf_counter() - started
    print(f"wrote {args.out} ({len(data) / 1_000_000:.1f} MB) in {took:.1f} s")
    return EXIT_OK


def cmd_minutes(args) -> int:
    """A closed meeting's minutes say what was frozen; an open one's are a draft."""
    from data_access import meetings as records
    from data_access.filters import today
    from steerco.config import load_settings
    from steerco.exports.minutes import MinutesPdfFailed, minutes_docx, minutes_pdf
    from steerco.views import meeting

    if args.out.suffix.lower() != ".docx":
        print(f"steerco: {args.out}: the minutes are a .docx file", file=sys.stderr)
        return EXIT_USAGE
    engine = _engine(args.db)
    who = _who(args, engine)
    settings = load_settings()
    with engine.connect() as conn:
        filters = Filters().within(who.portfolios, who.programmes)
        view = meeting.build(conn, filters, settings, day=args.meeting, today=today())
        latest = [f"{d}" for d in records.meetings(conn)["meeting_date"].head(5)]
    if view is None:
        known = f"; the latest: {', '.join(latest)}" if latest else "; the store has none"
        print(f"steerco: there is no meeting on {args.meeting}{known}", file=sys.stderr)
        return EXIT_FAILED
    data = minutes_docx(view, view.record.frozen if view.closed else None, settings=settings)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    state = "as frozen" if view.closed else "draft: the meeting is not closed"
    print(f"wrote {args.out} (minutes of {args.meeting}, {state})")
    if args.pdf is None:
        return EXIT_OK
    try:
        pdf = minutes_pdf(data)
    except MinutesPdfFailed as exc:
        print(f"steerco: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if pdf is None:
        print("steerco: no PDF: LibreOffice (with Writer) is not installed", file=sys.stderr)
        return EXIT_FAILED
    args.pdf.parent.mkdir(parents=True, exist_ok=True)
    args.pdf.write_bytes(pdf)
    print(f"wrote {args.pdf}")
    return EXIT_OK


def cmd_users(args) -> int:
    engine = _engine(args.db)
    store.create_schema(engine)
    if args.action == "list":
        with engine.connect() as conn:
            table = users.frame(conn)
        if args.json:
            rows = table.assign(updated_at=table["updated_at"].astype(str))
            print(json.dumps(rows.to_dict(orient="records"), ensure_ascii=False, indent=1))
            return EXIT_OK
        for row in table.itertuples(index=False):
            scope = ", ".join([*row.portfolios, *row.programmes]) or "all projects"
            mapped = f"  projects: {', '.join(row.projects)}" if row.projects else ""
            print(f"{row.email:32} {row.role:16} {scope}{mapped}")
        return EXIT_OK
    if not args.email:
        print(f"steerco: users {args.action} EMAIL", file=sys.stderr)
        return EXIT_USAGE
    who = _who(args, engine)
    if args.action == "remove":
        if not writes.remove_user(engine, who, args.email):
            print(f"steerco: the role table does not name {args.email}", file=sys.stderr)
            return EXIT_FAILED
        print(f"removed {args.email} from the role table")
        return EXIT_OK
    if args.role is None:
        print("steerco: users set EMAIL --role ROLE", file=sys.stderr)
        return EXIT_USAGE
    entry = writes.save_user(
        engine,
        who,
        users.Entry(
            email=args.email,
            role=args.role,
            name=args.name,
            portfolios=tuple(args.portfolio),
            programmes=tuple(args.programme),
            projects=tuple(args.project),
        ),
    )
    print(f"{entry.email}: {entry.role}")
    return EXIT_OK


COMMANDS = {
    **cli_meetings.COMMANDS,
    "users": cmd_users,
    "pack": cmd_pack,
    "figures": cmd_figures,
    "minutes": cmd_minutes,
    "compare": cmd_compare,
    "reporting": cmd_reporting,
    "template": cmd_template,
    "workbook": cmd_workbook,
    "import": cmd_import,
    "history": cmd_history,
    "audit": cmd_audit,
    "rollback": cmd_rollback,
    "mapping": cmd_mapping,
    "sync": cmd_sync,
    "seed": cmd_seed,
    "init": cmd_init,
    "status": cmd_status,
    "db": cmd_db,
    "dictionary": cmd_dictionary,
    "sample-workbook": cmd_sample_workbook,
}


def _add_language_option(parser: argparse.ArgumentParser) -> None:
    """``--lang`` on every command: the language of what it writes (the pack, the minutes,
    the template, the figures' labels); default: the setting ``language``. A command with
    subcommands (``db``) has it on each of them."""
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for command in subparsers.choices.values():
        if any(isinstance(a, argparse._SubParsersAction) for a in command._actions):
            _add_language_option(command)
            continue
        command.add_argument(
            "--lang",
            choices=i18n.LANGUAGES,
            default=None,
            help="language of the output (default: the setting 'language')",
        )


def _language(chosen: str | None) -> str:
    if chosen is None:
        from steerco.config import load_settings

        try:
            chosen = load_settings().language
        except Exception:  # a bad settings file is reported by the command that reads it
            chosen = i18n.DEFAULT_LANGUAGE
    return chosen


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"] and not {"-h", "--help"} & set(argv[1:2]):
        return _serve(argv[1:])  # every option after `serve` is Streamlit's
    parser = build_parser()
    _add_language_option(parser)
    args = parser.parse_args(argv)
    with i18n.speaking(_language(args.lang)):
        return _run(args)


def _serve(streamlit_args: list[str]) -> int:
    from steerco.ui import serve  # Streamlit is imported only to serve

    return serve.main(streamlit_args)


def _run(args) -> int:
    url = getattr(args, "db", None)
    try:
        return COMMANDS[args.command](args)
    except (access.AccessRefused, users.UserError) as exc:
        print(f"steerco: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except (store_engine.StoreUnavailable, store.SchemaVersionError) as exc:
        print(f"steerco: {_scrubbed(str(exc), url)}", file=sys.stderr)
        return EXIT_FAILED
    except SQLAlchemyError as exc:
        reason = store_engine.first_line(exc, _resolved(url))
        print(f"steerco: the database could not answer: {reason}", file=sys.stderr)
        return EXIT_FAILED


def _resolved(url: str | None) -> str | None:
    try:
        return store_engine.resolve_url(url)
    except Exception:  # an unreadable secrets file: scrub by patterns only
        return url


def _scrubbed(text: str, url: str | None) -> str:
    """An error for the terminal: drivers may quote the connection string, credentials too."""
    return store_engine.scrub(text, _resolved(url))


if __name__ == "__main__":
    sys.exit(main())
