"""Findings of the second attack on catalogue input (issue 12): each one refused with a located,
clear message at load time."""

from __future__ import annotations

import difflib

import pytest

from patrolmap.catalog import read as catalog_read
from patrolmap.catalog import validate_catalog
from patrolmap.catalog.fields import text_problem
from patrolmap.catalog.suggest import Suggester


def errors_of(root):
    return list(validate_catalog(root).errors)


def only_error(root):
    errors = errors_of(root)
    assert len(errors) == 1, "\n".join(map(str, errors))
    return errors[0]


def test_a_duplicate_source_id_is_an_error_naming_both_lines(make_catalog, parts):
    parts["sources"].append(dict(parts["sources"][0], headline="Another", url=None))
    root = make_catalog(parts)
    error = only_error(root)
    lines = (root / "seeds" / "sources.yaml").read_text().splitlines()
    first, second = [i + 1 for i, line in enumerate(lines) if line == "- id: src-a"]
    assert (error.record, error.field, error.line) == ("src-a", "id", second)
    assert error.message == f"duplicate id; first at {root / 'seeds' / 'sources.yaml'}:{first}"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p["events"][1].update(id="ev-short\n"), "id"),
        (
            lambda p: p["events"][1]["participants"][0].update(country="RU\n"),
            "participants[1].country",
        ),
        (lambda p: p["adiz"][0]["properties"].update(operator="ZZ"), "operator"),
    ],
    ids=["id-newline", "country-newline", "unknown-country"],
)
def test_ids_and_countries_match_in_full(make_catalog, parts, change, field):
    change(parts)
    errors = errors_of(make_catalog(parts))
    # A refused event id also leaves its route naming an unknown event.
    assert field in [e.field for e in errors] and not {e.field for e in errors} - {field, "event"}


def test_route_forces_are_countries_from_the_one_list(make_catalog, parts):
    parts["routes"][0]["properties"]["forces"] = ["RU", "XX"]
    error = only_error(make_catalog(parts))
    assert (error.record, error.field) == ("route-cross", "forces")
    assert error.message.startswith("item 2: 'XX' is not a country patrolmap knows: RU, CN")


@pytest.mark.parametrize(
    ("layer_or_file", "text", "expected"),
    [
        ("places", "Island \ud800", "contains a lone surrogate (U+D800) at character 8"),
        ("events", "Title \x1b[2J cleared", "contains a control character (U+001B) at character 7"),
        ("events", "Title \x85 next line", "contains a control character (U+0085) at character 7"),
        ("events", "x" * 61, "has a word of 61 characters with no space (at character 1)"),
    ],
    ids=["lone-surrogate", "escape", "c1-control", "long-word"],
)
def test_text_that_is_not_text_is_refused_where_it_is(
    make_catalog, parts, layer_or_file, text, expected
):
    if layer_or_file == "events":
        parts["events"][0]["title"] = text
    else:
        parts["places"][0]["properties"]["name"] = text
    error = only_error(make_catalog(parts))
    assert error.field in ("title", "name") and error.line is not None
    assert error.message.startswith(expected)


def test_a_symlink_out_of_the_catalogue_is_refused(make_catalog, tmp_path):
    root = make_catalog()
    elsewhere = tmp_path / "someone-elses.yaml"
    events = root / "data" / "events.yaml"
    elsewhere.write_text(events.read_text())
    events.unlink()
    events.symlink_to(elsewhere)
    error = only_error(root)
    assert error.file == str(events) and "symbolic link to a file outside" in error.message


def test_a_symlink_inside_the_catalogue_is_followed(make_catalog):
    root = make_catalog()
    events = root / "data" / "events.yaml"
    events.rename(root / "data" / "events-v1.yaml")
    events.symlink_to("events-v1.yaml")
    assert errors_of(root) == []


def _geojson_with(root, layer, edit):
    path = root / "data" / "geo" / f"{layer}.geojson"
    path.write_text(edit(path.read_text()))
    return path


def test_geojson_duplicate_key_is_refused(make_catalog):
    root = make_catalog()
    _geojson_with(
        root, "seas", lambda t: t.replace('"name": "Sea X"', '"name": "Sea X", "name": "Y"')
    )
    error = only_error(root)
    assert (error.record, error.field) == ("sea-x", "name") and "written twice" in error.message


