"""Offline Leaflet assets for folium pages, and the bundled land basemap."""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
from pathlib import Path

import folium
import numpy as np
import pytest
import shapely
from shapely.geometry import Point, shape

from patrolmap.geo import pacific_lon, to_pacific_frame
from patrolmap.paths import land_path
from patrolmap.render import assets
from patrolmap.render.ids import deterministic_ids

REPO = Path(__file__).resolve().parents[2]
REMOTE_TAG = re.compile(r"<(?:script|link)\b[^>]*(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)


def rendered_page(**map_kwargs) -> str:
    """Render a small OfflineMap with a popup, a tooltip, a line and a layer control."""
    with deterministic_ids():
        m = assets.OfflineMap([45.0, 150.0], zoom_start=3, **map_kwargs)
        group = folium.FeatureGroup(name="events").add_to(m)
        folium.CircleMarker([45.0, 150.0], radius=6, fill=True, popup="hello popup").add_to(group)
        folium.PolyLine([[40, 170], [50, 190]], tooltip="leg").add_to(group)
        folium.LayerControl().add_to(m)
        return m.get_root().render()


def test_offline_page_has_no_remote_tags_and_contains_leaflet():
    html = assets.insert_head_assets(rendered_page())
    assert not REMOTE_TAG.search(html)
    assert 't.version="1.9.3"' in html  # Leaflet's own code, inlined
    # Leaflet runs before the map script that calls L.map.
    assert html.index('t.version="1.9.3"') < html.index("L.map(")
    assert html.index("</head>") < html.index("L.map(")


def test_charset_meta_stays_in_the_first_kilobyte():
    html = assets.insert_head_assets(rendered_page())
    assert "charset=UTF-8" in html[:1024]


def test_plain_folium_map_fails_the_offline_check():
    # folium.Map still carries its CDN tags: the offline pass must refuse it, not ship it.
    html = folium.Map(tiles=None).get_root().render()
    with pytest.raises(ValueError, match=re.escape("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/")):
        assets.insert_head_assets(html)


def test_offline_map_has_no_tiles_by_default():
    assert "tileLayer" not in rendered_page()
    assert "tileLayer" in rendered_page(tiles="OpenStreetMap")


@pytest.mark.parametrize(
    "tag",
    [
        '<script src="https://cdn.example/x.js"></script>',
        "<script src=http://cdn.example/x.js></script>",
        '<link rel="stylesheet" href="https://cdn.example/x.css"/>',
        '<link href="//cdn.example/x.css" rel="stylesheet">',
        "<style>@import url('https://cdn.example/x.css');</style>",
    ],
)
def test_assert_no_remote_assets_names_the_url(tag):
    page = f"<html><head>{tag}</head><body></body></html>"
    with pytest.raises(ValueError, match=r"cdn\.example/x\.(js|css)"):
        assets.assert_no_remote_assets(page)


def test_assert_no_remote_assets_accepts_local_and_inline():
    page = (
        '<html><head><script src="local.js"></script><link rel="stylesheet" href="a.css">'
        '<script>var s = "<a href=\\"https://leafletjs.com\\">";</script></head></html>'
    )
    assets.assert_no_remote_assets(page)


def test_css_images_are_data_uris():
    css = assets.leaflet_css()
    assert "url(images/" not in css
    assert css.count('url("data:image/png;base64,') == 3  # layers, layers-2x, marker-icon


def test_inline_assets_cannot_close_their_elements_early():
    head = assets.inline_head_html()
    assert head.lower().count("</style") == 1
    assert head.lower().count("</script") == 2
    assert "sourceMappingURL" not in head
    assert assets.escape_raw_text("a</SCRIPT>b<!--", "script") == "a<\\/SCRIPT>b<\\!--"


def test_cdn_tags_are_pinned_with_sri():
    head = assets.cdn_head_html()
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in head
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css" in head
    # sha384 of Leaflet 1.9.3's dist/leaflet.js, as published on npm.
    js_sri = "sha384-okbbMvvx/qfQkmiQKfd5VifbKZ/W8p1qIsWvE1ROPUfHWsDcC8/BnHohF7vPg2T6"
    assert f'integrity="{js_sri}"' in head
    assert head.count('crossorigin="anonymous"') == 2
    page = assets.insert_head_assets(rendered_page(), offline=False)
    assert page.count("leaflet@1.9.3/dist/leaflet.js") == 1


def test_popup_gets_the_jquery_stand_in_in_both_modes():
    # folium.Popup renders `$(`...`)[0]`: without `$` the page throws and later layers vanish.
    assert "$(`" in rendered_page()
    for offline in (True, False):
        assert 'typeof window.$ === "undefined"' in assets.insert_head_assets(
            rendered_page(), offline=offline
        )


def test_offline_map_links_do_not_leak_between_maps():
    first = assets.OfflineMap()
    first.add_js_link("plugin", "https://cdn.example/plugin.js")
    assert assets.OfflineMap.default_js == []
    assert "cdn.example" not in assets.OfflineMap().get_root().render()


# --- the land basemap -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def land():
    """The land MultiPolygon in the Pacific-centred frame (lon mod 360)."""
    data = json.loads(land_path().read_text(encoding="utf-8"))
    (feature,) = data["features"]
    assert feature["properties"]["id"] == "land"
    assert feature["properties"]["license"] == "public domain"
    geom = shape(feature["geometry"])
    assert geom.geom_type == "MultiPolygon"
    return to_pacific_frame(geom)


def test_land_is_valid_and_small(land):
    assert land.is_valid, shapely.is_valid_reason(land)
    assert land_path().stat().st_size < 400_000
    # 1:50m over the region, 1:110m for the rest of the world north of 60°S: the data has no edge
    # a reader can pan to.
    west, south, east, north = land.bounds
    assert west < 1 and east > 359 and south < -50 and north > 80


@pytest.mark.parametrize(
    ("name", "lon", "lat", "is_land"),
    [
        ("Tokyo", 139.7, 35.7, True),
        ("Seoul", 126.98, 37.57, True),
        ("Kamchatka", 158.65, 53.05, True),
        ("Anchorage", -149.9, 61.2, True),
        ("Anadyr", 177.74, 64.73, True),
        ("Provideniya", -173.2, 64.4, True),
        ("Wrangel Island, west of 180", 179.5, 71.3, True),
        ("Wrangel Island, east of 180", -179.5, 71.3, True),
        ("Bering Sea", -175.0, 58.0, False),
        ("Sea of Japan", 135.0, 40.0, False),
        ("Chukchi Sea", -170.0, 69.5, False),
        ("Gulf of Alaska", -145.0, 57.0, False),
        ("North Pacific at 180", 180.0, 40.0, False),
    ],
)
def test_land_point_checks(land, name, lon, lat, is_land):
    assert land.contains(Point(pacific_lon(lon), lat)) is is_land, name


def test_land_has_no_seam_at_180(land):
    for poly in land.geoms:
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)
            on_seam = (np.abs(xy[:-1, 0] - 180) < 1e-9) & (np.abs(xy[1:, 0] - 180) < 1e-9)
            assert not on_seam.any(), "an edge lies along 180°: pieces were not unioned"


