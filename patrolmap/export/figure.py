"""Static map figures for reports: matplotlib on a Lambert conformal conic, written as PNG, SVG or PDF."""

from __future__ import annotations

import io
import math
import os
import textwrap
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import shapely

from patrolmap.catalog.frame import to_standard_lon
from patrolmap.catalog.model import COUNTRY_NAMES, Catalog, Event
from patrolmap.errors import PatrolmapError
from patrolmap.render import style
from patrolmap.render.layers import DEFAULT_TITLE

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from patrolmap.join import JoinResult

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
# Fixed metadata, no timestamps: the same catalogue gives the same SVG and PDF bytes.
_METADATA = {
    "png": {"Software": "patrolmap"},
    "svg": {"Date": None, "Creator": "patrolmap"},
    "pdf": {"CreationDate": None, "Creator": "patrolmap"},
}
_RC: Any = {
    "svg.hashsalt": "patrolmap",  # SVG clip-path and marker ids are random per run without it
    "svg.fonttype": "none",  # text stays text, editable and searchable in the report
    "pdf.fonttype": 42,  # TrueType rather than Type 3, for the same reason
    "font.family": "DejaVu Sans",
    "path.simplify": False,  # keep every vertex of the curated geometry
}
DEFAULT_BOX = (120.0, 20.0, 200.0, 70.0)  # the whole region, Pacific frame
PAD = 0.15  # of the data's span, on each side
MIN_SPAN_KM = 780.0  # about 7° of latitude: a short leg is still shown with its surroundings
CLIP_PAD_DEG = 3.0
MAX_NAMED_EVENTS = 3  # beyond this many events, markers are not labelled
# A label over another place's dot misleads more than one crossing a line: a dot counts as this
# many line points when spots are compared.
DOT_WEIGHT = 40.0
DOT_MARGIN_PX = 7.0  # at the layout's 100 dpi: about 5 points
TITLE_PT, SUBTITLE_PT, FOOTER_PT = 13.0, 8.5, 6.5  # at 10 × 7.5 in; scaled with the figure
KIND_NAMES = {
    "joint-air-patrol": "joint air patrol",
    "air-activity": "air activity",
    "naval-transit": "naval transit",
}
PLACE_NAMES = {"airbase": "Air base", "island": "Island", "reference": "Place"}
NICE_STEPS = (1, 2, 5, 10, 15, 20, 30)
NICE_KM = (25, 50, 100, 200, 250, 500, 1000, 2000)
# Arrowhead like the web map's, pointing up; rotated per leg.
_ARROW = ((0.0, 1.0), (0.8, -0.8), (0.0, -0.35), (-0.8, -0.8), (0.0, 1.0))
_Z = {"land": 1, "grid": 1.5, "adiz": 2, "strait": 3, "route": 4, "arrow": 4.5, "place": 5}
_Z.update(marker=6, label=7, furniture=8)


def save_figure(
    catalog: Catalog,
    path: str | os.PathLike[str],
    *,
    width: float = 10.0,
    height: float = 7.5,
    dpi: int = 200,
    title: str | None = None,
) -> Path:
    """Draw `catalog` (already filtered) as a static map and write it to `path`; return the path.

    The suffix picks the format: .png (at `dpi`), .svg or .pdf (vector throughout). Sizes are in
    inches. Raises PatrolmapError for any other suffix. The file is replaced whole or not at all.
    """
    import matplotlib

    from patrolmap.atomic import write_atomic

    fmt = _format(path)
    with matplotlib.rc_context(_RC):
        fig = draw_figure(catalog, width=width, height=height, title=title)
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
    return write_atomic(path, buffer.getvalue())


