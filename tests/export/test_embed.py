"""Embeds: several maps on one report page, inline and in iframes, offline and without clashes."""

from __future__ import annotations

import base64
import hashlib
import html
from html.parser import HTMLParser

import pytest
from catalog_factory import write_catalog
from click.testing import CliRunner

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.cli import cli
from patrolmap.errors import PatrolmapError
from patrolmap.export.embed import embed_html, inline_script_hashes

# Between the two inline embeds: marks the first embed's Leaflet, so the test can tell whether the
# second embed loaded its own copy over it.
MARK_LEAFLET = "window.L.__firstCopy = true;"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return load_catalog(write_catalog(tmp_path_factory.mktemp("tiny")))


class _Elements(HTMLParser):
    """Collects the id attributes and the start tags of a fragment's markup."""

    def __init__(self, text: str):
        super().__init__()
        self.ids: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.tags.append((tag, values))
        if "id" in values:
            self.ids.append(values["id"])


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def report_page(fragments: list[str], host_scripts: dict[int, str]) -> str:
    """A strict-CSP host page: the fragments, with host scripts after the given fragment index."""
    body = []
    for i, fragment in enumerate(fragments):
        body.append(f"<h2>Figure {i + 1}</h2>\n{fragment}")
        if i in host_scripts:
            body.append(f"<script>{host_scripts[i]}</script>")
    hashes = [h for f in fragments for h in inline_script_hashes(f)]
    hashes += [_hash(s) for s in host_scripts.values()]
    policy = (
        "default-src 'none'; script-src " + " ".join(dict.fromkeys(hashes)) + "; "
        "style-src 'unsafe-inline'; img-src data:"
    )
    return (
        '<!doctype html>\n<html><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">\n'
        "<title>Report</title></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def test_inline_fragment_has_no_element_ids_and_is_deterministic(tiny):
    one = embed_html(filter_catalog(tiny, events=["ev-cross"]), mode="inline")
    two = embed_html(filter_catalog(tiny, events=["ev-dateline"]), mode="inline")
    assert _Elements(one).ids == [] and _Elements(two).ids == []
    assert one == embed_html(filter_catalog(tiny, events=["ev-cross"]), mode="inline")
    assert one != two


def test_inline_fragment_wraps_leaflet_in_a_guard(tiny):
    fragment = embed_html(tiny, mode="inline")
    assert "<script>if (!window.L) {\n" in fragment
    assert fragment.count('t.version="1.9.3"') == 1  # Leaflet itself, once


def test_iframe_fragment_is_a_sandboxed_lazy_srcdoc_with_its_own_policy(tiny):
    fragment = embed_html(tiny, mode="iframe", title='Patrols "2020" <b>')
    (iframe,) = [attrs for tag, attrs in _Elements(fragment).tags if tag == "iframe"]
    assert iframe["sandbox"] == "allow-scripts allow-popups allow-popups-to-escape-sandbox"
    assert iframe["loading"] == "lazy"
    assert iframe["title"] == 'Patrols "2020" <b>'  # escaped in the markup, exact once parsed
    assert '<meta http-equiv="Content-Security-Policy"' in iframe["srcdoc"]
    assert iframe["srcdoc"].startswith("<!DOCTYPE html>")
    assert "allow-same-origin" not in fragment


def test_script_hashes_cover_the_srcdoc_page_too(tiny):
    fragment = embed_html(tiny, mode="iframe")
    (iframe,) = [attrs for tag, attrs in _Elements(fragment).tags if tag == "iframe"]
    assert _Elements(fragment).ids == []  # the srcdoc's ids live in their own document
    tokens = inline_script_hashes(fragment)
    assert tokens and all(t.startswith("'sha256-") for t in tokens)
    assert f"script-src {' '.join(tokens)};" in html.unescape(iframe["srcdoc"])


def test_unknown_mode_is_refused(tiny):
    with pytest.raises(PatrolmapError, match="unknown embed mode 'div'"):
        embed_html(tiny, mode="div")


def test_cli_embed_inline_prints_the_fragment(make_catalog):
    result = CliRunner().invoke(
        cli, ["embed", "--catalog", str(make_catalog()), "--mode", "inline"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith('<figure class="patrolmap-figure"')
    assert '\n<div class="patrolmap-embed"' in result.stdout
    assert result.stdout.rstrip().endswith("</figure>")
    assert "PatrolMap.create(" in result.stdout


@pytest.mark.browser
def test_two_inline_and_one_iframe_embed_share_a_strict_page(tiny, open_page, tmp_path):
    fragments = [
        embed_html(filter_catalog(tiny, events=["ev-cross"]), mode="inline", title="Inline one"),
        embed_html(filter_catalog(tiny, events=["ev-dateline"]), mode="inline", title="Inline two"),
        embed_html(filter_catalog(tiny, events=["ev-short"]), mode="iframe", title="Framed"),
    ]
    path = tmp_path / "report.html"
    path.write_text(report_page(fragments, {0: MARK_LEAFLET}), encoding="utf-8")
    session = open_page(path, maps=2)
    page = session.page
    titles = page.eval_on_selector_all(".pm-title h1", "els => els.map(e => e.textContent)")
    assert titles == ["Inline one", "Inline two"]
    assert page.evaluate("window.L.__firstCopy === true")  # the second embed reused Leaflet
    assert page.evaluate("window.patrolmaps.length") == 2
    assert page.evaluate("document.querySelectorAll('[id]').length") == 0
    page.locator("iframe").scroll_into_view_if_needed()  # loading=lazy: bring it on screen
    frame = next(f for f in page.frames if f != page.main_frame)
    frame.wait_for_function("() => (window.patrolmaps || []).length === 1", timeout=15000)
    assert frame.evaluate("document.querySelector('.pm-title h1').textContent") == "Framed"
    # Each map drew its own route: one leg each on its own canvases.
    legs = """window.patrolmaps.map(h => h.legs.all.filter(l => l.on).length)"""
    assert page.evaluate(legs) == [1, 1] and frame.evaluate(legs) == [1]
    canvases = "document.querySelectorAll('.leaflet-pm-events-pane canvas.pm-leg-canvas').length"
    assert page.evaluate(canvases) >= 2 and frame.evaluate(canvases) >= 1
    page.wait_for_timeout(200)  # let any late error or request surface
    session.assert_clean()
    assert session.csp_violations == []
