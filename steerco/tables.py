"""Display-ready tables: labels, words for RAG codes, user-facing column names.

Numbers stay numbers (so tables sort correctly); formatting of numbers is left to the table
widget's column configuration. Plain pandas, no Streamlit.
"""

from __future__ import annotations

import pandas as pd

from steerco.i18n import rag_label, t

WATERMELON_FLAG = "🍉"
STALE_FLAG = "⏰"
DECISION_FLAG = "⚖"


def project_header(row: pd.Series) -> str:
    """Programme · portfolio · Sponsor: … · PM: … · phase · methodology · Priority: …"""
    parts = [
        (None, row.get("programme")),
        (None, row.get("portfolio")),
        ("Sponsor", row.get("sponsor")),
        ("PM", row.get("project_manager")),
        (None, row.get("phase")),
        (None, row.get("methodology")),
        ("Priority", row.get("priority")),
    ]
    return " · ".join(
        f"{t(label)}: {value}" if label else str(value)
        for label, value in parts
        if isinstance(value, str) and value.strip()
    )


def rag_words(series: pd.Series) -> pd.Series:
    return series.map(rag_label)


def _flags(frame: pd.DataFrame) -> pd.Series:
    def one(row) -> str:
        marks = []
        if row.get("watermelon"):
            marks.append(f"{WATERMELON_FLAG} " + t("Watermelon"))
        if row.get("stale"):
            marks.append(f"{STALE_FLAG} " + t("Stale"))
        if row.get("has_decision"):
            marks.append(f"{DECISION_FLAG} " + t("Decision"))
        return " · ".join(marks)

    return frame.apply(one, axis=1) if not frame.empty else pd.Series(dtype=str)


#: Portfolio table: column → (source column, kind). Kinds drive the widget's formatting.
PORTFOLIO_COLUMNS: dict[str, tuple[str, str]] = {
    "ID": ("project_id", "text"),
    "Project": ("name", "text"),
    "Overall": ("overall_rag", "rag"),
    "Overall (computed)": ("overall_rag_computed", "rag"),
    "Schedule": ("schedule_rag", "rag"),
    "Schedule (computed)": ("schedule_rag_computed", "rag"),
    "Budget": ("budget_rag", "rag"),
    "Budget (computed)": ("budget_rag_computed", "rag"),
    "Scope": ("scope_rag", "rag"),
    "Resources": ("resources_rag", "rag"),
    "Risk": ("risk_rag", "rag"),
    "Risk (computed)": ("risk_rag_computed", "rag"),
    "Flags": ("", "text"),
    "Phase": ("phase", "text"),
    "Programme": ("programme", "text"),
    "Project manager": ("project_manager", "text"),
    "Budget (BAC)": ("approved_budget", "money"),
    "EAC": ("eac", "money"),
    "Variance": ("budget_variance_pct", "pct"),
    "Forecast end": ("forecast_end_date", "date"),
    "Slip": ("schedule_slip_days", "days"),
    "% complete": ("percent_complete", "pct0"),
    "Last report": ("report_date", "date"),
}


def portfolio_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per project for the portfolio grid, RAG as words."""
    out = pd.DataFrame(index=frame.index)
    for label, (source, kind) in PORTFOLIO_COLUMNS.items():
        if label == "Flags":
            out[t(label)] = _flags(frame)
        elif kind == "rag":
            out[t(label)] = rag_words(frame[source])
        elif kind == "days":
            out[t(label)] = frame[source].astype("Float64")
        else:
            out[t(label)] = frame[source]
    return out.reset_index(drop=True)


def column_kinds(mapping: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Translated column label → kind, for the table widget."""
    return {t(label): kind for label, (_, kind) in mapping.items()}


CHANGES_COLUMNS: dict[str, tuple[str, str]] = {
    "ID": ("project_id", "text"),
    "Project": ("name", "text"),
    "Was": ("previous_rag", "rag"),
    "Now": ("current_rag", "rag"),
    "Change": ("change", "text"),
}
CHANGE_WORDS = {"worse": "▼ Worse", "better": "▲ Better", "new": "● New", "same": "Same"}


def changes_table(changes: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            t("ID"): changes["project_id"],
            t("Project"): changes["name"],
            t("Was"): rag_words(changes["previous_rag"]),
            t("Now"): rag_words(changes["current_rag"]),
            t("Change"): changes["change"].map(lambda c: t(CHANGE_WORDS.get(c, c))),
        }
    )
    return out.reset_index(drop=True)


RISK_COLUMNS: dict[str, tuple[str, str]] = {
    "Score": ("score", "int"),
    "Risk": ("title", "text"),
    "Project": ("project_name", "text"),
    "P": ("probability", "int"),
    "I": ("impact", "int"),
    "Owner": ("owner", "text"),
    "Status": ("status", "text"),
    "Due": ("due_date", "date"),
}


def _select(frame: pd.DataFrame, mapping: dict[str, tuple[str, str]]) -> pd.DataFrame:
    out = pd.DataFrame({t(label): frame[source] for label, (source, _) in mapping.items()})
    return out.reset_index(drop=True)


def risks_table(raid: pd.DataFrame) -> pd.DataFrame:
    frame = raid.assign(project_name=raid["project_name"].fillna(t("Portfolio level")))
    return _select(frame, RISK_COLUMNS)


RAID_COLUMNS: dict[str, tuple[str, str]] = {
    "ID": ("raid_id", "text"),
    "Type": ("type", "text"),
    "Title": ("title", "text"),
    "Score": ("score", "int"),
    "Owner": ("owner", "text"),
    "Status": ("status", "text"),
    "Due": ("due_date", "date"),
    "Response": ("response", "text"),
}


def raid_table(raid: pd.DataFrame) -> pd.DataFrame:
    return _select(raid, RAID_COLUMNS)


MILESTONE_COLUMNS: dict[str, tuple[str, str]] = {
    "Milestone": ("name", "text"),
    "Project": ("project_name", "text"),
    "Baseline": ("baseline_date", "date"),
    "Forecast": ("forecast_date", "date"),
    "Actual": ("actual_date", "date"),
    "Gate": ("is_gate", "bool"),
}


def milestones_table(milestones: pd.DataFrame, with_project: bool = True) -> pd.DataFrame:
    mapping = dict(MILESTONE_COLUMNS)
    if not with_project:
        mapping.pop("Project")
    out = _select(milestones, mapping)
    if "overdue" in milestones:
        out.insert(
            0,
            t("When"),
            milestones["overdue"]
            .map(lambda o: "⚠ " + t("Overdue") if o else t("Due soon"))
            .to_numpy(),
        )
    slip = (milestones["forecast_date"] - milestones["baseline_date"]).dt.days
    out[t("Slip")] = slip.astype("Float64").to_numpy()
    return out


def milestone_kinds() -> dict[str, str]:
    return column_kinds(MILESTONE_COLUMNS) | {t("Slip"): "days"}


DECISION_COLUMNS: dict[str, tuple[str, str]] = {
    "Project": ("project_name", "text"),
    "Decision asked": ("decision", "text"),
    "Source": ("source", "text"),
    "Since": ("date", "date"),
}


def decisions_table(decisions: pd.DataFrame) -> pd.DataFrame:
    frame = decisions.assign(
        project_name=decisions["project_name"].fillna(t("Portfolio level")),
        source=decisions["source"].map(t),
    )
    return _select(frame, DECISION_COLUMNS)
