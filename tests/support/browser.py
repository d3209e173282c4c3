"""Drive Debian's Chromium through Playwright (no ``playwright install`` needed).

Usage::

    reason = chromium_unavailable_reason()
    if reason:
        pytest.skip(reason)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page()
        page.goto(server.base_url)
        wait_for_app(page)
        assert_no_exception(page)
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

__all__ = [
    "CHROMIUM_ARGS",
    "STEP_TIMEOUT_MS",
    "VIEWPORT",
    "Shots",
    "assert_no_exception",
    "chromium_path",
    "chromium_unavailable_reason",
    "click_first_grid_row",
    "download_from_menu",
    "launch_chromium",
    "upload_file",
    "wait_for_app",
    "wait_for_charts",
]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # root in CI, and no user namespaces in containers
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

#: Projector size, the browser tests' default.
VIEWPORT = {"width": 1600, "height": 1000}
#: Playwright's wait for one step (a Streamlit rerun on 2 busy cores can take a while).
STEP_TIMEOUT_MS = 60_000
#: The Overview's tiles: projects, red, EAC, watermelons, stale reports, decisions required,
#: overdue actions (of the committee).
OVERVIEW_TILES = 7
#: Height of a header or body row in Streamlit's data grid.
ROW_PX = 35
#: Where screenshots go when this environment variable names a folder (for looking at pages).
SHOTS_ENV = "STEERCO_SHOTS"

APP_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SKELETONS = '[data-testid^="stSkeleton"], [data-testid="stAppSkeleton"]'
CHART = '[data-testid="stPlotlyChart"]'
EXCEPTION = '[data-testid="stException"]'


def chromium_path() -> str | None:
    """Debian's Chromium (``/usr/bin/chromium``) or ``chromium`` on PATH."""
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def chromium_unavailable_reason() -> str | None:
    """A human-readable reason why browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except Exception as exc:
        return f"playwright is not importable ({exc}); pip install playwright"
    if chromium_path() is None:
        return (
            "Chromium not found at /usr/bin/chromium or on PATH; install Debian's "
            "`chromium` package (apt-get install -y chromium fonts-dejavu-core)"
        )
    return None


def launch_chromium(playwright: Any, **kwargs: Any) -> Any:
    """Launch headless Chromium; ``playwright`` is the object from ``sync_playwright()``."""
    path = chromium_path()
    if path is None:
        raise RuntimeError(chromium_unavailable_reason() or "Chromium not found")
    args = [*CHROMIUM_ARGS, *kwargs.pop("args", [])]
    kwargs.setdefault("headless", True)
    return playwright.chromium.launch(executable_path=path, args=args, **kwargs)


def wait_for_app(page: Any, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script and no skeleton remains.

    Use after ``page.goto``. After a click, wait for the content you expect instead: the
    script-state flag can still read ``notRunning`` before the rerun has begun.
    """
    page.wait_for_function(
        """([done, skeletons]) =>
            document.querySelector(done) !== null
            && document.querySelector(skeletons) === null""",
        arg=[APP_DONE, SKELETONS],
        timeout=timeout,
        polling=100,
    )


def wait_for_charts(page: Any, count: int = 1, timeout: float = 60_000) -> None:
    """Wait until at least ``count`` Plotly charts have drawn their SVG."""
    # Count charts, not SVGs: Plotly draws more than one .main-svg per chart.
    page.wait_for_function(
        """([charts, svg, n]) =>
            [...document.querySelectorAll(charts)].filter(c => c.querySelector(svg)).length >= n""",
        arg=[CHART, ".main-svg", count],
        timeout=timeout,
        polling=100,
    )


def assert_no_exception(page: Any) -> None:
    """Fail with the exception text if Streamlit shows an exception box."""
    boxes = page.locator(EXCEPTION)
    n = boxes.count()
    if n:
        texts = "\n---\n".join(boxes.nth(i).inner_text() for i in range(n))
        raise AssertionError(f"Streamlit shows {n} exception(s) on {page.url}:\n{texts}")


#: A download's click is retried this often, each time waiting this long for the file.
DOWNLOAD_TRIES = 3
DOWNLOAD_WAIT_MS = 20_000


def download_from_menu(page: Any, menu: Any, item: str) -> bytes:
    """Open a download menu (a popover), click its ``item`` button and return the file.

    The menu's buttons are built by the rerun its opening starts; a click that lands while
    that rerun is still being drawn is dropped by the page, so — as a user would — the click
    is repeated (at most ``DOWNLOAD_TRIES`` times).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    button = page.get_by_test_id("stPopoverBody").get_by_role("button", name=item)
    # A menu left open by an earlier download stays open (a click would close it); a click
    # on a menu during a rerun may not open it: click until its buttons show.
    for attempt in range(DOWNLOAD_TRIES):
        if button.is_visible():
            break
        menu.click()
        try:
            button.wait_for(timeout=DOWNLOAD_WAIT_MS)
        except PlaywrightTimeout:
            if attempt == DOWNLOAD_TRIES - 1:
                raise
    wait_for_app(page)
    for attempt in range(DOWNLOAD_TRIES):
        try:
            with page.expect_download(timeout=DOWNLOAD_WAIT_MS) as info:
                button.click()
            break
        except PlaywrightTimeout:
            if attempt == DOWNLOAD_TRIES - 1:
                raise
    page.keyboard.press("Escape")
    with open(info.value.path(), "rb") as f:
        return f.read()


def upload_file(page: Any, path: str | os.PathLike[str]) -> None:
    """Put a file in the page's (one) file uploader, as a drop would."""
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))


def click_first_grid_row(page: Any, grid: Any) -> None:
    """Click the first body row of a data grid (drawn on a canvas: by its position)."""
    grid.wait_for()
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 14, box["y"] + ROW_PX + ROW_PX / 2)


class Shots:
    """Numbered screenshots of a page, ``<prefix>-NN-<name>.png``, in the folder named by
    ``STEERCO_SHOTS``; nothing without it."""

    def __init__(self, page: Any, prefix: str) -> None:
        self.page = page
        self.prefix = prefix
        self.folder = os.environ.get(SHOTS_ENV)
        self.n = 0

    def __call__(
        self, name: str, sizes: tuple[tuple[int, int], ...] = (), focus: Any = None
    ) -> None:
        """The whole page; or, with ``sizes``, the window at each (width, height), the page
        laid out again for it and scrolled to ``focus`` (a locator) if given, then the window
        as it was."""
        if not self.folder:
            return
        self.n += 1
        Path(self.folder).mkdir(parents=True, exist_ok=True)
        stem = f"{self.folder}/{self.prefix}-{self.n:02d}-{name}"
        if not sizes:
            self.page.screenshot(path=f"{stem}.png", full_page=True)
            return
        before = self.page.viewport_size
        for width, height in sizes:
            self.page.set_viewport_size({"width": width, "height": height})
            self.page.wait_for_timeout(500)  # the layout follows the window
            wait_for_app(self.page)
            if focus is not None:
                focus.scroll_into_view_if_needed()
            self.page.screenshot(path=f"{stem}-{width}x{height}.png")
        self.page.set_viewport_size(before)


def choose(page: Any, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label`` (Streamlit's searchable select)."""
    box = page.get_by_role("combobox", name=label, exact=True).filter(visible=True)
    box.click()
    page.keyboard.type(option)  # a click may only focus the box; typing opens and filters it
    page.get_by_role("option", name=option, exact=True).click()
