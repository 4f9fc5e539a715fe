"""Route legs against national territory: the check run by `validate`, and closest approach for the join.

A state's territory is its land and its territorial sea (12 nm from the 1:10m coastline; 3 nm in the
specified strait areas), built by scripts/build_territory.py into data/geo/territory.geojson. A leg
inside the territory of a state that takes no part in the event is an error, a leg over a partner's
territory a warning, unless the event records that entry in `territory_entries` with its sources.
Passing outside the limit (the contiguous zone, a strait's 3 nm corridor) is no entry.

Distances are geodesic: geometry is measured in an azimuthal equidistant projection centred where
the measurement is taken, and leg lengths on the WGS 84 ellipsoid.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pyproj import Geod

from patrolmap.catalog.model import COUNTRY_NAMES
from patrolmap.errors import Problem
from patrolmap.geo import KM_PER_DEGREE, pacific_lon, to_pacific_frame
from patrolmap.paths import territory_path

if TYPE_CHECKING:
    from patrolmap.catalog.model import Catalog, Event

_GEOD = Geod(ellps="WGS84")
# Closest approach is reported for foreign territory within this distance of a route.
APPROACH_RADIUS_KM = 400.0
# Legs are densified to this spacing (degrees) before measuring how far they run inside.
DENSIFY_DEGREES = 0.02
# Crossings shorter than this are rounding of the 1:10m coast, not a claim (about 100 m).
MIN_INSIDE_KM = 0.1


@dataclass(frozen=True)
class Place:
    state: str
    name: str
    lon: float
    lat: float
    claimed_by: tuple[str, ...] = ()
    # Per-language names where the name is disputed, as a catalogue feature has them (scene/naming.py).
    names: dict | None = field(default=None, compare=False)
    disputed_names: dict | None = field(default=None, compare=False)

    def label(self, name: str | None = None) -> str:
        """`Okinawa Island (JP)`; a disputed place says who administers and who claims it.
        `name`: the place's name as the naming policy shows it (default: the data's)."""
        name = name or self.name
        if self.claimed_by:
            return f"{name} ({self.state}-administered, claimed by {'/'.join(self.claimed_by)})"
        return f"{name} ({self.state})"


@dataclass(frozen=True)
class Territory:
    """Per state: land and territory (land plus territorial sea) in the Pacific frame; named places."""

    territory: dict  # state -> shapely (Multi)Polygon
    land: dict
    places: tuple[Place, ...]
    strait_areas: tuple[tuple[str, str, object], ...]  # (state, name, polygon)

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(sorted(self.territory))

    @cached_property
    def land_parts(self) -> dict[str, tuple[np.ndarray, Any]]:
        """Per state: its land as separate polygons and an STRtree over them, so a measurement
        touches only the few islands and coasts near a route."""
        import shapely

        out = {}
        for state, land in self.land.items():
            parts = shapely.get_parts(land)
            out[state] = (parts, shapely.STRtree(parts))
        return out

    def nearest_place(self, state: str, lon: float, lat: float) -> Place | None:
        """The named island or coast of `state` nearest to (lon, lat)."""
        from pyproj import Geod

        mine = [p for p in self.places if p.state == state]
        if not mine:
            return None
        lons = np.array([p.lon for p in mine])
        lats = np.array([p.lat for p in mine])
        n = len(mine)
        _, _, metres = Geod(ellps="WGS84").inv(np.full(n, lon), np.full(n, lat), lons, lats)
        return mine[int(np.argmin(metres))]


@dataclass(frozen=True)
class Intrusion:
    """A leg inside one state's territory."""

    state: str
    place: Place | None
    inside_km: float  # length of the leg inside the territory
    land_km: float  # ... of which over land
    depth_km: float  # how far inside the territorial limit the leg goes at most

    def describe(self) -> str:
        where = f" near {self.place.label()}" if self.place else ""
        land = f", {self.land_km:.0f} km of it over land" if self.land_km >= 0.5 else ""
        return (
            f"runs {self.inside_km:.1f} km inside the territory of "
            f"{COUNTRY_NAMES.get(self.state, self.state)}{where}{land}, "
            f"up to {self.depth_km:.1f} km inside its limit"
        )


@dataclass(frozen=True)
class Approach:
    """How close a route came to one foreign state's land."""

    state: str
    km: float
    place: Place | None

    def describe(self, place_name: str | None = None) -> str:
        """`came within 27 km of Takeshima (Dokdo) (KR-administered, claimed by JP)`; `place_name`
        as the naming policy shows the place."""
        where = (
            self.place.label(place_name)
            if self.place
            else COUNTRY_NAMES.get(self.state, self.state)
        )
        if self.km < 0.5:
            return f"passed over {where}"
        return f"came within {self.km:.0f} km of {where}"


