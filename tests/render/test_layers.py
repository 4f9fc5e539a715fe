"""The map data's compact pieces: coordinate encoding, style table, arrows."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from page_data import decode, varints

from patrolmap.render.layers import (
    COORD_SCALE,
    VARINT_ALPHABET,
    Tables,
    encode_bands,
    encode_line,
    encode_lines,
    encode_polygon,
    encode_varints,
)


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


def test_bands_encode_like_polygons_with_rings_oriented_for_one_nonzero_fill():
    # A clockwise square with a counter-clockwise hole, and a two-part MultiPolygon.
    square = shapely.Polygon(
        [(0, 0), (0, 2), (2, 2), (2, 0)], holes=[[(0.5, 0.5), (1.5, 0.5), (1.5, 1.5), (0.5, 1.5)]]
    )
    two = shapely.MultiPolygon([shapely.box(5, 5, 6, 6), shapely.box(7, 5, 8, 6, ccw=False)])
    polygon, multi = encode_bands(np.array([square, two]))
    oriented = shapely.orient_polygons(np.array([square, two]))
    assert polygon == encode_polygon(oriented[0]) and multi == encode_polygon(oriented[1])
    assert len(polygon) == 2 and len(multi) == 2  # exterior and hole; two parts

    def ccw(text):
        return shapely.LinearRing(decode(text)).is_ccw

    assert [ccw(r) for r in polygon] == [True, False]  # exteriors one way, holes the other
    assert [ccw(p[0]) for p in multi] == [True, True]
