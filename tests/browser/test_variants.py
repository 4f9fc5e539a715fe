"""A route variant in headless Chromium: drawn dotted, toggled from the layer panel, and named
after its source on hover and in its popup."""

from __future__ import annotations

import pytest

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.render import save_map

pytestmark = pytest.mark.browser

VARIANT = "route-2025-12-liaoning-return-osumi"

# Legs are drawn on the leg canvases (js/legcanvas.js): those of a layer now shown.
DRAWN = "id => window.patrolmaps[0].layers[id].legs.filter(l => l.on && !l.hidden).length"


@pytest.fixture(scope="module")
def liaoning_map(tmp_path_factory):
    catalog = filter_catalog(load_catalog(), events=["liaoning-2025-12"])
    return save_map(catalog, tmp_path_factory.mktemp("variant") / "map.html")


def test_toggling_the_variant_hides_and_shows_it(liaoning_map, open_page):
    session = open_page(liaoning_map)
    page = session.page
    assert page.evaluate(DRAWN, VARIANT) == 1
    dash = page.evaluate(
        "id => window.patrolmaps[0].layers[id].legs[0].batch.look.dashArray", VARIANT
    )
    assert dash == "1 5"
    box = page.locator(f'.pm-layers [data-layer="{VARIANT}"] input')
    box.uncheck()
    assert page.evaluate(DRAWN, VARIANT) == 0
    assert page.evaluate(DRAWN, "liaoning-2025-12") > 0  # the route itself stays
    box.check()
    assert page.evaluate(DRAWN, VARIANT) == 1
    session.assert_clean()


def test_the_variant_names_its_source_on_hover_and_in_its_popup(liaoning_map, open_page):
    page = open_page(liaoning_map).page
    row = page.locator(f'.pm-layers [data-layer="{VARIANT}"]')
    assert "ships-net" in row.inner_text()
    page.evaluate(
        """id => { const h = window.patrolmaps[0], leg = h.layers[id].legs[0];
                   h.legs.showTooltip(leg); h.legs.openPopup(leg); }""",
        VARIANT,
    )
    assert "Version given by ships-net" in page.locator(".leaflet-tooltip").inner_text()
    popup = page.locator(".leaflet-popup-content").inner_text()
    assert "Another version of the route" in popup and "ships-net" in popup
    legend = page.locator(".pm-legend").inner_text()
    assert "Another source's version of a route (dotted)" in legend
