"""The map's layers, bottom to top: land, graticule, ADIZs, straits, corridors, routes, places,
markers; then the scene's labels, handed to the placement (figure/labels.py). Everything drawn
comes from the scene; this module only projects it and picks matplotlib's keywords from the style
table."""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from patrolmap.figure.projection import CLIP_PAD_DEG, MapFrame
from patrolmap.figure.sheet import DOT_WEIGHT, Label, Sheet, Z
from patrolmap.geo import lat_label, lon_label
from patrolmap.scene import style
from patrolmap.scene.basemap import land_shapes
from patrolmap.scene.corridors import corridor_bands
from patrolmap.scene.model import Scene
from patrolmap.scene.style import PX_TO_PT, STYLES

if TYPE_CHECKING:
    from matplotlib.axes import Axes

MAX_NAMED_EVENTS = 3  # beyond this many events, markers are not labelled
# Arrowheads (points at 10 × 7.5 in): smaller when many events share the map, where full-size
# heads on a dozen overlapping legs hide the lines they point along.
ARROW_PT, ARROW_PT_MANY = 11.0, 7.0
NICE_STEPS = (1, 2, 5, 10, 15, 20, 30)
# Arrowhead like the web map's, pointing up; rotated per arrow.
_ARROW = ((0.0, 1.0), (0.8, -0.8), (0.0, -0.35), (-0.8, -0.8), (0.0, 1.0))
# Label text size (points at 10 × 7.5 in) and wrap width (characters) by kind.
_LABEL_TEXT: dict[str, tuple[dict[str, Any], int]] = {
    "sea": ({"fontsize": 8, "style": "italic"}, 16),
    "strait": ({"fontsize": 6.8, "style": "italic"}, 24),
    "country": ({"fontsize": 7.5, "fontweight": "bold"}, 20),
    "island": ({"fontsize": 6.8}, 20),
    "place": ({"fontsize": 7}, 34),
    "date": ({"fontsize": 6.8, "fontweight": "bold"}, 40),
    "variant": ({"fontsize": 6.5, "style": "italic"}, 28),
}
# Labels of areas sit centred on their point and never over a route; the others sit beside it.
_CENTRED = {"sea", "country", "island"}


def draw_map(
    ax: Axes,
    frame: MapFrame,
    scene: Scene,
    scale: float,
    *,
    side_labels: bool = True,
    right_labels: bool = True,
) -> Sheet:
    """Draw `scene` in `ax` through `frame`; `side_labels` off leaves the graticule unlabelled
    (an inset), `right_labels` off labels latitudes on the left side only (a grid panel)."""
    xmin, ymin, xmax, ymax = frame.view
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal", adjustable="box")
    ax.set_facecolor(style.SEA_BACKGROUND)
    for spine in ax.spines.values():
        spine.set(color="#37474f", linewidth=0.8)
    sheet = Sheet(ax, frame, scene, scale, side_labels=side_labels, right_labels=right_labels)
    # Bottom to top; each layer records what later labels and furniture must keep clear of.
    layers = (_draw_land, _draw_graticule, _draw_adiz, _draw_straits, _draw_corridors)
    on_top = (_draw_variants, _draw_routes, _draw_places, _draw_markers, _propose_labels)
    for draw in (*layers, *on_top):
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


def add_polygons(ax: Axes, geoms, **kwargs) -> None:
    from matplotlib.patches import PathPatch

    path = _polygon_path(geoms)
    if path is not None:
        ax.add_patch(PathPatch(path, **kwargs))


def _draw_land(sheet: Sheet) -> None:
    land = sheet.frame.project(np.array(land_shapes(), dtype=object), densify=0.5)
    add_polygons(
        sheet.ax,
        land,
        facecolor=style.LAND_FILL,
        edgecolor=style.LAND_EDGE,
        linewidth=0.4,
        zorder=Z["land"],
        gid="land",
    )


