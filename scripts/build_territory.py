"""Build data/geo/territory.geojson: each state's land and territorial sea, for the territory check.

Source: Natural Earth 1:10m admin-0 countries (public domain) from the npm package world-atlas 2.0.2,
the same pinned tarball as the land basemap (scripts/build_basemap.py). For Japan, both Koreas, China,
Taiwan, Russia, the US and Canada, clipped to the region the catalogue touches (Pacific 0–360 frame):

- `land`: the state's land, plus a few islands the 1:10m data leaves out (curated below);
- `territory`: land plus the territorial sea, 12 nm from the coast (the 1:10m coastline stands in
  for the legal baselines, which lie seaward of it in places, so the check is conservative), 3 nm
  inside the specified strait areas of Japan and South Korea; where two states' seas would overlap,
  each keeps the side nearer its own coast (a median line);
- `strait-area`: the specified areas where the territorial sea stays at 3 nm, with their legal source;
- `place`: named islands and coasts, so a message can say "Okinawa Island (JP)"; disputed places
  record who administers them and who claims them, without settling anything.

Buffers are geodesic: each 5° tile of land is buffered in an azimuthal equidistant projection
centred on the tile (scale error under 0.1% at a tile's corner), never in degrees.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Point, Polygon, box, mapping

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from build_basemap import (  # a sibling script, not a package
    build_land,
    decode_arcs,
    fetch_topologies_member,
    polygons_of,
    ring_from_arcs,
    to_catalog_coords,
)

from patrolmap.geo import near_lon, pacific_lon

NM = 1852.0
TERRITORIAL_SEA_M = 12 * NM
STRAIT_SEA_M = 3 * NM
# Pacific frame (lon mod 360): the East China Sea coast to the Bering Sea below 63°N; north of it,
# Chukotka, the Bering Strait and the Arctic coast as far as the Yukon (nothing else is near a route).
REGIONS = [(115.0, 18.0, 200.0, 63.0), (160.0, 63.0, 222.0, 74.0)]
LAND_TOLERANCE = 0.008  # degrees, ~800 m, about the 1:10m data's own resolution
SEA_TOLERANCE = 0.015  # the sea limit is a 22 km buffer of an approximate coast anyway
TILE = 5.0
DIGITS = 3
MEMBER = "package/countries-10m.json"

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "data" / "geo" / "territory.geojson"

# ISO 3166 numeric codes, as world-atlas keys its countries.
STATES = {
    "JP": "392",
    "KR": "410",
    "KP": "408",
    "CN": "156",
    "TW": "158",
    "RU": "643",
    "US": "840",
    "CA": "124",
}

# Islands under 1:10m resolution that a route could cross, drawn as discs of their area.
# (state, name, lon, lat, area km²); positions and areas are approximate public figures, rounded.
EXTRA_ISLANDS = [
    ("JP", "Hegura-jima", 136.919, 37.853, 1.05),
    ("JP", "Kuroshima (Yaeyama)", 124.012, 24.240, 10.0),
    ("KR", "Takeshima / Dokdo", 131.868, 37.241, 0.19),
]

# The specified areas where the territorial sea stays at 3 nm. The Cabinet Order's boundary
# coordinates were not retrieved; each polygon is drawn to cover the strait between its two shores
# and no other coast, so it is APPROXIMATE and says so. Tsushima's two channels meet along the
# island's axis; each reaches from the Goto–Iki line in the south to the Sea of Japan in the north.
JP_STRAITS_SOURCE = (
    "Act on the Territorial Sea and the Contiguous Zone (Act No. 30 of 1977), supplementary "
    "provision 2, and its Enforcement Order (Cabinet Order No. 210 of 1977), art. 3; "
    "JCG Hydrographic Department, 'Specified areas' (www1.kaiho.mlit.go.jp/ryokai/tokutei.html)"
)
KR_STRAIT_SOURCE = (
    "Territorial Sea and Contiguous Zone Act of the Republic of Korea (1977), art. 1, and its "
    "Enforcement Decree, art. 3 (Korea Strait)"
)
STRAIT_AREAS = [
    (
        "JP",
        "Soya Strait",
        [(141.55, 45.35), (142.35, 45.35), (142.35, 46.05), (141.55, 46.05)],
        JP_STRAITS_SOURCE,
    ),
    (
        "JP",
        "Tsugaru Strait",
        [(139.85, 41.2), (141.75, 41.2), (141.75, 41.95), (139.85, 41.95)],
        JP_STRAITS_SOURCE,
    ),
    (
        "JP",
        "Tsushima Strait, eastern channel",
        [
            (129.25, 33.95),
            (129.05, 33.9),
            (129.5, 33.5),
            (130.5, 33.95),
            (130.4, 34.95),
            (129.45, 35.25),
        ],
        JP_STRAITS_SOURCE,
    ),
    (
        "JP",
        "Tsushima Strait, western channel",
        [(128.4, 34.0), (129.25, 33.95), (129.45, 35.25), (128.9, 35.2), (128.4, 34.7)],
        JP_STRAITS_SOURCE,
    ),
    (
        "JP",
        "Osumi Strait",
        [(130.25, 30.75), (131.25, 30.95), (131.25, 31.15), (130.25, 31.1)],
        JP_STRAITS_SOURCE,
    ),
    (
        "KR",
        "Korea Strait",
        [(128.2, 34.15), (129.2, 33.95), (129.55, 34.75), (129.35, 35.2), (128.2, 34.75)],
        KR_STRAIT_SOURCE,
    ),
]

# Named islands and coasts: the name a message gives is that of the point nearest the place in
# question among the state's points. Positions are approximate centres; a disputed place is listed
# under the state that administers it, with the states that claim it.
# Per-language names of the places whose names are disputed, as in places.geojson, so the naming
# policy (scene/naming.py) names them in closest-approach notes as it does on the map.
PLACE_NAMES = {
    "Takeshima / Dokdo": {
        "names": {"en": "Takeshima", "ja": "竹島", "ko": "독도", "zh": "独岛", "ru": "Токто"},
        "disputed_names": {
            "en": "Dokdo",
            "ja": "独島",
            "ko": "다케시마",
            "zh": "竹岛",
            "ru": "Такэсима",
        },
    },
    "Senkaku Islands / Diaoyu Islands": {
        "names": {
            "en": "Senkaku Islands",
            "ja": "尖閣諸島",
            "ko": "센카쿠 열도",
            "zh": "钓鱼岛",
            "ru": "острова Сенкаку",
        },
        "disputed_names": {
            "en": "Diaoyu Islands",
            "ja": "釣魚島",
            "ko": "댜오위다오",
            "zh": "尖阁诸岛",
            "ru": "Дяоюйдао",
        },
    },
}
PLACES: list[tuple] = [
    # Japan
    ("JP", "Hokkaido", 142.8, 43.4),
    ("JP", "Hokkaido, south-west coast", 140.1, 42.0),
    ("JP", "Hokkaido, Sea of Japan coast", 141.5, 43.8),
    ("JP", "Rishiri and Rebun", 141.15, 45.3),
    ("JP", "Hokkaido, Cape Soya", 141.94, 45.5),
    ("JP", "Hokkaido, Okhotsk coast", 143.5, 44.3),
    ("JP", "Hokkaido, Shiretoko and Nemuro", 145.3, 43.6),
    ("JP", "Hokkaido, Pacific coast", 143.3, 42.3),
    ("JP", "Okushiri", 139.45, 42.15),
    ("JP", "Honshu, Tohoku Pacific coast", 141.7, 39.3),
    ("JP", "Honshu, Sea of Japan coast", 139.6, 38.9),
    ("JP", "Noto Peninsula", 136.9, 37.2),
    ("JP", "Hegura-jima", 136.919, 37.853),
    ("JP", "Sado", 138.4, 38.0),
    ("JP", "Oki Islands", 133.2, 36.2),
    ("JP", "Honshu, Shimane coast", 132.6, 35.4),
    ("JP", "Honshu, Kii Peninsula", 135.7, 33.7),
    ("JP", "Honshu, Tokai coast", 138.5, 34.7),
    ("JP", "Izu Islands", 139.5, 33.9),
    ("JP", "Shikoku", 133.5, 33.5),
    ("JP", "Kyushu", 130.8, 32.5),
    ("JP", "Kyushu, north coast", 130.3, 33.6),
    ("JP", "Tsushima", 129.3, 34.4),
    ("JP", "Iki", 129.7, 33.8),
    ("JP", "Goto Islands", 128.8, 32.8),
    ("JP", "Koshikijima", 129.8, 31.7),
    ("JP", "Tanegashima", 130.98, 30.6),
    ("JP", "Yakushima", 130.53, 30.35),
    ("JP", "Tokara Islands", 129.6, 29.6),
    ("JP", "Amami Oshima", 129.4, 28.3),
    ("JP", "Tokunoshima", 128.95, 27.8),
    ("JP", "Okinoerabu and Yoron", 128.6, 27.2),
    ("JP", "Okinawa Island", 127.85, 26.45),
    ("JP", "Kerama Islands", 127.3, 26.2),
    ("JP", "Kume-jima", 126.8, 26.35),
    ("JP", "Miyako-jima", 125.3, 24.75),
    ("JP", "Ishigaki", 124.15, 24.4),
    ("JP", "Iriomote", 123.8, 24.33),
    ("JP", "Kuroshima (Yaeyama)", 124.012, 24.24),
    ("JP", "Yonaguni", 122.99, 24.46),
    ("JP", "Daito Islands", 131.25, 25.85),
    ("JP", "Senkaku Islands / Diaoyu Islands", 123.5, 25.75, ("CN", "TW")),
    # South Korea
    ("KR", "South Korea, south coast", 127.8, 34.8),
    ("KR", "South Korea, east coast", 129.3, 36.5),
    ("KR", "South Korea, west coast", 126.5, 36.0),
    ("KR", "Geoje", 128.6, 34.88),
    ("KR", "Jeju", 126.55, 33.38),
    ("KR", "Marado", 126.27, 33.12),
    ("KR", "Heuksando", 125.43, 34.68),
    ("KR", "Ulleungdo", 130.87, 37.5),
    ("KR", "Takeshima / Dokdo", 131.868, 37.241, ("JP",)),
    # North Korea
    ("KP", "North Korea, east coast", 129.0, 40.5),
    ("KP", "North Korea, west coast", 125.0, 39.0),
    # China
    ("CN", "Heilongjiang", 130.0, 47.5),
    ("CN", "Jilin", 128.5, 43.0),
    ("CN", "Liaoning coast", 122.5, 39.8),
    ("CN", "Shandong Peninsula", 121.5, 37.2),
    ("CN", "Jiangsu coast", 120.8, 33.0),
    ("CN", "Shanghai coast", 121.9, 31.1),
    ("CN", "Zhoushan Islands", 122.2, 30.0),
    ("CN", "Zhejiang coast", 121.5, 28.5),
    ("CN", "Fujian coast", 119.8, 26.0),
    # Taiwan
    ("TW", "Taiwan", 121.0, 23.8),
    ("TW", "Taiwan, north coast", 121.6, 25.1),
    ("TW", "Pengjia Islet", 122.08, 25.63),
    # Russia
    ("RU", "Amur Oblast", 128.5, 51.5),
    ("RU", "Jewish Autonomous Oblast", 132.5, 48.5),
    ("RU", "Khabarovsk Krai", 136.5, 50.0),
    ("RU", "Primorye", 134.5, 44.5),
    ("RU", "Primorye, Peter the Great Gulf", 132.0, 43.0),
    ("RU", "Sakhalin", 142.8, 50.0),
    ("RU", "Sakhalin, south", 142.5, 46.5),
    ("RU", "Moneron", 141.23, 46.25),
    ("RU", "Kunashir", 145.9, 44.05, ("JP",)),
    ("RU", "Iturup", 147.9, 45.1, ("JP",)),
    ("RU", "Shikotan", 146.7, 43.8, ("JP",)),
    ("RU", "Habomai Islands", 146.1, 43.45, ("JP",)),
    ("RU", "Kuril Islands", 151.0, 46.5),
    ("RU", "Kamchatka", 159.0, 55.0),
    ("RU", "Commander Islands", 166.5, 55.0),
    ("RU", "Magadan coast", 151.0, 59.5),
    ("RU", "Koryak coast", 170.0, 60.5),
    ("RU", "Chukotka, Gulf of Anadyr coast", 177.5, 64.8),
    ("RU", "Chukotka", -175.0, 66.5),
    ("RU", "Chukotka, Arctic coast", -178.0, 68.8),
    ("RU", "Wrangel Island", -179.5, 71.25),
    ("RU", "Big Diomede", -169.06, 65.78),
    # United States
    ("US", "St Lawrence Island", -170.3, 63.4),
    ("US", "St Matthew Island", -172.7, 60.4),
    ("US", "Nunivak Island", -166.3, 60.0),
    ("US", "Pribilof Islands", -170.2, 57.15),
    ("US", "Aleutian Islands", -175.0, 52.0),
    ("US", "Little Diomede", -168.95, 65.75),
    ("US", "Alaska, Seward Peninsula", -165.0, 65.0),
    ("US", "Alaska, Bering Sea coast", -162.0, 60.0),
    ("US", "Alaska, Chukchi Sea coast", -166.8, 68.3),
    ("US", "Alaska, Arctic coast", -156.8, 71.2),
    # Canada
    ("CA", "Yukon coast", -139.0, 69.5),
]


def fetch_countries(tarball: Path | None) -> dict:
    return fetch_topologies_member(MEMBER, tarball)


def state_polygons(topology: dict, numeric: str) -> list[Polygon]:
    """Every polygon of one country, rings of fewer than four points (tiny islets) left out."""
    arcs = decode_arcs(topology)
    polys = []
    for geom in topology["objects"]["countries"]["geometries"]:
        if geom.get("id") != numeric:
            continue
        parts = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for rings in parts:
            shell, *holes = (ring_from_arcs(r, arcs) for r in rings)
            if len(shell) >= 4:
                polys.append(Polygon(shell, [h for h in holes if len(h) >= 4]))
    return polys


def _aeqd(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    proj = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"
    return (
        Transformer.from_crs("EPSG:4326", proj, always_xy=True),
        Transformer.from_crs(proj, "EPSG:4326", always_xy=True),
    )


def _project(geom, transformer: Transformer):
    return shapely.transform(geom, lambda xy: _stack(transformer.transform(xy[:, 0], xy[:, 1])))


def _stack(xy):
    import numpy as np

    return np.column_stack(xy)


def geodesic_buffer(geom, metres: float, tile: float = TILE):
    """Buffer `geom` (lon/lat, Pacific frame) by `metres`, tile by tile in local projections."""
    if geom.is_empty:
        return geom
    minx, miny, maxx, maxy = geom.bounds
    margin_lat = metres / 111_000.0 * 1.5
    pieces = []
    x0 = math.floor(minx / tile) * tile
    while x0 < maxx + margin_lat * 4:
        y0 = math.floor(miny / tile) * tile
        while y0 < maxy + margin_lat:
            cell = box(x0, y0, x0 + tile, y0 + tile)
            top = max(abs(y0), abs(y0 + tile))
            margin_lon = margin_lat / max(math.cos(math.radians(min(top + 1, 89))), 0.05)
            near = geom.intersection(
                box(
                    x0 - margin_lon, y0 - margin_lat, x0 + tile + margin_lon, y0 + tile + margin_lat
                )
            )
            if not near.is_empty:
                fwd, back = _aeqd(x0 + tile / 2, y0 + tile / 2)
                grown = _near(_project(_project(near, fwd).buffer(metres, quad_segs=8), back), x0)
                pieces.append(shapely.make_valid(grown).intersection(cell))
            y0 += tile
        x0 += tile
    return shapely.unary_union(pieces)


def disc(lon: float, lat: float, area_km2: float) -> Polygon:
    fwd, back = _aeqd(lon, lat)
    radius = math.sqrt(area_km2 / math.pi) * 1000.0
    return _near(_project(Point(fwd.transform(lon, lat)).buffer(radius, quad_segs=8), back), lon)


def _near(geom, lon: float):
    """Move longitudes to within 180° of `lon`: pyproj answers in −180…180, and the Pacific frame
    must not tear at 180°."""

    def shift(xy):
        out = xy.copy()
        out[:, 0] = near_lon(out[:, 0], lon)
        return out

    return shapely.transform(geom, shift)


def territorial_sea(land, strait_areas: list[Polygon], every_land):
    """The sea within 12 nm of `land`, within 3 nm inside each strait area, never over any land."""
    sea = geodesic_buffer(land, TERRITORIAL_SEA_M)
    for area in strait_areas:
        # Land near the area (a coast just outside it still reaches 3 nm into it).
        narrow = geodesic_buffer(land.intersection(area.buffer(0.3)), STRAIT_SEA_M)
        sea = sea.difference(area.difference(narrow))
    return sea.difference(every_land)


def pacific(lon: float) -> float:
    return float(pacific_lon(lon))


def median_split(seas: dict, lands: dict) -> dict:
    """Where two states' seas overlap, give each point to the state whose coast is nearer."""
    codes = sorted(seas)
    out = dict(seas)
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            overlap = out[a].intersection(out[b])
            if overlap.is_empty or overlap.area < 1e-8:
                continue
            window = overlap.envelope.buffer(0.5)
            owner_points = []
            for code in (a, b):
                coast = shapely.segmentize(lands[code].boundary.intersection(window), 0.01)
                pts = shapely.get_coordinates(coast)
                owner_points += [(code, tuple(p)) for p in pts]
            if not owner_points:
                continue
            cells = shapely.voronoi_polygons(
                shapely.MultiPoint([p for _, p in owner_points]), extend_to=window.buffer(1.0)
            )
            tree = shapely.STRtree([Point(p) for _, p in owner_points])
            nearer_b = []
            for cell in cells.geoms:
                idx = tree.query(cell, predicate="contains")
                if len(idx) and owner_points[int(idx[0])][0] == b:
                    nearer_b.append(cell)
            b_side = shapely.unary_union(nearer_b)
            out[a] = out[a].difference(overlap.intersection(b_side))
            out[b] = out[b].difference(overlap.difference(b_side))
    return out


