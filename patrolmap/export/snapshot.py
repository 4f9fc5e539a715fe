"""PNG snapshots of the interactive map, drawn by a local headless Chromium through Playwright."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from patrolmap.catalog.model import Catalog
from patrolmap.errors import MissingDependencyError, PatrolmapError
from patrolmap.figure.page import page_size
from patrolmap.join import JoinResult
from patrolmap.scene.naming import DEFAULT_NAMING, Naming

# Keep Chromium off the network and quiet on a closed machine; the page is offline by design, and
# these stop the browser's own update, sync and field-trial traffic.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
)
PLAYWRIGHT_HINT = "install it with: pip install playwright"
CHROMIUM_HINT = "install it with: sudo apt-get install chromium (or set PATROLMAP_CHROMIUM to a Chromium binary)"
TIMEOUT_MS = 30_000
# Print mode is a run-time switch of the one page (js/print.js), set by the address's fragment;
# the runtime marks the map once the sheet is laid out.
PRINT_FLAG = "#print"
PRINT_READY = "[data-pm-print=ready]"
PRINT_DPI = 300  # the usual resolution of print artwork
CSS_PX_PER_INCH = 96
NO_MARGIN = {"top": "0", "right": "0", "bottom": "0", "left": "0"}  # the sheet has its own
# Two animation frames after the runtime reports the map: Leaflet has then laid out every pane.
_SETTLED = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def chromium_path() -> str | None:
    """The Chromium binary: $PATROLMAP_CHROMIUM, else Debian's, else whatever is on PATH."""
    for candidate in (os.environ.get("PATROLMAP_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def save_snapshot(
    selection: Catalog | JoinResult,
    path: str | os.PathLike[str],
    *,
    width: int = 1400,
    height: int = 900,
    scale: float = 2.0,
    page: str | None = None,
    dpi: float = PRINT_DPI,
    title: str | None = None,
    naming: Naming = DEFAULT_NAMING,
) -> Path:
    """Render the interactive map of `selection` (a filtered catalogue, joined or not) in headless
    Chromium and write a PNG of it to `path` (a PDF, with `page`, when `path` ends in .pdf).

    The image is `width` × `height` CSS pixels at `scale` device pixels each. With `page` (a
    figure page preset, figure/page.py, or WxH in inches) it is instead that sheet of paper at
    `dpi`, drawn in the page's print mode (js/print.js): title, map at the selection's fixed
    extent, legend, scale bar and credits, and no controls. The browser has no network: every
    http(s) request is refused. Returns the path. Raises MissingDependencyError (saying what to
    install) without Playwright or Chromium, PatrolmapError if the page fails.
    """
    from patrolmap.atomic import check_output_path, write_atomic
    from patrolmap.render.build import map_html

    pdf = Path(path).suffix.lower() == ".pdf"
    if pdf and not page:
        raise PatrolmapError(f"{path}: a PDF snapshot is a printed sheet; give --page (e.g. a4)")
    shot = print_shot(page, dpi, pdf=pdf) if page else Shot(width, height, scale)
    check_output_path(path)
    sync_playwright, executable = _browser_tools()
    page_html = map_html(selection, title=title, naming=naming)
    with tempfile.TemporaryDirectory(prefix="patrolmap-") as tmp:
        page_file = Path(tmp) / "map.html"
        page_file.write_text(page_html, encoding="utf-8")
        # Playwright's sync API refuses a thread with a running event loop (Jupyter, or another
        # Playwright session); a worker thread of our own never has one.
        with ThreadPoolExecutor(max_workers=1) as worker:
            image = worker.submit(_screenshot, sync_playwright, executable, page_file, shot)
            data = image.result()
    if shot.printed and not shot.pdf:
        data = _with_dpi(data, dpi)
    return write_atomic(path, data)


@dataclass(frozen=True)
class Shot:
    """What to photograph: a viewport of `width` × `height` CSS pixels at `scale` device pixels
    each; `printed`: the page in print mode, the whole sheet rather than the map alone; `pdf`:
    that sheet printed to a one-page PDF (vector, as Chromium prints) rather than a PNG."""

    width: int
    height: int
    scale: float
    printed: bool = False
    pdf: bool = False
    page: str = ""  # the sheet's name as given, for messages


def print_shot(page: str, dpi: float = PRINT_DPI, *, pdf: bool = False) -> Shot:
    """The sheet of `page` (a preset name or WxH in inches) at `dpi`: PatrolmapError if unknown.

    CSS fixes an inch at 96 px whatever the screen, so the viewport is the paper in CSS pixels and
    the device scale turns them into `dpi` (the PNG is within a pixel of the paper × `dpi`)."""
    width_in, height_in = page_size(page)
    return Shot(
        round(width_in * CSS_PX_PER_INCH),
        round(height_in * CSS_PX_PER_INCH),
        dpi / CSS_PX_PER_INCH,
        printed=True,
        pdf=pdf,
        page=page,
    )


def _with_dpi(png: bytes, dpi: float) -> bytes:
    """The PNG with its resolution recorded, so it prints at the paper size it was drawn for."""
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(png)).save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def _browser_tools():
    """Playwright's entry point and the Chromium binary, or MissingDependencyError."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise MissingDependencyError(
            f"playwright: not installed, and snapshots need it; {PLAYWRIGHT_HINT}"
        ) from None
    executable = chromium_path()
    if executable is None:
        raise MissingDependencyError(f"chromium: not found, and snapshots need it; {CHROMIUM_HINT}")
    return sync_playwright, executable


def _screenshot(sync_playwright, executable: str, page_file: Path, shot: Shot) -> bytes:
    from playwright.sync_api import Error as PlaywrightError

    errors: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(
                    viewport={"width": shot.width, "height": shot.height},
                    device_scale_factor=shot.scale,
                )
                context.route("http*://**/*", lambda route: route.abort())
                page = context.new_page()
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto(page_file.as_uri() + (PRINT_FLAG if shot.printed else ""))
                page.wait_for_function(
                    "() => (window.patrolmaps || []).length > 0", timeout=TIMEOUT_MS
                )
                if shot.printed:
                    sheet = page.wait_for_selector(
                        PRINT_READY, state="attached", timeout=TIMEOUT_MS
                    )
                    if sheet is None or sheet.get_attribute("data-pm-print-fits") != "true":
                        raise PatrolmapError(
                            f"--page {shot.page}: the title, map, legend and credits do not all "
                            "fit on this sheet; use a larger page (a4, letter, or a bigger WxH)"
                        )
                page.evaluate(_SETTLED)
                if errors:
                    raise PatrolmapError(
                        f"{executable}: the map page failed in Chromium ({errors[0]}); "
                        "please report it with the command you ran"
                    )
                if shot.pdf:  # the sheet as laid out on screen, on paper of the same size
                    page.emulate_media(media="screen")
                    size = {"width": f"{shot.width}px", "height": f"{shot.height}px"}
                    return page.pdf(**size, print_background=True, margin=NO_MARGIN)
                if shot.printed:  # the whole sheet: header, map and footer
                    return page.screenshot(type="png", timeout=TIMEOUT_MS)
                return page.locator(".folium-map").screenshot(type="png", timeout=TIMEOUT_MS)
            finally:
                browser.close()
    except PlaywrightError as exc:
        detail = errors[0] if errors else str(exc).splitlines()[0]
        raise PatrolmapError(
            f"{executable}: Chromium could not render the map ({detail}); check that it runs "
            "headless, or set PATROLMAP_CHROMIUM to another Chromium binary"
        ) from None
