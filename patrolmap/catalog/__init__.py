"""The catalogue stage: read, check and filter the curated geography, events and sources."""

from __future__ import annotations

from patrolmap._lazy import lazy_getattr

_API = {
    "Catalog": "patrolmap.catalog.model",
    "Event": "patrolmap.catalog.model",
    "Source": "patrolmap.catalog.model",
    "Problem": "patrolmap.errors",
    "EventFilter": "patrolmap.catalog.filter",
    "filter_catalog": "patrolmap.catalog.filter",
    "load_catalog": "patrolmap.catalog.load",
    "validate_catalog": "patrolmap.catalog.validate",
    "Report": "patrolmap.catalog.validate",
}
__all__ = sorted(_API)


# Lazy, so `patrolmap --help` and EVENT_KINDS never import shapely, geopandas or folium.
__getattr__ = lazy_getattr(__name__, _API)
