"""Outputs that tell the truth: empty selections, where `-o` may write, and what each command says."""

from __future__ import annotations

import errno
import os
import stat

import pytest
from click.testing import CliRunner

from patrolmap.atomic import check_output_path, missing_directories, write_atomic
from patrolmap.cli import cli
from patrolmap.errors import OutputError


@pytest.fixture
def run():
    def invoke(*args):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


# Every command that selects events and writes something, with the arguments it needs besides -o.
WRITERS = {
    "render": (),
    "figure": (),
    "embed": (),
    "snapshot": (),
    "export": ("--format", "geojson"),
    "chart": ("--chart", "years"),
}
NO_MATCH = ("--from", "2030-01-01", "--kind", "naval-transit")


# --- empty selections ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_filters_matching_nothing_name_the_filters_write_nothing_and_exit_1(
    run, make_catalog, tmp_path, command
):
    target = tmp_path / "out" / "result.png"
    result = run(command, "--catalog", make_catalog(), *NO_MATCH, *WRITERS[command], "-o", target)
    assert result.exit_code == 1
    assert result.stderr == (
        "error: --from 2030-01-01 --kind naval-transit: no events match these filters; "
        "nothing was written. Widen them (`patrolmap summary` lists every event)\n"
    )
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()


def test_embed_to_standard_output_writes_nothing_for_an_empty_selection(run, make_catalog):
    result = run(
        "embed", "--catalog", make_catalog(), "--event", "ev-cross", "--kind", "naval-transit"
    )
    assert result.exit_code == 1 and result.stdout == ""
    assert "--event ev-cross --kind naval-transit: no events match" in result.stderr


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("table", "id  start  kind  adiz  straits  seas  route_km  closest_foreign_km\n0 events\n"),
        (
            "csv",
            "id,start,kind,participants,adiz,straits,seas,route_km,"
            "closest_foreign_km,closest_foreign,sources,adiz_names,strait_names,sea_names\n",
        ),
        ("json", "[]\n"),
    ],
)
def test_summary_of_an_empty_selection_is_an_empty_table_with_a_note(
    run, make_catalog, fmt, expected
):
    result = run("summary", "--catalog", make_catalog(), "--to", "2000-01-01", "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout == expected
    assert result.stderr == "note: --to 2000-01-01: no events match these filters\n"


def test_without_filters_no_note_is_printed(run, make_catalog):
    result = run("summary", "--catalog", make_catalog())
    assert result.exit_code == 0 and result.stderr == ""


# --- the one rule for -o ------------------------------------------------------------------------


def test_a_missing_directory_is_created_and_named(run, make_catalog, tmp_path):
    target = tmp_path / "a" / "b" / "map.html"
    result = run("render", "--catalog", make_catalog(), "-q", "-o", target)
    assert result.exit_code == 0 and target.is_file()
    assert result.stderr == (
        f"created directory {tmp_path / 'a'}\ncreated directory {tmp_path / 'a' / 'b'}\n"
    )


@pytest.mark.parametrize("command", ["figure", "embed", "export", "chart"])
def test_every_writer_names_the_directories_it_creates(run, make_catalog, tmp_path, command):
    target = tmp_path / "new" / ("out.geojson" if command == "export" else "out.svg")
    result = run(
        command, "--catalog", make_catalog(), "--event", "ev-cross", *WRITERS[command], "-o", target
    )
    assert result.exit_code == 0 and target.is_file()
    assert f"created directory {tmp_path / 'new'}\n" in result.stderr


def test_init_names_the_directories_it_creates(run, tmp_path):
    result = run("init", tmp_path / "x" / "mine")
    assert result.exit_code == 0
    assert (
        result.stderr
        == f"created directory {tmp_path / 'x'}\ncreated directory {tmp_path / 'x' / 'mine'}\n"
    )


def test_an_existing_directory_is_not_announced(run, make_catalog, tmp_path):
    result = run("render", "--catalog", make_catalog(), "-q", "-o", tmp_path / "map.html")
    assert result.exit_code == 0 and result.stderr == ""


def test_a_regular_file_is_replaced(run, make_catalog, tmp_path):
    target = tmp_path / "map.html"
    target.write_text("old")
    assert run("render", "--catalog", make_catalog(), "-q", "-o", target).exit_code == 0
    assert target.read_text().startswith("<!DOCTYPE html>")


def test_a_fifo_is_refused_and_left_alone(run, make_catalog, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run("render", "--catalog", make_catalog(), "-o", fifo)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {fifo}: is a named pipe (FIFO), not a regular file; give a file name, "
        "or - for standard output where the command offers it\n"
    )
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_symlink_to_a_device_is_refused_by_every_command(run, make_catalog, tmp_path, command):
    link = tmp_path / "out.png"
    link.symlink_to(os.devnull)
    result = run(command, "--catalog", make_catalog(), *WRITERS[command], "-o", link)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {link}: is a symbolic link (to {os.devnull}); give a regular file's own name, "
        "or - for standard output where the command offers it\n"
    )
    assert link.is_symlink() and os.readlink(link) == os.devnull


