"""`patrolmap chart`: each chart in PNG, SVG and PDF; its numbers are summary's numbers."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from click.testing import CliRunner

from patrolmap.cli import cli

CHARTS = ("years", "adiz", "length")
MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF-"}


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def summary():
    return json.loads(run("summary", "--format", "json").stdout)


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
@pytest.mark.parametrize("chart", CHARTS)
def test_each_chart_is_written_in_each_format(chart, fmt, tmp_path):
    path = tmp_path / f"{chart}.{fmt}"
    result = run("chart", "--chart", chart, "--dpi", "60", "-o", str(path))
    assert result.stdout == f"wrote {path} ({path.stat().st_size / 1024:,.0f} KB, 19 events)\n"
    data = path.read_bytes()
    assert data.startswith(MAGIC[fmt]) and len(data) > 5000
    if fmt == "svg":
        root = ET.fromstring(data)
        desc = root.find("{http://www.w3.org/2000/svg}desc").text
        assert desc.startswith(
            {"years": "Events per year", "adiz": "ADIZs", "length": "Route length"}[chart]
        )


def test_svg_chart_is_byte_identical_across_runs(tmp_path):
    one, two = tmp_path / "a.svg", tmp_path / "b.svg"
    run("chart", "--chart", "length", "-o", str(one))
    run("chart", "--chart", "length", "-o", str(two))
    assert one.read_bytes() == two.read_bytes()


def numbers(chart: str, *extra: str) -> dict:
    return json.loads(run("chart", "--chart", chart, "--format", "json", *extra).stdout)


def test_events_per_year_match_summary(summary):
    data = numbers("years")
    counted = Counter((int(r["start"][:4]), r["kind"]) for r in summary)
    charted = Counter(
        {
            (y, k): n
            for k, counts in data["counts"].items()
            for y, n in zip(data["years"], counts, strict=True)
            if n
        }
    )
    assert charted == counted
    assert data["years"] == list(range(2019, 2027))


def test_adiz_entered_match_summary(summary):
    data = numbers("adiz")
    assert {e["id"]: e["adiz"] for e in data["events"]} == {
        r["id"]: r["adiz"] for r in summary if r["has_route"]
    }
    assert [a["id"] for a in data["adiz"]] == [
        "adiz-japan",
        "adiz-korea",
        "adiz-china-ecs",
        "adiz-alaska",
    ]


def test_route_lengths_match_summary(summary):
    data = numbers("length", "--kind", "joint-air-patrol")
    expected = {r["id"]: r["route_km"] for r in summary if r["kind"] == "joint-air-patrol"}
    assert {e["id"]: e["route_km"] for e in data["events"]} == expected
    assert len(expected) == 10


def test_chart_needs_an_output_unless_json():
    result = CliRunner().invoke(cli, ["chart", "--chart", "years"])
    assert result.exit_code == 2
    assert "give -o FILE.png|svg|pdf, or --format json for the numbers" in result.output


def test_chart_refuses_an_unknown_suffix(tmp_path):
    result = CliRunner().invoke(cli, ["chart", "-o", str(tmp_path / "c.gif")])
    assert result.exit_code == 1
    assert "cannot write a figure as '.gif'" in result.stderr
    assert not (tmp_path / "c.gif").exists()


def test_selection_without_routes_draws_a_chart_that_says_so(make_catalog, tmp_path):
    path = tmp_path / "none.svg"
    catalog = str(make_catalog())
    run(
        "chart", "--catalog", catalog, "--chart", "length", "--event", "ev-noroute", "-o", str(path)
    )
    assert b"No event with a route is selected" in path.read_bytes()
    data = numbers("length", "--catalog", catalog, "--event", "ev-noroute")
    assert data == {"chart": "length", "events": []}


def test_empty_selection_fails_like_every_command(tmp_path):
    path = tmp_path / "none.svg"
    result = CliRunner().invoke(cli, ["chart", "--from", "2030-01-01", "-o", str(path)])
    assert result.exit_code == 1
    assert "no events match these filters; nothing was written" in result.stderr
    assert not path.exists()
