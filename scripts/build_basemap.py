"""Build data/geo/land.geojson, the offline land basemap, from Natural Earth land.

1:50m land over the region the map is about; 1:110m land for the rest of the world (outside that
region, north of 60°S), so a reader who zooms or pans out never meets the edge of the land data.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import shapely
from shapely.affinity import translate
from shapely.geometry import MultiPolygon, Polygon, box, mapping

from patrolmap.geo import standard_lon

PACKAGE = "world-atlas@2.0.2"
# The registry's integrity for world-atlas 2.0.2, pinned: a changed tarball fails, not drifts.
INTEGRITY = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
MEMBER = "package/land-50m.json"
WORLD_MEMBER = "package/land-110m.json"
SOURCE = (
    "Natural Earth land (public domain), via world-atlas 2.0.2: land-50m.json over the map's "
    "region, land-110m.json elsewhere"
)

# Region in the Pacific-centred frame (lon mod 360): 60°E .. 100°W, 15°S .. 85°N: wide enough that
# a reader panning around the patrol area never meets the edge of the land layer.
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = 60.0, 260.0, -15.0, 85.0
REGION = (LON_MIN, LAT_MIN, LON_MAX, LAT_MAX)
# The whole Pacific frame, Antarctica left out. It stops short of 360°, which the catalogue
# convention would write back as 0° and tear a ring across the map (the sliver is invisible).
WORLD = (0.0, -60.0, 359.99, 85.0)
TOLERANCE = 0.01  # degrees, ~1 km: about the resolution of the 1:50m data itself
WORLD_TOLERANCE = 0.05
DIGITS = 3  # ~100 m

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "data" / "geo"


def fetch_topologies_member(member: str, tarball: Path | None = None) -> dict:
    """Return one TopoJSON file of world-atlas 2.0.2, from `tarball` or `npm pack`, checked."""
    with tempfile.TemporaryDirectory() as tmp:
        if tarball is None:
            out = subprocess.run(
                ["npm", "pack", "--json", PACKAGE],
                cwd=tmp,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            tarball = Path(tmp) / json.loads(out)[0]["filename"]
        raw = tarball.read_bytes()
        digest = "sha512-" + base64.b64encode(hashlib.sha512(raw).digest()).decode()
        if digest != INTEGRITY:
            raise SystemExit(f"{tarball}: integrity {digest} != pinned {INTEGRITY}")
        with tarfile.open(tarball) as tar:
            return json.load(tar.extractfile(member))


def fetch_topologies(tarball: Path | None = None) -> tuple[dict, dict]:
    """Return the land-50m and land-110m TopoJSON, from `tarball` or `npm pack world-atlas@2.0.2`."""
    return fetch_topologies_member(MEMBER, tarball), fetch_topologies_member(WORLD_MEMBER, tarball)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Decode delta-encoded, quantized TopoJSON arcs into absolute (lon, lat) lists."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_from_arcs(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    """Join arcs into one ring; a negative index ~i means arc i reversed."""
    ring: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        # Consecutive arcs share their joining point; keep it once.
        ring.extend(points[1:] if ring else points)
    return ring


def decode_polygons(topology: dict, name: str) -> list[Polygon]:
    """Return every polygon of TopoJSON object `name` as a shapely Polygon."""
    arcs = decode_arcs(topology)
    obj = topology["objects"][name]
    geometries = obj["geometries"] if obj["type"] == "GeometryCollection" else [obj]
    polygons = []
    for geom in geometries:
        parts = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for rings in parts:
            shell, *holes = (ring_from_arcs(r, arcs) for r in rings)
            polygons.append(Polygon(shell, holes))
    return polygons


def unwrap(ring) -> list[tuple[float, float]]:
    """Remove the ±360° jumps of a ring that crosses 180° so it runs continuously."""
    out, offset, prev = [], 0.0, None
    for x, y in ring:
        if prev is not None and abs(x - prev) > 180.0:
            offset += 360.0 if x < prev else -360.0
        prev = x
        out.append((x + offset, y))
    if offset:
        raise ValueError("ring circles a pole; clip it out before unwrapping")
    return out


def unwrap_polygon(poly: Polygon) -> Polygon:
    """Unwrap a polygon's rings, moving each hole by whole turns to sit inside its shell."""
    shell = unwrap(poly.exterior.coords)
    mid = sum(x for x, _ in shell) / len(shell)
    holes = []
    for ring in poly.interiors:
        hole = unwrap(ring.coords)
        turn = 360.0 * round((mid - sum(x for x, _ in hole) / len(hole)) / 360.0)
        holes.append([(x + turn, y) for x, y in hole])
    return Polygon(shell, holes)


