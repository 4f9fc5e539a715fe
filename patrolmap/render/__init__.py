"""The render stage: the interactive, layered, offline HTML map."""

from __future__ import annotations

from patrolmap._lazy import lazy_getattr

_API = {
    "build_map": "patrolmap.render.build",
    "map_html": "patrolmap.render.build",
    "save_map": "patrolmap.render.build",
    "PatrolMap": "patrolmap.render.build",
}
__all__ = sorted(_API)


__getattr__ = lazy_getattr(__name__, _API)
