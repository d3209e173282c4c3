"""The data dictionary, generated from the schema declaration (docs/data-dictionary.md)."""

from __future__ import annotations

from data_access import schema

TYPE_WORDS = {
    schema.ColumnType.TEXT: "text",
    schema.ColumnType.INTEGER: "whole number",
    schema.ColumnType.NUMBER: "number",
    schema.ColumnType.MONEY: "amount",
    schema.ColumnType.PERCENT: "percentage 0–100",
    schema.ColumnType.DATE: "date",
    schema.ColumnType.DATETIME: "date and time",
    schema.ColumnType.BOOLEAN: "yes/no",
    schema.ColumnType.RAG: "RAG (G/A/R)",
}


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def _rules(col: schema.Column) -> str:
    rules = []
    if col.key:
        rules.append("**key**")
    if col.required:
        rules.append("required")
    if col.allowed:
        rules.append("one of: " + ", ".join(col.allowed))
    if col.minimum is not None and col.maximum is not None:
        rules.append(f"{col.minimum:g}–{col.maximum:g}")
    elif col.minimum is not None:
        rules.append(f"≥ {col.minimum:g}")
    return "; ".join(rules)


def markdown() -> str:
    lines = [
        "# Steerco data dictionary",
        "",
        "Generated from `data_access/schema.py` by `steerco dictionary`; do not edit by hand.",
        f"Schema version {schema.SCHEMA_VERSION}. In a workbook, the sheet name is the dataset",
        "name; headers may use the column name or any listed alias (case, spaces and accents",
        "are ignored).",
        "",
    ]
    for ds in schema.DATASETS:
        lines += [
            f"## {ds.name} — {ds.title}",
            "",
            ds.help + (f" Key: {', '.join(ds.keys)}." if ds.keys else ""),
            "",
            "| column | type | rules | meaning | also accepted as |",
            "|---|---|---|---|---|",
        ]
        for col in ds.columns:
            lines.append(
                f"| `{col.name}` | {TYPE_WORDS[col.type]} | {_escape(_rules(col))} | "
                f"{_escape(col.help)} | {_escape(', '.join(col.aliases))} |"
            )
        lines.append("")
    return "\n".join(lines)
