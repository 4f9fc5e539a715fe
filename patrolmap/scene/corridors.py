"""Drawn uncertainty: a soft band around each leg that is not known precisely.

A leg's `uncertainty_km` says how far the real route may lie from the drawn line; without it the
default for the leg's confidence applies (UNCERTAINTY_KM). That decision (which legs, how many km,
whose colour) is made here once, in `leg_corridor`. The band's outline is computed only for who
draws polygons, the figure (`corridor_bands`); the page strokes the leg itself at the band's width
(render/js/legcanvas.js), so no outline is shipped to it.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

from patrolmap.scene.model import Corridor

# How far from the drawn line the route may have run, by confidence, when a leg does not say.
# "high" legs follow a published track: no band is drawn.
UNCERTAINTY_KM = {"high": 0.0, "medium": 20.0, "low": 50.0, "approximate": 50.0}

# The bands are buffered on a sphere of the Earth's mean radius (IUGG), not on the WGS 84 ellipsoid:
# distances on the two differ by under 0.5%, about 0.1-0.25 km on a 20-50 km band, far below what
# "within about 50 km" claims or a screen shows.
EARTH_RADIUS_M = 6_371_008.8
QUAD_SEGS = 6  # arc segments per quarter circle at a band's round ends and bends
GRID_DEGREES = 1e-4  # the page's coordinate grid: bands are snapped to it


def leg_uncertainty_km(row) -> float:
    given = getattr(row, "uncertainty_km", None)
    if given is not None and not (isinstance(given, float) and math.isnan(given)):
        return float(given)
    return UNCERTAINTY_KM.get(row.confidence, UNCERTAINTY_KM["approximate"])


def leg_corridor(row, role: str) -> Corridor | None:
    """The band around one route leg (a routes row), or None when the leg is drawn precisely."""
    km = leg_uncertainty_km(row)
    if km <= 0:
        return None
    return Corridor(row.id, role, km, row.confidence, row.geometry)


def corridor_bands(corridors) -> np.ndarray:
    """The outline of each corridor's band, in lon/lat (Pacific frame), in the corridors' order."""
    lines = np.array([c.line for c in corridors], dtype=object)
    return buffer_km(lines, np.array([c.km for c in corridors], dtype=float))


def buffer_km(lines: np.ndarray, km: np.ndarray) -> np.ndarray:
    """Every point within `km` of each line, all lines at once: each is buffered in an azimuthal
    equidistant projection centred on itself, so its band's width is true in km wherever it is."""
    lines = np.asarray(lines, dtype=object)
    if len(lines) == 0:
        return np.empty(0, dtype=object)
    centres = shapely.get_coordinates(shapely.centroid(lines))
    coords, owner = shapely.get_coordinates(lines, return_index=True)
    projected = shapely.set_coordinates(lines.copy(), _aeqd_forward(coords, centres[owner]))
    bands = shapely.buffer(projected, np.asarray(km, dtype=float) * 1000.0, quad_segs=QUAD_SEGS)
    coords, owner = shapely.get_coordinates(bands, return_index=True)
    # Longitudes come back within 180° of each line's centre: in the Pacific frame, like the line.
    bands = shapely.set_coordinates(bands, _aeqd_inverse(coords, centres[owner]))
    # Back in lon/lat, a band round a long, folded leg can cross itself, and GEOS cannot snap an
    # invalid polygon; repaired first, with only its polygonal parts kept (a band is an area).
    invalid = np.flatnonzero(~shapely.is_valid(bands))
    for i in invalid.tolist():
        bands[i] = _polygonal(shapely.make_valid(bands[i]))
    # Rounded to the page's grid; no shapely.simplify (superlinear on self-crossing lines).
    return shapely.set_precision(bands, GRID_DEGREES)


def _aeqd_forward(lonlat: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """Spherical azimuthal equidistant x, y (m) of lon/lat rows, each about its own centre row."""
    lam, phi = np.radians(lonlat).T
    lam0, phi0 = np.radians(centre).T
    d_lam = lam - lam0
    # The unit vector towards the point, in the centre's east / north / up frame.
    east = np.cos(phi) * np.sin(d_lam)
    north = np.cos(phi0) * np.sin(phi) - np.sin(phi0) * np.cos(phi) * np.cos(d_lam)
    up = np.sin(phi0) * np.sin(phi) + np.cos(phi0) * np.cos(phi) * np.cos(d_lam)
    sin_c = np.hypot(east, north)
    c = np.arctan2(sin_c, up)  # the angle from the centre: stable near 0, unlike arccos(up)
    k = EARTH_RADIUS_M * np.divide(c, sin_c, out=np.ones_like(c), where=sin_c > 0)
    return np.column_stack([k * east, k * north])


def _aeqd_inverse(xy: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """Lon/lat (degrees) of spherical azimuthal equidistant x, y rows, each about its own centre."""
    x, y = xy.T
    lam0, phi0 = np.radians(centre).T
    rho = np.hypot(x, y)
    c = rho / EARTH_RADIUS_M
    sin_c, cos_c = np.sin(c), np.cos(c)
    north = np.divide(y * sin_c, rho, out=np.zeros_like(rho), where=rho > 0)
    phi = np.arcsin(np.clip(cos_c * np.sin(phi0) + north * np.cos(phi0), -1.0, 1.0))
    lam = lam0 + np.arctan2(x * sin_c, rho * np.cos(phi0) * cos_c - y * np.sin(phi0) * sin_c)
    return np.degrees(np.column_stack([lam, phi]))


def _polygonal(geometry):
    """The polygons of `geometry` (make_valid may add stray lines or points) as one shape."""
    parts = shapely.get_parts(shapely.get_parts(geometry))
    polygons = [p for p in parts if p.geom_type == "Polygon"]
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
