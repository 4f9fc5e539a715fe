"""Typed records of a loaded catalogue: events, sources, and the geometry layers as GeoDataFrames."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import geopandas as gpd

EVENT_KINDS = ("joint-air-patrol", "air-activity", "naval-transit")
CONFIDENCE_LEVELS = ("high", "medium", "low", "approximate")
SOURCE_KINDS = ("news", "official", "reference", "blog", "dataset")
LAYERS = ("adiz", "seas", "straits", "places", "routes")
# The id prefix each layer's features must carry, so an id alone says what it names.
LAYER_PREFIX = {
    "adiz": "adiz-",
    "seas": "sea-",
    "straits": "strait-",
    "places": "place-",
    "routes": "route-",
}
# Languages a feature may carry `names` in (scene/naming.py applies them).
NAME_LANGUAGES = ("en", "ja", "ko", "zh", "ru")
COUNTRY_NAMES = {
    "RU": "Russia",
    "CN": "China",
    "JP": "Japan",
    "KR": "South Korea",
    "US": "United States",
    "CA": "Canada",
    "KP": "North Korea",
    "TW": "Taiwan",
}


@dataclass(frozen=True)
class Participant:
    country: str
    type: str
    count: int | None = None
    role: str | None = None
    count_note: str | None = None

    def label(self) -> str:
        count = f" ×{self.count}" if self.count is not None else ""
        return f"{self.type}{count}"


@dataclass(frozen=True)
class Responder:
    country: str
    force: str
    action: str


@dataclass(frozen=True)
class Dispute:
    field: str
    note: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class TerritoryEntry:
    """An entry into a state's territory (airspace or territorial sea) that the sources report.

    The territory check accepts a route leg inside `state`'s territory near the named `place`
    only when the event records it here; `disputed` says who contests the account.
    """

    state: str
    place: str
    note: str
    sources: tuple[str, ...]
    disputed: str | None = None


@dataclass(frozen=True)
class Marker:
    label: str
    lon: float
    lat: float
    note: str | None = None
    confidence: str = "approximate"


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    kind: str
    start: dt.date
    end: dt.date
    summary: str
    confidence: str
    sources: tuple[str, ...]
    participants: tuple[Participant, ...] = ()
    responders: tuple[Responder, ...] = ()
    areas: tuple[str, ...] = ()
    disputed: tuple[Dispute, ...] = ()
    markers: tuple[Marker, ...] = ()
    patrol_number: int | None = None
    line: int | None = None
    file: str | None = None  # where the record was read, so later stages can point at it
    confidence_note: str | None = None
    territory_entries: tuple[TerritoryEntry, ...] = ()

    @cached_property  # asked for 10 times per event by the later stages
    def countries(self) -> tuple[str, ...]:
        """Participating countries, in first-mentioned order."""
        return tuple(dict.fromkeys(p.country for p in self.participants))

    def date_label(self) -> str:
        """`2023-06-06` or `2023-06-06 – 06-07` for a multi-day event."""
        if self.end == self.start:
            return self.start.isoformat()
        if self.end.year == self.start.year:
            return f"{self.start.isoformat()} – {self.end.strftime('%m-%d')}"
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


@dataclass(frozen=True)
class Source:
    id: str
    outlet: str
    headline: str
    kind: str
    facts: tuple[str, ...]
    date: dt.date | None = None
    url: str | None = None
    language: str | None = None
    seed_file: str | None = None
    line: int | None = None
    file: str | None = None
    # Why a date, address or real headline is missing, or which copy was read: for readers of the
    # register, never shown on the map.
    note: str | None = None


@dataclass(frozen=True)
class Catalog:
    """A loaded catalogue. Geometry layers are GeoDataFrames in EPSG:4326, Pacific frame."""

    root: Path
    layers: dict[str, gpd.GeoDataFrame]
    events: tuple[Event, ...]
    sources: dict[str, Source]
    # Route legs that are another source's version of legs of `routes` (their `variant_of`):
    # drawn as alternatives, never counted in an event's facts. None when the catalogue has none.
    variants: gpd.GeoDataFrame | None = None

    @property
    def adiz(self) -> gpd.GeoDataFrame:
        return self.layers["adiz"]

    @property
    def seas(self) -> gpd.GeoDataFrame:
        return self.layers["seas"]

    @property
    def straits(self) -> gpd.GeoDataFrame:
        return self.layers["straits"]

    @property
    def places(self) -> gpd.GeoDataFrame:
        return self.layers["places"]

    @property
    def routes(self) -> gpd.GeoDataFrame:
        return self.layers["routes"]

    @property
    def route_variants(self) -> gpd.GeoDataFrame:
        """The variant legs (an empty routes frame when there are none)."""
        if self.variants is None:
            return self.routes.iloc[0:0].assign(variant_of=None)
        return self.variants

    @property
    def all_legs(self) -> gpd.GeoDataFrame:
        """Every drawn leg, the event routes' and their variants': for checks that a variant's
        line must pass as much as any leg (ids, sources, the territory check)."""
        if self.variants is None or self.variants.empty:
            return self.routes
        import pandas as pd

        return pd.concat([self.routes, self.variants], ignore_index=True)

    def event(self, event_id: str) -> Event:
        for event in self.events:
            if event.id == event_id:
                return event
        raise KeyError(event_id)

    def with_events(self, events: tuple[Event, ...]) -> Catalog:
        """Return a view holding only `events` and their routes; reference layers are kept."""
        keep = {e.id for e in events}
        routes = self.routes[self.routes["event"].isin(keep)]
        variants = (
            None if self.variants is None else self.variants[self.variants["event"].isin(keep)]
        )
        layers = {**self.layers, "routes": routes}
        return replace(self, layers=layers, events=events, variants=variants)
