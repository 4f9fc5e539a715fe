"""Hostile catalogue text in a real browser, and the Content-Security-Policy as a second wall."""

from __future__ import annotations

import re

import pytest
from hostile import ATTACKS, hostile_parts

from patrolmap.catalog import load_catalog
from patrolmap.render import save_map

pytestmark = pytest.mark.browser

# Opens every popup and tooltip in turn; returns their text and how many elements inside them only
# injected markup could have made.
OPEN_EVERYTHING = """() => {
    // The timeline panel's own <svg> is patrolmap's; any other svg came from the catalogue.
    const texts = [], bad = 'img, svg:not(.pm-tl-svg), script, style, iframe, a[href^="javascript"]';
    let injected = 0;
    const look = el => { texts.push(el.innerText); injected += el.querySelectorAll(bad).length; };
    const h = window.patrolmaps[0];
    h.text.complete();  // the text description, built after the first frame: all of it now
    for (const entry of Object.values(h.layers)) {
        if (!entry.layer._map) entry.layer.addTo(h.map);
        entry.layer.eachLayer(l => {
            if (l.getPopup && l.getPopup()) { l.openPopup(); look(l.getPopup().getElement()); l.closePopup(); }
            if (l.getTooltip && l.getTooltip()) { l.openTooltip(); look(l.getTooltip().getElement()); l.closeTooltip(); }
        });
    }
    for (const leg of h.legs.all) {  // route legs: drawn on canvases, popups and tooltips from the page
        look(h.legs.openPopup(leg).getElement()); h.map.closePopup();
        const tip = h.legs.showTooltip(leg);
        if (tip) { look(tip.getElement()); tip.close(); }
    }
    document.querySelectorAll('.pm-panel').forEach(look);
    return {texts, injected};
}"""


def assert_hostile_text_is_inert(session) -> list[str]:
    """Open every popup and tooltip; nothing may run, and markup must show as text."""
    page = session.page
    opened = page.evaluate(OPEN_EVERYTHING)
    page.wait_for_timeout(300)  # give any injected handler time to fire
    assert page.evaluate("() => window.__pm_pwned") is None, "hostile text executed"
    assert session.dialogs == [] and session.page_errors == []
    assert opened["injected"] == 0, "markup from the catalogue became elements"
    return opened["texts"]


@pytest.fixture
def hostile_map(make_catalog, tmp_path):
    canary = tmp_path / "render-canary"
    path = save_map(load_catalog(make_catalog(hostile_parts(canary))), tmp_path / "hostile.html")
    assert not canary.exists()
    return path


def test_hostile_text_never_executes_and_shows_literally(hostile_map, open_page):
    session = open_page(hostile_map)
    texts = assert_hostile_text_is_inert(session)
    session.assert_clean()
    joined = "\n".join(texts)
    for attack in ATTACKS[:6] + ATTACKS[8:10]:
        assert attack in joined, attack  # shown exactly as written
    # The map still draws every hostile route.
    assert (
        session.page.evaluate("() => window.patrolmaps[0].legs.all.filter(l => l.on).length") >= 3
    )


def test_inertness_check_fails_when_escaping_is_removed(
    make_catalog, tmp_path, open_page, monkeypatch
):
    from patrolmap.render import popups

    monkeypatch.setattr(popups, "html_text", lambda s: s)
    path = save_map(
        load_catalog(make_catalog(hostile_parts(tmp_path / "c"))), tmp_path / "raw.html"
    )
    session = open_page(path)
    with pytest.raises(AssertionError):
        assert_hostile_text_is_inert(session)


def inject(path, script: str) -> None:
    html = path.read_text()
    path.write_text(html.replace("</body>", f"<script>{script}</script></body>"))


def test_script_added_after_rendering_is_blocked_by_the_policy(make_catalog, tmp_path, open_page):
    path = save_map(load_catalog(make_catalog()), tmp_path / "map.html")
    inject(path, "window.__pm_injected = 1")
    session = open_page(path)
    assert session.page.evaluate("() => window.__pm_injected") is None
    for _ in range(20):  # console messages reach Python asynchronously
        if session.csp_violations:
            break
        session.page.wait_for_timeout(100)
    assert any("Content Security Policy" in v for v in session.csp_violations)
    assert session.page.evaluate("() => window.patrolmaps.length") == 1  # the map itself still runs


def test_without_the_policy_the_same_script_runs(make_catalog, tmp_path, open_page):
    # Control: strip the policy and the injected script does run, so the test above proves the wall.
    path = save_map(load_catalog(make_catalog()), tmp_path / "map.html")
    path.write_text(
        re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", path.read_text())
    )
    inject(path, "window.__pm_injected = 1")
    assert open_page(path).page.evaluate("() => window.__pm_injected") == 1


def test_policy_blocks_network_calls_from_the_page(make_catalog, tmp_path, open_page):
    path = save_map(load_catalog(make_catalog()), tmp_path / "map.html")
    session = open_page(path)
    blocked = session.page.evaluate(
        """async () => { try { await fetch('https://example.org/beacon'); return 'sent'; }
                         catch (e) { return 'blocked'; } }"""
    )
    assert blocked == "blocked"
    assert session.requests == []  # refused by the policy before any request left the page
