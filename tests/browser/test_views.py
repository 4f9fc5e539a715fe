"""Views that frame the story (issue 14): the bundled map opens on Japan and Korea, a button shows
the Alaska patrol, and no panel covers a route at the default view."""

from __future__ import annotations

import pytest

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.render import save_map

pytestmark = pytest.mark.browser

ALASKA = "patrol-2024-07-24"


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    catalog = load_catalog()
    return catalog, save_map(catalog, tmp_path_factory.mktemp("views") / "map.html")


def east_asian(catalog) -> list[str]:
    """Events whose routes lie west of 160°E (the Pacific frame): everything but the Bering Sea."""
    routes = catalog.routes
    return sorted(
        {e for e, g in zip(routes["event"], routes.geometry, strict=True) if g.bounds[2] < 160}
    )


VIEW_AREA = """bounds => { const m = window.patrolmaps[0].map;
    const a = m.project(bounds.getNorthWest(), 0), b = m.project(bounds.getSouthEast(), 0);
    return Math.abs((b.x - a.x) * (b.y - a.y)); }"""


def test_default_view_holds_every_east_asian_route_in_under_a_quarter_of_the_old_view(
    bundled, open_page
):
    catalog, path = bundled
    page = open_page(path, width=1366, height=768).page
    ids = east_asian(catalog)
    assert len(ids) == 18
    inside = page.evaluate(
        """ids => { const h = window.patrolmaps[0], view = h.map.getBounds();
            return ids.filter(id => view.contains(h.layers[id].layer.getBounds())); }""",
        ids,
    )
    assert inside == ids
    # The old view: every selected route fitted at whole zoom levels, clear of the title and the
    # 340 px layer panel (what the page opened on before views).
    ratio = page.evaluate(
        f"""() => {{ const h = window.patrolmaps[0], m = h.map, d = h.data;
            const area = {VIEW_AREA};
            const top = document.querySelector('.pm-title').offsetHeight + 24;
            const zoom = m.getBoundsZoom(d.bounds, false, L.point(24 + 364, top + 24));
            const old = L.latLngBounds(d.bounds).getCenter();
            const half = m.getSize().divideBy(2);
            const c = m.project(old, Math.floor(zoom));
            const oldView = L.latLngBounds(m.unproject(c.subtract(half), Math.floor(zoom)),
                                           m.unproject(c.add(half), Math.floor(zoom)));
            return area(m.getBounds()) / area(oldView); }}"""
    )
    assert ratio < 0.25, ratio


def test_view_buttons_show_the_alaska_patrol_and_all(bundled, open_page):
    page = open_page(bundled[1], width=1366, height=768).page
    labels = page.locator(".pm-view").all_inner_texts()
    assert labels == ["Japan & Korea", "Alaska", "All"]
    shown = "id => window.patrolmaps[0].map.getBounds().contains(window.patrolmaps[0].layers[id].layer.getBounds())"
    assert not page.evaluate(shown, ALASKA)
    page.locator(".pm-view[data-view=Alaska]").click()
    assert page.evaluate(shown, ALASKA)
    assert page.locator(".pm-view[data-view=Alaska]").get_attribute("aria-pressed") == "true"
    page.locator(".pm-view[data-view=All]").click()
    assert page.evaluate(shown, ALASKA) and page.evaluate(shown, "patrol-2019-07-23")


def test_a_single_event_opens_fitted_to_it_without_buttons(tmp_path, open_page):
    catalog = filter_catalog(load_catalog(), events=["il20-2026-01-26"])
    page = open_page(save_map(catalog, tmp_path / "one.html"), width=1366, height=768).page
    assert page.locator(".pm-view").count() == 0
    fill = page.evaluate(
        """() => { const h = window.patrolmaps[0], m = h.map;
            const b = h.layers['il20-2026-01-26'].layer.getBounds();
            const a = m.latLngToContainerPoint(b.getNorthWest()), c = m.latLngToContainerPoint(b.getSouthEast());
            return [m.getBounds().contains(b), (c.x - a.x) / m.getSize().x, (c.y - a.y) / m.getSize().y]; }"""
    )
    assert fill[0] and max(fill[1], fill[2]) > 0.3, fill  # fitted to it, not a speck


# Points along the routes of `ids` that lie on the map and under a control (panel, button, scale).
ROUTE_POINTS_UNDER_PANELS = """ids => {
    const h = window.patrolmaps[0], m = h.map, box = m.getContainer().getBoundingClientRect();
    const panels = [...document.querySelectorAll('.leaflet-control')].map(e => e.getBoundingClientRect())
        .filter(r => r.width > 0 && r.height > 0);
    const hits = [];
    ids.map(id => h.layers[id]).filter(e => e.layer._map).forEach(e => e.legs.forEach(l => {
        const pts = l.latLngs().map(p => m.latLngToContainerPoint(p));
        for (let i = 1; i < pts.length; i++) for (let t = 0; t <= 1; t += 0.1) {
            const x = box.left + pts[i-1].x + (pts[i].x - pts[i-1].x) * t;
            const y = box.top + pts[i-1].y + (pts[i].y - pts[i-1].y) * t;
            if (x < box.left || x > box.right || y < box.top || y > box.bottom) continue;
            if (panels.some(r => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom))
                hits.push([e.spec.id, Math.round(x), Math.round(y)]);
        }
    }));
    return hits;
}"""


@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)])
def test_no_panel_covers_a_route_at_the_default_view(bundled, open_page, size):
    # The routes the default view is of: every East Asian one. (The tip of the Alaska patrol may
    # show at the map's edge under the layer panel; its own view shows it whole.)
    catalog, path = bundled
    page = open_page(path, width=size[0], height=size[1]).page
    page.locator(".pm-timeline").wait_for()
    assert page.evaluate(ROUTE_POINTS_UNDER_PANELS, east_asian(catalog)) == []
