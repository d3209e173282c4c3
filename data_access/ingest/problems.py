"""What goes wrong with an input, said so that the person who made the file can fix it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from data_access.said import Said

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding about an input file, located as precisely as the input allows.

    ``row`` is the row number the user sees in Excel (1 = first row of the sheet) or the line
    of the CSV file; ``column`` is the header as written in the file, so that the message
    points at what the user can find, not at Steerco's internal names.

    ``template`` and ``params``, when set, are the message's English text with
    ``{placeholders}`` and their values, so that a page can show it in the user's language
    (:meth:`translated`); data_access cannot call steerco's ``t`` itself.
    ``expected_template`` and ``expected_params`` do the same for ``expected``
    (:meth:`expected_translated`). Values (a cell, a header, a sheet, a file) are params, never
    translated.
    """

    severity: Severity
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    expected: str = ""
    template: str = ""
    params: tuple[tuple[str, str], ...] = ()
    expected_template: str = ""
    expected_params: tuple[tuple[str, str], ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @classmethod
    def translatable(
        cls, severity: Severity, template: str, params: dict[str, object], **where
    ) -> Problem:
        """A problem whose message a page can translate: ``template`` filled with ``params``.

        ``expected`` in ``where`` may be a :class:`~data_access.said.Said`, translated alike."""
        phrase = Said.of(template, **params)
        expected = where.pop("expected", "")
        if isinstance(expected, Said):
            where.update(
                expected=str(expected),
                expected_template=expected.template,
                expected_params=expected.params,
            )
        else:
            where["expected"] = expected
        return cls(severity, str(phrase), template=template, params=phrase.params, **where)

    @classmethod
    def from_error(cls, severity: Severity, error: Exception, **where) -> Problem:
        """A problem saying ``error``: translatable when it was raised with a marked template
        (:meth:`TranslatableError.of`), else in its own words."""
        phrase = getattr(error, "phrase", None)
        if isinstance(phrase, Said):
            return cls.translatable(severity, phrase.template, dict(phrase.params), **where)
        return cls(severity, str(error), **where)

    def translated(self, translate: Callable[..., str]) -> str:
        """The message through ``translate`` (steerco's ``t``) when it has a template."""
        return translate(self.template, **dict(self.params)) if self.template else self.message

    def expected_translated(self, translate: Callable[..., str]) -> str:
        """``expected`` through ``translate`` (steerco's ``t``) when it has a template."""
        if self.expected_template:
            return translate(self.expected_template, **dict(self.expected_params))
        return self.expected

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
        return self.described(self.location())

    def described(self, where: str) -> str:
        """The message after ``where`` (a location, or a form's field), with what was found
        and what was expected."""
        text = f"{where}: {self.message}" if where else self.message
        if self.value:
            text += f" (found {self.value!r}"
            text += f"; expected {self.expected})" if self.expected else ")"
        elif self.expected:
            text += f" (expected {self.expected})"
        return text


#: Row numbers a message covering many rows names before "…".
ROWS_NAMED = 5


def row_list(rows: Sequence[int]) -> str:
    """The first rows a problem covers: "4, 7, 9" or "4, 7, 9, 12, 15, …"."""
    named = ", ".join(str(int(row)) for row in rows[:ROWS_NAMED])
    return named + (", …" if len(rows) > ROWS_NAMED else "")


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


class TranslatableError(ValueError):
    """An error whose message is for the user; raised with :meth:`of` it keeps the template
    and values, so that a page can show it in the user's language (:meth:`Problem.from_error`)."""

    phrase: Said | None = None

    @classmethod
    def of(cls, template: str, /, **params: object):
        """The error with ``template`` (marked with ``N_``) filled with ``params``."""
        phrase = Said.of(template, **params)
        error = cls(str(phrase))
        error.phrase = phrase
        return error


class IngestError(Exception):
    """A file refused as a whole (not a spreadsheet, hostile, too large…)."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def refuse(
    template: str,
    params: dict[str, object] | None = None,
    *,
    file: str = "",
    sheet: str = "",
    expected: str | Said = "",
) -> IngestError:
    """An IngestError for a whole file or sheet; ``raise refuse(N_("..."), {...})``: the
    message is a template (marked with ``N_``) filled with ``params``, so it can be
    translated."""
    return IngestError(
        Problem.translatable(
            ERROR, template, params or {}, file=file, sheet=sheet, expected=expected
        )
    )
