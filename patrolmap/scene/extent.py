"""Extents, in one place: what a selection must show, the box inside which reference features count
as in view, and the named regions a selection spanning East Asia and Alaska is split into (the
page's view buttons, a figure's inset)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import shapely

from patrolmap.catalog.model import Catalog
from patrolmap.geo import KM_PER_DEGREE, REGION_BOX

PAD = 0.15  # of the data's span, on each side
MIN_SPAN_KM = 780.0  # about 7° of latitude: a short leg is still shown with its surroundings


class Region(NamedTuple):
    """A named box in the Pacific frame (longitudes 0-360; patrolmap.geo)."""

    label: str
    west: float
    south: float
    east: float
    north: float


# An event belongs to the region holding the middle of what it draws; earlier regions win ties.
REGIONS = (
    Region("Japan & Korea", 110.0, 15.0, 160.0, 60.0),
    Region("Alaska", 160.0, 45.0, 235.0, 80.0),
)


class RegionGroup(NamedTuple):
    """The selected events in one region and the bounds of what they draw."""

    label: str
    events: tuple[str, ...]  # event ids, sorted
    bounds: tuple[float, float, float, float]  # west, south, east, north (lon/lat)


def focus_shapes(catalog: Catalog) -> np.ndarray:
    """The lon/lat shapes a view frames: the selected routes, their variants and markers, else
    the ADIZs."""
    geoms = [*catalog.routes.geometry, *catalog.route_variants.geometry]
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


def event_shapes(catalog: Catalog) -> dict[str, list]:
    """What each selected event draws (route legs, markers), by event id, in sorted id order."""
    shapes: dict[str, list] = {}
    # Plain arrays: iterating a GeoSeries goes through pandas' indexing for every leg.
    events, geoms = catalog.routes["event"].tolist(), catalog.routes.geometry.to_numpy()
    for event_id, geom in zip(events, geoms, strict=True):
        shapes.setdefault(event_id, []).append(geom)
    for event in catalog.events:
        if event.markers:
            points = shapely.MultiPoint([(m.lon, m.lat) for m in event.markers])
            shapes.setdefault(event.id, []).append(points)
    return dict(sorted(shapes.items()))


def event_regions(catalog: Catalog) -> dict[str, str | None]:
    """The region (REGIONS label) of each selected event that draws something, by the middle of
    what it draws; None for one outside every region."""
    return _regions_of(event_shapes(catalog))


def _regions_of(shapes_of: dict[str, list]) -> dict[str, str | None]:
    regions = (region_of(*middle) for middle in _middles(shapes_of))
    return {
        e: (r.label if r is not None else None) for e, r in zip(shapes_of, regions, strict=True)
    }


def region_groups(catalog: Catalog) -> list[RegionGroup]:
    """The selection split by region, the region with the most events first (then REGIONS order).
    Empty when what is drawn lies in one region (or none): one view frames it all."""
    members: dict[str, dict[str, list]] = {}
    shapes_of = event_shapes(catalog)
    for event_id, label in _regions_of(shapes_of).items():
        if label is not None:
            members.setdefault(label, {})[event_id] = shapes_of[event_id]
    if len(members) < 2:
        return []
    order = [r.label for r in REGIONS]
    labels = sorted(members, key=lambda label: (-len(members[label]), order.index(label)))
    return [
        RegionGroup(
            label,
            tuple(members[label]),
            shapes_bounds([s for shapes in members[label].values() for s in shapes]),
        )
        for label in labels
    ]


def sheet_extents(catalog: Catalog, view) -> list[tuple[str, int, tuple]]:
    """What a printed map of the selection frames, as (label, events, box): the region with the
    most events first (the main map), then every other region (its insets), each box padded as
    `view_box` pads; one region (or none) is the one `view`. Nothing selected is left off."""
    groups = region_groups(catalog)
    if not groups:
        return [("", len(catalog.events), tuple(view))]
    return [(g.label, len(g.events), view_box(g.bounds)) for g in groups]


def region_of(lon: float, lat: float) -> Region | None:
    """The first of REGIONS holding lon/lat (Pacific frame), or None."""
    for region in REGIONS:
        if region.west <= lon <= region.east and region.south <= lat <= region.north:
            return region
    return None


def shapes_bounds(shapes) -> tuple[float, float, float, float]:
    """(west, south, east, north) of lon/lat shapes."""
    west, south, east, north = shapely.total_bounds(np.array(shapes, dtype=object))
    return (float(west), float(south), float(east), float(north))


def _middles(shapes_of: dict[str, list]) -> list[tuple[float, float]]:
    """The middle of each event's shapes' bounds, from one bounds call over every shape (one
    total_bounds per event was 0.7 s at 10,000 events). NaN bounds of empty shapes are skipped,
    as total_bounds skips them."""
    counts = [len(shapes) for shapes in shapes_of.values()]
    if not counts:
        return []
    bounds = shapely.bounds(np.array([s for shapes in shapes_of.values() for s in shapes]))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    west, south = (np.fmin.reduceat(bounds[:, k], starts) for k in (0, 1))
    east, north = (np.fmax.reduceat(bounds[:, k], starts) for k in (2, 3))
    return [
        ((w + e) / 2, (s + n) / 2)
        for w, s, e, n in zip(
            west.tolist(), south.tolist(), east.tolist(), north.tolist(), strict=True
        )
    ]
