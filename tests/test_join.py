"""The join on hand-made geometry whose answers can be worked out on paper."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from patrolmap.catalog import filter_catalog, load_catalog, validate_catalog
from patrolmap.join import join_catalog, route_lengths_km


@pytest.fixture
def joined(make_catalog):
    return join_catalog(load_catalog(make_catalog()))


def test_route_crossing_the_gate_transits_the_strait(joined):
    facts = joined["ev-cross"]
    assert facts.straits == ("strait-gate",)
    assert facts.adiz == ("adiz-a", "adiz-b")
    assert facts.seas == ("sea-x",)


def test_route_stopping_short_of_the_gate_does_not_transit(joined):
    facts = joined["ev-short"]
    assert facts.straits == ()
    assert facts.adiz == ("adiz-a",)


def test_route_length_is_geodesic(joined):
    # 2° of longitude along 30.5°N: 2 × 111.32 km × cos(30.5°) ≈ 191.8 km on a sphere;
    # the WGS 84 ellipsoid gives a little more.
    assert joined["ev-cross"].route_km == pytest.approx(192.0, abs=0.5)


def test_closest_approach_to_a_place(joined):
    # (134.4, 30.2) is 0.3° south and 0.1° west of the place at (134.5, 30.5): ≈ 33.3 km and 9.6 km.
    assert joined["ev-short"].closest_km == {"place-p": pytest.approx(34.6, abs=0.3)}
    assert joined["ev-cross"].closest_km == {"place-p": 0.0}


def test_place_outside_the_radius_is_left_out(make_catalog):
    joined = join_catalog(load_catalog(make_catalog()), place_radius_km=30)
    assert joined["ev-short"].closest_km == {}


def test_event_without_route_has_no_derived_facts(joined):
    facts = joined["ev-noroute"]
    assert not facts.has_route and facts.route_km is None and facts.adiz == ()


@pytest.mark.parametrize(
    "ring, route",
    [
        # Both written with vertices on either side of 180° ...
        (
            [[179, 60], [-179, 60], [-179, 61], [179, 61], [179, 60]],
            [[178.5, 60.5], [-178.5, 60.5]],
        ),
        # ... or entirely in 0–360 form ...
        ([[179, 60], [181, 60], [181, 61], [179, 61], [179, 60]], [[178.5, 60.5], [181.5, 60.5]]),
        # ... or mixed: the answers are the same.
        ([[179, 60], [181, 60], [181, 61], [179, 61], [179, 60]], [[178.5, 60.5], [-178.5, 60.5]]),
    ],
)
def test_antimeridian_answers_do_not_depend_on_the_side(make_catalog, parts, ring, route):
    parts["adiz"][2]["geometry"]["coordinates"] = [ring]
    parts["routes"][2]["geometry"]["coordinates"] = route
    joined = join_catalog(load_catalog(make_catalog(parts)))
    facts = joined["ev-dateline"]
    assert facts.adiz == ("adiz-dateline",)
    # 3° of longitude at 60.5°N ≈ 164.9 km, not the 357° the long way round.
    assert facts.route_km == pytest.approx(164.9, abs=0.5)


def test_route_on_the_far_side_of_180_is_not_inside(make_catalog, parts):
    parts["routes"][2]["geometry"]["coordinates"] = [[-170, 60.5], [-169, 60.5]]
    joined = join_catalog(load_catalog(make_catalog(parts)))
    assert joined["ev-dateline"].adiz == ()


def test_curated_areas_that_disagree_with_the_route_warn(make_catalog, parts):
    parts["events"][0]["areas"] = ["adiz-a", "adiz-b", "sea-x"]  # drops the strait
    parts["events"][1]["areas"] = ["adiz-a", "sea-x", "strait-gate"]  # claims a transit
    warnings = validate_catalog(make_catalog(parts)).warnings
    messages = sorted((w.record, w.message) for w in warnings)
    assert messages == [
        ("ev-cross", "a route crosses the gate of strait-gate, which areas does not list"),
        ("ev-short", "lists strait-gate, but no route of the event crosses the gate of it"),
    ]
    assert all(w.severity == "warning" and w.field == "areas" for w in warnings)


def test_frame_has_one_row_per_event(joined):
    frame = joined.frame
    assert list(frame["id"]) == ["ev-cross", "ev-short", "ev-dateline", "ev-noroute"]
    assert frame.crs.to_epsg() == 4326
    assert frame.geometry.iloc[3] is None
    assert frame.loc[0, "straits"] == ["strait-gate"]


def test_filtered_catalog_joins_only_kept_events(make_catalog):
    catalog = filter_catalog(load_catalog(make_catalog()), kinds=["naval-transit"])
    joined = join_catalog(catalog)
    assert list(joined.facts) == ["ev-noroute"]


def test_lengths_of_many_lines_in_one_call():
    lines = np.array(
        [shapely.LineString([(0, 0), (1, 0)]), shapely.LineString([(0, 0), (0, 1), (0, 2)])]
    )
    km = route_lengths_km(lines)
    assert km[0] == pytest.approx(111.32, abs=0.01)  # 1° along the equator
    assert km[1] == pytest.approx(221.1, abs=0.2)  # 2° of meridian near the equator
