"""GeoJSON geometries are built while the file is parsed (their positions never all stand as lists),
and anything that is not a well-formed geometry object is left as parsed for the loader to report."""

import json

import shapely

from patrolmap.catalog.read import DuplicateKeys, ParsedGeometry, read_geojson


def read(tmp_path, collection):
    path = tmp_path / "routes.geojson"
    path.write_text(json.dumps(collection, indent=1), encoding="utf-8")
    return read_geojson(path, "routes.geojson", tmp_path)


def feature(geometry, **properties):
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def test_a_geometry_is_built_at_parse_time_and_keeps_no_positions(tmp_path):
    line = {"type": "LineString", "coordinates": [[140.0, 40.0], [141.5, 41.0], [143, 40.5]]}
    result = read(tmp_path, {"type": "FeatureCollection", "features": [feature(line, id="a")]})
    geometry = result.data["features"][0]["geometry"]
    assert isinstance(geometry, ParsedGeometry)
    assert "coordinates" not in geometry and geometry["type"] == "LineString"
    assert shapely.equals_exact(geometry.shape, shapely.LineString(line["coordinates"]), 0)
    assert result.line(("features", 0)) == 4  # lines are still found in the text ("{" of line 4)


def test_what_is_not_a_well_formed_geometry_stays_as_parsed(tmp_path):
    bad = [
        {"type": "LineString", "coordinates": [[140.0, 40.0]]},  # one position
        {"type": "LineString", "coordinates": [[140.0, True], [141.0, 41.0]]},  # a boolean
        {"type": "LineString", "coordinates": [[140, 40], [141, 41]], "extra": 1},  # a foreign key
        {"type": "GeometryCollection", "geometries": []},
    ]
    features = [feature(g, id=f"f{i}") for i, g in enumerate(bad)]
    result = read(tmp_path, {"type": "FeatureCollection", "features": features})
    for parsed, original in zip(result.data["features"], bad, strict=True):
        assert not isinstance(parsed["geometry"], ParsedGeometry)
        assert parsed["geometry"] == original


def test_a_repeated_key_wins_over_building(tmp_path):
    path = tmp_path / "routes.geojson"
    text = '{"type": "LineString", "type": "LineString", "coordinates": [[1, 2], [3, 4]]}'
    path.write_text('{"type": "FeatureCollection", "features": [{"geometry": ' + text + "}]}")
    geometry = read_geojson(path, "routes.geojson", tmp_path).data["features"][0]["geometry"]
    assert isinstance(geometry, DuplicateKeys) and geometry.duplicate == "type"
