"""The export model: every feature patrolmap writes out, with the provenance GIS tools usually lose.

Each exported route leg and marker carries its event (id, title, kind, dates, participants), its
confidence, the derived facts of the join, the disputed notes and its sources in full. Reference
features carry their own fields and sources. Records hold plain values (str, int, float, date, lists
and dicts of them) and geometry in the Pacific frame; each writer decides how to spell them.

Only the fields named here are exported: anything else in the catalogue (internal notes, say) stays in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from patrolmap.catalog.model import COUNTRY_NAMES, Catalog, Event
from patrolmap.errors import PatrolmapError
from patrolmap.geo import pacific_lon
from patrolmap.join import EventFacts, JoinResult, route_lengths_km

REFERENCE_LAYERS = ("adiz", "seas", "straits", "places", "territory")
EXPORT_LAYERS = ("events", "routes", "markers", *REFERENCE_LAYERS)
DEFAULT_LAYERS = ("routes", "markers")

# Reference-layer properties that are exported, beyond the common ones (id, name, aliases, ...).
_REFERENCE_EXTRA = {
    "adiz": ("operator", "established"),
    "places": ("kind", "country", "disputed"),
}
# EventFacts fields under the names an exported table gives them. Facts the join adds later are
# exported under their own names (see _derived), so a new derived fact needs no change here.
_FACT_NAMES = {
    "adiz": "adiz_entered",
    "straits": "straits_crossed",
    "seas": "seas_crossed",
    "route_km": "event_route_km",
    "closest_km": "closest_approach_km",
    "territory": "closest_foreign",  # as summary's JSON names it
}
_NOT_FACTS = ("event_id", "has_route")


@dataclass(frozen=True)
class Record:
    """One exported feature: its layer, its properties in a fixed order, its Pacific-frame geometry."""

    layer: str
    properties: dict[str, Any]
    geometry: Any  # a shapely geometry, or None for an event without routes

    @property
    def id(self) -> str:
        return self.properties["id"]


def json_default(value: Any) -> str:
    """For json.dumps: dates as ISO text; anything else unexpected is a bug."""
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def parse_layers(names: Iterable[str]) -> tuple[str, ...] | None:
    """Return the chosen layers in EXPORT_LAYERS order (None for the default); reject unknown names."""
    chosen = {n.strip() for name in names for n in name.split(",") if n.strip()}
    if not chosen:
        return None
    unknown = sorted(chosen - set(EXPORT_LAYERS))
    if unknown:
        raise PatrolmapError(
            f"--layers {','.join(unknown)}: unknown layer; choose from {', '.join(EXPORT_LAYERS)}"
        )
    return tuple(layer for layer in EXPORT_LAYERS if layer in chosen)


def export_records(
    joined: JoinResult, layers: tuple[str, ...] | None = None
) -> dict[str, list[Record]]:
    """Build the records of each layer, in EXPORT_LAYERS order.

    With `layers` None: routes and markers, plus the ADIZs, seas, straits and places the selected
    routes touch (entered, crossed, or within the join's closest-approach radius).
    """
    catalog = joined.catalog
    builders = {
        "events": lambda: _event_records(joined),
        "routes": lambda: _route_records(joined),
        "markers": lambda: _marker_records(joined),
    }
    touched = _touched_ids(joined) if layers is None else None
    # Territory is not drawn by the routes but measured against them: only on request.
    default = (*DEFAULT_LAYERS, *(r for r in REFERENCE_LAYERS if r != "territory"))
    chosen = layers if layers is not None else default
    out: dict[str, list[Record]] = {}
    for layer in chosen:
        if layer in builders:
            out[layer] = builders[layer]()
        elif layer == "territory":
            out[layer] = territory_records()
        elif layer in catalog.layers:
            out[layer] = _reference_records(catalog, layer, touched)
        elif layers is not None:
            raise PatrolmapError(
                f"--layers {layer}: this catalogue has no {layer} layer; leave it out"
            )
    return {layer: records for layer, records in out.items() if records or layers is not None}


def _touched_ids(joined: JoinResult) -> set[str]:
    ids: set[str] = set()
    for facts in joined.facts.values():
        ids.update(facts.adiz, facts.seas, facts.straits, facts.closest_km)
    return ids


# --- event provenance ----------------------------------------------------------------------------


def event_provenance(event: Event, facts: EventFacts, catalog: Catalog) -> dict[str, Any]:
    """What every route leg and marker of `event` carries about it: who, when, facts, disputes."""
    return {
        "event": event.id,
        "event_title": event.title,
        "event_kind": event.kind,
        "event_start": event.start,
        "event_end": event.end,
        "patrol_number": event.patrol_number,
        "event_confidence": event.confidence,
        "participants": [_participant(p) for p in event.participants],
        **_derived(facts),
        "disputed": [
            {"field": d.field, "note": d.note, "sources": list(d.sources)} for d in event.disputed
        ],
        # entries into a state's territory that the sources report (see docs/territory-check.md)
        "territory_entries": _plain(getattr(event, "territory_entries", ())),
        "event_sources": source_details(catalog, event.sources),
    }


def _participant(p) -> dict[str, Any]:
    return {"country": p.country, "type": p.type, "count": p.count, "role": p.role}


def _derived(facts: EventFacts) -> dict[str, Any]:
    """The join's derived facts of an event, every field of EventFacts but its id."""
    out: dict[str, Any] = {}
    for field in dataclasses.fields(facts):
        if field.name in _NOT_FACTS:
            continue
        value = getattr(facts, field.name)
        out[_FACT_NAMES.get(field.name, field.name)] = _plain(value)
    return out


def _plain(value: Any) -> Any:
    """A JSON-shaped copy: tuples become lists, dataclasses dicts (with their `describe()` text where
    they have one); values no format can hold as data (geometry, say) are left out."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value if _is_data(v)]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if _is_data(v)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        out = {k: _plain(v) for k, v in fields.items() if _is_data(v)}
        describe = getattr(value, "describe", None)
        return {**out, "description": describe()} if callable(describe) else out
    return value


def _is_data(value: Any) -> bool:
    if isinstance(value, str | int | float | bool | dt.date | tuple | list | dict) or value is None:
        return True
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def source_details(catalog: Catalog, ids: Iterable[str]) -> list[dict[str, Any]]:
    """Each cited source as {id, outlet, title, date, url}, in citation order."""
    out = []
    for sid in ids:
        source = catalog.sources.get(sid)
        if source is None:
            out.append({"id": sid, "outlet": None, "title": None, "date": None, "url": None})
            continue
        out.append(
            {
                "id": sid,
                "outlet": source.outlet,
                "title": source.headline,
                "date": source.date.isoformat() if source.date else None,
                "url": source.url,
            }
        )
    return out


# --- layers --------------------------------------------------------------------------------------


def _route_records(joined: JoinResult) -> list[Record]:
    """The route's legs, then the variants (another source's version of some legs): each says in
    `variant_of` which legs it stands in for (empty for a leg of the route), so a table that sums
    `leg_km` can leave the variants out; `event_route_km` counts the route alone."""
    catalog = joined.catalog
    routes = catalog.all_legs
    lengths = route_lengths_km(routes.geometry.values.to_numpy())
    events = {e.id: e for e in catalog.events}
    records = []
    for row, km in zip(routes.itertuples(index=False), lengths.tolist(), strict=True):
        event = events[row.event]
        props = {
            "id": row.id,
            "name": row.name,
            "forces": list(row.forces),
            "vehicles": _text(row.vehicles),
            "date": _date(row.date),
            "confidence": row.confidence,
            "confidence_note": _text(row.confidence_note),
            "note": _text(row.note),
            "leg_km": round(km, 1),
            "variant_of": _variant_of(row),
            "sources": source_details(catalog, row.sources),
            **event_provenance(event, joined.facts[event.id], catalog),
        }
        records.append(Record("routes", props, row.geometry))
    return records


def _variant_of(row) -> list[str]:
    value = getattr(row, "variant_of", None)
    return list(value) if isinstance(value, (list, tuple)) else []


def _marker_records(joined: JoinResult) -> list[Record]:
    from shapely.geometry import Point

    catalog = joined.catalog
    records = []
    for event in catalog.events:
        for number, marker in enumerate(event.markers, start=1):
            props = {
                "id": f"marker-{event.id}-{number}",
                "name": marker.label,
                "note": marker.note,
                "confidence": marker.confidence,
                **event_provenance(event, joined.facts[event.id], catalog),
            }
            records.append(
                Record("markers", props, Point(float(pacific_lon(marker.lon)), marker.lat))
            )
    return records


def _event_records(joined: JoinResult) -> list[Record]:
    catalog = joined.catalog
    frame = joined.frame
    records = []
    for event, geometry in zip(catalog.events, frame.geometry, strict=True):
        props = {
            "id": event.id,
            "name": event.title,
            "kind": event.kind,
            "start": event.start,
            "end": event.end,
            "patrol_number": event.patrol_number,
            "confidence": event.confidence,
            "summary": event.summary.strip(),
            "participants": [_participant(p) for p in event.participants],
            "responders": [
                {"country": r.country, "force": r.force, "action": r.action}
                for r in event.responders
            ],
            "areas": list(event.areas),
            **_derived(joined.facts[event.id]),
            "disputed": [
                {"field": d.field, "note": d.note, "sources": list(d.sources)}
                for d in event.disputed
            ],
            "sources": source_details(catalog, event.sources),
        }
        records.append(Record("events", props, geometry))
    return records


def _reference_records(catalog: Catalog, layer: str, only: set[str] | None) -> list[Record]:
    frame = catalog.layers[layer]
    extra = [c for c in _REFERENCE_EXTRA.get(layer, ()) if c in frame.columns]
    records = []
    for row in frame.itertuples(index=False):
        if only is not None and row.id not in only:
            continue
        props = {
            "id": row.id,
            "name": row.name,
            "aliases": list(getattr(row, "aliases", None) or ()),
            "confidence": row.confidence,
            "confidence_note": _text(getattr(row, "confidence_note", None)),
            "note": _text(getattr(row, "note", None)),
            **{c: _text(getattr(row, c)) for c in extra},
            "sources": source_details(catalog, getattr(row, "sources", None) or ()),
        }
        records.append(Record(layer, props, row.geometry))
    return records


def _text(value: Any) -> str | None:
    """A missing optional text field (None or a pandas NaN) as None."""
    return value if isinstance(value, str) else None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value)
    return None


# Territory polygons, by the `kind` territory.geojson gives them, and how an export names them.
_TERRITORY_KINDS = {
    "territory": "land and territorial sea",
    "land": "land",
    "strait-area": "strait area with a 3 nm limit",
}


_TERRITORY_SOURCE = "Natural Earth 1:10m countries, buffered (data/geo/TERRITORY-ATTRIBUTION.md)"


def territory_records() -> list[Record]:
    """Each state's land and territory, and the strait areas, from the bundled territory data."""
    import json

    import numpy as np
    from shapely.geometry import shape

    from patrolmap.geo import to_pacific_frame
    from patrolmap.paths import bundled_catalog_dir

    path = bundled_catalog_dir() / "data" / "geo" / "territory.geojson"
    if not path.is_file():
        raise PatrolmapError(f"{path}: no territory data in this installation")
    records = []
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        props = feature["properties"]
        if props.get("kind") not in _TERRITORY_KINDS:
            continue  # named places: labels for the check's messages, not areas
        state = props.get("state") or ""
        name = (
            props.get("name")
            or f"{COUNTRY_NAMES.get(state, state)}: {_TERRITORY_KINDS[props['kind']]}"
        )
        geometry = to_pacific_frame(np.array([shape(feature["geometry"])]))[0]
        properties = {
            "id": _slug(f"{props['kind']}-{props.get('state', '')}-{props.get('name', '')}"),
            "name": name,
            "kind": props["kind"],
            "state": props.get("state"),
            "breadth_nm": props.get("breadth_nm"),
            "confidence": props.get("confidence", "approximate"),
            "note": f"{_TERRITORY_KINDS[props['kind']]}; source: "
            + (props.get("source") or _TERRITORY_SOURCE),
        }
        records.append(Record("territory", properties, geometry))
    return records


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
