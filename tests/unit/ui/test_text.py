"""Values from data and links are escaped before a Markdown message shows them."""

from __future__ import annotations

from steerco.ui.text import WORD_JOINER as WJ
from steerco.ui.text import literal


def test_markdown_marks_are_escaped():
    assert literal("**bold** _it_ `code` ~del~") == r"\*\*bold\*\* \_it\_ \`code\` \~del\~"
    assert literal("[x](javascript:alert(1))") == rf"\[x\](javascript:{WJ}alert(1))"
    assert literal("![x](http://evil.example/x.png)") == (rf"!\[x\](http:{WJ}//evil.example/x.png)")
    assert literal(":red[alert] $x^2$") == rf":{WJ}red\[alert\] \$x^2\$"
    assert literal('<a href="x">m</a>') == r'\<a href="x"\>m\</a\>'
    assert literal("&amp; &#91; R&D") == r"\&amp; \&#91; R&D"
    assert literal("a|b {c}") == r"a\|b \{c\}"


def test_autolinks_short_codes_and_icons_are_broken_by_a_word_joiner():
    """GitHub's autolinks are found after escapes are resolved: only the joiner stops them."""
    assert literal("see http://evil.example") == f"see http:{WJ}//evil.example"
    assert literal("WWW.evil.example") == f"WWW{WJ}.evil.example"
    assert literal("ann@evil.example") == f"ann@{WJ}evil.example"
    assert literal(":material/home: :smile:") == f":{WJ}material/home: :{WJ}smile:"


def test_a_mark_that_would_start_a_block_is_escaped():
    assert literal("# title") == r"\# title"
    assert literal("> quote") == r"\> quote"
    assert literal("- item") == r"\- item"
    assert literal("+ item") == r"\+ item"
    assert literal("=====") == r"\====="
    assert literal("1. first") == r"1\. first"
    assert literal("2) second") == r"2\) second"
    assert literal("    indented code") == "indented code"
    assert literal("---") == r"\---"


def test_figures_that_start_no_block_are_left_as_they_are():
    for figure in ("0.95", "-3.5 %", "+12 d", "#5", "2026-05-01", "1.5 d"):
        assert literal(figure) == figure


def test_lines_are_joined_or_kept_as_markdown_line_breaks():
    assert literal("# title\nline") == r"\# title line"
    assert literal("done\n- next\n\nend", lines=True) == "done  \n\\- next  \n  \nend"


def test_plain_text_stays_readable():
    assert literal("ERP 2026") == "ERP 2026"
    assert literal("PRJ-001 · Budget (EUR) +3.5 %: ok") == "PRJ-001 · Budget (EUR) +3.5 %: ok"
    assert literal(42) == "42"
    assert literal("") == ""
