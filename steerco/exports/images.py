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
#: Size of the blank picture drawn to bring the browser up.
WARM_UP_PX = 10
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


def _server_running() -> bool:
    try:
        from kaleido._sync_server import GlobalKaleidoServer

        return bool(GlobalKaleidoServer().is_running())
    except Exception:  # a kaleido without this (private) API: assume nothing runs
        return False


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
        self._owns_server = False
        self._starting: threading.Thread | None = None
        self._start_error: BaseException | None = None
        #: Seconds the browser took to start, and seconds a render had to wait for it.
        self.start_s = 0.0
        self.waited_s = 0.0
        #: (figure, width, height, seconds) of every render when ``keep_figures`` (benchmarks).
        self.rendered: list[tuple[go.Figure, int, int, float]] | None = [] if keep_figures else None

    def __enter__(self) -> ChartRenderer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start_in_background(self) -> None:
        """Start the browser in a thread and return at once: the seconds it takes to start
        overlap with whatever the caller does next; the first ``render`` waits for it.
        A missing Chromium is still reported here, synchronously."""
        if self._started or self._starting is not None:
            return
        require_chromium()

        def start() -> None:
            try:
                self.start()
            except BaseException as exc:  # re-raised in the thread that renders
                self._start_error = exc

        self._starting = threading.Thread(target=start, name="chart-renderer-start", daemon=True)
        self._starting.start()

    def _wait_for_start(self) -> None:
        starting = self._starting
        if starting is None or threading.current_thread() is starting:
            return
        waited = time.perf_counter()
        starting.join()
        self.waited_s += time.perf_counter() - waited
        self._starting = None
        if self._start_error is not None:
            error, self._start_error = self._start_error, None
            raise error

    def start(self) -> None:
        self._wait_for_start()
        if self._started:
            return
        begun = time.perf_counter()
        os.environ.setdefault("BROWSER_PATH", require_chromium())
        import kaleido

        # Another renderer's browser (kaleido's server is one per process): use, never stop it.
        self._owns_server = not _server_running()
        try:
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        except TypeError:  # older kaleido 1.x without silence_warnings
            kaleido.start_sync_server(mathjax=False)
        except RuntimeError as exc:
            if "already" not in str(exc).lower():
                raise RenderFailed(f"Could not start the chart renderer: {exc}") from None
            self._owns_server = False
        # kaleido launches the browser on the first picture: draw a tiny one now, so that the
        # start really happens here (and in the background with ``start_in_background``).
        with self._lock, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                pio.to_image(go.Figure(), format="png", width=WARM_UP_PX, height=WARM_UP_PX)
            except Exception as exc:
                raise RenderFailed(f"Could not start the chart renderer: {exc}") from None
        self._started = True
        self.start_s = time.perf_counter() - begun

    def stop(self) -> None:
        self._wait_for_start()
        if not self._started:
            return
        self._started = False
        if not self._owns_server:
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
                # SVG is vector: its nominal size is the layout's, whatever the PNG scale.
                factor = scale if fmt == "png" else 1
                data = pio.to_image(fig, format=fmt, width=width, height=height, scale=factor)
            except Exception as exc:  # kaleido reports browser trouble in many shapes
                raise RenderFailed(f"The chart could not be drawn: {exc}") from None
        if self.rendered is not None:
            self.rendered.append((fig, width, height, time.perf_counter() - started))
        return Picture(data, fmt, width * factor, height * factor)


_shared: ChartRenderer | None = None
_shared_lock = threading.Lock()


def shared_renderer(*, wait: bool = True) -> ChartRenderer:
    """A renderer kept for the whole process (downloads from the pages, packs built in the
    app). ``wait=False`` starts its browser in the background and returns at once."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ChartRenderer()
            _shared.start_in_background()
            atexit.register(stop_shared_renderer)
        renderer = _shared
    if wait:
        renderer.start()
    return renderer


def stop_shared_renderer() -> None:
    """Close the process-wide browser (at exit; tests that need a clean process)."""
    global _shared
    with _shared_lock:
        renderer, _shared = _shared, None
    if renderer is not None:
        renderer.stop()


def warm_up() -> None:
    """Start the shared browser now (in the background) so the first picture is quick;
    does nothing without Chromium (the caller shows the install hint)."""
    if chromium_path() is not None:
        shared_renderer(wait=False)


def render(fig: go.Figure, fmt: str = "png", **size) -> Picture:
    return shared_renderer().render(fig, fmt, **size)
