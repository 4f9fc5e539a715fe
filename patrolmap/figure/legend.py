"""Map furniture: the legend, the scale bar, and the quiet corners they take."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from patrolmap.figure.inset import Region, draw_insets
from patrolmap.figure.labels import hits, place_labels
from patrolmap.figure.layers import arrow_marker
from patrolmap.figure.layout import Layout, draw_titles
from patrolmap.figure.sheet import Sheet, Z, agg
from patrolmap.scene.model import LegendItem
from patrolmap.scene.style import PX_TO_PT, STYLES

if TYPE_CHECKING:
    from matplotlib.figure import Figure


NICE_KM = (25, 50, 100, 200, 250, 500, 1000, 2000)


def draw_furniture(fig: Figure, sheet: Sheet, layout: Layout, insets: list[Region]) -> None:
    """Titles, legend, insets (figure/inset.py), scale bar and labels, each taking the quietest
    corner left: the legend first, then the insets, then the bar."""
    scale, ax = layout.scale, sheet.ax
    draw_titles(fig, layout)
    renderer = agg(fig).get_renderer()
    points = obstacle_pixels(sheet)
    legend = ax.legend(
        handles=legend_handles(sheet.scene.legend, sheet.scale),
        fontsize=7 * scale,
        framealpha=0.92,
        edgecolor="#90a4ae",
        fancybox=False,
        borderpad=0.6,
        handlelength=2.4,
    )
    legend.set_zorder(Z["furniture"])
    corners = ("lower right", "lower left", "upper right", "upper left")
    corner = quiet_corner(legend, corners, points)
    free = tuple(c for c in corners if c != corner)
    taken = [legend.get_window_extent(renderer)]
    if insets:
        boxes, used = draw_insets(sheet, insets, free, points)
        taken += boxes
        free = tuple(c for c in free if c not in used)
    bar = scale_bar(sheet)
    # A bar reads best at the bottom; it takes a top corner when the legend and an inset hold both.
    lower = tuple(c for c in ("lower left", "lower right") if c in free)
    quiet_corner(bar, lower or free or corners, points)
    taken.append(bar.get_window_extent(renderer))
    place_labels(sheet, points, taken)


def legend_handles(items: Iterable[LegendItem], scale: float) -> list:
    """A matplotlib key per scene legend item, drawn from the item's role in the style table."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    for item in items:
        look = STYLES[item.role]
        if item.key in ("area", "corridor"):
            handles.append(Patch(label=item.label, **look.mpl(scale)))
        elif item.key in ("dot", "marker"):
            radius = look.radius * (1.25 if item.key == "marker" else 2 * PX_TO_PT * 0.8)
            handles.append(
                Line2D(
                    [],
                    [],
                    label=item.label,
                    marker="o",
                    linestyle="none",
                    markersize=radius * scale,
                    markerfacecolor=look.fill,
                    markeredgecolor=look.colour,
                    markeredgewidth=look.width * PX_TO_PT,
                )
            )
        elif item.key == "arrow":
            arrow = arrow_marker(-90.0)  # pointing right, the legend's reading direction
            handles.append(
                Line2D(
                    [],
                    [],
                    label=item.label,
                    color=look.colour,
                    marker=arrow,
                    markersize=10 * scale,
                    linestyle="none",
                )
            )
        else:  # line, dash, gate, dotted
            line: dict[str, Any] = look.mpl_line(scale)
            if item.key in ("gate", "dotted"):
                line["dash_capstyle"] = "round"
            handles.append(Line2D([], [], label=item.label, **line))
    return handles


def scale_bar(sheet: Sheet):
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


def quiet_corner(box, corners: tuple[str, ...], points: np.ndarray) -> str:
    """Move a legend or anchored box to the corner covering the fewest route and place points."""
    renderer = agg(box.figure).get_renderer()
    scores = []
    for corner in corners:
        _set_corner(box, corner)
        scores.append(hits(box.get_window_extent(renderer), points, renderer.dpi))
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
