"""`figure --grid`: one panel per event on one projection and scale; `--page` sizes."""

from __future__ import annotations

import io

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.cli import cli
from patrolmap.errors import PatrolmapError
from patrolmap.figure import draw_figure
from patrolmap.figure.grid import default_columns
from patrolmap.figure.page import PAGES, page_size
from patrolmap.paths import bundled_catalog_dir

JOINT = ("--kind", "joint-air-patrol")


@pytest.fixture(scope="module")
def joint():
    return filter_catalog(load_catalog(bundled_catalog_dir()), kinds="joint-air-patrol")


@pytest.fixture(scope="module")
def grid(joint):
    return draw_figure(joint, grid=True)


def panels(fig):
    return [ax for ax in fig.axes if str(ax.get_gid()).startswith("panel-")]


def rows_and_columns(fig) -> tuple[int, int]:
    boxes = [ax.get_position() for ax in panels(fig)]
    return len({round(b.y0, 4) for b in boxes}), len({round(b.x0, 4) for b in boxes})


def figure_cli(tmp_path, *args):
    return CliRunner().invoke(cli, ["figure", *JOINT, "--grid", "--dpi", "50", *args])


def test_one_panel_per_joint_patrol_each_titled_with_its_date_and_title(joint, grid):
    assert len(joint.events) == 10
    found = panels(grid)
    assert [ax.get_gid() for ax in found] == [
        f"panel-{e.id}" for e in sorted(joint.events, key=lambda e: (e.start, e.id))
    ]
    for ax, event in zip(found, sorted(joint.events, key=lambda e: e.start), strict=True):
        title = " ".join(ax.get_title(loc="left").split())
        assert title.startswith(event.date_label())
        assert " ".join(event.title.split()) in title


def metres_per_pixel(ax) -> tuple[float, float]:
    box = ax.get_window_extent(ax.figure.canvas.get_renderer())
    return np.ptp(ax.get_xlim()) / box.width, np.ptp(ax.get_ylim()) / box.height


def test_panels_are_at_one_scale_each_centred_on_its_own_event(joint, grid):
    found = panels(grid)
    scales = [metres_per_pixel(ax) for ax in found]
    assert len(scales) == 10
    for x_scale, y_scale in scales:
        assert x_scale == pytest.approx(scales[0][0], rel=1e-6)
        assert y_scale == pytest.approx(scales[0][0], rel=1e-3)  # equal aspect: square pixels
    # Each panel is its own conic, true to scale at its centre: the same metres per pixel there
    # is the same km per inch.
    for ax, event in zip(found, sorted(joint.events, key=lambda e: (e.start, e.id)), strict=True):
        legs = set(joint.routes[joint.routes["event"] == event.id]["id"])
        lines = [ln for ln in ax.lines if ln.get_gid() in legs]
        assert len(lines) == len(legs) > 0, event.id
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        for line in lines:
            x, y = line.get_xdata(), line.get_ydata()
            assert x0 < x.min() and x.max() < x1 and y0 < y.min() and y.max() < y1, line.get_gid()
    # Centred per event: the Alaska patrol's panel is not framed on East Asia as before.
    alaska = next(ax for ax in found if ax.get_gid() == "panel-patrol-2024-07-24")
    assert [t.get_text() for t in alaska.get_xticklabels()][-1].endswith("W")


def test_every_panel_has_the_same_scale_bar(grid):
    bars = []
    for ax in panels(grid):
        (bar,) = [a for a in ax.artists if type(a).__name__ == "AnchoredSizeBar"]
        bars.append((bar.txt_label.get_text(), bar.size_bar.get_children()[0].get_width()))
    # One label, and one length on the page: the bars' metres differ by the conic's scale
    # factor at each panel's centre, within a few parts per million of 1.
    assert {label for label, _ in bars} == {bars[0][0]}
    assert [metres for _, metres in bars] == pytest.approx([bars[0][1]] * len(bars), rel=1e-4)


def test_default_columns_follow_the_sheet_shape(joint, grid):
    assert [default_columns(n) for n in (1, 2, 4, 5, 9, 10, 30)] == [1, 2, 2, 3, 3, 4, 4]
    assert rows_and_columns(grid) == (3, 4)  # 10 × 7.5 in, landscape
    portrait = draw_figure(joint, grid=True, width=8.27, height=11.69)
    assert rows_and_columns(portrait) == (4, 3)


def test_columns_override_the_default(joint):
    assert rows_and_columns(draw_figure(joint, grid=True, columns=2)) == (5, 2)


def test_grid_png_is_one_file_with_the_page_size(tmp_path):
    out = tmp_path / "grid.png"
    result = figure_cli(tmp_path, "--page", "a4", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["grid.png"]
    with Image.open(io.BytesIO(out.read_bytes())) as image:
        # A4 is 8.27 × 11.69 in; matplotlib rounds the pixel count down.
        assert image.size == (int(8.27 * 50), int(11.69 * 50))


def test_grid_pdf_is_one_page(tmp_path):
    out = tmp_path / "grid.pdf"
    result = figure_cli(tmp_path, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert len(PdfReader(out).pages) == 1


def test_page_presets_set_width_and_height():
    assert page_size("a4") == (8.27, 11.69)
    assert page_size("A4-landscape") == (11.69, 8.27)
    assert page_size("letter") == (8.5, 11.0)
    assert page_size("10x7.5") == (10.0, 7.5)
    assert set(PAGES) == {"a4", "a4-landscape", "letter", "letter-landscape"}


@pytest.mark.parametrize("bad", ["a5", "10x", "1x7", "0x0", "10 by 7"])
def test_unknown_page_is_a_clear_error(bad):
    with pytest.raises(PatrolmapError, match="--page"):
        page_size(bad)


def test_page_with_width_or_columns_without_grid_is_refused(tmp_path):
    out = tmp_path / "x.png"
    both = CliRunner().invoke(cli, ["figure", "--page", "a4", "--width", "5", "-o", str(out)])
    assert both.exit_code == 1 and "--width" in both.output
    lone = CliRunner().invoke(cli, ["figure", "--columns", "2", "-o", str(out)])
    assert lone.exit_code == 1 and "--grid" in lone.output
    assert not out.exists()
