"""Assemble the finished page: folium's render, then Leaflet, the runtime, the data and the CSP.

Everything after folium's render is plain string assembly: none of it is compiled as a template.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from patrolmap.render.assets import CDN_BASE, escape_raw_text, insert_head_assets
from patrolmap.render.ids import deterministic_ids
from patrolmap.render.layers import BASEMAPS
from patrolmap.safety.csp import apply_csp
from patrolmap.safety.escape import script_json

DATA_ELEMENT_ID = "pm-data"  # the page's one data block, read by the runtime


# The page runtime: patrolmap.js draws the layers; its plugins (timeline.js: the timeline, playback
# and text description) follow it in the same script, so one hash covers patrolmap's own code.
RUNTIME_SCRIPTS = ("js/patrolmap.js", "js/timeline.js")
RUNTIME_STYLES = ("css/patrolmap.css", "css/timeline.css")


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
    html = insert_head_assets(html, offline=offline)
    at = html.index("</head>")
    html = html[:at] + runtime_head(m.patrolmap_data, DATA_ELEMENT_ID) + html[at:]
    tiles = BASEMAPS[m.basemap]["hosts"] if m.basemap else []
    if offline:
        return apply_csp(html, extra_img_hosts=tiles)
    # The --cdn page may load exactly Leaflet's two files (and its images), not the whole CDN,
    # which serves any npm package.
    return apply_csp(
        html,
        extra_img_hosts=[*tiles, f"{CDN_BASE}images/"],
        extra_script_hosts=[f"{CDN_BASE}leaflet.js"],
        extra_style_hosts=[f"{CDN_BASE}leaflet.css"],
    )