def draw_figure(
    catalog: Catalog, *, width: float = 10.0, height: float = 7.5, title: str | None = None
) -> Figure:
    """Return the figure of `catalog` as a matplotlib Figure (Agg canvas, nothing written)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(width, height), dpi=100)
        FigureCanvasAgg(fig)  # text is measured while labels are placed, before any saving
        layout = _Layout.fit(fig, catalog, title)
        ax = fig.add_axes(layout.map_rect, gid="map")
        frame = map_frame(catalog, aspect=layout.map_aspect)
        sheet = _draw_map(ax, frame, catalog, layout.scale)
        _draw_furniture(fig, sheet, layout)
    return fig


def _format(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        raise PatrolmapError(
            f"{path}: cannot write a figure as {suffix or 'no suffix'!r}; use {known}"
        )
    return FORMATS[suffix]


# --- projection ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapFrame:
    """The projected window of a figure: a Lambert conformal conic fitted to the data's extent.

    `view` is the visible rectangle in projected metres; `clip` a lon/lat box (Pacific frame) a
    little larger than the view, to which shapes are cut before projecting, so nothing far outside
    the view (where the cone stretches without bound) is ever projected.
    """

    crs: object
    view: tuple[float, float, float, float]
    clip: tuple[float, float, float, float]

    @cached_property
    def _forward(self):
        from pyproj import Transformer

        return Transformer.from_crs("EPSG:4326", self.crs, always_xy=True)

    def xy(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """Project lon/lat arrays (Pacific frame) to metres."""
        x, y = self._forward.transform(np.asarray(lon, float), np.asarray(lat, float))
        return np.asarray(x), np.asarray(y)

    def project(self, geoms: Any, *, clip: bool = True, densify: float = 0.25) -> Any:
        """Clip lon/lat geometries to `clip`, add vertices every `densify`°, project them."""
        geoms = np.asarray(geoms, dtype=object)
        if clip:
            geoms = shapely.clip_by_rect(geoms, *self.clip)
        geoms = shapely.segmentize(geoms, densify)
        return shapely.transform(geoms, lambda c: np.column_stack(self.xy(c[:, 0], c[:, 1])))

    @cached_property
    def view_box(self):
        return shapely.box(*self.view)

    def scale_factor(self) -> float:
        """The projection's scale factor at the centre of the view (conformal: one number)."""
        from pyproj import Proj, Transformer

        back = Transformer.from_crs(self.crs, "EPSG:4326", always_xy=True)
        lon, lat = back.transform(*self.view_box.centroid.coords[0])
        return float(Proj(self.crs).get_factors(lon, lat).meridional_scale)


def map_frame(catalog: Catalog, *, aspect: float) -> MapFrame:
    """Fit a conformal conic to what `catalog` shows and frame it at `aspect` (width/height).

    The frame holds the selected routes and markers (or, with neither, the ADIZs) padded by 15% and
    at least MIN_SPAN_KM across. Standard parallels sit at 1/6 and 5/6 of their latitude span and
    the central meridian at their centre, so a Bering Sea route (177°E to 168°W) is as continuous
    and undistorted as one off Japan.
    """
    from pyproj import CRS, Transformer

    focus = _focus(catalog)
    west, south, east, north = shapely.total_bounds(focus)
    south, north = _grow(south, north, MIN_SPAN_KM / 111.0)
    span = north - south
    crs = CRS.from_dict(
        {
            "proj": "lcc",
            "lat_1": south + span / 6,
            "lat_2": south + 5 * span / 6,
            "lat_0": (south + north) / 2,
            "lon_0": float(to_standard_lon((west + east) / 2)),
            "datum": "WGS84",
            "units": "m",
        }
    )
    forward = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    projected = shapely.transform(
        shapely.segmentize(focus, 0.25), lambda c: np.column_stack(forward.transform(*c.T))
    )
    xmin, ymin, xmax, ymax = shapely.total_bounds(projected)
    dx, dy = (xmax - xmin) * PAD, (ymax - ymin) * PAD
    xmin, xmax = _grow(xmin - dx, xmax + dx, MIN_SPAN_KM * 1000)
    ymin, ymax = _grow(ymin - dy, ymax + dy, MIN_SPAN_KM * 1000)
    view = _fit_aspect((xmin, ymin, xmax, ymax), aspect)
    return MapFrame(crs, view, _clip_box(crs, view, (west + east) / 2))


def _focus(catalog: Catalog) -> np.ndarray:
    """The lon/lat shapes a figure frames: the selected routes and markers, else the ADIZs."""
    geoms = list(catalog.routes.geometry)
    points = [(m.lon, m.lat) for e in catalog.events for m in e.markers]
    if points:
        geoms.append(shapely.MultiPoint(points))
    if not geoms:
        geoms = list(catalog.adiz.geometry) or [shapely.box(*DEFAULT_BOX)]
    return np.array(geoms, dtype=object)


def _grow(lo: float, hi: float, span: float) -> tuple[float, float]:
    """Widen [lo, hi] about its middle to at least `span`."""
    extra = max(span - (hi - lo), 0.0) / 2
    return float(lo - extra), float(hi + extra)


def _fit_aspect(bounds, aspect: float) -> tuple[float, float, float, float]:
    """Widen the shorter side of `bounds` about its centre until width/height == aspect."""
    xmin, ymin, xmax, ymax = (float(v) for v in bounds)
    w, h = xmax - xmin, ymax - ymin
    if w / h < aspect:
        extra = (h * aspect - w) / 2
        return xmin - extra, ymin, xmax + extra, ymax
    extra = (w / aspect - h) / 2
    return xmin, ymin - extra, xmax, ymax + extra


