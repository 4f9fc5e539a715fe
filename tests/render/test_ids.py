"""Deterministic element ids: the same map saves to the same bytes."""

from __future__ import annotations

import re

import folium
import pytest
from branca.element import Element

from patrolmap.render.assets import OfflineMap
from patrolmap.render.ids import deterministic_ids


def build_map() -> OfflineMap:
    """A small map with the kinds of elements patrolmap draws."""
    m = OfflineMap([45.0, 150.0], zoom_start=3)
    group = folium.FeatureGroup(name="routes").add_to(m)
    folium.PolyLine([[40, 140], [50, 170]], tooltip="leg").add_to(group)
    folium.CircleMarker([43, 145], radius=4, popup="point").add_to(group)
    folium.GeoJson(
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1, 2]}}
    ).add_to(m)
    folium.LayerControl().add_to(m)
    return m


def save(tmp_path, name: str) -> bytes:
    """Build and save a map, returning the file's bytes."""
    path = tmp_path / name
    build_map().save(path)
    return path.read_bytes()


def test_two_builds_inside_are_byte_identical(tmp_path):
    with deterministic_ids():
        first = save(tmp_path, "a.html")
    with deterministic_ids():
        second = save(tmp_path, "b.html")
    assert first == second


def test_two_builds_outside_differ(tmp_path):
    assert save(tmp_path, "a.html") != save(tmp_path, "b.html")


def test_ids_count_from_one_in_creation_order():
    with deterministic_ids():
        m = OfflineMap()
        group = folium.FeatureGroup()
    assert m.get_name() == "map_000001"
    assert re.fullmatch(r"feature_group_\d{6}", group.get_name())
    assert int(group.get_name()[-6:]) > 1


def test_original_restored_after_exception():
    original = Element.__dict__["_generate_id"]
    with pytest.raises(RuntimeError), deterministic_ids():
        raise RuntimeError("boom")
    assert Element.__dict__["_generate_id"] is original
    assert re.fullmatch(r"[0-9a-f]{32}", Element()._id)


def test_nested_blocks_do_not_corrupt_the_outer_count():
    with deterministic_ids():
        assert Element()._id == "000001"
        with deterministic_ids():
            assert Element()._id == "000001"
        assert Element()._id == "000002"
    assert len(Element()._id) == 32