def _draw_graticule(sheet: Sheet) -> None:
    """Meridians and parallels. On a conic the parallels curve, so each line is labelled where it
    meets the frame: latitudes up the left and right sides, longitudes along the bottom (the sides
    a reader expects them on), each label at the very point its own line crosses that side."""
    frame, ax = sheet.frame, sheet.ax
    west, south, east, north = frame.clip
    inner = 2 * CLIP_PAD_DEG
    lon_step = _nice_step((east - west - inner) * math.cos(math.radians((south + north) / 2)))
    lat_step = _nice_step(north - south - inner)
    xmin, ymin, xmax, ymax = frame.view
    sides = {
        "bottom": shapely.LineString([(xmin, ymin), (xmax, ymin)]),
        "left": shapely.LineString([(xmin, ymin), (xmin, ymax)]),
        "right": shapely.LineString([(xmax, ymin), (xmax, ymax)]),
    }
    grid: dict[str, Any] = {
        "color": "#7f98ab",
        "linewidth": 0.35,
        "alpha": 0.7,
        "zorder": Z["grid"],
    }
    ticks: dict[str, list[tuple[float, str]]] = {side: [] for side in sides}
    for lon in np.arange(math.ceil(west / lon_step) * lon_step, east, lon_step):
        line = frame.project(shapely.LineString([(lon, south), (lon, north)]), clip=False)
        ax.plot(*line.xy, **grid)
        ticks["bottom"] += [(x, lon_label(lon)) for x in _crossings(line, sides["bottom"], 0)]
    for lat in np.arange(math.ceil(south / lat_step) * lat_step, north, lat_step):
        line = frame.project(shapely.LineString([(west, lat), (east, lat)]), clip=False)
        ax.plot(*line.xy, **grid)
        for side in ("left", "right"):
            ticks[side] += [(y, lat_label(lat)) for y in _crossings(line, sides[side], 1)]
    size = 7 * sheet.scale
    look: dict[str, Any] = {"labelsize": size, "length": size / 2, "width": 0.6, "pad": 2}
    ax.set_xticks(*_ticks(ticks["bottom"]) if sheet.side_labels else ([], []))
    ax.set_yticks(*_ticks(ticks["left"]) if sheet.side_labels else ([], []))
    ax.tick_params(**look, colors="#37474f")
    if sheet.side_labels and sheet.right_labels:
        right = ax.secondary_yaxis("right")
        right.set_gid("graticule-right")
        right.set_ticks(*_ticks(ticks["right"]))
        right.tick_params(**look, colors="#37474f")
        right.spines["right"].set_visible(False)  # the map's own frame is already there


def _crossings(line, side, axis: int) -> list[float]:
    """Where `line` crosses one side of the frame (x along the bottom, y up a side), leaving out
    crossings in the last 4% next to a corner, where a label would run into the next side's."""
    hits = shapely.get_coordinates(line.intersection(side))[:, axis]
    lo, hi = (
        shapely.get_coordinates(side)[:, axis].min(),
        shapely.get_coordinates(side)[:, axis].max(),
    )
    margin = 0.04 * (hi - lo)
    return sorted(float(v) for v in hits if lo + margin <= v <= hi - margin)


def _ticks(marks: list[tuple[float, str]]) -> tuple[list[float], list[str]]:
    marks = sorted(marks)
    return [m[0] for m in marks], [m[1] for m in marks]


def _nice_step(span_deg: float) -> float:
    """The smallest round step that draws at most six lines across `span_deg`."""
    return float(next((s for s in NICE_STEPS if span_deg / s <= 6), NICE_STEPS[-1]))


def _in_view(sheet: Sheet, layer_id: str, densify: float):
    """The scene's in-view features of a reference layer, with their projected shapes."""
    features = [f for f in sheet.scene.layer(layer_id).features if f.in_view]
    geoms = sheet.frame.project([f.geometry for f in features], densify=densify)
    return [(f, g) for f, g in zip(features, geoms, strict=True) if not g.is_empty]


def _draw_adiz(sheet: Sheet) -> None:
    for feature, geom in _in_view(sheet, "adiz", 0.5):
        look = STYLES[feature.role].mpl(sheet.scale)
        add_polygons(sheet.ax, [geom], **look, zorder=Z["adiz"], gid=feature.id)


def _draw_straits(sheet: Sheet) -> None:
    for feature, geom in _in_view(sheet, "straits", 0.1):
        look = STYLES[feature.role].mpl_line(sheet.scale)
        for part in shapely.get_parts(geom):
            sheet.ax.plot(
                *part.xy, **look, dash_capstyle="round", zorder=Z["strait"], gid=feature.id
            )
        sheet.block(shapely.get_coordinates(shapely.segmentize(geom, _spacing(sheet))))


def _draw_corridors(sheet: Sheet) -> None:
    """The bands of each colour merged into one shape, so overlapping bands do not darken."""
    corridors = sheet.scene.corridors
    bands, roles = corridor_bands(corridors), np.array([c.role for c in corridors])
    for role in sorted(set(roles.tolist())):
        merged = sheet.frame.project([shapely.union_all(bands[roles == role])], densify=0.25)
        look = STYLES[role].mpl(sheet.scale)
        add_polygons(sheet.ax, merged, **look, zorder=Z["corridor"], gid=f"{role}-band")


def _draw_routes(sheet: Sheet) -> None:
    import matplotlib.patheffects as pe

    routes = sheet.catalog.routes.sort_values("id")
    for row in routes.itertuples():
        role = sheet.scene.leg_roles[row.id]
        look = STYLES[role].mpl_line(sheet.scale)
        # A white casing under the line, dashed with it, so the gaps of a naval track stay gaps.
        casing = [pe.Stroke(linewidth=look["linewidth"] + 1.5, foreground="white", alpha=0.75)]
        line = sheet.frame.project(row.geometry, clip=False, densify=0.1)
        sheet.ax.plot(
            *line.xy,
            **look,
            solid_capstyle="round",
            solid_joinstyle="round",
            path_effects=[*casing, pe.Normal()],
            zorder=Z["route"],
            gid=row.id,
        )
        _draw_arrows(sheet, row.id, look["color"])
        sheet.block(shapely.get_coordinates(shapely.segmentize(line, _spacing(sheet))))


