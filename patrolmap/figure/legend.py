"""Map furniture: the legend, the scale bar, and the quiet corners they take."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import numpy as np

from patrolmap.catalog.model import COUNTRY_NAMES
from patrolmap.figure.labels import hits, place_labels
from patrolmap.figure.layers import arrow_marker
from patrolmap.figure.layout import Layout, draw_titles
from patrolmap.figure.sheet import Sheet, Z, agg
from patrolmap.render import style

if TYPE_CHECKING:
    from matplotlib.figure import Figure


PLACE_NAMES = {"airbase": "Air base", "island": "Island", "reference": "Place"}


NICE_KM = (25, 50, 100, 200, 250, 500, 1000, 2000)


def draw_furniture(fig: Figure, sheet: Sheet, layout: Layout) -> None:
    scale, ax = layout.scale, sheet.ax
    draw_titles(fig, layout)
    renderer = agg(fig).get_renderer()
    points = obstacle_pixels(sheet)
    legend = ax.legend(
        handles=_legend_handles(sheet),
        fontsize=7 * scale,
        framealpha=0.92,
        edgecolor="#90a4ae",
        fancybox=False,
        borderpad=0.6,
        handlelength=2.4,
    )
    legend.set_zorder(Z["furniture"])
    corners = ("lower right", "lower left", "upper right", "upper left")
    corner = _quiet_corner(legend, corners, points)
    bar = _scale_bar(sheet)
    _quiet_corner(bar, tuple(c for c in ("lower left", "lower right") if c != corner), points)
    taken = [legend.get_window_extent(renderer), bar.get_window_extent(renderer)]
    place_labels(sheet, points, taken)


def _legend_handles(sheet: Sheet) -> list:
    """Legend keys for what this figure shows, in the web map's order."""
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    def key(label: str, **kwargs) -> Line2D:
        return Line2D([], [], label=label, **kwargs)

    catalog, scale = sheet.catalog, sheet.scale
    route = {"linewidth": 2.1 * scale}
    dot = {"marker": "o", "linestyle": "none"}
    forces = style.force_legend(catalog.routes["forces"])
    handles: list[Any] = [
        key(f"Route: {label}", color=style.FORCE_COLOURS[k], **route) for k, label in forces
    ]
    routed = set(catalog.routes["event"])
    if any(e.kind == "naval-transit" and e.id in routed for e in catalog.events):
        handles.append(key("Naval track (dashed)", color="#555555", linestyle=(0, (6, 3)), **route))
    if forces:
        arrow = arrow_marker(-90.0)  # pointing right, the legend's reading direction
        handles.append(
            key(
                "Direction of travel",
                color="#555555",
                marker=arrow,
                markersize=10 * scale,
                linestyle="none",
            )
        )
    if any(e.markers for e in catalog.events):
        marker = {"markerfacecolor": "white", "markeredgecolor": style.MARKER_COLOUR}
        handles.append(
            key(
                "Intercept or notable point",
                markersize=7 * scale,
                markeredgewidth=1.8,
                **marker,
                **dot,
            )
        )
    for operator in sorted(sheet.adiz_operators):
        colour = style.adiz_colour(operator)
        name = COUNTRY_NAMES.get(operator, operator)
        area: dict[str, Any] = {
            "facecolor": to_rgba(colour, 0.1),
            "edgecolor": colour,
            "linestyle": (0, (4, 2)),
        }
        handles.append(Patch(linewidth=1.1 * scale, label=f"{name} ADIZ", **area))
    if sheet.straits:
        gate = {"linestyle": (0, (0.8, 1.6)), "dash_capstyle": "round"}
        handles.append(
            key("Strait gate line", color=style.STRAIT_COLOUR, linewidth=2.2 * scale, **gate)
        )
    for kind in sorted(sheet.place_kinds):
        colour = style.PLACE_COLOURS.get(kind, style.PLACE_COLOURS["reference"])
        label = PLACE_NAMES.get(kind, kind.title())
        handles.append(key(label, color=colour, markersize=4.6 * scale, **dot))
    return handles


def _scale_bar(sheet: Sheet):
    """A round-numbered km bar, true at the view's centre (a conformal conic varies slightly)."""
    from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

    frame = sheet.frame
    k = frame.scale_factor()
    width_km = (frame.view[2] - frame.view[0]) / 1000 / k
    km = max([n for n in NICE_KM if n <= 0.22 * width_km] or [NICE_KM[0]])
    bar = AnchoredSizeBar(
        sheet.ax.transData,
        km * 1000 * k,
        f"{km:,} km",
        "lower left",
        pad=0.45,
        borderpad=0.6,
        sep=3,
        frameon=True,
        size_vertical=(frame.view[3] - frame.view[1]) * 0.006,
        color="#263238",
        label_top=True,
        fontproperties={"size": 7 * sheet.scale},
    )
    bar.patch.set(alpha=0.85, edgecolor="#90a4ae", linewidth=0.6)
    bar.set_zorder(Z["furniture"])
    sheet.ax.add_artist(bar)
    return bar


def obstacle_pixels(sheet: Sheet) -> np.ndarray:
    """Obstacles as rows of display x, y and weight."""
    if not sheet.obstacles:
        return np.empty((0, 3))
    rows = np.concatenate(sheet.obstacles)
    return np.column_stack([sheet.ax.transData.transform(rows[:, :2]), rows[:, 2]])


def _quiet_corner(box, corners: tuple[str, ...], points: np.ndarray) -> str:
    """Move a legend or anchored box to the corner covering the fewest route and place points."""
    renderer = agg(box.figure).get_renderer()
    scores = []
    for corner in corners:
        _set_corner(box, corner)
        scores.append(hits(box.get_window_extent(renderer), points))
    corner = corners[int(np.argmin(scores))]  # the first listed wins a tie
    _set_corner(box, corner)
    return corner


_LOC = {"upper right": 1, "upper left": 2, "lower left": 3, "lower right": 4}


def _set_corner(box, corner: str) -> None:
    from matplotlib.legend import Legend

    if isinstance(box, Legend):
        box.set_loc(cast(Any, corner))
    else:
        box.loc = _LOC[corner]