def load_territory(path: Path | None = None) -> Territory:
    """Read territory.geojson (the bundled one by default) into the Pacific frame."""
    return _load(str(path or territory_path()))


@lru_cache(maxsize=4)
def _load(path: str) -> Territory:
    import shapely

    collection = json.loads(Path(path).read_text(encoding="utf-8"))
    territory, land, places, straits = {}, {}, [], []
    for feature in collection["features"]:
        props = feature["properties"]
        geom = to_pacific_frame(np.array([shapely.geometry.shape(feature["geometry"])]))[0]
        kind, state = props["kind"], props["state"]
        if kind == "territory":
            territory[state] = geom
        elif kind == "land":
            land[state] = geom
        elif kind == "strait-area":
            straits.append((state, props["name"], geom))
        elif kind == "place":
            claims = tuple(props.get("claimed_by", ()))
            names = (props.get("names"), props.get("disputed_names"))
            places.append(Place(state, props["name"], geom.x, geom.y, claims, *names))
    for geom in (*territory.values(), *land.values()):
        shapely.prepare(geom)
    return Territory(territory, land, tuple(places), tuple(straits))


# --- measuring -----------------------------------------------------------------------------------


def _aeqd(lon: float, lat: float):
    """An azimuthal equidistant projection centred on (lon, lat). (A pyproj Proj is built about
    a hundred times faster than a Transformer, which matters at one per measurement.)"""
    from pyproj import Proj

    return Proj(f"+proj=aeqd +lat_0={lat:.4f} +lon_0={lon:.4f} +ellps=WGS84 +units=m")


def _project(geom, proj):
    import shapely

    def forward(xy: np.ndarray) -> np.ndarray:
        x, y = proj(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, forward)


def _margin_degrees(km: float) -> float:
    """How far (degrees of latitude) a window reaches beyond its geometry for `km`: a degree of
    latitude is a little over KM_PER_DEGREE. It also reaches at least this far in longitude."""
    return km / KM_PER_DEGREE * 1.02


def _window(geom, km: float):
    """A lon/lat box around `geom` reaching at least `km` beyond it."""
    import shapely

    minx, miny, maxx, maxy = geom.bounds
    dlat = _margin_degrees(km)
    dlon = dlat / max(np.cos(np.radians(min(max(abs(miny), abs(maxy)) + dlat, 85.0))), 0.05)
    return shapely.box(minx - dlon, miny - dlat, maxx + dlon, maxy + dlat)


def _length_km(geom) -> float:
    import shapely

    from patrolmap.join import route_lengths_km

    parts = shapely.get_parts(geom)
    lines = parts[shapely.get_type_id(parts) == 1]
    return float(route_lengths_km(lines).sum()) if len(lines) else 0.0


def intrusion(territory: Territory, leg, state: str) -> Intrusion | None:
    """How `leg` (a LineString, Pacific frame) enters `state`'s territory, or None if it does not."""
    import shapely

    area = territory.territory.get(state)
    if area is None or not area.intersects(leg):
        return None
    dense = shapely.segmentize(leg, DENSIFY_DEGREES)
    inside = dense.intersection(area)
    inside_km = _length_km(inside)
    if inside_km < MIN_INSIDE_KM:
        return None
    land_km = _length_km(dense.intersection(territory.land[state]))
    # Depth: the farthest point of the inside part from the territory's edge, measured in a
    # projection centred on that part.
    centre = inside.centroid
    transformer = _aeqd(centre.x, centre.y)
    local_area = _project(shapely.clip_by_rect(area, *_window(inside, 100.0).bounds), transformer)
    points = shapely.get_coordinates(shapely.segmentize(inside, 0.005))
    projected = _project(shapely.points(points), transformer)
    depths = shapely.distance(projected, local_area.boundary) / 1000.0
    deepest = int(np.argmax(depths))
    lon, lat = points[deepest]
    return Intrusion(
        state,
        territory.nearest_place(state, float(lon), float(lat)),
        round(inside_km, 1),
        round(land_km, 1),
        round(float(depths[deepest]), 1),
    )


def closest_approach(territory: Territory, legs, state: str, radius_km: float = APPROACH_RADIUS_KM):
    """The closest any of `legs` comes to `state`'s land, within `radius_km`, or None."""
    legs = np.asarray(legs, dtype=object)
    by_leg = closest_by_leg(territory, legs, [(state,)] * len(legs), radius_km).get(state, {})
    return nearest_of(territory, state, [by_leg[i] for i in range(len(legs)) if i in by_leg])


