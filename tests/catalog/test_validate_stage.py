"""Validation as a stage: one entry point, a Report, a place for later checks, a clean Python API."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

import patrolmap
from patrolmap.catalog import filter_catalog, load_catalog, validate
from patrolmap.cli import cli
from patrolmap.errors import CatalogError, Problem


def test_the_package_exports_validate_catalog_report_and_problem():
    assert patrolmap.validate_catalog is validate.validate_catalog
    assert patrolmap.Report is validate.Report and patrolmap.Problem is Problem


def test_report_has_errors_warnings_and_counts(make_catalog, parts):
    parts["events"][0]["areas"] = ["adiz-zz"]  # an error
    parts["sources"].append(
        dict(parts["sources"][0], id="src-b", url="https://example.org/b", headline="B")
    )
    report = patrolmap.validate_catalog(make_catalog(parts))
    assert [(p.record, p.field) for p in report.errors] == [("ev-cross", "areas")]
    assert [(p.record, p.severity) for p in report.warnings] == [("src-b", "warning")]
    assert report.counts["events"] == 4 and report.counts["sources"] == 2
    assert not report.ok() and report.failing(strict=True) == report.problems
    with pytest.raises(CatalogError) as info:
        report.catalog_or_raise()
    assert [p.severity for p in info.value.problems] == ["error"]


def test_records_carry_their_file(make_catalog):
    root = make_catalog()
    catalog = load_catalog(root)
    assert {e.file for e in catalog.events} == {str(root / "data" / "events.yaml")}
    assert {s.file for s in catalog.sources.values()} == {str(root / "seeds" / "sources.yaml")}


def test_joined_checks_see_the_joined_catalogue(make_catalog, monkeypatch):
    seen = []

    def route_count(joined):
        seen.append(sorted(e for e, facts in joined.facts.items() if facts.has_route))
        yield Problem("here", 1, "ev-cross", "areas", "a later check ran", "warning")

    monkeypatch.setattr(validate, "JOINED_CHECKS", (*validate.JOINED_CHECKS, route_count))
    report = validate.validate_catalog(make_catalog())
    assert seen == [["ev-cross", "ev-dateline", "ev-short"]]
    assert [p.message for p in report.warnings] == ["a later check ran"]
    assert validate.validate_catalog(make_catalog(), join=False).warnings == ()


def test_a_warning_never_prints_under_error(make_catalog, parts):
    parts["events"][0]["start"] = "2020-13-01"  # an error
    parts["events"][1]["areas"] = ["adiz-a", "sea-x", "strait-gate"]  # a join warning
    parts["sources"].append(
        dict(parts["sources"][0], id="src-b", url="https://example.org/b", headline="B")
    )
    root = make_catalog(parts)
    for command in (["summary"], ["validate"], ["render", "-o", str(root / "m.html")]):
        result = CliRunner().invoke(cli, [*command, "--catalog", str(root)])
        assert result.exit_code == 1
        lines = result.stderr.splitlines()
        assert any(line.startswith("error: ") and "ev-cross: start:" in line for line in lines)
        assert not any(line.startswith("error: ") and "src-b" in line for line in lines)
        assert all(line.startswith(("error: ", "warning: ", "1 problem")) for line in lines)


@pytest.fixture
def tiny(make_catalog):
    return load_catalog(make_catalog())


def test_an_unknown_kind_is_a_value_error(tiny):
    with pytest.raises(ValueError, match="unknown event kind: 'joint-air-patrols'"):
        filter_catalog(tiny, kinds=["joint-air-patrols"])


def test_a_single_id_as_text_is_one_id(tiny):
    assert [e.id for e in filter_catalog(tiny, events="ev-short").events] == ["ev-short"]
    assert [e.id for e in filter_catalog(tiny, kinds="naval-transit").events] == ["ev-noroute"]


def test_an_unknown_id_suggests_the_close_one(tiny):
    with pytest.raises(ValueError, match="unknown event id: ev-shrt; did you mean 'ev-short'"):
        filter_catalog(tiny, events=["ev-shrt"])


def test_start_and_end_may_be_iso_text(tiny):
    picked = filter_catalog(tiny, start="2024-01-01", end=dt.datetime(2024, 12, 31, 12))
    assert [e.id for e in picked.events] == ["ev-dateline"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": "2024-02-30"}, "start '2024-02-30' is not a date in YYYY-MM-DD form"),
        ({"end": 2024}, "end must be a date or YYYY-MM-DD text, not int"),
        ({"start": "2024-02-01", "end": "2024-01-01"}, "ends on 2024-01-01, before it starts"),
        ({"events": [1, 2]}, "events must be text or a list of text"),
    ],
)
def test_bad_selections_say_what_is_wrong_without_cli_flags(tiny, kwargs, message):
    with pytest.raises(ValueError, match=message) as info:
        filter_catalog(tiny, **kwargs)
    assert "--" not in str(info.value)
