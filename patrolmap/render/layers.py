"""Turn a joined catalogue into the map's data: one JSON-ready dict the page runtime draws.

Each layer kind has its own small builder. Geometry arrives in the Pacific frame and leaves as
compact text (see `encode_line`), simplified to what a screen can show; text arrives raw and
leaves as escaped HTML (popups.py, safety.escape), so the page never sees catalogue text
unescaped. What many features share (styles, HTML pieces, source entries) is written once.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import numpy as np

from patrolmap.catalog.model import COUNTRY_NAMES, Catalog, Event
from patrolmap.geo import KM_PER_DEGREE, REGION_BOX, pacific_lon
from patrolmap.join import JoinResult
from patrolmap.paths import land_path
from patrolmap.render import popups, style
from patrolmap.render.simplify import simplify_lines
from patrolmap.render.timeline import text_alternative, timeline_data
from patrolmap.render.views import region_views
from patrolmap.safety.escape import html_text

# Coordinates go to the page as integers of 1e-4° (about 11 m, finer than any screen shows at the
# zooms this map is read at), each vertex as the difference from the one before, written as varint
# text: about a quarter of the bytes of decimal [lat, lon] pairs (folium-pitfalls.md §6;
# benchmarks/README.md).
COORD_SCALE = 10_000
# Display simplification (the join keeps full precision): 0.001° is under a pixel up to zoom 10.
# Past LARGE_VERTICES the map is read zoomed out: 0.01° is about a pixel at zoom 7, and integers
# of 1e-3° (about 110 m) carry the routes in fewer bytes.
SIMPLIFY_DEGREES, LARGE_VERTICES = 0.001, 200_000
SIMPLIFY_LARGE_DEGREES, COORD_SCALE_LARGE = 0.01, 1_000

BASEMAPS: dict[str, dict[str, Any]] = {
    "osm": {
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "hosts": ["https://tile.openstreetmap.org"],
        "attribution": "© OpenStreetMap contributors",
    },
    "carto": {
        "url": "https://a.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
        "hosts": ["https://a.basemaps.cartocdn.com"],
        "attribution": "© OpenStreetMap contributors © CARTO",
    },
    "esri-ocean": {
        "url": "https://server.arcgisonline.com/ArcGIS/rest/services/Ocean/World_Ocean_Base/MapServer/tile/{z}/{y}/{x}",
        "hosts": ["https://server.arcgisonline.com"],
        "attribution": "Tiles © Esri — GEBCO, NOAA, National Geographic, DeLorme, HERE, Geonames.org",
    },
}
DEFAULT_TITLE = "Russian and Chinese military activity around Japan, Korea and Alaska"


def map_data(
    joined: JoinResult,
    *,
    title: str | None = None,
    basemap: str | None = None,
    canvas: bool = False,
) -> dict:
    """Everything the page runtime needs to draw the map, as plain JSON-ready data."""
    catalog = joined.catalog
    events = sorted(catalog.events, key=lambda e: (e.start, e.id))
    large = _vertex_count(catalog) > LARGE_VERTICES
    tables = Tables(COORD_SCALE_LARGE if large else COORD_SCALE)
    groups = [_reference_group(catalog, tables), *_event_groups(joined, events, tables, large)]
    cited = [s for e in events for s in e.sources]
    return {
        "scale": tables.scale,
        "title": html_text(title or DEFAULT_TITLE),
        "subtitle": html_text(_subtitle(events)),
        "attribution": _attribution(),
        "basemap": _basemap(basemap),
        "renderer": "canvas" if canvas else "svg",
        "colours": {
            "sea": style.SEA_BACKGROUND,
            "land": style.LAND_FILL,
            "landEdge": style.LAND_EDGE,
        },
        "land": land_polygons(tables.scale),  # cached: treat as read-only
        "styles": tables.styles,
        "arrows": {
            "km": style.ARROW_SPACING_KM,
            "max": style.MAX_ARROWS_PER_LEG,
            "kmPerDegree": KM_PER_DEGREE,
        },
        "sources": popups.source_items(catalog, cited),
        "texts": tables.texts,
        "groups": groups,
        "legend": _legend(catalog, events),
        "timeline": timeline_data(joined, events),  # the timeline panel and playback
        "text": text_alternative(joined),  # the text description and data table
        "bounds": _bounds(catalog),
        "views": region_views(catalog),  # the region buttons, the one the map opens on first
    }


class Tables:
    """What many features share, written once and referred to by index: Leaflet path styles and
    pieces of escaped HTML (a leg's header, a responder's row); plus the coordinate scale."""

    def __init__(self, scale: int = COORD_SCALE) -> None:
        self.scale = scale
        self.styles: list[dict] = []
        self.texts: list[str] = []
        self._styles: dict[str, int] = {}
        self._texts: dict[str, int] = {}

    def style(self, **options) -> int:
        key = json.dumps(options, sort_keys=True)
        if key not in self._styles:
            self._styles[key] = len(self.styles)
            self.styles.append(options)
        return self._styles[key]

    def text(self, html: str) -> int:
        if html not in self._texts:
            self._texts[html] = len(self.texts)
            self.texts.append(html)
        return self._texts[html]


# --- geometry encoding ---------------------------------------------------------------------------


# Each integer is zigzag-encoded and written 5 bits a character, the 6th bit saying "more
# follows", in the base64url alphabet: one to three characters for a typical delta instead of
# four to six as JSON numbers, and nothing JSON, HTML or a template engine would need to escape.
VARINT_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_ALPHABET_BYTES = np.frombuffer(VARINT_ALPHABET.encode("ascii"), dtype=np.uint8)


def encode_varints(values: np.ndarray) -> tuple[bytes, np.ndarray]:
    """Encode int64 `values`; return the characters and how many each value took."""
    values = np.asarray(values, dtype=np.int64).ravel()
    zigzag = ((values << 1) ^ (values >> 63)).astype(np.uint64)
    bits = np.zeros(len(zigzag), dtype=np.int64)
    nonzero = zigzag > 0
    bits[nonzero] = np.floor(np.log2(zigzag[nonzero].astype(np.float64))).astype(np.int64) + 1
    width = np.maximum(1, (bits + 4) // 5)
    chunk = np.arange(int(width.max()) if len(width) else 1)
    digits = (zigzag[:, None] >> (np.uint64(5) * chunk.astype(np.uint64))) & np.uint64(31)
    more = chunk[None, :] < (width[:, None] - 1)
    codes = digits.astype(np.int64) | (more.astype(np.int64) << 5)
    keep = chunk[None, :] < width[:, None]
    return _ALPHABET_BYTES[codes[keep]].tobytes(), width


def encode_line(coords: np.ndarray, scale: int = COORD_SCALE) -> str:
    """lat0, lon0, Δlat1, Δlon1, ... in integers of 1/scale degree, as varint text (runtime: decode)."""
    q = np.round(np.asarray(coords, dtype=float)[:, 1::-1] * scale).astype(np.int64)
    q[1:] -= q[:-1].copy()
    return encode_varints(q)[0].decode("ascii")


def encode_polygon(geom, scale: int = COORD_SCALE) -> list:
    """A Polygon as [ring, ...] or a MultiPolygon as [[ring, ...], ...]; rings lose their last vertex."""

    def polygon(p):
        return [encode_line(np.asarray(r.coords)[:-1], scale) for r in (p.exterior, *p.interiors)]

    if geom.geom_type == "Polygon":
        return polygon(geom)
    return [polygon(p) for p in geom.geoms]


def encode_lines(geoms: np.ndarray, scale: int = COORD_SCALE) -> list[str]:
    """encode_line for many lines at once (one pass over all their coordinates)."""
    import shapely

    if len(geoms) == 0:
        return []
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    q = np.round(coords[:, 1::-1] * scale).astype(np.int64)
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    deltas = q.copy()
    deltas[1:] -= q[:-1]
    deltas[starts] = q[starts]  # each line starts from absolute values
    text, width = encode_varints(deltas)
    # Characters per line: the widths of its vertices' two values, summed.
    per_line = np.bincount(owner, weights=width.reshape(-1, 2).sum(axis=1), minlength=len(geoms))
    ends = np.cumsum(per_line.astype(np.int64))
    chars = text.decode("ascii")
    return [chars[a:b] for a, b in zip(np.r_[0, ends[:-1]].tolist(), ends.tolist(), strict=True)]


# --- reference layers ----------------------------------------------------------------------------


def _reference_group(catalog: Catalog, tables: Tables) -> dict:
    layers = [
        _layer(
            layer_id, label, [build(r, catalog, tables) for r in catalog.layers[kind].itertuples()]
        )
        for layer_id, label, kind, build in _REFERENCE_LAYERS
    ]
    return {"id": "reference", "label": "Reference", "kind": "reference", "layers": layers}


def _layer(layer_id: str, label: str, features: list[dict], **extra) -> dict:
    return {"id": layer_id, "label": html_text(label), "show": True, "features": features, **extra}


def _adiz_feature(row, catalog: Catalog, tables: Tables) -> dict:
    colour = style.adiz_colour(row.operator)
    operator = COUNTRY_NAMES.get(row.operator, row.operator)
    extra = [("Operated by", html_text(operator))]
    if row.established:
        extra.append(("Established", html_text(row.established)))
    look = tables.style(
        color=colour, weight=1.6, opacity=0.9, fillColor=colour, fillOpacity=0.05, dashArray="6 4"
    )
    return {
        "type": "polygon",
        "c": encode_polygon(row.geometry, tables.scale),
        "s": look,
        "tooltip": html_text(row.name),
        "popup": popups.feature_popup(row, catalog, extra),
    }


def _sea_feature(row, catalog: Catalog, tables: Tables) -> dict:
    return {
        "type": "polygon",
        "c": encode_polygon(row.geometry, tables.scale),
        "s": tables.style(stroke=False, fillColor=style.SEA_FILL, fillOpacity=0.07),
        "tooltip": html_text(row.name),
        "popup": popups.feature_popup(row, catalog),
    }


def _strait_feature(row, catalog: Catalog, tables: Tables) -> dict:
    return {
        "type": "line",
        "c": encode_line(np.asarray(row.geometry.coords), tables.scale),
        "s": tables.style(color=style.STRAIT_COLOUR, weight=3, opacity=0.85, dashArray="2 4"),
        "tooltip": html_text(row.name),
        "popup": popups.feature_popup(row, catalog),
    }


def _place_feature(row, catalog: Catalog, tables: Tables) -> dict:
    colour = style.PLACE_COLOURS.get(row.kind, style.PLACE_COLOURS["reference"])
    extra = [("Kind", html_text(row.kind))]
    if row.disputed:
        extra.append(("Disputed", html_text(row.disputed)))
    return {
        "type": "point",
        "c": encode_line(np.array([[row.geometry.x, row.geometry.y]]), tables.scale),
        "radius": 4 if row.kind == "airbase" else 3.5,
        "s": tables.style(color="#ffffff", weight=1, fillColor=colour, fillOpacity=1),
        "tooltip": html_text(row.name),
        "popup": popups.feature_popup(row, catalog, extra),
    }


# Toggle id, label in the layer panel, catalogue layer, feature builder.
_REFERENCE_LAYERS = (
    ("ref-adiz", "ADIZs", "adiz", _adiz_feature),
    ("ref-seas", "Seas", "seas", _sea_feature),
    ("ref-straits", "Straits (gate lines)", "straits", _strait_feature),
    ("ref-places", "Places", "places", _place_feature),
)


# --- event layers --------------------------------------------------------------------------------


def _event_groups(
    joined: JoinResult, events: list[Event], tables: Tables, large: bool
) -> list[dict]:
    legs = _leg_features(joined.catalog, tables, large)
    names = popups.area_names(joined.catalog)
    groups = []
    for kind, label in style.KIND_LABELS.items():
        layers = [
            _event_layer(e, joined, legs.get(e.id, []), names, tables)
            for e in events
            if e.kind == kind
        ]
        if layers:
            groups.append(
                {
                    "id": f"events-{kind}",
                    "label": html_text(label),
                    "kind": "events",
                    "layers": layers,
                }
            )
    return groups


def _event_layer(
    event: Event, joined: JoinResult, legs: list[dict], names: dict[str, str], tables: Tables
) -> dict:
    features = [*legs, *(_marker_feature(m, tables.scale) for m in event.markers)]
    body = popups.event_popup(event, joined.facts[event.id], names)
    label = f"{event.start.isoformat()} · {event.title}"
    return _layer(
        event.id,
        label,
        features,
        start=event.start.isoformat(),
        end=event.end.isoformat(),
        popup=[tables.text(piece) for piece in body],
        sources=list(event.sources),
        colour=style.FORCE_COLOURS[style.force_key(event.countries)],
    )


def _vertex_count(catalog: Catalog) -> int:
    import shapely

    return int(shapely.get_num_coordinates(catalog.routes.geometry.values.to_numpy()).sum())


def _leg_features(catalog: Catalog, tables: Tables, large: bool) -> dict[str, list[dict]]:
    """Every route leg's feature, grouped by event; geometry work done once for all legs."""

    routes = catalog.routes.sort_values("id", kind="stable")
    geoms = routes.geometry.values.to_numpy()
    tolerance = SIMPLIFY_LARGE_DEGREES if large else SIMPLIFY_DEGREES
    encoded = encode_lines(simplify_lines(geoms, tolerance), tables.scale)
    kinds = {e.id: e.kind for e in catalog.events}
    out: dict[str, list[dict]] = {}
    for i, row in enumerate(routes.itertuples()):
        colour = style.FORCE_COLOURS[style.force_key(row.forces)]
        look = tables.style(
            color=colour,
            weight=3,
            opacity=0.9,
            dashArray=style.KIND_DASH[kinds[row.event]],
            lineCap="round",
            lineJoin="round",
        )
        # A route leg: the runtime's default feature type, its arrows in its style's colour.
        out.setdefault(row.event, []).append(
            {
                "c": encoded[i],
                "s": look,
                "name": html_text(row.name),
                "head": tables.text(popups.leg_header(row)),
            }
        )
    return out