@pytest.mark.parametrize(
    ("layer", "geometry", "expected"),
    [
        ("places", {"type": "Point", "coordinates": [True, 30.5]}, "numbers only"),
        (
            "routes",
            {"type": "LineString", "coordinates": [[130.5, False], [132, 30]]},
            "numbers only",
        ),
        ("places", {"type": "Point", "coordinates": [[131.5, 30.5]]}, "must be [lon, lat]"),
        ("routes", {"type": "LineString", "coordinates": [131.5, 30.5]}, "a single position"),
        (
            "seas",
            {"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 2]]]},
            "must end",
        ),
    ],
    ids=["bool-point", "bool-line", "nested-point", "flat-line", "open-ring"],
)
def test_geojson_geometry_has_exactly_its_form(make_catalog, parts, layer, geometry, expected):
    parts[layer][0]["geometry"] = geometry
    errors = [e for e in errors_of(make_catalog(parts)) if e.field == "geometry"]
    assert len(errors) == 1 and expected in errors[0].message


@pytest.mark.parametrize(
    ("change", "field", "hint"),
    [
        (lambda p: p["events"][0].update(marker=[]), "marker", "did you mean 'markers'?"),
        (
            lambda p: p["events"][0].update(patrol_nuber=3),
            "patrol_nuber",
            "did you mean 'patrol_number'?",
        ),
        (
            lambda p: p["events"][0]["participants"][0].update(cuont=1),
            "participants[1].cuont",
            "'count'?",
        ),
        (lambda p: p["sources"][0].update(urls="x"), "urls", "did you mean 'url'?"),
        (lambda p: p["routes"][0]["properties"].update(force=["RU"]), "force", "'forces'?"),
    ],
    ids=["marker", "patrol_nuber", "nested", "source", "feature"],
)
def test_an_unknown_key_is_refused_with_a_hint(make_catalog, parts, change, field, hint):
    change(parts)
    error = only_error(make_catalog(parts))
    assert error.field == field and error.message.startswith("is not a field of this record")
    assert error.message.endswith(hint)


def test_the_files_version_is_read(make_catalog):
    root = make_catalog()
    events = root / "data" / "events.yaml"
    events.write_text(events.read_text().replace("version: 1", "version: 2"))
    error = only_error(root)
    assert (error.file, error.field) == (str(events), "version")
    assert "not a format this patrolmap reads (version 1)" in error.message


def test_a_file_with_too_many_positions_is_refused_before_parsing(make_catalog, monkeypatch):
    monkeypatch.setattr(catalog_read, "MAX_POSITIONS", 5)
    error = next(e for e in errors_of(make_catalog()) if e.file.endswith("adiz.geojson"))
    assert error.message.endswith("positions; the limit is 5 per file")


def test_hints_compare_a_bounded_number_of_names(monkeypatch):
    compared = []
    original = difflib.SequenceMatcher.set_seq1

    def counting(self, a):
        compared.append(a)
        return original(self, a)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counting)
    known = Suggester(f"src-report-{i:05d}" for i in range(5_000))
    unknown = [f"src-other-{i:05d}" for i in range(200)]  # none within one edit
    assert [known.hint(name) for name in unknown] == [""] * 200
    assert known.closest("src-report-0O123") == "src-report-00123"  # a letter O for a zero
    assert known.closest("src-reprot-00123") == "src-report-00123"  # two letters swapped
    # Only names one edit away are compared in full: a handful, not 200 × 5,000.
    assert 2 <= len(compared) <= 20


def test_unknown_references_get_bounded_hints_through_validation(make_catalog, parts, monkeypatch):
    calls = []
    monkeypatch.setattr(difflib, "get_close_matches", lambda *a, **k: calls.append(a) or [])
    parts["events"][0]["sources"] = [f"src-missing-{i}" for i in range(50)]
    errors = errors_of(make_catalog(parts))
    assert len(errors) == 50 and calls == []


def test_cjk_text_wraps_between_characters_so_it_has_no_long_word():
    # A Japanese headline has no spaces at all, but a browser or figure may break it anywhere.
    headline = "中国軍機及びロシア軍機が沖縄本島と宮古島の間を複数回にわたって共同飛行(11月30日、Tu-95、H-6、Y-9、Y-20、J-16)"
    assert len(headline) > 60 and " " not in headline
    assert text_problem(headline) is None
    assert text_problem("x" * 30 + "日" + "x" * 61).startswith("has a word of 61 characters")
