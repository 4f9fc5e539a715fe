"""Uncertainty bands stroked by the page from their legs (js/legcanvas.js): as wide as the band is
on the ground at the leg's latitude, and shown and hidden with the leg.

Widths are read from the pixels the bands' canvas drew and checked against the Web Mercator scale
worked out here, not against anything the page computes.
"""

from __future__ import annotations

import math

import pytest
from browser_support import NEXT_FRAME, ink
from catalog_factory import base_catalog, feature, line

from patrolmap.catalog import load_catalog
from patrolmap.render import save_map

pytestmark = pytest.mark.browser

MERCATOR_R = 6378137.0  # EPSG:3857's sphere

# The run of band pixels (alpha over half) in the bands' canvas down the column through a
# [lat, lng], from the top of the canvas: [first, last] in CSS px, or null.
BAND_COLUMN = """([lat, lng]) => { const m = window.patrolmaps[0].map;
    const c = document.querySelector('.leaflet-pm-bands-pane canvas.pm-leg-canvas');
    const r = c.getBoundingClientRect(), box = m.getContainer().getBoundingClientRect();
    const p = m.latLngToContainerPoint([lat, lng]), k = c.width / r.width;
    const x = Math.round((box.left + p.x - r.left) * k);
    const px = c.getContext('2d').getImageData(x, 0, 1, c.height).data;
    let first = -1, last = -1;
    for (let y = 0; y < c.height; y++) if (px[4 * y + 3] > 127) { if (first < 0) first = y; last = y; }
    return first < 0 ? null : [first / k, (last + 1) / k, 1 / k]; }"""

BAND_CANVAS = ".leaflet-pm-bands-pane canvas.pm-leg-canvas"
CLIENT_POINT = """([lat, lng]) => { const m = window.patrolmaps[0].map;
    const p = m.latLngToContainerPoint([lat, lng]), box = m.getContainer().getBoundingClientRect();
    return [box.left + p.x, box.top + p.y]; }"""


def band_ink(page, lat_lng) -> int:
    """The most opaque pixel of the bands' canvas within 2 px of a [lat, lng] (0-255)."""
    return ink(page, BAND_CANVAS, page.evaluate(CLIENT_POINT, lat_lng))


def view(page, lat: float, lng: float, zoom: float) -> None:
    page.evaluate(
        "([c, z]) => window.patrolmaps[0].map.setView(c, z, {animate: false})", [[lat, lng], zoom]
    )
    page.evaluate(NEXT_FRAME)


def band_px(km: float, lat: float, zoom: float) -> float:
    """How wide (CSS px) a band of `km` either side of an east-west leg is at `lat` and `zoom`."""
    metres_per_px = 2 * math.pi * MERCATOR_R * math.cos(math.radians(lat)) / (256 * 2**zoom)
    return 2 * km * 1000 / metres_per_px


# route-cross runs east along 30.5°N, route-dateline along 60.5°N; both approximate: 50 km bands.
@pytest.mark.parametrize("scale", [1, 2])
@pytest.mark.parametrize(
    ("lat", "lng", "zoom"), [(30.5, 135.2, 6), (60.5, 180.0, 6), (60.5, 180.0, 8)]
)
def test_a_band_is_drawn_as_wide_as_it_is_on_the_ground_at_its_latitude(
    tiny_page, open_page, lat, lng, zoom, scale
):
    session = open_page(tiny_page, scale=scale)
    page = session.page
    view(page, lat, lng, zoom)
    top, bottom, pixel = page.evaluate(BAND_COLUMN, [lat, lng])
    expected = band_px(50, lat, zoom)  # 47 px at 30.5°N, 83 px at 60.5°N, at zoom 6
    # Within 2% (the page strokes widths in 2% steps, at each step's middle) and one canvas pixel
    # at each edge (the bands' canvas may have fewer pixels than the screen).
    assert abs((bottom - top) - expected) <= 0.02 * expected + 2 * pixel
    # Centred on the leg.
    leg_y = page.evaluate(
        "c => window.patrolmaps[0].map.latLngToContainerPoint(c).y", [lat, lng]
    ) + page.evaluate(
        "() => window.patrolmaps[0].map.getContainer().getBoundingClientRect().top"
        " - document.querySelector('.leaflet-pm-bands-pane canvas.pm-leg-canvas')"
        ".getBoundingClientRect().top"
    )
    assert abs((top + bottom) / 2 - leg_y) <= 1.5 * pixel
    session.assert_clean()


