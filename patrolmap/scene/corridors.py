"""Drawn uncertainty: a soft band around each leg that is not known precisely.

A leg's `uncertainty_km` says how far the real route may lie from the drawn line; without it the
default for the leg's confidence applies (UNCERTAINTY_KM). The band is buffered in an azimuthal
equidistant projection centred on the leg, so its width is true in km wherever the leg is.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

from patrolmap.geo import near_lon
from patrolmap.scene.model import Corridor

# How far from the drawn line the route may have run, by confidence, when a leg does not say.
# "high" legs follow a published track: no band is drawn.
UNCERTAINTY_KM = {"high": 0.0, "medium": 20.0, "low": 50.0, "approximate": 50.0}


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
    return Corridor(row.id, role, km, row.confidence, _buffer_km(row.geometry, km))


def _buffer_km(line, km: float):
    from pyproj import CRS, Transformer

    centre = line.centroid
    local = CRS.from_proj4(f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84 +units=m")
    there = Transformer.from_crs("EPSG:4326", local, always_xy=True)
    back = Transformer.from_crs(local, "EPSG:4326", always_xy=True)
    projected = shapely.transform(line, lambda c: np.column_stack(there.transform(*c.T)))
    band = projected.buffer(km * 1000.0, quad_segs=6)
    lonlat = shapely.transform(band, lambda c: np.column_stack(back.transform(*c.T)))
    # Back in the Pacific frame: aeqd returns longitudes in −180…180.
    lonlat = shapely.transform(
        lonlat, lambda c: np.column_stack([near_lon(c[:, 0], centre.x), c[:, 1]])
    )
    # Back in lon/lat, a band round a long, folded leg can cross itself, and GEOS cannot snap an
    # invalid polygon; repaired first, with only its polygonal parts kept (a band is an area).
    if not lonlat.is_valid:
        lonlat = _polygonal(shapely.make_valid(lonlat))
    # Rounded to the page's 1e-4° grid; no shapely.simplify (superlinear on self-crossing lines).
    return shapely.set_precision(lonlat, 1e-4)


def _polygonal(geometry):
    """The polygons of `geometry` (make_valid may add stray lines or points) as one shape."""
    parts = shapely.get_parts(shapely.get_parts(geometry))
    polygons = [p for p in parts if p.geom_type == "Polygon"]
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
