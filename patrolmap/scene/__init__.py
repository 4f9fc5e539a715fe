"""The scene stage, between the join and the renderers: what to draw, decided once.

A Scene is plain data in the Pacific frame: reference features with roles, leg roles, arrows,
uncertainty corridors, labels, legend items, title, subtitle, caveat and extent. render/ only escapes,
encodes and serialises it; figure/ only projects and draws it.
"""

from __future__ import annotations

from patrolmap._lazy import lazy_getattr

_API = {
    "build_scene": "patrolmap.scene.build",
    "Scene": "patrolmap.scene.model",
    "Naming": "patrolmap.scene.naming",
}
__all__ = sorted(_API)


__getattr__ = lazy_getattr(__name__, _API)
