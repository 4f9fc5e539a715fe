"""HTML fragments that put an interactive map into a report page; several can share one page.

Two modes:

- ``iframe`` (the default): a responsive ``<iframe srcdoc>`` holding the finished, self-contained
  page, sandboxed (scripts and popups only). The page inside carries its own Content-Security-Policy.
  A srcdoc document also inherits the host page's policy, so a host that sets a CSP must allow the
  inner page's script hashes as well; :func:`inline_script_hashes` lists them.
- ``inline``: a ``<div class="patrolmap-embed">`` with Leaflet, the page runtime, the map's data and a
  small start script, for hosts that cannot use iframes. Leaflet is wrapped in ``if (!window.L)`` and
  the runtime guards itself, so a second embed on the page reuses the first one's copy. The start
  script finds its own box through ``document.currentScript``, and the fragment has no element ids,
  so embeds cannot collide.

  The inline mode relies on the host page's CSP: a ``<meta>`` policy only takes effect in
  ``<head>``, which a fragment cannot reach. A host with a CSP must allow, at least,
  ``script-src`` with every hash from :func:`inline_script_hashes` (of all its embeds),
  ``style-src 'unsafe-inline'`` (Leaflet positions everything with style attributes) and
  ``img-src data:`` (Leaflet's images are inlined as data URIs).

Both modes work offline and give the same bytes for the same catalogue. Both come as a
``<figure>`` whose ``<figcaption>`` carries the map's text description (describe.py): an overview
sentence, and one sentence per event in a ``<details>`` a reader can open.
"""

from __future__ import annotations

import html
import re

from patrolmap.catalog.model import Catalog
from patrolmap.errors import PatrolmapError
from patrolmap.join import JoinResult
from patrolmap.safety.csp import script_hashes
from patrolmap.safety.escape import html_attr, safe_json
from patrolmap.scene.naming import DEFAULT_NAMING, Naming

MODES = ("iframe", "inline")
# Responsive: full width, 4:3 on narrow screens, never taller than most of the window.
BOX_STYLE = "position:relative;width:100%;aspect-ratio:4/3;max-height:70vh;min-height:360px"
FILL_STYLE = "position:absolute;inset:0;width:100%;height:100%;border:0"
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"

# Runs right after its own element is parsed: `currentScript` is this script, its parent the embed's
# box, and the data block the element just before it. No id is looked up, so embeds cannot clash.
_START = (
    "(function () {\n"
    "  var me = document.currentScript, box = me.parentNode;\n"
    "  var data = JSON.parse(me.previousElementSibling.textContent);\n"
    '  PatrolMap.create(box.querySelector(".patrolmap-embed-map"), data);\n'
    "})();\n"
)


def embed_html(
    selection: Catalog | JoinResult,
    *,
    mode: str = "iframe",
    title: str | None = None,
    naming: Naming = DEFAULT_NAMING,
) -> str:
    """Return an HTML fragment showing `selection` (a filtered catalogue, joined or not) as an
    interactive map.

    `mode` is ``"iframe"`` or ``"inline"`` (see the module docstring for what each needs from the
    host page). Raises PatrolmapError for another mode.
    """
    from patrolmap.render.build import build_map
    from patrolmap.scene.build import joined_catalog

    if mode not in MODES:
        raise PatrolmapError(f"unknown embed mode {mode!r}; use one of: {', '.join(MODES)}")
    joined = joined_catalog(selection)
    m = build_map(joined, title=title, naming=naming)
    if mode == "iframe":
        box = _iframe(m.page(), _plain_title(m.patrolmap_data))
    else:
        box = _inline(m.patrolmap_data)
    caption = _caption(joined, naming)
    return f'<figure class="patrolmap-figure" style="margin:0">\n{box}{caption}</figure>\n'


def _caption(joined, naming: Naming) -> str:
    """The figcaption: the overview visible, one sentence per event behind a <details>."""
    from patrolmap.describe import event_sentences, overview
    from patrolmap.safety.escape import html_text
    from patrolmap.scene.words import Words

    items = "".join(f"<li>{html_text(s)}.</li>" for s in event_sentences(joined, naming).values())
    summary = html_text(Words(naming.language)["text_description"])
    details = f"<details><summary>{summary}</summary><ol>{items}</ol></details>" if items else ""
    return (
        '<figcaption class="patrolmap-caption" style="font-size:0.9em">'
        f"{html_text(overview(joined.catalog))}{details}</figcaption>\n"
    )


def inline_script_hashes(fragment: str) -> list[str]:
    """The ``'sha256-...'`` tokens a host page's ``script-src`` must allow for `fragment`.

    Covers the fragment's own scripts (inline mode) and those of a srcdoc page (iframe mode),
    which runs under the host's policy as well as its own.
    """
    tokens = script_hashes(fragment)
    for srcdoc in _SRCDOC.findall(fragment):
        tokens += script_hashes(html.unescape(srcdoc))
    return list(dict.fromkeys(tokens))


_SRCDOC = re.compile(r'\ssrcdoc="([^"]*)"')


def _iframe(page: str, title: str) -> str:
    return (
        f'<div class="patrolmap-frame" style="{BOX_STYLE}">'
        f'<iframe srcdoc="{html_attr(page)}" title="{html_attr(title)}" loading="lazy" '
        f'sandbox="{SANDBOX}" style="{FILL_STYLE}"></iframe></div>\n'
    )


def _inline(data: dict) -> str:
    from patrolmap.render.assets import escape_raw_text, leaflet_css, leaflet_js
    from patrolmap.render.page import runtime_css, runtime_js

    leaflet = escape_raw_text(leaflet_js(), "script")
    return (
        f'<div class="patrolmap-embed" lang="{html_attr(data["lang"])}" style="{BOX_STYLE}">\n'
        f"<style>\n{escape_raw_text(leaflet_css(), 'style')}</style>\n"
        f"<style>{runtime_css()}</style>\n"
        f'<div class="patrolmap-embed-map" style="{FILL_STYLE}"></div>\n'
        # Leaflet's UMD wrapper assigns window.L; skipping it keeps the first embed's copy.
        f"<script>if (!window.L) {{\n{leaflet}}}\n</script>\n"
        f"<script>{escape_raw_text(runtime_js(), 'script')}</script>\n"
        # safe_json escapes < > & inside strings, so catalogue text cannot end this element.
        f'<script type="application/json">{safe_json(data)}</script>\n'
        f"<script>\n{_START}</script>\n"
        "</div>\n"
    )


def _plain_title(data: dict) -> str:
    return html.unescape(data["title"])
