"""GeoPackage export read back by GDAL (pyogrio): layers, counts, typed fields, provenance."""

from __future__ import annotations

import json

import pyogrio
import pytest
from interchange_support import touched_reference_ids

ALL = ("events", "routes", "markers", "adiz", "seas", "straits", "places")


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory):
    from click.testing import CliRunner

    from patrolmap.cli import cli

    path = tmp_path_factory.mktemp("gpkg") / "all.gpkg"
    args = ["export", "--layers", ",".join(ALL), "-o", str(path)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path


def test_one_layer_per_kind_with_the_catalogues_counts(gpkg, bundled):
    catalog, _ = bundled
    layers = dict(pyogrio.list_layers(gpkg))
    assert sorted(layers) == sorted(ALL)
    expected = {
        "events": len(catalog.events),
        "routes": len(catalog.all_legs),  # variants too, marked by variant_of
        "markers": sum(len(e.markers) for e in catalog.events),
        **{name: len(catalog.layers[name]) for name in ("adiz", "seas", "straits", "places")},
    }
    counts = {name: pyogrio.read_info(gpkg, layer=name)["features"] for name in ALL}
    assert counts == expected
    assert layers["routes"] == "MultiLineString"  # the Alaska leg is cut at 180°
    assert layers["markers"] == "Point"
    assert layers["adiz"] == "MultiPolygon"


def test_columns_are_typed(gpkg):
    info = pyogrio.read_info(gpkg, layer="routes")
    types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert types["event_start"] == types["event_end"] == types["date"] == "OFTDate"
    assert types["leg_km"] == types["event_route_km"] == "OFTReal"
    assert types["patrol_number"] == "OFTInteger64"
    assert types["sources"] == types["participants"] == "OFTString"
    assert info["crs"] == "EPSG:4326"


def test_provenance_reads_back_as_json_text(gpkg, bundled):
    catalog, joined = bundled
    routes = pyogrio.read_dataframe(gpkg, layer="routes")
    assert list(routes["id"]) == list(catalog.all_legs["id"])
    for row in routes.itertuples():
        event = catalog.event(row.event)
        assert row.event_title == event.title
        assert json.loads(row.adiz_entered) == list(joined[event.id].adiz)
        assert json.loads(row.closest_approach_km) == joined[event.id].closest_km
        assert [s["id"] for s in json.loads(row.event_sources)] == list(event.sources)
        assert [d["note"] for d in json.loads(row.disputed)] == [d.note for d in event.disputed]
        assert str(row.event_start)[:10] == event.start.isoformat()
    longitudes = routes.geometry.get_coordinates()["x"]
    assert longitudes.between(-180, 180).all()


def test_default_layers_hold_the_touched_reference_features(run, tmp_path, bundled):
    _, joined = bundled
    path = tmp_path / "default.gpkg"
    assert run("export", "-o", path).exit_code == 0
    names = [name for name, _ in pyogrio.list_layers(path)]
    assert names[:2] == ["routes", "markers"]
    ids = set()
    for name in names[2:]:
        ids |= set(pyogrio.read_dataframe(path, layer=name, read_geometry=False)["id"])
    assert ids == touched_reference_ids(joined)


def test_a_failure_midway_leaves_the_old_file_and_no_temporary(
    tmp_path, gpkg, bundled, monkeypatch
):
    from patrolmap.interchange import gpkg as writer
    from patrolmap.interchange.formats import export_file

    path = tmp_path / "keep.gpkg"
    path.write_bytes(gpkg.read_bytes())
    real, layers_done = writer.flat_rows, []

    def fail_on_the_second_layer(records):
        layers_done.append(records[0].layer)
        if len(layers_done) == 2:
            raise OSError("disk full")
        return real(records)

    monkeypatch.setattr(writer, "flat_rows", fail_on_the_second_layer)
    with pytest.raises(OSError, match="disk full"):
        export_file(bundled[1], path, layers=("routes", "markers"))
    assert layers_done == ["routes", "markers"]
    assert path.read_bytes() == gpkg.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.gpkg"]


def test_territory_layer_on_request(run, tmp_path):
    """Each state's land and territorial sea and the strait areas, valid and within −180…180."""
    import json as jsonlib

    from patrolmap.paths import bundled_catalog_dir

    source = bundled_catalog_dir() / "data" / "geo" / "territory.geojson"
    features = jsonlib.loads(source.read_text(encoding="utf-8"))["features"]
    areas = [f for f in features if f["properties"]["kind"] != "place"]
    path = tmp_path / "territory.gpkg"
    assert run("export", "--layers", "territory", "-o", path).exit_code == 0
    frame = pyogrio.read_dataframe(path, layer="territory")
    assert len(frame) == len(areas)
    assert frame.geometry.is_valid.all()
    assert frame.geometry.get_coordinates()["x"].between(-180, 180).all()
    states = {f["properties"]["state"] for f in areas if f["properties"]["kind"] == "territory"}
    assert set(frame.loc[frame["kind"] == "territory", "state"]) == states
    assert frame["note"].str.contains("source: ").all()


def test_identical_input_gives_identical_bytes(gpkg, tmp_path):
    """GDAL would stamp each table with the clock; the export fixes that stamp, as KMZ does."""
    import sqlite3
    import time

    from click.testing import CliRunner

    from patrolmap.cli import cli

    time.sleep(0.01)  # a later clock than the fixture's, to the millisecond GDAL writes
    again = tmp_path / "again.gpkg"
    args = ["export", "--layers", ",".join(ALL), "-o", str(again)]
    assert CliRunner().invoke(cli, args, catch_exceptions=False).exit_code == 0
    assert again.read_bytes() == gpkg.read_bytes()
    with sqlite3.connect(again) as db:
        stamps = {row[0] for row in db.execute("select last_change from gpkg_contents")}
    assert stamps == {"1980-01-01T00:00:00.000Z"}
