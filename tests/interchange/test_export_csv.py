"""CSV export: a row per leg or per event, provenance as columns, hostile text inert."""

from __future__ import annotations

import csv
import io
import json
import re

import numpy as np
import pytest
import shapely
from hostile import hostile_parts
from hypothesis import given
from hypothesis import strategies as st

from patrolmap.safety.spreadsheet import spreadsheet_cell

FORMULA = re.compile(r"^\s*[=+\-@]")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def read_rows(path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_one_row_per_route_leg_with_its_provenance(run, tmp_path, bundled):
    catalog, joined = bundled
    path = tmp_path / "legs.csv"
    assert run("export", "-o", path).exit_code == 0
    rows = read_rows(path)
    # The route's legs, then the other sources' versions of legs (variant_of names the legs).
    assert [r["id"] for r in rows] == list(catalog.all_legs["id"])
    variants = set(catalog.route_variants["id"])
    assert variants and all((r["id"] in variants) == (r["variant_of"] != "[]") for r in rows)
    for row in rows:
        event = catalog.event(row["event"])
        assert row["event_title"] == event.title
        assert json.loads(row["straits_crossed"]) == list(joined[event.id].straits)
        assert [s["id"] for s in json.loads(row["event_sources"])] == list(event.sources)
        assert float(row["leg_km"]) > 0  # a number, not "1,234"


def test_one_row_per_event(run, tmp_path, bundled):
    catalog, joined = bundled
    path = tmp_path / "events.csv"
    assert run("export", "--per", "event", "-o", path).exit_code == 0
    rows = read_rows(path)
    assert [r["id"] for r in rows] == [e.id for e in catalog.events]
    for row in rows:
        km = joined[row["id"]].route_km
        assert row["event_route_km"] == ("" if km is None else str(km))


def test_wkt_column_holds_each_legs_geometry(run, tmp_path, bundled):
    catalog, _ = bundled
    path = tmp_path / "legs.csv"
    assert run("export", "--wkt", "-o", path).exit_code == 0
    routes = catalog.all_legs.set_index("id")
    for row in read_rows(path):
        written = shapely.get_coordinates(shapely.from_wkt(row["wkt"]))
        drawn = shapely.get_coordinates(routes.geometry[row["id"]])
        drawn[:, 0] = np.where(drawn[:, 0] > 180, drawn[:, 0] - 360, drawn[:, 0])
        # WKT of a leg crossing 180° has the cut points in addition; every drawn vertex is there
        assert {tuple(p) for p in drawn} <= {tuple(p) for p in written}


def test_hostile_catalogue_text_is_inert_in_csv(run, tmp_path, make_catalog):
    root = make_catalog(hostile_parts(tmp_path / "canary"))
    for per in ("leg", "event"):
        path = tmp_path / f"{per}.csv"
        result = run("export", "--catalog", root, "--per", per, "-o", path)
        assert result.exit_code == 0, result.output
        text = path.read_text(encoding="utf-8")
        assert not CONTROL.search(text.replace("\n", "")), "control characters in the file"
        rows = read_rows(path)
        assert rows
        for row in rows:
            for column, value in row.items():
                assert not FORMULA.match(value), (column, value)
        # the data is still there, as text
        assert "<img src=x" in text and "{{ 7*191 }}" in text


def test_csv_takes_no_layers(run, tmp_path):
    result = run("export", "--layers", "adiz", "-o", tmp_path / "x.csv")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {tmp_path / 'x.csv'}: --layers does not apply to CSV, which holds one table; "
        "choose its rows with --per leg or --per event\n"
    )


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "' =1+1"),
        ("a\x1b[2Jb\x9bc", "a[2Jbc"),  # ESC and CSI dropped, the rest is text
        ("line\nbreak\r\nand\u2028more", "line break and more"),
        ("Tu-95MS ×2", "Tu-95MS ×2"),
        ("", ""),
    ],
)
def test_spreadsheet_cell(text, cell):
    assert spreadsheet_cell(text) == cell


@given(st.text())
def test_spreadsheet_cells_never_start_a_formula_or_hold_a_control(text):
    cell = spreadsheet_cell(text)
    assert not FORMULA.match(cell)
    assert not CONTROL.search(cell)


def test_summary_csv_follows_the_same_rules(run, make_catalog, parts):
    parts["events"][0]["participants"][0]["type"] = 'Tu-95\r\n=HYPERLINK("http://x")\x1b[2J'
    result = run("summary", "--catalog", make_catalog(parts), "--format", "csv")
    if result.exit_code == 1:  # the loader may refuse control characters outright: also safe
        assert "type" in result.stderr
        return
    lines = result.stdout.splitlines()
    assert len(lines) == 1 + len(parts["events"])  # no line break inside a cell
    assert not CONTROL.search(result.stdout.replace("\n", ""))
    assert 'RU Tu-95 =HYPERLINK(""http://x"")[2J' in result.stdout