def build(topology: dict) -> dict:
    lands = {}
    for code, numeric in STATES.items():
        polys = state_polygons(topology, numeric)
        land = shapely.unary_union([build_land(polys, LAND_TOLERANCE, r) for r in REGIONS])
        extras = [
            disc(pacific(lon), lat, area) for s, _, lon, lat, area in EXTRA_ISLANDS if s == code
        ]
        lands[code] = shapely.unary_union([land, *extras])
        print(f"{code}: land built", file=sys.stderr)
    every_land = shapely.unary_union(list(lands.values()))
    seas = {}
    for code, land in lands.items():
        areas = [
            Polygon([(pacific(x), y) for x, y in ring])
            for s, _, ring, _ in STRAIT_AREAS
            if s == code
        ]
        seas[code] = territorial_sea(land, areas, every_land)
        print(f"{code}: sea built", file=sys.stderr)
    seas = median_split(seas, lands)
    features = []
    for code in STATES:
        territory = shapely.unary_union([lands[code], seas[code]])
        territory = territory.simplify(SEA_TOLERANCE, preserve_topology=True)
        territory = territory.union(lands[code])  # simplifying never trims the land itself
        features.append(_feature({"kind": "territory", "state": code}, territory))
        features.append(_feature({"kind": "land", "state": code}, lands[code]))
    for state, name, ring, source in STRAIT_AREAS:
        area = Polygon([(pacific(x), y) for x, y in ring])
        props = {
            "kind": "strait-area",
            "state": state,
            "name": name,
            "breadth_nm": 3,
            "source": source,
            "confidence": "approximate",
        }
        features.append(_feature(props, MultiPolygon([area])))
    for state, name, lon, lat, *claims in PLACES:
        props = {"kind": "place", "state": state, "name": name}
        if claims:
            props["claimed_by"] = list(claims[0])
        props.update(PLACE_NAMES.get(name, {}))
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _feature(props: dict, geom) -> dict:
    geom = shapely.set_precision(shapely.make_valid(geom), 10.0**-DIGITS)
    polys = [shapely.orient_polygons(p) for p in polygons_of(geom)]
    polys.sort(key=lambda p: (p.bounds, p.area))
    coords = [
        [to_catalog_coords(r) for r in p] for p in mapping(MultiPolygon(polys))["coordinates"]
    ]
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "MultiPolygon", "coordinates": coords},
    }


