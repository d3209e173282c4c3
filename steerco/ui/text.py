"""Text that came from data, a URL, a file name or a user, shown as text.

Streamlit renders Markdown in nearly every element that shows text: messages (``st.warning``,
``st.info``…), captions, titles, subheaders, metric labels and values, expander, tab, button,
page-link, radio and pills labels, tooltips. A value such as ``[click](https://…)``,
``![x](https://…/x.png)`` (the browser fetches the image), ``:red[alert]``, ``$x^2$`` or
``**urgent**`` would become a link, an image, colour, LaTeX or bold text. :func:`literal`
makes any value read exactly as it was given. (Select boxes and multiselects show their
options as plain text: they take the raw value. Raw HTML is never rendered: no page passes
``unsafe_allow_html``.)

What it does, and why each part is needed (checked in Chromium against Streamlit 1.67):

- a backslash before every mark of an inline construct: emphasis and code (``* _ ` ~``), links
  and images (``[ ]``), HTML and autolinks (``< >``), math (``$``), directives (``{ }``),
  tables (``|``) and the backslash itself; ``&`` where it would start an entity (``&amp;``);
- an invisible word joiner (U+2060) after a ``:`` or ``@`` followed by a character, and after
  ``www``: GitHub's *autolink literals* (``http://…``, ``www.…``, ``ann@example.com``) are found
  in the text *after* backslash escapes are resolved, so escaping cannot stop them; the joiner
  does, and it also stops Streamlit's ``:material/icon:`` and ``:emoji:`` short codes;
- the mark that would start a block at the start of a line (``# > - + =`` or ``1.``) escaped;
- line breaks made spaces (or Markdown line breaks with ``lines=True``).
"""

from __future__ import annotations

import re

#: Marks of inline Markdown (and Streamlit's $math$, :colour[...] and {attributes}).
_INLINE = re.compile(r"([\\`*_~\[\]<>$|{}])")
#: An ``&`` that would start a character reference (``&amp;``, ``&#91;``, ``&#x5b;``).
_ENTITY = re.compile(r"&(?=#?\w+;)")
#: Where an autolink literal, a short code or a material icon would start.
_AUTOLINK = re.compile(r"(?<=[:@])(?=\S)|(?i:(?<=www))(?=\.)")
WORD_JOINER = "\u2060"
#: What starts a block at the start of a line: a heading, a quote, a list item, a thematic
#: break or setext underline (figures such as "0.95" or "-3 %" start none).
_BLOCK_START = re.compile(r"#{1,6}(?=\s|$)|[-+](?=\s|$)|>|[-=]+\s*$|\d{1,9}(?=[.)](\s|$))")


def _line(text: str) -> str:
    text = _INLINE.sub(r"\\\1", text.strip())
    text = _ENTITY.sub(r"\\&", text)
    text = _AUTOLINK.sub(WORD_JOINER, text)
    start = _BLOCK_START.match(text)
    if start is None:
        return text
    cut = start.end() if text[0].isdigit() else 0  # "1." is escaped after the number
    return f"{text[:cut]}\\{text[cut:]}"


def literal(value: object, *, lines: bool = False) -> str:
    """``value`` as text with every Markdown mark neutralised (shown, never interpreted).

    Line breaks become spaces, or with ``lines`` Markdown line breaks (a report's text)."""
    parts = [_line(part) for part in str(value).splitlines()] or [""]
    return ("  \n" if lines else " ").join(parts)
