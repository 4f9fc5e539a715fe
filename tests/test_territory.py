"""The territory check and closest-approach facts, on hand-made shapes and on the bundled catalogue.

The hand-made world: a square island of "JP" around (150, 35) with its 12 nm sea, a stretch of
"CN" coast to the west, and legs drawn at known distances from them. Latitude 35°: one degree of
longitude is about 91 km, one of latitude about 111 km.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import shapely
from catalog_factory import base_catalog, event, feature, line, write_catalog
from click.testing import CliRunner

from patrolmap.catalog import load_catalog
from patrolmap.cli import cli
from patrolmap.join import join_catalog
from patrolmap.render.popups import event_popup
from patrolmap.scene.naming import area_names
from patrolmap.territory import Place, Territory, check_routes

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import build_territory

ISLAND = shapely.box(149.9, 34.9, 150.1, 35.1)  # about 18 km by 22 km
COAST = shapely.box(140.0, 34.0, 145.0, 36.0)  # "CN" mainland
EMPTY = shapely.Polygon()


def hand_made(strait_areas=()) -> Territory:
    """Island and coast with a geodesic 12 nm sea (3 nm inside `strait_areas`), as the build does."""
    every_land = shapely.union_all([ISLAND, COAST])
    jp_sea = build_territory.territorial_sea(ISLAND, list(strait_areas), every_land)
    cn_sea = build_territory.territorial_sea(COAST, [], every_land)
    territory = {"JP": ISLAND.union(jp_sea), "CN": COAST.union(cn_sea)}
    for geom in territory.values():
        shapely.prepare(geom)
    places = (
        Place("JP", "Test Island", 150.0, 35.0),
        Place("JP", "Far Rock", 150.0, 38.0),
        Place("CN", "Test Coast", 144.0, 35.0),
    )
    return Territory(territory, {"JP": ISLAND, "CN": COAST}, places, ())


def catalog_with(tmp_path, legs, events):
    parts = base_catalog()
    parts["routes"] = legs
    parts["events"] = events
    return load_catalog(write_catalog(tmp_path, parts))


def leg(fid, eid, forces, *points):
    return feature(fid, line(*points), event=eid, forces=forces)


def problems(tmp_path, legs, events, territory=None):
    catalog = catalog_with(tmp_path, legs, events)
    return check_routes(catalog, territory or hand_made())


def test_a_leg_over_foreign_land_is_an_error_naming_leg_state_and_island(tmp_path):
    found = problems(
        tmp_path,
        [leg("route-over", "ev-a", ["RU"], (149.5, 35.0), (150.5, 35.0))],
        [event("ev-a", areas=[])],
    )
    assert [(p.severity, p.record) for p in found] == [("error", "route-over")]
    message = found[0].message
    assert "ev-a" in message and "route-over" in message
    assert "Japan" in message and "Test Island (JP)" in message
    # The island is 0.2° wide (≈ 18 km) and its sea 22.2 km on each side: ≈ 63 km inside.
    assert "runs 6" in message and "18 km of it over land" in message


def test_a_leg_in_the_territorial_sea_only_is_an_error_too(tmp_path):
    # 0.2° north of the island's edge is ≈ 11 km: inside the 12 nm (22.2 km) sea, over no land.
    found = problems(
        tmp_path,
        [leg("route-sea", "ev-a", ["RU"], (149.5, 35.2), (150.5, 35.2))],
        [event("ev-a", areas=[])],
    )
    assert [(p.severity, p.record) for p in found] == [("error", "route-sea")]
    assert "over land" not in found[0].message
    depth = float(found[0].message.split("up to ")[1].split(" km")[0])
    assert 10.0 < depth < 12.5  # 22.2 km limit − ≈ 11.1 km from the coast


def test_a_leg_outside_the_limit_is_fine_even_in_the_contiguous_zone(tmp_path):
    # 0.4° north of the edge is ≈ 44 km: beyond 12 nm, inside the 24 nm contiguous zone.
    found = problems(
        tmp_path,
        [leg("route-cz", "ev-a", ["RU"], (149.5, 35.5), (150.5, 35.5))],
        [event("ev-a", areas=[])],
    )
    assert found == []


def test_in_a_strait_area_the_limit_is_three_miles(tmp_path):
    # 0.12° north of the island (≈ 13 km): inside 12 nm, outside 3 nm (5.6 km).
    north = [leg("route-strait", "ev-a", ["RU"], (149.5, 35.22), (150.5, 35.22))]
    events = [event("ev-a", areas=[])]
    assert [p.record for p in problems(tmp_path / "a", north, events)] == ["route-strait"]
    strait = shapely.box(149.0, 35.1, 151.0, 35.6)
    narrowed = hand_made(strait_areas=[strait])
    assert problems(tmp_path / "b", north, events, narrowed) == []
    # Within 3 nm (0.03° ≈ 3.3 km off the coast) is still inside.
    close = [leg("route-close", "ev-a", ["RU"], (149.5, 35.13), (150.5, 35.13))]
    found = problems(tmp_path / "c", close, events, narrowed)
    assert [p.record for p in found] == ["route-close"]


def test_a_leg_over_a_partners_territory_is_a_warning(tmp_path):
    joint = event("ev-joint", areas=[])
    joint["participants"].append({"country": "CN", "type": "H-6K", "count": 2})
    found = problems(
        tmp_path,
        [leg("route-ru", "ev-joint", ["RU"], (143.0, 37.0), (143.0, 35.0))],
        [joint],
    )
    assert [(p.severity, p.record) for p in found] == [("warning", "route-ru")]
    assert "China" in found[0].message and "partner" in found[0].message


def test_a_recorded_entry_is_accepted_and_nothing_else(tmp_path):
    recorded = event("ev-a", areas=[])
    recorded["territory_entries"] = [
        {
            "state": "JP",
            "place": "Test Island",
            "note": "The defence ministry reported the entry.",
            "disputed": "The flying state denied it.",
            "sources": ["src-a"],
        }
    ]
    legs = [leg("route-over", "ev-a", ["RU"], (149.5, 35.0), (150.5, 35.0))]
    assert problems(tmp_path / "a", legs, [recorded]) == []
    # The same entry does not cover a different place...
    elsewhere = [leg("route-rock", "ev-a", ["RU"], (149.5, 37.9), (150.5, 37.9))]
    far_rock = shapely.box(149.9, 37.9, 150.1, 38.1)
    territory = hand_made()
    territory.territory["JP"] = shapely.union_all([territory.territory["JP"], far_rock.buffer(0.2)])
    territory.land["JP"] = shapely.union_all([ISLAND, far_rock])
    found = problems(tmp_path / "b", elsewhere, [recorded], territory)
    assert [(p.severity, p.record) for p in found] == [
        ("error", "route-rock"),
        ("warning", "ev-a"),  # ...and an entry no route makes is reported
    ]
    assert "Far Rock (JP)" in found[0].message
    assert found[1].field == "territory_entries[1]"


def test_ships_count_the_same_way(tmp_path):
    naval = event("ev-ship", areas=[], kind="naval-transit")
    inside = [leg("route-ship", "ev-ship", ["RU"], (149.5, 35.2), (150.5, 35.2))]
    assert [p.record for p in problems(tmp_path / "a", inside, [naval])] == ["route-ship"]
    passing = [leg("route-ship", "ev-ship", ["RU"], (149.5, 35.5), (150.5, 35.5))]
    assert problems(tmp_path / "b", passing, [naval]) == []


def test_the_build_buffers_geodesically_not_in_degrees():
    # At 60°N a degree of longitude is half a degree of latitude; a degree buffer would be lopsided.
    island = shapely.box(179.9, 59.95, 180.1, 60.05)
    sea = build_territory.territorial_sea(island, [], island)
    _, _, maxx, maxy = sea.bounds
    east_km = (maxx - 180.1) * 111.32 * 0.5
    north_km = (maxy - 60.05) * 111.32
    assert east_km == pytest.approx(22.2, abs=0.5)
    assert north_km == pytest.approx(22.2, abs=0.5)


# --- the bundled catalogue --------------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_bundled_catalogue_passes_the_check_strictly():
    result = run("validate", "--strict")
    assert result.exit_code == 0, result.output


def test_a_vertex_moved_onto_okinawa_fails_naming_leg_japan_and_island(tmp_path):
    target = tmp_path / "copy"
    assert run("init", target).exit_code == 0
    routes = target / "data" / "geo" / "routes.geojson"
    data = json.loads(routes.read_text())
    joint = next(f for f in data["features"] if f["properties"]["id"] == "route-2025-12-09-joint")
    joint["geometry"]["coordinates"][2] = [127.8, 26.4]  # Okinawa Island, near Kadena
    routes.write_text(json.dumps(data))
    result = run("validate", "--catalog", target)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "route-2025-12-09-joint" in line]
    assert len(errors) == 1, result.stderr
    assert "Japan" in errors[0] and "Okinawa Island (JP)" in errors[0]
    assert "over land" in errors[0]


def test_the_recorded_2019_entry_is_the_only_one_in_the_bundled_catalogue():
    catalog = load_catalog()
    entries = [(e.id, t.state, t.place) for e in catalog.events for t in e.territory_entries]
    assert entries == [("patrol-2019-07-23", "KR", "Takeshima / Dokdo")]
    assert catalog.event("patrol-2019-07-23").territory_entries[0].disputed


def test_closest_approach_is_in_summary_json():
    records = {r["id"]: r for r in json.loads(run("summary", "--format", "json").stdout)}
    december = records["patrol-2025-12-09"]["closest_foreign"]
    japan = next(a for a in december if a["state"] == "JP")
    assert isinstance(japan["km"], float) and 0 < japan["km"] < 60
    assert japan["place"]
    # Nearest first, and only states that took no part.
    assert [a["km"] for a in december] == sorted(a["km"] for a in december)
    assert not {"RU", "CN"} & {a["state"] for a in december}
    # The A-50's reported entry: zero distance to the disputed islets, with the claim recorded.
    july = records["patrol-2019-07-23"]["closest_foreign"][0]
    assert (july["state"], july["place"], july["km"]) == ("KR", "Takeshima / Dokdo", 0.0)
    assert july["claimed_by"] == ["JP"]


def test_closest_approach_is_in_csv_as_a_number():
    import csv
    import io

    rows = {
        r["id"]: r for r in csv.DictReader(io.StringIO(run("summary", "--format", "csv").stdout))
    }
    records = {r["id"]: r for r in json.loads(run("summary", "--format", "json").stdout)}
    december = rows["patrol-2025-12-09"]
    assert (
        float(december["closest_foreign_km"])
        == records["patrol-2025-12-09"]["closest_foreign"][0]["km"]
    )
    assert december["closest_foreign"].endswith(")")  # "Tsushima (JP)"


def test_closest_approach_is_in_the_popup():
    catalog = load_catalog()
    joined = join_catalog(catalog)
    event_ = catalog.event("patrol-2025-12-09")
    html = "".join(event_popup(event_, joined[event_.id], area_names(catalog)))
    assert "Foreign territory" in html and "came within" in html and "(JP)" in html


def test_seas_stop_at_the_coast():
    # Before clipping, the Sea of Japan covered about 10,400 km² of Japan and the Sea of Okhotsk
    # about 33,600 km² of the Magadan coast. Now only the two simplifications of the 1:10m coast
    # disagree: a few km wide slivers, well under 200 km² per sea.
    from pyproj import Geod

    from patrolmap.territory import load_territory

    territory = load_territory()
    land = shapely.get_parts(shapely.union_all(list(territory.land.values())))
    seas = load_catalog().seas
    for sea_id, geom in zip(seas["id"], seas.geometry, strict=True):
        # Islands inside a sea stay part of it; the coasts around it must not.
        coasts = [part for part in land if part.intersects(geom) and not geom.contains(part)]
        overlap = geom.intersection(shapely.union_all(coasts))
        area, _ = Geod(ellps="WGS84").geometry_area_perimeter(overlap)
        assert abs(area) / 1e6 < 200, sea_id
    # The Gulf of Anadyr is sea now, up to its head at Anadyr.
    bering = seas.set_index("id").loc["sea-bering", "geometry"]
    assert bering.contains(shapely.Point(178.5, 64.5))
    assert bering.contains(shapely.Point(180.7, 65.6))  # Kresta Bay


def test_closest_approach_is_in_the_figure_notes():
    from patrolmap.figure.layout import _footer
    from patrolmap.scene.build import build_scene

    catalog = load_catalog()
    one = catalog.with_events((catalog.event("patrol-2025-12-09"),))
    footer = _footer(build_scene(one), lambda text: text)
    assert "Foreign territory, as drawn: routes came within" in footer
    assert "Tsushima (JP)" in footer
