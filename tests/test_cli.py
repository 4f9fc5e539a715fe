"""The command line as a user meets it: exit codes, the exact messages, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from patrolmap.cli import cli


@pytest.fixture
def run():
    def invoke(*args):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


def test_validate_ok_prints_one_line_count(run, make_catalog):
    result = run("validate", "--catalog", make_catalog())
    assert result.exit_code == 0
    assert result.stdout == (
        "ok: 4 events, 3 joint patrols, 1 source, 3 adiz, 1 sea, 1 strait, 1 place, 3 routes, "
        "0 sources without a date, 0 sources without an address\n"
    )


def test_validate_lists_every_problem_and_exits_1(run, make_catalog, parts):
    parts["events"][0]["areas"] = ["adiz-zz"]
    parts["events"][1]["start"] = "2020-13-01"
    root = make_catalog(parts)
    result = run("validate", "--catalog", root)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == "2 problems found"
    events = root / "data" / "events.yaml"
    areas_line = events.read_text().splitlines().index("  areas:") + 1  # the first event's field
    assert any(
        line.startswith(f"error: {events}:{areas_line}: ev-cross: areas: unknown area id 'adiz-zz'")
        for line in lines
    )
    assert any(
        line.startswith(f"error: {events}:") and "ev-short: start:" in line for line in lines
    )
    assert "Traceback" not in result.output


def test_validate_warnings_pass_unless_strict(run, make_catalog, parts):
    parts["events"][1]["areas"] = ["adiz-a", "sea-x", "strait-gate"]
    root = make_catalog(parts)
    relaxed = run("validate", "--catalog", root)
    assert relaxed.exit_code == 0 and relaxed.stdout.endswith("(1 warning)\n")
    assert "warning: " in relaxed.output and "ev-short: areas: lists strait-gate" in relaxed.output
    strict = run("validate", "--catalog", root, "--strict")
    assert strict.exit_code == 1 and "1 problem found" in strict.stderr


def test_validate_json(run, make_catalog):
    result = run("validate", "--catalog", make_catalog(), "--format", "json")
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["counts"]["events"] == 4 and report["problems"] == []


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x01\x02junk",
        b"events: [",
        b"- just\n- a list\n",
        b"events:\n  - 42\n",
        b"\xff\xfe",
    ],
    ids=["empty", "binary", "truncated", "list", "wrong-type", "bad-utf8"],
)
def test_malformed_events_file_never_tracebacks(run, make_catalog, content):
    root = make_catalog()
    (root / "data" / "events.yaml").write_bytes(content)
    result = run("validate", "--catalog", root)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "events.yaml" in result.stderr


def test_missing_catalog_directory(run, tmp_path):
    result = run("validate", "--catalog", tmp_path / "nope")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {tmp_path / 'nope'}: catalogue directory not found")


def test_summary_json_has_the_promised_keys(run, make_catalog):
    result = run("summary", "--catalog", make_catalog(), "--format", "json")
    records = json.loads(result.stdout)
    assert [r["id"] for r in records] == ["ev-cross", "ev-short", "ev-dateline", "ev-noroute"]
    keys = {"id", "title", "kind", "start", "end", "adiz", "seas", "straits", "route_km", "sources"}
    assert keys <= set(records[0])
    assert records[0]["straits"] == ["strait-gate"] and records[0]["sources"] == ["src-a"]


def test_summary_filters(run, make_catalog):
    root = make_catalog()
    by_kind = json.loads(
        run("summary", "--catalog", root, "--kind", "naval-transit", "--format", "json").stdout
    )
    assert [r["id"] for r in by_kind] == ["ev-noroute"]
    by_date = json.loads(
        run("summary", "--catalog", root, "--from", "2024-01-01", "--format", "json").stdout
    )
    assert [r["id"] for r in by_date] == ["ev-dateline"]
    by_id = run(
        "summary",
        "--catalog",
        root,
        "--event",
        "ev-short",
        "--event",
        "ev-cross",
        "--format",
        "csv",
    )
    assert by_id.stdout.splitlines()[0].startswith("id,start,kind")
    assert len(by_id.stdout.splitlines()) == 3


def test_summary_markdown_is_a_table(run, make_catalog):
    lines = run("summary", "--catalog", make_catalog(), "--format", "markdown").stdout.splitlines()
    assert lines[0].startswith("| id | start | kind |") and lines[1].startswith("|---|")
    assert len(lines) == 2 + 4


def test_unknown_event_filter_is_a_clear_error(run, make_catalog):
    root = make_catalog()
    result = run("summary", "--catalog", root, "--event", "nope")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: --event nope: no such event in {root}; `patrolmap summary` lists every event\n"
    )


def test_bad_date_option_is_usage_error(run, make_catalog):
    result = run("summary", "--catalog", make_catalog(), "--from", "2020-02-30")
    assert result.exit_code == 2 and "is not a date" in result.output


def test_init_then_validate(run, tmp_path):
    target = tmp_path / "mine"
    result = run("init", target)
    assert result.exit_code == 0 and result.stdout == f"wrote 7 files to {target}\n"
    assert run("validate", "--catalog", target).exit_code == 0


def test_init_refuses_a_non_empty_directory(run, tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    result = run("init", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {tmp_path}: directory is not empty; give a new or empty one, or add --force to "
        "write the catalogue's files into it\n"
    )
    assert run("init", tmp_path, "--force").exit_code == 0
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_every_command_is_documented_with_an_example(run):
    for name, command in cli.commands.items():
        help_text = run(name, "--help").stdout
        assert "Example" in help_text, name
        assert command.help and command.help.strip(), name


def test_python_dash_m_works():
    out = subprocess.run(
        [sys.executable, "-m", "patrolmap", "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0 and "patrolmap render" in out.stdout


def test_help_does_not_import_heavy_libraries():
    code = "import sys; from patrolmap.cli import cli; print(sorted(m for m in ('geopandas','folium','matplotlib','shapely') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(("event_ids", "count"), [(["ev-cross"], "1 event"), ([], "4 events")])
def test_render_result_line_counts_events_in_good_english(
    run, make_catalog, tmp_path, event_ids, count
):
    output = tmp_path / "map.html"
    chosen = [arg for eid in event_ids for arg in ("--event", eid)]
    result = run("render", "--catalog", make_catalog(), "-q", "-o", output, *chosen)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"wrote {output} (") and result.stdout.endswith(
        f" KB, {count})\n"
    )
