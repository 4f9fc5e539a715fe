"""Static figures: real PNG/SVG/PDF files, vector where promised, continuous across 180°."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from catalog_factory import write_catalog
from click.testing import CliRunner
from PIL import Image

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.cli import cli
from patrolmap.errors import PatrolmapError
from patrolmap.figure import draw_figure, save_figure
from patrolmap.geo import lon_label
from patrolmap.scene.style import FORCE_COLOURS

SVG = "{http://www.w3.org/2000/svg}"
SMALL = {"width": 4.0, "height": 3.0, "dpi": 50}
# The tiny catalogue's legs and the colour each must be drawn in (catalog_factory.py).
LEGS = {
    "route-cross": FORCE_COLOURS["JOINT"],
    "route-short": FORCE_COLOURS["CN"],
    "route-dateline": FORCE_COLOURS["RU"],
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return load_catalog(write_catalog(tmp_path_factory.mktemp("tiny")))


@pytest.fixture(scope="module")
def svg_bytes(tiny, tmp_path_factory):
    return save_figure(tiny, tmp_path_factory.mktemp("svg") / "map.svg", **SMALL).read_bytes()


@pytest.fixture(scope="module")
def pdf_bytes(tiny, tmp_path_factory):
    return save_figure(tiny, tmp_path_factory.mktemp("pdf") / "map.pdf", **SMALL).read_bytes()


def test_png_has_the_requested_pixel_size_and_a_drawn_map(tiny, tmp_path):
    path = save_figure(tiny, tmp_path / "map.png", width=4, height=3, dpi=60)
    image = Image.open(path)
    assert image.format == "PNG"
    assert image.size == (240, 180)
    grey = np.asarray(image.convert("L"), dtype=float)
    # A blank white page has std 0; land, sea, routes and text give a wide spread of tones.
    assert grey.std() > 20
    assert len(np.unique(grey)) > 50


def test_svg_draws_each_route_leg_as_a_path_in_its_force_colour(svg_bytes):
    root = ET.fromstring(svg_bytes)
    assert len(root.findall(f".//{SVG}path")) >= len(LEGS)
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g")}
    for leg, colour in LEGS.items():
        styles = [p.get("style", "") for p in groups[leg].iter(f"{SVG}path")]
        assert any(f"stroke: {colour}" in s for s in styles), (leg, styles)


def test_svg_is_vector_only(svg_bytes):
    root = ET.fromstring(svg_bytes)
    assert root.findall(f".//{SVG}image") == []
    assert b"<text" in svg_bytes  # text stays text (svg.fonttype none)


def test_pdf_is_one_page_of_vector_paths_with_no_images(pdf_bytes):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    content = page.get_contents().get_data()
    assert len(re.findall(rb"\s[lc]\n", content)) > 100  # line-to and curve-to operators
    assert len(re.findall(rb"\sm\n", content)) > 10  # move-to: many separate shapes
    assert re.search(rb"^S$", content, re.M) and re.search(rb"^f$", content, re.M)  # stroke, fill
    xobjects = page["/Resources"].get("/XObject", {})
    subtypes = [xobjects[name].get_object().get("/Subtype") for name in xobjects]
    assert "/Image" not in subtypes


def test_svg_and_pdf_bytes_are_the_same_on_every_run(
    tiny, tmp_path, svg_bytes, pdf_bytes, monkeypatch
):
    # matplotlib dates its files from SOURCE_DATE_EPOCH when set: another "now", same bytes.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    assert save_figure(tiny, tmp_path / "again.svg", **SMALL).read_bytes() == svg_bytes
    assert save_figure(tiny, tmp_path / "again.pdf", **SMALL).read_bytes() == pdf_bytes


def test_unsupported_suffix_is_refused_before_anything_is_written(tiny, tmp_path):
    with pytest.raises(PatrolmapError, match=r"'\.jpg'.*\.png, \.svg, \.pdf"):
        save_figure(tiny, tmp_path / "map.jpg", **SMALL)
    assert list(tmp_path.iterdir()) == []


def test_route_across_180_is_one_short_line_not_the_long_way_round(tiny):
    fig = draw_figure(filter_catalog(tiny, events=["ev-dateline"]), width=4, height=3)
    ax = fig.axes[0]
    (line,) = [ln for ln in ax.lines if ln.get_gid() == "route-dateline"]
    # 178.5°E to 178.5°W at 60.5°N is 3° of longitude, about 165 km.
    assert 120_000 < np.ptp(line.get_xdata()) < 220_000
    xmin, xmax = ax.get_xlim()
    assert xmax - xmin < 2_000_000
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert "180°" in labels
    assert any(label.endswith("°W") for label in labels)
    assert any(label.endswith("°E") for label in labels)


def test_one_event_is_framed_tightly_around_its_own_route(tiny):
    one = draw_figure(filter_catalog(tiny, events=["ev-cross"]), width=4, height=3).axes[0]
    (line,) = [ln for ln in one.lines if ln.get_gid() == "route-cross"]
    (x0, x1), (y0, y1) = one.get_xlim(), one.get_ylim()
    assert x0 < line.get_xdata().min() and line.get_xdata().max() < x1
    assert y0 < line.get_ydata().min() and line.get_ydata().max() < y1
    # The leg is about 300 km long; its frame is the minimum span (780 km) at the sheet's shape.
    assert x1 - x0 < 1_500_000


@pytest.mark.parametrize(
    ("lon", "text"),
    [(135, "135°E"), (190, "170°W"), (-170, "170°W"), (180, "180°"), (179.5, "179.5°E")],
)
def test_longitude_labels_read_east_and_west_of_180(lon, text):
    assert lon_label(lon) == text


def test_legend_title_and_footer_say_what_the_figure_shows(tiny):
    fig = draw_figure(filter_catalog(tiny, events=["ev-cross"]), width=6, height=4.5)
    texts = " ".join(t.get_text() for t in fig.texts)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Event ev-cross" in texts and "2020-01-01 – 01-02" in texts
    assert "Sources: Test Wire." in texts
    assert "approximate reconstructions" in texts and "Natural Earth" in texts
    assert "Route: Russia and China together" in legend
    assert {"Japan ADIZ", "South Korea ADIZ", "Strait gate line"} <= set(legend)


def test_dollar_signs_in_titles_are_text_not_mathtext(tiny, tmp_path):
    # Unbalanced "$" would make matplotlib's mathtext parser fail while drawing.
    path = save_figure(tiny, tmp_path / "map.svg", title="Costs $5 a $ton", **SMALL)
    assert b"Costs $5 a $ton" in path.read_bytes()


def test_cli_figure_writes_a_png(make_catalog, tmp_path):
    out = tmp_path / "x.png"
    args = ["figure", "--catalog", make_catalog(), "-o", out, "--width", 4, "--height", 3]
    result = CliRunner().invoke(cli, [str(a) for a in [*args, "--dpi", 50, "-q"]])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out} ({out.stat().st_size / 1024:,.0f} KB, 4 events)\n"
    assert Image.open(out).size == (200, 150)


def test_cli_figure_with_a_bad_suffix_exits_1_with_the_message(make_catalog, tmp_path):
    args = ["figure", "--catalog", make_catalog(), "-o", tmp_path / "x.gif", "-q"]
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 1
    assert "cannot write a figure as '.gif'" in result.stderr