def _clip_box(crs, view, centre_lon: float) -> tuple[float, float, float, float]:
    """The lon/lat box covering the view rectangle, found by unprojecting its edge."""
    from pyproj import Transformer

    back = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    ring = shapely.segmentize(shapely.box(*view).exterior, (view[2] - view[0]) / 64)
    lon, lat = back.transform(*np.asarray(ring.coords).T)
    ok = np.isfinite(lon) & np.isfinite(lat)
    lon = centre_lon + (np.mod(lon[ok] - centre_lon + 180.0, 360.0) - 180.0)
    west, east = lon.min() - CLIP_PAD_DEG, lon.max() + CLIP_PAD_DEG
    south, north = lat[ok].min() - CLIP_PAD_DEG, lat[ok].max() + CLIP_PAD_DEG
    if not ok.all() or north > 88.0:  # the view holds the pole: take every meridian near it
        west, east, north = centre_lon - 120.0, centre_lon + 120.0, 89.9
    return float(west), float(max(south, -85.0)), float(east), float(min(north, 89.9))


# --- layout --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """Where the title, map and footer go, in figure fractions; sizes scale with the figure."""

    width: float
    height: float
    scale: float
    title: str
    subtitle: str
    footer: str
    map_rect: tuple[float, float, float, float]

    @property
    def map_aspect(self) -> float:
        return (self.map_rect[2] * self.width) / (self.map_rect[3] * self.height)

    @classmethod
    def fit(cls, fig: Figure, catalog: Catalog, title: str | None) -> _Layout:
        width, height = (float(v) for v in fig.get_size_inches())
        scale = min(max(min(width / 10.0, height / 7.5), 0.5), 2.0)
        left, right = 0.62 * scale, 0.25 * scale
        wrap = _Wrapper(fig, width - left - right)
        head, sub = _titles(catalog, title)
        head = wrap(head, TITLE_PT * scale, bold=True)
        sub = wrap(sub, SUBTITLE_PT * scale)
        foot = _footer(catalog, lambda text: wrap(text, FOOTER_PT * scale))
        top = _lines_in(head, TITLE_PT * scale) + _lines_in(sub, SUBTITLE_PT * scale) + 0.3 * scale
        bottom = 0.42 * scale + _lines_in(foot, FOOTER_PT * scale)
        rect = (
            left / width,
            bottom / height,
            max(width - left - right, 0.5) / width,
            max(height - top - bottom, 0.5) / height,
        )
        return cls(width, height, scale, head, sub, foot, rect)


class _Wrapper:
    """Word-wraps text to a width in inches, measuring it with the figure's own renderer."""

    def __init__(self, fig: Figure, width_in: float):
        self.renderer = _agg(fig).get_renderer()
        self.width_px = width_in * fig.dpi

    def __call__(self, text: str, size_pt: float, *, bold: bool = False) -> str:
        from matplotlib.font_manager import FontProperties

        font = FontProperties(size=size_pt, weight="bold" if bold else "normal")
        lines: list[str] = []
        for word in text.split():
            trial = f"{lines[-1]} {word}" if lines else word
            if lines and self._width(trial, font) <= self.width_px:
                lines[-1] = trial
            else:
                lines.append(word)
        return "\n".join(lines)

    def _width(self, text: str, font) -> float:
        return self.renderer.get_text_width_height_descent(text, font, ismath=False)[0]


def _lines_in(text: str, size_pt: float) -> float:
    """Height in inches of `text` set at `size_pt` with matplotlib's default line spacing."""
    return (text.count("\n") + 1) * size_pt * 1.25 / 72 if text else 0.0


def _titles(catalog: Catalog, title: str | None) -> tuple[str, str]:
    """The heading and the line under it: the event's own title and dates unless `title` is given."""
    events = sorted(catalog.events, key=lambda e: (e.start, e.id))
    if not events:
        return title or DEFAULT_TITLE, "Reference geography: ADIZs, strait gate lines and places"
    if len(events) == 1:
        event = events[0]
        auto, sub = event.title, " · ".join([_event_line(event), *_crews(event)])
    else:
        joined = " / ".join(e.title for e in events)
        auto = joined if len(events) <= 3 and len(joined) <= 110 else DEFAULT_TITLE
        first, last = events[0].start, max(e.end for e in events)
        sub = f"{len(events)} events, {first.isoformat()} to {last.isoformat()}"
    routed = set(catalog.routes["event"])
    missing = sum(e.id not in routed for e in events)
    if missing:
        sub += " · no route mapped" if len(events) == 1 else f" · {missing} without a mapped route"
    return title or auto, sub


def _event_line(event: Event) -> str:
    number = f" no. {event.patrol_number}" if event.patrol_number else ""
    return f"{event.date_label()} · {KIND_NAMES.get(event.kind, event.kind)}{number}"


def _crews(event: Event) -> list[str]:
    out = []
    for country in event.countries:
        craft = ", ".join(p.label() for p in event.participants if p.country == country)
        out.append(f"{COUNTRY_NAMES.get(country, country)}: {craft}")
    return out


