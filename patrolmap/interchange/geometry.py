"""Geometry for other tools: from the Pacific frame to RFC 7946 longitudes, and back on import.

Inside patrolmap a shape crossing 180° is one continuous piece with longitudes in [0, 360) (see
patrolmap.geo). Other tools expect −180…180, where such a piece drawn naively spans the whole world, so
exported shapes are cut at 180°: lines into a MultiLineString, polygons into a MultiPolygon whose rings
follow the right-hand rule (exterior counter-clockwise), as RFC 7946 §3.1.9 and §3.1.6 ask. Cut points
are interpolated linearly in longitude and latitude, as the map draws its lines.

The `antimeridian` package is not used: it joins the first and last pieces of a closed line, which
reverses part of a route (a route's vertex order is its direction of travel), and it mishandles
polygons with holes that cross 180° (the Bering Sea with its islands gained 0.7% of area). Cutting in
the Pacific frame needs neither: a line is split where a segment passes 180°, a polygon is intersected
with the half-planes either side of 180° by shapely.
"""

from __future__ import annotations

import itertools

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point
from shapely.geometry.base import BaseGeometry

ANTIMERIDIAN = 180.0


def to_rfc7946(geometry: BaseGeometry | None) -> BaseGeometry | None:
    """Return `geometry` (Pacific frame) with longitudes in −180…180, cut at 180° where it crosses."""
    if geometry is None or geometry.is_empty:
        return geometry
    kind = geometry.geom_type
    if kind == "Point":
        return Point(_wrap(geometry.x), geometry.y)
    if kind in ("LineString", "MultiLineString"):
        pieces = [p for line in _lines(geometry) for p in split_line(np.asarray(line.coords))]
        return LineString(pieces[0]) if len(pieces) == 1 else MultiLineString(pieces)
    if kind in ("Polygon", "MultiPolygon"):
        return _cut_polygons(geometry)
    raise ValueError(f"cannot export a {kind}")


def split_line(coords: np.ndarray) -> list[np.ndarray]:
    """Cut a Pacific-frame line where it crosses 180°; each piece in −180…180, order kept."""
    pieces: list[list[tuple[float, float]]] = [[]]
    for (x0, y0), (x1, y1) in itertools.pairwise(coords):
        if not pieces[-1]:
            pieces[-1].append((x0, y0))
        if (x0 - ANTIMERIDIAN) * (x1 - ANTIMERIDIAN) < 0:  # strictly on either side of 180°
            y = y0 + (y1 - y0) * (ANTIMERIDIAN - x0) / (x1 - x0)
            pieces[-1].append((ANTIMERIDIAN, y))
            pieces.append([(ANTIMERIDIAN, y)])
        pieces[-1].append((x1, y1))
    if len(coords) == 1:
        pieces = [[tuple(coords[0])]]
    return [_wrap_piece(np.array(p)) for p in pieces]


def _wrap_piece(piece: np.ndarray) -> np.ndarray:
    """Longitudes into −180…180; a piece lying east of 180° (all ≥ 180) keeps −180 at its cut."""
    out = piece.copy()
    east = bool((piece[:, 0] >= ANTIMERIDIAN).all() and (piece[:, 0] > ANTIMERIDIAN).any())
    out[:, 0] = np.where(piece[:, 0] > ANTIMERIDIAN, piece[:, 0] - 360.0, piece[:, 0])
    if east:
        out[:, 0] = np.where(piece[:, 0] == ANTIMERIDIAN, -ANTIMERIDIAN, out[:, 0])
    return out


def _wrap(lon: float) -> float:
    return lon - 360.0 if lon > ANTIMERIDIAN else lon


def _lines(geometry: BaseGeometry) -> list[LineString]:
    return list(geometry.geoms) if geometry.geom_type == "MultiLineString" else [geometry]


def _cut_polygons(geometry: BaseGeometry) -> BaseGeometry:
    """Cut Pacific-frame polygons at 180°: the part east of it moves to −180…−0, holes and all."""
    west_edge, east_edge = geometry.bounds[0], geometry.bounds[2]
    if east_edge <= ANTIMERIDIAN:
        parts = [geometry]
    elif west_edge >= ANTIMERIDIAN:
        parts = [_shift(geometry)]
    else:
        west = shapely.intersection(geometry, shapely.box(0.0, -90.0, ANTIMERIDIAN, 90.0))
        east = shapely.intersection(geometry, shapely.box(ANTIMERIDIAN, -90.0, 360.0, 90.0))
        parts = [west, _shift(east)]
    polygons = [p for part in parts for p in shapely.get_parts(part) if p.geom_type == "Polygon"]
    result = polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
    return shapely.orient_polygons(result, exterior_cw=False)


def _shift(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geometry, lambda c: c - np.array([360.0, 0.0]))


# --- import --------------------------------------------------------------------------------------


def join_at_antimeridian(pieces: list[np.ndarray]) -> list[np.ndarray]:
    """Undo `split_line`: join consecutive pieces that meet at ±180° at the same latitude.

    The two cut vertices are dropped, since the cut made them; the joined line is left with the
    jump across 180° that the catalogue format writes (see docs/catalog-format.md).
    """
    out: list[np.ndarray] = []
    for piece in pieces:
        if out and _meets_at_antimeridian(out[-1][-1], piece[0]):
            out[-1] = np.concatenate([out[-1][:-1], piece[1:]])
        else:
            out.append(piece)
    return out


def _meets_at_antimeridian(end: np.ndarray, start: np.ndarray) -> bool:
    return (
        abs(end[0]) == ANTIMERIDIAN
        and abs(start[0]) == ANTIMERIDIAN
        and end[0] == -start[0]
        and abs(end[1] - start[1]) < 1e-9
    )
