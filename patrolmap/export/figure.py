"""Static map figures for reports: matplotlib on a Lambert conformal conic, written as PNG, SVG or PDF."""

from __future__ import annotations

import io
import math
import os
import textwrap
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely

from patrolmap.catalog.frame import to_standard_lon
from patrolmap.catalog.model import COUNTRY_NAMES, Catalog, Event
from patrolmap.errors import PatrolmapError
from patrolmap.render import style

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
# Fixed metadata, no timestamps: the same catalogue gives the same SVG and PDF bytes.
_METADATA = {
    "png": {"Software": "patrolmap"},
    "svg": {"Date": None, "Creator": "patrolmap"},
    "pdf": {"CreationDate": None, "Creator": "patrolmap"},
}
_RC = {
    "svg.hashsalt": "patrolmap",  # SVG clip-path and marker ids are random per run without it
    "svg.fonttype": "none",  # text stays text, editable and searchable in the report
    "pdf.fonttype": 42,  # TrueType rather than Type 3, for the same reason
    "font.family": "DejaVu Sans",
    "path.simplify": False,  # keep every vertex of the curated geometry
}
DEFAULT_TITLE = "Russian and Chinese military activity around Japan, Korea and Alaska"
DEFAULT_BOX = (120.0, 20.0, 200.0, 70.0)  # the whole region, Pacific frame
PAD = 0.15  # of the data's span, on each side
MIN_SPAN_DEG = 7.0  # of latitude (and the same ground distance of longitude): about 780 km
CLIP_PAD_DEG = 3.0
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
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    layout = _Layout.fit(catalog, width, height, title)
    ax = fig.add_axes(layout.map_rect, gid="map")
    frame = map_frame(catalog, aspect=layout.map_aspect)
    labels = _draw_map(ax, frame, catalog, layout.scale)
    _draw_furniture(fig, ax, frame, catalog, layout, labels)
    return fig


