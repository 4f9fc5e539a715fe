"""Screenshots of the bundled map as a newsroom would publish it (issue 14), into docs/examples/.

    python scripts/page_screenshots.py [OUTDIR]

Desktop (1366 × 768), a small laptop (1024 × 700), a phone (390 × 844, also with a route popup
open), an inline embed in a 760 px article column of a host page with its own styles, and the map
as a Jupyter notebook shows it (its `_repr_html_` iframe in a 980 px output cell). Headless Debian
Chromium, offline.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from patrolmap.catalog import load_catalog
from patrolmap.export.embed import embed_html
from patrolmap.export.snapshot import CHROMIUM_ARGS, chromium_path
from patrolmap.render import build_map, save_map

HOST = """<!doctype html><html><head><meta charset="utf-8"><title>Report</title><style>
body {{ margin: 0; font: 18px/1.5 Georgia, serif; color: #333; background: #fdfcf8; }}
h1 {{ font-size: 40px; text-transform: uppercase; color: #8b0000; }}
article {{ width: 760px; margin: 0 auto; }}</style></head><body><article>
<h1>Bombers over the Sea of Japan</h1><p>A report page with its own styles; the map below is an
inline embed.</p>{embed}<p>The article goes on below the map.</p></article></body></html>"""

# A notebook as JupyterLab lays it out: an input cell, then the output area holding the map's
# `_repr_html_`, 980 px wide.
NOTEBOOK = """<!doctype html><html><head><meta charset="utf-8"><title>notebook</title><style>
body {{ margin: 0; background: #fff; font: 13px/1.3 system-ui, sans-serif; }}
.cell {{ display: flex; width: 1060px; margin: 16px auto 0; }}
.prompt {{ flex: 0 0 64px; color: #307fc1; font: 13px monospace; padding: 6px 8px 0 0; text-align: right; }}
.input {{ flex: 1; background: #f5f5f5; border: 1px solid #e0e0e0; padding: 6px 8px; font: 13px monospace; }}
.output {{ flex: 0 0 980px; }}
</style></head><body>
<div class="cell"><div class="prompt">[3]:</div><div class="input">from patrolmap.catalog import load_catalog<br>
from patrolmap.render import build_map<br>build_map(load_catalog())</div></div>
<div class="cell"><div class="prompt">[3]:</div><div class="output">{repr}</div></div>
</body></html>"""


def main() -> None:
    from playwright.sync_api import sync_playwright

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/examples")
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        page_path = save_map(catalog, Path(tmp) / "map.html")
        host = Path(tmp) / "host.html"
        host.write_text(HOST.format(embed=embed_html(catalog, mode="inline")), encoding="utf-8")
        notebook = Path(tmp) / "notebook.html"
        notebook.write_text(NOTEBOOK.format(repr=build_map(catalog)._repr_html_()), "utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            for name, width, height in (("desktop", 1366, 768), ("laptop-1024", 1024, 700)):
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(page_path.as_uri())
                page.wait_for_function("() => (window.patrolmaps || []).length")
                page.screenshot(path=out / f"page-{name}.png")
                page.close()
            page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            page.goto(page_path.as_uri())
            page.wait_for_function("() => (window.patrolmaps || []).length")
            page.screenshot(path=out / "page-phone.png")
            page.evaluate(
                """() => { const h = window.patrolmaps[0];
                    h.legs.openPopup(h.layers['patrol-2019-07-23'].legs[0]); }"""
            )
            page.wait_for_timeout(600)  # the pan that brings the popup into view
            page.screenshot(path=out / "page-phone-popup.png")
            page.close()
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(host.as_uri())
            page.wait_for_function("() => (window.patrolmaps || []).length")
            page.screenshot(path=out / "page-embed.png", full_page=True)
            page.close()
            page = browser.new_page(viewport={"width": 1100, "height": 760})
            page.goto(notebook.as_uri())
            page.frame_locator("iframe").locator(".pm-timeline").wait_for()
            page.wait_for_timeout(300)
            page.screenshot(path=out / "page-jupyter.png")
            browser.close()


if __name__ == "__main__":
    main()
