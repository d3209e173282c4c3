"""The app's frame: page configuration, the store check, running the navigation.

``app.py`` lists the pages and hands ``st.navigation`` to ``run``. Every page script starts
with ``page_entry()``: on a freshly started server Streamlit resolves a deep link
(``/portfolio?rag=R``) by its automatic discovery of ``pages/`` and runs the page script
alone, without ``app.py`` — no page configuration, no navigation, no store check — until
some session has run ``app.py`` once. ``page_entry`` notices that and runs ``app.py``
instead, which opens the same page inside the app.
"""

from __future__ import annotations

import logging
import runpy
import sys
import threading
from pathlib import Path

import streamlit as st

from data_access import access
from steerco.charts import memo
from steerco.ui import auth, components, data, language, present, url_state

APP_SCRIPT = Path(__file__).resolve().parents[2] / "app.py"

#: Set while ``run`` runs a page, per script thread (each session's script has its own).
_running = threading.local()


#: Streamlit's own "Download as CSV" on every table writes cells as they are, formulas
#: included; tables are downloaded through their "Download" menu instead (formula injection
#: neutralised, .xlsx with types), so the built-in one is hidden.
HIDE_BUILTIN_CSV = (
    "<style>[data-testid='stElementToolbar'] button[aria-label='Download as CSV']"
    "{display: none;}</style>"
)


#: The server's console log of Steerco's own modules (the warm-up, an upgrade of the store, a
#: refused write): operators read it beside Streamlit's. Never a credential: URLs are masked.
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
APP_LOGGERS = ("steerco", "data_access")


class _Console(logging.StreamHandler):
    """The ``sys.stderr`` of the moment each line is written (a test runner swaps it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


@st.cache_resource(show_spinner=False)
def console_log() -> None:
    """Once per process: Steerco's INFO and above to the server's stderr."""
    handler = _Console()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    for name in APP_LOGGERS:
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)


def configure() -> None:
    """Page configuration, settings and the store (created on first start; only the embedded
    store is seeded with the sample)."""
    console_log()
    memo.enable()  # a page model's figures are built once, not on every rerun
    st.set_page_config(page_title="Steerco", page_icon=":material/monitoring:", layout="wide")
    language.settle(data.settings())  # this user's, before any text is written
    st.html(HIDE_BUILTIN_CSV + components.SIDE_BY_SIDE_CSS + language.streamlit_words_css())
    present.chrome_if_asked()  # ?present=1: the room sees no sidebar, header or toolbar
    auth.require_sign_in()  # before the store: a visitor not signed in sees nothing of it
    data.engine()  # a clear message, not a traceback, when the store cannot be reached
    data.empty_store_notice()  # an empty store says how to load data


def may_read_audit() -> bool:
    """Whether this session's user may open the Audit page (listed only for them)."""
    return access.allowed(auth.identity(), access.AUDIT)


def may_manage_users() -> bool:
    """Whether this session's user may open the Users page (admins)."""
    return access.allowed(auth.identity(), access.USERS)


def run(navigation) -> None:
    """Run the page ``st.navigation`` picked, marked as running inside the app."""
    _running.active = True
    # a page's first run replaces its URL entry; later changes push one (Back undoes them)
    url_state.start_run(navigation.url_path)
    language.switch(data.settings())
    try:
        navigation.run()
    finally:
        _running.active = False


def page_entry() -> None:
    """First call of every page script: make sure the page runs inside the app."""
    if getattr(_running, "active", False):
        return
    runpy.run_path(str(APP_SCRIPT), run_name="__main__")
    st.stop()
