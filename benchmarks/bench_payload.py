"""Benchmark: what each page sends the browser on a warm view, and where a warm script run
spends its time. Prints tables; asserts nothing.

Two measurements, on a store you point it at (default: a copy of /work/large.sqlite):

* payload (``streamlit run`` + Debian's headless Chromium): for every page of the app's
  navigation (read from ``app.py``), the bytes the server sends over the websocket when a user
  switches to the page in the sidebar while its page model is already cached ("first": the
  first time this browser session opens the page; "again": the page opened a second time, when
  Streamlit sends a reference instead of any message of 10 KB or more the browser already
  holds). Every websocket frame is one ``ForwardMsg``; the benchmark decodes them and lists
  each page's largest elements: per Plotly chart its JSON size, traces (hidden ones too),
  points and template size; per table the rows × columns sent.
* script time (AppTest, in process): a warm run of each page split into the page-model fetch
  (``steerco.ui.data.page``), figure building (``steerco.charts``), drawing the charts
  (``st.plotly_chart``: JSON and protobuf serialisation), drawing the tables
  (``st.dataframe``) and the rest (other Streamlit calls, tables' preparation, the frame).

    python benchmarks/bench_payload.py [--url URL] [--pages finance,operations] [--top 6]
        [--repeat 3] [--payload-only | --timing-only] [--json FILE]
"""

from __future__ import annotations

import argparse
import ast
import base64
import functools
import inspect
import io
import json
import os
import pkgutil
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_pages  # noqa: E402

from data_access import engine as store_engine  # noqa: E402

LARGE_STORE = Path("/work/large.sqlite")
#: The page-model cache is warm before any measured view; the warm-up thread stays off so
#: that nothing else runs on the server while a page is measured.
SERVER_ENV = {"STEERCO_WARM_UP": "off"}
#: How long the websocket must stay quiet after the run finished before a view is complete
#: (a page may rerun once to write its URL).
QUIET_S = 0.4
#: Longest wait for one view (a page that never goes quiet is reported as not measured).
STEP_TIMEOUT_S = 120


# -- the app's pages ------------------------------------------------------------------------
@dataclass(frozen=True)
class NavPage:
    name: str  # "finance"
    path: str  # "pages/finance.py"
    title: str  # the navigation link's text
    url: str  # "/finance" ("/" for the default page), or a deep link
    link: bool = True  # opened from the navigation (False: a deep link, loaded)


def nav_pages() -> list[NavPage]:
    """The pages ``app.py`` lists in ``st.navigation``, in its order (every ``st.Page`` call
    with a literal path and a literal ``t("title")``)."""
    tree = ast.parse((ROOT / "app.py").read_text())
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page"):
            continue
        path = node.args[0].value
        keywords = {k.arg: k.value for k in node.keywords}
        title = keywords["title"].args[0].value
        default = "default" in keywords and keywords["default"].value is True
        name = Path(path).stem
        found.append(NavPage(name, path, title, "/" if default else f"/{name}"))
    return sorted(found, key=lambda p: p.name != "overview")  # the default page first


def project_view(url: str) -> NavPage | None:
    """The Project page with the store's first project chosen (its link opens a picker)."""
    import sqlalchemy as sa

    engine = store_engine.create_engine(url)
    with engine.connect() as conn:
        first = conn.execute(sa.text("SELECT MIN(project_id) FROM projects")).scalar_one()
    engine.dispose()
    if first is None:
        return None
    return NavPage("project+id", "pages/project.py", "Project", f"/project?project={first}", False)


# -- decoding what the server sends ------------------------------------------------------
@dataclass
class Element:
    kind: str  # plotly, table, ref, other element type, or a non-element message type
    bytes: int
    what: str = ""
    traces: int = 0
    hidden: int = 0
    points: int = 0
    template: int = 0
    rows: int = 0
    columns: int = 0


@dataclass
class View:
    page: str
    frames: int = 0
    bytes: int = 0
    elements: list[Element] = field(default_factory=list)

    def bytes_of(self, kind: str) -> int:
        return sum(e.bytes for e in self.elements if e.kind == kind)


TRACE_ARRAYS = ("x", "y", "z", "values", "labels", "lat", "lon", "r", "theta", "base")


def _length(values: Any) -> int:
    """Values of a trace's array: a list, or Plotly's typed array (base64 ``bdata``)."""
    if isinstance(values, list):
        return len(values)
    if isinstance(values, dict) and "bdata" in values:
        import numpy as np

        raw = base64.b64decode(values["bdata"])
        return len(raw) // np.dtype(values.get("dtype", "f8")).itemsize
    return 0


