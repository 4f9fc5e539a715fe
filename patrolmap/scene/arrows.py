"""Direction arrows along each leg: where they go and which way they point, computed once.

Distances along a leg are geodesic (WGS 84): one arrow per ARROW_SPACING_KM, at least one and at most
MAX_ARROWS_PER_LEG, evenly spaced (a single arrow sits a little past the middle). Each arrow carries
a point just ahead of it on the leg; each renderer projects both and turns the arrowhead that way.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

from patrolmap.scene.model import Arrow
from patrolmap.scene.style import ARROW_SPACING_KM, MAX_ARROWS_PER_LEG

AHEAD = 0.01  # of a segment: the heading is that of the segment the arrow sits on


def route_arrows(ids, geometries, metres) -> dict[str, tuple[Arrow, ...]]:
    """Arrows for every leg (ids and LineStrings, lon/lat in the Pacific frame), keyed by leg id,
    given the geodesic length in metres of each leg's segments (`metres[id]`, as the join measured
    them: measuring each leg again was 10 s at 20,000 legs)."""
    return {
        leg_id: _place(np.asarray(line.coords), metres[leg_id])
        for leg_id, line in zip(ids, geometries, strict=True)
    }


def _place(coords: np.ndarray, metres: np.ndarray) -> tuple[Arrow, ...]:
    """The arrows of one leg, from its vertices and its segments' lengths in metres."""
    if len(coords) < 2:
        return ()
    run = np.concatenate([[0.0], np.cumsum(metres / 1000.0)]).tolist()
    total = run[-1]
    if total <= 0:
        return ()
    xy = coords.tolist()
    count = int(min(MAX_ARROWS_PER_LEG, max(1, total // ARROW_SPACING_KM)))
    arrows = []
    for k in range(count):
        at = ((k + 0.5) / count if count > 1 else 0.55) * total
        seg = min(max(bisect_left(run, at) - 1, 0), len(xy) - 2)
        length = run[seg + 1] - run[seg] or 1.0
        t = (at - run[seg]) / length
        p, q = xy[seg], xy[seg + 1]
        here = _along(p, q, t)
        ahead = _along(p, q, min(t + AHEAD, 1.0)) if t + AHEAD <= 1.0 else q
        if _close(ahead, here):
            here = _along(p, q, max(t - AHEAD, 0.0))
        arrows.append(Arrow(*(round(float(v), 5) for v in (*here, *ahead))))
    return tuple(arrows)


def _along(p: list[float], q: list[float], t: float) -> list[float]:
    return [p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t]


def _close(a: list[float], b: list[float]) -> bool:
    """numpy.allclose's test with its default tolerances, on two points."""
    return all(abs(x - y) <= 1e-8 + 1e-5 * abs(y) for x, y in zip(a, b, strict=True))
