"""Small multiples: one panel per selected event, each centred on its event and all at the same
scale, under one title, one legend and one footer, so a report can compare patrols side by side."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from patrolmap.catalog.filter import filter_catalog
from patrolmap.catalog.model import Event
from patrolmap.figure.labels import place_labels
from patrolmap.figure.layers import draw_map
from patrolmap.figure.layout import Layout, Wrapper, draw_titles, lines_in
from patrolmap.figure.legend import legend_handles, obstacle_pixels, quiet_corner, scale_bar
from patrolmap.figure.projection import MapFrame, panel_frames
from patrolmap.figure.sheet import agg
from patrolmap.scene.build import build_scene
from patrolmap.scene.extent import event_shapes
from patrolmap.scene.model import Scene

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# More than four panels across leaves each too narrow to read at a report's page width.
MAX_COLUMNS = 4
PANEL_TITLE_PT = 7.0  # at 10 × 7.5 in; scaled with the figure
# Titles wrap a little short of the panel: summed word widths run slightly under the set line.
TITLE_FILL = 0.92
# A panel is a fraction of the sheet: its labels, lines and arrows are drawn this much smaller.
PANEL_SCALE = 0.7
GAP_IN = 0.12  # between panels, in inches at 10 × 7.5
# Room for a panel's graticule labels: latitudes left of it, longitudes under it (inches).
TICKS_LEFT_IN, TICKS_BELOW_IN = 0.3, 0.16


def default_columns(panels: int, sheet_aspect: float = 4 / 3) -> int:
    """About sqrt(n × width/height) across, so the grid takes the sheet's shape: ten panels go
    4 × 3 on a landscape sheet and 3 × 4 on portrait A4, and each panel stays about as wide as it
    is tall, whatever the page; capped at MAX_COLUMNS."""
    return max(1, min(MAX_COLUMNS, round(math.sqrt(panels * sheet_aspect))))


def draw_grid(whole: Scene, fig: Figure, *, columns: int | None = None) -> None:
    """Draw `whole` (the scene of the selection) on `fig` as one panel per event.

    Each panel is centred on its own event, and all are at one scale (projection.panel_frames),
    so the same distance is the same length in every panel, as every panel's scale bar shows;
    the legend is the whole selection's.
    """
    events = sorted(whole.catalog.events, key=lambda e: (e.start, e.id))
    layout = Layout.fit(fig, whole, right_labels=False)
    columns = columns or default_columns(len(events), layout.width / layout.height)
    columns = min(columns, max(len(events), 1))
    rows = max(math.ceil(len(events) / columns), 1)
    draw_titles(fig, layout)
    area = _above_legend(fig, whole, layout)
    wrap = Wrapper(fig, TITLE_FILL * area[2] * layout.width / columns)
    size = PANEL_TITLE_PT * layout.scale
    titles = [wrap(f"{e.date_label()} · {e.title}", size, bold=True) for e in events]
    # Every panel keeps room for the longest title, so all panels are the same size.
    title_in = max(lines_in(t, size) for t in titles) if titles else 0.0
    cells = _cells(area, rows, columns, layout, title_in)
    shapes = event_shapes(whole.catalog)
    focuses = [np.array(shapes.get(e.id, whole.focus), dtype=object) for e in events]
    frames = panel_frames(focuses, aspect=_aspect(cells[0], layout))
    for index, (event, cell, frame) in enumerate(zip(events, cells, frames, strict=False)):
        ax = fig.add_axes(cell, gid=f"panel-{event.id}")
        ax.set_title(titles[index], **_title_style(size))
        _draw_panel(ax, frame, _event_scene(whole, event), layout)


def _event_scene(whole: Scene, event: Event) -> Scene:
    catalog = filter_catalog(whole.catalog, events=event.id)
    return build_scene(catalog, naming=whole.naming)


def _above_legend(fig: Figure, whole: Scene, layout: Layout) -> tuple[float, ...]:
    """Draw the shared legend in rows under the panels; return the map area left above it."""
    left, bottom, width, height = layout.map_rect
    handles = legend_handles(whole.legend, layout.scale)
    legend = fig.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(left + width / 2, bottom),
        ncol=min(len(handles), 4) or 1,
        fontsize=7 * layout.scale,
        frameon=False,
        handlelength=2.4,
    )
    used = legend.get_window_extent(agg(fig).get_renderer()).height / fig.dpi / layout.height
    return left, bottom + used, width, height - used


def _title_style(size: float) -> dict[str, Any]:
    # parse_math off: a "$" in catalogue text is a dollar sign, not the start of mathtext.
    return {"loc": "left", "pad": 2.0, "fontsize": size, "fontweight": "bold", "parse_math": False}


def _cells(area, rows: int, columns: int, layout: Layout, title_in: float) -> list:
    """Each panel's axes rectangle, row by row from the top, below room for its title and
    beside room for its graticule labels."""
    left, bottom, width, height = area
    gap_x = GAP_IN * layout.scale / layout.width
    gap_y = GAP_IN * layout.scale / layout.height
    ticks_x = TICKS_LEFT_IN * layout.scale * PANEL_SCALE / layout.width
    ticks_y = TICKS_BELOW_IN * layout.scale * PANEL_SCALE / layout.height
    title = title_in / layout.height
    # The first column's latitude labels sit in the sheet's own left margin.
    cell_w = (width + ticks_x) / columns
    cell_h = height / rows
    return [
        (
            left - ticks_x + col * cell_w + gap_x / 2 + ticks_x,
            bottom + (rows - 1 - row) * cell_h + gap_y + ticks_y,
            cell_w - gap_x - ticks_x,
            cell_h - title - 2 * gap_y - ticks_y,
        )
        for row in range(rows)
        for col in range(columns)
    ]


def _aspect(cell, layout: Layout) -> float:
    return (cell[2] * layout.width) / (cell[3] * layout.height)


def _draw_panel(ax, frame: MapFrame, scene: Scene, layout: Layout) -> None:
    """One event's map, with a scale bar: the bars are the same length in every panel, which
    shows the reader the panels can be compared."""
    sheet = draw_map(ax, frame, scene, layout.scale * PANEL_SCALE, right_labels=False)
    points = obstacle_pixels(sheet)
    bar = scale_bar(sheet)
    quiet_corner(bar, ("lower right", "lower left", "upper right", "upper left"), points)
    place_labels(sheet, points, [bar.get_window_extent(agg(ax.figure).get_renderer())])
