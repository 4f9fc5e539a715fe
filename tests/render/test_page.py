"""The saved page without a browser: self-contained, deterministic, escaped, atomic."""

from __future__ import annotations

import re
from html import unescape

import pytest
from hostile import ATTACKS, hostile_parts
from page_data import data_strings, decode

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.errors import OutputError
from patrolmap.render import build_map, map_html, save_map
from patrolmap.render.layers import map_data
from patrolmap.scene.build import build_scene

REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//", re.I)
REMOTE_STYLE = re.compile(r"<link[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//", re.I)


@pytest.fixture
def tiny(make_catalog):
    return load_catalog(make_catalog())


def test_offline_page_has_no_remote_script_or_stylesheet(tiny):
    html = map_html(tiny)
    assert not REMOTE_SCRIPT.search(html) and not REMOTE_STYLE.search(html)
    assert "L.Map" in html or "L.map" in html  # Leaflet itself is inline


def test_remote_script_check_can_fail(tiny):
    html = map_html(tiny).replace(
        "</head>", '<script src="https://cdn.example/x.js"></script></head>'
    )
    assert REMOTE_SCRIPT.search(html)


def test_cdn_mode_uses_pinned_leaflet_with_integrity(tiny):
    html = unescape(map_html(tiny, offline=False))
    tags = REMOTE_SCRIPT.findall(html)
    assert len(tags) == 1
    assert 'integrity="sha384-' in html and "leaflet@1.9.3" in html
    assert "script-src 'sha256-" in html
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js;" in html


def test_two_renders_are_byte_identical(tiny):
    assert map_html(tiny) == map_html(tiny)


def test_every_page_carries_a_hash_only_script_policy(tiny):
    html = map_html(tiny)
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy is not None
    assert html.index(policy.group(0)) < html.index("<script")
    text = unescape(policy.group(1))
    assert "default-src 'none'" in text and "connect-src 'none'" in text
    assert "unsafe-inline" not in text.split("script-src")[1].split(";")[0]


def test_online_basemap_adds_only_its_tile_host(tiny):
    html = unescape(map_html(tiny, basemap="osm"))
    assert "img-src data: https://tile.openstreetmap.org" in html


def test_layer_groups_in_the_map_data(tiny):
    data = map_data(build_scene(tiny))
    assert [g["id"] for g in data["groups"]] == [
        "reference",
        "events-joint-air-patrol",
        "events-naval-transit",
    ]
    assert [layer["id"] for layer in data["groups"][0]["layers"]] == [
        "ref-adiz",
        "ref-seas",
        "ref-straits",
        "ref-places",
    ]
    patrols = data["groups"][1]["layers"]
    assert [layer["id"] for layer in patrols] == ["ev-cross", "ev-short", "ev-dateline"]


def test_date_filter_drops_out_of_range_events(tiny):
    recent = filter_catalog(tiny, start=__import__("datetime").date(2024, 1, 1))
    data = map_data(build_scene(recent))
    ids = [layer["id"] for g in data["groups"][1:] for layer in g["layers"]]
    assert ids == ["ev-dateline"]


def test_antimeridian_route_is_continuous_and_framed(tiny):
    data = map_data(build_scene(filter_catalog(tiny, events=["ev-dateline"])))
    (leg,) = [f for f in data["groups"][1]["layers"][0]["features"] if "type" not in f]
    coords = decode(leg["c"])
    assert coords[:, 0].tolist() == [178.5, 181.5]  # one step east across 180°, not 357° west
    (south, west), (north, east) = data["bounds"]
    assert east - west == pytest.approx(3.0) and north - south == pytest.approx(0.0)


def page_texts(html: str) -> list[str]:
    """The page's markup plus every string of its data block, decoded as the browser sees them."""
    return [html, *data_strings(html)]


def raw_attacks(html: str) -> list[str]:
    """Attacks that reach the page with their markup or template syntax intact."""
    dangerous = [a for a in ATTACKS if set(a) & set("<>{}`$\\")]  # the rest is inert text
    return sorted({a for text in page_texts(html) for a in dangerous if a in text})


def test_hostile_text_is_escaped_everywhere(make_catalog, tmp_path):
    canary = tmp_path / "canary-file"
    html = map_html(load_catalog(make_catalog(hostile_parts(canary))))
    assert not canary.exists(), "a template in the catalogue ran on the rendering machine"
    assert raw_attacks(html) == []
    assert "1337" not in html  # {{ 7*191 }} was never evaluated
    assert "H00 &lt;img src=x" in "".join(page_texts(html))  # shown as text instead


def test_unescaped_popup_check_can_fail(make_catalog, tmp_path, monkeypatch):
    # With the escaping boundary bypassed in popups, the same check finds the raw markup.
    from patrolmap.render import popups

    monkeypatch.setattr(popups, "html_text", lambda s: s)
    html = map_html(load_catalog(make_catalog(hostile_parts(tmp_path / "c"))))
    assert '<img src=x onerror="window.__pm_pwned=1;alert(1)">' in raw_attacks(html)


def test_save_writes_atomically_and_keeps_old_output_on_failure(tiny, tmp_path, monkeypatch):
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "map.html"
    target.write_text("previous map")
    from patrolmap.render import page

    def broken(*args, **kwargs):
        raise RuntimeError("render failed half way")

    monkeypatch.setattr(page, "apply_csp", broken)
    with pytest.raises(RuntimeError):
        save_map(tiny, target)
    assert target.read_text() == "previous map"
    assert [p.name for p in target.parent.iterdir()] == ["map.html"]


def test_output_path_that_is_a_directory_is_refused(tiny, tmp_path):
    with pytest.raises(OutputError, match="is a directory"):
        save_map(tiny, tmp_path)


def test_build_map_returns_a_folium_map_that_displays_in_jupyter(tiny):
    import folium

    m = build_map(tiny)
    assert isinstance(m, folium.Map)
    shown = m._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and "Content-Security-Policy" in shown
