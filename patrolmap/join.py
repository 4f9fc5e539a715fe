"""The join stage: what each event's routes entered, crossed and flew, derived from geometry.

Routes are joined to every reference layer at once with shapely's STRtree (one bulk query per layer);
lengths and distances are geodesic on the WGS 84 ellipsoid (pyproj.Geod), computed on whole coordinate
arrays. All geometry is in the Pacific frame (see geo.py), so 180° needs no special case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from patrolmap.catalog.model import Catalog, Event
from patrolmap.geo import KM_PER_DEGREE

if TYPE_CHECKING:
    from patrolmap.territory import Approach

PLACE_RADIUS_KM = 400.0
# Routes are densified to this spacing (degrees) before measuring closest approach, so the nearest
# vertex is never more than a few km further than the true nearest point of the line.
DENSIFY_DEGREES = 0.05


@dataclass(frozen=True)
class EventFacts:
    """What the geometry says about one event."""

    event_id: str
    has_route: bool
    adiz: tuple[str, ...] = ()
    seas: tuple[str, ...] = ()
    straits: tuple[str, ...] = ()
    route_km: float | None = None
    closest_km: dict[str, float] = field(default_factory=dict)  # place id -> km, within the radius
    # Closest approach to the land of each state taking no part in the event, nearest first.
    territory: tuple[Approach, ...] = ()


@dataclass(frozen=True)
class VariantFacts:
    """What the geometry says about one variant leg, beside the legs of the route it is a version
    of. Never added to its event's facts: an event is counted once, from its route."""

    variant_id: str
    event_id: str
    adiz: tuple[str, ...]
    seas: tuple[str, ...]
    straits: tuple[str, ...]
    route_km: float
    # The same facts of the legs it is a version of (its `variant_of`), for the comparison.
    instead_of: tuple[str, ...]
    their_adiz: tuple[str, ...]
    their_seas: tuple[str, ...]
    their_straits: tuple[str, ...]
    their_km: float


@dataclass(frozen=True)
class JoinResult:
    """The joined catalogue: per-event facts derived from the routes' geometry."""

    catalog: Catalog
    facts: dict[str, EventFacts]
    variants: dict[str, VariantFacts] = field(default_factory=dict)  # variant leg id -> facts
    # route leg id -> the geodesic length in metres of each of its segments (for the arrows)
    leg_metres: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    def __getitem__(self, event_id: str) -> EventFacts:
        return self.facts[event_id]

    @cached_property
    def frame(self):
        """One row per event with its derived facts; geometry is the event's routes (or None)."""
        return _event_frame(self)


def join_catalog(catalog: Catalog, *, place_radius_km: float = PLACE_RADIUS_KM) -> JoinResult:
    """Join `catalog`'s routes to its ADIZs, seas, straits and places.

    The checks of the joined catalogue against the curated text are in catalog.validate."""
    routes = catalog.routes.reset_index(drop=True)
    geoms = routes.geometry.values.to_numpy()
    entered = _entered(geoms, catalog)
    segments = _segments(geoms)
    lengths = _sum_by_line(*segments, len(geoms))
    closest = _closest_approach(geoms, catalog.places, place_radius_km)
    legs_of = routes.groupby("event", sort=False).indices  # event id -> positions of its legs
    no_legs = np.array([], dtype=np.intp)
    mine = {event.id: legs_of.get(event.id, no_legs) for event in catalog.events}
    approaches = _foreign_approaches(catalog.events, mine, geoms)
    facts = {
        event.id: _facts_for(event, mine[event.id], entered, lengths, closest, approaches[event.id])
        for event in catalog.events
    }
    variants = _variant_facts(catalog, routes, entered, lengths)
    leg_metres = dict(zip(routes["id"], _split_by_line(*segments, len(geoms)), strict=True))
    return JoinResult(catalog, facts, variants, leg_metres)


def _entered(geoms, catalog: Catalog) -> dict[str, dict[int, set[str]]]:
    """For each area layer, the areas each leg in `geoms` enters, by leg position."""
    return {
        "adiz": _pairs(geoms, catalog.adiz, "intersects"),
        "seas": _pairs(geoms, catalog.seas, "intersects"),
        # A strait is transited only when the route crosses its gate line, not when it comes near.
        "straits": _pairs(geoms, catalog.straits, "crosses"),
    }


