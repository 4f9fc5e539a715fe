"""The render stage: the interactive, layered, offline HTML map."""

from __future__ import annotations

import importlib

_API = {
    "build_map": "patrolmap.render.build",
    "map_html": "patrolmap.render.build",
    "save_map": "patrolmap.render.build",
    "PatrolMap": "patrolmap.render.build",
}
__all__ = sorted(_API)


def __getattr__(name: str):
    # Lazy: folium and geopandas load only when a map is actually built.
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'patrolmap.render' has no attribute {name!r}")
