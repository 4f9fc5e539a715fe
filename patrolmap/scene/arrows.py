"""Direction arrows along each leg: where they go and which way they point, computed once.

Distances along a leg are geodesic (WGS 84): one arrow per ARROW_SPACING_KM, at least one and at most
MAX_ARROWS_PER_LEG, evenly spaced (a single arrow sits a little past the middle). Each arrow carries
a point just ahead of it on the leg; each renderer projects both and turns the arrowhead that way.
"""

from __future__ import annotations

import numpy as np

from patrolmap.scene.model import Arrow
from patrolmap.scene.style import ARROW_SPACING_KM, MAX_ARROWS_PER_LEG

AHEAD = 0.01  # of a segment: the heading is that of the segment the arrow sits on


def leg_arrows(coords: np.ndarray, geod) -> tuple[Arrow, ...]:
    """Arrows for one leg given as lon/lat vertices (Pacific frame)."""
    if len(coords) < 2:
        return ()
    _, _, metres = geod.inv(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1])
    run = np.concatenate([[0.0], np.cumsum(np.asarray(metres) / 1000.0)])
    total = float(run[-1])
    if total <= 0:
        return ()
    count = int(min(MAX_ARROWS_PER_LEG, max(1, total // ARROW_SPACING_KM)))
    arrows = []
    for k in range(count):
        at = ((k + 0.5) / count if count > 1 else 0.55) * total
        seg = int(np.clip(np.searchsorted(run, at) - 1, 0, len(coords) - 2))
        length = run[seg + 1] - run[seg] or 1.0
        t = (at - run[seg]) / length
        p, q = coords[seg], coords[seg + 1]
        here = p + (q - p) * t
        ahead = p + (q - p) * min(t + AHEAD, 1.0) if t + AHEAD <= 1.0 else q
        if np.allclose(ahead, here):
            here = p + (q - p) * max(t - AHEAD, 0.0)
        arrows.append(Arrow(*(round(float(v), 5) for v in (*here, *ahead))))
    return tuple(arrows)