def _footer(catalog: Catalog, wrap) -> str:
    """Sources (as many outlets as fit in three lines with the caveats) and the standing caveats."""
    outlets = []
    for event in catalog.events:
        for sid in event.sources:
            source = catalog.sources.get(sid)
            if source is not None and source.outlet not in outlets:
                outlets.append(source.outlet)
    tail = (
        "Routes are approximate reconstructions from published reports. "
        "Land: Natural Earth (public domain). Made with patrolmap."
    )
    text = wrap(tail)
    for shown in range(len(outlets), 0, -1):
        more = len(outlets) - shown
        listed = "; ".join(outlets[:shown]) + (f"; and {more} more" if more else "")
        text = wrap(f"Sources: {listed}. {tail}")
        if text.count("\n") < 3:
            break
    return text


# --- the map -------------------------------------------------------------------------------------


@dataclass
class _Label:
    """A label to place: tried at each anchor with each offset until one spot is clear."""

    text: str
    anchors: list[tuple[float, float]]
    priority: int  # 0 always shown; larger numbers give way
    style: dict
    offsets: tuple = ()
    may_cross_routes: bool = True
    gap: float = 1.0  # how far from its point, relative to a small place dot


@dataclass
class _Sheet:
    """The map being drawn, and what furniture and labels must work around."""

    ax: Axes
    frame: MapFrame
    catalog: Catalog
    joined: JoinResult
    scale: float
    labels: list[_Label] = field(default_factory=list)
    obstacles: list[np.ndarray] = field(default_factory=list)  # rows of projected x, y, weight
    adiz_operators: set[str] = field(default_factory=set)
    place_kinds: set[str] = field(default_factory=set)
    straits: bool = False

    def block(self, xy: np.ndarray, weight: float = 1.0) -> None:
        """Ask labels and furniture to keep clear of these projected points."""
        self.obstacles.append(np.column_stack([xy, np.full(len(xy), weight)]))

    @property
    def focused(self) -> bool:
        """True when events with something drawn are selected: then only their context is labelled."""
        return not self.catalog.routes.empty or any(e.markers for e in self.catalog.events)


def _draw_map(ax: Axes, frame: MapFrame, catalog: Catalog, scale: float) -> _Sheet:
    from patrolmap.join import join_catalog

    xmin, ymin, xmax, ymax = frame.view
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal", adjustable="box")
    ax.set_facecolor(style.SEA_BACKGROUND)
    for spine in ax.spines.values():
        spine.set(color="#37474f", linewidth=0.8)
    sheet = _Sheet(ax, frame, catalog, join_catalog(catalog), scale)
    # Bottom to top; each layer records what later labels and furniture must keep clear of.
    layers = (_draw_land, _draw_graticule, _draw_seas, _draw_adiz, _draw_straits, _draw_routes)
    for draw in (*layers, _draw_places, _draw_markers):
        draw(sheet)
    return sheet


def _polygon_path(geoms: np.ndarray):
    """One compound matplotlib Path of projected polygons, rings oriented so holes stay holes."""
    from matplotlib.path import Path as MplPath

    parts = shapely.get_parts(shapely.orient_polygons(np.asarray(geoms, dtype=object)))
    rings = []
    for poly in parts:
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        for ring in (poly.exterior, *poly.interiors):
            rings.append(MplPath(np.asarray(ring.coords), closed=True))
    return MplPath.make_compound_path(*rings) if rings else None


def _add_polygons(ax: Axes, geoms, **kwargs) -> None:
    from matplotlib.patches import PathPatch

    path = _polygon_path(geoms)
    if path is not None:
        ax.add_patch(PathPatch(path, **kwargs))


def _draw_land(sheet: _Sheet) -> None:
    from patrolmap.render.layers import land_shapes

    land = sheet.frame.project(np.array(land_shapes(), dtype=object), densify=0.5)
    _add_polygons(
        sheet.ax,
        land,
        facecolor=style.LAND_FILL,
        edgecolor=style.LAND_EDGE,
        linewidth=0.4,
        zorder=_Z["land"],
        gid="land",
    )


