"""GeoJSON export: RFC 7946 geometry, the bundled catalogue's counts, provenance on every feature."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
import shapely
from interchange_support import touched_reference_ids
from shapely.geometry import shape

ALASKA_LEG = "route-2024-07-24-joint"
PROVENANCE = (
    "event",
    "event_title",
    "event_kind",
    "event_start",
    "event_end",
    "participants",
    "confidence",
    "event_confidence",
    "adiz_entered",
    "straits_crossed",
    "event_route_km",
    "closest_approach_km",
    "closest_foreign",
    "disputed",
    "territory_entries",
    "event_sources",
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from click.testing import CliRunner

    from patrolmap.cli import cli

    path = tmp_path_factory.mktemp("geojson") / "all.geojson"
    result = CliRunner().invoke(cli, ["export", "-o", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(path.read_text(encoding="utf-8"))


def by_layer(collection) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in collection["features"]:
        out.setdefault(f["properties"]["layer"], []).append(f)
    return out


def test_default_layers_are_routes_markers_and_the_features_they_touch(exported, bundled):
    catalog, joined = bundled
    layers = by_layer(exported)
    assert [f["id"] for f in layers["routes"]] == list(catalog.all_legs["id"])
    assert len(layers["markers"]) == sum(len(e.markers) for e in catalog.events)
    reference = {f["id"] for name in ("adiz", "seas", "straits", "places") for f in layers[name]}
    assert reference == touched_reference_ids(joined)
    # a feature nothing reaches stays out: the bundled routes never touch every place
    assert len(reference) < sum(
        len(catalog.layers[n]) for n in ("adiz", "seas", "straits", "places")
    )


def test_every_route_and_marker_carries_its_provenance(exported, bundled):
    catalog, joined = bundled
    for f in by_layer(exported)["routes"] + by_layer(exported)["markers"]:
        props = f["properties"]
        assert all(key in props for key in PROVENANCE), f["id"]
        event = catalog.event(props["event"])
        assert props["event_title"] == event.title
        assert props["event_start"] == event.start.isoformat()
        assert props["adiz_entered"] == list(joined[event.id].adiz)
        assert [s["id"] for s in props["event_sources"]] == list(event.sources)
        for source in props["event_sources"]:
            known = catalog.sources[source["id"]]
            assert (source["outlet"], source["title"], source["url"]) == (
                known.outlet,
                known.headline,
                known.url,
            )
    routes = catalog.all_legs.set_index("id")
    for f in by_layer(exported)["routes"]:
        assert [s["id"] for s in f["properties"]["sources"]] == list(routes.loc[f["id"], "sources"])


def test_disputed_notes_travel_with_the_routes(exported, bundled):
    catalog, _ = bundled
    disputed = {e.id: e.disputed for e in catalog.events if e.disputed}
    assert disputed, "the bundled catalogue should have disputed notes to export"
    for f in by_layer(exported)["routes"]:
        notes = [d["note"] for d in f["properties"]["disputed"]]
        assert notes == [d.note for d in disputed.get(f["properties"]["event"], ())]


def all_coordinates(geometry) -> np.ndarray:
    return shapely.get_coordinates(shape(geometry))


def test_every_longitude_is_within_minus_180_and_180(exported):
    for f in exported["features"]:
        lons = all_coordinates(f["geometry"])[:, 0]
        assert ((lons >= -180) & (lons <= 180)).all(), f["id"]


def test_no_exported_line_or_ring_jumps_across_the_world(exported):
    for f in exported["features"]:
        geometry = shape(f["geometry"])
        parts = shapely.get_parts(geometry)
        rings = [r for p in parts if p.geom_type == "Polygon" for r in shapely.get_rings(p)]
        lines = [p for p in parts if p.geom_type == "LineString"] + rings
        for line in lines:
            steps = np.abs(np.diff(np.asarray(line.coords)[:, 0]))
            assert (steps <= 180).all(), f["id"]


def test_the_alaska_route_is_split_at_180_and_keeps_its_vertices_in_order(exported, bundled):
    catalog, _ = bundled
    feature = next(f for f in exported["features"] if f["id"] == ALASKA_LEG)
    assert feature["geometry"]["type"] == "MultiLineString"
    parts = [np.array(p) for p in feature["geometry"]["coordinates"]]
    assert len(parts) == 3  # it crosses 180° eastward and comes back
    for before, after in itertools.pairwise(parts):
        assert abs(before[-1][0]) == 180 and before[-1][0] == -after[0][0]
        assert before[-1][1] == after[0][1]
    # Dropping the cut points gives the catalogue's vertices in the catalogue's order.
    inner = np.concatenate([parts[0][:-1], *(p[1:-1] for p in parts[1:-1]), parts[-1][1:]])
    original = catalog.routes.set_index("id").geometry[ALASKA_LEG]
    expected = np.asarray(original.coords)
    expected[:, 0] = np.where(expected[:, 0] > 180, expected[:, 0] - 360, expected[:, 0])
    np.testing.assert_array_equal(inner, expected)


def test_polygons_follow_the_right_hand_rule(exported):
    polygons = 0
    for f in exported["features"]:
        for part in shapely.get_parts(shape(f["geometry"])):
            if part.geom_type != "Polygon":
                continue
            polygons += 1
            assert part.exterior.is_ccw, f["id"]
            assert all(not ring.is_ccw for ring in part.interiors), f["id"]
    assert polygons


def test_polygons_crossing_180_keep_their_area(exported, bundled):
    catalog, _ = bundled
    for f in exported["features"]:
        if f["properties"]["layer"] not in ("adiz", "seas"):
            continue
        original = catalog.layers[f["properties"]["layer"]].set_index("id").geometry[f["id"]]
        assert shape(f["geometry"]).area == pytest.approx(original.area, rel=1e-12), f["id"]


def test_no_crs_member_since_rfc_7946_is_always_wgs84(exported):
    assert "crs" not in exported


def test_explicit_layers_export_whole_reference_layers(run, tmp_path, bundled):
    catalog, _ = bundled
    path = tmp_path / "adiz.geojson"
    result = run("export", "--layers", "adiz,events", "-o", path)
    assert result.exit_code == 0, result.output
    layers = by_layer(json.loads(path.read_text()))
    assert sorted(layers) == ["adiz", "events"]
    assert len(layers["adiz"]) == len(catalog.adiz)
    assert len(layers["events"]) == len(catalog.events)


def test_filters_select_the_events_exported(run, tmp_path, bundled):
    catalog, _ = bundled
    path = tmp_path / "alaska.geojson"
    result = run("export", "--event", "patrol-2024-07-24", "-o", path)
    assert result.exit_code == 0, result.output
    routes = by_layer(json.loads(path.read_text()))["routes"]
    expected = catalog.routes.loc[catalog.routes["event"] == "patrol-2024-07-24", "id"]
    assert [f["id"] for f in routes] == list(expected)


def test_the_same_input_gives_the_same_bytes(run, tmp_path):
    first, second = tmp_path / "a.geojson", tmp_path / "b.geojson"
    run("export", "-o", first)
    run("export", "-o", second)
    assert first.read_bytes() == second.read_bytes()


def test_an_unknown_layer_or_suffix_is_a_clear_error(run, tmp_path):
    result = run("export", "--layers", "routes,ships", "-o", tmp_path / "x.geojson")
    assert result.exit_code == 1
    assert "error: --layers ships: unknown layer; choose from events, routes," in result.stderr
    result = run("export", "-o", tmp_path / "x.shp")
    assert result.exit_code == 1
    assert "cannot tell the format from the suffix '.shp'" in result.stderr
    assert not list(tmp_path.iterdir())


def test_facts_the_join_adds_later_are_exported_as_data():
    """A derived fact made of dataclasses (as closest approaches to territory are) is exported
    field by field with its description; a geometry inside it is left out."""
    import dataclasses

    from shapely.geometry import Point

    from patrolmap.interchange.provenance import _derived
    from patrolmap.join import EventFacts

    @dataclasses.dataclass(frozen=True)
    class Near:
        state: str
        km: float
        where: object

        def describe(self) -> str:
            return f"came within {self.km:.0f} km of {self.state}"

    @dataclasses.dataclass(frozen=True)
    class Later(EventFacts):
        approaches: tuple = ()

    facts = Later("ev", True, approaches=(Near("JP", 12.5, Point(1, 2)),))
    derived = _derived(facts)
    assert derived["approaches"] == [
        {"state": "JP", "km": 12.5, "description": "came within 12 km of JP"}
    ]
    assert derived["adiz_entered"] == [] and "event_id" not in derived


def test_hostile_text_is_exported_as_the_exact_data(run, tmp_path, make_catalog):
    """Data formats carry text as data: valid JSON, every string exactly as in the catalogue."""
    from hostile import hostile_parts

    from patrolmap.catalog import load_catalog

    root = make_catalog(hostile_parts(tmp_path / "canary"))
    path = tmp_path / "hostile.geojson"
    result = run("export", "--catalog", root, "--layers", "events,routes,markers,adiz", "-o", path)
    assert result.exit_code == 0, result.output
    layers = by_layer(json.loads(path.read_text(encoding="utf-8")))
    catalog = load_catalog(root)
    routes = catalog.all_legs.set_index("id")
    for f in layers["routes"]:
        assert f["properties"]["name"] == routes.loc[f["id"], "name"]
        assert f["properties"]["vehicles"] == routes.loc[f["id"], "vehicles"]
    for f in layers["events"]:
        event = catalog.event(f["id"])
        assert f["properties"]["name"] == event.title
        assert [d["note"] for d in f["properties"]["disputed"]] == [d.note for d in event.disputed]
    source = next(iter(catalog.sources.values()))
    exported = layers["routes"][0]["properties"]["event_sources"][0]
    assert (exported["outlet"], exported["title"], exported["url"]) == (
        source.outlet,
        source.headline,
        source.url,
    )


def test_a_polygon_with_holes_is_cut_at_180_holes_and_all():
    from shapely.geometry import Polygon

    from patrolmap.interchange.geometry import to_rfc7946

    def square(x, y, size):
        return [(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]

    # Pacific frame: 170°E to 170°W, with islands west of, across and east of 180°
    sea = Polygon(square(170, 50, 20), [square(172, 52, 1), square(179, 54, 2), square(186, 52, 1)])
    cut = to_rfc7946(sea)
    assert cut.geom_type == "MultiPolygon" and cut.is_valid
    assert cut.area == pytest.approx(sea.area, rel=1e-12)
    west, east = sorted(cut.geoms, key=lambda p: p.bounds[0], reverse=True)
    assert west.bounds == (170, 50, 180, 70) and east.bounds == (-180, 50, -170, 70)
    # the islands either side stay holes; the one across 180° becomes a notch in both parts
    assert len(west.interiors) == 1 and len(east.interiors) == 1
    assert all(p.exterior.is_ccw and not any(r.is_ccw for r in p.interiors) for p in cut.geoms)
