"""Direction arrows: placed from the join's segment lengths, exactly what one leg alone gets."""

import numpy as np
import pytest
import shapely
from pyproj import Geod

from patrolmap.join import segment_metres
from patrolmap.scene.arrows import leg_arrows, route_arrows
from patrolmap.scene.style import ARROW_SPACING_KM, MAX_ARROWS_PER_LEG

GEOD = Geod(ellps="WGS84")


def _legs():
    rng = np.random.default_rng(7)
    legs = {}
    for k in range(40):
        n = int(rng.integers(2, 60))
        start = np.array([125.0 + k, 30.0 + k % 25])
        steps = rng.normal(0.0, 0.4, size=(n - 1, 2)) + np.array([0.3, 0.1])
        legs[f"leg-{k:02d}"] = np.vstack([start, start + np.cumsum(steps, axis=0)])
    # Edge cases: a two-point leg, a leg folding back on itself, a leg across 180°, a repeated vertex.
    legs["short"] = np.array([[140.0, 40.0], [140.1, 40.0]])
    legs["fold"] = np.array([[150.0, 45.0], [152.0, 45.0], [150.0, 45.0]])
    legs["dateline"] = np.array([[178.0, 55.0], [181.0, 56.0], [184.0, 55.0]])
    legs["repeat"] = np.array([[130.0, 35.0], [130.0, 35.0], [131.0, 35.5]])
    return legs


def test_every_leg_gets_the_arrows_it_gets_alone():
    legs = _legs()
    ids = list(legs)
    lines = np.array([shapely.LineString(c) for c in legs.values()])
    batched = route_arrows(ids, lines, dict(zip(ids, segment_metres(lines), strict=True)))
    assert list(batched) == ids
    for leg_id, coords in legs.items():
        assert batched[leg_id] == leg_arrows(coords, GEOD), leg_id


@pytest.mark.parametrize(
    "km", [10.0, 2.5 * ARROW_SPACING_KM, (MAX_ARROWS_PER_LEG + 3) * ARROW_SPACING_KM]
)
def test_arrow_count_follows_the_spacing(km):
    # A meridian leg of `km` km: one arrow per ARROW_SPACING_KM, at least one, at most the cap.
    degrees = km / 111.1
    line = shapely.LineString([(140.0, -60.0), (140.0, -60.0 + degrees)])
    lines = np.array([line])
    arrows = route_arrows(["a"], lines, {"a": segment_metres(lines)[0]})["a"]
    expected = int(min(MAX_ARROWS_PER_LEG, max(1, km // ARROW_SPACING_KM)))
    assert abs(len(arrows) - expected) <= 1
    assert all(a.ahead_lat > a.lat for a in arrows)  # every arrow points the way the leg runs


def test_no_legs():
    assert route_arrows([], np.array([], dtype=object), {}) == {}
    assert segment_metres(np.array([], dtype=object)) == []