def _draw_graticule(sheet: _Sheet) -> None:
    """Meridians and parallels, labelled where they meet the bottom and left edges."""
    frame, ax = sheet.frame, sheet.ax
    west, south, east, north = frame.clip
    inner = 2 * CLIP_PAD_DEG
    lon_step = _nice_step((east - west - inner) * math.cos(math.radians((south + north) / 2)))
    lat_step = _nice_step(north - south - inner)
    xmin, ymin, xmax, ymax = frame.view
    bottom = shapely.LineString([(xmin, ymin), (xmax, ymin)])
    left = shapely.LineString([(xmin, ymin), (xmin, ymax)])
    grid: dict[str, Any] = {
        "color": "#7f98ab",
        "linewidth": 0.35,
        "alpha": 0.7,
        "zorder": _Z["grid"],
    }
    xticks, xlabels, yticks, ylabels = [], [], [], []
    for lon in np.arange(math.ceil(west / lon_step) * lon_step, east, lon_step):
        line = frame.project(shapely.LineString([(lon, south), (lon, north)]), clip=False)
        ax.plot(*line.xy, **grid)
        hit = shapely.get_coordinates(line.intersection(bottom))
        if len(hit):
            xticks.append(hit[0, 0])
            xlabels.append(lon_label(lon))
    for lat in np.arange(math.ceil(south / lat_step) * lat_step, north, lat_step):
        line = frame.project(shapely.LineString([(west, lat), (east, lat)]), clip=False)
        ax.plot(*line.xy, **grid)
        hit = shapely.get_coordinates(line.intersection(left))
        if len(hit):
            yticks.append(hit[0, 1])
            ylabels.append(lat_label(lat))
    ax.set_xticks(xticks, xlabels)
    ax.set_yticks(yticks, ylabels)
    size = 7 * sheet.scale
    ax.tick_params(labelsize=size, length=size / 2, width=0.6, colors="#37474f", pad=2)


def _nice_step(span_deg: float) -> float:
    """The smallest round step that draws at most six lines across `span_deg`."""
    return float(next((s for s in NICE_STEPS if span_deg / s <= 6), NICE_STEPS[-1]))


def lon_label(lon: float) -> str:
    """A Pacific-frame longitude as map text: 135 → 135°E, 190 → 170°W, 180 → 180°."""
    value = float(to_standard_lon(float(lon) % 360.0))
    if value in (0.0, 180.0):
        return f"{abs(value):g}°"
    return f"{abs(value):g}°{'E' if value > 0 else 'W'}"


def lat_label(lat: float) -> str:
    """A latitude as map text: 35 → 35°N."""
    if lat == 0:
        return "0°"
    return f"{abs(lat):g}°{'N' if lat > 0 else 'S'}"


def _visible(sheet: _Sheet, layer, densify: float):
    """The rows of a layer that show in the view, sorted by id, with their projected shapes."""
    layer = layer.sort_values("id")
    geoms = sheet.frame.project(layer.geometry.values.to_numpy(), densify=densify)
    keep = ~shapely.is_empty(geoms) & shapely.intersects(geoms, sheet.frame.view_box)
    return list(zip(layer[keep].itertuples(), geoms[keep], strict=True))


def _draw_seas(sheet: _Sheet) -> None:
    """Sea names only: filled seas would fight the ADIZs for the same light tints."""
    kwargs = {"fontsize": 8 * sheet.scale, "style": "italic", "color": "#3d6a8c"}
    for row, geom in _visible(sheet, sheet.catalog.seas, 0.5):
        anchors = _deep_points(shapely.intersection(geom.buffer(0), sheet.frame.view_box))
        if anchors:
            text = "\n".join(textwrap.wrap(row.name, 16))
            centred = ((0, 0, "center", "center"),)
            sheet.labels.append(_Label(text, anchors, 5, kwargs, centred, may_cross_routes=False))


def _deep_points(area, grid: int = 9, keep: int = 12) -> list[tuple[float, float]]:
    """Points well inside `area`, deepest first: where a sea's name reads as belonging to it."""
    if area.is_empty:
        return []
    xmin, ymin, xmax, ymax = area.bounds
    xs, ys = np.meshgrid(
        np.linspace(xmin, xmax, grid + 2)[1:-1], np.linspace(ymin, ymax, grid + 2)[1:-1]
    )
    points = shapely.points(xs.ravel(), ys.ravel())
    points = points[shapely.contains(area, points)]
    depth = shapely.distance(points, area.boundary)
    return [(p.x, p.y) for p in points[np.argsort(-depth)][:keep]]


def _draw_adiz(sheet: _Sheet) -> None:
    from matplotlib.colors import to_rgba

    for row, geom in _visible(sheet, sheet.catalog.adiz, 0.5):
        colour = style.adiz_colour(row.operator)
        _add_polygons(
            sheet.ax,
            [geom],
            facecolor=to_rgba(colour, 0.06),
            edgecolor=to_rgba(colour, 0.9),
            linewidth=1.1 * sheet.scale,
            linestyle=(0, (5, 3)),
            zorder=_Z["adiz"],
            gid=row.id,
        )
        sheet.adiz_operators.add(row.operator)


