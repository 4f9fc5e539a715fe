"""The catalogue stage: read, check and filter the curated geography, events and sources."""

from patrolmap.catalog.filter import EventFilter, filter_catalog
from patrolmap.catalog.load import load_catalog, read_catalog
from patrolmap.catalog.model import Catalog, Event, Source

__all__ = [
    "Catalog",
    "Event",
    "EventFilter",
    "Source",
    "filter_catalog",
    "load_catalog",
    "read_catalog",
]
