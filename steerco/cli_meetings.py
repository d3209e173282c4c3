"""``steerco meeting``, ``steerco decision`` and ``steerco action``: the committee's record from
the command line, with the checks of the Meeting page (the same service layer:
``data_access.writes``), for scripting and tests.

    steerco meeting list | show DATE [--json] | open DATE | close DATE
    steerco decision add --meeting DATE --question TEXT --outcome OUTCOME [--project ID] …
    steerco decision list [--meeting DATE] [--json]
    steerco action add --meeting DATE --action TEXT --owner NAME --due DATE [--project ID] …
    steerco action list [--open] [--json]
    steerco action done|drop ACTION_ID [--meeting DATE]
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from typing import Any

from data_access import access, writes
from data_access import meetings as records
from data_access.filters import Filters, today

EXIT_OK, EXIT_FAILED = 0, 1


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def add_parsers(sub, as_argument, db_argument) -> None:
    """The three subcommands, added to ``steerco``'s parser."""
    meeting = sub.add_parser("meeting", help="list, show, open or close committee meetings")
    meeting.add_argument("action", choices=("list", "show", "open", "close"))
    meeting.add_argument("day", nargs="?", type=_date, default=None, metavar="DATE")
    meeting.add_argument("--json", action="store_true")
    meeting.add_argument("--user", default=None)
    as_argument(meeting)
    db_argument(meeting)

    decision = sub.add_parser("decision", help="record or list the committee's decisions")
    decision.add_argument("action", choices=("add", "list"))
    decision.add_argument("--meeting", type=_date, default=None, metavar="DATE")
    for name in ("question", "outcome", "project", "context", "options", "recommendation",
                 "rationale", "decided-by", "source", "amendment"):  # fmt: skip
        decision.add_argument(f"--{name}", default=None)
    decision.add_argument("--json", action="store_true")
    decision.add_argument("--user", default=None)
    as_argument(decision)
    db_argument(decision)

    action = sub.add_parser("action", help="record, list or close the committee's actions")
    action.add_argument("action", choices=("add", "list", "done", "drop"))
    action.add_argument("action_id", nargs="?", default=None)
    action.add_argument("--meeting", type=_date, default=None, metavar="DATE")
    action.add_argument("--due", type=_date, default=None, metavar="DATE")
    for name in ("text", "owner", "project", "decision", "amendment"):
        action.add_argument(f"--{name}", default=None)
    action.add_argument("--open", action="store_true", help="only the actions still open")
    action.add_argument("--json", action="store_true")
    action.add_argument("--user", default=None)
    as_argument(action)
    db_argument(action)


def _context(args):
    from steerco import cli

    engine = cli._engine(args.db)
    from data_access import store

    store.create_schema(engine)
    return engine, cli._who(args, engine)


def _print_json(rows: Any) -> None:
    print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))


