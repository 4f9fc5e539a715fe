"""Select events by date range, id and kind: the filters shared by every command."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from patrolmap.catalog.model import EVENT_KINDS, Catalog
from patrolmap.catalog.suggest import Suggester
from patrolmap.errors import SelectionError


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
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    events: str | Iterable[str] = (),
    kinds: str | Iterable[str] = (),
) -> Catalog:
    """Return a view of `catalog` with only the matching events and their routes.

    `start` and `end` are dates or YYYY-MM-DD text; `events` and `kinds` are one name or several.
    Raises SelectionError (a ValueError) for an unknown event id or kind, a value that is not a
    date, or a range that ends before it starts.
    """
    spec = EventFilter(
        _as_date(start, "start"),
        _as_date(end, "end"),
        _as_names(events, "events"),
        _as_names(kinds, "kinds"),
    )
    return apply_filter(catalog, spec)


def apply_filter(catalog: Catalog, spec: EventFilter) -> Catalog:
    """Apply an EventFilter (see filter_catalog)."""
    if spec.start and spec.end and spec.end < spec.start:
        raise SelectionError(f"the date range ends on {spec.end}, before it starts on {spec.start}")
    unknown_kinds = [k for k in spec.kinds if k not in EVENT_KINDS]
    if unknown_kinds:
        raise SelectionError(
            f"unknown event kind: {', '.join(map(repr, unknown_kinds))}; "
            f"the kinds are {', '.join(EVENT_KINDS)}"
        )
    known = Suggester(e.id for e in catalog.events)
    unknown = [i for i in spec.ids if i not in known]
    if unknown:
        hint = known.hint(unknown[0]) if len(unknown) == 1 else ""
        raise SelectionError(f"unknown event id: {', '.join(unknown)}{hint}")
    kept = tuple(e for e in catalog.events if _matches(e, spec))
    return catalog.with_events(kept)


def _as_date(value: object, name: str) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise SelectionError(f"{name} {value!r} is not a date in YYYY-MM-DD form") from None
    raise SelectionError(f"{name} must be a date or YYYY-MM-DD text, not {type(value).__name__}")


def _as_names(value: str | Iterable[str], name: str) -> tuple[str, ...]:
    """One name given as text is one name, not a sequence of letters."""
    if isinstance(value, str):
        return (value,)
    try:
        names = tuple(value)
    except TypeError:
        kind = type(value).__name__
        raise SelectionError(f"{name} must be text or a list of text, not {kind}") from None
    if not all(isinstance(n, str) for n in names):
        raise SelectionError(f"{name} must be text or a list of text")
    return names


def _matches(event, spec: EventFilter) -> bool:
    if spec.start and event.end < spec.start:
        return False
    if spec.end and event.start > spec.end:
        return False
    if spec.ids and event.id not in spec.ids:
        return False
    return not (spec.kinds and event.kind not in spec.kinds)
