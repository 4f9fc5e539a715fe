"""Issue 19: a source with no date or no address is a warning unless its note says why; the JSON
report counts both."""

from __future__ import annotations

import json

from click.testing import CliRunner

from patrolmap.catalog import validate_catalog
from patrolmap.cli import cli


def test_a_source_without_date_or_address_warns(make_catalog, parts):
    parts["sources"][0].update(date=None, url=None)
    warnings = validate_catalog(make_catalog(parts)).warnings
    assert [(w.record, w.field) for w in warnings] == [("src-a", "date, url")]
    assert warnings[0].message.startswith("has no date and no address; add them, or say in `note`")


def test_a_note_saying_why_silences_the_warning_but_not_the_count(make_catalog, parts):
    parts["sources"][0].update(url=None, note="The outlet's page was taken down; no copy kept.")
    report = validate_catalog(make_catalog(parts))
    assert report.warnings == ()
    assert report.counts["sources without an address"] == 1
    assert report.counts["sources without a date"] == 0


def test_validate_json_counts_sources_without_date_or_address(make_catalog, parts):
    parts["sources"].append(
        dict(parts["sources"][0], id="src-b", headline="B", date=None, url=None)
    )
    parts["events"][0]["sources"] = ["src-a", "src-b"]
    result = CliRunner().invoke(
        cli, ["validate", "--catalog", str(make_catalog(parts)), "--format", "json"]
    )
    report = json.loads(result.stdout)
    assert report["counts"]["sources without a date"] == 1
    assert report["counts"]["sources without an address"] == 1
    assert [p["record"] for p in report["problems"]] == ["src-b"]
