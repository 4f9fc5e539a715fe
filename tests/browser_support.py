"""Headless Chromium for tests: one browser per session, a fresh page per test, offline by force.

Debian's chromium is driven through Playwright (no browser download is possible on these machines).
Under CI a missing browser fails the run; on a developer machine the browser tests skip with the
command that installs it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# The same binary and the same no-network flags as `patrolmap snapshot` (folium-pitfalls.md §5).
from patrolmap.export.snapshot import CHROMIUM_ARGS, chromium_path

INSTALL_HINT = "install it with: sudo apt-get install chromium && pip install playwright"

# Resolves after the next frame has run (a redraw scheduled with requestAnimationFrame is done).
NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"

# The most opaque pixel (0-255) that any drawn canvas matching `selector` has within 2 px of the
# client point x, y.
CANVAS_INK = """([selector, x, y]) => { let most = 0;
    for (const c of document.querySelectorAll(selector)) {
        if (!c.width) continue;  // an empty canvas (the highlight one with nothing to show)
        const r = c.getBoundingClientRect(), k = c.width / r.width;
        const px = c.getContext('2d').getImageData(Math.round((x - r.left - 2) * k),
                                                   Math.round((y - r.top - 2) * k), 5 * k, 5 * k).data;
        for (let i = 3; i < px.length; i += 4) most = Math.max(most, px[i]);
    }
    return most; }"""


def ink(page, selector: str, point) -> int:
    """CANVAS_INK at a client point [x, y]."""
    return page.evaluate(CANVAS_INK, [selector, *point])


@pytest.fixture
def tiny_page(make_catalog, tmp_path) -> Path:
    """The page of catalog_factory's small catalogue (route-cross along 30.5°N, route-dateline
    across 180° at 60.5°N)."""
    from patrolmap.catalog import load_catalog
    from patrolmap.render import save_map

    return save_map(load_catalog(make_catalog()), tmp_path / "tiny.html")


@dataclass
class PageSession:
    """A page plus everything it reported: console errors, page errors, requests, dialogs."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL that is not file: or data:
    dialogs: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.console_errors == [], self.console_errors
        assert self.page_errors == [], self.page_errors
        assert self.requests == [], self.requests
        assert self.dialogs == [], self.dialogs


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        path = None
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"Chromium or Playwright is missing under CI; {INSTALL_HINT}")
        pytest.skip(f"browser tests need Chromium and Playwright; {INSTALL_HINT}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    """Open a local file in a fresh context and record what it does; closes at teardown."""
    contexts = []

    def open_(
        path: Path,
        *,
        width: int = 1400,
        height: int = 900,
        scale: float = 1,
        maps: int = 1,
        fragment: str = "",
    ) -> PageSession:
        context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=scale
        )
        contexts.append(context)
        page = context.new_page()
        session = PageSession(page)
        page.on("console", lambda m: _console(session, m))
        page.on("pageerror", lambda e: session.page_errors.append(str(e)))
        page.on("dialog", lambda d: (session.dialogs.append(d.message), d.dismiss()))

        def on_request(request):
            if not request.url.startswith(("file:", "data:", "about:")):
                session.requests.append(request.url)

        page.on("request", on_request)
        # Belt and braces: anything that tries the network is recorded above and then refused here.
        context.route("http*://**/*", lambda route: route.abort())
        page.goto(Path(path).resolve().as_uri() + fragment)  # fragment: "#print", print mode
        if maps:
            page.wait_for_function(
                f"() => (window.patrolmaps || []).length >= {maps}", timeout=15000
            )
        return session

    yield open_
    for context in contexts:
        context.close()


def described(page) -> None:
    """Wait until the page's text description is built: timeline.js builds its lists after the
    map's first frame, a few rows a task, and marks it aria-busy until it is done."""
    page.locator("section.pm-text:not([aria-busy])").wait_for(state="attached")


def _console(session: PageSession, message) -> None:
    if message.type == "error":
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            session.csp_violations.append(text)
        session.console_errors.append(text)
