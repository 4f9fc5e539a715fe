"""Phones and embeds (issue 14): popups fit a phone, panels fold, attribution clear of the scale bar,
an inline embed sized by its own map and untouched by the host page's styles, no focus box on click."""

from __future__ import annotations

import pytest

from patrolmap.catalog import load_catalog
from patrolmap.export.embed import embed_html
from patrolmap.render import save_map

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
EVENT = "patrol-2024-07-24"


@pytest.fixture(scope="module")
def bundled_map(tmp_path_factory):
    return save_map(load_catalog(), tmp_path_factory.mktemp("phone") / "map.html")


def click_route(page, event_id: str) -> None:
    """Show only one event and click the middle of its second leg segment, as a reader would."""
    page.evaluate(
        """id => Object.values(window.patrolmaps[0].layers).forEach(e => {
            if (e.spec.id !== id) { e.wanted = false; e.layer.remove(); }
        })""",
        event_id,
    )
    point = page.evaluate(
        """id => { const handle = window.patrolmaps[0], m = handle.map;
                   const p = handle.layers[id].legs[0].latLngs();
                   m.fitBounds(L.latLngBounds(p), {animate: false, padding: [40, 40]});
                   const a = m.latLngToContainerPoint(p[1]), b = m.latLngToContainerPoint(p[2]);
                   const r = m.getContainer().getBoundingClientRect();
                   return [r.left + (a.x + b.x) / 2, r.top + (a.y + b.y) / 2]; }""",
        event_id,
    )
    page.mouse.click(*point)
    page.locator(".leaflet-popup-content").wait_for(timeout=3000)
    # The map pans the popup into view with an animation: measure once it has settled.
    page.wait_for_function(
        "() => { const m = window.patrolmaps[0].map; return !(m._panAnim && m._panAnim._inProgress); }"
    )


def rect(page, selector: str) -> dict:
    return page.locator(selector).first.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }"
    )


def overlaps(a: dict, b: dict) -> bool:
    return not (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


def test_route_popup_fits_a_390_px_phone(bundled_map, open_page):
    page = open_page(bundled_map, **PHONE).page
    click_route(page, EVENT)
    popup = rect(page, ".leaflet-popup-content-wrapper")
    assert popup["right"] - popup["left"] <= PHONE["width"]
    assert popup["left"] >= 0 and popup["right"] <= PHONE["width"], popup


def test_panels_start_folded_on_a_phone_date_panel_too(bundled_map, open_page):
    page = open_page(bundled_map, **PHONE).page
    for panel in (".pm-layers", ".pm-legend", ".pm-time"):
        assert "pm-collapsed" in page.locator(panel).get_attribute("class"), panel
    assert not page.locator(".pm-range").first.is_visible()
    page.locator(".pm-time .pm-panel-toggle").click()
    assert page.locator(".pm-range").first.is_visible()  # and it unfolds


@pytest.mark.parametrize(
    "size", [PHONE, {"width": 360, "height": 640}, {"width": 1366, "height": 768}]
)
def test_attribution_never_covers_the_scale_bar(bundled_map, open_page, size):
    page = open_page(bundled_map, **size).page
    scale, attribution = (
        rect(page, ".leaflet-control-scale"),
        rect(page, ".leaflet-control-attribution"),
    )
    assert not overlaps(scale, attribution), (scale, attribution)


def test_clicked_route_has_no_focus_box_but_keyboard_focus_shows(bundled_map, open_page):
    page = open_page(bundled_map).page
    click_route(page, EVENT)
    outline = "() => { const e = document.activeElement; const s = getComputedStyle(e);"
    outline += " return [e.tagName, s.outlineStyle, s.outlineWidth]; }"
    tag, style, _ = page.evaluate(outline)
    assert style == "none", (tag, style)
    # From the keyboard the same elements show where focus is.
    page.keyboard.press("Escape")
    page.locator(".leaflet-popup").wait_for(state="detached")  # its close button fades out first
    page.keyboard.press("Tab")
    tag, style, width = page.evaluate(outline)
    assert style != "none" and width != "0px", (tag, style, width)


HOST = """<!doctype html><html><head><meta charset="utf-8"><title>host</title>
<style>
body {{ margin: 0; font: 20px Georgia, serif; color: #a00; letter-spacing: 3px; }}
h1 {{ font-size: 60px; text-transform: uppercase; color: red; margin: 40px; }}
p, li {{ color: green; font-size: 30px; }}
.article {{ width: 800px; margin: 0 auto; }}
</style></head><body><h1>Host headline</h1><div class="article">{embed}</div>
<p id="host-p">Host paragraph.</p></body></html>"""


@pytest.fixture(scope="module")
def host_page(tmp_path_factory):
    catalog = load_catalog()  # every event: a layer list longer than the map is tall
    path = tmp_path_factory.mktemp("host") / "host.html"
    path.write_text(HOST.format(embed=embed_html(catalog, mode="inline")), encoding="utf-8")
    return path


def test_inline_embed_panels_stay_within_its_map(host_page, open_page):
    # A tall window and an 800 px article: the map (4:3, 600 px high) is far smaller than the window.
    page = open_page(host_page, width=1400, height=1400).page
    # The map is too small for its panels open: they start folded. Open, they stay within it.
    for toggle in page.locator(".pm-panel-toggle").all():
        if toggle.get_attribute("aria-expanded") == "false":
            toggle.click()
    page.locator(".pm-layers .pm-panel-body").wait_for()
    box = rect(page, ".patrolmap-embed-map")
    for panel in (".pm-layers", ".pm-legend", ".pm-title"):
        inner = rect(page, panel)
        assert box["top"] <= inner["top"] and inner["bottom"] <= box["bottom"] + 0.5, (
            panel,
            inner,
            box,
        )
        assert box["left"] <= inner["left"] and inner["right"] <= box["right"] + 0.5, (
            panel,
            inner,
            box,
        )


def test_host_styles_do_not_leak_into_the_embed_nor_out_of_it(host_page, open_page):
    page = open_page(host_page, width=1400, height=1000).page
    title = page.locator(".pm-title h1").evaluate(
        "e => { const s = getComputedStyle(e); return [s.fontSize, s.textTransform, s.color]; }"
    )
    # The map's own size for a title on an 800 px map (patrolmap.css), not the host's 60 px.
    assert title == ["15px", "none", "rgb(34, 34, 34)"], title
    host_h1 = page.locator("body > h1").evaluate(
        "e => { const s = getComputedStyle(e); return [s.fontSize, s.textTransform]; }"
    )
    assert host_h1 == ["60px", "uppercase"]  # the embed's styles did not restyle the host
    host_p = page.locator("#host-p").evaluate("e => getComputedStyle(e).fontSize")
    assert host_p == "30px"