def _plotly(spec: str, size: int) -> Element:
    figure = json.loads(spec)
    layout = figure.get("layout", {})
    title = layout.get("title", {})
    title = title.get("text", "") if isinstance(title, dict) else str(title)
    traces = figure.get("data", [])
    points = 0
    for trace in traces:
        points += max((_length(trace.get(a)) for a in TRACE_ARRAYS), default=0)
    hidden = sum(1 for trace in traces if trace.get("visible") in ("legendonly", False))
    template = len(json.dumps(layout.get("template", {}), separators=(",", ":")))
    return Element(
        "plotly", size, title[:48], len(traces), hidden, points, template if template > 2 else 0
    )


def _table(proto: Any, size: int) -> Element:
    import pyarrow as pa

    lazy = proto.HasField("lazy_data")
    raw = proto.lazy_data.initial_chunk.data if lazy else proto.arrow_data.data
    rows = columns = 0
    names: list[str] = []
    if raw:
        table = pa.ipc.open_stream(io.BytesIO(raw)).read_all()
        rows, columns, names = table.num_rows, table.num_columns, table.schema.names
    names = [n for n in names if not n.startswith("__index")]
    what = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
    if lazy:
        what = f"lazy of {proto.lazy_data.row_count:,}: {what}"
    return Element("table", size, what[:48], rows=rows, columns=len(names) or columns)


