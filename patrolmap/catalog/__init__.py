"""The catalogue stage: read, check and filter the curated geography, events and sources."""

from __future__ import annotations

import importlib

_API = {
    "Catalog": "patrolmap.catalog.model",
    "Event": "patrolmap.catalog.model",
    "Source": "patrolmap.catalog.model",
    "EventFilter": "patrolmap.catalog.filter",
    "filter_catalog": "patrolmap.catalog.filter",
    "load_catalog": "patrolmap.catalog.load",
    "read_catalog": "patrolmap.catalog.load",
}
__all__ = sorted(_API)


def __getattr__(name: str):
    # Lazy, so the command line can read EVENT_KINDS without importing shapely and numpy.
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'patrolmap.catalog' has no attribute {name!r}")
