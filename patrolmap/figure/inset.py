"""Insets: when the selection spans East Asia and Alaska, the main map frames the region with the
most events and an inset in a quiet corner shows each other region, drawn from the same scene (no
second join). A small locator map beside the inset shows where the main map and the inset lie.

Regions and which events fall in each are decided once, in scene/extent.py (the page's view
buttons use the same split).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np
import shapely

from patrolmap.figure.labels import hits, place_labels
from patrolmap.figure.layers import add_polygons, draw_map
from patrolmap.figure.projection import MapFrame, map_frame
from patrolmap.figure.sheet import Sheet, Z, agg
from patrolmap.scene import style
from patrolmap.scene.basemap import land_shapes
from patrolmap.scene.extent import event_shapes, region_groups
from patrolmap.scene.model import Scene

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

INSET_WIDTH = 0.3  # of the main map's width
INSET_ASPECT = 1.25  # width / height of an inset's frame
INSET_SCALE = 0.75  # an inset's lines and labels, relative to the main map's
INSET_HEIGHT = 0.75  # of the main map's height, at most, for the inset and its locator together
LOCATOR_WIDTH = 0.38  # of the inset's width
LOCATOR_ASPECT = 1.3
LOCATOR_DETAIL_DEG = 0.25
MARGIN = 0.012  # between an inset and the main map's frame, of the map's width
# The inset's frame and label, and the locator's outline of it, share this colour.
INSET_COLOUR = "#37474f"
MAIN_OUTLINE = "#c62828"


@dataclass(frozen=True)
class Region:
    """A region to show: its name and the lon/lat shapes (routes, markers) its events draw."""

    label: str
    focus: np.ndarray


def split_regions(scene: Scene) -> tuple[np.ndarray, list[Region]]:
    """The main map's focus (the region with the most events) and the regions for insets; the
    whole selection's focus and no inset when what is drawn lies in one region."""
    groups = region_groups(scene.catalog)
    if not groups:
        return scene.focus, []
    shapes = event_shapes(scene.catalog)

    def focus(events) -> np.ndarray:
        return np.array([s for event in events for s in shapes[event]], dtype=object)

    return focus(groups[0].events), [Region(g.label, focus(g.events)) for g in groups[1:]]


def draw_insets(
    main: Sheet, regions: list[Region], corners: tuple[str, ...], points
) -> tuple[list, list[str]]:
    """Draw each region as an inset in the quietest of `corners` of the main map; return the
    display boxes the insets and their locators take (for the main map's labels to avoid) and
    the corners used."""
    # figure/legend.py lays out the furniture and calls this, so its helpers are imported here.
    from patrolmap.figure.legend import obstacle_pixels, quiet_corner, scale_bar

    taken: list = []
    used: list[str] = []
    free = list(corners)
    for index, region in enumerate(regions):
        frame = map_frame(region.focus, aspect=INSET_ASPECT)
        corner = _quietest(main, free, points)
        free.remove(corner)
        used.append(corner)
        ax = main.ax.figure.add_axes(_rect(main.ax, corner), gid=f"inset-{index}")
        ax.set_zorder(main.ax.get_zorder() + 1)
        ax.set_label(region.label)
        sheet = draw_map(ax, frame, main.scene, main.scale * INSET_SCALE, side_labels=False)
        for spine in ax.spines.values():
            spine.set(color=INSET_COLOUR, linewidth=1.2)
        inner = [_title(sheet, region.label)]
        inset_points = obstacle_pixels(sheet)
        bar = scale_bar(sheet)
        quiet_corner(bar, ("lower right", "lower left"), inset_points)
        renderer = agg(ax.figure).get_renderer()
        inner.append(bar.get_window_extent(renderer))
        locator = _locator(main, frame, ax, corner)
        place_labels(sheet, inset_points, inner)
        taken += [ax.get_window_extent(renderer).padded(4), locator.get_window_extent(renderer)]
    return taken, used


def _quietest(main: Sheet, corners: list[str], points) -> str:
    """The corner whose inset rectangle covers the fewest route and place points."""
    renderer = agg(main.ax.figure).get_renderer()
    fig_box = main.ax.figure.bbox
    scores = []
    for corner in corners:
        left, bottom, width, height = _rect(main.ax, corner)
        x0, y0 = left * fig_box.width, bottom * fig_box.height
        box = _box(x0, y0, x0 + width * fig_box.width, y0 + height * fig_box.height)
        scores.append(hits(box, points, renderer.dpi))
    return corners[int(np.argmin(scores))]  # the first listed wins a tie


