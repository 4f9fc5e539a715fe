"""`patrolmap import`: tracks from GPX, KML/KMZ, GeoJSON and CSV become route legs, or nothing changes."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import numpy as np
import pytest

from patrolmap.catalog.init import init_catalog

FIXTURES = Path(__file__).parent / "fixtures"
ROUTES = Path("data/geo/routes.geojson")
ALASKA = "patrol-2024-07-24"
ALASKA_LEG = "route-2024-07-24-joint"


@pytest.fixture
def catalogue(tmp_path):
    """A copy of the bundled catalogue to import into."""
    root = tmp_path / "work"
    init_catalog(root)
    return root


def routes_of(root: Path) -> list[dict]:
    return json.loads((root / ROUTES).read_text(encoding="utf-8"))["features"]


def only_added_lines(before: str, after: str) -> bool:
    """True when `after` is `before` with lines inserted and none removed or changed."""
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    return not any(line.startswith("- ") for line in diff)


def import_ok(run, *args):
    result = run("import", *args)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize(
    ("fixture", "event", "forces", "expected"),
    [
        (
            "bering.gpx",
            ALASKA,
            "RU,CN",
            [[178.25, 59.5], [179.75, 59.9], [-179.25, 60.2], [-177.5, 60.4]],
        ),
        (
            "sea-of-japan.kml",
            "il20-2026-01-23",
            "RU",
            [[134.125, 40.5], [135.5, 41.0], [136.75, 41.625]],
        ),
        (
            "sea-of-japan.geojson",
            "il20-2026-01-23",
            "RU",
            [[133.5, 39.25], [134.75, 39.875], [135.125, 40.5]],
        ),
    ],
)
def test_a_track_becomes_one_new_leg_and_nothing_else_changes(
    run, catalogue, fixture, event, forces, expected
):
    before_text = (catalogue / ROUTES).read_text(encoding="utf-8")
    before = routes_of(catalogue)
    result = import_ok(
        run, FIXTURES / fixture, "--catalog", catalogue, "--event", event, "--forces", forces
    )
    after = routes_of(catalogue)
    assert after[:-1] == before  # existing legs, ids and order untouched
    leg = after[-1]
    assert leg["properties"]["id"] == f"route-{event}-imported-1"
    assert leg["properties"]["id"] in result.stdout
    assert leg["properties"]["event"] == event
    assert leg["properties"]["forces"] == forces.split(",")
    assert leg["geometry"] == {"type": "LineString", "coordinates": expected}
    assert only_added_lines(before_text, (catalogue / ROUTES).read_text(encoding="utf-8"))
    # and the catalogue with the new leg is still valid
    assert run("validate", "--catalog", catalogue).exit_code == 0


def test_names_confidence_and_sources_come_from_the_file_and_the_options(run, catalogue):
    import_ok(
        run,
        FIXTURES / "sea-of-japan.kml",
        "--catalog", catalogue,
        "--event", "il20-2026-01-23",
        "--forces", "RU",
        "--confidence", "low",
        "--vehicles", "Il-20 ×1",
    )  # fmt: skip
    props = routes_of(catalogue)[-1]["properties"]
    assert props["name"] == "Il-20 down the Sea of Japan"
    assert props["confidence"] == "low"
    assert props["vehicles"] == "Il-20 ×1"
    assert props["confidence_note"] == "imported from sea-of-japan.kml"
    from patrolmap.catalog import load_catalog

    event = load_catalog(catalogue).event("il20-2026-01-23")
    assert props["sources"] == list(event.sources)  # the event's, when none is given


def test_a_second_import_gets_the_next_id(run, catalogue):
    args = ("--catalog", catalogue, "--event", "il20-2026-01-23", "--forces", "RU")
    import_ok(run, FIXTURES / "sea-of-japan.geojson", *args)
    import_ok(run, FIXTURES / "sea-of-japan.geojson", *args)
    ids = [f["properties"]["id"] for f in routes_of(catalogue)[-2:]]
    assert ids == ["route-il20-2026-01-23-imported-1", "route-il20-2026-01-23-imported-2"]


# --- round trips: export, then import the file back ----------------------------------------------


@pytest.mark.parametrize("suffix", [".geojson", ".kml", ".kmz", ".csv"])
def test_export_then_import_gives_back_the_same_geometry(run, catalogue, tmp_path, suffix):
    """The Alaska leg crosses 180°: it is cut on export and joined again on import."""
    exported = tmp_path / f"alaska{suffix}"
    extra = ("--wkt",) if suffix == ".csv" else ()
    assert run("export", "--event", ALASKA, *extra, "-o", exported).exit_code == 0
    original = {f["properties"]["id"]: f for f in routes_of(catalogue)}
    # No --event, --forces or --source: an export says them for each leg.
    import_ok(run, exported, "--catalog", catalogue)
    added = routes_of(catalogue)[len(original) :]
    legs = [f for f in original.values() if f["properties"]["event"] == ALASKA]
    assert len(added) == len(legs)
    for new, old in zip(added, legs, strict=True):
        assert new["geometry"] == old["geometry"]
        for key in ("event", "forces", "sources", "name"):
            assert new["properties"][key] == old["properties"][key]


def test_the_imported_alaska_leg_measures_as_the_original(run, catalogue, tmp_path):
    from patrolmap.catalog import load_catalog
    from patrolmap.join import route_lengths_km

    exported = tmp_path / "alaska.kml"
    assert run("export", "--event", ALASKA, "-o", exported).exit_code == 0
    import_ok(run, exported, "--catalog", catalogue)
    routes = load_catalog(catalogue).routes.set_index("id")
    pair = routes.geometry[[ALASKA_LEG, f"route-{ALASKA}-imported-1"]].to_numpy()
    first, second = route_lengths_km(pair)
    assert first == second and first > 1000


# --- what import refuses -------------------------------------------------------------------------


def unchanged_after(run, catalogue, *args):
    before = (catalogue / ROUTES).read_bytes()
    result = run("import", *args, "--catalog", catalogue)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (catalogue / ROUTES).read_bytes() == before
    assert sorted(p.name for p in (catalogue / ROUTES).parent.iterdir()) == sorted(
        p.name for p in (catalogue / "data" / "geo").iterdir()
    )
    return result.stderr


def test_a_track_with_no_event_is_refused_clearly(run, catalogue):
    message = unchanged_after(run, catalogue, FIXTURES / "bering.gpx", "--forces", "RU")
    assert message == (
        f"error: {FIXTURES / 'bering.gpx'}: trk 'Traced leg over the Bering Sea': no event: "
        "give --event ID to say which event this track belongs to (`patrolmap summary` lists them)\n"
    )


def test_an_unknown_event_no_forces_or_an_unknown_source_is_refused(run, catalogue):
    track = FIXTURES / "sea-of-japan.geojson"
    message = unchanged_after(run, catalogue, track, "--event", "ev-nope", "--forces", "RU")
    assert "unknown event 'ev-nope'" in message
    message = unchanged_after(run, catalogue, track, "--event", "il20-2026-01-23")
    assert "no forces: give --forces" in message
    message = unchanged_after(
        run, catalogue, track, "--event", "il20-2026-01-23", "--forces", "RU", "--source", "src-x"
    )
    assert "unknown source src-x" in message
    message = unchanged_after(run, catalogue, track, "--event", "il20-2026-01-23", "--forces", "R")
    assert "R is not a country code" in message


def test_a_leg_that_fails_validation_is_not_written(run, catalogue, tmp_path):
    # Across the Greenwich meridian: outside the Pacific frame, which validation refuses.
    track = tmp_path / "greenwich.csv"
    track.write_text("lon,lat\n-1.0,50.0\n1.0,50.5\n", encoding="utf-8")
    message = unchanged_after(run, catalogue, track, "--event", "il20-2026-01-23", "--forces", "RU")
    assert f"{catalogue / ROUTES}:" in message  # the real file, not the temporary copy
    assert "route-il20-2026-01-23-imported-1" in message


@pytest.mark.parametrize("fixture", ["xxe.kml", "laughs.gpx"])
def test_xml_entities_are_refused(run, catalogue, fixture):
    message = unchanged_after(
        run, catalogue, FIXTURES / fixture, "--event", "il20-2026-01-23", "--forces", "RU"
    )
    assert "refused" in message


def test_csv_lon_lat_columns_and_bad_rows(run, catalogue, tmp_path):
    track = tmp_path / "pts.csv"
    track.write_text("Latitude,Longitude\n40.0,134.0\n41.0,135.0\n", encoding="utf-8")
    args = ("--event", "il20-2026-01-23", "--forces", "RU")
    import_ok(run, track, "--catalog", catalogue, *args)
    assert routes_of(catalogue)[-1]["geometry"]["coordinates"] == [[134.0, 40.0], [135.0, 41.0]]
    track.write_text("lat,lon\n40.0,134.0\nforty,135.0\n", encoding="utf-8")
    assert unchanged_after(run, catalogue, track, *args) == (
        f"error: {track}:3: lon and lat must be numbers\n"
    )
    track.write_text("a,b\n1,2\n", encoding="utf-8")
    assert "needs a lon and a lat column" in unchanged_after(run, catalogue, track, *args)


def test_a_file_with_no_line_is_refused(run, catalogue, tmp_path):
    points = tmp_path / "points.geojson"
    points.write_text(json.dumps({"type": "Point", "coordinates": [134, 40]}), encoding="utf-8")
    message = unchanged_after(
        run, catalogue, points, "--event", "il20-2026-01-23", "--forces", "RU"
    )
    assert "no track or line found to import" in message


# --- init --empty --------------------------------------------------------------------------------


def test_init_empty_has_the_reference_layers_and_no_events(run, tmp_path, bundled):
    catalog, _ = bundled
    root = tmp_path / "mine"
    assert run("init", "--empty", root).exit_code == 0
    result = run("validate", "--catalog", root, "--strict", "--format", "json")
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)["counts"]
    assert counts["events"] == counts["routes"] == 0
    for layer in ("adiz", "seas", "straits", "places"):
        assert counts[layer] == len(catalog.layers[layer])
    # every source kept is cited by a reference feature (strict would warn otherwise)
    assert 0 < counts["sources"] < len(catalog.sources)


def test_import_into_an_empty_catalogue_needs_an_event_first(run, tmp_path):
    root = tmp_path / "mine"
    init_catalog(root, empty=True)
    message = unchanged_after(
        run, root, FIXTURES / "bering.gpx", "--event", ALASKA, "--forces", "RU"
    )
    assert f"unknown event '{ALASKA}'" in message


def test_gpx_segments_become_separate_legs(tmp_path):
    from patrolmap.interchange.readers import read_tracks

    gpx = tmp_path / "two.gpx"
    gpx.write_text(
        '<gpx xmlns="http://www.topografix.com/GPX/1/0"><trk><name>T</name>'
        '<trkseg><trkpt lat="1" lon="2"/><trkpt lat="3" lon="4"/></trkseg>'
        '<trkseg><trkpt lat="5" lon="6"/><trkpt lat="7" lon="8"/></trkseg></trk>'
        '<rte><rtept lat="9" lon="10"/><rtept lat="11" lon="12"/></rte></gpx>',
        encoding="utf-8",
    )
    tracks = read_tracks(gpx)
    assert [t.name for t in tracks] == ["T (segment 1)", "T (segment 2)", "rte 1"]
    np.testing.assert_array_equal(tracks[2].coords, [[10, 9], [12, 11]])


# --- keeping the file's own formatting -----------------------------------------------------------

NEW = {
    "type": "Feature",
    "properties": {"id": "route-new", "forces": ["RU"]},
    "geometry": {"type": "LineString", "coordinates": [[134.0, 40.0], [-179.5, 41.0]]},
}


def test_appending_to_an_empty_collection_uses_the_catalogue_layout():
    from patrolmap.interchange.importer import append_features

    text = '{\n  "type": "FeatureCollection",\n  "features": []\n}\n'
    assert append_features(text, [NEW]) == (
        "{\n"
        '  "type": "FeatureCollection",\n'
        '  "features": [\n'
        "    {\n"
        '      "type": "Feature",\n'
        '      "properties": {\n'
        '        "id": "route-new",\n'
        '        "forces": [\n'
        '          "RU"\n'
        "        ]\n"
        "      },\n"
        '      "geometry": {\n'
        '        "type": "LineString",\n'
        '        "coordinates": [\n'
        "          [134.0, 40.0],\n"
        "          [-179.5, 41.0]\n"
        "        ]\n"
        "      }\n"
        "    }\n"
        "  ]\n"
        "}\n"
    )


def test_appending_keeps_a_tab_indented_file_and_members_after_features():
    from patrolmap.interchange.importer import append_features

    old = {"type": "Feature", "properties": {"id": "route-old"}, "geometry": None}
    text = json.dumps({"type": "FeatureCollection", "features": [old], "name": "x"}, indent="\t")
    updated = append_features(text, [NEW])
    assert updated.startswith(text[: text.index("\n\t]")])  # every byte before the insertion
    assert updated.endswith(text[text.index("\n\t]") :])  # and after it
    assert '\n\t\t{\n\t\t\t"type": "Feature"' in updated[len(text) - 20 :]
    assert json.loads(updated)["features"] == [old, NEW]
    assert json.loads(updated)["name"] == "x"