def _variant_facts(catalog: Catalog, routes, entered, lengths) -> dict[str, VariantFacts]:
    """Facts of each variant leg and of the route legs it stands in for, joined the same way."""
    variants = catalog.route_variants
    if variants.empty:
        return {}
    geoms = variants.geometry.values.to_numpy()
    own = _entered(geoms, catalog)
    own_km = route_lengths_km(geoms)
    position = {leg: i for i, leg in enumerate(routes["id"])}
    out = {}
    for v, row in enumerate(variants.itertuples()):
        legs = [position[leg] for leg in row.variant_of if leg in position]

        def of(pairs: dict, indices) -> tuple[str, ...]:
            return tuple(sorted({a for i in indices for a in pairs.get(int(i), ())}))

        out[row.id] = VariantFacts(
            row.id,
            row.event,
            adiz=of(own["adiz"], [v]),
            seas=of(own["seas"], [v]),
            straits=of(own["straits"], [v]),
            route_km=round(float(own_km[v]), 1),
            instead_of=tuple(row.variant_of),
            their_adiz=of(entered["adiz"], legs),
            their_seas=of(entered["seas"], legs),
            their_straits=of(entered["straits"], legs),
            their_km=round(float(lengths[legs].sum()), 1),
        )
    return out


def _foreign_approaches(
    events, legs_of: dict[str, np.ndarray], geoms: np.ndarray
) -> dict[str, tuple[Approach, ...]]:
    """Per event: how close its routes came to each state that took no part in it, nearest first.

    Every leg is measured once, against the states its event does not include, in one batched
    pass (territory.closest_by_leg); each event then takes the nearest of its own legs."""
    from patrolmap.territory import closest_by_leg, load_territory, nearest_of

    territory = load_territory()
    foreign = {e.id: [s for s in territory.states if s not in e.countries] for e in events}
    states_of_leg: list[tuple[str, ...]] = [()] * len(geoms)
    for event in events:
        for leg in legs_of[event.id].tolist():
            states_of_leg[leg] = tuple(foreign[event.id])
    by_leg = closest_by_leg(territory, geoms, states_of_leg)
    out = {}
    for event in events:
        legs = legs_of[event.id].tolist()
        found = []
        for state in foreign[event.id]:
            near = by_leg.get(state, {})
            approach = nearest_of(territory, state, [near[leg] for leg in legs if leg in near])
            if approach is not None:
                found.append(approach)
        out[event.id] = tuple(sorted(found, key=lambda a: a.km))
    return out


def _pairs(geoms: np.ndarray, layer, predicate: str) -> dict[int, set[str]]:
    """Map route index -> ids of `layer` features satisfying `predicate` with it."""
    import shapely

    if len(geoms) == 0 or layer.empty:
        return {}
    tree = shapely.STRtree(layer.geometry.values.to_numpy())
    route_idx, feature_idx = tree.query(geoms, predicate=predicate)
    ids = layer["id"].to_numpy()
    out: dict[int, set[str]] = {}
    for r, f in zip(route_idx.tolist(), feature_idx.tolist(), strict=True):
        out.setdefault(r, set()).add(ids[f])
    return out


def route_lengths_km(geoms: np.ndarray) -> np.ndarray:
    """Geodesic length of each line in km (WGS 84), from one vectorised call over all segments."""
    return _sum_by_line(*_segments(geoms), len(geoms))


def _sum_by_line(metres: np.ndarray, owner: np.ndarray, lines: int) -> np.ndarray:
    lengths = np.zeros(lines)
    np.add.at(lengths, owner, metres / 1000.0)  # in order: the same sums as one leg at a time
    return lengths


def _split_by_line(metres: np.ndarray, owner: np.ndarray, lines: int) -> list[np.ndarray]:
    ends = np.searchsorted(owner, np.arange(lines), side="right")
    return np.split(metres, ends[:-1]) if lines else []


