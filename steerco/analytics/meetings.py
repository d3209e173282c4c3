"""The committee's follow-up, as pure functions: which actions are still open (and overdue) on a
day, which deferred decisions come back, and the agenda generated from the portfolio.

Definitions (docs/definitions.md, "Meetings"):

* an action is **open on day D** when it was raised in a meeting before D and was not done or
  dropped on or before D (``closed_date`` empty or after D); it is **overdue** when its due
  date is before D;
* a decision **deferred** in a meeting comes back to every later meeting until the committee
  takes a decision (any outcome but Deferred) on the same question for the same project.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

#: The agenda's sections, in order (keys; the page and the minutes title them).
SECTIONS = ("summary", "changes", "red", "decisions", "actions", "aob")
#: An agenda item's id is its section and a reference; the edited agenda keeps the ids left out.
DEFERRED = "Deferred"
OPEN = "Open"


@dataclass(frozen=True)
class AgendaItem:
    """One line of the agenda; ``prefill`` opens the decision form filled in."""

    section: str
    ref: str  # unique within the agenda: "decisions:PRJ-004", "actions:ACT-…"
    title: str
    detail: str = ""
    project_id: str | None = None
    prefill: dict | None = None


@dataclass
class Agenda:
    """The agenda of one meeting: items per section; left out items stay listed apart."""

    items: list[AgendaItem] = field(default_factory=list)
    left_out: list[AgendaItem] = field(default_factory=list)

    def section(self, key: str) -> list[AgendaItem]:
        return [i for i in self.items if i.section == key]


def open_actions(actions: pd.DataFrame, day: date) -> pd.DataFrame:
    """The actions open on ``day`` from meetings before it, soonest due first, with
    ``overdue`` and ``days_overdue`` (whole days past the due date, 0 when not overdue)."""
    if actions.empty:
        return actions.assign(overdue=pd.Series(dtype=bool), days_overdue=pd.Series(dtype=int))
    raised = pd.to_datetime(actions["raised_meeting"]) < pd.Timestamp(day)
    closed = pd.to_datetime(actions["closed_date"])
    still_open = closed.isna() | (closed > pd.Timestamp(day))
    found = actions.loc[raised & still_open].copy()
    due = pd.to_datetime(found["due_date"])
    late = (pd.Timestamp(day) - due).dt.days
    found["overdue"] = late > 0
    found["days_overdue"] = late.clip(lower=0).astype(int)
    return found.sort_values(["due_date", "action_id"]).reset_index(drop=True)


def deferred_pending(decisions: pd.DataFrame, day: date) -> pd.DataFrame:
    """Decisions deferred in meetings before ``day`` and not taken since (same question and
    project, another outcome, in a later meeting before ``day``), oldest first."""
    if decisions.empty:
        return decisions
    before = decisions.loc[pd.to_datetime(decisions["meeting_date"]) < pd.Timestamp(day)]
    key = before["question"].str.strip().str.lower() + "|" + before["project_id"].fillna("")
    before = before.assign(_key=key, _when=pd.to_datetime(before["meeting_date"]))
    deferred = before.loc[before["outcome"] == DEFERRED]
    taken = before.loc[before["outcome"] != DEFERRED]
    last_taken = {k: w for k, w in taken.groupby("_key")["_when"].max().items()}
    taken_since = [
        key in last_taken and last_taken[key] >= when
        for key, when in zip(deferred["_key"], deferred["_when"], strict=True)
    ]
    pending = deferred.loc[[not t for t in taken_since]]
    pending = pending.sort_values("_when").drop_duplicates("_key", keep="last")
    return pending.drop(columns=["_key", "_when"]).reset_index(drop=True)


def apply_edits(generated: list[AgendaItem], edits: dict | None) -> Agenda:
    """The generated agenda with the secretary's edits: items left out (``left_out``: refs)
    and any other business added (``aob``: titles)."""
    edits = edits or {}
    left_refs = set(edits.get("left_out") or ())
    kept = [i for i in generated if i.ref not in left_refs]
    dropped = [i for i in generated if i.ref in left_refs]
    for n, title in enumerate(edits.get("aob") or (), start=1):
        text = str(title).strip()
        if text:
            kept.append(AgendaItem("aob", f"aob:{n}", text))
    return Agenda(items=kept, left_out=dropped)
