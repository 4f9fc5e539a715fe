"""The view: what a selection must show, and the box inside which reference features count as in view."""

from __future__ import annotations

import math

import numpy as np
import shapely

from patrolmap.catalog.model import Catalog
from patrolmap.geo import KM_PER_DEGREE, REGION_BOX

PAD = 0.15  # of the data's span, on each side
MIN_SPAN_KM = 780.0  # about 7° of latitude: a short leg is still shown with its surroundings


def focus_shapes(catalog: Catalog) -> np.ndarray:
    """The lon/lat shapes a view frames: the selected routes and markers, else the ADIZs."""
    geoms = list(catalog.routes.geometry)
    points = [(m.lon, m.lat) for e in catalog.events for m in e.markers]
    if points:
        geoms.append(shapely.MultiPoint(points))
    if not geoms:
        geoms = list(catalog.adiz.geometry) or [shapely.box(*REGION_BOX)]
    return np.array(geoms, dtype=object)


def view_box(bounds) -> tuple[float, float, float, float]:
    """`bounds` padded by PAD and grown to MIN_SPAN_KM each way (west, south, east, north)."""
    west, south, east, north = (float(v) for v in bounds)
    dlat = max((north - south) * PAD, (MIN_SPAN_KM / KM_PER_DEGREE - (north - south)) / 2)
    coslat = max(math.cos(math.radians((south + north) / 2)), 0.2)
    min_lon = MIN_SPAN_KM / KM_PER_DEGREE / coslat
    dlon = max((east - west) * PAD, (min_lon - (east - west)) / 2)
    return (west - dlon, max(south - dlat, -85.0), east + dlon, min(north + dlat, 85.0))
