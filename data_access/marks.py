"""``N_``: marks a text for the translation catalogue where it is defined.

A label kept in a constant (a column's heading, an allowed value, a band's name) is translated
where it is shown, by ``steerco.i18n.t(constant)``; ``N_`` returns the text unchanged and only
tells Babel's extractor (tools/i18n.py) that the text belongs in the catalogue. It lives here,
below steerco, so that data_access can mark its own texts without importing steerco.
"""

from __future__ import annotations


def N_(text: str) -> str:
    return text
