"""The interface words (scene/words.py): one table, every language complete, chosen by --names."""

from __future__ import annotations

import re
import string

import pytest
from page_data import page_data

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.render import map_html
from patrolmap.scene.build import build_scene
from patrolmap.scene.naming import Naming
from patrolmap.scene.text import standard_title
from patrolmap.scene.words import PAGE_KEYS, WORDS, Words

# Words that may stay in Latin letters in every language: names and units.
UNTRANSLATED = re.compile(r"patrolmap|Natural Earth|km|ADIZ|\{\w+\}|[\W\d_]")
SCRIPT = {
    "ja": re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]"),
    "ko": re.compile(r"[\uac00-\ud7af]"),
    "zh": re.compile(r"[\u4e00-\u9fff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
}


def _slots(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", ["ja", "ko", "zh", "ru"])
def test_every_language_has_every_word_with_the_same_slots(language):
    english, other = WORDS["en"], WORDS[language]
    assert set(other) == set(english)
    for key, text in english.items():
        assert _slots(other[key]) == _slots(text), key


@pytest.mark.parametrize("language", ["ja", "ko", "zh", "ru"])
def test_every_word_is_written_in_its_language(language):
    """No English left behind: each word that has letters beyond names and units is in the
    language's own script."""
    for key, text in WORDS[language].items():
        if UNTRANSLATED.sub("", text):
            assert SCRIPT[language].search(text), (key, text)


def test_the_page_gets_its_words_in_the_label_language():
    html = map_html(
        filter_catalog(load_catalog(), events=["patrol-2019-07-23"]), naming=Naming("ja")
    )
    data = page_data(html)
    assert html.startswith('<!DOCTYPE html>\n<html lang="ja">')
    assert data["words"] == {key: WORDS["ja"][key] for key in PAGE_KEYS}
    assert data["words"]["layers"] == "レイヤー"
    labels = [item["label"] for item in data["legend"]]
    assert "経路：ロシア" in labels and "日本の防空識別圏" in labels
    assert [g["label"] for g in data["groups"]][:2] == ["地理情報", "共同飛行（戦略パトロール）"]
    assert data["text"]["columns"][0] == "事案"
    assert "陸地：Natural Earth" in data["attribution"]


def test_english_stays_the_default():
    html = map_html(filter_catalog(load_catalog(), events=["patrol-2019-07-23"]))
    data = page_data(html)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert data["words"]["layers"] == "Layers"
    assert "Route: Russia" in [item["label"] for item in data["legend"]]


def test_figure_legend_and_footer_words_follow_the_language():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from patrolmap.figure.layout import Layout
    from patrolmap.figure.save import figure_style

    catalog = filter_catalog(load_catalog(), events=["patrol-2019-07-23"])
    scene = build_scene(catalog, naming=Naming("ko"))
    assert "경로: 러시아" in [item.label for item in scene.legend]
    with figure_style():  # CJK glyphs come from the figures' font fallback
        fig = Figure(figsize=(10, 7.5), dpi=100)
        FigureCanvasAgg(fig)
        footer = Layout.fit(fig, scene).footer.replace("\n", " ")
    assert footer.startswith("출처: ") and "patrolmap으로 작성." in footer
    assert "Sources:" not in footer


def test_interface_words_reach_the_page_as_data_and_are_escaped_where_they_become_html(monkeypatch):
    """A word that looked like markup would reach the popups and legend escaped (Python side); the
    runtime sets data.words as text (tests/browser/test_interface_words.py)."""
    monkeypatch.setitem(WORDS["ja"], "legend.direction", "<img src=x>")
    monkeypatch.setitem(WORDS["ja"], "sources_disagree", "<b>x</b>")
    catalog = filter_catalog(load_catalog(), events=["patrol-2019-07-23"])
    html = map_html(catalog, naming=Naming("ja"))
    assert "<img src=x>" not in html and "&lt;img src=x&gt;" in html
    assert "<b>x</b>" not in html


def test_words_object():
    words = Words("ja")
    assert (
        words.events(1) == "1件"
        and Words().events(1) == "1 event"
        and Words().events(3) == "3 events"
    )
    assert words.country("KR") == "韓国" and words.country("XX") == "XX"
    with pytest.raises(ValueError):
        Words("fr")


def test_standard_title_and_subtitle_follow_the_language():
    catalog = load_catalog()
    scene = build_scene(catalog, naming=Naming("ja"))
    assert scene.title == "日本・韓国・アラスカ周辺におけるロシア軍・中国軍の活動"
    assert scene.subtitle.startswith(f"{len(catalog.events)}件、")
    one = build_scene(filter_catalog(catalog, events=["patrol-2019-07-23"]), naming=Naming("ko"))
    assert one.title == "First Russia–China joint strategic air patrol"  # catalogue text
    assert "제1차 합동 공중 전략 순찰" in one.subtitle and "러시아: Tu-95MS ×2" in one.subtitle
    english = build_scene(filter_catalog(catalog, events=["patrol-2019-07-23"]))
    assert english.subtitle.startswith("2019-07-23 · joint air patrol no. 1 · Russia: ")


def test_an_inline_embed_says_its_language_and_its_caption_word():
    from patrolmap.export.embed import embed_html

    catalog = filter_catalog(load_catalog(), events=["patrol-2019-07-23"])
    fragment = embed_html(catalog, mode="inline", naming=Naming("ko"))
    assert '<div class="patrolmap-embed" lang="ko"' in fragment
    assert "<summary>텍스트 설명</summary>" in fragment


def test_the_figures_inset_title_follows_the_language():
    from patrolmap.figure.save import draw_figure

    fig = draw_figure(load_catalog(), naming=Naming("ja"))
    titles = [
        t.get_text()
        for t in fig.findobj()
        if getattr(t, "get_gid", lambda: None)() == "inset-title"
    ]
    assert titles == ["挿入図：アラスカ"]


def test_the_standard_title_names_only_the_regions_its_events_are_in():
    """A map of events around Japan and Korea does not say "and Alaska"; one with an event off
    Alaska does; the same in every language."""
    catalog = load_catalog()
    naval = filter_catalog(catalog, kinds=["naval-transit"])
    assert len(naval.events) > 3  # several events: the standard title, not their own titles
    assert build_scene(naval).title == WORDS["en"]["title.japan_korea"]
    assert build_scene(naval, naming=Naming("ko")).title == "일본·한국 주변의 러시아군·중국군 활동"
    patrols = filter_catalog(catalog, kinds=["joint-air-patrol"])  # the 2024 patrol off Alaska
    assert build_scene(patrols).title == WORDS["en"]["title.default"]
    alaska = filter_catalog(catalog, events=["patrol-2024-07-24"])
    assert standard_title(alaska, Words("ja")) == "アラスカ周辺におけるロシア軍・中国軍の活動"
