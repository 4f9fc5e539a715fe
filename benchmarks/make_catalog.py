"""Write a synthetic catalogue in the real format (docs/catalog-format.md) for benchmarks.

    python benchmarks/make_catalog.py OUT_DIR --events 1000 --vertices 100000 [--seed 0]

The reference layers (ADIZs, seas, straits, places) are copied from the bundled catalogue when it is
present (data/geo/*.geojson next to this directory), with the records of the sources they cite;
otherwise a few boxes and gate lines stand in for them. Events and their route legs are generated:
random walks over longitude 155°–195° and latitude 30°–47° in the Pacific frame, so some legs
cross 180°; those longitudes are written back in −180…180 as the format asks, unsplit. That box is
open North Pacific, clear of every state's territorial sea, so no leg claims an airspace violation
(validate's territory check would rightly refuse one). Each event's `areas` are what its routes
really enter and cross, so the catalogue validates without warnings.
The output is the same for the same arguments and seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import shapely
import yaml

from patrolmap.geo import standard_lon, to_pacific_frame

REPO = Path(__file__).resolve().parent.parent
REFERENCE_LAYERS = ("adiz", "seas", "straits", "places")
# Open sea: east of the Kurils and Japan's outlying islands, south of the Aleutians, north of the
# north-western Hawaiian Islands.
LON_RANGE = (155.0, 195.0)  # Pacific frame
LAT_RANGE = (30.0, 47.0)
FIRST_DAY, LAST_DAY = dt.date(2019, 1, 1), dt.date(2026, 12, 31)
KINDS = ("joint-air-patrol", "air-activity", "naval-transit")
KIND_WEIGHTS = (0.3, 0.45, 0.25)
AIRCRAFT = {
    "RU": ["Tu-95MS", "Tu-142", "A-50", "Su-35S", "Il-20"],
    "CN": ["H-6K", "H-6N", "Y-9", "KJ-500", "J-16"],
}
SHIPS = {
    "RU": ["Udaloy-class destroyer", "Steregushchiy-class corvette", "Slava-class cruiser"],
    "CN": ["Type 055 destroyer", "Type 052D destroyer", "Type 054A frigate"],
}
RESPONDERS = [
    ("JP", "Japan Air Self-Defense Force", "scrambled fighters"),
    ("KR", "Republic of Korea Air Force", "scrambled F-15K fighters"),
    ("US", "North American Aerospace Defense Command", "intercepted with F-22 and F-16"),
    ("CA", "Royal Canadian Air Force", "scrambled CF-18 fighters"),
]


class _NoAliasDumper(yaml.SafeDumper):
    """Write shared objects out in full: patrolmap refuses YAML anchors and aliases."""

    def ignore_aliases(self, data):
        return True


def make_catalog(
    directory: str | Path,
    n_events: int,
    n_vertices: int,
    seed: int = 0,
    *,
    reference: str | Path | None = REPO,
) -> Path:
    """Write a catalogue of `n_events` events whose routes hold `n_vertices` vertices in total.

    `reference` is a catalogue whose adiz/seas/straits/places layers are copied (None: generate
    stand-ins). Returns the catalogue directory.
    """
    if n_events < 1 or n_vertices < 2 * n_events:
        raise ValueError("need at least one event and two vertices per event")
    root = Path(directory)
    geo = root / "data" / "geo"
    geo.mkdir(parents=True, exist_ok=True)
    (root / "seeds").mkdir(exist_ok=True)
    rng = np.random.default_rng(seed)

    layers, reference_sources = _reference_layers(reference, geo)
    sources = reference_sources + _bench_sources(max(3, n_events // 4))
    events, routes = _events_and_routes(rng, n_events, n_vertices, layers, sources)

    _write_geojson(geo / "routes.geojson", routes)
    _write_yaml(root / "data" / "events.yaml", {"version": 1, "events": events})
    _write_yaml(root / "seeds" / "sources.yaml", {"version": 1, "sources": sources})
    return root


# --- reference layers ----------------------------------------------------------------------------


def _reference_layers(reference, geo: Path) -> tuple[dict[str, list[dict]], list[dict]]:
    """Copy (or generate) the four reference layers; return their features and cited sources."""
    ref_geo = Path(reference) / "data" / "geo" if reference is not None else None
    if ref_geo is not None and all((ref_geo / f"{n}.geojson").is_file() for n in REFERENCE_LAYERS):
        layers = {}
        for name in REFERENCE_LAYERS:
            shutil.copyfile(ref_geo / f"{name}.geojson", geo / f"{name}.geojson")
            layers[name] = json.loads((geo / f"{name}.geojson").read_text("utf-8"))["features"]
        cited = sorted(
            {s for fs in layers.values() for f in fs for s in f["properties"]["sources"]}
        )
        return layers, _copied_sources(Path(reference) / "seeds" / "sources.yaml", cited)
    layers = _stand_in_layers()
    for name, features in layers.items():
        _write_geojson(geo / f"{name}.geojson", features)
    return layers, [_source("src-standin-reference", "Benchmark reference geometry", 0)]


def _copied_sources(path: Path, cited: list[str]) -> list[dict]:
    """The records of `cited` from the reference source register; stubs for any it lacks."""
    known = {}
    if path.is_file():
        for record in yaml.safe_load(path.read_text("utf-8")).get("sources", []):
            known[record["id"]] = record
    return [known.get(sid) or _source(sid, f"Stand-in for {sid}", i) for i, sid in enumerate(cited)]


def _feature(fid: str, geometry: dict, **props) -> dict:
    base = {
        "id": fid,
        "name": fid.split("-", 1)[1].replace("-", " ").title(),
        "confidence": "approximate",
        "sources": ["src-standin-reference"],
    }
    return {"type": "Feature", "properties": {**base, **props}, "geometry": geometry}


def _box(w: float, s: float, e: float, n: float) -> dict:
    """A box written with −180…180 longitudes (a box past 180° is written across the line)."""
    ring = [[w, s], [e, s], [e, n], [w, n], [w, s]]
    return {"type": "Polygon", "coordinates": [[[_standard(x), y] for x, y in ring]]}


def _gate(*points) -> dict:
    return {"type": "LineString", "coordinates": [[_standard(x), y] for x, y in points]}


def _stand_in_layers() -> dict[str, list[dict]]:
    """A few boxes and lines roughly where the real ADIZs, seas and straits are."""
    return {
        "adiz": [
            _feature("adiz-japan", _box(123, 24, 146, 45), operator="JP"),
            _feature("adiz-korea", _box(124, 32, 132, 39), operator="KR"),
            _feature("adiz-china", _box(121, 24, 127, 33), operator="CN"),
            _feature("adiz-alaska", _box(169, 50, 220, 66), operator="US"),
        ],
        "seas": [
            _feature("sea-japan", _box(128, 35, 141, 48)),
            _feature("sea-east-china", _box(120, 24, 130, 33)),
            _feature("sea-okhotsk", _box(140, 44, 160, 60)),
            _feature("sea-bering", _box(162, 52, 200, 66)),
            _feature("sea-philippine", _box(124, 20, 145, 33)),
        ],
        "straits": [
            _feature("strait-tsushima", _gate((129.3, 33.6), (130.3, 34.6))),
            _feature("strait-tsugaru", _gate((140.5, 40.9), (140.5, 41.9))),
            _feature("strait-soya", _gate((141.9, 45.3), (142.1, 46.1))),
            _feature("strait-miyako", _gate((125.5, 24.8), (127.5, 26.4))),
            _feature("strait-bering", _gate((191.0, 65.0), (192.5, 66.0))),
        ],
        "places": [
            _feature("place-takeshima", _point(131.87, 37.24), kind="island", country="KR"),
            _feature("place-okinawa", _point(127.8, 26.3), kind="airbase", country="JP"),
            _feature("place-misawa", _point(141.37, 40.7), kind="airbase", country="JP"),
            _feature("place-attu", _point(173.2, 52.9), kind="island", country="US"),
            _feature("place-shemya", _point(174.1, 52.7), kind="airbase", country="US"),
        ],
    }


def _point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [_standard(lon), lat]}


def _standard(lon: float) -> float:
    """A Pacific-frame longitude written back in −180…180, as catalogue files hold it."""
    return round(float(standard_lon(lon)), 4)


# --- events and routes ---------------------------------------------------------------------------


def _bench_sources(n: int) -> list[dict]:
    return [_source(f"src-bench-{i:05d}", f"Synthetic report {i}", i) for i in range(n)]


def _source(sid: str, headline: str, i: int) -> dict:
    day = FIRST_DAY + dt.timedelta(days=i % 2900)
    return {
        "id": sid,
        "outlet": "Benchmark Wire",
        "headline": headline,
        "date": day.isoformat(),
        "url": f"https://example.org/bench/{sid}",
        "kind": "news",
        "language": "en",
        "facts": ["A synthetic record for benchmarks; it reports nothing real."],
    }


def _events_and_routes(rng, n_events: int, n_vertices: int, layers, sources):
    bench_ids = [s["id"] for s in sources if s["id"].startswith("src-bench-")]
    kinds = rng.choice(len(KINDS), size=n_events, p=KIND_WEIGHTS)
    days = rng.integers(0, (LAST_DAY - FIRST_DAY).days + 1, size=n_events)
    legs_per_event = rng.integers(1, 4, size=n_events)
    legs_per_event = np.minimum(legs_per_event, n_vertices // (2 * n_events))
    counts = _split(rng, n_vertices, int(legs_per_event.sum()))
    events, routes, route_event = [], [], []
    leg = 0
    for i in range(n_events):
        kind = KINDS[kinds[i]]
        start = FIRST_DAY + dt.timedelta(days=int(days[i]))
        end = start + dt.timedelta(days=int(rng.integers(0, 3)))
        eid = f"{_slug(kind)}-{start.isoformat()}-{i:05d}"
        cited = [bench_ids[i % len(bench_ids)]]
        if rng.random() < 0.4:
            cited.append(bench_ids[int(rng.integers(len(bench_ids)))])
        cited = list(dict.fromkeys(cited))
        countries = _countries(rng, kind)
        position = _start_point(rng)
        for j in range(int(legs_per_event[i])):
            coords = _walk(rng, position, int(counts[leg]), naval=kind == "naval-transit")
            position = coords[-1]
            forces = countries if len(countries) == 1 or rng.random() < 0.5 else [countries[j % 2]]
            routes.append(_route(f"route-{eid}-{j + 1}", eid, coords, forces, start, cited, kind))
            route_event.append(i)
            leg += 1
        events.append(_event(rng, eid, kind, start, end, countries, cited, routes[-1], i))
    areas = _derived_areas(routes, route_event, n_events, layers)
    for event, found in zip(events, areas, strict=True):
        event["areas"] = found
    return events, routes


def _split(rng, total: int, parts: int) -> np.ndarray:
    """`parts` counts of at least 2 that add up to `total`, of uneven size."""
    weights = rng.gamma(2.0, size=parts)
    spare = total - 2 * parts
    counts = np.floor(weights / weights.sum() * spare).astype(int) + 2
    counts[: total - counts.sum()] += 1
    return counts


def _slug(kind: str) -> str:
    return {"joint-air-patrol": "patrol", "air-activity": "air", "naval-transit": "naval"}[kind]


def _countries(rng, kind: str) -> list[str]:
    if kind == "air-activity":
        return [str(rng.choice(["RU", "CN"]))]
    return ["RU", "CN"] if rng.random() < 0.8 else [str(rng.choice(["RU", "CN"]))]


def _start_point(rng) -> np.ndarray:
    return np.array([rng.uniform(*LON_RANGE), rng.uniform(*LAT_RANGE)])


def _walk(rng, start: np.ndarray, n: int, *, naval: bool) -> np.ndarray:
    """A correlated random walk of `n` vertices from `start`, folded back into the region."""
    length = rng.uniform(6.0, 16.0) if naval else rng.uniform(10.0, 35.0)  # degrees, end to end
    step = max(length / max(n - 1, 1), 0.01)
    heading = rng.uniform(0, 2 * np.pi) + np.cumsum(rng.normal(0.0, 0.15, size=n - 1))
    steps = np.column_stack([np.cos(heading), np.sin(heading)]) * step
    path = start + np.vstack([[0.0, 0.0], np.cumsum(steps, axis=0)])
    path[:, 0] = _fold(path[:, 0], *LON_RANGE)
    path[:, 1] = _fold(path[:, 1], *LAT_RANGE)
    return np.round(path, 4)


def _fold(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Reflect values into [low, high] (a walk that reaches an edge turns back)."""
    span = high - low
    folded = np.mod(values - low, 2 * span)
    return low + np.where(folded > span, 2 * span - folded, folded)


