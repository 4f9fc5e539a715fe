"""The figure's text alternative: the same description as the page's, as SVG <title>/<desc>,
PDF document information and PNG text chunks, so a screen reader or an indexer reads what the
figure shows.
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape

from patrolmap.describe import map_description
from patrolmap.join import JoinResult
from patrolmap.scene.naming import DEFAULT_NAMING, Naming

# Where each format keeps a title and a description (matplotlib's savefig metadata keys).
_KEYS = {
    "png": ("Title", "Description"),
    "svg": ("Title", "Description"),
    "pdf": ("Title", "Subject"),
}
_SVG_ROOT = re.compile(rb"<svg\b[^>]*>")
_SVG_TITLE = re.compile(rb"\s*<title>.*?</title>", re.S)


def figure_text(joined: JoinResult, title: str, naming: Naming = DEFAULT_NAMING) -> tuple[str, str]:
    """The figure's title and its description (describe.map_description), as plain text."""
    return title, map_description(joined, naming)


def text_metadata(fmt: str, title: str, description: str) -> dict[str, Any]:
    """savefig metadata entries carrying the title and description in format `fmt`."""
    title_key, description_key = _KEYS[fmt]
    return {title_key: title, description_key: description}


def add_svg_title(svg: bytes, title: str, description: str) -> bytes:
    """Make <title> and <desc> the first children of the root <svg>: its accessible name and
    description. matplotlib writes the <title> itself from the Title metadata; <desc> follows it."""
    root = _SVG_ROOT.search(svg)
    if root is None:
        raise ValueError("not an SVG document: no <svg> element")
    at = root.end()
    existing = _SVG_TITLE.match(svg, at)
    if existing:
        at = existing.end()
    else:
        svg = svg[:at] + f"\n <title>{escape(title)}</title>".encode() + svg[at:]
        at = svg.index(b"</title>", at) + len(b"</title>")
    return svg[:at] + f"\n <desc>{escape(description)}</desc>".encode() + svg[at:]
