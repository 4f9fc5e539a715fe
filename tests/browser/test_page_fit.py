"""The page fits its box (issue 14): at the default view no panel covers a route, on a laptop, in
a notebook cell and in a 760 px inline embed; panels fold on small maps, sized by the map and not
the window; a route popup on a phone scrolls to its last row; host and embed styles stay apart.

Routes are found from the page's data block (every leg's vertices, as the runtime decodes them)
and projected through the map, so the checks hold however the legs are drawn (SVG or canvas)."""

from __future__ import annotations

import pytest
from page_data import decode

from patrolmap.catalog import load_catalog
from patrolmap.export.embed import embed_html
from patrolmap.render import build_map, save_map
from patrolmap.scene.extent import region_groups

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def page_path(catalog, tmp_path_factory):
    return save_map(catalog, tmp_path_factory.mktemp("fit") / "map.html")


# A report page with hostile styles of its own: heading, body type, a universal rule.
HOST = """<!doctype html><html><head><meta charset="utf-8"><title>host</title><style>
* {{ box-sizing: border-box; font-family: Georgia, serif; letter-spacing: 1px; }}
body {{ margin: 0; font: 19px/1.6 Georgia, serif; color: #420; }}
h1 {{ font-size: 44px; text-transform: uppercase; color: #8b0000; margin: 30px 0; }}
p, li {{ font-size: 21px; }}
button {{ font-size: 26px; background: #fc0; padding: 9px; }}
article {{ width: 760px; margin: 0 auto; }}
</style></head><body><article><h1 id="host-h1">Bombers over the Sea of Japan</h1>
<p id="host-p">The host's text.</p><button id="host-button" type="button">Share</button>
{embed}<p>The article goes on.</p></article></body></html>"""

# A notebook output cell as JupyterLab lays it out, holding the map's own `_repr_html_`.
NOTEBOOK = """<!doctype html><html><head><meta charset="utf-8"><title>notebook</title><style>
body {{ margin: 0; }} .output {{ width: 980px; margin: 20px 0 0 70px; }} {extra}
</style></head><body><div class="output">{repr}</div></body></html>"""


