"""Label placement: greedy, by priority, each label at the best spot clear of the others."""

from __future__ import annotations

import numpy as np

from patrolmap.figure.sheet import Label, Sheet, Z, agg

DOT_MARGIN_PT = 5.0


# Where a label may sit relative to its point (points of offset): right, left, above, below, the
# diagonals; then the same further out, for points crowded by routes or other labels.
_NEAR = (
    (5, 0, "left", "center"),
    (-5, 0, "right", "center"),
    (0, 5, "center", "bottom"),
    (0, -5, "center", "top"),
    (4, 4, "left", "bottom"),
    (-4, 4, "right", "bottom"),
    (4, -4, "left", "top"),
    (-4, -4, "right", "top"),
)


_FAR = tuple((2.5 * dx, 2.5 * dy, ha, va) for dx, dy, ha, va in _NEAR)


_OFFSETS = _NEAR + _FAR


# A label set apart from its point is harder to pair with it: that costs about as much as
# crossing one route line.
FAR_PENALTY = 10.0


def hits(bbox, points: np.ndarray, dpi: float = 100.0) -> float:
    """The summed weight of the obstacle points (display pixels at `dpi`) inside `bbox`."""
    if not len(points):
        return 0.0
    x, y, weight = points.T
    # Dots keep a margin: a label ending just beside another place's dot reads as naming it.
    pad = np.where(weight > 1, DOT_MARGIN_PT * dpi / 72, 0.0)
    inside = (
        (x >= bbox.x0 - pad) & (x <= bbox.x1 + pad) & (y >= bbox.y0 - pad) & (y <= bbox.y1 + pad)
    )
    return float(weight[inside].sum())


def place_labels(sheet: Sheet, points: np.ndarray, taken: list) -> None:
    """Greedy placement: by priority, each label takes the best spot clear of those placed before.

    A spot must lie inside the map and overlap no placed label, the legend or the scale bar; among
    those, the one covering the fewest route and place points wins. Labels that find no spot are
    left out rather than printed over each other, except markers' (priority 0), which always show.
    """
    import matplotlib.patheffects as pe

    renderer = agg(sheet.ax.figure).get_renderer()
    # The white halo is a copy of the label drawn only as an outline stroke under it: text drawn
    # with path effects becomes glyph outlines, and the label itself must stay text in SVG and
    # PDF (searchable, and checkable with pdftotext).
    halo = [pe.Stroke(linewidth=2.4 * sheet.scale, foreground="white", alpha=0.85)]
    for label in sorted(sheet.labels, key=lambda lab: (lab.priority, lab.text)):
        text = sheet.ax.annotate(
            label.text,
            label.anchors[0],
            xytext=(0, 0),
            textcoords="offset points",
            zorder=Z["label"],
            parse_math=False,
            **label.style,
        )
        spot = _best_spot(text, label, points, taken, renderer, sheet.scale)
        if spot is None:
            text.remove()
            continue
        taken.append(spot)
        under = sheet.ax.annotate(
            label.text,
            text.xy,
            xytext=text.xyann,
            textcoords="offset points",
            ha=text.get_horizontalalignment(),
            va=text.get_verticalalignment(),
            zorder=Z["label"] - 0.1,
            path_effects=halo,
            parse_math=False,
            **label.style,
        )
        under.set_gid("halo")


def _best_spot(text, label: Label, points, taken, renderer, scale: float):
    """Move `text` to its best spot and return its box, or None when no spot is acceptable."""
    frame = text.axes.get_window_extent(renderer)
    best = None
    for xy in label.anchors:
        at = text.axes.transData.transform(xy)
        if not frame.contains(*at):
            continue  # a label beside a point outside the map (an inset's region) cannot fit
        others = _without_own_dot(points, at)
        for spot in label.offsets or _OFFSETS:
            box = _try_spot(text, xy, spot, renderer, scale * label.gap)
            clear = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
            if not clear or any(box.overlaps(t) for t in taken):
                continue
            cost = hits(box, others, renderer.dpi) + (FAR_PENALTY if spot in _FAR else 0.0)
            if best is None or cost < best[0]:
                best = (cost, xy, spot)
            if cost == 0:
                break
        if best is not None and best[0] == 0:
            break
    if best is None or (best[0] and not label.may_cross_routes):
        # A marker's label shows even where it must overlap: it says what the marker is.
        return text.get_window_extent(renderer) if label.priority == 0 else None
    return _try_spot(text, best[1], best[2], renderer, scale * label.gap)


def _without_own_dot(points: np.ndarray, anchor: np.ndarray) -> np.ndarray:
    own = (points[:, 2] > 1) & (np.hypot(*(points[:, :2] - anchor).T) < 0.5)
    return points[~own]


def _try_spot(text, xy, spot, renderer, scale: float):
    dx, dy, ha, va = spot
    text.xy = xy
    text.xyann = (dx * scale, dy * scale)
    text.set_horizontalalignment(ha)
    text.set_verticalalignment(va)
    return text.get_window_extent(renderer).padded(1.5 * scale)
