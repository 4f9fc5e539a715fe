"""A hostile-catalogue corpus against every command and every output format (issue 12).

Each catalogue is either valid but nasty (attack text everywhere, a route symmetric about the
equator, a Russia-US leg) or broken in one hostile way. Every command run on it must end with exit
0 and inert output, or exit 1 with `error:` lines: never a traceback, an internal error, a partial
or temporary file, or catalogue text acting on a terminal.
"""

from __future__ import annotations

import json

import pytest
from catalog_factory import base_catalog, write_catalog
from click.testing import CliRunner
from hostile import hostile_parts

from patrolmap.catalog import read as catalog_read
from patrolmap.cli import cli


def _valid_hostile(tmp, parts):
    return write_catalog(tmp / "cat", hostile_parts(tmp / "canary"))


def _equator(tmp, parts):
    parts["routes"][0]["geometry"]["coordinates"] = [[150, -20], [150, 20]]
    parts["events"][0]["areas"] = []
    parts["routes"][1]["properties"]["forces"] = ["RU", "US"]
    return write_catalog(tmp / "cat", parts)


def _edit(relative, old, new):
    def make(tmp, parts):
        root = write_catalog(tmp / "cat", parts)
        path = root / relative
        path.write_text(path.read_text().replace(old, new, 1))
        return root

    return make


def _symlink_out(tmp, parts):
    root = write_catalog(tmp / "cat", parts)
    outside = tmp / "outside.geojson"
    places = root / "data" / "geo" / "places.geojson"
    outside.write_text(places.read_text())
    places.unlink()
    places.symlink_to(outside)
    return root


def _changed(change):
    def make(tmp, parts):
        change(parts)
        return write_catalog(tmp / "cat", parts)

    return make


CATALOGUES = {
    "attack-text": (_valid_hostile, 0),
    "equator-and-russia-us": (_equator, 0),
    "terminal-escape-key": (
        _edit("data/events.yaml", "version: 1", '"\\e]52;c;eA==\\a": 1\nversion: 1'),
        1,
    ),
    "duplicate-json-key": (
        _edit("data/geo/seas.geojson", '"name": "Sea X"', '"name": "A", "name": "B"'),
        1,
    ),
    "boolean-coordinate": (
        _changed(lambda p: p["places"][0]["geometry"].update(coordinates=[True, 30])),
        1,
    ),
    "nested-point": (
        _changed(lambda p: p["places"][0]["geometry"].update(coordinates=[[131, 30]])),
        1,
    ),
    "lone-surrogate": (
        _edit("data/geo/straits.geojson", '"Strait Gate"', '"Strait \\ud800 Gate"'),
        1,
    ),
    "control-character": (
        _changed(lambda p: p["events"][0].update(title="ok\x1b[2J\x1b[32m ok")),
        1,
    ),
    "long-word": (_changed(lambda p: p["events"][0].update(summary="W" * 5000)), 1),
    "misspelt-key": (_changed(lambda p: p["events"][0].update(marker=[])), 1),
    "newer-version": (_edit("seeds/sources.yaml", "version: 1", "version: 9"), 1),
    "duplicate-source-id": (
        _changed(lambda p: p["sources"].append(dict(p["sources"][0], url=None))),
        1,
    ),
    "unknown-force": (
        _changed(lambda p: p["routes"][0]["properties"].update(forces=["RU", "ZZ"])),
        1,
    ),
    "symlink-outside": (_symlink_out, 1),
    "too-many-positions": (lambda tmp, parts: write_catalog(tmp / "cat", parts), 1),
}

COMMANDS = {
    "validate": ["validate"],
    "validate-json": ["validate", "--format", "json"],
    "summary-table": ["summary"],
    "summary-csv": ["summary", "--format", "csv"],
    "summary-json": ["summary", "--format", "json"],
    "summary-markdown": ["summary", "--format", "markdown"],
    "render": ["render", "-o", "{out}/map.html"],
    "render-json": ["render", "--format", "json", "-o", "{out}/map.html"],
    "figure-png": ["figure", "-o", "{out}/fig.png", "--dpi", "50"],
    "figure-svg": ["figure", "-o", "{out}/fig.svg"],
    "figure-pdf": ["figure", "-o", "{out}/fig.pdf"],
    "embed-iframe": ["embed", "-o", "{out}/embed.html"],
    "embed-inline": ["embed", "--mode", "inline"],
    "chart": ["chart", "--chart", "years", "-o", "{out}/chart.png"],
    "export-geojson": ["export", "-o", "{out}/x.geojson"],
    "export-kml": ["export", "-o", "{out}/x.kml"],
    "export-csv": ["export", "-o", "{out}/x.csv"],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", CATALOGUES)
def test_every_command_on_every_hostile_catalogue(tmp_path, monkeypatch, case, command):
    make, expected = CATALOGUES[case]
    if case == "too-many-positions":
        monkeypatch.setattr(catalog_read, "MAX_POSITIONS", 10)
    root = make(tmp_path, base_catalog())
    out = tmp_path / "out"
    args = [a.format(out=out) for a in COMMANDS[command]]
    result = CliRunner().invoke(cli, [*args, "--catalog", str(root)])
    text = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), text
    assert "Traceback" not in text and "internal error" not in text, text
    assert not any(c in text for c in "\x1b\x07\x9b\r"), repr(text[:300])
    assert not (tmp_path / "canary").exists()
    written = sorted(p.name for p in out.rglob("*")) if out.exists() else []
    assert not [name for name in written if name.endswith(".part")]
    if expected == 1:
        assert result.exit_code == 1, text
        if command == "validate-json":  # the problems, as data on standard output
            report = json.loads(result.stdout)
            assert report["ok"] is False and report["problems"][0]["severity"] == "error"
        else:
            assert result.stderr.startswith("error: "), result.stderr
        assert written == []
        return
    assert result.exit_code == 0, text
    if "-o" in args:
        assert len(written) == 1 and (out / written[0]).stat().st_size > 0
    if command == "summary-markdown":
        assert "<script" not in result.stdout and "](javascript" not in result.stdout
    if command in ("validate-json", "summary-json", "render-json"):
        json.loads(result.stdout)
