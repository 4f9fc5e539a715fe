"""Small multiples: one panel per selected event, every panel on the same projection and scale,
under one title, one legend and one footer, so a report can compare patrols side by side."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from patrolmap.catalog.filter import filter_catalog
from patrolmap.catalog.model import Event
from patrolmap.figure.labels import place_labels
from patrolmap.figure.layers import draw_map
from patrolmap.figure.layout import Layout, Wrapper, draw_titles, lines_in
from patrolmap.figure.legend import legend_handles, obstacle_pixels, quiet_corner, scale_bar
from patrolmap.figure.projection import MapFrame, map_frame
from patrolmap.figure.sheet import agg
from patrolmap.scene.build import build_scene
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


def default_columns(panels: int, sheet_aspect: float = 4 / 3) -> int:
    """About sqrt(n × width/height) across, so the grid takes the sheet's shape: ten panels go
    4 × 3 on a landscape sheet and 3 × 4 on portrait A4, and each panel stays about as wide as it
    is tall, whatever the page; capped at MAX_COLUMNS."""
    return max(1, min(MAX_COLUMNS, round(math.sqrt(panels * sheet_aspect))))


def draw_grid(whole: Scene, fig: Figure, *, columns: int | None = None) -> None:
    """Draw `whole` (the scene of the selection) on `fig` as one panel per event.

    The shared projection and extent come from the union of the selection (whole.focus), so the
    same distance is the same length in every panel; the legend is the whole selection's.
    """
    events = sorted(whole.catalog.events, key=lambda e: (e.start, e.id))
    layout = Layout.fit(fig, whole)
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
    frame = map_frame(whole.focus, aspect=_aspect(cells[0], layout))
    for index, (event, cell) in enumerate(zip(events, cells, strict=False)):
        ax = fig.add_axes(cell, gid=f"panel-{event.id}")
        ax.set_title(titles[index], **_title_style(size))
        _draw_panel(ax, frame, _event_scene(whole, event), layout, first=index == 0)


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
    """Each panel's axes rectangle, row by row from the top, below room for its title."""
    left, bottom, width, height = area
    gap_x = GAP_IN * layout.scale / layout.width
    gap_y = GAP_IN * layout.scale / layout.height
    title = title_in / layout.height
    cell_w, cell_h = width / columns, height / rows
    return [
        (
            left + col * cell_w + gap_x / 2,
            bottom + (rows - 1 - row) * cell_h + gap_y,
            cell_w - gap_x,
            cell_h - title - 2 * gap_y,
        )
        for row in range(rows)
        for col in range(columns)
    ]


def _aspect(cell, layout: Layout) -> float:
    return (cell[2] * layout.width) / (cell[3] * layout.height)


def _draw_panel(ax, frame: MapFrame, scene: Scene, layout: Layout, *, first: bool) -> None:
    """One event's map; the first panel carries the scale bar (every panel has the same scale,
    so one bar serves them all)."""
    sheet = draw_map(ax, frame, scene, layout.scale * PANEL_SCALE)
    points = obstacle_pixels(sheet)
    taken = []
    if first:
        bar = scale_bar(sheet)
        quiet_corner(bar, ("lower right", "lower left", "upper right", "upper left"), points)
        taken.append(bar.get_window_extent(agg(ax.figure).get_renderer()))
    place_labels(sheet, points, taken)