# (km, lon, lat): how close one leg comes to a state's land, and the nearest point of that land.
Closest = tuple[float, float, float]


def nearest_of(territory: Territory, state: str, closest: list[Closest]) -> Approach | None:
    """The Approach of the first nearest of `closest` (the legs of one event, in order), or None."""
    if not closest:
        return None
    km, lon, lat = min(closest, key=lambda c: c[0])
    return Approach(state, round(km, 1), territory.nearest_place(state, lon, lat))


def closest_by_leg(
    territory: Territory, legs: np.ndarray, states_of_leg, radius_km: float = APPROACH_RADIUS_KM
) -> dict[str, dict[int, Closest]]:
    """For each state, the legs that come within `radius_km` of its land: leg index -> Closest.

    Leg i is measured only against the states in `states_of_leg[i]`. One bulk STRtree query per
    state finds the islands and coasts near every leg at once, so the work grows with the legs
    near land, not with events times states. Per leg, the three parts nearest in degrees are
    measured on the ellipsoid (in one vectorised pass) and the nearest within the radius kept."""
    import shapely

    out: dict[str, dict[int, Closest]] = {}
    if len(legs) == 0:
        return out
    windows = [_window(leg, radius_km) for leg in legs]
    window_array = np.array(windows, dtype=object)
    margin = _margin_degrees(radius_km)
    for state in territory.states:
        wanted = np.flatnonzero([state in states for states in states_of_leg])
        if state not in territory.land or len(wanted) == 0:
            continue
        parts, tree = territory.land_parts[state]
        query_index, part_index = tree.query(window_array[wanted])
        leg_index = wanted[query_index]  # ascending: the bulk query answers in input order
        clipped = np.array(
            [
                shapely.clip_by_rect(parts[p], *windows[leg].bounds)
                for leg, p in zip(leg_index.tolist(), part_index.tolist(), strict=True)
            ],
            dtype=object,
        )
        ranking = _degrees_apart(legs[leg_index], parts[part_index], clipped, margin)
        top = _three_nearest(leg_index, ranking)
        km, lon, lat = _measured(legs[leg_index[top]], clipped[top])
        found: dict[int, Closest] = {}
        for leg, d, x, y in zip(leg_index[top].tolist(), km, lon, lat, strict=True):
            if d <= radius_km and (leg not in found or d < found[leg][0]):
                found[leg] = (d, x, y)
        if found:
            out[state] = found
    return out


def _degrees_apart(legs: np.ndarray, parts: np.ndarray, clipped: np.ndarray, margin: float):
    """Planar distance (degrees) from each leg to each whole part, to rank the parts.

    A long coast makes this the costly step, so it is measured on the part clipped to the leg's
    window first: the window reaches `margin` degrees beyond the leg on every side, so a clipped
    distance under `margin` is the whole part's. Only the rest are measured on the whole part.
    (GEOS gives the same distance either way round, about five times faster with the polygon
    first.)"""
    import shapely

    ranking = shapely.distance(clipped, legs)  # NaN where nothing of the part is in the window
    far = ~(ranking < margin)
    ranking[far] = shapely.distance(parts[far], legs[far])
    return ranking


def _three_nearest(leg_index: np.ndarray, ranking: np.ndarray) -> np.ndarray:
    """Positions of each leg's three nearest parts, leg by leg, nearest first."""
    starts = np.flatnonzero(np.r_[True, leg_index[1:] != leg_index[:-1]])
    ends = np.r_[starts[1:], len(leg_index)]
    top = [a + np.argsort(ranking[a:b])[:3] for a, b in zip(starts, ends, strict=True)]
    return np.concatenate(top) if top else np.array([], dtype=np.intp)


