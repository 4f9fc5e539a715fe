"""Print mode (`snapshot --page`, issue 14): the page as a sheet of paper, checked through the DOM.

The same page opens in print mode with "#print" in its address: no control is visible, and the
title, legend, scale bar and credits are all on the sheet, at the selection's fixed extent.
"""

from __future__ import annotations

import pytest

from patrolmap.catalog import load_catalog
from patrolmap.export.snapshot import PRINT_FLAG, print_shot
from patrolmap.render import save_map

pytestmark = pytest.mark.browser

A4 = print_shot("a4")

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
    ".pm-title h1",
    ".pm-title p",
    ".pm-legend",
    ".pm-legend-row",
    ".leaflet-control-scale",
    ".pm-scale-note",
    ".leaflet-control-attribution",
    ".pm-map-label.pm-shown",
]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    return save_map(load_catalog(), tmp_path_factory.mktemp("print") / "map.html")


def test_the_page_shows_its_controls_without_the_flag(bundled, open_page):
    # The check below finds controls when they are there: the ordinary page has dozens.
    page = open_page(bundled, width=A4.width, height=A4.height).page
    assert len(page.evaluate(VISIBLE_CONTROLS)) > 20
    assert page.locator(".pm-sheet").count() == 0


def test_print_mode_hides_every_control(bundled, open_page):
    session = open_page(bundled, width=A4.width, height=A4.height, fragment=PRINT_FLAG)
    session.assert_clean()
    page = session.page
    assert page.locator("[data-pm-print=ready]").count() == 1
    assert page.evaluate(VISIBLE_CONTROLS) == []
    assert (
        page.evaluate(
            """() => { const m = window.patrolmaps[0].map;
            return [m.dragging, m.scrollWheelZoom, m.doubleClickZoom, m.boxZoom, m.keyboard,
                    m.touchZoom].some(h => h.enabled()); }"""
        )
        is False
    )


def test_print_sheet_holds_title_legend_scale_and_credits_inside_the_page(bundled, open_page):
    page = open_page(bundled, width=A4.width, height=A4.height, fragment=PRINT_FLAG).page
    boxes = page.evaluate(BOXES, SHEET)
    found = {b["selector"] for b in boxes}
    assert found == set(SHEET)
    for box in boxes:
        assert box["drawn"], box
        assert box["right"] > box["left"] and box["bottom"] > box["top"], box
        assert box["left"] >= 0 and box["right"] <= A4.width, box
        assert box["top"] >= 0 and box["bottom"] <= A4.height, box
    # The legend is the scene's, row for row; the title and the credits are the page's.
    shown, wanted = page.evaluate(
        """() => { const d = window.patrolmaps[0].data, text = html => {
                const s = document.createElement('span'); s.innerHTML = html; return s.textContent; };
            return [[...document.querySelectorAll('.pm-legend-row')].map(r => r.textContent),
                    [d.legend.map(i => text(i.label)), text(d.title)]]; }"""
    )
    legend, title = wanted
    assert shown == legend and len(legend) >= 8
    assert page.locator(".pm-title h1").text_content() == title
    credits = page.locator(".leaflet-control-attribution").text_content()
    assert "Natural Earth" in credits and "approximate" in credits


def test_print_map_frames_the_scene_extent_and_nothing_covers_it(bundled, open_page):
    page = open_page(bundled, width=A4.width, height=A4.height, fragment=PRINT_FLAG).page
    holds, view = page.evaluate(
        """() => { const h = window.patrolmaps[0];
            return [h.map.getBounds().contains(L.latLngBounds(h.data.view)), h.data.view]; }"""
    )
    assert holds, view
    # Title, legend and credits sit on the sheet around the map, not over it.
    frame, *pieces = page.evaluate(
        BOXES, [".pm-print", ".pm-title", ".pm-legend", ".leaflet-control-attribution"]
    )
    for piece in pieces:
        assert piece["bottom"] <= frame["top"] or piece["top"] >= frame["bottom"], piece
