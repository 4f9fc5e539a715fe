"""Assemble the finished page: folium's render, then Leaflet, the runtime, the data and the CSP.

Everything after folium's render is plain string assembly: none of it is compiled as a template.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from patrolmap.render.assets import (
    CDN_BASE,
    cdn_head_html,
    escape_raw_text,
    inline_head_html,
    insert_head_assets,
)
from patrolmap.render.ids import deterministic_ids
from patrolmap.render.layers import BASEMAPS
from patrolmap.safety.csp import Script, apply_csp, page_scripts
from patrolmap.safety.escape import html_attr, script_json

DATA_ELEMENT_ID = "pm-data"  # the page's one data block, read by the runtime


# The page runtime: patrolmap.js draws the layers, legcanvas.js its route legs and bands; its plugins
# (timeline.js: the timeline, playback and text description; print.js: the print mode snapshot
# --page switches on) follow in the same script, so one hash covers patrolmap's own code.
RUNTIME_SCRIPTS = ("js/patrolmap.js", "js/legcanvas.js", "js/timeline.js", "js/print.js")
RUNTIME_STYLES = ("css/patrolmap.css", "css/timeline.css", "css/print.css")


def _read(names: tuple[str, ...]) -> str:
    root = files("patrolmap.render")
    return "\n".join(root.joinpath(name).read_text(encoding="utf-8") for name in names)


@cache
def runtime_js() -> str:
    """The page runtime and its plugins, as one script."""
    return _read(RUNTIME_SCRIPTS)


@cache
def runtime_css() -> str:
    return _read(RUNTIME_STYLES)


def runtime_head(data: dict, data_id: str) -> str:
    """Style, runtime script and data block, ready to go into a <head> (or an embed)."""
    # The data block goes in after rendering and is never compiled as a template, so it needs only
    # the escapes that keep text from ending the <script> element (script_json).
    return (
        f"<style>{runtime_css()}</style>\n"
        f"<script>{escape_raw_text(runtime_js(), 'script')}</script>\n"
        f'<script type="application/json" id="{data_id}">{script_json(data)}</script>\n'
    )


def page_html(m, *, offline: bool = True) -> str:
    """The finished page of a PatrolMap `m`."""
    with deterministic_ids(prefix="r"):  # elements folium adds while rendering
        html = m.get_root().render()
    own = folium_scripts(html)
    html = _with_language(html, m.patrolmap_data.get("lang", "en"))
    html = insert_head_assets(html, offline=offline)
    at = html.index("</head>")
    runtime = runtime_head(m.patrolmap_data, DATA_ELEMENT_ID)
    html = html[:at] + runtime + html[at:]
    own += page_scripts(inline_head_html() if offline else cdn_head_html()) + page_scripts(runtime)
    tiles = BASEMAPS[m.basemap]["hosts"] if m.basemap else []
    if offline:
        return apply_csp(html, own_scripts=own, extra_img_hosts=tiles)
    # The --cdn page may load exactly Leaflet's two files (and its images), not the whole CDN,
    # which serves any npm package.
    return apply_csp(
        html,
        own_scripts=own,
        extra_img_hosts=[*tiles, f"{CDN_BASE}images/"],
        extra_script_hosts=[f"{CDN_BASE}leaflet.js"],
        extra_style_hosts=[f"{CDN_BASE}leaflet.css"],
    )


def _with_language(html: str, language: str) -> str:
    """The page's <html> element with `lang` (the label language, `--names`): screen readers
    speak and browsers pick fonts by it."""
    if not html.startswith("<!DOCTYPE html>\n<html>"):
        raise ValueError("folium's page no longer starts with a bare <html> element")
    return html.replace("<html>", f'<html lang="{html_attr(language)}">', 1)


# folium's Map header sets two Leaflet flags in a script of its own.
_FOLIUM_FLAGS = re.compile(r"\s*L_NO_TOUCH = (?:true|false);\s*L_DISABLE_3D = (?:true|false);\s*")


def folium_scripts(html: str) -> list[Script]:
    """The scripts folium itself wrote into its render: the flags in <head>, and the one map
    script it puts after </body>. A script anywhere else (in the body, where catalogue text is)
    is not folium's."""
    head_end, body_end = html.index("</head>"), html.rindex("</body>")
    head = [s for s in page_scripts(html[:head_end]) if _FOLIUM_FLAGS.fullmatch(s[1])]
    after_body = page_scripts(html[body_end:])
    return head + (after_body if len(after_body) == 1 else [])
