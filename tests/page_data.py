"""Read a saved page's data block back, as the browser would decode it."""

from __future__ import annotations

import json
import re

import numpy as np

from patrolmap.render.layers import COORD_SCALE, VARINT_ALPHABET

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


def varints(text: str) -> list[int]:
    """What the page runtime does first (js/patrolmap.js decode): characters to integers."""
    out, acc, shift = [], 0, 0
    for char in text:
        digit = VARINT_ALPHABET.index(char)
        acc |= (digit & 31) << shift
        if digit & 32:
            shift += 5
        else:
            out.append((acc >> 1) ^ -(acc & 1))
            acc = shift = 0
    return out


def decode(text: str, scale: int = COORD_SCALE) -> np.ndarray:
    """Then running sums, then [lon, lat] rows."""
    pairs = np.cumsum(np.asarray(varints(text)).reshape(-1, 2), axis=0) / scale
    return pairs[:, ::-1]
