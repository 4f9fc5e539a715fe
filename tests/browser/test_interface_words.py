"""The page's own words follow --names: panels, buttons, timeline, text description, popups."""

from __future__ import annotations

import pytest
from browser_support import described

from patrolmap.catalog import load_catalog
from patrolmap.render import save_map
from patrolmap.scene.naming import Naming
from patrolmap.scene.words import WORDS

pytestmark = pytest.mark.browser

TEXTS = """() => ({
    lang: document.documentElement.lang,
    panels: [...document.querySelectorAll('.pm-panel-toggle')].map(b => b.textContent),
    groups: [...document.querySelectorAll('.pm-group h4')].map(h => h.textContent),
    views: [...document.querySelectorAll('.pm-view')].map(b => b.textContent),
    text: document.querySelector('.pm-text-toggle').textContent,
    play: document.querySelector('.pm-tl-play').textContent,
    reset: document.querySelector('.pm-reset').textContent,
    headings: [...document.querySelectorAll('.pm-text h2, .pm-text h3')].map(h => h.textContent),
    columns: [...document.querySelectorAll('.pm-text-table thead th')].map(h => h.textContent),
    zoomIn: document.querySelector('.leaflet-control-zoom-in').title,
})"""


@pytest.fixture(scope="module")
def japanese_map(tmp_path_factory):
    path = tmp_path_factory.mktemp("words") / "ja.html"
    return save_map(load_catalog(), path, naming=Naming("ja"))


def test_japanese_page_has_japanese_interface_words(japanese_map, open_page):
    session = open_page(japanese_map)
    page = session.page
    described(page)
    shown = page.evaluate(TEXTS)
    assert shown["lang"] == "ja"
    assert {"レイヤー", "凡例", "表示する期間", "タイムライン"} <= set(shown["panels"])
    assert shown["groups"][:2] == ["地理情報", "共同飛行（戦略パトロール）"]
    assert shown["views"] == ["日本・韓国", "アラスカ", "全体"]
    assert shown["text"] == "テキストによる説明"
    assert shown["play"] == "▶ 再生" and shown["reset"] == "全期間"
    assert shown["headings"][:3] == ["地図の内容", "事案", "データ表"]
    assert shown["columns"][:3] == ["事案", "日付", "種類"]
    assert shown["zoomIn"] == "拡大"
    # A popup's field labels, opened as a click on the event's timeline mark opens it.
    page.locator(".pm-tl-mark[data-event='patrol-2019-07-23']").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3000)
    text = popup.inner_text()
    assert "経路区間" in text and "進入した防空識別圏" in text and "出典" in text
    assert "日本海（東海）" in text  # the area names follow the naming policy in the same popup
    # Playback's status line speaks the same language.
    page.locator(".pm-tl-step").click()
    assert "区間 1/" in page.locator(".pm-tl-status").text_content()
    session.assert_clean()


def test_interface_words_are_set_as_text_not_html(tmp_path, open_page, monkeypatch):
    """Even a word that looks like markup shows as written: the runtime never parses data.words."""
    attack = '<img src=x id="pm-injected">'
    for key in ("layers", "text_description", "show_on_map", "play", "sources", "all_dates"):
        monkeypatch.setitem(WORDS["ko"], key, attack)
    path = save_map(load_catalog(), tmp_path / "ko.html", naming=Naming("ko"))
    session = open_page(path)
    page = session.page
    described(page)  # its "show on map" buttons too
    assert page.evaluate("() => document.documentElement.lang") == "ko"
    assert page.locator(".pm-text-toggle").text_content() == attack
    assert attack in page.evaluate(TEXTS)["panels"]
    page.locator(".pm-tl-mark[data-event='patrol-2019-07-23']").click()
    page.locator(".leaflet-popup-content").wait_for(timeout=3000)
    assert attack in page.locator(".leaflet-popup-content").inner_text()  # the Sources heading
    assert page.locator("#pm-injected").count() == 0
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    session.assert_clean()
