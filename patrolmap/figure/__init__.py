"""Static map figures for reports: matplotlib on a Lambert conformal conic, as PNG, SVG or PDF.

The stage reads as its modules: projection (fit the cone to the selection), layout (title, map and
footer on the sheet), layers (draw the map, bottom to top), legend (legend and scale bar), labels
(collision-free placement); save.py is the recipe that runs them.
"""

from __future__ import annotations

from patrolmap._lazy import lazy_getattr

_API = {
    "draw_figure": "patrolmap.figure.save",
    "save_figure": "patrolmap.figure.save",
}
__all__ = sorted(_API)


__getattr__ = lazy_getattr(__name__, _API)
