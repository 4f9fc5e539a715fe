"""The naming policy: per-language names, both names by default, the same in page, figure and popups."""

from __future__ import annotations

import html
import io

import pytest
from click.testing import CliRunner
from page_data import page_data
from pypdf import PdfReader

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.cli import cli
from patrolmap.scene.naming import Naming

SEA = {"en": "Sea of Japan", "ja": "日本海", "ko": "동해"}
SEA_OTHER = {"en": "East Sea", "ja": "東海", "ko": "일본해"}


@pytest.mark.parametrize(
    ("naming", "expected"),
    [
        (Naming(), "Sea of Japan (East Sea)"),
        (Naming("en", "local"), "Sea of Japan"),
        (Naming("ja"), "日本海（東海）"),
        (Naming("ja", "local"), "日本海"),
        (Naming("ko"), "동해 (일본해)"),
        (Naming("ko", "local"), "동해"),
    ],
)
def test_neutral_shows_both_names_local_one(naming, expected):
    assert naming.name("Sea of Japan", SEA, SEA_OTHER) == expected


def test_a_language_without_a_name_falls_back_to_english_without_mixing_scripts():
    assert Naming("ru").name("Sea of Japan", SEA, SEA_OTHER) == "Sea of Japan"
    assert Naming("zh").name("Ieodo", None) == "Ieodo"


def test_unknown_language_or_policy_is_refused():
    with pytest.raises(ValueError, match="language"):
        Naming("fr")
    with pytest.raises(ValueError, match="naming"):
        Naming("en", "majority")


def _render(tmp_path, *args) -> dict:
    out = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["render", "-q", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return page_data(out.read_text(encoding="utf-8"))


def _labels(data: dict) -> set[str]:
    return {html.unescape(label[0]) for label in data["labels"]}


def test_render_names_ja_shows_japanese_names(tmp_path):
    data = _render(tmp_path, "--names", "ja", "--naming", "local")
    assert {"日本海", "竹島", "対馬"} <= _labels(data)
    assert "Sea of Japan" not in " ".join(_labels(data))


def test_render_names_ko_shows_korean_names(tmp_path):
    data = _render(tmp_path, "--names", "ko", "--naming", "local")
    assert {"동해", "독도"} <= _labels(data)


def test_render_default_shows_both_names_in_labels_tooltips_and_popups(tmp_path):
    data = _render(tmp_path)
    assert {"Sea of Japan (East Sea)", "Takeshima (Dokdo)"} <= _labels(data)
    seas = next(lay for lay in data["groups"][0]["layers"] if lay["id"] == "ref-seas")
    tooltips = {html.unescape(f["tooltip"]) for f in seas["features"]}
    assert "Sea of Japan (East Sea)" in tooltips
    assert any("<h3>Sea of Japan (East Sea)</h3>" in f["popup"] for f in seas["features"])
    # Event popups list the seas a route crossed by the same names.
    assert any("Sea of Japan (East Sea)" in t for t in map(html.unescape, data["texts"]))


def test_figure_pdf_in_japanese_carries_the_names_as_text(tmp_path):
    out = tmp_path / "ja.pdf"
    args = ["figure", "-q", "--names", "ja", "--event", "patrol-2019-07-23", "-o", str(out)]
    result = CliRunner().invoke(cli, [*args, "--width", "8", "--height", "6"])
    assert result.exit_code == 0, result.output
    text = PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    assert "日本海" in text and "対馬海峡東水道" in text
    assert "Sea of Japan" not in text


def test_figure_labels_follow_the_policy():
    from patrolmap.figure import draw_figure

    one = filter_catalog(load_catalog(), events=["patrol-2019-07-23"])
    texts = {t.get_text() for t in draw_figure(one, width=8, height=6).axes[0].texts}
    assert "Sea of Japan (East Sea)" in {" ".join(t.split()) for t in texts}
