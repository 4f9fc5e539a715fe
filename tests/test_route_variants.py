"""Route variants: another source's version of a route, read, checked, joined apart and drawn apart.

The tiny catalogue's ev-cross flies route-cross through the strait gate; its variant here is a
version that turns back before the gate and never reaches adiz-b.
"""

from __future__ import annotations

import html

import pytest
from catalog_factory import feature, line

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.catalog.validate import validate_catalog
from patrolmap.join import join_catalog
from patrolmap.render.layers import map_data
from patrolmap.scene.build import build_scene
from patrolmap.summary import summary_records


def variant(**props) -> dict:
    base = {"event": "ev-cross", "forces": ["RU", "CN"], "variant_of": ["route-cross"]}
    base.update(props)
    return feature("route-cross-other", line((133.5, 30.5), (134.3, 30.9)), **base)


@pytest.fixture
def with_variant(parts):
    parts["sources"].append(
        {
            "id": "src-b",
            "outlet": "Other Wire",
            "headline": "Bombers turned back",
            "date": "2020-01-03",
            "url": "https://example.org/b",
            "kind": "news",
            "facts": ["The bombers turned back before the strait."],
        }
    )
    parts["routes"].append(variant(sources=["src-b"]))
    return parts


def problems(make_catalog, parts) -> list[str]:
    report = validate_catalog(make_catalog(parts))
    return [str(p) for p in report.problems]


# --- schema and validation -----------------------------------------------------------------------


def test_a_variant_loads_apart_from_the_route(make_catalog, with_variant):
    catalog = load_catalog(make_catalog(with_variant))
    assert "route-cross-other" not in set(catalog.routes["id"])
    (row,) = catalog.route_variants.itertuples()
    assert (row.id, row.variant_of, row.sources) == (
        "route-cross-other",
        ["route-cross"],
        ["src-b"],
    )
    assert validate_catalog(make_catalog(with_variant)).ok(strict=True)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"variant_of": ["route-crosss"]}, "variant_of", "unknown route id 'route-crosss'"),
        (
            {"variant_of": ["route-cross"], "event": "ev-short"},
            "variant_of",
            "is a leg of event ev-cross",
        ),
        ({"variant_of": ["adiz-a"]}, "variant_of", "'adiz-a' is not a route id"),
        ({"variant_of": "route-cross"}, "variant_of", "must be a list"),
        ({"variant_of": []}, "variant_of", "must list at least one item"),
        ({"sources": ["src-nope"]}, "sources", "unknown source id 'src-nope'"),
        ({"event": "ev-nope"}, "event", "unknown event id 'ev-nope'"),
    ],
)
def test_bad_variants_are_located_errors(make_catalog, with_variant, change, field, message):
    with_variant["routes"][-1]["properties"].update(change)
    found = [p for p in problems(make_catalog, with_variant) if "route-cross-other" in p]
    assert found, problems(make_catalog, with_variant)
    assert any("routes.geojson:" in p and f": {field}: " in p and message in p for p in found), (
        found
    )


def test_unknown_route_id_suggests_the_close_one(make_catalog, with_variant):
    with_variant["routes"][-1]["properties"]["variant_of"] = ["route-crosss"]
    (found,) = [p for p in problems(make_catalog, with_variant) if "variant_of" in p]
    assert "did you mean 'route-cross'" in found


def test_a_variant_of_a_variant_is_refused(make_catalog, with_variant):
    second = variant(sources=["src-b"], variant_of=["route-cross-other"])
    second["properties"]["id"] = "route-cross-third"
    with_variant["routes"].append(second)
    found = [p for p in problems(make_catalog, with_variant) if "route-cross-third" in p]
    assert any("is itself a variant" in p for p in found), found


def test_a_variant_id_is_unique_across_the_catalogue(make_catalog, with_variant):
    with_variant["routes"][-1]["properties"]["id"] = "route-short"
    assert any("duplicate id" in p for p in problems(make_catalog, with_variant))


def test_a_variant_across_foreign_territory_fails_the_territory_check(make_catalog, with_variant):
    # Through Shikoku: a version drawn over land claims an entry as much as the route would.
    with_variant["routes"][-1]["geometry"] = line((132.0, 32.5), (134.5, 34.5))
    report = validate_catalog(make_catalog(with_variant))
    found = [str(p) for p in report.errors if p.record == "route-cross-other"]
    assert any("territory of Japan" in p and ": geometry: " in p for p in found), found


# --- join: the event is counted from its route alone -----------------------------------------------


def test_variants_do_not_change_an_events_facts(make_catalog, with_variant):
    routes = [f for f in with_variant["routes"] if "variant_of" not in f["properties"]]
    plain = join_catalog(load_catalog(make_catalog({**with_variant, "routes": routes})))
    both = join_catalog(load_catalog(make_catalog(with_variant)))
    assert both.variants and not plain.variants
    assert both.facts == plain.facts
    assert summary_records(both) == summary_records(plain)
    # ev-cross still counts its one leg's km, not the leg plus its other version.
    assert both.facts["ev-cross"].route_km == plain.facts["ev-cross"].route_km


def test_a_variants_own_facts_sit_beside_the_legs_it_replaces(make_catalog, with_variant):
    joined = join_catalog(load_catalog(make_catalog(with_variant)))
    facts = joined.variants["route-cross-other"]
    assert facts.instead_of == ("route-cross",)
    assert (facts.adiz, facts.straits) == (("adiz-a",), ())
    assert (facts.their_adiz, facts.their_straits) == (("adiz-a", "adiz-b"), ("strait-gate",))
    assert facts.route_km < facts.their_km