def _segments(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every segment's geodesic length in metres and the position of its line, from one
    vectorised call over all segments."""
    import shapely
    from pyproj import Geod

    if len(geoms) == 0:
        return np.zeros(0), np.zeros(0, dtype=np.intp)
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    same = index[1:] == index[:-1]  # a segment joins two vertices of one line
    if not same.any():
        return np.zeros(0), np.zeros(0, dtype=np.intp)
    a, b = coords[:-1][same], coords[1:][same]
    _, _, metres = Geod(ellps="WGS84").inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    return np.asarray(metres), index[1:][same]


def _closest_approach(geoms: np.ndarray, places, radius_km: float) -> dict[int, dict[str, float]]:
    """Map route index -> {place id: closest distance in km} for places within `radius_km`."""
    import shapely
    from pyproj import Geod

    if len(geoms) == 0 or places.empty:
        return {}
    tree = shapely.STRtree(geoms)
    geod = Geod(ellps="WGS84")
    out: dict[int, dict[str, float]] = {}
    for pid, point in zip(places["id"], places.geometry, strict=True):
        # A box in degrees a little larger than the radius picks the few routes near this place;
        # only their vertices are densified and measured. A degree of latitude is up to 1% shorter
        # than KM_PER_DEGREE (at the equator), hence the margin.
        dlat = 1.01 * radius_km / KM_PER_DEGREE
        dlon = dlat / max(np.cos(np.radians(min(abs(point.y) + dlat, 89.0))), 0.01)
        box = shapely.box(point.x - dlon, point.y - dlat, point.x + dlon, point.y + dlat)
        near = tree.query(box, predicate="intersects")
        if len(near) == 0:
            continue
        dense = shapely.segmentize(shapely.clip_by_rect(geoms[near], *box.bounds), DENSIFY_DEGREES)
        coords, part = shapely.get_coordinates(dense, return_index=True)
        if len(coords) == 0:
            continue
        n = len(coords)
        _, _, metres = geod.inv(
            np.full(n, point.x), np.full(n, point.y), coords[:, 0], coords[:, 1]
        )
        best = np.full(len(near), np.inf)
        np.minimum.at(best, part, metres / 1000.0)
        for r, km in zip(near.tolist(), best.tolist(), strict=True):
            if km <= radius_km:
                out.setdefault(r, {})[pid] = km
    return out


def _facts_for(
    event: Event, mine: np.ndarray, entered, lengths, closest, territory: tuple[Approach, ...]
) -> EventFacts:
    if len(mine) == 0:
        return EventFacts(event.id, has_route=False)
    found = {
        layer: sorted({i for r in mine for i in pairs.get(int(r), ())})
        for layer, pairs in entered.items()
    }
    near: dict[str, float] = {}
    for r in mine:
        for pid, km in closest.get(int(r), {}).items():
            near[pid] = min(km, near.get(pid, np.inf))
    return EventFacts(
        event.id,
        has_route=True,
        adiz=tuple(found["adiz"]),
        seas=tuple(found["seas"]),
        straits=tuple(found["straits"]),
        route_km=round(float(lengths[mine].sum()), 1),
        closest_km={pid: round(km, 1) for pid, km in sorted(near.items(), key=lambda kv: kv[1])},
        territory=territory,
    )


def _event_frame(result: JoinResult):
    import geopandas as gpd
    import shapely

    catalog = result.catalog
    routes = catalog.routes
    rows, geoms = [], []
    for event in catalog.events:
        facts = result.facts[event.id]
        legs = routes.geometry[routes["event"] == event.id].to_numpy()
        geoms.append(shapely.multilinestrings(legs) if len(legs) else None)
        rows.append(
            {
                "id": event.id,
                "title": event.title,
                "kind": event.kind,
                "start": event.start,
                "end": event.end,
                "countries": list(event.countries),
                "participants": [f"{p.country} {p.label()}" for p in event.participants],
                "responders": sorted({r.country for r in event.responders}),
                "adiz": list(facts.adiz),
                "seas": list(facts.seas),
                "straits": list(facts.straits),
                "route_km": facts.route_km,
                "closest_km": dict(facts.closest_km),
                "territory": [a.describe() for a in facts.territory],
                "areas": list(event.areas),
                "sources": list(event.sources),
            }
        )
    return gpd.GeoDataFrame(rows, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"))