def _marker_feature(marker, scale: int) -> dict:
    return {
        "type": "marker",
        "c": encode_line(np.array([[marker.lon, marker.lat]]), scale),
        "tooltip": html_text(marker.label),
        "head": popups.marker_header(marker),
    }


# --- basemap -------------------------------------------------------------------------------------


@cache
def land_shapes() -> tuple:
    """The offline Natural Earth land layer as shapely polygons in the Pacific frame."""
    import shapely

    polygons = []
    for feature in json.loads(land_path().read_text(encoding="utf-8"))["features"]:
        geometry = feature["geometry"]
        parts = geometry["coordinates"]
        for polygon in [parts] if geometry["type"] == "Polygon" else parts:
            shell, *holes = (np.asarray(r, dtype=float) for r in polygon)
            for ring in (shell, *holes):
                ring[:, 0] = pacific_lon(ring[:, 0])
            polygons.append(shapely.Polygon(shell, holes))
    return tuple(polygons)


@cache
def land_polygons(scale: int = COORD_SCALE) -> list:
    """The offline Natural Earth land layer as encoded polygons, in the Pacific frame.

    Read straight from the GeoJSON coordinates: the build script already unioned the land across
    180°, so only the frame shift and the encoding remain to be done.
    """
    collection = json.loads(land_path().read_text(encoding="utf-8"))
    polygons = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        parts = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            parts = [parts]
        for polygon in parts:
            rings = []
            for ring in polygon:
                coords = np.asarray(ring, dtype=float)[:-1]
                coords[:, 0] = pacific_lon(coords[:, 0])
                rings.append(encode_line(coords, scale))
            polygons.append(rings)
    return polygons


