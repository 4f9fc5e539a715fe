"""Select events by date range, id and kind: the filters shared by every command."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from patrolmap.catalog.model import Catalog
from patrolmap.errors import PatrolmapError


@dataclass(frozen=True)
class EventFilter:
    """Events overlapping [start, end], restricted to `ids` and `kinds` when given."""

    start: dt.date | None = None
    end: dt.date | None = None
    ids: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


def filter_catalog(
    catalog: Catalog,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    events: Iterable[str] = (),
    kinds: Iterable[str] = (),
) -> Catalog:
    """Return a view of `catalog` with only the matching events and their routes.

    Raises PatrolmapError for an unknown event id or kind, or a range that ends before it starts.
    """
    spec = EventFilter(start, end, tuple(events), tuple(kinds))
    return apply_filter(catalog, spec)


def apply_filter(catalog: Catalog, spec: EventFilter) -> Catalog:
    """Apply an EventFilter (see filter_catalog)."""
    if spec.start and spec.end and spec.end < spec.start:
        raise PatrolmapError(f"--to {spec.end} is before --from {spec.start}")
    known = {e.id for e in catalog.events}
    unknown = [i for i in spec.ids if i not in known]
    if unknown:
        raise PatrolmapError(f"unknown event id: {', '.join(unknown)} (see `patrolmap summary`)")
    kept = tuple(e for e in catalog.events if _matches(e, spec))
    return catalog.with_events(kept)


def _matches(event, spec: EventFilter) -> bool:
    if spec.start and event.end < spec.start:
        return False
    if spec.end and event.start > spec.end:
        return False
    if spec.ids and event.id not in spec.ids:
        return False
    return not (spec.kinds and event.kind not in spec.kinds)