def decode(payload: bytes) -> tuple[Element, bool]:
    """One websocket frame as an element, and whether it ends a script run."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    msg.ParseFromString(payload)
    size = len(payload)
    kind = msg.WhichOneof("type")
    if kind == "script_finished":
        early = msg.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
        return Element(kind, size), not early
    if kind == "ref_hash":
        return Element("ref", size, "a message the browser already holds"), False
    if kind != "delta" or msg.delta.WhichOneof("type") != "new_element":
        sub = msg.delta.WhichOneof("type") if kind == "delta" else None
        return Element(sub or kind or "?", size), False
    element = msg.delta.new_element
    which = element.WhichOneof("type")
    if which == "plotly_chart":
        return _plotly(element.plotly_chart.spec, size), False
    if which == "dataframe":
        return _table(element.dataframe, size), False
    return Element(which or "element", size), False


class Listener:
    """Every frame the server sends to a browser page, decoded as it arrives."""

    def __init__(self, page: Any) -> None:
        self.elements: list[Element] = []
        self.finished: list[int] = []  # positions in ``elements`` of finished runs
        self.last = time.monotonic()
        page.on("websocket", self._socket)

    def _socket(self, socket: Any) -> None:
        if "_stcore/stream" in socket.url:
            socket.on("framereceived", self._frame)

    def _frame(self, payload: bytes | str) -> None:
        if isinstance(payload, str):
            payload = payload.encode()
        element, done = decode(payload)
        self.elements.append(element)
        self.last = time.monotonic()
        if done:
            self.finished.append(len(self.elements))

    def view(self, page: Any, name: str, act: Callable[[], None]) -> View:
        """What the server sends from ``act`` (a click, a load) until its run has finished
        and the socket has been quiet for :data:`QUIET_S`."""
        from tests.support.browser import wait_for_app

        start, runs = len(self.elements), len(self.finished)
        act()
        deadline = time.monotonic() + STEP_TIMEOUT_S
        while time.monotonic() < deadline:
            page.wait_for_timeout(50)  # Playwright delivers the frames while it waits
            if len(self.finished) > runs and time.monotonic() - self.last > QUIET_S:
                break
        else:
            raise TimeoutError(f"{name}: the run did not finish in {STEP_TIMEOUT_S} s")
        wait_for_app(page, timeout=STEP_TIMEOUT_S * 1000)
        elements = self.elements[start:]
        return View(name, len(elements), sum(e.bytes for e in elements), elements)


def _click(page: Any, title: str) -> Callable[[], None]:
    return _nav(page).get_by_role("link", name=title, exact=True).click


def payload_views(url: str, pages: list[NavPage]) -> list[tuple[View, View | None]]:
    """Per page: (first view in a session, the same page again), page model cached. A deep
    link (a project) is measured as a load of its URL, with no "again"; so is "again" of a
    page that hides the navigation (Present)."""
    from playwright.sync_api import sync_playwright

    from tests.support.app_server import StreamlitServer
    from tests.support.browser import launch_chromium, wait_for_app

    env = {store_engine.DB_URL_ENV: url, **SERVER_ENV}
    views: list[tuple[View, View | None]] = []
    with StreamlitServer(cwd=ROOT, env=env) as server, sync_playwright() as p:
        browser = launch_chromium(p)
        for target in pages:
            home = next(p for p in nav_pages() if p.name not in (target.name, "present"))
            # 1. warm the page model (and any option list) in a session of its own
            warmer = browser.new_page(viewport=VIEWPORT)
            warmer.goto(server.url(target.url))
            wait_for_app(warmer, timeout=STEP_TIMEOUT_S * 1000)
            warmer.close()
            # 2. a new session: open another page, then switch to this one, away, back
            page = browser.new_page(viewport=VIEWPORT)
            listener = Listener(page)
            again = None
            try:
                if not target.link:
                    first = listener.view(page, target.name, _goto(page, server.url(target.url)))
                else:
                    listener.view(page, home.name, _goto(page, server.url(home.url)))
                    first = listener.view(page, target.name, _click(page, target.title))
                    if _nav(page).is_visible():
                        listener.view(page, home.name, _click(page, home.title))
                        again = listener.view(page, target.name, _click(page, target.title))
            except Exception as exc:  # one page's failure leaves the others measured
                print(f"  {target.name}: not measured ({type(exc).__name__}: {exc})"[:300])
                continue
            finally:
                page.close()
            views.append((first, again))
            print(f"  measured {target.name}: {first.bytes:,} B first")
        browser.close()
    return views


def _goto(page: Any, url: str) -> Callable[[], None]:
    return functools.partial(page.goto, url)


def _nav(page: Any) -> Any:
    return page.get_by_test_id("stSidebarNav")


#: The window bench_pages.py times pages in.
VIEWPORT = {"width": 1600, "height": 1000}


# -- server-side time of a warm run ----------------------------------------------------------
PARTS = ("fetch", "figures", "plotly_chart", "dataframe")


class Stopwatch:
    """Time spent in wrapped functions, per part, outermost call only (a figure builder that
    calls another, or a chart drawn inside a fetch, counts once)."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self._local = threading.local()

    def wrap(self, part: str, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            if getattr(self._local, "busy", False):
                return fn(*args, **kwargs)
            self._local.busy = True
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.totals[part] += time.perf_counter() - start
                self._local.busy = False

        return timed

    def install(self) -> None:
        import streamlit as st
        from streamlit.delta_generator import DeltaGenerator

        import steerco.charts
        from steerco.ui import data

        data.page = self.wrap("fetch", data.page)
        for info in pkgutil.iter_modules(steerco.charts.__path__):
            module = __import__(f"steerco.charts.{info.name}", fromlist=["_"])
            for name, fn in vars(module).items():
                if inspect.isfunction(fn) and fn.__module__ == module.__name__:
                    setattr(module, name, self.wrap("figures", fn))
        for name in ("plotly_chart", "dataframe"):
            setattr(st, name, self.wrap(name, getattr(st, name)))
            setattr(DeltaGenerator, name, self.wrap(name, getattr(DeltaGenerator, name)))


def script_times(url: str, pages: list[NavPage], repeat: int) -> dict[str, dict[str, float]]:
    """Per page, the median seconds of each part of a warm run and of the whole run."""
    from streamlit.testing.v1 import AppTest

    os.environ[store_engine.DB_URL_ENV] = url
    os.environ.update(SERVER_ENV)
    os.chdir(ROOT)
    watch = Stopwatch()
    watch.install()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=STEP_TIMEOUT_S)
    bench_pages.run_checked(app)
    found = {}
    for target in pages:
        app.switch_page(target.path)
        app.query_params.clear()
        _, _, query = target.url.partition("?")
        for pair in filter(None, query.split("&")):
            name, _, value = pair.partition("=")
            app.query_params[name] = value
        bench_pages.run_checked(app)  # cold: page models built
        runs = []
        for _ in range(repeat):
            watch.totals.clear()
            total = bench_pages.timed(lambda: bench_pages.run_checked(app))
            runs.append({"total": total, **{p: watch.totals.get(p, 0.0) for p in PARTS}})
        found[target.name] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(f"  timed {target.name}: {found[target.name]['total'] * 1000:.0f} ms")
    return found