def test_land_file_uses_catalogue_longitudes():
    coords = json.loads(land_path().read_text())["features"][0]["geometry"]["coordinates"]
    rings = [ring for poly in coords for ring in poly]
    assert all(-180 <= x <= 180 for ring in rings for x, _ in ring)
    # Chukotka crosses 180° as one ring, jumping from east to west longitudes.
    assert any(abs(a[0] - b[0]) > 180 for ring in rings for a, b in itertools.pairwise(ring))


# --- the basemap builder's TopoJSON decoding ----------------------------------------------------


@pytest.fixture(scope="module")
def builder():
    """scripts/build_basemap.py as a module."""
    spec = importlib.util.spec_from_file_location(
        "build_basemap", REPO / "scripts/build_basemap.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_topojson_arcs_decode_with_delta_and_reversal(builder):
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [100.0, 10.0]},
        # Arc 0 runs (0,0)->(4,0)->(4,4); arc 1 runs (0,0)->(0,4)->(4,4): both delta-encoded.
        "arcs": [[[0, 0], [4, 0], [0, 4]], [[0, 0], [0, 4], [4, 0]]],
        "objects": {"land": {"type": "Polygon", "arcs": [[0, ~1]]}},
    }
    (poly,) = builder.decode_polygons(topology, "land")
    assert list(poly.exterior.coords) == [
        (100.0, 10.0),
        (102.0, 10.0),
        (102.0, 11.0),
        (100.0, 11.0),
        (100.0, 10.0),
    ]


def test_unwrap_joins_a_ring_across_180(builder):
    ring = [(179.0, 60.0), (-179.0, 60.0), (-179.0, 61.0), (179.0, 61.0), (179.0, 60.0)]
    assert [x for x, _ in builder.unwrap(ring)] == [179.0, 181.0, 181.0, 179.0, 179.0]
    land = builder.build_land([shapely.Polygon(ring)])
    assert land.area == pytest.approx(2.0)


# --- in a real browser ----------------------------------------------------------------------


@pytest.mark.browser
def test_offline_page_loads_with_no_requests_in_chromium(tmp_path, open_page):
    with deterministic_ids():
        m = assets.OfflineMap([45.0, 150.0], zoom_start=3)
        folium.CircleMarker([45.0, 150.0], radius=8, fill=True, popup="hello popup").add_to(m)
        folium.Marker([50.0, 160.0]).add_to(m)  # Leaflet's default icon, from data URIs
        folium.LayerControl().add_to(m)
        html = assets.insert_head_assets(m.get_root().render())
    page_path = tmp_path / "map.html"
    page_path.write_text(html, encoding="utf-8")

    session = open_page(page_path, maps=0)
    page = session.page
    page.wait_for_selector("path.leaflet-interactive")
    page.dispatch_event("path.leaflet-interactive", "click")
    page.wait_for_selector(".leaflet-popup-content")
    assert page.inner_text(".leaflet-popup-content") == "hello popup"
    assert page.locator(".leaflet-control-layers").count() == 1
    assert page.evaluate(
        "[...document.querySelectorAll('img.leaflet-marker-icon')]"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )
    session.assert_clean()
