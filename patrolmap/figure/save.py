"""The figure recipe: lay out, frame, draw and write a catalogue as PNG, SVG or PDF."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from patrolmap.catalog.model import Catalog
from patrolmap.errors import PatrolmapError
from patrolmap.figure.grid import draw_grid
from patrolmap.figure.inset import split_regions
from patrolmap.figure.layers import draw_map
from patrolmap.figure.layout import Layout
from patrolmap.figure.legend import draw_furniture
from patrolmap.figure.projection import map_frame
from patrolmap.figure.text import add_svg_title, figure_text, text_metadata
from patrolmap.join import JoinResult
from patrolmap.scene.build import build_scene
from patrolmap.scene.model import Scene
from patrolmap.scene.naming import DEFAULT_NAMING, Naming

if TYPE_CHECKING:
    from matplotlib.figure import Figure


FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}


# Fixed metadata, no timestamps: the same catalogue gives the same SVG and PDF bytes.
_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": "patrolmap"},
    "svg": {"Date": None, "Creator": "patrolmap"},
    "pdf": {"CreationDate": None, "Creator": "patrolmap"},
}


_RC: Any = {
    "svg.hashsalt": "patrolmap",  # SVG clip-path and marker ids are random per run without it
    "svg.fonttype": "none",  # text stays text, editable and searchable in the report
    "pdf.fonttype": 42,  # TrueType rather than Type 3, for the same reason
    # DejaVu for Latin and Cyrillic; matplotlib falls back glyph by glyph to Noto CJK (Debian's
    # fonts-noto-cjk, installed by .ci/run) for Japanese, Korean and Chinese names.
    "font.family": ["DejaVu Sans", "Noto Sans CJK JP"],
    "path.simplify": False,  # keep every vertex of the curated geometry
}


def save_figure(
    selection: Catalog | JoinResult,
    path: str | os.PathLike[str],
    *,
    width: float = 10.0,
    height: float = 7.5,
    dpi: int = 200,
    title: str | None = None,
    naming: Naming = DEFAULT_NAMING,
    grid: bool = False,
    columns: int | None = None,
) -> Path:
    """Draw `selection` (a filtered catalogue, joined or not) as a static map, write it to `path`.

    The suffix picks the format: .png (at `dpi`), .svg or .pdf (vector throughout). Sizes are in
    inches. With `grid`, one panel per event in `columns` columns (figure/grid.py). Raises
    PatrolmapError for any other suffix. The file is replaced whole or not at all.
    """
    _format(path)
    scene = build_scene(selection, title=title, naming=naming)
    heading, description = figure_text(scene.joined, scene.title, scene.naming)
    with figure_style():
        fig = draw_scene(scene, width=width, height=height, dpi=dpi, grid=grid, columns=columns)
    return write_figure(fig, path, dpi=dpi, title=heading, description=description)


def figure_style():
    """The matplotlib settings every patrolmap figure and chart is drawn and saved under."""
    import matplotlib

    return matplotlib.rc_context(_RC)


def write_figure(
    fig: Figure, path: str | os.PathLike[str], *, dpi: int, title: str, description: str
) -> Path:
    """Write a drawn figure to `path` (format from the suffix), with `title` and `description` as
    its text alternative (figure/text.py); no timestamps, so the bytes repeat. Atomic."""
    from patrolmap.atomic import write_atomic

    fmt = _format(path)
    buffer = io.BytesIO()
    with figure_style():
        metadata = {**_METADATA[fmt], **text_metadata(fmt, title, description)}
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    data = buffer.getvalue()
    if fmt == "svg":
        data = add_svg_title(data, title, description)
    return write_atomic(path, data)


def draw_figure(
    selection: Catalog | JoinResult,
    *,
    width: float = 10.0,
    height: float = 7.5,
    dpi: int = 100,
    title: str | None = None,
    naming: Naming = DEFAULT_NAMING,
    grid: bool = False,
    columns: int | None = None,
) -> Figure:
    """Return the figure of `selection` as a matplotlib Figure (Agg canvas, nothing written),
    laid out for output at `dpi`."""
    scene = build_scene(selection, title=title, naming=naming)
    return draw_scene(scene, width=width, height=height, dpi=dpi, grid=grid, columns=columns)


def draw_scene(
    scene: Scene,
    *,
    width: float = 10.0,
    height: float = 7.5,
    dpi: int = 100,
    grid: bool = False,
    columns: int | None = None,
) -> Figure:
    """Project and draw `scene` as a matplotlib Figure (Agg canvas, nothing written): one map,
    or with `grid` one panel per event (figure/grid.py).

    Text is wrapped and labels placed by measuring them with the figure's renderer, so the figure
    is made at the `dpi` it will be written at: measured at another resolution, hinted glyph
    widths differ (an A4 footer wrapped at 100 dpi ran off the page at 200 dpi)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with figure_style():
        fig = Figure(figsize=(width, height), dpi=dpi)
        FigureCanvasAgg(fig)  # text is measured while labels are placed, before any saving
        if grid:
            draw_grid(scene, fig, columns=columns)
            return fig
        layout = Layout.fit(fig, scene)
        ax = fig.add_axes(layout.map_rect, gid="map")
        focus, insets = split_regions(scene)
        frame = map_frame(focus, aspect=layout.map_aspect)
        sheet = draw_map(ax, frame, scene, layout.scale)
        draw_furniture(fig, sheet, layout, insets)
    return fig


def _format(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        raise PatrolmapError(
            f"{path}: cannot write a figure as {suffix or 'no suffix'!r}; use {known}"
        )
    return FORMATS[suffix]