def _draw_straits(sheet: _Sheet) -> None:
    """Every gate line in view; names only for those the selected routes cross."""
    crossed = {s for facts in sheet.joined.facts.values() for s in facts.straits}
    kwargs = {"fontsize": 6.8 * sheet.scale, "color": style.STRAIT_COLOUR, "style": "italic"}
    for row, geom in _visible(sheet, sheet.catalog.straits, 0.1):
        for part in shapely.get_parts(geom):
            sheet.ax.plot(
                *part.xy,
                color=style.STRAIT_COLOUR,
                linewidth=2.2 * sheet.scale,
                linestyle=(0, (0.8, 1.6)),
                dash_capstyle="round",
                zorder=_Z["strait"],
                gid=row.id,
            )
        sheet.straits = True
        sheet.block(shapely.get_coordinates(shapely.segmentize(geom, _spacing(sheet))))
        if row.id in crossed or not sheet.focused:
            mid = geom.interpolate(0.5, normalized=True)
            sheet.labels.append(_Label(row.name, [(mid.x, mid.y)], 2, kwargs))


def _draw_routes(sheet: _Sheet) -> None:
    import matplotlib.patheffects as pe

    from patrolmap.join import route_lengths_km

    kinds = {e.id: e.kind for e in sheet.catalog.events}
    routes = sheet.catalog.routes.sort_values("id")
    lengths = route_lengths_km(routes.geometry.values.to_numpy())
    width = 2.1 * sheet.scale
    casing = [pe.Stroke(linewidth=width + 1.5, foreground="white", alpha=0.75), pe.Normal()]
    for row, km in zip(routes.itertuples(), lengths, strict=True):
        colour = style.FORCE_COLOURS[style.force_key(row.forces)]
        line = sheet.frame.project(row.geometry, clip=False, densify=0.1)
        naval = kinds.get(row.event) == "naval-transit"
        sheet.ax.plot(
            *line.xy,
            color=colour,
            linewidth=width,
            linestyle=(0, (6, 3)) if naval else "-",
            solid_capstyle="round",
            solid_joinstyle="round",
            path_effects=casing,
            zorder=_Z["route"],
            gid=row.id,
        )
        _draw_arrows(sheet, line, km, colour)
        sheet.block(shapely.get_coordinates(shapely.segmentize(line, _spacing(sheet))))
    _date_labels(sheet, routes)


def _spacing(sheet: _Sheet) -> float:
    """Vertex spacing (m) at which a line's points are dense enough to block a label."""
    return (sheet.frame.view[2] - sheet.frame.view[0]) / 500


