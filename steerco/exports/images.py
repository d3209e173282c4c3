"""Charts as pictures for slides: PNG and SVG from the same plotly figure the page shows.

kaleido 1.x drives a Chromium. Starting one costs seconds, so a ``ChartRenderer`` keeps one
browser for a whole batch (the steering pack), and ``render`` reuses one process-wide
renderer for single downloads. When no Chromium can be found the caller gets
``ChromiumMissing``, whose message says how to install it — never a traceback.
"""

from __future__ import annotations

import atexit
import os
import shutil
import threading
import time
import warnings
from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

from steerco.charts.slides import SLIDE_HEIGHT_PX, SLIDE_WIDTH_PX

#: Rendering scale: the picture has SCALE × the layout's pixels, sharp on a 4K projector
#: while fonts keep the size they have in the layout.
SCALE = 2
FORMATS = ("png", "svg")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = "apt-get install -y chromium  (Debian/Ubuntu; or set BROWSER_PATH to a Chrome)"


class ChromiumMissing(RuntimeError):
    """No browser for kaleido; the message is for the user."""


class RenderFailed(RuntimeError):
    """kaleido could not render a chart; the message is for the user."""


def chromium_path() -> str | None:
    """The browser kaleido will use: ``BROWSER_PATH`` or a Chromium/Chrome on PATH."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    path = chromium_path()
    if path is None:
        raise ChromiumMissing(
            "Chart pictures need Chromium, which is not installed on this machine. "
            f"Install it with: {INSTALL_HINT}"
        )
    return path


@dataclass(frozen=True)
class Picture:
    data: bytes
    fmt: str
    width_px: int
    height_px: int


class ChartRenderer:
    """One kaleido browser for many charts: ``with ChartRenderer() as r: r.render(fig)``."""

    _lock = threading.Lock()  # kaleido's sync server is one per process

    def __init__(self, *, keep_figures: bool = False) -> None:
        self._started = False
        #: (figure, width, height, seconds) of every render when ``keep_figures`` (benchmarks).
        self.rendered: list[tuple[go.Figure, int, int, float]] | None = [] if keep_figures else None

    def __enter__(self) -> ChartRenderer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        if self._started:
            return
        os.environ.setdefault("BROWSER_PATH", require_chromium())
        import kaleido

        try:
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        except TypeError:  # older kaleido 1.x without silence_warnings
            kaleido.start_sync_server(mathjax=False)
        except RuntimeError as exc:
            if "already" not in str(exc).lower():
                raise RenderFailed(f"Could not start the chart renderer: {exc}") from None
        self._started = True

    def stop(self) -> None:
        if not self._started:
            return
        import kaleido

        try:
            kaleido.stop_sync_server(silence_warnings=True)
        except TypeError:
            kaleido.stop_sync_server()
        except RuntimeError:
            pass
        self._started = False

    def render(
        self,
        fig: go.Figure,
        fmt: str = "png",
        *,
        width: int = SLIDE_WIDTH_PX,
        height: int = SLIDE_HEIGHT_PX,
        scale: int = SCALE,
    ) -> Picture:
        if fmt not in FORMATS:
            raise ValueError(f"format {fmt!r}: choose one of {', '.join(FORMATS)}")
        self.start()
        started = time.perf_counter()
        with self._lock, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "kopts ignored when using a server"
            try:
                data = pio.to_image(fig, format=fmt, width=width, height=height, scale=scale)
            except Exception as exc:  # kaleido reports browser trouble in many shapes
                raise RenderFailed(f"The chart could not be drawn: {exc}") from None
        if self.rendered is not None:
            self.rendered.append((fig, width, height, time.perf_counter() - started))
        factor = scale if fmt == "png" else 1
        return Picture(data, fmt, width * factor, height * factor)


_shared: ChartRenderer | None = None
_shared_lock = threading.Lock()


def shared_renderer() -> ChartRenderer:
    """A renderer kept for the whole process (single downloads from the pages)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ChartRenderer()
            _shared.start()
            atexit.register(_shared.stop)
        return _shared


def render(fig: go.Figure, fmt: str = "png", **size) -> Picture:
    return shared_renderer().render(fig, fmt, **size)
