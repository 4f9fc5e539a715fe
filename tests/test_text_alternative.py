"""Figures and embeds carry the same text as the page's description (describe.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.describe import map_description
from patrolmap.export.embed import embed_html
from patrolmap.figure import save_figure
from patrolmap.join import join_catalog

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def one_event(make_catalog):
    # A one-day event: its description is plain ASCII, so the PDF keeps it as a literal string.
    return filter_catalog(load_catalog(make_catalog()), events=["ev-dateline"])


def test_svg_figure_has_title_and_desc_first(one_event, tmp_path):
    path = save_figure(one_event, tmp_path / "f.svg", title="Dateline <test> & more")
    root = ET.parse(path).getroot()
    first, second = list(root)[:2]
    assert first.tag == f"{SVG}title" and first.text == "Dateline <test> & more"
    assert second.tag == f"{SVG}desc"
    assert second.text == map_description(join_catalog(one_event))
    assert second.text.startswith("1 event on 24 Jul 2024;")
    assert len(root.findall(f"{SVG}title")) == 1


def test_pdf_and_png_figures_carry_the_description_as_metadata(one_event, tmp_path):
    from PIL import Image

    description = map_description(join_catalog(one_event))
    assert description.isascii() and "(" not in description
    pdf = save_figure(one_event, tmp_path / "f.pdf").read_bytes()
    assert f"/Subject ({description})".encode() in pdf
    assert b"/Title (Event ev-dateline)" in pdf
    png = Image.open(save_figure(one_event, tmp_path / "f.png", dpi=50))
    assert png.text["Description"] == description
    assert png.text["Title"] == "Event ev-dateline"


@pytest.mark.parametrize("mode", ["iframe", "inline"])
def test_both_embed_modes_have_a_figcaption_with_the_description(one_event, mode):
    fragment = embed_html(one_event, mode=mode)
    assert fragment.startswith('<figure class="patrolmap-figure"')
    caption = re.search(r"<figcaption[^>]*>(.*)</figcaption>", fragment, re.S).group(1)
    assert caption.startswith("1 event on 24 Jul 2024;")
    assert "<li>24 Jul 2024: two Tu-95MS; entered the Adiz Dateline; routes about" in caption


def test_bundled_figure_description_names_every_event(tmp_path):
    catalog = filter_catalog(load_catalog(), kinds=["joint-air-patrol"])
    root = ET.parse(save_figure(catalog, tmp_path / "p.svg")).getroot()
    desc = root.find(f"{SVG}desc").text
    assert desc.startswith("10 events from 23 Jul 2019 to 9 Dec 2025;")
    assert desc.count(" km.") == 10
