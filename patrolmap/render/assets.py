"""Leaflet for folium pages: inlined from xstatic-leaflet (offline) or pinned CDN tags with SRI."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import folium
import xstatic.pkg.leaflet

LEAFLET_VERSION = "1.9.3"
# xstatic-leaflet 1.9.3.0 ships files byte-identical to the npm package's dist/, so SRI hashes
# computed from the local copy match what this CDN serves.
CDN_BASE = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/"

# What folium 0.20 needs besides Leaflet, for the elements patrolmap uses (FeatureGroup, GeoJson,
# LayerControl, CircleMarker, PolyLine, Popup, Tooltip, MacroElement):
# - jQuery: folium.Popup renders `$(`<div>…</div>`)[0]`, and Map.keep_in_front renders
#   `$(document).ready(...)`; without `$` that throws and no layer after it is drawn. The stand-in
#   below covers exactly these two uses. GeoJson(embed=False) uses `$.ajax`: unsupported, embed.
# - Bootstrap, glyphicons, Font Awesome, awesome-markers: only folium.Icon markers. Not used.
# Tooltip, GeoJsonTooltip and GeoJsonPopup need Leaflet only.
_JQUERY_STANDIN = """\
if (typeof window.$ === "undefined") {
  window.$ = function (x) {
    if (typeof x === "string") {
      var t = document.createElement("template");
      t.innerHTML = x.trim();
      return Array.prototype.slice.call(t.content.childNodes);
    }
    return {ready: function (f) {
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", f);
      else f();
    }};
  };
}
"""

# Leaflet's default marker icon finds its images from the CSS file's URL; with the CSS inlined it
# would request `<data uri>marker-icon.png` and show a broken image. patrolmap draws CircleMarker
# and DivIcon only, but a stray folium.Marker should still work offline, so the inline mode points
# the default icon at data URIs (about 6 KB).
_ICON_DEFAULT = """\
L.Icon.Default.imagePath = "";
L.Icon.Default.mergeOptions({iconUrl: "%s", iconRetinaUrl: "%s", shadowUrl: "%s"});
"""


class OfflineMap(folium.Map):
    """A folium Map with no CDN tags and no tile layer; add Leaflet with insert_head_assets."""

    default_js: ClassVar[list[tuple[str, str]]] = []  # type: ignore[misc]
    default_css: ClassVar[list[tuple[str, str]]] = []  # type: ignore[misc]

    def __init__(self, location=None, *, tiles=None, **kwargs):
        """Like folium.Map, but with no tiles by default (offline there is no tile server)."""
        super().__init__(location, tiles=tiles, **kwargs)
        # folium's add_js_link/add_css_link append to these lists in place: give each map its own,
        # so one map's plugin link cannot leak into every later map through the class attribute.
        self.default_js = []
        self.default_css = []


def _leaflet_file(name: str) -> bytes:
    """Read a file of the installed xstatic-leaflet, refusing any version but the pinned one."""
    if xstatic.pkg.leaflet.VERSION != LEAFLET_VERSION:
        raise RuntimeError(
            f"xstatic-leaflet is {xstatic.pkg.leaflet.VERSION}, patrolmap pins {LEAFLET_VERSION}"
        )
    return (Path(xstatic.pkg.leaflet.BASE_DIR) / name).read_bytes()


def _data_uri(name: str) -> str:
    """Return an image of xstatic-leaflet as a base64 data: URI."""
    return "data:image/png;base64," + base64.b64encode(_leaflet_file(name)).decode("ascii")


@cache
def leaflet_js() -> str:
    """Return leaflet.js, without its sourceMappingURL (a file the page would not have)."""
    text = _leaflet_file("leaflet.js").decode("utf-8")
    return re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)


@cache
def leaflet_css() -> str:
    """Return leaflet.css with its url(images/...) references turned into data: URIs."""
    text = _leaflet_file("leaflet.css").decode("utf-8")
    return re.sub(
        r"url\(\s*['\"]?images/([\w.-]+\.png)['\"]?\s*\)",
        lambda m: f'url("{_data_uri("images/" + m.group(1))}")',
        text,
    )


def escape_raw_text(text: str, tag: str) -> str:
    """Keep asset text from closing its <script>/<style> element early (`<\\/script`)."""
    text = re.sub(rf"</({tag})", r"<\\/\1", text, flags=re.IGNORECASE)
    return text.replace("<!--", "<\\!--")  # `<!--` can change how the HTML parser reads a script


@cache
def inline_head_html() -> str:
    """Return the <style> and <script> elements that make a folium page self-contained."""
    icon = _ICON_DEFAULT % (
        _data_uri("images/marker-icon.png"),
        _data_uri("images/marker-icon-2x.png"),
        _data_uri("images/marker-shadow.png"),
    )
    return (
        f"<style>\n{escape_raw_text(leaflet_css(), 'style')}</style>\n"
        f"<script>\n{escape_raw_text(leaflet_js(), 'script')}</script>\n"
        f"<script>\n{_JQUERY_STANDIN}{icon}</script>\n"
    )


def sri(name: str) -> str:
    """Return the Subresource Integrity value (sha384, base64) of a file of xstatic-leaflet."""
    return "sha384-" + base64.b64encode(hashlib.sha384(_leaflet_file(name)).digest()).decode()


@cache
def cdn_head_html() -> str:
    """Return <link>/<script> tags for Leaflet from a pinned CDN, with SRI (the --cdn mode)."""
    return (
        f'<link rel="stylesheet" href="{CDN_BASE}leaflet.css" '
        f'integrity="{sri("leaflet.css")}" crossorigin="anonymous"/>\n'
        f'<script src="{CDN_BASE}leaflet.js" '
        f'integrity="{sri("leaflet.js")}" crossorigin="anonymous"></script>\n'
        f"<script>\n{_JQUERY_STANDIN}</script>\n"
    )


_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(r"<meta\b[^>]*charset[^>]*>", re.IGNORECASE)


def insert_head_assets(html: str, *, offline: bool = True) -> str:
    """Insert Leaflet into a rendered page's <head>; offline, also check no remote asset remains.

    This is a string step after rendering, not a branca Element: branca compiles element text as a
    Jinja template again, and leaflet.js must never go through a template engine.
    """
    head = _HEAD.search(html)
    if head is None:
        raise ValueError("page has no <head>")
    # After the charset <meta> when there is one: browsers look for it in the first 1024 bytes only.
    # Either way ahead of the map script, which folium puts at the end of the page.
    charset = _CHARSET.search(html, head.end(), max(html.find("</head", head.end()), 0))
    at = charset.end() if charset else head.end()
    assets = inline_head_html() if offline else cdn_head_html()
    html = f"{html[:at]}\n{assets}{html[at:]}"
    if offline:
        assert_no_remote_assets(html)
    return html


_REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
_CSS_REMOTE = re.compile(r"""(?:url\(|@import)\s*['"]?((?:https?:)?//[^'")\s]+)""", re.IGNORECASE)


class _RemoteFinder(HTMLParser):
    """Collect the remote URLs a page would load: script src, link href, CSS url() and @import."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        url = {"script": values.get("src"), "link": values.get("href")}.get(tag)
        if url and _REMOTE.match(url):
            self.urls.append(url.strip())
        style = values.get("style")
        if style:
            self.urls += _CSS_REMOTE.findall(style)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += _CSS_REMOTE.findall(data)


def assert_no_remote_assets(html: str) -> None:
    """Raise ValueError naming the first remote script, stylesheet or CSS URL left in the page."""
    finder = _RemoteFinder()
    finder.feed(html)
    finder.close()
    if finder.urls:
        raise ValueError(f"offline page still loads a remote asset: {finder.urls[0]}")