def test_a_device_is_refused():
    with pytest.raises(OutputError, match="is a character device, not a regular file"):
        write_atomic(os.devnull, "x")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_dev_stdout_is_refused_not_replaced():
    with pytest.raises(OutputError, match="is a symbolic link"):
        check_output_path("/dev/stdout")


def test_a_directory_is_refused(run, make_catalog, tmp_path):
    result = run("figure", "--catalog", make_catalog(), "-o", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path}: is a directory; give a file name inside it\n"


def test_a_file_in_the_way_of_a_directory_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "notes.txt" / "sub" / "map.html", "x")
    assert str(caught.value) == (
        f"{tmp_path / 'notes.txt' / 'sub' / 'map.html'}: {tmp_path / 'notes.txt'} is not a "
        "directory; give a path through directories"
    )
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_missing_directories_lists_outermost_first(tmp_path):
    assert missing_directories(tmp_path / "a" / "b" / "f.html") == [
        tmp_path / "a",
        tmp_path / "a" / "b",
    ]
    assert missing_directories(tmp_path / "f.html") == []


def test_render_dash_writes_the_page_to_standard_output(run, make_catalog, tmp_path):
    result = run("render", "--catalog", make_catalog(), "-q", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.rstrip().endswith(
        "</html>"
    )
    assert result.stderr.startswith("wrote the page to standard output (")
    assert not (tmp_path / "-").exists()


def test_embed_dash_writes_the_fragment_to_standard_output(run, make_catalog):
    result = run("embed", "--catalog", make_catalog(), "-o", "-")
    assert result.exit_code == 0 and result.stderr == ""
    assert (
        result.stdout.startswith('<figure class="patrolmap-figure"') and "<iframe " in result.stdout
    )


@pytest.mark.parametrize("command", ["figure", "chart", "snapshot", "export"])
def test_commands_writing_files_refuse_dash(run, make_catalog, command):
    result = run(command, "--catalog", make_catalog(), "-o", "-")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: -: cannot write this output to standard output; give a file name\n"
    )


# --- numbers are numbers ------------------------------------------------------------------------


def test_route_km_is_a_plain_number_in_csv_and_json(run):
    """The bundled catalogue has routes over 1,000 km, where a thousands separator would show."""
    import csv
    import io
    import json

    records = json.loads(run("summary", "--format", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(run("summary", "--format", "csv").stdout)))
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    long_routes = [r for r in records if r["route_km"] and r["route_km"] >= 1000]
    assert long_routes
    for record, row in zip(records, rows, strict=True):
        assert record["route_km"] is None or isinstance(record["route_km"], float)
        expected = "" if record["route_km"] is None else repr(record["route_km"])
        assert row["route_km"] == expected  # e.g. 5025.8, never "5,026"


