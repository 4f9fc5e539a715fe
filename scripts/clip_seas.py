"""Clip the sea polygons of data/geo/seas.geojson to water, with the territory check's coastline.

The seas are coarse hand-drawn polygons; their edges along a coast cut across land (the Sea of Japan
over Honshu and Hokkaido, the Sea of Okhotsk over the Magadan coast). This subtracts Natural Earth
1:10m land (world-atlas 2.0.2 `land-10m.json`, the pinned tarball of scripts/build_basemap.py) from
each sea, so a sea stops at the coast. Only geometry changes; every property is kept as written.

A sea's limits at open water (between two seas, or across a strait) are the curator's drawing and
stay as they are; a limit that runs over land may be drawn loosely, since the clip makes the coast
the edge.

    python scripts/clip_seas.py [--tarball world-atlas-2.0.2.tgz]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import shapely
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from build_basemap import (  # a sibling script, not a package
    build_land,
    decode_polygons,
    fetch_topologies_member,
    polygons_of,
    to_catalog_coords,
)

from patrolmap.geo import to_pacific_frame

REPO = Path(__file__).resolve().parent.parent
SEAS = REPO / "data" / "geo" / "seas.geojson"
MEMBER = "package/land-10m.json"
TOLERANCE = 0.008  # degrees, as the territory's land (scripts/build_territory.py)
MIN_PART_DEG2 = 0.005  # water cut off by the simplified coast, smaller than ~50 km²: dropped
DIGITS = 3


def clip(sea, land):
    """`sea` (Pacific frame) minus `land`, small leftovers dropped, as a Polygon or MultiPolygon."""
    water = shapely.make_valid(sea.difference(land))
    # Islands stay part of their sea (as in the drawings before): only the coast cuts a sea, and a
    # polygon without holes also crosses 180° cleanly in every export format.
    parts = [Polygon(p.exterior) for p in polygons_of(water) if p.area >= MIN_PART_DEG2]
    parts = [shapely.orient_polygons(p) for p in parts]
    parts.sort(key=lambda p: -p.area)
    merged = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    return shapely.set_precision(merged, 10.0**-DIGITS)


def geometry_json(geom) -> dict:
    """A geometry in the catalogue convention: lon > 180 written as lon − 360, rings kept whole."""
    polys = polygons_of(geom)
    coords = [[to_catalog_coords(r) for r in mapping(p)["coordinates"]] for p in polys]
    if len(coords) == 1:
        return {"type": "Polygon", "coordinates": coords[0]}
    return {"type": "MultiPolygon", "coordinates": coords}


def dump(collection: dict) -> str:
    """JSON as the catalogue's geometry files are written: indented, one [lon, lat] per line."""
    text = json.dumps(collection, indent=2, ensure_ascii=False)
    return re.sub(r"\[\s*(-?[\d.]+),\s*(-?[\d.]+)\s*\]", r"[\1, \2]", text) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tarball", type=Path, help="a world-atlas-2.0.2.tgz already fetched")
    parser.add_argument("--seas", type=Path, default=SEAS)
    args = parser.parse_args(argv)
    collection = json.loads(args.seas.read_text(encoding="utf-8"))
    seas = [to_pacific_frame([shape(f["geometry"])])[0] for f in collection["features"]]
    minx, miny, maxx, maxy = shapely.union_all(seas).bounds
    region = (minx - 1.0, miny - 1.0, maxx + 1.0, maxy + 1.0)
    topology = fetch_topologies_member(MEMBER, args.tarball)
    land = build_land(decode_polygons(topology, "land"), TOLERANCE, region)
    shapely.prepare(land)
    for feature, sea in zip(collection["features"], seas, strict=True):
        water = clip(sea, land)
        feature["geometry"] = geometry_json(water)
        removed, _ = Geod(ellps="WGS84").geometry_area_perimeter(sea.difference(water))
        name = feature["properties"]["id"]
        print(f"{name}: {abs(removed) / 1e6:,.0f} km² of land removed", file=sys.stderr)
    args.seas.write_text(dump(collection), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
