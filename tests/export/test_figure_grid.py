"""`figure --grid`: one panel per event on one projection and scale; `--page` sizes."""

from __future__ import annotations

import io

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


def test_panels_share_one_projection_and_scale(grid):
    found = panels(grid)
    assert len({(ax.get_xlim(), ax.get_ylim()) for ax in found}) == 1
    sizes = {tuple(round(v, 3) for v in ax.get_position().size) for ax in found}
    assert len(sizes) == 1  # same extent in same-sized axes: the same scale everywhere


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
