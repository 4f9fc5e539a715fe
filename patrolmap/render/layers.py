"""Turn a scene into the map's data: one JSON-ready dict the page runtime draws.

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

from patrolmap.catalog.model import Catalog, Event
from patrolmap.join import JoinResult
from patrolmap.render import popups
from patrolmap.render.simplify import simplify_lines
from patrolmap.render.timeline import text_alternative, timeline_data
from patrolmap.render.views import region_views
from patrolmap.safety.escape import html_text
from patrolmap.scene import style
from patrolmap.scene.basemap import land_shapes
from patrolmap.scene.extent import sheet_extents
from patrolmap.scene.model import Feature, Scene
from patrolmap.scene.naming import Naming
from patrolmap.scene.style import STYLES
from patrolmap.scene.text import KIND_GROUPS
from patrolmap.scene.variants import attribution, given_by
from patrolmap.scene.words import Words

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


def map_data(scene: Scene, *, basemap: str | None = None, canvas: bool = False) -> dict:
    """Everything the page runtime needs to draw `scene`, as plain JSON-ready data."""
    catalog = scene.catalog
    events = sorted(catalog.events, key=lambda e: (e.start, e.id))
    large = _vertex_count(catalog) > LARGE_VERTICES
    tables = Tables(COORD_SCALE_LARGE if large else COORD_SCALE)
    groups = [_reference_group(scene, tables), *_event_groups(scene, events, tables, large)]
    groups += _variant_groups(scene, tables)
    cited = [s for e in events for s in e.sources] + [s for v in scene.variants for s in v.sources]
    words = scene.words
    return {
        "lang": words.language,  # the page's <html lang> (page.py)
        "words": words.page(),  # plain text: the runtime sets them with textContent only
        "scale": tables.scale,
        "title": html_text(scene.title),
        "subtitle": html_text(scene.subtitle),
        "attribution": _attribution(scene.caveat, words),
        "basemap": _basemap(basemap),
        "renderer": "canvas" if canvas else "svg",
        "colours": {
            "sea": style.SEA_BACKGROUND,
            "land": style.LAND_FILL,
            "landEdge": style.LAND_EDGE,
        },
        "land": land_polygons(tables.scale),  # cached: treat as read-only
        "styles": tables.styles,
        "bandOpacity": style.CORRIDOR_OPACITY,  # of the uncertainty bands' pane as a whole
        "sources": popups.source_items(catalog, cited),
        "texts": tables.texts,
        "groups": groups,
        "labels": _labels(scene),
        "legend": _legend(scene),
        "timeline": timeline_data(
            scene.joined, events, scene.naming
        ),  # the timeline panel and playback
        "text": text_alternative(scene.joined, scene.naming),  # the text description and data table
        "bounds": _bounds(scene.bounds),
        "sheet": _sheet(scene),  # the print mode's fixed extents (js/print.js)
        # The region buttons, the one the map opens on first; `text` is the button's words.
        "views": [
            {**view, "text": words.get(f"view.{view['label']}", view["label"])}
            for view in region_views(catalog)
        ],
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
        self._roles: dict[str, int] = {}  # a scene style's index, found once per role

    def style(self, **options) -> int:
        key = json.dumps(options, sort_keys=True)
        if key not in self._styles:
            self._styles[key] = len(self.styles)
            self.styles.append(options)
        return self._styles[key]

    def look(self, role: str) -> int:
        """The index of a scene role's Leaflet style (scene/style.py STYLES). 40,000 features share a
        dozen roles: serialising the style to find its index each time was 0.6 s at 10,000 events."""
        if role not in self._roles:
            self._roles[role] = self.style(**STYLES[role].leaflet())
        return self._roles[role]

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
    rest = ((values << 1) ^ (values >> 63)).view(np.uint64)  # zigzag: small magnitudes stay small
    width = np.ones(len(rest), dtype=np.int64)
    for digits in range(1, 13):  # a 64-bit value needs at most 13 five-bit digits
        longer = rest >> np.uint64(5 * digits) > 0
        if not longer.any():
            break
        width += longer
    ends = np.cumsum(width)
    out = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    at = ends - width  # where each value's first character goes
    todo = np.arange(len(rest))
    digit = 0
    while len(todo):  # one pass per digit position, over the values that still have one
        more = width[todo] > digit + 1
        codes = (rest[todo] & np.uint64(31)).astype(np.int64) | (more.astype(np.int64) << 5)
        out[at[todo] + digit] = _ALPHABET_BYTES[codes]
        rest[todo] >>= np.uint64(5)
        todo = todo[more]
        digit += 1
    return out.tobytes(), width


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
    return _encode_runs(coords, owner, len(geoms), scale)


def _encode_runs(coords: np.ndarray, owner: np.ndarray, count: int, scale: int) -> list[str]:
    """The [lon, lat] rows of `count` lines, in order, `owner` saying whose each row is: one text
    per line (an owner with no rows gets an empty one)."""
    q = np.round(coords[:, 1::-1] * scale).astype(np.int64)
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    deltas = q.copy()
    deltas[1:] -= q[:-1]
    deltas[starts] = q[starts]  # each line starts from absolute values
    text, width = encode_varints(deltas)
    # Characters per line: the widths of its vertices' two values, summed.
    per_line = np.bincount(owner, weights=width.reshape(-1, 2).sum(axis=1), minlength=count)
    ends = np.cumsum(per_line.astype(np.int64))
    chars = text.decode("ascii")
    return [chars[a:b] for a, b in zip(np.r_[0, ends[:-1]].tolist(), ends.tolist(), strict=True)]


# --- reference layers ----------------------------------------------------------------------------


def _reference_group(scene: Scene, tables: Tables) -> dict:
    catalog = scene.catalog
    words = scene.words
    layers = []
    for layer_id, kind, build in _REFERENCE_LAYERS:
        rows = catalog.layers[kind].set_index("id", drop=False)
        # The page draws what the figure draws and the legend lists: the features in view.
        features = [
            build(f, rows.loc[f.id], catalog, tables, words)
            for f in scene.layer(kind).features
            if f.in_view
        ]
        layers.append(_layer(layer_id, words[f"layer.{kind}"], features))
    label = html_text(words["group.reference"])
    return {"id": "reference", "label": label, "kind": "reference", "layers": layers}


def _layer(layer_id: str, label: str, features: list[dict], **extra) -> dict:
    return {"id": layer_id, "label": html_text(label), "show": True, "features": features, **extra}


def _adiz_feature(f: Feature, row, catalog: Catalog, tables: Tables, words: Words) -> dict:
    extra = [(html_text(words["operated_by"]), html_text(words.country(row.operator)))]
    if row.established:
        extra.append((html_text(words["established"]), html_text(row.established)))
    return {
        "type": "polygon",
        "c": encode_polygon(row.geometry, tables.scale),
        "s": tables.look(f.role),
        "tooltip": html_text(f.name),
        "popup": popups.feature_popup(row, catalog, extra, name=f.name, words=words),
    }


def _sea_feature(f: Feature, row, catalog: Catalog, tables: Tables, words: Words) -> dict:
    return {
        "type": "polygon",
        "c": encode_polygon(row.geometry, tables.scale),
        "s": tables.look(f.role),
        "tooltip": html_text(f.name),
        "popup": popups.feature_popup(row, catalog, name=f.name, words=words),
    }


def _strait_feature(f: Feature, row, catalog: Catalog, tables: Tables, words: Words) -> dict:
    return {
        "type": "line",
        "c": encode_line(np.asarray(row.geometry.coords), tables.scale),
        "s": tables.look(f.role),
        "tooltip": html_text(f.name),
        "popup": popups.feature_popup(row, catalog, name=f.name, words=words),
    }


def _place_feature(f: Feature, row, catalog: Catalog, tables: Tables, words: Words) -> dict:
    extra = [(html_text(words["kind"]), html_text(words.get(f"place.{row.kind}", row.kind)))]
    if row.disputed:
        extra.append((html_text(words["disputed"]), html_text(row.disputed)))
    return {
        "type": "point",
        "c": encode_line(np.array([[row.geometry.x, row.geometry.y]]), tables.scale),
        "radius": STYLES[f.role].radius,
        "s": tables.look(f.role),
        "tooltip": html_text(f.name),
        "popup": popups.feature_popup(row, catalog, extra, name=f.name, words=words),
    }


# Toggle id, catalogue layer (its panel label: words "layer.<layer>"), feature builder.
_REFERENCE_LAYERS = (
    ("ref-adiz", "adiz", _adiz_feature),
    ("ref-seas", "seas", _sea_feature),
    ("ref-straits", "straits", _strait_feature),
    ("ref-places", "places", _place_feature),
)


# --- event layers --------------------------------------------------------------------------------


def _event_groups(scene: Scene, events: list[Event], tables: Tables, large: bool) -> list[dict]:
    legs = _leg_features(scene, tables, large)
    names = {f.id: f.name for layer in scene.reference for f in layer.features}
    groups = []
    for kind in KIND_GROUPS:
        label = scene.words[f"group.{kind}"]
        layers = [
            _event_layer(e, scene.joined, legs.get(e.id, []), names, scene.naming, tables)
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
    event: Event,
    joined: JoinResult,
    legs: list[dict],
    names: dict[str, str],
    naming: Naming,
    tables: Tables,
) -> dict:
    words = Words(naming.language)
    features = [*legs, *(_marker_feature(m, tables, words) for m in event.markers)]
    body = popups.event_popup(event, joined.facts[event.id], names, naming)
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


# --- route variants ------------------------------------------------------------------------------


def _variant_groups(scene: Scene, tables: Tables) -> list[dict]:
    """One toggle per variant, in a group of their own under the events: another source's version
    of a route, drawn thin and dotted, its popup and tooltip naming the sources that give it."""
    if not scene.variants:
        return []
    catalog = scene.catalog
    events = {e.id: e for e in catalog.events}
    rows = {row.id: row for row in catalog.route_variants.itertuples()}
    names = {f.id: f.name for layer in scene.reference for f in layer.features}
    names.update(zip(catalog.routes["id"], catalog.routes["name"], strict=True))
    layers = []
    for variant in scene.variants:
        event, row = events[variant.event_id], rows[variant.id]
        facts = scene.joined.variants[variant.id]
        body = popups.variant_popup(row, facts, event, names, scene.words)
        leg = {
            "c": encode_line(np.asarray(variant.geometry.coords), tables.scale),
            "s": tables.look(variant.role),
            "name": html_text(variant.name),
            "tooltip": html_text(f"{attribution(variant)} — {variant.name}"),
            "a": [],  # no arrows: the dots stay an alternative, not a second route
        }
        label = f"{event.start.isoformat()} · {event.title}: {given_by(variant)}"
        layers.append(
            _layer(
                variant.id,
                label,
                [leg],
                start=event.start.isoformat(),
                end=event.end.isoformat(),
                popup=[tables.text(piece) for piece in body],
                sources=list(variant.sources),
                colour=STYLES[variant.role].colour,
                variant_of=list(variant.of),
                event=variant.event_id,
            )
        )
    label = html_text(scene.words["group.variants"])
    return [{"id": "variants", "label": label, "kind": "variants", "layers": layers}]


def _vertex_count(catalog: Catalog) -> int:
    import shapely

    return int(shapely.get_num_coordinates(catalog.routes.geometry.values.to_numpy()).sum())


def _leg_features(scene: Scene, tables: Tables, large: bool) -> dict[str, list[dict]]:
    """Every route leg's feature, grouped by event. A leg with an uncertainty band carries the
    band's half-width and style as "b": [km, style]; the page strokes the leg at that width in the
    bands' pane (legcanvas.js), so no band outline is shipped."""

    routes = scene.catalog.routes.sort_values("id", kind="stable")
    geoms = routes.geometry.values.to_numpy()
    tolerance = SIMPLIFY_LARGE_DEGREES if large else SIMPLIFY_DEGREES
    encoded = encode_lines(simplify_lines(geoms, tolerance), tables.scale)
    corridors = {c.route_id: c for c in scene.corridors}
    out: dict[str, list[dict]] = {}
    for i, row in enumerate(routes.itertuples()):
        # A route leg: the runtime's default feature type, with its arrows in its colour.
        leg = {
            "c": encoded[i],
            "s": tables.look(scene.leg_roles[row.id]),
            "name": html_text(row.name),
            "head": tables.text(popups.leg_header(row, scene.words)),
            "a": [_arrow(a) for a in scene.arrows[row.id]],
        }
        corridor = corridors.get(row.id)
        if corridor is not None:
            leg["b"] = [corridor.km, tables.look(corridor.role)]
        out.setdefault(row.event, []).append(leg)
    return out


