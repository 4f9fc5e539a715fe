"""The Pacific-centred longitude frame, its text form, and the one km-per-degree constant.

Catalogue files hold longitudes as sources give them (−180…180). Every stage works in one frame where
longitude is taken modulo 360 into [0, 360): the Bering Sea, the Alaska ADIZ and the July 2024 route are
then single continuous shapes, so joins, lengths and Leaflet drawing need no special cases. The region
patrolmap covers (about 95°E to 110°W) never touches 0°, where this frame has its seam.

Every stage, script and benchmark takes the frame and the constant from here.
"""

from __future__ import annotations

import numpy as np
import shapely

# One degree of arc on the WGS 84 equator (2π × 6378.137 km / 360). Used only where a rough
# degree-to-km scale is enough (search boxes, minimum spans, arrow spacing on screen); lengths and
# distances are geodesic (pyproj.Geod).
KM_PER_DEGREE = 111.32
# The whole region in the Pacific frame (west, south, east, north): the view when nothing is selected.
REGION_BOX = (120.0, 20.0, 200.0, 70.0)


def pacific_lon(lon):
    """Longitudes (a number or an array) in the Pacific frame, [0, 360)."""
    return np.mod(lon, 360.0)


def standard_lon(lon):
    """Pacific-frame longitudes back in (−180, 180], as catalogue files and map text give them."""
    lon = np.asarray(lon, dtype=float)
    return np.where(lon > 180.0, lon - 360.0, lon)


def near_lon(lon, centre: float):
    """Longitudes shifted by whole turns to lie within 180° of `centre` (unwrapped around it)."""
    return centre + (np.mod(np.asarray(lon, dtype=float) - centre + 180.0, 360.0) - 180.0)


def to_pacific_frame(geometries: np.ndarray) -> np.ndarray:
    """Return `geometries` (an array of shapely geometries) with every longitude in [0, 360)."""

    def shift(coords: np.ndarray) -> np.ndarray:
        out = coords.copy()
        out[:, 0] = pacific_lon(out[:, 0])
        return out

    return shapely.transform(geometries, shift)


def seam_jumps(geometries: np.ndarray) -> np.ndarray:
    """Flag geometries with consecutive vertices more than 180° of longitude apart.

    In the Pacific frame no shape in the region has such a jump; one that does crosses 0° (outside
    the frame) and would be drawn the long way round the world.
    """
    parts, part_owner = shapely.get_parts(geometries, return_index=True)
    is_polygon = shapely.get_type_id(parts) == 3
    rings, ring_owner = shapely.get_rings(parts[is_polygon], return_index=True)
    lines = np.concatenate([parts[~is_polygon], rings])
    owners = np.concatenate([part_owner[~is_polygon], part_owner[is_polygon][ring_owner]])
    coords, line_index = shapely.get_coordinates(lines, return_index=True)
    flagged = np.zeros(len(geometries), dtype=bool)
    if len(coords) < 2:
        return flagged
    same_line = line_index[1:] == line_index[:-1]
    jump = same_line & (np.abs(np.diff(coords[:, 0])) > 180.0)
    flagged[np.unique(owners[line_index[1:][jump]])] = True
    return flagged


def lon_label(lon: float) -> str:
    """A Pacific-frame longitude as map text: 135 → 135°E, 190 → 170°W, 180 → 180°."""
    value = float(standard_lon(float(pacific_lon(float(lon)))))
    if value in (0.0, 180.0):
        return f"{abs(value):g}°"
    return f"{abs(value):g}°{'E' if value > 0 else 'W'}"


def lat_label(lat: float) -> str:
    """A latitude as map text: 35 → 35°N."""
    if lat == 0:
        return "0°"
    return f"{abs(lat):g}°{'N' if lat > 0 else 'S'}"
