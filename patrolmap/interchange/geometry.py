"""Geometry for other tools: from the Pacific frame to RFC 7946 longitudes, and back on import.

Inside patrolmap a shape crossing 180° is one continuous piece with longitudes in [0, 360) (see
catalog.frame). Other tools expect −180…180, where such a piece drawn naively spans the whole world, so
exported shapes are cut at 180°: lines into a MultiLineString, polygons into a MultiPolygon whose rings
follow the right-hand rule (exterior counter-clockwise), as RFC 7946 §3.1.9 and §3.1.6 ask.

Lines are cut here rather than by `antimeridian.fix_line_string`, which joins the first and last pieces
of a closed loop and so reverses part of a route; a route's vertex order is its direction of travel.
Cut points are interpolated linearly in longitude and latitude, as the map draws its lines.
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point
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
        return _fix_polygons(geometry)
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


def _fix_polygons(geometry: BaseGeometry) -> BaseGeometry:
    import antimeridian

    standard = shapely.transform(geometry, lambda c: np.column_stack([_wrap_all(c[:, 0]), c[:, 1]]))
    with warnings.catch_warnings():
        # It reports each ring it rewinds; rewinding to the right-hand rule is what we want.
        warnings.simplefilter("ignore", antimeridian.FixWindingWarning)
        fixed = antimeridian.fix_shape(standard, great_circle=False, fix_winding=True)
    result = shapely.geometry.shape(fixed)
    return shapely.orient_polygons(result, exterior_cw=False)


def _wrap_all(lons: np.ndarray) -> np.ndarray:
    return np.where(lons > ANTIMERIDIAN, lons - 360.0, lons)


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
