"""Print mode (`snapshot --page`, issue 14): the page as a sheet of paper, checked through the DOM.

The same page opens in print mode with "#print" in its address: no control is visible; the title,
legend, scale bar and credits are all on the sheet; the map holds a fixed extent, and a selection
spanning regions gets an inset for each region the main map leaves out.
"""

from __future__ import annotations

import pytest

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.export.snapshot import PRINT_FLAG, print_shot
from patrolmap.render import save_map

pytestmark = pytest.mark.browser

A4 = print_shot("a4")
ALASKA = "patrol-2024-07-24"

# Everything a reader could click, type into or drag, and every panel that holds such things.
CONTROLS = (
    "button, input, select, textarea, summary, details, [role=button], [role=group], [tabindex], "
    ".leaflet-control-zoom, .pm-layers, .pm-time, .pm-views, .pm-timeline, .pm-text-box"
)
VISIBLE_CONTROLS = f"""() => [...document.querySelectorAll({CONTROLS!r})]
    .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
    .map(e => e.outerHTML.slice(0, 80))"""
# A piece of the sheet: its box in CSS px, and whether it is drawn at all.
BOXES = """selectors => selectors.map(s => [...document.querySelectorAll(s)].map(e => {
    const r = e.getBoundingClientRect();
    return {selector: s, left: r.left, top: r.top, right: r.right, bottom: r.bottom,
            drawn: e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'};
})).flat()"""
SHEET = [
    ".pm-sheet-head .pm-title h1",
    ".pm-sheet-head .pm-title p",
    ".pm-sheet-keys > .pm-legend",
    ".pm-sheet-keys > .pm-legend .pm-legend-row",
    ".pm-inset figcaption",
    ".pm-print .leaflet-control-scale",
    ".pm-print .pm-scale-note",
    ".pm-sheet-foot > .leaflet-control-attribution",
    ".pm-print .pm-map-label.pm-shown",
]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    return save_map(load_catalog(), tmp_path_factory.mktemp("print") / "map.html")


def open_sheet(open_page, path, shot=A4):
    """The page in print mode on `shot`'s sheet, once the sheet (and any inset) is laid out."""
    session = open_page(path, width=shot.width, height=shot.height, fragment=PRINT_FLAG)
    session.page.wait_for_selector("[data-pm-print=ready]", state="attached")
    return session


def test_the_page_shows_its_controls_without_the_flag(bundled, open_page):
    # The check below finds controls when they are there: the ordinary page has dozens.
    page = open_page(bundled, width=A4.width, height=A4.height).page
    assert len(page.evaluate(VISIBLE_CONTROLS)) > 20
    assert page.locator(".pm-sheet").count() == 0


def test_print_mode_hides_every_control(bundled, open_page):
    session = open_sheet(open_page, bundled)
    session.assert_clean()
    page = session.page
    assert page.evaluate(VISIBLE_CONTROLS) == []
    # The main map and its inset: neither can be moved.
    movable = page.evaluate(
        """() => window.patrolmaps.map(h => [h.map.dragging, h.map.scrollWheelZoom,
            h.map.doubleClickZoom, h.map.boxZoom, h.map.keyboard, h.map.touchZoom]
            .some(handler => handler.enabled()))"""
    )
    assert movable == [False, False]


@pytest.mark.parametrize("name", ["a4", "letter-landscape"])
def test_print_sheet_holds_title_legend_scale_and_credits_inside_the_page(name, bundled, open_page):
    shot = print_shot(name)
    page = open_sheet(open_page, bundled, shot).page
    assert page.locator("[data-pm-print-fits=true]").count() == 1  # what the snapshot checks
    boxes = page.evaluate(BOXES, SHEET)
    assert {b["selector"] for b in boxes} == set(SHEET)
    for box in boxes:
        assert box["drawn"], box["selector"]
        assert box["right"] > box["left"] and box["bottom"] > box["top"], box
        assert box["left"] >= 0 and box["right"] <= shot.width, box
        assert box["top"] >= 0 and box["bottom"] <= shot.height, box
    # The legend is the scene's, row for row; the title and the credits are the page's.
    shown, (legend, title) = page.evaluate(
        """() => { const d = window.patrolmaps[0].data, text = html => {
                const s = document.createElement('span'); s.innerHTML = html; return s.textContent; };
            return [[...document.querySelectorAll('.pm-sheet-keys > .pm-legend .pm-legend-row')]
                        .map(r => r.textContent),
                    [d.legend.map(i => text(i.label)), text(d.title)]]; }"""
    )
    assert shown == legend and len(legend) >= 8
    assert page.locator(".pm-sheet-head .pm-title h1").text_content() == title
    credits = page.locator(".pm-sheet-foot > .leaflet-control-attribution").text_content()
    assert "Natural Earth" in credits and "approximate" in credits


def test_print_map_frames_the_densest_region_and_an_inset_the_rest(bundled, open_page):
    page = open_sheet(open_page, bundled).page
    main, inset = page.evaluate(
        """() => window.patrolmaps.map((h, i) => {
            const view = h.map.getBounds(), sheet = h.data.sheet[i];
            const dated = Object.keys(h.layers).filter(id => h.layers[id].spec.start);
            return {label: sheet.label, holds: view.contains(L.latLngBounds(sheet.bounds)),
                    dated: dated.length,
                    shown: dated.filter(id => view.contains(h.layers[id].layer.getBounds()))}; })"""
    )
    assert (main["label"], inset["label"]) == ("Japan & Korea", "Alaska")
    assert main["holds"] and inset["holds"]
    assert inset["shown"] == [ALASKA] and ALASKA not in main["shown"]
    # Every event (and every other source's version of a route) is on the main map or the inset.
    assert len(main["shown"]) + 1 == main["dated"] >= 19
    assert page.locator(".pm-inset figcaption").text_content() == "Alaska (1 event)"
    # Title, legend, inset and credits sit on the sheet around the map, not over it.
    frame, *pieces = page.evaluate(
        BOXES,
        [
            ".pm-sheet > .pm-print",
            ".pm-sheet-head .pm-title",
            ".pm-sheet-keys > .pm-legend",
            ".pm-inset",
            ".pm-sheet-foot",
        ],
    )
    assert len(pieces) == 4
    for piece in pieces:
        assert piece["bottom"] <= frame["top"] or piece["top"] >= frame["bottom"], piece


def test_print_map_of_one_region_frames_the_scene_view(tmp_path, open_page):
    one_region = filter_catalog(load_catalog(), start="2025-12-01")
    page = open_sheet(open_page, save_map(one_region, tmp_path / "december.html")).page
    holds, sheet = page.evaluate(
        """() => { const h = window.patrolmaps[0];
            return [h.map.getBounds().contains(L.latLngBounds(h.data.sheet[0].bounds)),
                    h.data.sheet]; }"""
    )
    assert holds and len(sheet) == 1, sheet
    assert page.locator(".pm-inset").count() == 0