def test_the_table_has_the_columns_the_readme_promises(run):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `patrolmap summary"))
    assert "id, dates, kind, ADIZs, straits, seas, route km" in row
    header = run("summary").stdout.splitlines()[0].split()
    assert header == [
        "id",
        "start",
        "kind",
        "adiz",
        "straits",
        "seas",
        "route_km",
        "closest_foreign_km",
    ]
    csv_header = run("summary", "--format", "csv").stdout.splitlines()[0].split(",")
    assert {"participants", "sources"} <= set(csv_header)


# --- internal notes -----------------------------------------------------------------------------

CANARY = "INTERNAL-CANARY-4471 replace me when available"


def _internal_notes(root) -> list[str]:
    import json
    from pathlib import Path

    notes = []
    for path in sorted(Path(root, "data", "geo").glob("*.geojson")):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            if "note_internal" in feature["properties"]:
                notes.append(feature["properties"]["note_internal"])
    return notes


def test_the_bundled_page_carries_no_internal_note():
    from html import unescape

    from patrolmap.catalog import load_catalog
    from patrolmap.paths import bundled_catalog_dir
    from patrolmap.render import map_html

    notes = _internal_notes(bundled_catalog_dir())
    assert len(notes) >= 6  # one per sea polygon
    page = unescape(map_html(load_catalog()))
    assert "Coarse drawing for display." in page  # the public part of the same notes is there
    for note in set(notes):
        assert note not in page
    assert "when available" not in page


def test_an_internal_note_reaches_no_output(run, make_catalog, parts, tmp_path):
    parts["seas"][0]["properties"]["note_internal"] = CANARY
    parts["seas"][0]["properties"]["note"] = "A public fact."
    root = make_catalog(parts)
    outputs = {
        "page": tmp_path / "map.html",
        "embed": tmp_path / "embed.html",
        "figure": tmp_path / "figure.svg",
    }
    assert run("render", "--catalog", root, "-q", "-o", outputs["page"]).exit_code == 0
    assert run("embed", "--catalog", root, "-o", outputs["embed"]).exit_code == 0
    assert run("figure", "--catalog", root, "-q", "-o", outputs["figure"]).exit_code == 0
    texts = {name: path.read_text(encoding="utf-8") for name, path in outputs.items()}
    for fmt in ("table", "csv", "json", "markdown"):
        texts[f"summary {fmt}"] = run("summary", "--catalog", root, "--format", fmt).stdout
    assert "A public fact." in texts["page"]
    assert [name for name, text in texts.items() if "CANARY" in text] == []


# --- messages: WHERE: what is wrong; what to do ---------------------------------------------


def test_a_range_that_ends_before_it_starts(run, make_catalog):
    result = run(
        "render", "--catalog", make_catalog(), "--from", "2024-02-01", "--to", "2024-01-01"
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "error: --from 2024-02-01 --to 2024-01-01: the range ends before it starts; "
        "give --to on or after --from\n"
    )


def test_unknown_events_are_named_with_their_flags(run):
    result = run(
        "figure", "--event", "nope", "--event", "patrol-2019-07-23", "--event", "nah", "-o", "x.png"
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "error: --event nope --event nah: no such event in the bundled catalogue; "
        "`patrolmap summary` lists every event\n"
    )


def test_init_into_a_file(run, tmp_path):
    (tmp_path / "f").write_text("mine")
    result = run("init", tmp_path / "f")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {tmp_path / 'f'}: is a file, not a directory; "
        "give a new or empty directory for the catalogue\n"
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (errno.EACCES, "out/map.html: permission denied; check its permissions"),
        (
            errno.ENOSPC,
            "out/map.html: no space left on device; free some space, or write somewhere else",
        ),
        (errno.EIO, "out/map.html: input/output error"),
    ],
)
def test_operating_system_errors_read_like_every_other_message(code, expected):
    from patrolmap.cli import _os_error_message

    assert _os_error_message(OSError(code, os.strerror(code), "out/map.html")) == expected
