"""`patrolmap summary` names ADIZs, seas, straits and foreign places by the naming policy, and keeps
the stable ids where programs read it (CSV, JSON)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from patrolmap.cli import cli

JULY_2019 = "patrol-2019-07-23"  # crosses the Sea of Japan and passes over Takeshima / Dokdo


def summary(*args: str) -> str:
    result = CliRunner().invoke(cli, ["summary", "--event", JULY_2019, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_default_table_shows_both_names_not_ids():
    table = summary()
    assert "Sea of Japan (East Sea)" in table
    assert "Takeshima (Dokdo) (KR)" not in table  # the table leaves the place column out
    assert "sea-japan" not in table and "adiz-japan" not in table
    assert "Japan ADIZ" in table  # an ADIZ has no per-language name: its catalogue name, short


def test_korean_names_in_every_format_for_people():
    table = summary("--names", "ko")
    assert "동해 (일본해)" in table
    markdown = summary("--names", "ko", "--format", "markdown")
    assert "동해 (일본해)" in markdown and "독도 (다케시마) (KR)" in markdown
    local = summary("--names", "ko", "--naming", "local", "--format", "markdown")
    assert "동해" in local and "일본해" not in local and "다케시마" not in local


def test_default_markdown_names_the_disputed_place_both_ways():
    markdown = summary("--format", "markdown")
    assert "Takeshima (Dokdo) (KR)" in markdown
    assert "Sea of Japan (East Sea)" in markdown


def test_csv_keeps_ids_and_adds_name_columns_at_the_end():
    rows = list(csv.DictReader(io.StringIO(summary("--names", "ja", "--format", "csv"))))
    header = summary("--format", "csv").splitlines()[0].split(",")
    assert header[-3:] == ["adiz_names", "strait_names", "sea_names"]
    assert header[:4] == ["id", "start", "kind", "participants"]  # old positions unchanged
    (row,) = rows
    assert row["seas"] == "sea-east-china, sea-japan"
    assert row["sea_names"] == "東シナ海, 日本海（東海）"
    assert row["straits"] == "strait-tsushima-east" and row["strait_names"] == "対馬海峡東水道"


def test_json_keeps_ids_and_adds_names_beside_them():
    (record,) = json.loads(summary("--names", "ko", "--format", "json"))
    assert record["seas"] == ["sea-east-china", "sea-japan"]
    assert record["sea_names"] == ["동중국해", "동해 (일본해)"]
    assert len(record["adiz_names"]) == len(record["adiz"])
    nearest = record["closest_foreign"][0]
    assert nearest["place"] == "Takeshima / Dokdo"  # the territory data's own name, stable
    assert nearest["place_name"] == "독도 (다케시마)"


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_a_hostile_per_language_name_stays_inert(make_catalog, parts, fmt):
    """A catalogue's `names` are catalogue text: escaped like any other cell."""
    sea = parts["seas"][0]["properties"]
    attack = '=HYPERLINK("http://x")|<img src=x>[l](javascript:x)'  # controls: refused on load
    sea["names"] = {"en": "Gate Sea", "ko": attack}
    root = make_catalog(parts)
    result = CliRunner().invoke(
        cli, ["summary", "--catalog", str(root), "--names", "ko", "--format", fmt]
    )
    assert result.exit_code == 0, result.output
    text = result.stdout
    if fmt == "markdown":
        assert "<img" not in text and "](" not in text and "|<" not in text
    if fmt == "csv":
        cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
        assert not any(c.startswith("=") for c in cells)
        assert any("HYPERLINK" in c for c in cells)  # kept, made inert
    if fmt == "json":
        names = [n for r in json.loads(text) for n in r["sea_names"]]
        assert attack in names  # data unchanged; only the terminal's controls are escaped