def _route(rid, eid, coords, forces, start, cited, kind) -> dict:
    lons = standard_lon(coords[:, 0])
    written = np.column_stack([np.round(lons, 4), coords[:, 1]]).tolist()
    fleet = SHIPS if kind == "naval-transit" else AIRCRAFT
    vehicles = ", ".join(f"{fleet[c][len(rid) % len(fleet[c])]} ×2" for c in forces)
    return {
        "type": "Feature",
        "properties": {
            "id": rid,
            "name": f"Leg {rid.rsplit('-', 1)[1]}",
            "confidence": "approximate",
            "sources": cited[:1],
            "event": eid,
            "forces": forces,
            "vehicles": vehicles,
            "date": start.isoformat(),
        },
        "geometry": {"type": "LineString", "coordinates": written},
        "_pacific": coords,  # dropped before writing
    }


def _event(rng, eid, kind, start, end, countries, cited, last_route, i) -> dict:
    fleet = SHIPS if kind == "naval-transit" else AIRCRAFT
    participants = []
    for country in countries:
        for _ in range(int(rng.integers(1, 3))):
            count = int(rng.integers(1, 5)) if rng.random() < 0.85 else None
            participants.append(
                {"country": country, "type": str(rng.choice(fleet[country])), "count": count}
            )
    responder = RESPONDERS[int(rng.integers(len(RESPONDERS)))]
    event = {
        "id": eid,
        "title": f"Synthetic {kind.replace('-', ' ')} no. {i + 1}",
        "kind": kind,
        "start": start,
        "end": end,
        "confidence": str(rng.choice(["high", "medium", "low", "approximate"])),
        "participants": participants,
        "responders": [dict(zip(("country", "force", "action"), responder, strict=True))],
        "areas": [],
        "summary": (
            f"A generated {kind.replace('-', ' ')} for benchmarks: "
            f"{', '.join(p['type'] for p in participants)} over the western Pacific."
        ),
        "sources": cited,
    }
    if kind == "joint-air-patrol":
        event["patrol_number"] = i + 1
    if rng.random() < 0.2:
        lon, lat = last_route["_pacific"][len(last_route["_pacific"]) // 2]
        event["markers"] = [
            {
                "label": "Intercept point",
                "lon": _standard(float(lon)),
                "lat": float(lat),
                "confidence": "approximate",
            }
        ]
    return event


def _derived_areas(routes, route_event, n_events: int, layers) -> list[list[str]]:
    """Per event, the ADIZs and seas its routes enter and the straits they cross (join's rules)."""
    lines = np.array([shapely.linestrings(r["_pacific"]) for r in routes], dtype=object)
    owner = np.asarray(route_event)
    found: list[set[str]] = [set() for _ in range(n_events)]
    for name, predicate in (("adiz", "intersects"), ("seas", "intersects"), ("straits", "crosses")):
        features = layers[name]
        if not features or not len(lines):
            continue
        geoms = np.array([shapely.geometry.shape(f["geometry"]) for f in features], dtype=object)
        geoms = to_pacific_frame(geoms)
        ids = [f["properties"]["id"] for f in features]
        route_idx, feature_idx = shapely.STRtree(geoms).query(lines, predicate=predicate)
        for r, f in zip(route_idx.tolist(), feature_idx.tolist(), strict=True):
            found[owner[r]].add(ids[f])
    return [sorted(s) for s in found]


# --- writing -------------------------------------------------------------------------------------


def _write_geojson(path: Path, features: list[dict]) -> None:
    """One feature per line: a plain, diffable layout that keeps big files compact."""
    lines = []
    for f in features:
        clean = {k: v for k, v in f.items() if not k.startswith("_")}
        lines.append(json.dumps(clean, ensure_ascii=False, separators=(",", ":")))
    body = ",\n".join(lines)
    path.write_text(f'{{"type":"FeatureCollection","features":[\n{body}\n]}}\n', encoding="utf-8")


def _write_yaml(path: Path, data: dict) -> None:
    text = yaml.dump(data, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="catalogue directory to write")
    parser.add_argument("--events", type=int, default=100, help="number of events")
    parser.add_argument("--vertices", type=int, default=10_000, help="route vertices in total")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--no-reference",
        action="store_true",
        help="generate stand-in reference layers even when the bundled ones exist",
    )
    args = parser.parse_args(argv)
    root = make_catalog(
        args.directory,
        args.events,
        args.vertices,
        args.seed,
        reference=None if args.no_reference else REPO,
    )
    print(f"wrote {root} ({args.events} events, {args.vertices} route vertices)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
