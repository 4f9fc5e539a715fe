"""The land under every map: the bundled Natural Earth layer as shapely polygons, read once."""

from __future__ import annotations

import json
from functools import cache

import numpy as np

from patrolmap.geo import pacific_lon
from patrolmap.paths import land_path


@cache
def land_shapes() -> tuple:
    """The land polygons in the Pacific frame. The build script already unioned them across 180°,
    so only the frame shift remains (scripts/build_basemap.py)."""
    import shapely

    polygons = []
    for feature in json.loads(land_path().read_text(encoding="utf-8"))["features"]:
        geometry = feature["geometry"]
        parts = geometry["coordinates"]
        for polygon in [parts] if geometry["type"] == "Polygon" else parts:
            shell, *holes = (np.asarray(r, dtype=float) for r in polygon)
            for ring in (shell, *holes):
                ring[:, 0] = pacific_lon(ring[:, 0])
            polygons.append(shapely.Polygon(shell, holes))
    return tuple(polygons)