def _draw_arrows(sheet: _Sheet, line, km: float, colour: str) -> None:
    """Direction arrowheads along a projected leg, spaced as on the web map."""
    from patrolmap.render.style import ARROW_SPACING_KM, MAX_ARROWS_PER_LEG

    if line.length == 0:
        return
    count = int(min(MAX_ARROWS_PER_LEG, max(1, km // ARROW_SPACING_KM)))
    for i in range(count):
        frac = (i + 0.5) / count if count > 1 else 0.55
        here = line.interpolate(frac, normalized=True)
        ahead = line.interpolate(min(frac + 0.01, 1.0), normalized=True)
        behind = line.interpolate(max(frac - 0.01, 0.0), normalized=True)
        angle = math.degrees(math.atan2(ahead.y - behind.y, ahead.x - behind.x)) - 90.0
        sheet.ax.plot(
            [here.x],
            [here.y],
            marker=_arrow_marker(angle),
            markersize=11 * sheet.scale,
            color=colour,
            markeredgecolor="white",
            markeredgewidth=0.7,
            linestyle="none",
            zorder=_Z["arrow"],
        )


def _date_labels(sheet: _Sheet, routes) -> None:
    """With several events on one figure, name each route by its date where it starts."""
    events = sorted(
        (e for e in sheet.catalog.events if (routes["event"] == e.id).any()),
        key=lambda e: (e.start, e.id),
    )
    if len(events) < 2:
        return
    for event in events:
        first = routes[routes["event"] == event.id].iloc[0]
        x, y = sheet.frame.xy(*first.geometry.coords[0])
        colour = style.FORCE_COLOURS[style.force_key(first.forces)]
        kwargs = {"fontsize": 6.8 * sheet.scale, "color": colour, "fontweight": "bold"}
        sheet.labels.append(_Label(event.start.isoformat(), [(float(x), float(y))], 1, kwargs))


def _draw_places(sheet: _Sheet) -> None:
    """Places in view: with events selected, only those they name or pass near (join radius)."""
    places = sheet.catalog.places.sort_values("id")
    if places.empty:
        return
    named = {a for e in sheet.catalog.events for a in e.areas if a.startswith("place-")}
    near = {p for facts in sheet.joined.facts.values() for p in facts.closest_km}
    x, y = sheet.frame.xy(places.geometry.x.to_numpy(), places.geometry.y.to_numpy())
    xmin, ymin, xmax, ymax = sheet.frame.view
    show = (x > xmin) & (x < xmax) & (y > ymin) & (y < ymax)
    show &= places["id"].isin(named | near).to_numpy() | (not sheet.focused)
    kwargs = {"fontsize": 7 * sheet.scale, "color": "#263238"}
    for row, px, py in zip(places[show].itertuples(), x[show], y[show], strict=True):
        sheet.ax.plot(
            [px],
            [py],
            marker="o",
            markersize=4.6 * sheet.scale,
            color=style.PLACE_COLOURS.get(row.kind, style.PLACE_COLOURS["reference"]),
            markeredgecolor="white",
            markeredgewidth=0.7,
            linestyle="none",
            zorder=_Z["place"],
            gid=row.id,
        )
        sheet.block(np.array([[px, py]]), DOT_WEIGHT)
        sheet.place_kinds.add(row.kind)
        if _named_by_marker(sheet.catalog, row):
            continue
        text = "\n".join(textwrap.wrap(row.name, 34))
        priority = 2 if row.id in named else 3  # the places an event names come first
        sheet.labels.append(_Label(text, [(px, py)], priority, kwargs))


def _named_by_marker(catalog: Catalog, place) -> bool:
    """True when a marker on this place already gives its name: one label says it, not two."""
    return any(
        place.name in m.label
        and abs(m.lon - place.geometry.x) + abs(m.lat - place.geometry.y) < 0.2
        for e in catalog.events
        for m in e.markers
    )


def _draw_markers(sheet: _Sheet) -> None:
    """Intercept and notable points; named when few events share the figure."""
    kwargs = {"fontsize": 7.2 * sheet.scale, "color": "#111111", "fontweight": "bold"}
    # One event: every marker is named. Two or three: names give way to each other. More: the
    # names would bury the routes, so the dots are explained by the legend alone.
    n_events = len(sheet.catalog.events)
    priority = 0 if n_events == 1 else 1
    for event in sheet.catalog.events:
        for marker in event.markers:
            x, y = (float(v) for v in sheet.frame.xy(marker.lon, marker.lat))
            sheet.ax.plot(
                [x],
                [y],
                marker="o",
                markersize=7.5 * sheet.scale,
                markerfacecolor="white",
                markeredgecolor=style.MARKER_COLOUR,
                markeredgewidth=1.8,
                linestyle="none",
                zorder=_Z["marker"],
            )
            sheet.block(np.array([[x, y]]), DOT_WEIGHT)
            if n_events <= MAX_NAMED_EVENTS:
                text = "\n".join(textwrap.wrap(marker.label, 28))  # two short lines block less
                sheet.labels.append(_Label(text, [(x, y)], priority, kwargs, gap=1.6))


# --- legend, scale bar, titles, labels -----------------------------------------------------------


def _draw_furniture(fig: Figure, sheet: _Sheet, layout: _Layout) -> None:
    scale, ax = layout.scale, sheet.ax
    _draw_titles(fig, layout)
    renderer = _agg(fig).get_renderer()
    points = _obstacle_pixels(sheet)
    legend = ax.legend(
        handles=_legend_handles(sheet),
        fontsize=7 * scale,
        framealpha=0.92,
        edgecolor="#90a4ae",
        fancybox=False,
        borderpad=0.6,
        handlelength=2.4,
    )
    legend.set_zorder(_Z["furniture"])
    corners = ("lower right", "lower left", "upper right", "upper left")
    corner = _quiet_corner(legend, corners, points)
    bar = _scale_bar(sheet)
    _quiet_corner(bar, tuple(c for c in ("lower left", "lower right") if c != corner), points)
    taken = [legend.get_window_extent(renderer), bar.get_window_extent(renderer)]
    _place_labels(sheet, points, taken)


def _draw_titles(fig: Figure, layout: _Layout) -> None:
    scale, left = layout.scale, layout.map_rect[0]
    # parse_math off: a "$" in catalogue text is a dollar sign, not the start of mathtext.
    plain: dict[str, Any] = {"parse_math": False, "va": "top"}
    top = 1 - 0.15 * scale / layout.height
    fig.text(left, top, layout.title, fontsize=TITLE_PT * scale, fontweight="bold", **plain)
    below = top - (_lines_in(layout.title, TITLE_PT * scale) + 0.03 * scale) / layout.height
    fig.text(left, below, layout.subtitle, fontsize=SUBTITLE_PT * scale, color="#455a64", **plain)
    foot: dict[str, Any] = {
        **plain,
        "va": "bottom",
        "fontsize": FOOTER_PT * scale,
        "color": "#546e7a",
    }
    fig.text(left, 0.1 * scale / layout.height, layout.footer, **foot)


def _legend_handles(sheet: _Sheet) -> list:
    """Legend keys for what this figure shows, in the web map's order."""
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    def key(label: str, **kwargs) -> Line2D:
        return Line2D([], [], label=label, **kwargs)

    catalog, scale = sheet.catalog, sheet.scale
    route = {"linewidth": 2.1 * scale}
    dot = {"marker": "o", "linestyle": "none"}
    order = list(style.FORCE_COLOURS)
    forces = sorted({style.force_key(f) for f in catalog.routes["forces"]}, key=order.index)
    handles: list[Any] = [
        key(f"Route: {style.FORCE_LABELS.get(k, 'other')}", color=style.FORCE_COLOURS[k], **route)
        for k in forces
    ]
    routed = set(catalog.routes["event"])
    if any(e.kind == "naval-transit" and e.id in routed for e in catalog.events):
        handles.append(key("Naval track (dashed)", color="#555555", linestyle=(0, (6, 3)), **route))
    if forces:
        arrow = _arrow_marker(-90.0)  # pointing right, the legend's reading direction
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


def _arrow_marker(angle: float):
    """The arrowhead as a marker, turned `angle`° anticlockwise from pointing up."""
    from matplotlib.markers import MarkerStyle
    from matplotlib.path import Path as MplPath
    from matplotlib.transforms import Affine2D

    return MarkerStyle(MplPath(_ARROW, closed=True), transform=Affine2D().rotate_deg(angle))


def _scale_bar(sheet: _Sheet):
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
    bar.set_zorder(_Z["furniture"])
    sheet.ax.add_artist(bar)
    return bar


def _obstacle_pixels(sheet: _Sheet) -> np.ndarray:
    """Obstacles as rows of display x, y and weight."""
    if not sheet.obstacles:
        return np.empty((0, 3))
    rows = np.concatenate(sheet.obstacles)
    return np.column_stack([sheet.ax.transData.transform(rows[:, :2]), rows[:, 2]])


def _quiet_corner(box, corners: tuple[str, ...], points: np.ndarray) -> str:
    """Move a legend or anchored box to the corner covering the fewest route and place points."""
    renderer = _agg(box.figure).get_renderer()
    scores = []
    for corner in corners:
        _set_corner(box, corner)
        scores.append(_hits(box.get_window_extent(renderer), points))
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


def _hits(bbox, points: np.ndarray) -> float:
    """The summed weight of the obstacle points inside `bbox`."""
    if not len(points):
        return 0.0
    x, y, weight = points.T
    # Dots keep a margin: a label ending just beside another place's dot reads as naming it.
    pad = np.where(weight > 1, DOT_MARGIN_PX, 0.0)
    inside = (
        (x >= bbox.x0 - pad) & (x <= bbox.x1 + pad) & (y >= bbox.y0 - pad) & (y <= bbox.y1 + pad)
    )
    return float(weight[inside].sum())


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


def _place_labels(sheet: _Sheet, points: np.ndarray, taken: list) -> None:
    """Greedy placement: by priority, each label takes the best spot clear of those placed before.

    A spot must lie inside the map and overlap no placed label, the legend or the scale bar; among
    those, the one covering the fewest route and place points wins. Labels that find no spot are
    left out rather than printed over each other, except markers' (priority 0), which always show.
    """
    import matplotlib.patheffects as pe

    renderer = _agg(sheet.ax.figure).get_renderer()
    halo = [pe.withStroke(linewidth=2.4 * sheet.scale, foreground="white", alpha=0.85)]
    for label in sorted(sheet.labels, key=lambda lab: (lab.priority, lab.text)):
        text = sheet.ax.annotate(
            label.text,
            label.anchors[0],
            xytext=(0, 0),
            textcoords="offset points",
            zorder=_Z["label"],
            path_effects=halo,
            parse_math=False,
            **label.style,
        )
        spot = _best_spot(text, label, points, taken, renderer, sheet.scale)
        if spot is None:
            text.remove()
        else:
            taken.append(spot)


def _best_spot(text, label: _Label, points, taken, renderer, scale: float):
    """Move `text` to its best spot and return its box, or None when no spot is acceptable."""
    frame = text.axes.get_window_extent(renderer)
    best = None
    for xy in label.anchors:
        others = _without_own_dot(points, text.axes.transData.transform(xy))
        for spot in label.offsets or _OFFSETS:
            box = _try_spot(text, xy, spot, renderer, scale * label.gap)
            clear = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
            if not clear or any(box.overlaps(t) for t in taken):
                continue
            hits = _hits(box, others) + (FAR_PENALTY if spot in _FAR else 0.0)
            if best is None or hits < best[0]:
                best = (hits, xy, spot)
            if hits == 0:
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


def _agg(figure: Any) -> Any:
    """The figure's Agg canvas (draw_figure always attaches one), typed for its renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    return cast(FigureCanvasAgg, figure.canvas)
