"""Each validation check, on a tiny catalogue broken in exactly one way."""

from __future__ import annotations

import pytest

from patrolmap.catalog import load_catalog, validate_catalog
from patrolmap.errors import CatalogError


def errors_of(root):
    return list(validate_catalog(root).errors)


def only_error(root):
    errors = errors_of(root)
    assert len(errors) == 1, "\n".join(map(str, errors))
    return errors[0]


def test_tiny_catalog_is_valid(make_catalog):
    catalog = load_catalog(make_catalog())
    assert [e.id for e in catalog.events] == ["ev-cross", "ev-short", "ev-dateline", "ev-noroute"]
    assert list(catalog.adiz["id"]) == ["adiz-a", "adiz-b", "adiz-dateline"]
    assert catalog.routes.crs.to_epsg() == 4326


def test_missing_directory(tmp_path):
    error = only_error(tmp_path / "nowhere")
    assert error.message == (
        "catalogue directory not found; `patrolmap init DIR` makes one to start from"
    )


def test_missing_file(make_catalog):
    root = make_catalog()
    (root / "data" / "geo" / "straits.geojson").unlink()
    error = only_error(root)
    assert error.file.endswith("straits.geojson") and error.message == (
        "file not found; every catalogue has it (`patrolmap init DIR` makes a complete one)"
    )


def test_empty_file(make_catalog):
    root = make_catalog()
    (root / "data" / "events.yaml").write_text("")
    error = next(e for e in errors_of(root) if e.file.endswith("events.yaml"))
    assert error.message == "file is empty"


def test_binary_junk(make_catalog):
    root = make_catalog()
    (root / "seeds" / "sources.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff")
    messages = {e.message for e in errors_of(root) if e.file.endswith("sources.yaml")}
    assert messages == {"is a binary file, not UTF-8 text"}


def test_truncated_yaml(make_catalog):
    root = make_catalog()
    path = root / "data" / "events.yaml"
    text = path.read_text()
    path.write_text(text[: text.index("summary")] + 'summary: "unterminated\n')
    error = next(e for e in errors_of(root) if e.file.endswith("events.yaml"))
    assert error.message.startswith("YAML error") and error.line is not None


def test_geojson_that_is_a_list(make_catalog):
    root = make_catalog()
    (root / "data" / "geo" / "seas.geojson").write_text("[1, 2, 3]")
    error = next(e for e in errors_of(root) if e.file.endswith("seas.geojson"))
    assert "FeatureCollection" in error.message and "a list" in error.message


def test_invalid_json_names_line(make_catalog):
    root = make_catalog()
    (root / "data" / "geo" / "places.geojson").write_text('{\n "type": "FeatureCollection",\n ]')
    error = next(e for e in errors_of(root) if e.file.endswith("places.geojson"))
    assert error.line == 3 and error.message.startswith("invalid JSON")


def test_python_tag_is_refused(make_catalog, tmp_path):
    root = make_catalog()
    canary = tmp_path / "canary"
    (root / "data" / "events.yaml").write_text(
        f"events: !!python/object/apply:os.system ['touch {canary}']\n"
    )
    error = next(e for e in errors_of(root) if e.file.endswith("events.yaml"))
    assert "python/object" in error.message
    assert not canary.exists()


def test_yaml_aliases_are_refused(make_catalog):
    root = make_catalog()
    (root / "data" / "events.yaml").write_text("a: &x [1, 2]\nb: *x\n")
    error = next(e for e in errors_of(root) if e.file.endswith("events.yaml"))
    assert error.message == "YAML anchors and aliases are not supported" and error.line == 2


def test_deep_nesting_is_refused(make_catalog):
    root = make_catalog()
    (root / "data" / "events.yaml").write_text("events: " + "[" * 40 + "]" * 40 + "\n")
    error = next(e for e in errors_of(root) if e.file.endswith("events.yaml"))
    assert "nested deeper" in error.message


def test_required_field_missing(make_catalog, parts):
    del parts["events"][0]["title"]
    error = only_error(make_catalog(parts))
    assert (error.record, error.field, error.message) == ("ev-cross", "title", "is required")


def test_wrong_type_in_nested_record(make_catalog, parts):
    parts["events"][1]["participants"][0]["count"] = "two"
    error = only_error(make_catalog(parts))
    assert error.record == "ev-short" and error.field == "participants[1].count"
    assert "whole number" in error.message


def test_duplicate_id(make_catalog, parts):
    parts["seas"][0]["properties"]["id"] = "adiz-a"
    parts["seas"][0]["properties"]["id"] = "sea-x"
    parts["events"][1]["id"] = "ev-cross"
    errors = errors_of(make_catalog(parts))
    assert any(e.field == "id" and "duplicate id" in e.message for e in errors)


def test_unknown_area_reference_suggests_a_fix(make_catalog, parts):
    parts["events"][0]["areas"] = ["adiz-aa"]
    error = only_error(make_catalog(parts))
    assert error.field == "areas" and "unknown area id 'adiz-aa'" in error.message
    assert "did you mean 'adiz-a'" in error.message


