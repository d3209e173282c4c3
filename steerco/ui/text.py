"""Text that came from data, a URL, a file name or a user, shown as text.

Streamlit's messages (``st.warning``, ``st.info``…) render Markdown: a link value such as
``[click](https://…)`` or ``**urgent**`` would become a link or bold text. :func:`literal`
escapes every Markdown mark so the value reads exactly as it was given.
"""

from __future__ import annotations

import re

#: Characters that start or end Markdown (and Streamlit's own :colour[...] and $math$).
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def literal(value: object) -> str:
    """``value`` as text with every Markdown mark escaped (shown, never interpreted)."""
    return _MARKDOWN.sub(r"\\\1", str(value)).replace("\n", " ")
