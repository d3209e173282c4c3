"""Running ``steerco`` in tests exactly as a shell would, and reading what it printed."""

from __future__ import annotations

from steerco import cli


def run(capsys, *argv: object) -> tuple[int, str, str]:
    """``steerco ARGV…``: the exit status, standard output and standard error."""
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def no_traceback(*texts: str) -> None:
    """No Python traceback in what the command printed."""
    for text in texts:
        assert "Traceback" not in text and 'File "' not in text
