"""Route legs drawn on canvases (js/legcanvas.js): what a reader points at answers as a path did.

Each check looks both at the page's hit-testing (which leg is under a point) and at the pixels the
canvases drew there, so a leg that is found but not drawn, or drawn but not found, fails.
"""

from __future__ import annotations

import pytest
from browser_support import NEXT_FRAME, ink

from patrolmap.catalog import load_catalog
from patrolmap.render import save_map

pytestmark = pytest.mark.browser

# Client (page) coordinates of a [lat, lng] on the map.
POINT = """([lat, lng]) => { const m = window.patrolmaps[0].map;
    const p = m.latLngToContainerPoint([lat, lng]), r = m.getContainer().getBoundingClientRect();
    return [r.left + p.x, r.top + p.y]; }"""

# The event and name of the leg the page's hit-testing finds at a client point, or null.
HIT = """([x, y]) => { const h = window.patrolmaps[0], r = h.map.getContainer().getBoundingClientRect();
    const leg = h.legs.legAt(L.point(x - r.left, y - r.top));
    return leg ? [leg.spec.id, leg.f.name] : null; }"""

LEG_CANVASES = ".leaflet-pm-events-pane canvas.pm-leg-canvas"


def frame(page, south_west, north_east) -> None:
    page.evaluate(
        "b => window.patrolmaps[0].map.fitBounds(b, {animate: false})", [south_west, north_east]
    )
    page.evaluate(NEXT_FRAME)


def test_hovering_a_route_shows_its_tooltip_and_leaving_it_hides_it(tiny_page, open_page):
    session = open_page(tiny_page)
    page = session.page
    frame(page, [29.5, 132.5], [31.5, 136.5])
    on_route = page.evaluate(POINT, [30.5, 134.0])  # route-cross, clear of the gate at 134.5
    assert page.evaluate(HIT, on_route) == ["ev-cross", "Route Cross"]
    assert ink(page, LEG_CANVASES, on_route) > 200
    page.mouse.move(*on_route)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=3000)
    assert "Route Cross" in tooltip.inner_text()
    assert "pm-over-leg" in page.locator(".pm-map").get_attribute("class")  # a pointer cursor
    off_route = page.evaluate(POINT, [31.2, 134.0])
    assert page.evaluate(HIT, off_route) is None and ink(page, LEG_CANVASES, off_route) == 0
    page.mouse.move(*off_route)
    page.locator(".leaflet-tooltip").wait_for(state="detached", timeout=3000)  # after its fade
    session.assert_clean()


def test_clicking_a_route_opens_its_event_popup(tiny_page, open_page):
    page = open_page(tiny_page).page
    frame(page, [29.5, 132.5], [31.5, 136.5])
    page.mouse.click(*page.evaluate(POINT, [30.2, 133.9]))  # route-short
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3000)
    assert "Event ev-short" in popup.inner_text() and "Route Short" in popup.inner_text()
    assert "Test Wire" in popup.inner_text()  # its sources


def test_toggling_an_event_hides_its_legs_from_the_canvas_and_the_pointer(tiny_page, open_page):
    page = open_page(tiny_page).page
    frame(page, [29.5, 132.5], [31.5, 136.5])
    point = page.evaluate(POINT, [30.5, 134.0])
    assert page.evaluate(HIT, point) == ["ev-cross", "Route Cross"]
    page.locator(".pm-item[data-layer=ev-cross] input").uncheck()
    page.evaluate(NEXT_FRAME)
    assert page.evaluate(HIT, point) is None
    assert ink(page, LEG_CANVASES, point) == 0
    page.mouse.move(*point)
    assert page.locator(".leaflet-tooltip").count() == 0
    page.locator(".pm-item[data-layer=ev-cross] input").check()
    page.evaluate(NEXT_FRAME)
    assert page.evaluate(HIT, point) == ["ev-cross", "Route Cross"]
    assert ink(page, LEG_CANVASES, point) > 200


def test_date_filter_hides_legs_outside_the_range(tiny_page, open_page):
    page = open_page(tiny_page).page
    frame(page, [29.5, 132.5], [31.5, 136.5])
    point = page.evaluate(POINT, [30.5, 134.0])
    # The date panel's own path: its sliders move and the layers follow. ev-cross is of 2020.
    page.evaluate("() => window.patrolmaps[0].setRange('2024-01-01', '2026-12-31')")
    assert page.locator(".pm-time-label").inner_text().startswith("2024-01-01")
    page.evaluate(NEXT_FRAME)
    assert page.evaluate(HIT, point) is None and ink(page, LEG_CANVASES, point) == 0
    frame(page, [59.5, 177.0], [61.5, 183.0])
    dateline = page.evaluate(POINT, [60.5, 180.5])
    assert page.evaluate(HIT, dateline) == ["ev-dateline", "Route Dateline"]  # 2024: still shown


@pytest.mark.parametrize("lng", [179.2, 180.8])  # written as 178.5 to -178.5: drawn across 180°
def test_a_leg_across_the_antimeridian_is_hit_where_it_is_drawn(tiny_page, open_page, lng):
    page = open_page(tiny_page).page
    frame(page, [59.5, 177.0], [61.5, 183.0])
    point = page.evaluate(POINT, [60.5, lng])
    assert ink(page, LEG_CANVASES, point) > 200
    assert page.evaluate(HIT, point) == ["ev-dateline", "Route Dateline"]
    page.mouse.move(*point)
    page.locator(".leaflet-tooltip").wait_for(timeout=3000)
    assert "Route Dateline" in page.locator(".leaflet-tooltip").inner_text()
    # The same longitude in the other frame (lng - 360) is far off the map: nothing is there.
    assert page.evaluate(HIT, page.evaluate(POINT, [60.5, lng - 360])) is None


def test_each_leg_style_of_the_scene_is_drawn_as_its_own_batch(open_page, tmp_path):
    catalog = load_catalog()
    page = open_page(save_map(catalog, tmp_path / "map.html")).page
    styles = page.evaluate(
        """() => { const h = window.patrolmaps[0];
            return [[...new Set(h.legs.all.map(l => l.f.s))].sort((a, b) => a - b),
                    h.legs._lineCanvas.batches.map(b => b.style),
                    h.legs.all.every(l => l.batch === h.legs.lines[l.f.s]
                                          && l.batch.look === h.data.styles[l.f.s])]; }"""
    )
    used, batches, each_in_its_own = styles
    assert len(used) >= 3 and batches == used and each_in_its_own  # RU, CN, joint, naval dashes
    dashed = page.evaluate(
        "() => Object.values(window.patrolmaps[0].legs.lines).filter(b => b.look.dashArray).length"
    )
    assert dashed >= 1
