"""The server console's log of Steerco's own modules (``steerco.ui.shell``)."""

from __future__ import annotations

import io
import logging
import sys

from steerco.ui import shell


def _line(text: str) -> logging.LogRecord:
    return logging.LogRecord("steerco.ui.warm", logging.INFO, __file__, 1, text, None, None)


def test_each_line_goes_to_the_stderr_of_the_moment(monkeypatch):
    """A stream swapped after the handler was made (a test runner's capture, closed since)
    never receives a line, and the current one does."""
    handler = shell._Console()
    handler.setFormatter(logging.Formatter("%(message)s"))
    first, second = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    handler.emit(_line("warmed 3 page model(s)"))
    first.close()
    monkeypatch.setattr(sys, "stderr", second)
    handler.emit(_line("warmed 4 page model(s)"))
    assert second.getvalue() == "warmed 4 page model(s)\n"