# --- scene and page ------------------------------------------------------------------------------


def test_page_data_carries_the_variant_with_its_sources_and_a_toggle(make_catalog, with_variant):
    catalog = load_catalog(make_catalog(with_variant))
    data = map_data(build_scene(catalog))
    group = next(g for g in data["groups"] if g["id"] == "variants")
    (layer,) = group["layers"]
    assert layer["id"] == "route-cross-other" and layer["show"] is True
    assert layer["sources"] == ["src-b"] and "src-b" in data["sources"]
    assert layer["variant_of"] == ["route-cross"] and layer["event"] == "ev-cross"
    (leg,) = layer["features"]
    assert "Version given by Other Wire" in html.unescape(leg["tooltip"])
    assert "version given by Other Wire" in html.unescape(layer["label"])
    assert data["styles"][leg["s"]]["dashArray"] == "1 5"  # dotted, unlike any route leg
    route_styles = {
        f["s"]
        for g in data["groups"]
        if g["kind"] == "events"
        for lay in g["layers"]
        for f in lay["features"]
        if "type" not in f
    }
    assert leg["s"] not in route_styles
    popup = html.unescape("".join(data["texts"][i] for i in layer["popup"]))
    assert "<h3>Route Cross Other</h3>" in popup  # the variant's name, never its id alone
    assert "<dt>Instead of</dt><dd>Route Cross</dd>" in popup  # the leg it stands in for
    assert "Strait gate line" not in popup  # the popup names areas, not legend words
    # The variant's own facts, beside the route's where they differ.
    assert "none (the route: Strait Gate)" in popup


def test_variant_text_is_escaped_in_the_page(make_catalog, with_variant):
    attack = "<img src=x onerror=alert(1)>{{7*7}}"
    with_variant["routes"][-1]["properties"]["name"] = attack
    with_variant["routes"][-1]["properties"]["note"] = attack
    with_variant["sources"][-1]["outlet"] = attack
    data = map_data(build_scene(load_catalog(make_catalog(with_variant))))
    group = next(g for g in data["groups"] if g["id"] == "variants")
    layer = group["layers"][0]
    texts = [
        layer["label"],
        layer["features"][0]["tooltip"],
        *(data["texts"][i] for i in layer["popup"]),
    ]
    assert all("<img" not in t for t in texts)
    assert any("&lt;img" in t for t in texts)


def test_legend_lists_the_variant_only_when_one_is_drawn(make_catalog, with_variant):
    catalog = load_catalog(make_catalog(with_variant))
    labels = [i.label for i in build_scene(catalog).legend]
    assert "Another source's version of a route (dotted)" in labels
    alone = filter_catalog(catalog, events=["ev-short"])
    assert "Another source's version of a route (dotted)" not in [
        i.label for i in build_scene(alone).legend
    ]
    assert "variants" not in [g["id"] for g in map_data(build_scene(alone))["groups"]]


def test_the_bundled_catalogue_draws_a_sourced_variant():
    catalog = load_catalog()
    variants = catalog.route_variants
    assert len(variants) >= 1
    for row in variants.itertuples():
        assert row.sources and all(s in catalog.sources for s in row.sources)
        assert set(row.variant_of) <= set(catalog.routes["id"])
    scene = build_scene(filter_catalog(catalog, events=["liaoning-2025-12"]))
    (osumi,) = scene.variants
    assert osumi.outlets == ("ships-net",)
    assert "ships-net" in scene.outlets  # the figure's footer names the source of the version


def test_variant_of_null_is_a_leg_of_the_route(make_catalog, with_variant):
    with_variant["routes"][-1]["properties"]["variant_of"] = None
    catalog = load_catalog(make_catalog(with_variant))
    assert "route-cross-other" in set(catalog.routes["id"]) and catalog.route_variants.empty


# --- exports -------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["geojson", "csv", "kml", "gpkg"])
def test_exports_carry_the_variant_marked_as_one(make_catalog, with_variant, tmp_path, suffix):
    from patrolmap.interchange.formats import export_file

    joined = join_catalog(load_catalog(make_catalog(with_variant)))
    out = tmp_path / f"export.{suffix}"
    export_file(joined, out)
    assert out.stat().st_size > 0


def test_the_geojson_export_says_which_legs_a_variant_stands_in_for(
    make_catalog, with_variant, tmp_path
):
    import json

    from patrolmap.interchange.formats import export_file

    joined = join_catalog(load_catalog(make_catalog(with_variant)))
    export_file(joined, tmp_path / "out.geojson")
    features = json.loads((tmp_path / "out.geojson").read_text("utf-8"))["features"]
    legs = {f["properties"]["id"]: f["properties"] for f in features if "leg_km" in f["properties"]}
    other, route = legs["route-cross-other"], legs["route-cross"]
    assert other["variant_of"] == ["route-cross"] and route["variant_of"] == []
    assert [s["outlet"] for s in other["sources"]] == ["Other Wire"]
    # The event's km is its route's, in both records: the variant is not added to it.
    assert other["event_route_km"] == route["event_route_km"] == pytest.approx(route["leg_km"])


def test_importing_an_export_leaves_the_variants_out(make_catalog, with_variant, tmp_path):
    from patrolmap.interchange.formats import export_file
    from patrolmap.interchange.readers import read_tracks

    joined = join_catalog(load_catalog(make_catalog(with_variant)))
    export_file(joined, tmp_path / "out.geojson")
    names = [t.properties.get("id") for t in read_tracks(tmp_path / "out.geojson")]
    assert "route-cross" in names and "route-cross-other" not in names
