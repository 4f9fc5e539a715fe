"""The batched closest approach to foreign land gives the facts of the plain per-event loop.

join_catalog measures every leg once against the states its event does not include, in one bulk
STRtree pass per state (territory.closest_by_leg). The reference below is the loop it replaced:
for each event, each foreign state and each leg, query the state's islands and coasts near the leg,
rank them by distance to the whole part, and measure the three nearest one at a time. Both must
give the same Approach (state, km and place) for every event.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.affinity import scale

from patrolmap.catalog import load_catalog
from patrolmap.geo import pacific_lon
from patrolmap.join import join_catalog
from patrolmap.territory import (
    _GEOD,
    APPROACH_RADIUS_KM,
    Approach,
    Place,
    Territory,
    _window,
    closest_approach,
    load_territory,
)

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _reference_measured(leg, land):
    if land.is_empty:
        return None
    lat0 = shapely.shortest_line(leg, land).coords[1][1]
    k = float(np.cos(np.radians(lat0)))
    line = shapely.shortest_line(
        scale(leg, k, 1.0, origin=(0, 0)), scale(land, k, 1.0, origin=(0, 0))
    )
    (x1, y1), (x2, y2) = line.coords
    _, _, metres = _GEOD.inv(x1 / k, y1, x2 / k, y2)
    return metres / 1000.0, (float(pacific_lon(x2 / k)), y2)


def _reference_approach(territory, legs, state, radius_km=APPROACH_RADIUS_KM):
    if state not in territory.land:
        return None
    parts, tree = territory.land_parts[state]
    found = []
    for leg in legs:
        window = _window(leg, radius_km)
        near = parts[tree.query(window)]
        if len(near) == 0:
            continue
        for part in near[np.argsort(shapely.distance(leg, near))[:3]]:
            found.append(_reference_measured(leg, shapely.clip_by_rect(part, *window.bounds)))
    measured = [f for f in found if f is not None and f[0] <= radius_km]
    if not measured:
        return None
    km, (lon, lat) = min(measured, key=lambda f: f[0])
    return Approach(state, round(km, 1), territory.nearest_place(state, lon, lat))


def _reference_facts(catalog) -> dict[str, tuple[Approach, ...]]:
    territory = load_territory()
    routes = catalog.routes
    out = {}
    for event in catalog.events:
        legs = routes.geometry[routes["event"] == event.id].to_numpy()
        found = [
            _reference_approach(territory, legs, state)
            for state in territory.states
            if state not in event.countries
        ]
        out[event.id] = tuple(sorted((a for a in found if a is not None), key=lambda a: a.km))
    return out


def _assert_same_approaches(catalog) -> int:
    joined = join_catalog(catalog)
    expected = _reference_facts(catalog)
    assert {e: joined[e].territory for e in expected} == expected
    return sum(len(approaches) for approaches in expected.values())


def test_bundled_catalogue_approaches_match_the_per_event_loop():
    assert _assert_same_approaches(load_catalog()) > 19  # every bundled event has some


@pytest.fixture(scope="module")
def pacific_catalogue(tmp_path_factory):
    """A generated catalogue whose legs wander near the Kurils and the Aleutians."""
    spec = importlib.util.spec_from_file_location(
        "bench_make_catalog", BENCHMARKS / "make_catalog.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    root = module.make_catalog(tmp_path_factory.mktemp("pacific"), 120, 12_000, seed=1)
    return load_catalog(root)


def test_generated_catalogue_approaches_match_the_per_event_loop(pacific_catalogue):
    assert _assert_same_approaches(pacific_catalogue) > 0


def test_closest_approach_of_a_few_legs_is_the_nearest_of_the_batch(pacific_catalogue):
    territory = load_territory()
    legs = pacific_catalogue.routes.geometry.to_numpy()[:40]
    for state in ("RU", "US", "JP"):
        assert closest_approach(territory, legs, state) == _reference_approach(
            territory, legs, state
        )


# A hand-made world at 60°N, where a degree of longitude is about 56 km and one of latitude 111 km,
# so ranking islands in degrees and measuring them on the ellipsoid disagree on purpose.
LEG = shapely.LineString([(170.0, 60.0), (170.1, 60.0)])


def _islet(lon: float, lat: float) -> shapely.Polygon:
    return shapely.box(lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01)


def _world() -> Territory:
    land = {
        # 1.19° north, 1.29° south and 1.50° east: the third in degrees is the nearest, 84 km.
        "RU": shapely.MultiPolygon(
            [_islet(170.05, 61.2), _islet(170.05, 58.7), _islet(171.61, 60)]
        ),
        # Two islets just over 400 km south (3.62° and 3.645°), a strip whose nearest point is
        # 3.714° north, outside the leg's window, and an islet 3.716° east (207 km). The three
        # nearest in degrees are the islets south and the strip: none within 400 km once measured.
        "US": shapely.MultiPolygon(
            [
                _islet(170.05, 56.37),
                _islet(170.05, 56.345),
                shapely.Polygon([(170.05, 63.8), (177.0, 63.0), (177.0, 62.95), (170.0, 63.75)]),
                _islet(173.826, 60.0),
            ]
        ),
    }
    places = (Place("RU", "East Islet", 171.61, 60.0), Place("US", "Far Islet", 173.8, 60.0))
    return Territory(dict(land), land, places, ())


def test_the_three_nearest_parts_in_degrees_are_measured():
    territory = _world()
    approach = closest_approach(territory, [LEG], "RU")
    assert approach == _reference_approach(territory, [LEG], "RU")
    assert approach.place.name == "East Islet" and approach.km == pytest.approx(83.7, abs=0.5)


def test_parts_are_ranked_by_their_whole_shape_even_outside_the_window():
    """The strip's clipped piece is further (3.721°) than the east islet, its whole shape nearer
    (3.714°): ranked by the whole shape, as the per-event loop did, the islet is not measured."""
    territory = _world()
    strip = shapely.get_parts(territory.land["US"])[2]
    window = _window(LEG, APPROACH_RADIUS_KM)
    assert not window.contains(shapely.shortest_line(LEG, strip).boundary.geoms[1])
    assert closest_approach(territory, [LEG], "US") is None
    assert _reference_approach(territory, [LEG], "US") is None
