"""Strict GeoJSON geometry: RFC 7946 shapes built from exactly the nesting each type requires.

shapely's `shape()` is lenient where a catalogue must not be: it takes `[[lon, lat]]` as a Point and
`true` as the number 1. Here every position is a list of two or three numbers (JSON numbers only,
never true/false), every line has two or more positions, every ring four or more.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class GeometryError(ValueError):
    """The geometry object does not have the form its type requires."""


def build_geometry(geometry: dict[str, Any]):
    """Return the shapely geometry for a GeoJSON geometry object of a supported type."""
    import shapely

    gtype, coordinates = geometry.get("type"), geometry.get("coordinates")
    if gtype == "Point":
        return shapely.points(_position(coordinates))
    if gtype == "LineString":
        return shapely.linestrings(_positions(coordinates, "a LineString", minimum=2))
    if gtype == "Polygon":
        return _polygon(coordinates)
    if gtype == "MultiPolygon":
        polygons = _list(coordinates, "a MultiPolygon's coordinates", minimum=1)
        return shapely.multipolygons([_polygon(p) for p in polygons])
    raise GeometryError(f"type {str(gtype)[:40]!r} is not supported")


def _polygon(rings: Any):
    import shapely

    rings = _list(rings, "a Polygon's coordinates", minimum=1)
    shell, *holes = [_positions(ring, "a ring", minimum=4) for ring in rings]
    if any((ring[0] != ring[-1]).any() for ring in (shell, *holes)):
        raise GeometryError("a ring must end at the position where it starts")
    return shapely.polygons(shell, holes=[shapely.linearrings(h) for h in holes] or None)


def _list(value: Any, what: str, *, minimum: int) -> list:
    if type(value) is not list:
        raise GeometryError(f"{what} must be a list")
    if len(value) < minimum:
        raise GeometryError(f"{what} needs at least {minimum} item{'s' * (minimum != 1)}")
    return value


def _position(value: Any) -> np.ndarray:
    if type(value) is not list or not all(type(v) is not list for v in value):
        raise GeometryError("a position must be [lon, lat] (or [lon, lat, height])")
    return _positions([value], "a Point", minimum=1)[0]


def _positions(value: Any, what: str, *, minimum: int) -> np.ndarray:
    """An (n, 2) array of lon, lat from a list of positions. Checked by numpy, not a Python loop
    per coordinate: routes run to a million positions."""
    value = _list(value, f"{what}'s coordinates", minimum=minimum)
    try:
        array = np.array(value)  # no dtype: text, null or a ragged list show in the result
    except ValueError:
        raise GeometryError(
            f"{what}'s positions must each be [lon, lat] or [lon, lat, height]"
        ) from None
    if array.ndim != 2 or array.shape[1] not in (2, 3):
        single = array.ndim == 1 and what != "a Point"
        raise GeometryError(
            f"{what}'s coordinates must be a list of [lon, lat] positions"
            + (" (a single position is a Point)" if single else "")
        )
    if array.dtype.kind not in "if" or _holds_booleans(value, array):
        raise GeometryError("a position holds numbers only, not true/false, text or null")
    return array[:, :2].astype(float)


def _holds_booleans(value: list, array: np.ndarray) -> bool:
    """numpy reads true and false as 1 and 0; only positions holding a 1 or 0 are looked at."""
    rows = np.flatnonzero(((array == 0) | (array == 1)).any(axis=1))
    return any(type(v) is bool for row in rows.tolist() for v in value[row])