def _draw_variants(sheet: Sheet) -> None:
    """Other sources' versions of route legs: dotted, under the route, without arrows."""
    for variant in sheet.scene.variants:
        look = STYLES[variant.role].mpl_line(sheet.scale)
        line = sheet.frame.project(variant.geometry, clip=False, densify=0.1)
        sheet.ax.plot(*line.xy, **look, dash_capstyle="round", zorder=Z["route"], gid=variant.id)
        sheet.block(shapely.get_coordinates(shapely.segmentize(line, _spacing(sheet))))


def _spacing(sheet: Sheet) -> float:
    """Vertex spacing (m) at which a line's points are dense enough to block a label."""
    return (sheet.frame.view[2] - sheet.frame.view[0]) / 500


def _draw_arrows(sheet: Sheet, route_id: str, colour) -> None:
    """The scene's arrows of a leg, each turned towards its point ahead as projected here."""
    many = len(sheet.catalog.events) > MAX_NAMED_EVENTS
    size = (ARROW_PT_MANY if many else ARROW_PT) * sheet.scale
    for arrow in sheet.scene.arrows[route_id]:
        x, y = sheet.frame.xy([arrow.lon, arrow.ahead_lon], [arrow.lat, arrow.ahead_lat])
        angle = math.degrees(math.atan2(y[1] - y[0], x[1] - x[0])) - 90.0
        sheet.ax.plot(
            [x[0]],
            [y[0]],
            marker=arrow_marker(angle),
            markersize=size,
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


def _draw_places(sheet: Sheet) -> None:
    for feature, _ in _in_view(sheet, "places", 1.0):
        px, py = (float(v[0]) for v in sheet.frame.xy([feature.geometry.x], [feature.geometry.y]))
        look = STYLES[feature.role]
        sheet.ax.plot(
            [px],
            [py],
            marker="o",
            markersize=2 * look.radius * PX_TO_PT * 0.8 * sheet.scale,
            color=look.fill,
            markeredgecolor=look.colour,
            markeredgewidth=0.7,
            linestyle="none",
            zorder=Z["place"],
            gid=feature.id,
        )
        sheet.block(np.array([[px, py]]), DOT_WEIGHT)


def _draw_markers(sheet: Sheet) -> None:
    """Intercept and notable points; named when few events share the figure."""
    kwargs = {"fontsize": 7.2 * sheet.scale, "color": "#111111", "fontweight": "bold"}
    # One event: every marker is named. Two or three: names give way to each other. More: the
    # names would bury the routes, so the dots are explained by the legend alone.
    n_events = len(sheet.catalog.events)
    priority = 0 if n_events == 1 else 1
    look = STYLES["marker"]
    for event in sheet.catalog.events:
        for marker in event.markers:
            x, y = (float(v) for v in sheet.frame.xy(marker.lon, marker.lat))
            sheet.ax.plot(
                [x],
                [y],
                marker="o",
                markersize=look.radius * 1.25 * sheet.scale,
                markerfacecolor=look.fill,
                markeredgecolor=look.colour,
                markeredgewidth=look.width * PX_TO_PT,
                linestyle="none",
                zorder=Z["marker"],
            )
            sheet.block(np.array([[x, y]]), DOT_WEIGHT)
            if n_events <= MAX_NAMED_EVENTS:
                text = "\n".join(textwrap.wrap(marker.label, 28))  # two short lines block less
                sheet.labels.append(Label(text, [(x, y)], priority, kwargs, gap=1.6))


def _propose_labels(sheet: Sheet) -> None:
    """The scene's labels, projected, for the placement; a place a marker names is not named twice."""
    marked = [(m.lon, m.lat, m.label) for e in sheet.catalog.events for m in e.markers]
    for label in sheet.scene.labels:
        if label.kind == "place" and any(
            abs(lon - label.lon) + abs(lat - label.lat) < 0.2 for lon, lat, _ in marked
        ):
            continue
        points = [(label.lon, label.lat), *label.alternatives]
        x, y = sheet.frame.xy([p[0] for p in points], [p[1] for p in points])
        anchors = [(float(a), float(b)) for a, b in zip(x, y, strict=True)]
        text_style, width = _LABEL_TEXT[label.kind]
        kwargs: dict[str, Any] = {**text_style, "color": label.colour}
        kwargs["fontsize"] = text_style["fontsize"] * sheet.scale
        text = "\n".join(textwrap.wrap(label.text, width)) or label.text
        # Placement priority 0 means "always shown"; the scene's priorities start at 1.
        if label.kind in _CENTRED:
            centred = ((0, 0, "center", "center"),)
            sheet.labels.append(
                Label(text, anchors, label.priority + 1, kwargs, centred, may_cross_routes=False)
            )
        else:
            sheet.labels.append(Label(text, anchors, label.priority + 1, kwargs))