def _arrow(a) -> list[float]:
    """[lat, lon, lat ahead, lon ahead]: the runtime turns the arrowhead towards the second point."""
    return [round(v, 4) for v in (a.lat, a.lon, a.ahead_lat, a.ahead_lon)]


def _marker_feature(marker, tables: Tables, words: Words) -> dict:
    return {
        "type": "marker",
        "c": encode_line(np.array([[marker.lon, marker.lat]]), tables.scale),
        "s": tables.look("marker"),
        "radius": STYLES["marker"].radius,
        "tooltip": html_text(marker.label),
        "head": popups.marker_header(marker, words),
    }


# --- basemap -------------------------------------------------------------------------------------


@cache
def land_polygons(scale: int = COORD_SCALE) -> list:
    """The offline land layer (scene/basemap.py) as encoded polygons, in the Pacific frame."""
    return [encode_polygon(p, scale) for p in land_shapes()]


# --- page furniture ------------------------------------------------------------------------------


def _attribution(caveat: str, words: Words) -> str:
    # An online basemap's credit is not repeated here: its tile layer carries it (see _basemap),
    # and Leaflet shows it once in the same attribution line.
    parts = [
        html_text(words["land_credit"]),
        html_text(caveat.rstrip(".。")),
        "patrolmap",
    ]
    return " · ".join(parts)


