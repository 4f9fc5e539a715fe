"""The map as a reader meets it, in headless Chromium: draws, toggles, filters, pops up, stays offline."""

from __future__ import annotations

import pytest

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.render import save_map
from patrolmap.scene.build import build_scene

pytestmark = pytest.mark.browser

# Route legs are drawn on canvases (js/legcanvas.js); the page says which are shown.
SHOWN_LEGS = "() => window.patrolmaps[0].legs.all.filter(l => l.on && !l.hidden).length"


def event_legs(page, event_id: str) -> int:
    """How many of one event's route legs are on the map now."""
    return page.evaluate(
        "id => window.patrolmaps[0].layers[id].legs.filter(l => l.on && !l.hidden).length",
        event_id,
    )


@pytest.fixture(scope="module")
def bundled_map(tmp_path_factory):
    catalog = load_catalog()
    return catalog, save_map(catalog, tmp_path_factory.mktemp("map") / "map.html")


@pytest.fixture
def tiny_map(make_catalog, tmp_path):
    catalog = load_catalog(make_catalog())
    return catalog, save_map(catalog, tmp_path / "tiny.html")


def test_bundled_map_loads_clean_and_offline(bundled_map, open_page):
    _, path = bundled_map
    session = open_page(path)
    session.assert_clean()


def test_bundled_map_draws_every_route_and_area(bundled_map, open_page):
    catalog, path = bundled_map
    page = open_page(path).page
    # Every leg, other sources' versions too, is on the leg canvases; markers stay Leaflet paths.
    assert page.evaluate(SHOWN_LEGS) == len(catalog.routes) + len(catalog.route_variants)
    markers = page.evaluate(
        "() => document.querySelectorAll('.leaflet-pm-events-pane path').length"
    )
    assert markers == sum(len(e.markers) for e in catalog.events)
    polygons = page.evaluate(
        "() => document.querySelectorAll('.leaflet-pm-reference-pane path').length"
    )
    # The page draws the reference features the scene has in view (those the legend lists).
    scene = build_scene(catalog)
    in_view = [f for layer in scene.reference for f in layer.features if f.in_view]
    assert polygons == len(in_view)
    assert {"adiz-alaska", "adiz-japan"} <= {f.id for f in in_view}


def test_screenshot_is_not_blank(bundled_map, open_page):
    from io import BytesIO

    from PIL import Image, ImageStat

    page = open_page(bundled_map[1]).page
    image = Image.open(BytesIO(page.locator(".folium-map").screenshot())).convert("L")
    spread = ImageStat.Stat(image).stddev[0]
    colours = len(image.getcolors(maxcolors=1 << 16) or [])
    assert spread > 15 and colours > 50, (spread, colours)


def test_layer_control_lists_the_groups_and_every_event(bundled_map, open_page):
    catalog, path = bundled_map
    page = open_page(path).page
    headings = page.locator(".pm-layers h4").all_inner_texts()
    assert [h.lower() for h in headings] == [
        "reference",
        "joint air patrols",
        "other air activity",
        "naval transits",
        "other versions of routes",
    ]
    reference = page.locator(".pm-group[data-group=reference] .pm-label").all_inner_texts()
    assert reference == ["ADIZs", "Seas", "Straits (gate lines)", "Places"]
    listed = page.locator(".pm-item[data-layer]").evaluate_all(
        "els => els.map(e => e.dataset.layer)"
    )
    variants = list(catalog.route_variants["id"])  # one toggle each, after the events
    assert sorted(listed[4 : len(listed) - len(variants)]) == sorted(e.id for e in catalog.events)
    assert listed[len(listed) - len(variants) :] == sorted(variants)
    patrols = page.locator(
        ".pm-group[data-group=events-joint-air-patrol] .pm-label"
    ).all_inner_texts()
    assert patrols[0].startswith("2019-07-23 · ") and len(patrols) == 10


def test_toggling_an_event_hides_and_shows_its_legs(bundled_map, open_page):
    page = open_page(bundled_map[1]).page
    before = event_legs(page, "patrol-2019-07-23")
    assert before > 0
    box = page.locator(".pm-item[data-layer=patrol-2019-07-23] input")
    box.uncheck()
    assert event_legs(page, "patrol-2019-07-23") == 0
    box.check()
    assert event_legs(page, "patrol-2019-07-23") == before


