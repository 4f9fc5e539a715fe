"""Turn a joined catalogue into the map's data: one JSON-ready dict the page script draws.

Each layer kind has its own small builder. Geometry arrives in the Pacific frame and leaves as
Leaflet [lat, lon] arrays, rounded to what a screen can show; text arrives raw and leaves as escaped
HTML (popups.py, safety.escape), so the page never sees catalogue text unescaped.
"""

from __future__ import annotations

import json
import math
from functools import cache

import numpy as np

from patrolmap.catalog.model import COUNTRY_NAMES, Catalog, Event
from patrolmap.join import JoinResult
from patrolmap.paths import land_path
from patrolmap.render import popups, style
from patrolmap.safety.escape import html_text

# 4 decimals is about 11 m: finer than any screen shows at the zooms this map is read at, and it
# cut a 20,000-polygon page by 44% (folium-pitfalls.md, section 6).
DISPLAY_DECIMALS = 4
LAND_DECIMALS = 3
ARROW_SPACING_KM = 700.0
MAX_ARROWS_PER_LEG = 4

BASEMAPS = {
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
    """Everything the page script needs to draw the map, as plain JSON-ready data."""
    catalog = joined.catalog
    events = sorted(catalog.events, key=lambda e: (e.start, e.id))
    groups = [_reference_group(catalog), *_event_groups(joined, events)]
    return {
        "title": html_text(title or DEFAULT_TITLE),
        "subtitle": html_text(_subtitle(events)),
        "attribution": _attribution(basemap),
        "basemap": _basemap(basemap),
        "renderer": "canvas" if canvas else "svg",
        "colours": {
            "sea": style.SEA_BACKGROUND,
            "land": style.LAND_FILL,
            "landEdge": style.LAND_EDGE,
        },
        "land": land_latlngs(),  # cached: treat as read-only
        "groups": groups,
        "legend": _legend(catalog, events),
        "timeline": _timeline(events),
        "bounds": _bounds(catalog),
    }


# --- reference layers ----------------------------------------------------------------------------


def _reference_group(catalog: Catalog) -> dict:
    layers = [
        _layer("ref-adiz", "ADIZs", [_adiz_feature(r, catalog) for r in catalog.adiz.itertuples()]),
        _layer("ref-seas", "Seas", [_sea_feature(r, catalog) for r in catalog.seas.itertuples()]),
        _layer(
            "ref-straits",
            "Straits (gate lines)",
            [_strait_feature(r, catalog) for r in catalog.straits.itertuples()],
        ),
        _layer(
            "ref-places",
            "Places",
            [_place_feature(r, catalog) for r in catalog.places.itertuples()],
        ),
    ]
    return {"id": "reference", "label": "Reference", "kind": "reference", "layers": layers}


def _layer(layer_id: str, label: str, features: list[dict], **extra) -> dict:
    return {"id": layer_id, "label": html_text(label), "show": True, "features": features, **extra}


def _adiz_feature(row, catalog: Catalog) -> dict:
    colour = style.adiz_colour(row.operator)
    operator = COUNTRY_NAMES.get(row.operator, row.operator)
    extra = [("Operated by", html_text(operator))]
    if row.established:
        extra.append(("Established", html_text(row.established)))
    return {
        "type": "polygon",
        "latlngs": _polygon_latlngs(row.geometry, DISPLAY_DECIMALS),
        "style": {
            "color": colour,
            "weight": 1.6,
            "opacity": 0.9,
            "fillColor": colour,
            "fillOpacity": 0.05,
            "dashArray": "6 4",
        },
        "tooltip": html_text(row.name),
        "popup": popups.feature_popup(row, catalog, extra),
    }


def _sea_feature(row, catalog: Catalog) -> dict:
    return {
        "type": "polygon",
        "latlngs": _polygon_latlngs(row.geometry, DISPLAY_DECIMALS),
        "style": {"stroke": False, "fillColor": style.SEA_FILL, "fillOpacity": 0.07},
        "tooltip": html_text(row.name),
        "popup": popups.feature_popup(row, catalog),
    }


def _strait_feature(row, catalog: Catalog) -> dict:
    return {
        "type": "line",
        "latlngs": _line_latlngs(row.geometry, DISPLAY_DECIMALS),
        "style": {"color": style.STRAIT_COLOUR, "weight": 3, "opacity": 0.85, "dashArray": "2 4"},
        "tooltip": html_text(row.name),
        "popup": popups.feature_popup(row, catalog),
    }


def _place_feature(row, catalog: Catalog) -> dict:
    colour = style.PLACE_COLOURS.get(row.kind, style.PLACE_COLOURS["reference"])
    extra = [("Kind", html_text(row.kind))]
    if row.disputed:
        extra.append(("Disputed", html_text(row.disputed)))
    return {
        "type": "point",
        "latlng": [
            round(row.geometry.y, DISPLAY_DECIMALS),
            round(row.geometry.x, DISPLAY_DECIMALS),
        ],
        "radius": 4 if row.kind == "airbase" else 3.5,
        "style": {"color": "#ffffff", "weight": 1, "fillColor": colour, "fillOpacity": 1},
        "tooltip": html_text(row.name),
        "popup": popups.feature_popup(row, catalog, extra),
    }


# --- event layers --------------------------------------------------------------------------------


def _event_groups(joined: JoinResult, events: list[Event]) -> list[dict]:
    by_event: dict[str, list] = {}
    for row in joined.catalog.routes.sort_values("id").itertuples():
        by_event.setdefault(row.event, []).append(row)
    names = popups.area_names(joined.catalog)
    groups = []
    for kind, label in style.KIND_LABELS.items():
        layers = [
            _event_layer(e, joined, by_event.get(e.id), names) for e in events if e.kind == kind
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


def _event_layer(event: Event, joined: JoinResult, legs, names: dict[str, str]) -> dict:
    features = []
    for row in legs or ():
        features.append(_leg_feature(event, row))
    for marker in event.markers:
        features.append(_marker_feature(marker))
    label = f"{event.start.isoformat()} · {event.title}"
    return _layer(
        event.id,
        label,
        features,
        start=event.start.isoformat(),
        end=event.end.isoformat(),
        popup=popups.event_popup(event, joined.facts[event.id], joined.catalog, names),
        colour=style.FORCE_COLOURS[style.force_key(event.countries)],
    )


def _leg_feature(event: Event, row) -> dict:
    colour = style.FORCE_COLOURS[style.force_key(row.forces)]
    latlngs = _line_latlngs(row.geometry, DISPLAY_DECIMALS)
    return {
        "type": "line",
        "latlngs": latlngs,
        "style": {
            "color": colour,
            "weight": 3,
            "opacity": 0.9,
            "dashArray": style.KIND_DASH[event.kind],
            "lineCap": "round",
            "lineJoin": "round",
        },
        "tooltip": html_text(f"{event.start.isoformat()} · {event.title} — {row.name}"),
        "head": popups.leg_header(row),
        "arrows": arrowheads(row.geometry),
        "colour": colour,
    }


def _marker_feature(marker) -> dict:
    note = f"<p>{html_text(marker.note)}</p>" if marker.note else ""
    conf = html_text(f"Position: {marker.confidence}")
    return {
        "type": "marker",
        "latlng": [round(marker.lat, DISPLAY_DECIMALS), round(marker.lon, DISPLAY_DECIMALS)],
        "tooltip": html_text(marker.label),
        "head": f'<p class="pm-leg"><b>{html_text(marker.label)}</b></p>{note}<p class="pm-note">{conf}</p>',
    }


def arrowheads(line) -> list[list[float]]:
    """[lat, lon, bearing°] points along `line` where direction arrows go, bearing on screen."""
    from pyproj import Geod

    coords = np.asarray(line.coords)
    if len(coords) < 2:
        return []
    km = Geod(ellps="WGS84").line_length(coords[:, 0], coords[:, 1]) / 1000.0
    count = int(min(MAX_ARROWS_PER_LEG, max(1, km // ARROW_SPACING_KM)))
    out = []
    for i in range(count):
        frac = (i + 0.5) / count if count > 1 else 0.55
        here = line.interpolate(frac, normalized=True)
        ahead = line.interpolate(min(frac + 0.01, 1.0), normalized=True)
        behind = line.interpolate(max(frac - 0.01, 0.0), normalized=True)
        out.append([round(here.y, 3), round(here.x, 3), _screen_bearing(behind, ahead)])
    return out


def _screen_bearing(a, b) -> float:
    """Clockwise angle from screen-up of the segment a→b in Web Mercator."""

    def merc(lat: float) -> float:
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))

    return round(math.degrees(math.atan2(b.x - a.x, merc(b.y) - merc(a.y))), 1)


# --- geometry helpers ----------------------------------------------------------------------------


def _line_latlngs(line, decimals: int) -> list:
    return np.round(np.asarray(line.coords)[:, 1::-1], decimals).tolist()


def _polygon_latlngs(geom, decimals: int) -> list:
    """Leaflet's nesting: a Polygon is [ring, ...]; a MultiPolygon is [[ring, ...], ...]."""

    def polygon(p):
        rings = [p.exterior, *p.interiors]
        return [np.round(np.asarray(r.coords)[:-1, 1::-1], decimals).tolist() for r in rings]

    if geom.geom_type == "Polygon":
        return polygon(geom)
    return [polygon(p) for p in geom.geoms]


@cache
def land_latlngs() -> list:
    """The offline Natural Earth land layer as Leaflet polygons, in the Pacific frame.

    Read straight from the GeoJSON coordinates: the build script already unioned the land across
    180°, so only the frame shift and the [lat, lon] order remain to be done.
    """
    collection = json.loads(land_path().read_text(encoding="utf-8"))
    polygons = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        parts = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            parts = [parts]
        for polygon in parts:
            polygons.append(
                [
                    [
                        [round(lat, LAND_DECIMALS), round(lon % 360.0, LAND_DECIMALS)]
                        for lon, lat in ring[:-1]
                    ]
                    for ring in polygon
                ]
            )
    return polygons


# --- page furniture ------------------------------------------------------------------------------


def _subtitle(events: list[Event]) -> str:
    if not events:
        return "No events selected · reference geography only"
    first, last = events[0].start, max(e.end for e in events)
    n = len(events)
    return f"{n} event{'s' * (n != 1)}, {first.isoformat()} to {last.isoformat()} · routes are approximate reconstructions"


def _attribution(basemap: str | None) -> str:
    parts = ["Land: Natural Earth (public domain)"]
    if basemap:
        parts.append(html_text(BASEMAPS[basemap]["attribution"]))
    parts.append("Routes are approximate reconstructions from published reports")
    parts.append("patrolmap")
    return " · ".join(parts)


def _basemap(name: str | None) -> dict | None:
    if name is None:
        return None
    spec = BASEMAPS[name]
    return {"url": spec["url"], "attribution": html_text(spec["attribution"])}


def _legend(catalog: Catalog, events: list[Event]) -> list[dict]:
    items = []
    keys = sorted(
        {style.force_key(f) for f in catalog.routes["forces"]}, key=list(style.FORCE_COLOURS).index
    )
    for key in keys:
        items.append(
            {
                "kind": "line",
                "colour": style.FORCE_COLOURS[key],
                "label": html_text(style.FORCE_LABELS.get(key, "Other")),
            }
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


def _timeline(events: list[Event]) -> dict | None:
    if not events:
        return None
    return {"min": events[0].start.isoformat(), "max": max(e.end for e in events).isoformat()}


def _bounds(catalog: Catalog) -> list[list[float]]:
    """[[south, west], [north, east]] of the selected events, or of the ADIZs when none has a route."""
    import shapely

    geoms = list(catalog.routes.geometry)
    points = [(m.lon, m.lat) for e in catalog.events for m in e.markers]
    if points:
        geoms.append(shapely.MultiPoint(points))
    if not geoms:
        geoms = list(catalog.adiz.geometry) or [shapely.box(120, 20, 200, 70)]
    west, south, east, north = shapely.total_bounds(np.array(geoms, dtype=object))
    return [[round(south, 3), round(west, 3)], [round(north, 3), round(east, 3)]]