def _measured(legs: np.ndarray, lands: np.ndarray) -> tuple[list[float], list[float], list[float]]:
    """Geodesic km from each leg to its land, and the nearest point of that land (inf where the
    land is empty).

    The nearest pair is found with longitudes scaled by the cosine of the latitude there (locally
    true to a fraction of a percent), then measured on the ellipsoid."""
    import shapely

    n = len(legs)
    km, lon, lat = [np.inf] * n, [np.nan] * n, [np.nan] * n
    present = np.flatnonzero(~shapely.is_empty(lands)) if n else np.array([], dtype=np.intp)
    if len(present) == 0:
        return km, lon, lat
    legs, lands = legs[present], lands[present]
    lat0 = shapely.get_coordinates(shapely.shortest_line(legs, lands))[1::2, 1]
    k = np.array([float(np.cos(np.radians(y))) for y in lat0.tolist()])
    line = shapely.shortest_line(_scale_lon(legs, k), _scale_lon(lands, k))
    ends = shapely.get_coordinates(line).reshape(-1, 4)  # x1, y1, x2, y2
    x2 = ends[:, 2] / k
    _, _, metres = _GEOD.inv(ends[:, 0] / k, ends[:, 1], x2, ends[:, 3])
    for i, d, x, y in zip(
        present.tolist(), metres / 1000.0, pacific_lon(x2), ends[:, 3], strict=True
    ):
        km[i], lon[i], lat[i] = float(d), float(x), float(y)
    return km, lon, lat


def _scale_lon(geoms: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Each geometry with its longitudes multiplied by its own factor (shapely.affinity.scale
    about the origin, written out so one call scales them all; same arithmetic, same bits)."""
    import shapely

    per_coordinate = np.repeat(k, shapely.get_num_coordinates(geoms))

    def scale(xy: np.ndarray) -> np.ndarray:
        x, y = xy[:, 0], xy[:, 1]
        return np.stack([per_coordinate * x + 0.0 * y + 0.0, 0.0 * x + 1.0 * y + 0.0]).T

    return shapely.transform(geoms, scale)


# --- the check -----------------------------------------------------------------------------------


def check_routes(catalog: Catalog, territory: Territory | None = None) -> list[Problem]:
    """Every route leg (variants too) against the territory of every state other than those flying it."""
    import shapely

    from patrolmap.catalog.load import GEO_FILES, file_label

    territory = territory or load_territory()
    # A variant drawn across a state's territory claims an entry as much as a leg of the route does.
    routes = catalog.all_legs
    if routes.empty:
        return []
    events = {e.id: e for e in catalog.events}
    states = territory.states
    tree = shapely.STRtree([territory.territory[s] for s in states])
    route_label = file_label(catalog.root, GEO_FILES["routes"])
    lines: dict[str, int] | None = None  # read only when a problem needs a line
    problems: list[Problem] = []
    matched: set[tuple[str, int]] = set()
    geoms = routes.geometry.to_numpy()
    leg_idx, state_idx = tree.query(geoms, predicate="intersects")
    for r, s in zip(leg_idx.tolist(), state_idx.tolist(), strict=True):
        row = routes.iloc[r]
        state = states[s]
        event = events.get(row["event"])
        if event is None or state in row["forces"]:
            continue
        found = intrusion(territory, geoms[r], state)
        if found is None:
            continue
        entry = _recorded(event, found)
        if entry is not None:
            matched.add((event.id, entry))
            continue
        partner = state in event.countries
        what = "a partner's territory" if partner else "foreign territory"
        message = (
            f"event {event.id}: leg {row['id']} {found.describe()} ({what}); no source reports "
            "that entry: redraw the leg, or record the entry in the event's territory_entries"
        )
        severity = "warning" if partner else "error"
        if lines is None:
            lines = _feature_lines(catalog.root / GEO_FILES["routes"])
        line = lines.get(row["id"])
        problems.append(Problem(route_label, line, row["id"], "geometry", message, severity))
    problems += _unused_entries(catalog, matched)
    return problems


def _feature_lines(path: Path) -> dict[str, int]:
    """Line of each feature's `"id": "..."` in a GeoJSON file, for locating a problem."""
    import re

    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    pattern = re.compile(r'"id"\s*:\s*"([^"\\]+)"')
    out: dict[str, int] = {}
    line, counted = 1, 0
    # Newlines are counted from the previous id only: one pass over the file, not one per feature.
    for match in pattern.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        out[match.group(1)] = line  # the last one, as before
    return out


def _recorded(event: Event, found: Intrusion) -> int | None:
    """Index of the event's recorded entry that covers `found`, if any."""
    place = found.place.name if found.place else None
    for i, entry in enumerate(event.territory_entries):
        if entry.state == found.state and entry.place == place:
            return i
    return None


def _unused_entries(catalog: Catalog, matched: set) -> list[Problem]:
    out = []
    for event in catalog.events:
        for i, entry in enumerate(event.territory_entries):
            if (event.id, i) not in matched:
                out.append(
                    Problem(
                        event.file or "",
                        event.line,
                        event.id,
                        f"territory_entries[{i + 1}]",
                        f"records an entry into {entry.place} ({entry.state}), but no route of "
                        "the event enters it",
                        "warning",
                    )
                )
    return out