def build_land(
    polygons: list[Polygon], tolerance: float = TOLERANCE, region: tuple = REGION
) -> MultiPolygon:
    """Clip to `region` in the lon mod 360 frame, union across 180°, simplify and round."""
    lon_min, lat_min, lon_max, lat_max = region
    # world-atlas keeps shapes that cross 180° whole (Eurasia with Chukotka, Wrangel Island), their
    # rings jumping between +180 and -180; others (Fiji) are cut there. Unwrapping each ring, then
    # clipping one copy of the region per turn handles both, and never tears shapes crossing 0°
    # (Eurasia–Africa), as shifting every vertex by lon % 360 would.
    pieces = []
    for poly in polygons:
        if poly.bounds[3] <= lat_min or poly.bounds[1] >= lat_max:
            continue  # includes Antarctica, the one ring around a pole
        poly = shapely.make_valid(unwrap_polygon(poly))
        for turn in (-720.0, -360.0, 0.0, 360.0):
            window = box(lon_min + turn, lat_min, lon_max + turn, lat_max)
            pieces += polygons_of(translate(poly.intersection(window), xoff=-turn))
    # Snap to a fine grid so the two sides of a 180° cut share exact coordinates, then union.
    land = shapely.unary_union([shapely.set_precision(p, 1e-6) for p in pieces])
    land = land.simplify(tolerance, preserve_topology=True)
    # Rounding through set_precision keeps the result valid, where rounding numbers would not.
    land = shapely.set_precision(land, 10.0**-DIGITS)
    polys = [shapely.orient_polygons(p) for p in polygons_of(land)]  # RFC 7946 winding
    return MultiPolygon(sorted(polys, key=lambda p: (p.bounds, p.area)))


def polygons_of(geom) -> list[Polygon]:
    """The non-empty polygons in `geom`, dropping the points and lines a clip can leave."""
    if isinstance(geom, Polygon):
        return [] if geom.is_empty else [geom]
    return [p for g in getattr(geom, "geoms", []) for p in polygons_of(g)]


def to_catalog_coords(ring) -> list[list[float]]:
    """Write a ring in the catalogue convention: lon > 180 becomes lon - 360, ring kept whole."""
    out = []
    for x, y in ring:
        x = float(standard_lon(x))
        out.append([round(x, DIGITS) + 0.0, round(y, DIGITS) + 0.0])  # + 0.0 turns -0.0 into 0.0
    return out


def feature(fid: str, name: str, source: str, land: MultiPolygon) -> dict:
    """One land MultiPolygon as a GeoJSON Feature in the catalogue's longitude convention."""
    coords = [[to_catalog_coords(r) for r in poly] for poly in mapping(land)["coordinates"]]
    return {
        "type": "Feature",
        "properties": {"id": fid, "name": name, "source": source, "license": "public domain"},
        "geometry": {"type": "MultiPolygon", "coordinates": coords},
    }


def feature_collection(land: MultiPolygon) -> dict:
    """The one-feature FeatureCollection written to disk."""
    return {"type": "FeatureCollection", "features": [feature("land", "Land", SOURCE, land)]}


ATTRIBUTION = """\
# Land basemap attribution

`land.geojson` is Natural Earth land (public domain, https://www.naturalearthdata.com/), taken
from the npm package world-atlas 2.0.2: 1:50m (`land-50m.json`) over the map's region, and 1:110m
(`land-110m.json`, simplified at {world_tolerance}°) for the rest of the world north of 60°S, so
the edge of the land data never shows.

Built by `scripts/build_basemap.py`: TopoJSON arcs decoded in Python, clipped to 60°E..100°W and
15°S..85°N in the Pacific-centred frame (lon mod 360), unioned across 180° so no seam remains there,
simplified (tolerance {tolerance}°, topology preserved) and rounded to {digits} decimals.
Longitudes are written in the catalogue convention (lon > 180 as lon - 360; shapes crossing 180°
stay one ring).

Rebuild (needs npm and the npm registry):

    python scripts/build_basemap.py
"""


def main(argv: list[str] | None = None) -> int:
    """Build land.geojson and LAND-ATTRIBUTION.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--tarball", type=Path, help="a world-atlas-2.0.2.tgz already fetched")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    args = parser.parse_args(argv)

    fine, coarse = fetch_topologies(args.tarball)
    land = build_land(decode_polygons(fine, "land"), args.tolerance)
    world = build_land(decode_polygons(coarse, "land"), WORLD_TOLERANCE, WORLD)
    # One shape: the two resolutions meet along the region's edge, and a union leaves no outline
    # drawn along that cut.
    outside = world.difference(box(*REGION))
    merged = shapely.set_precision(shapely.union_all([land, outside]), 10.0**-DIGITS)
    land = MultiPolygon(sorted(polygons_of(merged), key=lambda p: (p.bounds, p.area)))
    if not land.is_valid:
        raise SystemExit(f"land is not valid: {shapely.is_valid_reason(land)}")
    text = json.dumps(feature_collection(land), separators=(",", ":"), sort_keys=True)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "land.geojson").write_text(text + "\n", encoding="utf-8")
    (args.out_dir / "LAND-ATTRIBUTION.md").write_text(
        ATTRIBUTION.format(
            tolerance=args.tolerance, digits=DIGITS, world_tolerance=WORLD_TOLERANCE
        ),
        encoding="utf-8",
    )
    print(f"land.geojson: {len(land.geoms)} polygons, {len(text) + 1} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