def test_a_band_shows_and_hides_with_its_leg(tiny_page, open_page):
    page = open_page(tiny_page).page
    view(page, 30.5, 135.0, 6)
    inside = [30.8, 135.2]  # 33 km north of route-cross, in its band only
    assert band_ink(page, inside) > 200
    # The event's layer toggle.
    page.locator(".pm-item[data-layer=ev-cross] input").uncheck()
    page.evaluate(NEXT_FRAME)
    assert band_ink(page, inside) == 0
    page.locator(".pm-item[data-layer=ev-cross] input").check()
    page.evaluate(NEXT_FRAME)
    assert band_ink(page, inside) > 200
    # The leg alone hidden, as playback hides the legs it has not drawn yet.
    hide = "on => { const h = window.patrolmaps[0]; h.legs.hide(h.layers['ev-cross'].legs, on); }"
    page.evaluate(hide, True)
    page.evaluate(NEXT_FRAME)
    assert band_ink(page, inside) == 0
    page.evaluate(hide, False)
    page.evaluate(NEXT_FRAME)
    assert band_ink(page, inside) > 200
    # The date filter: ev-cross is of 2020.
    page.evaluate("() => window.patrolmaps[0].setRange('2024-01-01', '2026-12-31')")
    page.evaluate(NEXT_FRAME)
    assert band_ink(page, inside) == 0


def test_a_band_ends_round_about_its_legs_end(tiny_page, open_page):
    page = open_page(tiny_page).page
    view(page, 30.5, 135.5, 7)
    # route-cross ends at 135.5°E on 30.5°N; 50 km there is 0.521° of longitude, 0.45° of latitude.
    assert band_ink(page, [30.5, 135.5 + 0.8 * 0.521]) > 200  # 40 km beyond the end
    assert band_ink(page, [30.5, 135.5 + 1.2 * 0.521]) == 0  # 60 km
    # Round, not square: 45° off the leg's line, 40 km out is inside, 60 km is not.
    assert band_ink(page, [30.5 + 0.57 * 0.8 * 0.45, 135.5 + 0.57 * 0.8 * 0.521]) > 200
    assert band_ink(page, [30.5 + 0.71 * 1.2 * 0.45, 135.5 + 0.71 * 1.2 * 0.521]) == 0


def test_a_band_that_widens_northwards_has_no_seam_where_its_width_steps(
    make_catalog, tmp_path, open_page
):
    parts = base_catalog()
    north = line((140.0, 30.0), (140.0, 60.0))  # 28 steps of 2% in width on the way
    parts["routes"].append(feature("route-north", north, event="ev-short", forces=["CN"]))
    page = open_page(save_map(load_catalog(make_catalog(parts)), tmp_path / "north.html")).page
    view(page, 45.0, 140.0, 4.5)
    # Down the leg itself, every pixel of the band is opaque on its canvas (the pane's opacity
    # makes it a tint): two runs that met edge to edge would leave a fainter line across it,
    # each drawing the pixels on their common edge partly.
    alphas = page.evaluate(
        """([south, north, lng]) => { const m = window.patrolmaps[0].map;
        const c = document.querySelector('.leaflet-pm-bands-pane canvas.pm-leg-canvas');
        const r = c.getBoundingClientRect(), box = m.getContainer().getBoundingClientRect(), k = c.width / r.width;
        const a = m.latLngToContainerPoint([north, lng]), b = m.latLngToContainerPoint([south, lng]);
        const x = Math.round((box.left + a.x - r.left) * k);
        const y0 = Math.round((box.top + a.y - r.top) * k), y1 = Math.round((box.top + b.y - r.top) * k);
        const px = c.getContext('2d').getImageData(x, y0, 1, y1 - y0).data, out = [];
        for (let i = 3; i < px.length; i += 4) out.push(px[i]);
        return out; }""",
        [31.0, 59.0, 140.0],
    )
    # Measured: runs meeting edge to edge leave 24 lines of alpha 191-246; overlapping, at most
    # one pixel of 254 (rounding).
    assert len(alphas) > 200 and min(alphas) >= 250
