"""The map data's compact pieces: coordinate encoding, style table, arrows."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from patrolmap.render.layers import COORD_SCALE, StyleTable, arrowheads, encode_line, encode_lines


def decode(flat: list[int]) -> np.ndarray:
    """What the page runtime does (js/patrolmap.js decode): running sums, then [lon, lat]."""
    pairs = np.cumsum(np.asarray(flat).reshape(-1, 2), axis=0) / COORD_SCALE
    return pairs[:, ::-1]


def test_encoded_line_decodes_to_within_half_a_unit():
    coords = np.array([[131.86722, 37.24278], [181.5, 60.5], [-0.00004, -89.99996]])
    assert np.abs(decode(encode_line(coords)) - coords).max() <= 0.5 / COORD_SCALE


def test_deltas_are_small_integers():
    flat = encode_line(np.array([[130.0, 30.0], [130.0005, 30.0002]]))
    assert flat == [300000, 1300000, 2, 5]


def test_many_lines_encode_like_one_at_a_time():
    lines = np.array(
        [shapely.LineString([(1, 2), (3, 4), (5, 6)]), shapely.LineString([(178, 60), (181.5, 61)])]
    )
    assert encode_lines(lines) == [encode_line(np.asarray(line.coords)) for line in lines]


def test_style_table_writes_each_style_once():
    styles = StyleTable()
    a = styles(color="#c62828", weight=3)
    b = styles(weight=3, color="#c62828")
    c = styles(color="#6a1b9a", weight=3)
    assert (a, b, c) == (0, 0, 1) and len(styles.styles) == 2


@pytest.mark.parametrize(
    "line, bearing",
    [
        (shapely.LineString([(130, 35), (140, 35)]), 90.0),  # due east: pointing right
        (shapely.LineString([(130, 35), (130, 45)]), 0.0),  # due north: pointing up
        (shapely.LineString([(179, 60), (182, 60)]), 90.0),  # east across 180°
    ],
)
def test_arrows_point_along_the_route_on_screen(line, bearing):
    flat = arrowheads(np.array([line]))[0]
    assert len(flat) % 3 == 0 and flat
    assert all(angle == pytest.approx(bearing, abs=0.5) for angle in flat[2::3])


def test_long_routes_get_more_arrows_up_to_a_cap():
    short = shapely.LineString([(130, 35), (131, 35)])
    long = shapely.LineString([(120, 35), (200, 35)])
    counts = [len(a) // 3 for a in arrowheads(np.array([short, long]))]
    assert counts == [1, 4]
