"""The map's layers, bottom to top: land, graticule, seas, ADIZs, straits, routes, places, markers."""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from patrolmap.catalog.model import Catalog
from patrolmap.figure.projection import CLIP_PAD_DEG, MapFrame
from patrolmap.figure.sheet import DOT_WEIGHT, Label, Sheet, Z
from patrolmap.geo import lat_label, lon_label
from patrolmap.render import style

if TYPE_CHECKING:
    from matplotlib.axes import Axes


MAX_NAMED_EVENTS = 3  # beyond this many events, markers are not labelled


NICE_STEPS = (1, 2, 5, 10, 15, 20, 30)


# Arrowhead like the web map's, pointing up; rotated per leg.
_ARROW = ((0.0, 1.0), (0.8, -0.8), (0.0, -0.35), (-0.8, -0.8), (0.0, 1.0))


def draw_map(ax: Axes, frame: MapFrame, catalog: Catalog, scale: float) -> Sheet:
    from patrolmap.join import join_catalog

    xmin, ymin, xmax, ymax = frame.view
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal", adjustable="box")
    ax.set_facecolor(style.SEA_BACKGROUND)
    for spine in ax.spines.values():
        spine.set(color="#37474f", linewidth=0.8)
    sheet = Sheet(ax, frame, catalog, join_catalog(catalog), scale)
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


def _draw_land(sheet: Sheet) -> None:
    from patrolmap.render.layers import land_shapes

    land = sheet.frame.project(np.array(land_shapes(), dtype=object), densify=0.5)
    _add_polygons(
        sheet.ax,
        land,
        facecolor=style.LAND_FILL,
        edgecolor=style.LAND_EDGE,
        linewidth=0.4,
        zorder=Z["land"],
        gid="land",
    )


def _draw_graticule(sheet: Sheet) -> None:
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
        "zorder": Z["grid"],
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


def _visible(sheet: Sheet, layer, densify: float):
    """The rows of a layer that show in the view, sorted by id, with their projected shapes."""
    layer = layer.sort_values("id")
    geoms = sheet.frame.project(layer.geometry.values.to_numpy(), densify=densify)
    keep = ~shapely.is_empty(geoms) & shapely.intersects(geoms, sheet.frame.view_box)
    return list(zip(layer[keep].itertuples(), geoms[keep], strict=True))


def _draw_seas(sheet: Sheet) -> None:
    """Sea names only: filled seas would fight the ADIZs for the same light tints."""
    kwargs = {"fontsize": 8 * sheet.scale, "style": "italic", "color": "#3d6a8c"}
    for row, geom in _visible(sheet, sheet.catalog.seas, 0.5):
        anchors = _deep_points(shapely.intersection(geom.buffer(0), sheet.frame.view_box))
        if anchors:
            text = "\n".join(textwrap.wrap(row.name, 16))
            centred = ((0, 0, "center", "center"),)
            sheet.labels.append(Label(text, anchors, 5, kwargs, centred, may_cross_routes=False))


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


def _draw_adiz(sheet: Sheet) -> None:
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
            zorder=Z["adiz"],
            gid=row.id,
        )
        sheet.adiz_operators.add(row.operator)


def _draw_straits(sheet: Sheet) -> None:
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
                zorder=Z["strait"],
                gid=row.id,
            )
        sheet.straits = True
        sheet.block(shapely.get_coordinates(shapely.segmentize(geom, _spacing(sheet))))
        if row.id in crossed or not sheet.focused:
            mid = geom.interpolate(0.5, normalized=True)
            sheet.labels.append(Label(row.name, [(mid.x, mid.y)], 2, kwargs))


def _draw_routes(sheet: Sheet) -> None:
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
            zorder=Z["route"],
            gid=row.id,
        )
        _draw_arrows(sheet, line, km, colour)
        sheet.block(shapely.get_coordinates(shapely.segmentize(line, _spacing(sheet))))
    _date_labels(sheet, routes)


def _spacing(sheet: Sheet) -> float:
    """Vertex spacing (m) at which a line's points are dense enough to block a label."""
    return (sheet.frame.view[2] - sheet.frame.view[0]) / 500


def _draw_arrows(sheet: Sheet, line, km: float, colour: str) -> None:
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
            marker=arrow_marker(angle),
            markersize=11 * sheet.scale,
            color=colour,
            markeredgecolor="white",
            markeredgewidth=0.7,
            linestyle="none",
            zorder=Z["arrow"],
        )


def arrow_marker(angle: float):
    """The arrowhead as a marker, turned `angle`° anticlockwise from pointing up."""
    from matplotlib.markers import MarkerStyle
    from matplotlib.path import Path as MplPath
    from matplotlib.transforms import Affine2D

    return MarkerStyle(MplPath(_ARROW, closed=True), transform=Affine2D().rotate_deg(angle))


def _date_labels(sheet: Sheet, routes) -> None:
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
        sheet.labels.append(Label(event.start.isoformat(), [(float(x), float(y))], 1, kwargs))


def _draw_places(sheet: Sheet) -> None:
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
            zorder=Z["place"],
            gid=row.id,
        )
        sheet.block(np.array([[px, py]]), DOT_WEIGHT)
        sheet.place_kinds.add(row.kind)
        if _named_by_marker(sheet.catalog, row):
            continue
        text = "\n".join(textwrap.wrap(row.name, 34))
        priority = 2 if row.id in named else 3  # the places an event names come first
        sheet.labels.append(Label(text, [(px, py)], priority, kwargs))


def _named_by_marker(catalog: Catalog, place) -> bool:
    """True when a marker on this place already gives its name: one label says it, not two."""
    return any(
        place.name in m.label
        and abs(m.lon - place.geometry.x) + abs(m.lat - place.geometry.y) < 0.2
        for e in catalog.events
        for m in e.markers
    )


def _draw_markers(sheet: Sheet) -> None:
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
                zorder=Z["marker"],
            )
            sheet.block(np.array([[x, y]]), DOT_WEIGHT)
            if n_events <= MAX_NAMED_EVENTS:
                text = "\n".join(textwrap.wrap(marker.label, 28))  # two short lines block less
                sheet.labels.append(Label(text, [(x, y)], priority, kwargs, gap=1.6))
