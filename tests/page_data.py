"""Read a saved page's data block back, as the browser would decode it."""

from __future__ import annotations

import json
import re

_BLOCK = re.compile(r'<script type="application/json" id="pm-data">(.*?)</script>', re.S)


def page_data(html: str) -> dict:
    """The map data a saved page carries."""
    return json.loads(_BLOCK.search(html).group(1))


def data_strings(html: str) -> list[str]:
    """Every string in the page's data block, JSON-decoded."""
    out: list[str] = []

    def walk(value):
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(page_data(html))
    return out