# --- page furniture ------------------------------------------------------------------------------


def _subtitle(events: list[Event]) -> str:
    if not events:
        return "No events selected · reference geography only"
    first, last = events[0].start, max(e.end for e in events)
    n = len(events)
    return f"{n} event{'s' * (n != 1)}, {first.isoformat()} to {last.isoformat()} · routes are approximate reconstructions"


def _attribution() -> str:
    # An online basemap's credit is not repeated here: its tile layer carries it (see _basemap),
    # and Leaflet shows it once in the same attribution line.
    parts = [
        "Land: Natural Earth (public domain)",
        "Routes are approximate reconstructions from published reports",
        "patrolmap",
    ]
    return " · ".join(parts)


def _basemap(name: str | None) -> dict | None:
    if name is None:
        return None
    spec = BASEMAPS[name]
    return {"url": spec["url"], "attribution": html_text(spec["attribution"])}


def _legend(catalog: Catalog, events: list[Event]) -> list[dict]:
    items = []
    for key, label in style.force_legend(catalog.routes["forces"]):
        items.append(
            {"kind": "line", "colour": style.FORCE_COLOURS[key], "label": html_text(label)}
        )
    if any(e.kind == "naval-transit" for e in events):
        items.append({"kind": "dash", "colour": "#555555", "label": "Naval track (dashed)"})
    if any(e.markers for e in events):
        items.append(
            {"kind": "marker", "colour": style.MARKER_COLOUR, "label": "Intercept or notable point"}
        )
    for operator in sorted(set(catalog.adiz["operator"])):
        name = COUNTRY_NAMES.get(operator, operator)
        items.append(
            {
                "kind": "area",
                "colour": style.adiz_colour(operator),
                "label": html_text(f"{name} ADIZ"),
            }
        )
    items.append({"kind": "gate", "colour": style.STRAIT_COLOUR, "label": "Strait gate line"})
    items.append(
        {"kind": "dot", "colour": style.PLACE_COLOURS["airbase"], "label": "Air base or place"}
    )
    return items


def _bounds(catalog: Catalog) -> list[list[float]]:
    """[[south, west], [north, east]] of the selected events, or of the ADIZs when none has a route."""
    import shapely

    geoms = list(catalog.routes.geometry)
    points = [(m.lon, m.lat) for e in catalog.events for m in e.markers]
    if points:
        geoms.append(shapely.MultiPoint(points))
    if not geoms:
        geoms = list(catalog.adiz.geometry) or [shapely.box(*REGION_BOX)]
    west, south, east, north = shapely.total_bounds(np.array(geoms, dtype=object))
    return [[round(south, 3), round(west, 3)], [round(north, 3), round(east, 3)]]