def test_time_filter_hides_events_outside_the_range_and_brings_them_back(bundled_map, open_page):
    catalog, path = bundled_map
    page = open_page(path).page
    total = page.evaluate(SHOWN_LEGS)
    set_slider(page, 0, "2025-12-01")
    shown = page.evaluate(
        "() => Object.values(window.patrolmaps[0].layers).filter(e => e.spec.start && e.layer._map).map(e => e.spec.id)"
    )
    expected = [e.id for e in catalog.events if e.end.isoformat() >= "2025-12-01"]
    # Another source's version of a route follows its event's dates.
    variants = catalog.route_variants
    expected += list(variants[variants["event"].isin(expected)]["id"])
    assert sorted(shown) == sorted(expected)
    assert page.evaluate(SHOWN_LEGS) < total
    assert (
        page.locator(".pm-item[data-layer=patrol-2019-07-23]")
        .get_attribute("class")
        .find("pm-out-of-range")
        >= 0
    )
    page.locator(".pm-reset").click()
    assert page.evaluate(SHOWN_LEGS) == total


def set_slider(page, index: int, iso_date: str) -> None:
    """Move one of the date sliders as a reader would: set its value and fire `input`."""
    page.locator(".pm-range").nth(index).evaluate(
        """(input, iso) => {
            input.value = Math.round(Date.parse(iso + 'T00:00:00Z') / 86400000);
            input.dispatchEvent(new Event('input', {bubbles: true}));
        }""",
        iso_date,
    )


def test_clicking_a_route_opens_its_popup_with_title_and_sources(bundled_map, open_page):
    catalog, path = bundled_map
    event = catalog.event("patrol-2024-07-24")
    page = open_page(path).page
    # Show only this event so nothing lies on top of the route we click.
    page.evaluate(
        """() => Object.values(window.patrolmaps[0].layers).forEach(e => {
            if (e.spec.id !== 'patrol-2024-07-24') { e.wanted = false; e.layer.remove(); }
        })"""
    )
    page.locator(".pm-view[data-view=Alaska]").click()  # the map opens on Japan and Korea
    point = page.evaluate(
        """() => { const p = window.patrolmaps[0].layers['patrol-2024-07-24'].legs[0].latLngs();
                   const m = window.patrolmaps[0].map;
                   const a = m.latLngToContainerPoint(p[1]), b = m.latLngToContainerPoint(p[2]);
                   const r = m.getContainer().getBoundingClientRect();
                   return [r.left + (a.x + b.x) / 2, r.top + (a.y + b.y) / 2]; }"""
    )
    page.mouse.click(*point)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3000)
    text = popup.inner_text()
    assert event.title in text
    first_source = catalog.sources[event.sources[0]]
    assert first_source.outlet in text
    assert popup.locator("a[href^='https://']").count() >= 1


def test_alaska_patrol_is_one_continuous_line_and_the_map_zooms_to_it(tmp_path, open_page):
    catalog = filter_catalog(load_catalog(), events=["patrol-2024-07-24"])
    page = open_page(save_map(catalog, tmp_path / "alaska.html")).page
    width = page.evaluate("() => window.patrolmaps[0].map.getSize().x")
    boxes = page.evaluate(
        """() => { const h = window.patrolmaps[0], m = h.map;
            return h.legs.all.map(l => { const b = L.bounds(l.latLngs().map(p => m.latLngToContainerPoint(p)));
                                         return [b.max.x - b.min.x, b.max.y - b.min.y]; }); }"""
    )
    assert boxes and all(w < width * 0.8 for w, _ in boxes)  # not drawn the long way round
    assert page.evaluate("() => window.patrolmaps[0].map.getZoom()") >= 4
    centre = page.evaluate("() => window.patrolmaps[0].map.getCenter()")
    assert 170 < centre["lng"] < 200 and 55 < centre["lat"] < 72
    # The Bering Sea and the Alaska ADIZ straddle 180° too: each is one shape spanning a few dozen
    # degrees of longitude, not a band around the world.
    spans = page.evaluate(
        """() => ['ref-seas', 'ref-adiz'].flatMap(id => window.patrolmaps[0].layers[id].layer
            .getLayers().map(l => l.getBounds()).filter(b => b.getWest() < 180 && b.getEast() > 180)
            .map(b => b.getEast() - b.getWest()))"""
    )
    assert len(spans) == 3 and all(10 < span < 80 for span in spans), spans