def _records(frame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")


def _refused(exc: Exception) -> int:
    print(f"steerco: {exc}", file=sys.stderr)
    return EXIT_FAILED


def cmd_meeting(args) -> int:
    from steerco.config import load_settings
    from steerco.views import meeting as views

    engine, who = _context(args)
    if args.action == "list":
        with engine.connect() as conn:
            listing = views.meeting_list(conn, today())
        if args.json:
            _print_json(_records(listing.drop(columns=["closed_at"])))
            return EXIT_OK
        for row in listing.itertuples(index=False):
            print(f"{row.meeting_date}  {row.state:32} {row.decisions:>3} decision(s) "
                  f"{row.actions:>3} action(s)  {row.committee}")  # fmt: skip
        return EXIT_OK
    if args.day is None:
        print(f"steerco: meeting {args.action} DATE", file=sys.stderr)
        return 2
    try:
        if args.action == "open":
            writes.open_meeting(engine, who, args.day)
            print(f"meeting {args.day}: in session")
            return EXIT_OK
        settings = load_settings()
        filters = Filters(as_of=today()).within(who.portfolios, who.programmes)
        if args.action == "close":
            from steerco.exports.freeze import freeze_meeting
            from steerco.exports.images import RenderFailed

            try:
                with engine.connect() as conn:
                    frozen, pack = freeze_meeting(
                        conn, filters, settings, day=args.day, today=today(), source="steerco"
                    )
            except RenderFailed as exc:  # nothing frozen: the meeting stays in session
                return _refused(ValueError(f"meeting {args.day} not closed: {exc}"))
            writes.close_meeting(engine, who, args.day, frozen=frozen, pack=pack)
            print(f"meeting {args.day}: closed and frozen" + ("" if pack else " (no pack)"))
            return EXIT_OK
        with engine.connect() as conn:
            view = views.build(conn, filters, settings, day=args.day, today=today())
    except (writes.FormRefused, access.AccessRefused, ValueError) as exc:
        return _refused(exc)
    if view is None:
        return _refused(ValueError(f"there is no meeting on {args.day}"))
    shown = view.record.frozen if view.closed else views.frozen_content(view)
    shown = {"status": view.status, **shown}
    if args.json:
        _print_json(shown)
        return EXIT_OK
    print(f"{view.committee} — {view.day} ({view.status_name})")
    for item in shown["agenda"]:
        print(f"  [{item['section']}] {item['title']}" + (f" — {item['detail']}"
              if item.get("detail") else ""))  # fmt: skip
    for row in shown["decisions"]:
        print(f"  decision {row['ID']}: {row['Outcome']} — {row['Question']}")
    for row in shown["actions"]:
        print(f"  action {row['ID']}: {row['Owner']}, due {row['Due']} — {row['Action']}")
    return EXIT_OK


def cmd_decision(args) -> int:
    engine, who = _context(args)
    if args.action == "list":
        with engine.connect() as conn:
            found = records.decisions(
                conn, Filters().within(who.portfolios, who.programmes), meeting=args.meeting
            )
        if args.json:
            _print_json(_records(found))
            return EXIT_OK
        for row in found.itertuples(index=False):
            print(f"{row.decision_id:18} {row.meeting_date}  {row.outcome:9} {row.question}")
        return EXIT_OK
    values = {
        "meeting_date": args.meeting,
        "question": args.question,
        "outcome": args.outcome,
        "project_id": args.project,
        "context": args.context,
        "options": args.options,
        "recommendation": args.recommendation,
        "rationale": args.rationale,
        "decided_by": args.decided_by,
        "source": args.source,
    }
    try:
        recorded = writes.record_decision(engine, who, values, amendment=args.amendment)
    except (writes.FormRefused, access.AccessRefused) as exc:
        return _refused(exc)
    print(f"recorded decision {recorded}")
    return EXIT_OK


def cmd_action(args) -> int:
    engine, who = _context(args)
    if args.action == "list":
        from steerco.analytics.meetings import open_actions

        with engine.connect() as conn:
            found = records.actions(conn, Filters().within(who.portfolios, who.programmes))
        if args.open:
            found = open_actions(found, today() + timedelta(days=1))  # raised today too
        if args.json:
            _print_json(_records(found))
            return EXIT_OK
        for row in found.itertuples(index=False):
            print(f"{row.action_id:18} {row.status:8} due {row.due_date}  {row.owner:20} "
                  f"{row.action}")  # fmt: skip
        return EXIT_OK
    try:
        if args.action in ("done", "drop"):
            if not args.action_id:
                print(f"steerco: action {args.action} ACTION_ID", file=sys.stderr)
                return 2
            status = "Done" if args.action == "done" else "Dropped"
            writes.close_action(
                engine, who, args.action_id, status=status, on=today(), meeting=args.meeting
            )
            print(f"action {args.action_id}: {status.lower()}")
            return EXIT_OK
        values = {
            "action": args.text,
            "owner": args.owner,
            "due_date": args.due,
            "status": "Open",
            "project_id": args.project,
            "decision_id": args.decision,
            "raised_meeting": args.meeting,
        }
        recorded = writes.record_action(engine, who, values, amendment=args.amendment)
    except (writes.FormRefused, access.AccessRefused) as exc:
        return _refused(exc)
    print(f"recorded action {recorded}")
    return EXIT_OK


COMMANDS = {"meeting": cmd_meeting, "decision": cmd_decision, "action": cmd_action}
