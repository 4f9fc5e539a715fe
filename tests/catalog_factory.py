"""Build tiny catalogues on disk for tests; each test changes one thing and names its case.

The geometry is small enough to work out on paper: two unit squares, a gate line between them,
one route crossing the gate and one stopping short, and a square and route straddling 180°. It lies
in open sea (south of Shikoku, and in the Bering Sea), away from any state's territorial sea, so
the territory check has nothing to say about it.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import yaml


def square(x0: float, y0: float, size: float = 1.0) -> dict:
    ring = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


def line(*points) -> dict:
    return {"type": "LineString", "coordinates": [list(p) for p in points]}


def feature(fid: str, geometry: dict, **props) -> dict:
    base = {
        "id": fid,
        "name": fid.replace("-", " ").title(),
        "confidence": "approximate",
        "sources": ["src-a"],
    }
    return {"type": "Feature", "properties": {**base, **props}, "geometry": geometry}


def base_catalog() -> dict:
    """The parts of a valid tiny catalogue, as plain data."""
    return {
        "adiz": [
            feature("adiz-a", square(133, 30), operator="JP"),
            feature("adiz-b", square(135, 30), operator="KR"),
            # Straddles 180°: written with vertices on both sides, unsplit.
            feature(
                "adiz-dateline",
                {
                    "type": "Polygon",
                    "coordinates": [[[179, 60], [-179, 60], [-179, 61], [179, 61], [179, 60]]],
                },
                operator="US",
            ),
        ],
        "seas": [feature("sea-x", square(132, 29, 5))],
        "straits": [feature("strait-gate", line((134.5, 29.5), (134.5, 31.5)))],
        "places": [
            feature("place-p", {"type": "Point", "coordinates": [134.5, 30.5]}, kind="island")
        ],
        "routes": [
            # Crosses the gate at x=134.5, enters both squares: length ≈ 2° of longitude at 30.5°N.
            feature(
                "route-cross",
                line((133.5, 30.5), (135.5, 30.5)),
                event="ev-cross",
                forces=["RU", "CN"],
            ),
            # Stops 0.1° short of the gate: near the strait, never through it.
            feature(
                "route-short", line((133.5, 30.2), (134.4, 30.2)), event="ev-short", forces=["CN"]
            ),
            feature(
                "route-dateline",
                line((178.5, 60.5), (-178.5, 60.5)),
                event="ev-dateline",
                forces=["RU"],
            ),
        ],
        "events": [
            event("ev-cross", areas=["adiz-a", "adiz-b", "sea-x", "strait-gate"]),
            event("ev-short", areas=["adiz-a", "sea-x"]),
            event("ev-dateline", areas=["adiz-dateline"], start="2024-07-24", end="2024-07-24"),
            event("ev-noroute", areas=["place-p"], kind="naval-transit"),
        ],
        "sources": [
            {
                "id": "src-a",
                "outlet": "Test Wire",
                "headline": "Bombers fly",
                "date": "2020-01-01",
                "url": "https://example.org/a",
                "kind": "news",
                "facts": ["Two bombers flew."],
            }
        ],
    }


def event(eid: str, *, areas, start="2020-01-01", end="2020-01-02", kind="joint-air-patrol"):
    return {
        "id": eid,
        "title": f"Event {eid}",
        "kind": kind,
        "start": start,
        "end": end,
        "confidence": "high",
        "summary": "Something happened.",
        "areas": areas,
        "participants": [{"country": "RU", "type": "Tu-95MS", "count": 2}],
        "responders": [{"country": "JP", "force": "JASDF", "action": "scrambled fighters"}],
        "sources": ["src-a"],
    }


class _NoAliasDumper(yaml.SafeDumper):
    """Writes shared objects out in full: the loader refuses YAML aliases."""

    def ignore_aliases(self, data):
        return True


def write_catalog(root: Path, parts: dict | None = None) -> Path:
    """Write `parts` (default: base_catalog()) as a catalogue directory under `root`."""
    parts = copy.deepcopy(parts or base_catalog())
    geo = root / "data" / "geo"
    geo.mkdir(parents=True, exist_ok=True)
    (root / "seeds").mkdir(exist_ok=True)
    for layer in ("adiz", "seas", "straits", "places", "routes"):
        collection = {"type": "FeatureCollection", "features": parts[layer]}
        (geo / f"{layer}.geojson").write_text(json.dumps(collection, indent=1), encoding="utf-8")
    (root / "data" / "events.yaml").write_text(
        dump_yaml({"version": 1, "events": parts["events"]}),
        encoding="utf-8",
    )
    (root / "seeds" / "sources.yaml").write_text(
        dump_yaml({"version": 1, "sources": parts["sources"]}),
        encoding="utf-8",
    )
    return root


def dump_yaml(data) -> str:
    """YAML as the factory writes it: no aliases, Unicode kept as written."""
    return yaml.dump(data, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True)