def test_external_script_check_can_fail(tiny_map, open_page):
    # The offline checks above would catch a CDN script: inject one and watch them fail.
    _, path = tiny_map
    html = path.read_text()
    path.write_text(
        html.replace("</head>", '<script src="https://cdn.example.org/x.js"></script></head>')
    )
    session = open_page(path)
    assert session.requests == ["https://cdn.example.org/x.js"]
    with pytest.raises(AssertionError):
        session.assert_clean()


def test_many_events_are_listed_by_year_and_toggle_together(
    make_catalog, parts, tmp_path, open_page
):
    import copy

    template = parts["events"][3]  # the event without a route: 50 copies over two years
    parts["events"] = [
        dict(
            copy.deepcopy(template),
            id=f"ev-{i:02d}",
            start=f"{2020 + i % 2}-03-{1 + i // 2:02d}",
            end=f"{2020 + i % 2}-03-{1 + i // 2:02d}",
            markers=[{"label": f"M{i}", "lon": 131, "lat": 30}],
        )
        for i in range(50)
    ]
    parts["routes"] = []
    page = open_page(save_map(load_catalog(make_catalog(parts)), tmp_path / "many.html")).page
    from playwright.sync_api import expect

    years = page.locator(".pm-group[data-group=events-naval-transit] details.pm-year summary")
    assert years.all_inner_texts() == ["2020 (25 events)", "2021 (25 events)"]
    assert page.locator(".pm-item[data-layer^=ev-]").count() == 0  # rows built only when opened
    shown = "() => Object.values(window.patrolmaps[0].layers).filter(e => e.spec.start && e.layer._map).length"
    assert page.evaluate(shown) == 50
    page.locator("details[data-year='2020'] summary input").uncheck()
    assert page.evaluate(shown) == 25
    page.locator("details[data-year='2021'] summary").click()  # open the year
    # The `toggle` event that builds the rows fires after the click returns: wait for it.
    expect(page.locator("details[data-year='2021'] .pm-item")).to_have_count(25)


def test_direction_arrows_point_along_their_routes(tiny_map, open_page):
    # route-cross runs due east from 133.5°E to 135.5°E at 30.5°N (192 km: one arrow, at 55%);
    # route-dateline runs east across 180°; route-short east as well.
    page = open_page(tiny_map[1]).page
    arrows = page.evaluate(
        """() => window.patrolmaps[0].arrows._arrows.map(a => [a.latlng.lat, a.latlng.lng, a.angle])"""
    )
    assert len(arrows) == 3
    by_lng = sorted(arrows, key=lambda a: a[1])
    assert [round(a[2]) for a in by_lng] == [90, 90, 90]  # all point right: east on screen
    assert by_lng[1][1] == pytest.approx(133.5 + 0.55 * 2, abs=0.01)
    assert by_lng[2][1] == pytest.approx(178.5 + 0.55 * 3, abs=0.01)  # beyond 180°, one line


def test_arrow_canvas_skips_hidden_routes(tiny_map, open_page):
    page = open_page(tiny_map[1]).page
    drawn = """() => { const h = window.patrolmaps[0];
        return h.arrows._arrows.filter(a => a.group._map).length; }"""
    assert page.evaluate(drawn) == 3
    # Painted on the arrow canvas: the arrowhead's colour at ev-cross's arrow, nothing once hidden.
    painted = """() => { const h = window.patrolmaps[0], a = h.arrows._arrows.find(a => a.group ===
            h.layers['ev-cross'].layer), p = h.map.latLngToContainerPoint(a.latlng);
        const canvas = document.querySelector('.pm-arrow-canvas'), r = devicePixelRatio;
        return Array.from(canvas.getContext('2d')
            .getImageData(Math.round(p.x * r), Math.round(p.y * r), 1, 1).data); }"""
    assert page.evaluate(painted)[3] == 255
    page.locator(".pm-item[data-layer=ev-cross] input").uncheck()
    assert page.evaluate(drawn) == 2
    assert page.evaluate(painted)[3] == 0


def test_on_a_phone_the_panels_start_folded_and_open_on_demand(tiny_map, open_page):
    page = open_page(tiny_map[1], width=400, height=760).page
    assert page.locator(".pm-layers.pm-collapsed").count() == 1
    assert page.locator(".pm-legend.pm-collapsed").count() == 1
    assert not page.locator(".pm-layers .pm-item").first.is_visible()
    page.locator(".pm-layers .pm-panel-toggle").click()
    assert page.locator(".pm-layers .pm-item").first.is_visible()
    assert page.locator(".pm-layers .pm-panel-toggle").get_attribute("aria-expanded") == "true"
