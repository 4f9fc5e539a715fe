"""Screenshots of the interactive map for docs/: the default view, zoomed to Tsushima, and in print.

    python scripts/map_screenshots.py [OUT_DIR] [--names LANG]

Draws the bundled catalogue's page in headless Chromium (offline, as `patrolmap snapshot` does) and
writes map-default.png and map-tsushima.png, so label placement can be looked at after a change,
and snapshot-a4.png: what `patrolmap snapshot --page a4 --dpi 150` writes (150 dpi rather than
the command's 300 keeps the repository light; the sheet is the same).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from patrolmap.catalog import load_catalog
from patrolmap.export.snapshot import CHROMIUM_ARGS, chromium_path, save_snapshot
from patrolmap.render.build import map_html
from patrolmap.scene.naming import LANGUAGES, Naming

REPO = Path(__file__).resolve().parent.parent
# lat, lon, zoom: the Korea/Tsushima Strait with Tsushima, Iki and the two channels' gate lines.
TSUSHIMA = (34.3, 129.4, 8)
PRINT_PAGE, PRINT_DPI = "a4", 150  # the print sheet: every event, Alaska in an inset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--names", choices=LANGUAGES, default="en")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.names == "en" else f"-{args.names}"
    page = map_html(load_catalog(), naming=Naming(args.names))
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        page_file = Path(tmp) / "map.html"
        page_file.write_text(page, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        context.route("http*://**/*", lambda route: route.abort())
        tab = context.new_page()
        tab.goto(page_file.as_uri())
        tab.wait_for_function("() => (window.patrolmaps || []).length > 0")
        shot = tab.locator(".folium-map")
        shot.screenshot(path=str(out / f"map-default{suffix}.png"))
        lat, lon, zoom = TSUSHIMA
        tab.evaluate(
            f"() => window.patrolmaps[0].map.setView([{lat}, {lon}], {zoom}, {{animate: false}})"
        )
        tab.wait_for_timeout(300)  # let the label layer run after zoomend
        shot.screenshot(path=str(out / f"map-tsushima{suffix}.png"))
        browser.close()
    sheet = out / f"snapshot-{PRINT_PAGE}{suffix}.png"
    save_snapshot(load_catalog(), sheet, page=PRINT_PAGE, dpi=PRINT_DPI, naming=Naming(args.names))
    print(f"wrote {out}/map-default{suffix}.png, map-tsushima{suffix}.png and {sheet.name}")


if __name__ == "__main__":
    main()