def _format(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        raise PatrolmapError(f"{path}: cannot write a figure as {suffix or 'no suffix'!r}; use {known}")
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

    def project(self, geoms: np.ndarray, *, clip: bool = True, densify: float = 0.25) -> np.ndarray:
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
    """Fit a conformal conic to `catalog`'s extent and widen the view to `aspect` (width/height).

    Standard parallels sit at 1/6 and 5/6 of the latitude span, the central meridian at the
    extent's centre, so a Bering Sea extent (177°E to 168°W) is as undistorted as one off Japan.
    """
    from pyproj import CRS, Transformer

    west, south, east, north = data_extent(catalog)
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
    ring = shapely.segmentize(shapely.box(west, south, east, north).exterior, 0.5)
    x, y = forward.transform(*np.asarray(ring.coords).T)
    view = _fit_aspect((x.min(), y.min(), x.max(), y.max()), aspect)
    return MapFrame(crs, view, _clip_box(crs, view, (west + east) / 2))


def data_extent(catalog: Catalog) -> tuple[float, float, float, float]:
    """(west, south, east, north) in the Pacific frame: the selected routes and markers, padded.

    With neither, the ADIZs (the whole region). Small extents grow to a minimum size so a short
    leg is still shown with its surroundings.
    """
    geoms = list(catalog.routes.geometry)
    points = [(m.lon, m.lat) for e in catalog.events for m in e.markers]
    if points:
        geoms.append(shapely.MultiPoint(points))
    if not geoms:
        geoms = list(catalog.adiz.geometry) or [shapely.box(*DEFAULT_BOX)]
    west, south, east, north = shapely.total_bounds(np.array(geoms, dtype=object))
    dlat, dlon = north - south, east - west
    south, north = south - PAD * dlat, north + PAD * dlat
    west, east = west - PAD * dlon, east + PAD * dlon
    south, north = _grow(south, north, MIN_SPAN_DEG)
    mid = math.radians(min(abs((south + north) / 2), 80.0))
    west, east = _grow(west, east, MIN_SPAN_DEG / math.cos(mid))
    return float(west), float(max(south, -80.0)), float(east), float(min(north, 85.0))


def _grow(lo: float, hi: float, span: float) -> tuple[float, float]:
    extra = max(span - (hi - lo), 0.0) / 2
    return lo - extra, hi + extra


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
    def fit(cls, catalog: Catalog, width: float, height: float, title: str | None) -> _Layout:
        scale = min(max(min(width / 10.0, height / 7.5), 0.5), 2.0)
        head, sub = _titles(catalog, title)
        head = _wrap(head, width, 13 * scale, 0.6)
        sub = _wrap(sub, width, 8.5 * scale, 0.52)
        foot = _wrap(_footer(catalog, width, 6.5 * scale), width, 6.5 * scale, 0.5)
        top = 0.2 * scale + _lines_in(head, 13 * scale) + _lines_in(sub, 8.5 * scale) + 0.1 * scale
        bottom = 0.32 * scale + _lines_in(foot, 6.5 * scale) + 0.1 * scale
        left, right = 0.62 * scale, 0.25 * scale
        rect = (
            left / width,
            bottom / height,
            max(width - left - right, 0.5) / width,
            max(height - top - bottom, 0.5) / height,
        )
        return cls(width, height, scale, head, sub, foot, rect)


def _wrap(text: str, width_in: float, size_pt: float, em: float) -> str:
    chars = max(int(width_in * 72 * 0.94 / (size_pt * em)), 20)
    return "\n".join(textwrap.wrap(text, chars)) if text else ""


def _lines_in(text: str, size_pt: float) -> float:
    return (text.count("\n") + 1) * size_pt * 1.3 / 72 if text else 0.0


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


def _footer(catalog: Catalog, width_in: float, size_pt: float) -> str:
    """Sources (outlets, cut to about a line and a half) and the standing caveats."""
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
    if not outlets:
        return tail
    budget = int(width_in * 72 / (size_pt * 0.5) * 1.5)
    shown: list[str] = []
    for outlet in outlets:
        if shown and len("; ".join([*shown, outlet])) > budget:
            break
        shown.append(outlet)
    more = len(outlets) - len(shown)
    listed = "; ".join(shown) + (f"; and {more} more" if more else "")
    return f"Sources: {listed}. {tail}"


# --- the map -------------------------------------------------------------------------------------


@dataclass
class _Label:
    text: str
    xy: tuple[float, float]
    priority: int
    style: dict
    offsets: tuple = ()
    may_cross_routes: bool = True


@dataclass
class _Drawn:
    """What the map drew that furniture and labels must work around."""

    labels: list[_Label] = field(default_factory=list)
    obstacles: list[np.ndarray] = field(default_factory=list)  # projected points to keep clear
    adiz_operators: set[str] = field(default_factory=set)
    place_kinds: set[str] = field(default_factory=set)
    straits: bool = False


def _draw_map(ax: Axes, frame: MapFrame, catalog: Catalog, scale: float) -> _Drawn:
    xmin, ymin, xmax, ymax = frame.view
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal", adjustable="box")
    ax.set_facecolor(style.SEA_BACKGROUND)
    for spine in ax.spines.values():
        spine.set(color="#37474f", linewidth=0.8)
    drawn = _Drawn()
    _draw_land(ax, frame)
    _draw_graticule(ax, frame, scale)
    _draw_seas(frame, catalog, scale, drawn)
    _draw_adiz(ax, frame, catalog, scale, drawn)
    _draw_straits(ax, frame, catalog, scale, drawn)
    _draw_routes(ax, frame, catalog, scale, drawn)
    _draw_places(ax, frame, catalog, scale, drawn)
    _draw_markers(ax, frame, catalog, scale, drawn)
    return drawn


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


def _add_polygons(ax: Axes, geoms, **kwargs) -> bool:
    from matplotlib.patches import PathPatch

    path = _polygon_path(geoms)
    if path is None:
        return False
    ax.add_patch(PathPatch(path, **kwargs))
    return True


def _draw_land(ax: Axes, frame: MapFrame) -> None:
    from patrolmap.render.layers import land_latlngs

    polygons = []
    for rings in land_latlngs():  # Leaflet [lat, lon] rings, Pacific frame, not closed
        shell, *holes = (np.asarray(r)[:, ::-1] for r in rings)
        polygons.append(shapely.Polygon(shell, holes))
    land = frame.project(np.array(polygons, dtype=object), densify=0.5)
    _add_polygons(
        ax,
        land,
        facecolor=style.LAND_FILL,
        edgecolor=style.LAND_EDGE,
        linewidth=0.4,
        zorder=_Z["land"],
        gid="land",
    )


def _draw_graticule(ax: Axes, frame: MapFrame, scale: float) -> None:
    """Meridians and parallels, labelled where they meet the bottom and left edges."""
    west, south, east, north = frame.clip
    inner = CLIP_PAD_DEG * 2
    lon_step = _nice_step((east - west - inner) * math.cos(math.radians((south + north) / 2)))
    lat_step = _nice_step(north - south - inner)
    xmin, ymin, xmax, ymax = frame.view
    bottom = shapely.LineString([(xmin, ymin), (xmax, ymin)])
    left = shapely.LineString([(xmin, ymin), (xmin, ymax)])
    grid = {"color": "#7f98ab", "linewidth": 0.35, "alpha": 0.7, "zorder": _Z["grid"]}
    xticks, xlabels, yticks, ylabels = [], [], [], []
    for lon in np.arange(math.ceil(west / lon_step) * lon_step, east, lon_step):
        line = _meridian(frame, lon, south, north)
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
    ax.tick_params(labelsize=7 * scale, length=3 * scale, width=0.6, colors="#37474f", pad=2)


def _meridian(frame: MapFrame, lon: float, south: float, north: float):
    return frame.project(shapely.LineString([(lon, south), (lon, north)]), clip=False)


def _nice_step(span_deg: float) -> float:
    for step in NICE_STEPS:
        if span_deg / step <= 6:
            return float(step)
    return float(NICE_STEPS[-1])


def lon_label(lon: float) -> str:
    """A Pacific-frame longitude as map text: 135 → 135°E, 190 → 170°W, 180 → 180°."""
    value = float(to_standard_lon(float(lon) % 360.0))
    if value in (0.0, 180.0):
        return f"{abs(value):g}°"
    return f"{abs(value):g}°{'E' if value > 0 else 'W'}"


def lat_label(lat: float) -> str:
    if lat == 0:
        return "0°"
    return f"{abs(lat):g}°{'N' if lat > 0 else 'S'}"


def _in_view(frame: MapFrame, frame_rows, geoms: np.ndarray):
    """The rows of a layer whose projected shape shows in the view, with those shapes."""
    keep = ~shapely.is_empty(geoms) & shapely.intersects(geoms, frame.view_box)
    return frame_rows[keep], geoms[keep]


def _draw_seas(frame: MapFrame, catalog: Catalog, scale: float, drawn: _Drawn) -> None:
    """Sea names only: filled seas would fight the ADIZs for the same light tints."""
    seas = catalog.seas
    if seas.empty:
        return
    geoms = frame.project(seas.geometry.values.to_numpy(), densify=0.5)
    rows, geoms = _in_view(frame, seas, geoms)
    for row, geom in zip(rows.itertuples(), geoms, strict=True):
        visible = shapely.intersection(geom.buffer(0), frame.view_box)
        anchor = shapely.point_on_surface(visible)
        text = "\n".join(textwrap.wrap(row.name, 16))
        kwargs = {"fontsize": 8 * scale, "style": "italic", "color": "#3d6a8c", "alpha": 0.9}
        drawn.labels.append(
            _Label(text, (anchor.x, anchor.y), 5, kwargs, ((0, 0, "center", "center"),), False)
        )


def _draw_adiz(ax: Axes, frame: MapFrame, catalog: Catalog, scale: float, drawn: _Drawn) -> None:
    from matplotlib.colors import to_rgba

    adiz = catalog.adiz.sort_values("id")
    geoms = frame.project(adiz.geometry.values.to_numpy(), densify=0.5)
    rows, geoms = _in_view(frame, adiz, geoms)
    for row, geom in zip(rows.itertuples(), geoms, strict=True):
        colour = style.adiz_colour(row.operator)
        _add_polygons(
            ax,
            [geom],
            facecolor=to_rgba(colour, 0.06),
            edgecolor=to_rgba(colour, 0.9),
            linewidth=1.1 * scale,
            linestyle=(0, (5, 3)),
            zorder=_Z["adiz"],
            gid=row.id,
        )
        drawn.adiz_operators.add(row.operator)


def _draw_straits(
    ax: Axes, frame: MapFrame, catalog: Catalog, scale: float, drawn: _Drawn
) -> None:
    straits = catalog.straits.sort_values("id")
    geoms = frame.project(straits.geometry.values.to_numpy(), densify=0.1)
    rows, geoms = _in_view(frame, straits, geoms)
    crossed = _crossed_straits(catalog)
    for row, geom in zip(rows.itertuples(), geoms, strict=True):
        for part in shapely.get_parts(geom):
            ax.plot(
                *part.xy,
                color=style.STRAIT_COLOUR,
                linewidth=2.2 * scale,
                linestyle=(0, (0.8, 1.6)),
                dash_capstyle="round",
                zorder=_Z["strait"],
                gid=row.id,
            )
        mid = geom.interpolate(0.5, normalized=True)
        kwargs = {"fontsize": 6.8 * scale, "color": style.STRAIT_COLOUR, "style": "italic"}
        drawn.labels.append(_Label(row.name, (mid.x, mid.y), 2 if row.id in crossed else 4, kwargs))
        drawn.straits = True


def _crossed_straits(catalog: Catalog) -> set[str]:
    if catalog.routes.empty or catalog.straits.empty:
        return set()
    routes = catalog.routes.geometry.values.to_numpy()
    gates = catalog.straits.geometry.values.to_numpy()
    hit = shapely.crosses(gates[:, None], routes[None, :]).any(axis=1)
    return set(catalog.straits["id"][hit])


def _draw_routes(ax: Axes, frame: MapFrame, catalog: Catalog, scale: float, drawn: _Drawn) -> None:
    import matplotlib.patheffects as pe

    from patrolmap.join import route_lengths_km

    kinds = {e.id: e.kind for e in catalog.events}
    routes = catalog.routes.sort_values("id")
    lengths = route_lengths_km(routes.geometry.values.to_numpy())
    casing = [pe.Stroke(linewidth=3.6 * scale, foreground="white", alpha=0.75), pe.Normal()]
    for row, km in zip(routes.itertuples(), lengths, strict=True):
        colour = style.FORCE_COLOURS[style.force_key(row.forces)]
        line = frame.project(row.geometry, clip=False, densify=0.1)
        naval = kinds.get(row.event) == "naval-transit"
        ax.plot(
            *line.xy,
            color=colour,
            linewidth=2.1 * scale,
            linestyle=(0, (6, 3)) if naval else "-",
            solid_capstyle="round",
            solid_joinstyle="round",
            path_effects=casing,
            zorder=_Z["route"],
            gid=row.id,
        )
        _draw_arrows(ax, line, km, colour, scale)
        step = (frame.view[2] - frame.view[0]) / 500
        drawn.obstacles.append(shapely.get_coordinates(shapely.segmentize(line, step)))
    _date_labels(frame, catalog, routes, scale, drawn)


def _draw_arrows(ax: Axes, line, km: float, colour: str, scale: float) -> None:
    """Direction arrowheads along a projected leg, spaced as on the web map."""
    from matplotlib.markers import MarkerStyle
    from matplotlib.path import Path as MplPath
    from matplotlib.transforms import Affine2D

    from patrolmap.render.layers import ARROW_SPACING_KM, MAX_ARROWS_PER_LEG

    if line.length == 0:
        return
    count = int(min(MAX_ARROWS_PER_LEG, max(1, km // ARROW_SPACING_KM)))
    for i in range(count):
        frac = (i + 0.5) / count if count > 1 else 0.55
        here = line.interpolate(frac, normalized=True)
        ahead = line.interpolate(min(frac + 0.01, 1.0), normalized=True)
        behind = line.interpolate(max(frac - 0.01, 0.0), normalized=True)
        angle = math.degrees(math.atan2(ahead.y - behind.y, ahead.x - behind.x)) - 90.0
        marker = MarkerStyle(MplPath(_ARROW, closed=True), transform=Affine2D().rotate_deg(angle))
        ax.plot(
            [here.x],
            [here.y],
            marker=marker,
            markersize=11 * scale,
            color=colour,
            markeredgecolor="white",
            markeredgewidth=0.7,
            linestyle="none",
            zorder=_Z["arrow"],
        )


def _date_labels(frame: MapFrame, catalog: Catalog, routes, scale: float, drawn: _Drawn) -> None:
    """With several events on one figure, name each route by its date where it starts."""
    events = [e for e in catalog.events if (routes["event"] == e.id).any()]
    if len(events) < 2:
        return
    for event in sorted(events, key=lambda e: (e.start, e.id)):
        first = routes[routes["event"] == event.id].iloc[0]
        x, y = frame.xy(*first.geometry.coords[0])
        colour = style.FORCE_COLOURS[style.force_key(first.forces)]
        kwargs = {"fontsize": 6.8 * scale, "color": colour, "fontweight": "bold"}
        drawn.labels.append(_Label(event.start.isoformat(), (float(x), float(y)), 1, kwargs))


def _draw_places(ax: Axes, frame: MapFrame, catalog: Catalog, scale: float, drawn: _Drawn) -> None:
    places = catalog.places.sort_values("id")
    if places.empty:
        return
    x, y = frame.xy(places.geometry.x.to_numpy(), places.geometry.y.to_numpy())
    xmin, ymin, xmax, ymax = frame.view
    inside = (x > xmin) & (x < xmax) & (y > ymin) & (y < ymax)
    near = _places_of_interest(catalog)
    for row, px, py in zip(places[inside].itertuples(), x[inside], y[inside], strict=True):
        colour = style.PLACE_COLOURS.get(row.kind, style.PLACE_COLOURS["reference"])
        ax.plot(
            [px],
            [py],
            marker="o",
            markersize=4.6 * scale,
            color=colour,
            markeredgecolor="white",
            markeredgewidth=0.7,
            linestyle="none",
            zorder=_Z["place"],
            gid=row.id,
        )
        kwargs = {"fontsize": 7 * scale, "color": "#263238"}
        drawn.labels.append(_Label(row.name, (px, py), 2 if row.id in near else 3, kwargs))
        drawn.obstacles.append(np.array([[px, py]]))
        drawn.place_kinds.add(row.kind)


def _places_of_interest(catalog: Catalog) -> set[str]:
    """Places the selected events name in their areas; their labels win over the rest."""
    return {a for e in catalog.events for a in e.areas if a.startswith("place-")}


def _draw_markers(
    ax: Axes, frame: MapFrame, catalog: Catalog, scale: float, drawn: _Drawn
) -> None:
    for event in catalog.events:
        for marker in event.markers:
            x, y = frame.xy(marker.lon, marker.lat)
            ax.plot(
                [x],
                [y],
                marker="o",
                markersize=7.5 * scale,
                markerfacecolor="white",
                markeredgecolor=style.MARKER_COLOUR,
                markeredgewidth=1.8,
                linestyle="none",
                zorder=_Z["marker"],
            )
            kwargs = {"fontsize": 7.2 * scale, "color": "#111111", "fontweight": "bold"}
            drawn.labels.append(_Label(marker.label, (float(x), float(y)), 0, kwargs))
            drawn.obstacles.append(np.array([[float(x), float(y)]]))


# --- legend, scale bar, titles, labels -----------------------------------------------------------


def _draw_furniture(
    fig: Figure, ax: Axes, frame: MapFrame, catalog: Catalog, layout: _Layout, drawn: _Drawn
) -> None:
    scale = layout.scale
    left = layout.map_rect[0]
    top = 1 - 0.2 * scale / layout.height
    fig.text(left, top, layout.title, fontsize=13 * scale, fontweight="bold", va="top")
    below = top - _lines_in(layout.title, 13 * scale) / layout.height
    fig.text(left, below, layout.subtitle, fontsize=8.5 * scale, color="#455a64", va="top")
    fig.text(left, 0.1 * scale / layout.height, layout.footer, fontsize=6.5 * scale, color="#546e7a")
    renderer = fig.canvas.get_renderer()
    points = _obstacle_pixels(ax, drawn)
    legend = ax.legend(
        handles=_legend_handles(catalog, drawn, scale),
        fontsize=7 * scale,
        framealpha=0.92,
        edgecolor="#90a4ae",
        fancybox=False,
        borderpad=0.6,
        handlelength=2.4,
    )
    legend.set_zorder(_Z["furniture"])
    corner = _quiet_corner(legend, ("lower right", "lower left", "upper right", "upper left"), points)
    taken = [legend.get_window_extent(renderer)]
    bar = _scale_bar(ax, frame, scale)
    bottoms = tuple(c for c in ("lower left", "lower right") if c != corner) or ("lower left",)
    _quiet_corner(bar, bottoms, points)
    taken.append(bar.get_window_extent(renderer))
    _place_labels(ax, drawn.labels, points, taken, scale)


def _legend_handles(catalog: Catalog, drawn: _Drawn, scale: float) -> list:
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.markers import MarkerStyle
    from matplotlib.patches import Patch
    from matplotlib.path import Path as MplPath
    from matplotlib.transforms import Affine2D

    order = list(style.FORCE_COLOURS)
    keys = sorted({style.force_key(f) for f in catalog.routes["forces"]}, key=order.index)
    handles = [
        Line2D([], [], color=style.FORCE_COLOURS[k], linewidth=2.1 * scale,
               label=f"Route: {style.FORCE_LABELS.get(k, 'other forces')}")  # fmt: skip
        for k in keys
    ]
    routed = set(catalog.routes["event"])
    if any(e.kind == "naval-transit" and e.id in routed for e in catalog.events):
        handles.append(
            Line2D([], [], color="#555555", linewidth=2.1 * scale, linestyle=(0, (6, 3)),
                   label="Naval track (dashed)")  # fmt: skip
        )
    if keys:
        arrow = MarkerStyle(MplPath(_ARROW, closed=True), transform=Affine2D().rotate_deg(-90))
        handles.append(
            Line2D([], [], color="#555555", marker=arrow, markersize=10 * scale,
                   linestyle="none", label="Direction of travel")  # fmt: skip
        )
    if any(e.markers for e in catalog.events):
        handles.append(
            Line2D([], [], marker="o", markersize=7 * scale, markerfacecolor="white",
                   markeredgecolor=style.MARKER_COLOUR, markeredgewidth=1.8, linestyle="none",
                   label="Intercept or notable point")  # fmt: skip
        )
    for operator in sorted(drawn.adiz_operators):
        colour = style.adiz_colour(operator)
        name = COUNTRY_NAMES.get(operator, operator)
        handles.append(
            Patch(facecolor=to_rgba(colour, 0.1), edgecolor=colour, linestyle=(0, (4, 2)),
                  linewidth=1.1 * scale, label=f"{name} ADIZ")  # fmt: skip
        )
    if drawn.straits:
        handles.append(
            Line2D([], [], color=style.STRAIT_COLOUR, linewidth=2.2 * scale,
                   linestyle=(0, (0.8, 1.6)), dash_capstyle="round", label="Strait gate line")  # fmt: skip
        )
    for kind in sorted(drawn.place_kinds):
        handles.append(
            Line2D([], [], marker="o", markersize=4.6 * scale, linestyle="none",
                   color=style.PLACE_COLOURS.get(kind, style.PLACE_COLOURS["reference"]),
                   label=PLACE_NAMES.get(kind, kind.title()))  # fmt: skip
        )
    return handles


def _scale_bar(ax: Axes, frame: MapFrame, scale: float):
    from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

    k = frame.scale_factor()
    width_km = (frame.view[2] - frame.view[0]) / 1000 / k
    km = max([n for n in NICE_KM if n <= 0.22 * width_km] or [NICE_KM[0]])
    bar = AnchoredSizeBar(
        ax.transData,
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
        fontproperties={"size": 7 * scale},
    )
    bar.patch.set(alpha=0.85, edgecolor="#90a4ae", linewidth=0.6)
    bar.set_zorder(_Z["furniture"])
    ax.add_artist(bar)
    return bar


def _obstacle_pixels(ax: Axes, drawn: _Drawn) -> np.ndarray:
    if not drawn.obstacles:
        return np.empty((0, 2))
    return ax.transData.transform(np.concatenate(drawn.obstacles))


def _quiet_corner(box, corners: tuple[str, ...], points: np.ndarray) -> str:
    """Move a legend or anchored box to the corner covering the fewest route and place points."""
    renderer = box.figure.canvas.get_renderer()
    best = None
    for corner in corners:
        box.set_loc(corner) if hasattr(box, "set_loc") and box.__class__.__name__ == "Legend" else setattr(box, "loc", _LOC[corner])
        hits = _hits(box.get_window_extent(renderer), points)
        if best is None or hits < best[0]:
            best = (hits, corner)
    corner = best[1]
    if box.__class__.__name__ == "Legend":
        box.set_loc(corner)
    else:
        box.loc = _LOC[corner]
    return corner


_LOC = {"upper right": 1, "upper left": 2, "lower left": 3, "lower right": 4}


def _hits(bbox, points: np.ndarray) -> int:
    if not len(points):
        return 0
    x, y = points[:, 0], points[:, 1]
    return int(((x >= bbox.x0) & (x <= bbox.x1) & (y >= bbox.y0) & (y <= bbox.y1)).sum())


# Where a label may sit relative to its point: right, left, above, below, then the diagonals.
_OFFSETS = (
    (5, 0, "left", "center"),
    (-5, 0, "right", "center"),
    (0, 5, "center", "bottom"),
    (0, -5, "center", "top"),
    (4, 4, "left", "bottom"),
    (-4, 4, "right", "bottom"),
    (4, -4, "left", "top"),
    (-4, -4, "right", "top"),
)


def _place_labels(ax: Axes, labels: list[_Label], points: np.ndarray, taken: list, scale: float) -> None:
    """Greedy placement: by priority, each label takes its first spot clear of earlier labels.

    A spot must lie inside the map and overlap no placed label, legend or scale bar; among those,
    the one crossing the fewest route and place points wins. Markers (priority 0) always get a
    spot; other labels that find none are left out rather than printed on top of each other.
    """
    import matplotlib.patheffects as pe

    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    halo = [pe.withStroke(linewidth=2.4 * scale, foreground="white", alpha=0.85)]
    for label in sorted(labels, key=lambda lab: (lab.priority, lab.text)):
        text = ax.annotate(
            label.text,
            label.xy,
            xytext=(0, 0),
            textcoords="offset points",
            zorder=_Z["label"],
            path_effects=halo,
            annotation_clip=True,
            **label.style,
        )
        spot = _best_spot(text, label, frame, points, taken, renderer, scale)
        if spot is None:
            text.remove()
            continue
        taken.append(spot)


def _best_spot(text, label: _Label, frame, points, taken, renderer, scale: float):
    best = None
    for dx, dy, ha, va in label.offsets or _OFFSETS:
        text.xyann = (dx * scale, dy * scale)
        text.set_horizontalalignment(ha)
        text.set_verticalalignment(va)
        box = text.get_window_extent(renderer).padded(1.5 * scale)
        inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        if not inside or any(box.overlaps(t) for t in taken):
            continue
        hits = _hits(box, points)
        if best is None or hits < best[0]:
            best = (hits, (dx, dy, ha, va), box)
        if hits == 0:
            break
    if best is None or (best[0] and not label.may_cross_routes):
        if label.priority == 0 and best is None:
            return text.get_window_extent(renderer)
        return None
    dx, dy, ha, va = best[1]
    text.xyann = (dx * scale, dy * scale)
    text.set_horizontalalignment(ha)
    text.set_verticalalignment(va)
    return best[2]