# -- reports ------------------------------------------------------------------------------
def _kb(n: int) -> str:
    return f"{n / 1000:,.1f}"


def print_payload(views: list[tuple[View, View]], top: int) -> None:
    print("\nWebsocket bytes of a warm switch to each page (kB; page model cached)")
    head = f"{'page':11} {'first':>8} {'again':>8} {'frames':>6} {'charts':>8} {'tables':>8}"
    print(head + f" {'refs':>6} {'other':>7}")
    for first, again in views:
        charts, tables = first.bytes_of("plotly"), first.bytes_of("table")
        other = first.bytes - charts - tables
        print(
            f"{first.page:11} {_kb(first.bytes):>8} {_kb(again.bytes) if again else '–':>8} "
            f"{first.frames:>6} {_kb(charts):>8} {_kb(tables):>8} "
            f"{_kb(again.bytes_of('ref')) if again else '–':>6} {_kb(other):>7}"
        )
    print(f"\nLargest elements of each page's first view (top {top})")
    print(f"{'page':11} {'kind':7} {'kB':>8}  detail")
    for first, _ in views:
        for e in sorted(first.elements, key=lambda e: -e.bytes)[:top]:
            if e.kind == "plotly":
                detail = (
                    f"{e.traces} traces ({e.hidden} hidden), {e.points:,} points, "
                    f"template {_kb(e.template)} kB · {e.what}"
                )
            elif e.kind == "table":
                detail = f"{e.rows:,} rows × {e.columns} columns · {e.what}"
            else:
                detail = e.what
            print(f"{first.page:11} {e.kind[:7]:7} {_kb(e.bytes):>8}  {detail}")


def print_times(times: dict[str, dict[str, float]]) -> None:
    print("\nServer time of a warm script run (AppTest, median ms)")
    heads = ("total", "fetch", "figures", "charts", "tables", "rest")
    print(f"{'page':11} " + " ".join(f"{h:>7}" for h in heads))
    for name, t in times.items():
        rest = t["total"] - sum(t[p] for p in PARTS)
        print(
            f"{name:11} {t['total'] * 1000:7.0f} {t['fetch'] * 1000:7.0f} "
            f"{t['figures'] * 1000:7.0f} {t['plotly_chart'] * 1000:7.0f} "
            f"{t['dataframe'] * 1000:7.0f} {rest * 1000:7.0f}"
        )


def default_url(tmp: Path) -> str:
    """A copy of the large store (never the original: the app may write to its store)."""
    if not LARGE_STORE.exists():
        raise SystemExit(f"{LARGE_STORE} not found: pass --url")
    from data_access import store

    copy = tmp / "large.sqlite"
    shutil.copyfile(LARGE_STORE, copy)
    url = f"sqlite:///{copy}"
    engine = store_engine.create_engine(url)
    done = store.upgrade_store(engine)  # the file may predate this schema
    engine.dispose()
    if done.backup:
        Path(done.backup).unlink()
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="the store (default: a copy of /work/large.sqlite)")
    parser.add_argument("--pages", help="comma-separated subset (default: every page)")
    parser.add_argument("--top", type=int, default=6, help="largest elements shown per page")
    parser.add_argument("--repeat", type=int, default=3, help="warm script runs per page")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--payload-only", action="store_true")
    only.add_argument("--timing-only", action="store_true")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    pages = nav_pages()
    if args.pages:
        names = [n.strip() for n in args.pages.split(",") if n.strip()]
        unknown = sorted(set(names) - {p.name for p in pages} - {"project+id"})
        if unknown:
            parser.error(f"unknown page(s): {', '.join(unknown)}")
        pages = [p for p in pages if p.name in names]
    tmp = Path(tempfile.mkdtemp(prefix="steerco-payload-"))
    os.environ.setdefault("STEERCO_WARM_FILE", str(tmp / "warm-up.json"))
    url = args.url or default_url(tmp)
    print(f"store: {store_engine.scrub(url, url)}")
    chosen = project_view(url)
    if chosen and (not args.pages or chosen.name in names):
        pages.append(chosen)
    result: dict[str, Any] = {}
    if not args.timing_only:
        views = payload_views(url, pages)
        print_payload(views, args.top)
        result["payload"] = [[asdict(v) if v else None for v in pair] for pair in views]
    if not args.payload_only:
        times = script_times(url, pages, args.repeat)
        print_times(times)
        result["times"] = times
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
