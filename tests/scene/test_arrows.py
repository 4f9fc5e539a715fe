"""Direction arrows: placed from the join's segment lengths, exactly where the per-leg placement
(the reference below, as patrolmap computed arrows before the join shared its lengths) puts them."""

import numpy as np
import pytest
import shapely
from pyproj import Geod

from patrolmap.catalog import load_catalog
from patrolmap.join import join_catalog
from patrolmap.scene.arrows import AHEAD, route_arrows
from patrolmap.scene.model import Arrow
from patrolmap.scene.style import ARROW_SPACING_KM, MAX_ARROWS_PER_LEG

GEOD = Geod(ellps="WGS84")


def metres(coords: np.ndarray) -> np.ndarray:
    """Each segment's geodesic length, one leg at a time."""
    return np.asarray(GEOD.inv(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1])[2])


def reference_arrows(coords: np.ndarray) -> tuple[Arrow, ...]:
    """One leg's arrows, measured and placed on their own."""
    if len(coords) < 2:
        return ()
    run = np.concatenate([[0.0], np.cumsum(metres(coords) / 1000.0)])
    total = float(run[-1])
    if total <= 0:
        return ()
    count = int(min(MAX_ARROWS_PER_LEG, max(1, total // ARROW_SPACING_KM)))
    arrows = []
    for k in range(count):
        at = ((k + 0.5) / count if count > 1 else 0.55) * total
        seg = int(np.clip(np.searchsorted(run, at) - 1, 0, len(coords) - 2))
        length = run[seg + 1] - run[seg] or 1.0
        t = (at - run[seg]) / length
        p, q = coords[seg], coords[seg + 1]
        here = p + (q - p) * t
        ahead = p + (q - p) * min(t + AHEAD, 1.0) if t + AHEAD <= 1.0 else q
        if np.allclose(ahead, here):
            here = p + (q - p) * max(t - AHEAD, 0.0)
        arrows.append(Arrow(*(round(float(v), 5) for v in (*here, *ahead))))
    return tuple(arrows)


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
    lines = np.array([shapely.LineString(c) for c in legs.values()])
    batched = route_arrows(list(legs), lines, {k: metres(c) for k, c in legs.items()})
    assert list(batched) == list(legs)
    for leg_id, coords in legs.items():
        assert batched[leg_id] == reference_arrows(coords), leg_id


def test_the_join_measures_each_legs_segments_as_one_leg_alone():
    catalog = load_catalog()
    joined = join_catalog(catalog)
    assert set(joined.leg_metres) == set(catalog.routes["id"])
    for leg_id, line in zip(catalog.routes["id"], catalog.routes.geometry, strict=True):
        assert np.array_equal(joined.leg_metres[leg_id], metres(np.asarray(line.coords))), leg_id


@pytest.mark.parametrize(
    "km", [10.0, 2.5 * ARROW_SPACING_KM, (MAX_ARROWS_PER_LEG + 3) * ARROW_SPACING_KM]
)
def test_arrow_count_follows_the_spacing(km):
    # A meridian leg of `km` km: one arrow per ARROW_SPACING_KM, at least one, at most the cap.
    coords = np.array([(140.0, -60.0), (140.0, -60.0 + km / 111.1)])
    arrows = route_arrows(["a"], np.array([shapely.LineString(coords)]), {"a": metres(coords)})["a"]
    expected = int(min(MAX_ARROWS_PER_LEG, max(1, km // ARROW_SPACING_KM)))
    assert abs(len(arrows) - expected) <= 1
    assert all(a.ahead_lat > a.lat for a in arrows)  # every arrow points the way the leg runs


def test_no_legs():
    assert route_arrows([], np.array([], dtype=object), {}) == {}
