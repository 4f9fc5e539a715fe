"""The map data's compact pieces: coordinate encoding, style table, arrows."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from catalog_factory import base_catalog
from page_data import decode, varints

from patrolmap.catalog import load_catalog
from patrolmap.render.layers import (
    COORD_SCALE,
    VARINT_ALPHABET,
    Tables,
    encode_line,
    encode_lines,
    encode_varints,
    map_data,
)
from patrolmap.scene.build import build_scene


def test_encoded_line_decodes_to_within_half_a_unit():
    coords = np.array([[131.86722, 37.24278], [181.5, 60.5], [-0.00004, -89.99996]])
    assert np.abs(decode(encode_line(coords)) - coords).max() <= 0.5 / COORD_SCALE


def test_deltas_are_small_integers_in_few_characters():
    text = encode_line(np.array([[130.0, 30.0], [130.0005, 30.0002]]))
    assert varints(text) == [300000, 1300000, 2, 5]
    assert len(text) == 4 + 5 + 1 + 1  # a small delta takes one character


@pytest.mark.parametrize("value", [0, 1, -1, 15, 16, -16, -17, 31, 32, 1000, -3_600_000, 2**40])
def test_varints_round_trip(value):
    text, width = encode_varints(np.array([value]))
    assert varints(text.decode()) == [value] and width.tolist() == [len(text)]
    assert set(text.decode()) <= set(VARINT_ALPHABET)


def test_many_lines_encode_like_one_at_a_time():
    lines = np.array(
        [shapely.LineString([(1, 2), (3, 4), (5, 6)]), shapely.LineString([(178, 60), (181.5, 61)])]
    )
    assert encode_lines(lines) == [encode_line(np.asarray(line.coords)) for line in lines]


def test_tables_write_each_style_and_text_once():
    tables = Tables()
    a = tables.style(color="#c62828", weight=3)
    b = tables.style(weight=3, color="#c62828")
    c = tables.style(color="#6a1b9a", weight=3)
    assert (a, b, c) == (0, 0, 1) and len(tables.styles) == 2
    assert [tables.text("<p>a</p>"), tables.text("<p>b</p>"), tables.text("<p>a</p>")] == [0, 1, 0]
    assert tables.texts == ["<p>a</p>", "<p>b</p>"]


def test_a_leg_carries_its_bands_km_and_style_and_the_page_no_band_outline(make_catalog):
    parts = base_catalog()
    confidence = {"route-cross": "medium", "route-short": "high", "route-dateline": "low"}
    for leg in parts["routes"]:
        leg["properties"]["confidence"] = confidence[leg["properties"]["id"]]
    parts["routes"][2]["properties"]["uncertainty_km"] = 35  # given: wins over "low"
    data = map_data(build_scene(load_catalog(make_catalog(parts))))
    features = [f for g in data["groups"] for lay in g["layers"] for f in lay["features"]]
    legs = {f["name"]: f for f in features if "type" not in f}

    def band_colour(leg):
        return data["styles"][leg["b"][1]]["fillColor"]

    assert legs["Route Cross"]["b"][0] == 20.0 and band_colour(legs["Route Cross"]) == "#6a1b9a"
    assert (
        legs["Route Dateline"]["b"][0] == 35.0 and band_colour(legs["Route Dateline"]) == "#c62828"
    )
    assert "b" not in legs["Route Short"]  # a high-confidence leg has no band
    # The page strokes a band from its leg: no band features, no outline anywhere in the data.
    assert not any(f.get("type") == "band" for f in features)
    assert all(set(f) <= {"c", "s", "name", "head", "a", "b"} for f in legs.values())
