"""What goes wrong with an input, said so that the person who made the file can fix it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding about an input file, located as precisely as the input allows.

    ``row`` is the row number the user sees in Excel (1 = first row of the sheet) or the line
    of the CSV file; ``column`` is the header as written in the file, so that the message
    points at what the user can find, not at Steerco's internal names.
    """

    severity: Severity
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    expected: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        if self.value:
            text += f" (found {self.value!r}"
            text += f"; expected {self.expected})" if self.expected else ")"
        elif self.expected:
            text += f" (expected {self.expected})"
        return text


@dataclass
class Problems:
    """An ordered collection of problems with the counts a summary needs."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.is_error]

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.items)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class IngestError(Exception):
    """A file refused as a whole (not a spreadsheet, hostile, too large…)."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def refuse(message: str, *, file: str = "", sheet: str = "", expected: str = "") -> IngestError:
    """An IngestError for a whole file or sheet; ``raise refuse(...)``."""
    return IngestError(Problem(ERROR, message, file=file, sheet=sheet, expected=expected))