def _box(x0: float, y0: float, x1: float, y1: float):
    from matplotlib.transforms import Bbox

    return Bbox([[x0, y0], [x1, y1]])


def _rect(main: Axes, corner: str) -> tuple[float, float, float, float]:
    """The inset's axes rectangle (figure fractions) in `corner` of the main map: INSET_WIDTH of
    the map's width, or less on a short sheet, so that the inset and its locator take at most
    INSET_HEIGHT of the map's height."""
    box = main.get_position()
    fig_w, fig_h = _inches(main)
    width_in = min(INSET_WIDTH * box.width * fig_w, _height_room(main) * INSET_ASPECT)
    width, height = width_in / fig_w, width_in / INSET_ASPECT / fig_h
    dx, dy = MARGIN * box.width, MARGIN * box.width * fig_w / fig_h
    left = box.x0 + dx if "left" in corner else box.x1 - dx - width
    bottom = box.y0 + dy if "lower" in corner else box.y1 - dy - height
    return left, bottom, width, height


def _height_room(main: Axes) -> float:
    """The tallest inset (inches) that leaves room for its locator within INSET_HEIGHT."""
    box = main.get_position()
    fig_h = _inches(main)[1]
    # The locator is LOCATOR_WIDTH of the inset's width at aspect LOCATOR_ASPECT.
    locator_share = LOCATOR_WIDTH * INSET_ASPECT / LOCATOR_ASPECT
    return INSET_HEIGHT * box.height * fig_h / (1 + locator_share)


def _inches(ax: Axes) -> tuple[float, float]:
    """The sheet's width and height in inches (an axes' figure is always a whole Figure here)."""
    width, height = cast("Figure", ax.figure).get_size_inches()
    return float(width), float(height)


def _title(sheet: Sheet, label: str):
    """The inset's name, in its upper left corner, on a white box."""
    text = sheet.ax.text(
        0.03,
        0.97,
        sheet.scene.words.format("inset", region=sheet.scene.words.get(f"view.{label}", label)),
        transform=sheet.ax.transAxes,
        ha="left",
        va="top",
        fontsize=7.5 * sheet.scale / INSET_SCALE,
        fontweight="bold",
        color=INSET_COLOUR,
        zorder=Z["furniture"],
        parse_math=False,
        bbox={"boxstyle": "square,pad=0.25", "facecolor": "white", "alpha": 0.9, "linewidth": 0},
        gid="inset-title",
    )
    return text.get_window_extent(agg(sheet.ax.figure).get_renderer()).padded(2)


def _locator(main: Sheet, inset: MapFrame, inset_ax: Axes, corner: str):
    """A small overview of the whole selection, beside the inset on the main map's inner side:
    land, the main map's frame outlined in red and the inset's in its frame colour."""
    outlines = np.array([main.frame.outline(), inset.outline()], dtype=object)
    whole = map_frame(outlines, aspect=LOCATOR_ASPECT)
    left, bottom, width, height = inset_ax.get_position().bounds
    fig_w, fig_h = _inches(main.ax)
    loc_w = LOCATOR_WIDTH * width
    loc_h = loc_w * fig_w / fig_h / LOCATOR_ASPECT
    gap = MARGIN * main.ax.get_position().width
    # Under an upper inset, above a lower one; flush with the inset's outer side.
    loc_left = left if "left" in corner else left + width - loc_w
    loc_bottom = bottom - gap / 2 - loc_h if "upper" in corner else bottom + height + gap / 2
    ax = main.ax.figure.add_axes((loc_left, loc_bottom, loc_w, loc_h), gid="locator")
    ax.set_zorder(inset_ax.get_zorder())
    xmin, ymin, xmax, ymax = whole.view
    ax.set(xlim=(xmin, xmax), ylim=(ymin, ymax), xticks=[], yticks=[], facecolor="white")
    ax.set_aspect("equal", adjustable="box")
    # At a locator's size a quarter of a degree is under a pixel: coarser land draws the same.
    coarse = shapely.simplify(np.array(land_shapes(), dtype=object), LOCATOR_DETAIL_DEG)
    land = whole.project(coarse, densify=1.0)
    add_polygons(ax, land, facecolor=style.LAND_EDGE, edgecolor="none", zorder=Z["land"])
    for frame, colour in ((main.frame, MAIN_OUTLINE), (inset, INSET_COLOUR)):
        outline = whole.project(frame.outline(), clip=False)
        ax.plot(*np.asarray(shapely.get_coordinates(outline)).T, color=colour, linewidth=1.0)
    for spine in ax.spines.values():
        spine.set(color=INSET_COLOUR, linewidth=0.8)
    ax.set_label("locator")
    return ax