def _basemap(name: str | None) -> dict | None:
    if name is None:
        return None
    spec = BASEMAPS[name]
    return {"url": spec["url"], "attribution": html_text(spec["attribution"])}


def _legend(scene: Scene) -> list[dict]:
    """The scene's legend items, each with its swatch's colour (the page's CSS draws the key)."""
    out = []
    for item in scene.legend:
        look = STYLES[item.role]
        # A dot's swatch is its fill; a line's or an area's is its stroke; a band has only a fill.
        filled = item.key == "dot" or not look.stroke
        colour = (look.fill or look.colour) if filled else look.colour
        out.append({"kind": item.key, "colour": colour, "label": html_text(item.label)})
    return out


def _sheet(scene: Scene) -> list[dict]:
    """The printed sheet's maps, each {label, events, bounds}: the main map, then any insets."""
    extents = sheet_extents(scene.catalog, scene.view)
    return [{"label": lab, "events": n, "bounds": _bounds(box)} for lab, n, box in extents]


def _labels(scene: Scene) -> list[list]:
    """[text, lat, lon, min zoom, priority, kind, colour] per label the page shows (by zoom)."""
    return [
        [
            html_text(lab.text),
            round(lab.lat, 3),
            round(lab.lon, 3),
            lab.min_zoom,
            lab.priority,
            lab.kind,
            lab.colour,
        ]
        for lab in scene.labels
        if lab.min_zoom >= 0
    ]


def _bounds(box: tuple[float, float, float, float]) -> list[list[float]]:
    """A scene's (west, south, east, north) box as Leaflet's [[south, west], [north, east]]."""
    west, south, east, north = box
    return [[round(south, 3), round(west, 3)], [round(north, 3), round(east, 3)]]
