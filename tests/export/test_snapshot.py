"""Snapshots: a PNG of the live map from headless Chromium, or a clear message of what is missing."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from catalog_factory import write_catalog
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from patrolmap.catalog import load_catalog
from patrolmap.cli import cli
from patrolmap.errors import MissingDependencyError
from patrolmap.export import snapshot
from patrolmap.export.snapshot import save_snapshot
from patrolmap.figure.page import page_size


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return load_catalog(write_catalog(tmp_path_factory.mktemp("tiny")))


@pytest.mark.browser
def test_snapshot_is_the_viewport_at_device_scale_and_shows_a_map(tiny, browser, tmp_path):
    # `browser` is asked for only to skip (or fail under CI) exactly as the other browser tests do;
    # it also shows a snapshot works while another Playwright session is open in this thread.
    path = save_snapshot(tiny, tmp_path / "map.png", width=640, height=420, scale=2)
    image = Image.open(path)
    assert image.format == "PNG"
    assert image.size == (1280, 840)
    grey = np.asarray(image.convert("L"), dtype=float)
    assert grey.std() > 15  # sea, land, panels and routes, not one flat colour
    assert len(np.unique(grey)) > 50


def test_missing_chromium_names_the_package_to_install(tiny, tmp_path, monkeypatch):
    monkeypatch.setattr(snapshot, "chromium_path", lambda: None)
    with pytest.raises(MissingDependencyError, match="sudo apt-get install chromium"):
        save_snapshot(tiny, tmp_path / "map.png")
    assert list(tmp_path.iterdir()) == []


def test_missing_playwright_names_the_pip_install(tiny, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import now raises ImportError
    with pytest.raises(MissingDependencyError, match="pip install playwright"):
        save_snapshot(tiny, tmp_path / "map.png")


def test_chromium_path_prefers_the_environment_variable(tmp_path, monkeypatch):
    binary = tmp_path / "my-chromium"
    binary.write_text("")
    monkeypatch.setenv("PATROLMAP_CHROMIUM", str(binary))
    assert snapshot.chromium_path() == str(binary)


def test_cli_snapshot_without_chromium_exits_1_with_the_hint(make_catalog, tmp_path, monkeypatch):
    monkeypatch.setattr(snapshot, "chromium_path", lambda: None)
    args = ["snapshot", "--catalog", str(make_catalog()), "-o", str(tmp_path / "m.png"), "-q"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr == (
        "error: chromium: not found, and snapshots need it; install it with: "
        "sudo apt-get install chromium "
        "(or set PATROLMAP_CHROMIUM to a Chromium binary)\n"
    )


@pytest.mark.browser
def test_snapshot_page_a4_is_the_a4_sheet_at_its_dpi(make_catalog, browser, tmp_path):
    # What the sheet shows (no controls; title, legend, scale bar, credits) is checked through the
    # DOM in tests/browser/test_print.py; here, that the command writes that sheet's pixels.
    out = tmp_path / "a4.png"
    args = ["snapshot", "--catalog", str(make_catalog()), "--page", "a4", "-o", str(out), "-q"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    image = Image.open(out)
    width_in, height_in = page_size("a4")
    assert abs(image.width - width_in * 300) <= 1 and abs(image.height - height_in * 300) <= 1
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    grey = np.asarray(image.convert("L"), dtype=float)
    assert grey.std() > 15  # a map on the sheet, not a blank page


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--page", "8x"], "error: --page '8x': use one of a4, a4-landscape, letter, "),
        (["--page", "1x50"], "or WxH in inches with sides 2 to 40 (e.g. 10x7.5)"),
        (["--page", "a5"], "error: --page 'a5': use one of"),
        (["--page", "a4", "--width", "800"], "error: --page a4 sets the size; leave out --width"),
        (["--page", "a4", "--scale", "3"], "error: --page a4 sets the size; leave out --scale"),
        (["--dpi", "150"], "error: --dpi applies only with --page"),
    ],
    ids=["no-height", "too-small", "unknown", "with-width", "with-scale", "dpi-alone"],
)
def test_snapshot_page_mistakes_exit_1_and_write_nothing(
    options, message, make_catalog, tmp_path, monkeypatch
):
    def no_browser():
        raise AssertionError("a bad --page must stop before the browser is looked for")

    monkeypatch.setattr(snapshot, "chromium_path", no_browser)
    out = tmp_path / "new" / "map.png"
    args = ["snapshot", "--catalog", str(make_catalog()), *options, "-o", str(out), "-q"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert result.stderr.count("\n") == 1  # one message line, no traceback
    assert not (tmp_path / "new").exists()


@pytest.mark.browser
def test_snapshot_page_pdf_is_one_page_of_the_sheet_without_controls(
    make_catalog, browser, tmp_path
):
    out = tmp_path / "a4.pdf"
    args = ["snapshot", "--catalog", str(make_catalog()), "--page", "a4", "-o", str(out), "-q"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    pdf = PdfReader(out)
    assert len(pdf.pages) == 1
    width_in, height_in = page_size("a4")
    box = pdf.pages[0].mediabox
    assert abs(float(box.width) - width_in * 72) < 1 and abs(float(box.height) - height_in * 72) < 1
    text = pdf.pages[0].extract_text()
    assert "Route: Russia" in text and "Natural Earth" in text and "km" in text
    for control in ("Layers", "Dates shown", "All dates", "Text description", "Timeline"):
        assert control not in text


def test_snapshot_pdf_without_a_page_exits_1_and_writes_nothing(make_catalog, tmp_path):
    out = tmp_path / "map.pdf"
    args = ["snapshot", "--catalog", str(make_catalog()), "-o", str(out), "-q"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "a PDF snapshot is a printed sheet; give --page" in result.stderr
    assert not out.exists()


@pytest.mark.browser
def test_snapshot_refuses_a_sheet_too_small_for_its_legend(browser, tmp_path):
    # The bundled catalogue's sixteen legend rows, an inset and the credits need more than 5 x 4 in.
    out = tmp_path / "small.png"
    result = CliRunner().invoke(cli, ["snapshot", "--page", "5x4", "-o", str(out), "-q"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: --page 5x4: the title, map, legend and credits do not all fit on this sheet; "
        "use a larger page (a4, letter, or a bigger WxH)\n"
    )
    assert not out.exists()