@pytest.fixture(scope="module")
def host_path(catalog, tmp_path_factory):
    path = tmp_path_factory.mktemp("host") / "host.html"
    path.write_text(HOST.format(embed=embed_html(catalog, mode="inline")), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def notebooks(catalog, tmp_path_factory):
    """Two notebook pages: the repr as it is (980 × 620) and in a 500 px high cell."""
    folder, shown = tmp_path_factory.mktemp("notebook"), build_map(catalog)._repr_html_()
    paths = {}
    for name, extra in (("repr", ""), ("short", "iframe { height: 500px !important; }")):
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(NOTEBOOK.format(repr=shown, extra=extra), encoding="utf-8")
    return paths


def default_view_events(catalog) -> list[str]:
    """The events of the region the bundled map opens on (Japan & Korea: all but the Alaska one)."""
    return list(region_groups(catalog)[0].events)


def route_lines(frame, ids: list[str]) -> list[list[list[float]]]:
    """Every route leg of events `ids`, as [lat, lng] vertices, read from the map's data block."""
    data = frame.evaluate("() => window.patrolmaps[0].data")
    lines = []
    for group in data["groups"]:
        for spec in group["layers"]:
            if spec["id"] in ids:
                for f in spec["features"]:
                    if "type" not in f:  # a route leg (layers.py)
                        lines.append(decode(f["c"], data["scale"])[:, ::-1].tolist())
    return lines


# Points along each line (vertices and every tenth of each segment, on screen), in page px: how
# many fall outside the map's box, and those that lie under one of the map's controls.
POINTS_UNDER_CONTROLS = """lines => {
    const m = window.patrolmaps[0].map, box = m.getContainer().getBoundingClientRect();
    const controls = [...m.getContainer().querySelectorAll('.leaflet-control')]
        .map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);
    const hits = [];
    let outside = 0, points = 0;
    lines.forEach(line => {
        const pts = line.map(p => m.latLngToContainerPoint(p));
        for (let i = 1; i < pts.length; i++) for (let k = 0; k <= 10; k++) {
            const x = box.left + pts[i-1].x + (pts[i].x - pts[i-1].x) * k / 10;
            const y = box.top + pts[i-1].y + (pts[i].y - pts[i-1].y) * k / 10;
            points++;
            if (x < box.left || x > box.right || y < box.top || y > box.bottom) { outside++; continue; }
            if (controls.some(r => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom))
                hits.push([Math.round(x), Math.round(y)]);
        }
    });
    return {points, outside, hits: hits.slice(0, 10), covered: hits.length};
}"""


def map_frame(session, where: str):
    """The frame the map runs in: the page itself, or a notebook's iframe."""
    page = session.page
    if where != "notebook":
        return page
    page.locator("iframe").wait_for()
    frame = page.frames[1]
    frame.wait_for_function("() => (window.patrolmaps || []).length", timeout=15000)
    return frame


CASES = {
    "laptop 1366x768": ("page", (1366, 768)),
    "laptop 1024x700": ("page", (1024, 700)),
    "phone 390x844": ("page", (390, 844)),
    "notebook cell 980x620": ("notebook", "repr"),
    "notebook cell 980x500": ("notebook", "short"),
    "inline embed 760 px": ("host", None),
}


@pytest.mark.parametrize("case", CASES)
def test_no_panel_covers_a_route_at_the_default_view(
    case, catalog, page_path, host_path, notebooks, open_page
):
    where, what = CASES[case]
    if where == "page":
        session = open_page(page_path, width=what[0], height=what[1])
    elif where == "notebook":
        session = open_page(notebooks[what], width=1100, height=760, maps=0)
    else:
        session = open_page(host_path, width=1100, height=900)
    frame = map_frame(session, where)
    frame.locator(".pm-timeline").wait_for()
    lines = route_lines(frame, default_view_events(catalog))
    found = frame.evaluate(POINTS_UNDER_CONTROLS, lines)
    assert found["points"] > 1000  # every leg of 18 events was measured
    assert found["outside"] == 0, found  # the view holds every route of the region it opens on
    assert found["covered"] == 0, found


CONTROL_BOXES = """() => {
    const m = window.patrolmaps[0].map, box = m.getContainer().getBoundingClientRect();
    const controls = [...m.getContainer().querySelectorAll('.leaflet-control')]
        .filter(e => e.offsetWidth > 0)
        .map(e => { const r = e.getBoundingClientRect();
            return {name: e.className.split(' ').filter(c => c.startsWith('pm-') || c.startsWith('leaflet-control-'))[0],
                    left: r.left, top: r.top, right: r.right, bottom: r.bottom}; });
    return {map: {left: box.left, top: box.top, right: box.right, bottom: box.bottom}, controls};
}"""


def overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def test_inline_embed_at_760_px_folds_its_panels_and_nothing_overlaps(host_path, open_page):
    page = open_page(host_path, width=1100, height=900).page
    page.locator(".pm-timeline").wait_for()
    boxes = page.evaluate(CONTROL_BOXES)
    width = boxes["map"]["right"] - boxes["map"]["left"]
    assert width == 760  # the article column, in a window 1100 px wide
    for name in (".pm-layers", ".pm-legend", ".pm-time", ".pm-timeline"):
        assert "pm-collapsed" in page.locator(name).get_attribute("class"), name
    controls = boxes["controls"]
    for i, a in enumerate(controls):
        inside = boxes["map"]
        assert inside["left"] <= a["left"] and a["right"] <= inside["right"], a
        assert inside["top"] <= a["top"] and a["bottom"] <= inside["bottom"], a
        for b in controls[i + 1 :]:
            assert not overlap(a, b), (a, b)
    # Opened by the reader, the layer list scrolls within the map, not past it.
    page.locator(".pm-layers .pm-panel-toggle").click()
    layers = page.locator(".pm-layers").evaluate("e => e.getBoundingClientRect().bottom")
    assert layers <= boxes["map"]["bottom"]


def test_panels_fold_by_the_maps_size_not_the_windows(host_path, page_path, open_page):
    # The same 1366 px window: a full page opens its panels, the 760 px embed folds them.
    full = open_page(page_path, width=1366, height=900).page
    assert "pm-collapsed" not in full.locator(".pm-legend").get_attribute("class")
    # There the attribution fits on its line whole: nothing to open, no stop for the keyboard.
    assert full.locator(".leaflet-control-attribution").get_attribute("tabindex") is None
    embed = open_page(host_path, width=1366, height=900).page
    assert "pm-collapsed" in embed.locator(".pm-legend").get_attribute("class")


PHONES = [{"width": 390, "height": 844}, {"width": 360, "height": 640}]
LONG_POPUP = "patrol-2019-07-23"  # the longest popup: a long summary, four participants, sources


def open_route_popup(page, event_id: str) -> None:
    """Show one event alone, frame its first leg and click that leg, as a reader would."""
    lines = route_lines(page, [event_id])
    point = page.evaluate(
        """([id, line]) => { const h = window.patrolmaps[0], m = h.map;
            Object.values(h.layers).forEach(e => { if (e.spec.id !== id) { e.wanted = false; e.layer.remove(); } });
            m.fitBounds(line, {animate: false, padding: [60, 60]});
            const a = m.latLngToContainerPoint(line[0]), b = m.latLngToContainerPoint(line[1]);
            const r = m.getContainer().getBoundingClientRect();
            return [r.left + (a.x + b.x) / 2, r.top + (a.y + b.y) / 2]; }""",
        [event_id, lines[0]],
    )
    page.mouse.click(*point)
    page.locator(".leaflet-popup-content").wait_for(timeout=3000)
    page.wait_for_function(PANNED)


# The popup is open and the map has made the pan that brings it into view (after its first frame).
PANNED = """() => { const m = window.patrolmaps[0].map;
    return !!m._popup && !m._popup._pmPanQueued && !(m._panAnim && m._panAnim._inProgress); }"""


def test_a_popup_is_painted_before_the_map_pans_to_it_and_the_pan_is_one_jump(page_path, open_page):
    """Near the map's edge a popup needs a pan. It shows in the first frame after the click, where
    it was opened; then the map jumps (no animated slide, which re-composites the leg canvases on
    every frame where the browser composites in software), and the whole popup is in view."""
    page = open_page(page_path, width=1000, height=700).page
    lines = route_lines(page, [LONG_POPUP])
    page.evaluate(
        """line => { const h = window.patrolmaps[0], m = h.map;
            m.setView(line[0], 7, {animate: false});
            window.__pan = {animated: false};
            new MutationObserver(() => {
                if (m.getContainer().classList.contains('leaflet-pan-anim')) window.__pan.animated = true;
            }).observe(m.getContainer(), {attributes: true, attributeFilter: ['class']});
            m.on('popupopen', () => {
                const centre = m.getCenter();
                requestAnimationFrame(() => { window.__pan.painted = {
                    popup: !!document.querySelector('.leaflet-popup-content'),
                    still: m.getCenter().equals(centre) }; });
            }); }""",
        lines[0],
    )
    # Open the popup at the bottom-right corner of the map: it cannot fit without a pan.
    page.evaluate(
        """line => { const h = window.patrolmaps[0], m = h.map, s = m.getSize();
            const at = m.containerPointToLatLng([s.x - 40, s.y - 40]);
            h.legs.openPopup(h.legs.all.find(l => l.on && !l.hidden), at); }""",
        lines[0],
    )
    page.wait_for_function(PANNED)
    found = page.evaluate(
        """() => { const r = document.querySelector('.leaflet-popup-content-wrapper').getBoundingClientRect();
            const b = window.patrolmaps[0].map.getContainer().getBoundingClientRect();
            return {pan: window.__pan, inside: r.left >= b.left && r.right <= b.right
                    && r.top >= b.top && r.bottom <= b.bottom}; }"""
    )
    assert found["pan"]["painted"] == {"popup": True, "still": True}, found
    assert found["inside"] and not found["pan"]["animated"], found


@pytest.mark.parametrize("phone", PHONES, ids=lambda p: f"{p['width']}x{p['height']}")
def test_a_long_route_popup_fits_a_phone_and_scrolls_to_its_last_row(page_path, open_page, phone):
    page = open_page(page_path, **phone).page
    open_route_popup(page, LONG_POPUP)
    found = page.evaluate(
        """() => { const c = document.querySelector('.leaflet-popup-content');
            const rect = e => { const r = e.getBoundingClientRect();
                return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
            const box = rect(c), scrolls = c.scrollHeight > c.clientHeight + 1;
            c.scrollTop = c.scrollHeight;
            let last = c; while (last.lastElementChild) last = last.lastElementChild;
            const controls = [...document.querySelectorAll('.leaflet-control')]
                .filter(e => e.offsetWidth > 0).map(rect);
            return {box, scrolls, overflow: getComputedStyle(c).overflowY, last: rect(last),
                    wrapper: rect(document.querySelector('.leaflet-popup-content-wrapper')), controls}; }"""
    )
    wrapper, box, last = found["wrapper"], found["box"], found["last"]
    assert wrapper["left"] >= 0 and wrapper["right"] <= phone["width"], wrapper
    assert wrapper["top"] >= 0 and wrapper["bottom"] <= phone["height"], wrapper
    # Taller than the room it has: it scrolls, and its last row scrolls fully into view.
    assert found["scrolls"] and found["overflow"] in ("auto", "scroll"), found
    assert box["top"] - 0.5 <= last["top"] and last["bottom"] <= box["bottom"] + 0.5, (last, box)
    for control in found["controls"]:  # no panel or button sits over the popup
        assert not overlap(control, wrapper), (control, wrapper)


SCALE_AND_ATTRIBUTION = """() => { const rect = s => { const r = document.querySelector(s).getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
    return [rect('.leaflet-control-scale'), rect('.leaflet-control-attribution')]; }"""


@pytest.mark.parametrize("phone", PHONES, ids=lambda p: f"{p['width']}x{p['height']}")
def test_phone_attribution_is_one_line_opens_whole_and_never_meets_the_scale_bar(
    page_path, open_page, phone
):
    page = open_page(page_path, **phone).page
    attribution = page.locator(".leaflet-control-attribution")
    line = attribution.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    folded = attribution.bounding_box()["height"]
    assert folded < 1.6 * line  # one line, cut short
    assert attribution.get_attribute("tabindex") == "0"  # so it opens from the keyboard too
    scale, credit = page.evaluate(SCALE_AND_ATTRIBUTION)
    assert not overlap(scale, credit), (scale, credit)
    attribution.click()
    assert attribution.bounding_box()["height"] > 1.6 * line  # the whole text, on more lines
    assert "Routes are approximate" in attribution.inner_text()
    scale, credit = page.evaluate(SCALE_AND_ATTRIBUTION)
    assert not overlap(scale, credit), (scale, credit)


STYLES = """e => { const s = getComputedStyle(e);
    return [s.fontSize, s.fontFamily, s.textTransform, s.boxSizing, s.letterSpacing, s.color,
            s.marginTop, s.paddingTop, s.backgroundColor]; }"""
HOST_ELEMENTS = ("#host-h1", "#host-p", "#host-button", "article")


def test_host_styles_stay_out_of_the_embed_and_its_styles_out_of_the_host(
    host_path, open_page, tmp_path
):
    page = open_page(host_path, width=1100, height=900).page
    title = page.locator(".pm-title h1").evaluate(STYLES)
    assert title[2] == "none" and "Georgia" not in title[1] and float(title[0][:-2]) <= 17, title
    assert title[5] == "rgb(34, 34, 34)", title
    for selector in (".pm-title", ".pm-panel-toggle", ".pm-legend", ".leaflet-control-attribution"):
        family, _, sizing, spacing = page.locator(selector).first.evaluate(STYLES)[1:5]
        assert "Georgia" not in family and sizing == "content-box", (selector, family, sizing)
        assert spacing == "normal", (selector, spacing)
    toggle = page.locator(".pm-panel-toggle").first.evaluate(STYLES)
    assert toggle[0] == "12px" and toggle[8] == "rgba(0, 0, 0, 0)", toggle  # not the host's button
    # The host's own elements look exactly as they do on the same page without the embed.
    with_embed = [page.locator(s).evaluate(STYLES) for s in HOST_ELEMENTS]
    bare = tmp_path / "bare.html"
    bare.write_text(HOST.format(embed=""), encoding="utf-8")
    plain = open_page(bare, width=1100, height=900, maps=0).page
    assert with_embed == [plain.locator(s).evaluate(STYLES) for s in HOST_ELEMENTS]
