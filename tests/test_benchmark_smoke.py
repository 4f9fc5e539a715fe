"""The benchmark runs end to end at a tiny size and reports its tables: it checks it runs, not speed."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from patrolmap.cli import cli

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = REPO / "benchmarks"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


run = _module("run")
make = _module("make_catalog")


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """One `run.py --quick` without the browser, in a temporary work directory."""
    work = tmp_path_factory.mktemp("bench")
    readme = work / "README.md"
    argv = [sys.executable, str(BENCHMARKS / "run.py"), "--quick", "--browser", "off"]
    argv += ["--workdir", str(work), "--readme", str(readme), "--json", str(work / "raw.json")]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    return work, readme, done.stdout


def _table(text: str, columns: list[str]) -> list[list[str]]:
    """The rows of the markdown table in `text` whose header is exactly `columns`."""
    lines = text.splitlines()
    header = "| " + " | ".join(columns) + " |"
    assert header in lines, f"no table with columns {columns}"
    at = lines.index(header) + 2
    rows = []
    while at < len(lines) and lines[at].startswith("|"):
        rows.append([cell.strip() for cell in lines[at].strip("|").split("|")])
        at += 1
    return rows


def test_quick_run_prints_both_tables_with_one_row(quick):
    _, _, stdout = quick
    for columns in (run.SIDE_BY_SIDE_COLUMNS, run.DETAIL_COLUMNS):
        rows = _table(stdout, columns)
        assert len(rows) == 1 and len(rows[0]) == len(columns)
        assert rows[0][0] == "5x500"
        assert "fail" not in rows[0], rows[0]
    row = _table(stdout, run.SIDE_BY_SIDE_COLUMNS)[0]
    side = dict(zip(run.SIDE_BY_SIDE_COLUMNS, row, strict=True))
    assert side["events"] == "5" and side["vertices"] == "500"
    assert float(side["render s"]) > 0 and float(side["explore s"]) > 0
    assert side["drawn s"] == "–"  # browser off
    assert side["render/explore peak"].endswith("×")
    detail = dict(zip(run.DETAIL_COLUMNS, _table(stdout, run.DETAIL_COLUMNS)[0], strict=True))
    for stage in run.STAGE_COLUMNS:  # the in-process stages ran, both sides
        assert detail[stage] != "–" and float(detail[stage]) >= 0, detail
    assert "5x500: render ≤ 0.5 × explore's time" in stdout
    assert "### Targets (reported, not asserted)" in stdout
    assert "Machine: nproc" in stdout


def test_quick_run_writes_the_readme_block_and_raw_json(quick):
    work, readme, _ = quick
    text = readme.read_text(encoding="utf-8")
    assert text.count(run.BEGIN) == 1 and text.count(run.END) == 1
    assert "| 5x500 |" in text
    run.write_readme(readme, "replaced\n")  # a re-run replaces the block, keeping the rest
    text = readme.read_text(encoding="utf-8")
    assert text.count(run.BEGIN) == 1 and "replaced" in text and "| 5x500 |" not in text
    raw = json.loads((work / "raw.json").read_text(encoding="utf-8"))
    assert raw["results"][0]["render"]["seconds"]
    assert (work / "out" / "5x500.html").is_file()
    assert (work / "out" / "5x500-explore.html").is_file()


def test_generated_catalogue_validates_clean_and_is_deterministic(tmp_path):
    for name in ("a", "b"):
        make.make_catalog(tmp_path / name, 6, 300, seed=3, reference=None)
    result = CliRunner().invoke(cli, ["validate", "--catalog", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 6 events") and "warning" not in result.output
    for relative in ("data/events.yaml", "data/geo/routes.geojson", "seeds/sources.yaml"):
        assert (tmp_path / "a" / relative).read_bytes() == (tmp_path / "b" / relative).read_bytes()
    routes = json.loads((tmp_path / "a/data/geo/routes.geojson").read_text(encoding="utf-8"))
    lons = [x for f in routes["features"] for x, _ in f["geometry"]["coordinates"]]
    assert sum(len(f["geometry"]["coordinates"]) for f in routes["features"]) == 300
    assert all(-180 <= x <= 180 for x in lons)


def test_sizes_parse():
    assert run.parse_size("10000x1m") == run.Size("10000x1m", 10_000, 1_000_000)
    assert run.parse_size("bundled").events is None
    with pytest.raises(Exception, match="EVENTSxVERTICES"):
        run.parse_size("big")


@pytest.mark.browser
def test_draw_timing_in_chromium(quick, browser):
    """The Chromium part on the pages the quick run wrote (the suite's browser: fails under CI
    without one, skips elsewhere)."""
    work, _, _ = quick
    chromium = run.Chromium(browser)
    try:
        ours = run.measure_draw(chromium, work / "out" / "5x500.html", "patrolmap", 1)
        theirs = run.measure_draw(chromium, work / "out" / "5x500-explore.html", "explore", 1)
    finally:
        chromium.close()
    assert ours.errors == [] and ours.median is not None and ours.median > 0
    assert theirs.errors == [] and theirs.median is not None and theirs.paths > 0