def test_unknown_source_reference(make_catalog, parts):
    parts["adiz"][1]["properties"]["sources"] = ["src-missing"]
    error = only_error(make_catalog(parts))
    assert error.file.endswith("adiz.geojson") and error.record == "adiz-b"
    assert error.message.startswith("unknown source id 'src-missing'")


def test_route_names_unknown_event(make_catalog, parts):
    parts["routes"][0]["properties"]["event"] = "ev-crosss"
    error = only_error(make_catalog(parts))
    assert error.record == "route-cross" and error.field == "event"


def test_route_date_outside_its_event(make_catalog, parts):
    parts["routes"][0]["properties"]["date"] = "2021-05-05"
    error = only_error(make_catalog(parts))
    assert error.field == "date" and "outside event ev-cross" in error.message


def test_self_intersecting_polygon(make_catalog, parts):
    bowtie = [[130, 30], [131, 31], [131, 30], [130, 31], [130, 30]]
    parts["adiz"][0]["geometry"]["coordinates"] = [bowtie]
    error = only_error(make_catalog(parts))
    assert error.record == "adiz-a" and "Self-intersection" in error.message


def test_empty_geometry(make_catalog, parts):
    parts["straits"][0]["geometry"]["coordinates"] = []
    error = only_error(make_catalog(parts))
    assert error.record == "strait-gate" and error.field == "geometry"


def test_wrong_geometry_type(make_catalog, parts):
    parts["places"][0]["geometry"] = {"type": "LineString", "coordinates": [[1, 1], [2, 2]]}
    error = only_error(make_catalog(parts))
    assert "not allowed here; use Point" in error.message


def test_coordinates_out_of_range(make_catalog, parts):
    parts["places"][0]["geometry"]["coordinates"] = [131.5, 95.0]
    error = only_error(make_catalog(parts))
    assert "out of range" in error.message


def test_shape_crossing_greenwich_is_refused(make_catalog, parts):
    parts["routes"][0]["geometry"]["coordinates"] = [[-1, 50], [1, 50]]
    error = only_error(make_catalog(parts))
    assert "180° of longitude apart" in error.message


def test_date_that_does_not_exist(make_catalog):
    root = make_catalog()
    path = root / "data" / "events.yaml"
    path.write_text(path.read_text().replace("2020-01-02", "2023-02-30", 1))
    errors = errors_of(root)
    assert any("'2023-02-30' is not a real date" in e.message for e in errors)


def test_end_before_start(make_catalog, parts):
    parts["events"][0]["end"] = "2019-12-31"
    error = only_error(make_catalog(parts))
    assert error.field == "end" and "before start" in error.message


def test_duplicate_sources(make_catalog, parts):
    twin = dict(parts["sources"][0], id="src-b")
    parts["sources"].append(twin)
    parts["events"][0]["sources"].append("src-b")
    errors = errors_of(make_catalog(parts))
    assert {e.field for e in errors} == {"headline", "url"}
    assert all(e.record == "src-b" and "duplicate source" in e.message for e in errors)


def test_non_web_url_is_refused(make_catalog, parts):
    parts["sources"][0]["url"] = "javascript:alert(1)"
    error = only_error(make_catalog(parts))
    assert error.field == "url" and "not an http(s) address" in error.message


def test_source_note_is_read_and_must_be_text(make_catalog, parts):
    parts["sources"][0]["note"] = "No stored copy shows the date."
    source = load_catalog(make_catalog(parts)).sources["src-a"]
    assert source.note == "No stored copy shows the date."
    parts["sources"][0]["note"] = ["not", "text"]
    error = only_error(make_catalog(parts))
    assert (error.record, error.field) == ("src-a", "note")


def test_unused_source_is_a_warning(make_catalog, parts):
    parts["sources"].append(
        dict(parts["sources"][0], id="src-unused", url="https://example.org/u", headline="Other")
    )
    problems = validate_catalog(make_catalog(parts)).problems
    assert [(p.severity, p.record) for p in problems] == [("warning", "src-unused")]


def test_every_problem_is_reported_at_once(make_catalog, parts):
    parts["events"][0]["areas"] = ["adiz-nope"]
    parts["events"][1]["end"] = "2019-01-01"
    parts["adiz"][0]["geometry"]["coordinates"] = [
        [[130, 30], [131, 31], [131, 30], [130, 31], [130, 30]]
    ]
    parts["sources"][0]["kind"] = "rumour"
    with pytest.raises(CatalogError) as info:
        load_catalog(make_catalog(parts))
    fields = sorted((p.record, p.field) for p in info.value.problems)
    assert fields == [
        ("adiz-a", "geometry"),
        ("ev-cross", "areas"),
        ("ev-short", "end"),
        ("src-a", "kind"),
    ]


def test_problem_lines_point_at_the_record(make_catalog, parts):
    parts["routes"][2]["properties"]["forces"] = []
    root = make_catalog(parts)
    error = only_error(root)
    text = (root / "data" / "geo" / "routes.geojson").read_text().splitlines()
    assert error.record == "route-dateline"
    # The reported line opens the third feature of the file.
    assert text[error.line - 1].strip() == "{"
    assert '"route-dateline"' in "\n".join(text[error.line - 1 : error.line + 12])