ATTRIBUTION = """\
# Territory data attribution

`territory.geojson` is derived from Natural Earth 1:10m admin-0 countries (public domain,
https://www.naturalearthdata.com/), taken from the npm package world-atlas 2.0.2
(`countries-10m.json`, ISC licence, © Mike Bostock), the same pinned tarball as `land.geojson`.

Built by `scripts/build_territory.py`: per state (JP, KR, KP, CN, TW, RU, US, CA) the land inside the
catalogue's region, simplified at {land_tolerance}°, plus the islands the 1:10m data leaves out
(Hegura-jima, Kuroshima in the Yaeyama Islands, Takeshima / Dokdo) as discs of their area; the
territorial sea buffered geodesically from that coastline, 12 nm, and 3 nm inside the specified strait
areas (Japan: Act on the Territorial Sea and the Contiguous Zone, 1977, and its Enforcement Order;
South Korea: Territorial Sea and Contiguous Zone Act, 1977, and its Enforcement Decree), split along a
median line where two states' seas would overlap, simplified at {sea_tolerance}°, rounded to {digits}
decimals. The strait areas are approximate drawings (the orders' coordinates were not retrieved).
Named places are our own list of approximate island and coast centres.

Rebuild (needs npm and the npm registry):

    python scripts/build_territory.py
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--tarball", type=Path, help="a world-atlas-2.0.2.tgz already fetched")
    args = parser.parse_args(argv)
    collection = build(fetch_countries(args.tarball))
    text = json.dumps(collection, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    args.out.write_text(text + "\n", encoding="utf-8")
    (args.out.parent / "TERRITORY-ATTRIBUTION.md").write_text(
        ATTRIBUTION.format(
            land_tolerance=LAND_TOLERANCE, sea_tolerance=SEA_TOLERANCE, digits=DIGITS
        ),
        encoding="utf-8",
    )
    print(f"{args.out.name}: {len(text) + 1} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
