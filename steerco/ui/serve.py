"""``steerco serve``: Streamlit's own server for ``app.py``, with the warm-up started the moment
the server runs instead of at its first visitor.

Streamlit (``streamlit run app.py``) runs nothing of the app before a browser connects, so the
first person to open Steerco after a restart would wait for every page model their page needs.
``steerco serve`` is the same server, started in the same process as a small thread that waits
for Streamlit's runtime and then creates this server's :class:`~steerco.ui.warm.Warmer`
(``steerco.ui.data``): it opens the store (creating or upgrading it as a first visit would),
reads the page models asked for before the restart (``data/warm-up.json``) and builds them into
the shared cache for the current data version. A visitor who arrives meanwhile waits for the
page model being built (the single flight), never for a second computation of it.

Every option after ``serve`` goes to ``streamlit run`` unchanged (``--server.port 8501`` …).
``streamlit run app.py`` still works; it warms at the first visit.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from streamlit.runtime import Runtime
from streamlit.runtime.runtime import RuntimeState

from data_access import engine as store_engine
from steerco.ui import warm

log = logging.getLogger(__name__)

APP = Path(__file__).resolve().parents[2] / "app.py"
#: How long the warm-up waits for Streamlit's runtime to run (seconds).
RUNTIME_WAIT_S = 120.0
_RUNNING = (RuntimeState.NO_SESSIONS_CONNECTED, RuntimeState.ONE_OR_MORE_SESSIONS_CONNECTED)


def runtime_running() -> bool:
    return Runtime.exists() and Runtime.instance().state in _RUNNING


def warm_when_running(wait: float = RUNTIME_WAIT_S, poll: float = 0.1) -> bool:
    """Wait for the runtime (its cache is the one the pages read), then start the warmer.
    Returns whether it was started; a store that cannot be opened is logged (scrubbed), and
    the first visitor gets the page's own message."""
    deadline = time.monotonic() + wait
    while not runtime_running():
        if time.monotonic() > deadline:
            log.warning("warm-up: Streamlit's runtime did not start within %.0f s", wait)
            return False
        time.sleep(poll)
    # imported only now: Streamlit's caches warn when their module is read before the runtime
    from steerco.ui import data
    from steerco.ui.shell import console_log

    console_log()
    url = store_engine.resolve_url()
    try:
        started = data.start_warm_up(url)
    except Exception as exc:  # the store is down or refused: the pages say why, no traceback
        reason = store_engine.scrub(str(exc).splitlines()[0] if str(exc) else "", url)
        log.warning("warm-up: the store could not be opened: %s %s", type(exc).__name__, reason)
        return False
    preload()
    return started


#: The packages the pages import (the first visitor's run would import them).
PRELOADED = ("steerco.views", "steerco.charts", "steerco.ui")


def preload() -> int:
    """Import what the pages import, and have plotly load the validators of the trace types
    the charts use: the first visitor's run would otherwise spend a second or two on them.
    Returns how many modules were imported; one that fails is logged and skipped."""
    started, count = time.perf_counter(), 0
    for name in PRELOADED:
        package = importlib.import_module(name)
        for info in pkgutil.iter_modules(package.__path__, prefix=f"{name}."):
            try:
                importlib.import_module(info.name)
                count += 1
            except Exception:  # logged for the operator; the page says its own message
                log.warning("preload of %s failed", info.name, exc_info=True)
    import plotly.graph_objects as go

    traces = [
        go.Bar(x=[1], y=[1]),
        go.Scatter(x=[1], y=[1]),
        go.Heatmap(z=[[1]]),
        go.Pie(values=[1]),
        go.Waterfall(x=["a"], y=[1]),
    ]
    go.Figure(traces).update_layout(title="warm-up").to_json()
    log.info("preloaded %d modules in %.1f s", count, time.perf_counter() - started)
    return count


def main(streamlit_args: Sequence[str]) -> int:
    """Run ``streamlit run app.py *streamlit_args`` here, with the warm-up thread beside it."""
    if warm.enabled():
        threading.Thread(target=warm_when_running, name="steerco-serve-warm", daemon=True).start()
    from streamlit.web import cli as streamlit_cli

    sys.argv = ["streamlit", "run", str(APP), *streamlit_args]
    try:
        streamlit_cli.main(prog_name="streamlit")
    except SystemExit as done:  # click ends with SystemExit
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0
