"""The Pacific-centred longitude frame that makes shapes crossing 180° continuous.

Catalogue files hold longitudes as sources give them (−180…180). Every stage works in one frame where
longitude is taken modulo 360 into [0, 360): the Bering Sea, the Alaska ADIZ and the July 2024 route are
then single continuous shapes, so joins, lengths and Leaflet drawing need no special cases. The region
patrolmap covers (about 95°E to 110°W) never touches 0°, where this frame has its seam.
"""

from __future__ import annotations

import numpy as np
import shapely


def to_pacific_frame(geometries: np.ndarray) -> np.ndarray:
    """Return `geometries` (an array of shapely geometries) with every longitude in [0, 360)."""

    def shift(coords: np.ndarray) -> np.ndarray:
        out = coords.copy()
        out[:, 0] = np.mod(out[:, 0], 360.0)
        return out

    return shapely.transform(geometries, shift)


def to_standard_lon(lon: np.ndarray | float) -> np.ndarray | float:
    """Map Pacific-frame longitudes back into (−180, 180] for display as text."""
    return np.where(np.asarray(lon) > 180.0, np.asarray(lon) - 360.0, lon)


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
