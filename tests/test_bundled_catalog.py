"""The bundled catalogue, checked against what the sources say (expectations from the sources)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from patrolmap.catalog import load_catalog
from patrolmap.cli import cli
from patrolmap.join import join_catalog

JOINT_PATROL_DATES = [
    "2019-07-23",
    "2020-12-22",
    "2021-11-19",
    "2022-05-24",
    "2022-11-30",
    "2023-06-06",
    "2023-12-14",
    "2024-07-24",
    "2024-11-29",
    "2025-12-09",
]


@pytest.fixture(scope="module")
def joined():
    return join_catalog(load_catalog())


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_validate_passes_strictly_with_every_joint_patrol():
    result = run("validate", "--strict")
    assert result.exit_code == 0, result.output
    counts = json.loads(run("validate", "--format", "json").stdout)["counts"]
    assert counts["events"] >= 16 and counts["joint patrols"] == 10


def test_all_ten_joint_patrols_are_there(joined):
    patrols = [e for e in joined.catalog.events if e.kind == "joint-air-patrol"]
    assert sorted(e.start.isoformat() for e in patrols) == JOINT_PATROL_DATES
    assert sorted(e.patrol_number for e in patrols) == list(range(1, 11))


def test_related_events_of_winter_2025_are_there(joined):
    kinds = {e.id: e.kind for e in joined.catalog.events}
    for event_id, kind in {
        "liaoning-2025-12": "naval-transit",
        "tu95-2026-01-21": "air-activity",
        "il20-2026-01-23": "air-activity",
        "il20-2026-01-26": "air-activity",
        "kareliya-2025-12": "naval-transit",
        "beijixing-2026-01-24": "naval-transit",
    }.items():
        assert kinds[event_id] == kind


def test_july_2019_entered_japanese_and_korean_zones_through_tsushima(joined):
    # Sources: Yonhap/NBC/Kyodo: KADIZ and JADIZ entered, bombers through the Tsushima Strait.
    facts = joined["patrol-2019-07-23"]
    assert {"adiz-japan", "adiz-korea"} <= set(facts.adiz)
    assert "strait-tsushima-east" in facts.straits
    assert facts.closest_km["place-takeshima"] < 5  # the A-50 passed over the islets


def test_july_2024_entered_the_alaska_zone_over_the_bering_sea(joined):
    # Sources: NORAD via Moscow Times/Press TV: inside the Alaska ADIZ, over the Bering and Chukchi seas.
    facts = joined["patrol-2024-07-24"]
    assert facts.adiz == ("adiz-alaska",)
    assert {"sea-bering", "sea-chukchi"} <= set(facts.seas)
    assert 1000 < facts.route_km < 6000  # a >5 h flight from Anadyr, drawn across 180°


def test_december_2025_crossed_the_miyako_strait(joined):
    # Sources: JSO via Jiji: through the Okinawa–Miyako gap into the Pacific off Shikoku.
    facts = joined["patrol-2025-12-09"]
    assert "strait-miyako" in facts.straits
    assert "sea-philippine" in facts.seas


def test_summary_json_has_derived_facts_for_every_routed_event(joined):
    records = json.loads(run("summary", "--format", "json").stdout)
    assert [r["id"] for r in records] == [e.id for e in joined.catalog.events]
    routed = set(joined.catalog.routes["event"])
    for record in records:
        if record["id"] in routed:
            assert record["route_km"] > 0 and record["adiz"] and record["seas"], record["id"]
        assert record["sources"], record["id"]


def test_every_route_and_source_is_labelled_honestly(joined):
    catalog = joined.catalog
    assert set(catalog.routes["confidence"]) == {"approximate"}
    assert catalog.adiz.set_index("id").loc["adiz-alaska", "confidence"] == "high"
    takeshima = catalog.places.set_index("id").loc["place-takeshima"]
    assert {"Dokdo", "Liancourt Rocks"} <= set(takeshima["aliases"]) and takeshima["disputed"]
    assert any(e.disputed for e in catalog.events)
    seeds = {s.seed_file for s in catalog.sources.values() if s.seed_file}
    assert len(seeds) == 5


def test_init_copy_validates_then_reports_four_breakages(tmp_path):
    target = tmp_path / "x"
    assert run("init", target).exit_code == 0
    assert run("validate", "--catalog", target).exit_code == 0
    events = target / "data" / "events.yaml"
    text = events.read_text()
    text = text.replace(" sea-japan,", " sea-japann,", 1)  # a broken reference
    text = text.replace("end: 2019-07-23", "end: 2019-07-32", 1)  # a date that does not exist
    events.write_text(text)
    straits = target / "data" / "geo" / "straits.geojson"
    data = json.loads(straits.read_text())
    data["features"][0]["geometry"]["coordinates"] = [[129.33, 34.16]]  # a one-point line
    straits.write_text(json.dumps(data, indent=1))
    sources = target / "seeds" / "sources.yaml"
    sources.write_text(sources.read_text()[:5000] + "\n  - id: [unclosed\n")  # broken YAML
    result = run("validate", "--catalog", target)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert any("events.yaml" in e and "unknown area id 'sea-japann'" in e for e in errors)
    assert any("events.yaml" in e and "'2019-07-32' is not a real date" in e for e in errors)
    assert any("straits.geojson" in e and "geometry" in e for e in errors)
    assert any("sources.yaml" in e and "YAML error" in e for e in errors)
