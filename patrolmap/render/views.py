"""The views a page offers when the selection spans more than one region: the densest region first.

Fitted to everything, a selection from the East China Sea to the Bering Strait leaves Japan and
Korea, where most events happen, a small tangle of arrows. So the page opens on the region with the
most events and offers one button per region and one for all of them. Buttons rather than a live
inset map: they take no room from the map on a 1024 px screen or a phone, they work from the
keyboard and with a screen reader, and the page keeps one map with one set of controls. The regions
themselves are scene.extent's.
"""

from __future__ import annotations

from patrolmap.catalog.model import Catalog
from patrolmap.scene.extent import event_shapes, region_groups, shapes_bounds

ALL = "All"


def region_views(catalog: Catalog) -> list[dict]:
    """The page's views, the one it opens on first: [{label, events, bounds}], bounds as Leaflet's
    [[south, west], [north, east]]. Empty when what is drawn lies in one region (or none)."""
    groups = region_groups(catalog)
    if not groups:
        return []
    everything = [s for shapes in event_shapes(catalog).values() for s in shapes]
    views = [
        {"label": g.label, "events": len(g.events), "bounds": _leaflet_bounds(g.bounds)}
        for g in groups
    ]
    total = sum(len(g.events) for g in groups)
    return [
        *views,
        {"label": ALL, "events": total, "bounds": _leaflet_bounds(shapes_bounds(everything))},
    ]


def _leaflet_bounds(bounds: tuple[float, float, float, float]) -> list[list[float]]:
    west, south, east, north = bounds
    return [[round(south, 3), round(west, 3)], [round(north, 3), round(east, 3)]]
