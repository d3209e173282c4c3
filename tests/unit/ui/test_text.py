"""Values from data and links are escaped before a Markdown message shows them."""

from __future__ import annotations

from steerco.ui.text import literal


def test_markdown_marks_are_escaped():
    assert literal("**bold** _it_ `code`") == r"\*\*bold\*\* \_it\_ \`code\`"
    assert literal("[x](javascript:alert(1))") == r"\[x\]\(javascript\:alert\(1\)\)"
    assert literal(":red[alert] $x$") == r"\:red\[alert\] \$x\$"
    assert literal("# title\nline") == r"\# title line"


def test_plain_text_stays_readable():
    assert literal("ERP 2026") == "ERP 2026"
    assert literal(42) == "42"
