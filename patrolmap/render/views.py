"""The views a page offers when the selection spans more than one region: the densest region first.

Fitted to everything, a selection from the East China Sea to the Bering Strait leaves Japan and
Korea, where most events happen, a small tangle of arrows. So the page opens on the region with the
most events and offers one button per region and one for all of them. Buttons rather than a live
inset map: they take no room from the map on a 1024 px screen or a phone, they work from the
keyboard and with a screen reader, and the page keeps one map with one set of controls.
"""

from __future__ import annotations

import numpy as np
import shapely

from patrolmap.catalog.model import Catalog

# Named regions in the Pacific frame (longitudes 0-360; patrolmap.geo): (label, west, south, east,
# north). An event belongs to the region holding the middle of what it draws.
REGIONS = (
    ("Japan & Korea", 110.0, 15.0, 160.0, 60.0),
    ("Alaska", 160.0, 45.0, 235.0, 80.0),
)
ALL = "All"


def event_shapes(catalog: Catalog) -> dict[str, list]:
    """What each selected event draws (route legs, markers), by event id, in sorted id order."""
    shapes: dict[str, list] = {}
    for event_id, geom in zip(catalog.routes["event"], catalog.routes.geometry, strict=True):
        shapes.setdefault(event_id, []).append(geom)
    for event in catalog.events:
        if event.markers:
            points = shapely.MultiPoint([(m.lon, m.lat) for m in event.markers])
            shapes.setdefault(event.id, []).append(points)
    return dict(sorted(shapes.items()))


def region_views(catalog: Catalog) -> list[dict]:
    """The page's views, the one it opens on first: [{label, events, bounds}], bounds as Leaflet's
    [[south, west], [north, east]]. Empty when what is drawn lies in one region (or none)."""
    members: dict[str, list] = {}
    counts: dict[str, int] = {}
    for shapes in event_shapes(catalog).values():
        west, south, east, north = shapely.total_bounds(np.array(shapes, dtype=object))
        label = _region_of((west + east) / 2, (south + north) / 2)
        if label is not None:
            members.setdefault(label, []).extend(shapes)
            counts[label] = counts.get(label, 0) + 1
    if len(members) < 2:
        return []
    order = sorted(members, key=lambda label: (-counts[label], _order(label)))
    everything = [s for shapes in event_shapes(catalog).values() for s in shapes]
    views = [{"label": ALL, "events": sum(counts.values()), "bounds": _leaflet_bounds(everything)}]
    regional = [
        {"label": label, "events": counts[label], "bounds": _leaflet_bounds(members[label])}
        for label in order
    ]
    return regional + views


def _region_of(lon: float, lat: float) -> str | None:
    for label, west, south, east, north in REGIONS:
        if west <= lon <= east and south <= lat <= north:
            return label
    return None


def _order(label: str) -> int:
    return [r[0] for r in REGIONS].index(label)


def _leaflet_bounds(shapes: list) -> list[list[float]]:
    west, south, east, north = shapely.total_bounds(np.array(shapes, dtype=object))
    return [[round(south, 3), round(west, 3)], [round(north, 3), round(east, 3)]]
