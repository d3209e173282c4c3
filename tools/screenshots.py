"""Take screenshots of every page in headless Chromium (for review and for the README).

    python tools/screenshots.py [--out docs/screenshots] [--db URL] [--full] [--tabs]
        [--size 1280x720] [--as-of 2026-11-10] [--pages overview,finance] [--lang fr]

Starts `streamlit run app.py` on a fresh sample store (or --db), opens each page at projector
size (1600×1000 by default, or --size; --full for the whole height) and writes one PNG per
page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data_access import engine as store_engine  # noqa: E402
from data_access import store  # noqa: E402
from steerco import i18n  # noqa: E402
from tests.support.app_server import StreamlitServer  # noqa: E402
from tests.support.browser import launch_chromium, wait_for_app  # noqa: E402

PAGES = {
    "overview": "/",
    "portfolio": "/portfolio",
    "project": "/project?project=PRJ-004",
    "project-picker": "/project",
    "empty-filter": "/portfolio?programme=Cybersecurity&phase=Closed&rag=G",
    "unknown-project": "/project?project=PRJ-999",
    "finance": "/finance",
    "risks": "/risks",
    "roadmap": "/roadmap",
    "operations": "/operations",
    "resources": "/resources",
    "vendors": "/vendors",
    "demand": "/demand",
    "audit": "/audit",
    "users": "/users",
    "report": "/report?project=PRJ-002",
    "report-new": "/report?project=PRJ-005",
    "report-returned": "/report?project=PRJ-005",
    "report-check": "/report?rpt_sections=PMO+check",
    "report-completeness": "/report?rpt_sections=Completeness",
    "meeting": "/meeting",
    "present": "/present",
    "meeting-decisions": "/meeting?mtg_sections=Decisions",
    "meeting-actions": "/meeting?mtg_sections=Actions",
    "meeting-compare": "/meeting?mtg_sections=Compare",
    "export": "/export",
    "data": "/data",
}
#: The later tabs of the pages that have them (``--tabs``): page → (URL parameter, labels).
TABS = {
    "finance": ("fin_tab", ("Where the money goes", "Multi-year plan", "At completion")),
    "risks": ("rk_tab", ("Overdue actions and ageing", "Risks over time", "RAID register")),
    "roadmap": ("rm_tab", ("Gates due", "Slipped milestones", "Milestone trend")),
    "operations": ("ops_tab", ("Backlog and trend", "Incidents and causes", "Changes")),
    "resources": ("rs_tab", ("Over-allocation", "Internal and external")),
}
VIEWPORT = {"width": 1600, "height": 1000}


def _shots() -> dict[str, str]:
    """Every later tab as its own screenshot: name → path with the tab in the URL."""
    shots = {}
    for page, (param, labels) in TABS.items():
        for label in labels:
            slug = label.lower().replace(" ", "-")
            shown = quote_plus(i18n.t(label))  # the tab as the chosen language names it
            shots[f"{page}-tab-{slug}"] = f"{PAGES[page]}?{param}={shown}"
    return shots


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--db", default=None)
    parser.add_argument("--full", action="store_true", help="whole page height, not one screen")
    parser.add_argument("--tabs", action="store_true", help="also every later tab of a page")
    parser.add_argument("--size", default=None, help="viewport WIDTHxHEIGHT, e.g. 1280x720")
    parser.add_argument("--as-of", default=None, help="every page as of this date (YYYY-MM-DD)")
    parser.add_argument("--pages", default=None, help="only these shots, comma-separated")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=None, help="?lang= on every page")
    args = parser.parse_args()
    viewport = dict(VIEWPORT)
    if args.size:
        width, height = (int(v) for v in args.size.lower().split("x"))
        viewport = {"width": width, "height": height}
    args.out.mkdir(parents=True, exist_ok=True)
    url = args.db
    if url is None:
        url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'shots.sqlite'}"
        store.load_sample(store_engine.create_engine(url), source="screenshots")

    from playwright.sync_api import sync_playwright

    with (
        StreamlitServer(
            cwd=ROOT,
            env={store_engine.DB_URL_ENV: url},
            extra_args=["--client.toolbarMode", "minimal"],
        ) as server,
        sync_playwright() as p,
    ):
        browser = launch_chromium(p)
        with i18n.speaking(args.lang or i18n.DEFAULT_LANGUAGE):
            shots = {**PAGES, **(_shots() if args.tabs else {})}
        if args.pages:
            shots = {k: v for k, v in shots.items() if k in args.pages.split(",")}
        if args.as_of:
            shots = {
                k: v + ("&" if "?" in v else "?") + f"as_of={quote_plus(args.as_of)}"
                for k, v in shots.items()
            }
        if args.lang:
            shots = {
                k: v + ("&" if "?" in v else "?") + f"lang={args.lang}" for k, v in shots.items()
            }
        for name, path in shots.items():
            page = browser.new_page(viewport=viewport)
            page.goto(server.url(path))
            wait_for_app(page)
            page.wait_for_timeout(1500)  # let plotly finish its transitions
            if args.full:
                height = page.evaluate(
                    "document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
                )
                page.set_viewport_size(
                    {"width": viewport["width"], "height": max(viewport["height"], height)}
                )
                page.wait_for_timeout(800)
            target = args.out / f"{name}.png"
            page.screenshot(path=str(target))
            print(f"wrote {target}")
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
