"""Load a catalogue directory into a Catalog, collecting every problem before reporting any."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from patrolmap.catalog.fields import ID_PATTERN, RecordChecker
from patrolmap.catalog.geometry import GeometryError, build_geometry
from patrolmap.catalog.model import (
    CONFIDENCE_LEVELS,
    EVENT_KINDS,
    LAYER_PREFIX,
    LAYERS,
    NAME_LANGUAGES,
    SOURCE_KINDS,
    Catalog,
    Dispute,
    Event,
    Marker,
    Participant,
    Responder,
    Source,
    TerritoryEntry,
)
from patrolmap.catalog.read import (
    DuplicateKeys,
    ParsedGeometry,
    ReadResult,
    read_geojson,
    read_yaml,
)
from patrolmap.catalog.schema import FEATURE_COMMON, FORMAT_VERSION, INTERNAL_KEYS, KEYS
from patrolmap.errors import Problem
from patrolmap.geo import pacific_lon, seam_jumps, to_pacific_frame
from patrolmap.paths import bundled_catalog_dir

EVENTS_FILE = "data/events.yaml"
SOURCES_FILE = "seeds/sources.yaml"
GEO_FILES = {layer: f"data/geo/{layer}.geojson" for layer in LAYERS}
GEOMETRY_TYPES = {
    "adiz": ("Polygon", "MultiPolygon"),
    "seas": ("Polygon", "MultiPolygon"),
    "straits": ("LineString",),
    "places": ("Point",),
    "routes": ("LineString",),
}
PLACE_KINDS = ("island", "airbase", "reference")
# JSON parsers keep the last of two equal keys silently; a catalogue says what it means once.
_WRITTEN_TWICE = "the key is written twice in one object; keep one"


def resolve_catalog_dir(path: str | os.PathLike[str] | None) -> Path:
    """Return the catalogue directory: `path`, or the bundled catalogue when None."""
    return Path(path) if path is not None else bundled_catalog_dir()


def load_catalog(path: str | os.PathLike[str] | None = None) -> Catalog:
    """Load and validate the catalogue at `path` (the bundled one by default).

    Raises CatalogError listing every error found; warnings do not stop loading.
    """
    # Validation is the stage after reading; it imports this module, so it is imported here.
    from patrolmap.catalog.validate import validate_catalog

    return validate_catalog(path, join=False).catalog_or_raise()


@dataclass(frozen=True)
class Reference:
    """The ids one field of an event names, as written: kept even when the event is rejected for
    another field, so one run reports every problem of the record."""

    file: str
    line: int | None
    record: str
    field: str
    ids: tuple[str, ...]
    kind: str  # "area id" or "source id"


@dataclass
class Loaded:
    """What reading a catalogue gives the validation stage: the records that passed their field
    checks, the problems found so far, and what the checks across records need besides."""

    root: Path
    catalog: Catalog | None
    problems: list[Problem]
    references: list[Reference] = field(default_factory=list)
    rejected: set[str] = field(default_factory=set)  # ids of records refused for a field
    reads: dict[str, ReadResult] = field(default_factory=dict)  # layer -> its parsed file
    sources: list[Source] = field(default_factory=list)  # every one read, duplicate ids included

    def label(self, relative: str) -> str:
        return file_label(self.root, relative)

    def layer_label(self, layer: str) -> str:
        return file_label(self.root, GEO_FILES[layer])

    def feature_line(self, layer: str, index: int) -> int | None:
        """The line where feature `index` of `layer` starts (found only when a problem needs it)."""
        return self.reads[layer].line(("features", index))

    @property
    def unreadable(self) -> set[str]:
        """Labels of files that could not be read at all: references into them cannot be checked."""
        return {p.file for p in self.problems if not p.record and p.severity == "error"}


def read_records(path: str | os.PathLike[str] | None = None) -> Loaded:
    """Read a catalogue's files and check each record's fields; nothing across records yet."""
    with _no_cycle_collection():
        return _read_records(path)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while reading: parsing builds millions of objects that all
    stay alive, and every full collection walks all of them again for nothing (at 10,000 events
    that was 7 of the loader's 11.6 CPU seconds). Reading makes no reference cycles to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_records(path: str | os.PathLike[str] | None) -> Loaded:
    root = resolve_catalog_dir(path)
    if not root.is_dir():
        problem = Problem(
            str(root),
            None,
            "",
            "",
            "catalogue directory not found; `patrolmap init DIR` makes one to start from",
        )
        return Loaded(root, None, [problem])
    loaded = Loaded(root, None, [])
    sources = _load_sources(root, loaded.problems, loaded.rejected)
    events = _load_events(root, loaded.problems, loaded.rejected, loaded.references)
    layers = {
        layer: _load_layer(root, layer, loaded.problems, loaded.rejected, loaded.reads)
        for layer in LAYERS
    }
    by_id: dict[str, Source] = {}
    for source in sources:
        by_id.setdefault(source.id, source)  # a duplicate id is reported by validation
    loaded.sources = sources
    layers["routes"], variants = _split_variants(layers["routes"])
    loaded.catalog = Catalog(
        root=root, layers=layers, events=tuple(events), sources=by_id, variants=variants
    )
    return loaded


def _split_variants(routes):
    """The event routes' legs, and the legs that are variants of them (None when there are none).

    Variants are kept apart so that nothing counting an event's route (the join, summaries,
    exports, playback) counts another source's version of it too.
    """
    is_variant = routes["variant_of"].notna().to_numpy(dtype=bool)
    primary = routes[~is_variant].drop(columns="variant_of").reset_index(drop=True)
    if not is_variant.any():
        return primary, None
    return primary, routes[is_variant].reset_index(drop=True)


# --- sources -------------------------------------------------------------------------------------


def _load_sources(root: Path, problems: list[Problem], rejected: set[str]) -> list[Source]:
    """Every source that passed its field checks, duplicates included (validation reports them)."""
    label = file_label(root, SOURCES_FILE)
    read = read_yaml(root / SOURCES_FILE, label, root)
    problems.extend(read.problems)
    sources: list[Source] = []
    for check in _top_records(read, "sources", label, problems):
        source = _source(check)
        if source is None:
            rejected.add(check.record_id)
        else:
            sources.append(source)
    return sources


def _source(check: RecordChecker) -> Source | None:
    check.closed(KEYS["source"])
    sid = check.identifier(prefix="src-")
    outlet, headline = check.text("outlet", max_len=1000), check.text("headline", max_len=1000)
    kind = check.choice("kind", SOURCE_KINDS)
    facts = check.text_list("facts", required=True, non_empty=True)
    date = check.date("date", required=False)
    url = check.text("url", required=False, max_len=2000, prose=False)
    if url is not None and not url.startswith(("https://", "http://")):
        # Only web addresses become links: a javascript: or file: address never reaches the page.
        check.fail("url", f"{url[:80]!r} is not an http(s) address")
        url = None
    language = check.text("language", required=False, max_len=20, prose=False)
    seed_file = check.text("seed_file", required=False, max_len=300, prose=False)
    note = check.text("note", required=False, max_len=2000)
    if sid is None or outlet is None or headline is None or kind is None or not facts:
        return None
    return Source(
        sid,
        outlet,
        headline,
        kind,
        facts,
        date,
        url,
        language,
        seed_file,
        check.read.line(check.path),
        check.label,
        note,
    )


# --- events --------------------------------------------------------------------------------------


def _load_events(
    root: Path, problems: list[Problem], rejected: set[str], references: list[Reference]
) -> list[Event]:
    label = file_label(root, EVENTS_FILE)
    read = read_yaml(root / EVENTS_FILE, label, root)
    problems.extend(read.problems)
    events: list[Event] = []
    for check in _top_records(read, "events", label, problems):
        event = _event(check)
        references.extend(_event_references(check))
        if event is None:
            rejected.add(check.record_id)
        else:
            events.append(event)
    return events


def _event_references(check: RecordChecker) -> list[Reference]:
    """A Reference for each id list of an event record, as written."""

    def ids(value) -> tuple[str, ...]:
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

    record, path, out = check.record, check.path, []
    for name, kind in (("areas", "area id"), ("sources", "source id")):
        line = check.read.line((*path, name))
        out.append(Reference(check.label, line, check.record_id, name, ids(record.get(name)), kind))
    for nested in ("disputed", "territory_entries"):
        items = record.get(nested)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                line = check.read.line((*path, nested, i, "sources"))
                name = f"{nested}[{i + 1}].sources"
                ids_ = ids(item.get("sources"))
                out.append(Reference(check.label, line, check.record_id, name, ids_, "source id"))
    return out


def _event(check: RecordChecker) -> Event | None:
    check.closed(KEYS["event"])
    eid = check.identifier()
    title = check.text("title", max_len=1000)
    kind = check.choice("kind", EVENT_KINDS)
    start, end = check.date("start"), check.date("end")
    if start and end and end < start:
        check.fail("end", f"{end} is before start {start}")
    summary = check.text("summary")
    confidence = check.choice("confidence", CONFIDENCE_LEVELS)
    confidence_note = check.text("confidence_note", required=False)
    sources = check.text_list("sources", required=True, non_empty=True, prose=False)
    areas = check.text_list("areas", prose=False)
    patrol_number = check.integer("patrol_number", minimum=1)
    participants = tuple(_nested(check, "participants", _participant))
    responders = tuple(_nested(check, "responders", _responder))
    disputed = tuple(_nested(check, "disputed", _dispute))
    markers = tuple(_nested(check, "markers", _marker))
    if check.record.get("draft") not in (None, False):
        # A machine draft (`patrolmap draft`) maps, but --strict refuses it until a person checks it.
        check.fail(
            "draft",
            "is a machine draft: check it against its source, then remove `draft`",
            severity="warning",
        )
    entries = tuple(_nested(check, "territory_entries", _territory_entry))
    required = (eid, title, kind, start, end, summary, confidence)
    if eid is None or title is None or kind is None or summary is None or confidence is None:
        return None
    if start is None or end is None or end < start or not sources or None in required:
        return None
    return Event(
        eid,
        title,
        kind,
        start,
        end,
        summary,
        confidence,
        sources,
        participants,
        responders,
        areas,
        disputed,
        markers,
        patrol_number,
        check.read.line(check.path),
        check.label,
        confidence_note,
        entries,
    )


def _nested(check: RecordChecker, field: str, build) -> list:
    out = []
    for index, _item in check.records(field):
        value = build(check.sub(field, index))
        if value is not None:
            out.append(value)
    return out


def _participant(c: RecordChecker) -> Participant | None:
    c.closed(KEYS["participant"])
    country, kind = c.country("country"), c.text("type", max_len=1000)
    count = c.integer("count")
    role, note = c.text("role", required=False), c.text("count_note", required=False)
    return Participant(country, kind, count, role, note) if country and kind else None


def _responder(c: RecordChecker) -> Responder | None:
    c.closed(KEYS["responder"])
    country, force, action = c.country("country"), c.text("force"), c.text("action")
    return Responder(country, force, action) if country and force and action else None


def _dispute(c: RecordChecker) -> Dispute | None:
    c.closed(KEYS["dispute"])
    field, note = c.text("field", max_len=1000), c.text("note")
    sources = c.text_list("sources", prose=False)
    return Dispute(field, note, sources) if field and note else None


def _territory_entry(c: RecordChecker) -> TerritoryEntry | None:
    c.closed(KEYS["territory entry"])
    state, place, note = c.country("state"), c.text("place", max_len=1000), c.text("note")
    sources = c.text_list("sources", required=True, non_empty=True)
    disputed = c.text("disputed", required=False)
    if state and place and note and sources:
        return TerritoryEntry(state, place, note, sources, disputed)
    return None


def _marker(c: RecordChecker) -> Marker | None:
    c.closed(KEYS["marker"])
    label, note = c.text("label", max_len=1000), c.text("note", required=False)
    lon, lat = c.number("lon", -180.0, 360.0), c.number("lat", -90.0, 90.0)
    confidence = c.choice("confidence", CONFIDENCE_LEVELS, required=False) or "approximate"
    if label is None or lon is None or lat is None:
        return None
    return Marker(label, float(pacific_lon(lon)), lat, note, confidence)


# --- geometry layers -----------------------------------------------------------------------------


def _load_layer(root: Path, layer: str, problems: list[Problem], rejected: set[str], reads: dict):
    import geopandas as gpd

    label = file_label(root, GEO_FILES[layer])
    read = read_geojson(root / GEO_FILES[layer], label, root)
    reads[layer] = read
    problems.extend(read.problems)
    rows, geometries = [], []
    for index, feature in _features(read, label, problems):
        checker = RecordChecker(label, read, ("features", index), feature["properties"], problems)
        repeated = [
            part.duplicate
            for part in (feature, feature["properties"])
            if isinstance(part, DuplicateKeys)
        ]
        for key in repeated:
            checker.fail(key, _WRITTEN_TWICE)
        row = _feature_properties(checker, layer)
        geometry = _feature_geometry(checker, feature.get("geometry"), layer)
        if row is not None and geometry is not None and not repeated:
            row["feature"] = index  # its line is looked up only if a problem needs it
            rows.append(row)
            geometries.append(geometry)
        else:
            rejected.add(checker.record_id)
    columns = [key for key in FEATURE_COMMON if key not in INTERNAL_KEYS] + ["feature"]
    columns += _LAYER_COLUMNS[layer]
    import pandas as pd

    # Missing optional fields stay None, never NaN: NaN would reach popups as the float `nan`.
    table = pd.DataFrame(rows, columns=columns, dtype=object)
    series = gpd.GeoSeries(np.array(geometries, dtype=object), crs="EPSG:4326")
    frame = gpd.GeoDataFrame(table, geometry=series, crs="EPSG:4326")
    return _drop_invalid(frame, label, problems, rejected, read)


_LAYER_COLUMNS = {
    "adiz": ["operator", "established"],
    "seas": [],
    "straits": [],
    "places": ["kind", "country", "disputed"],
    "routes": ["event", "forces", "vehicles", "date", "uncertainty_km", "variant_of"],
}


def _features(read: ReadResult, label: str, problems: list[Problem]):
    data = read.data
    if read.data is None:
        return
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        what = "a list" if isinstance(data, list) else "not a FeatureCollection object"
        problems.append(
            Problem(label, 1, "", "type", f"must be a GeoJSON FeatureCollection ({what})")
        )
        return
    if isinstance(data, DuplicateKeys):
        problems.append(Problem(label, 1, "", data.duplicate, _WRITTEN_TWICE))
        return
    features = data.get("features")
    if not isinstance(features, list):
        problems.append(Problem(label, 1, "", "features", "must be a list of features"))
        return
    for index, feature in enumerate(features):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            field, message = "type", "is not a Feature"
        elif not isinstance(properties, dict):
            field, message = "properties", "must be an object"
        else:
            yield index, feature
            continue
        line = read.line(("features", index))
        problems.append(Problem(label, line, f"feature {index + 1}", field, message))


def _feature_properties(check: RecordChecker, layer: str) -> dict[str, Any] | None:
    check.closed(KEYS[layer])
    row: dict[str, Any] = {
        "id": check.identifier(prefix=LAYER_PREFIX[layer]),
        "name": check.text("name", max_len=1000),
        "aliases": list(check.text_list("aliases")),
        "confidence": check.choice("confidence", CONFIDENCE_LEVELS),
        "confidence_note": check.text("confidence_note", required=False),
        "sources": list(check.text_list("sources", required=True, non_empty=True, prose=False)),
        "note": check.text("note", required=False),
        "names": _names(check, "names"),
        "disputed_names": _names(check, "disputed_names"),
    }
    check.text("note_internal", required=False)  # curators' own note: checked, never kept
    if layer == "adiz":
        row["operator"] = check.country("operator")
        row["established"] = check.text("established", required=False, max_len=1000)
    elif layer == "places":
        row["kind"] = check.choice("kind", PLACE_KINDS)
        row["country"] = check.country("country", required=False)
        row["disputed"] = check.text("disputed", required=False)
    elif layer == "routes":
        row["event"] = check.text("event", max_len=100, prose=False)
        row["forces"] = list(check.countries("forces"))
        row["vehicles"] = check.text("vehicles", required=False, max_len=1000)
        row["date"] = check.date("date", required=False)
        has_km = check.record.get("uncertainty_km") is not None
        row["uncertainty_km"] = check.number("uncertainty_km", 0.0, 1000.0) if has_km else None
        row["variant_of"] = _variant_of(check)
    required = ("id", "name", "confidence")
    if any(row[k] is None for k in required) or not row["sources"]:
        return None
    if layer == "routes" and (row["event"] is None or not row["forces"]):
        return None
    if layer == "routes" and check.record.get("variant_of") is not None and not row["variant_of"]:
        return None  # a variant_of that is not a list of route ids: not drawn as a leg either
    return row


def _variant_of(check: RecordChecker) -> list[str] | None:
    """The legs a variant leg is another version of (route ids), or None for a leg of the route.

    Whether they exist and belong to the same event is checked across records (catalog.validate).
    """
    if check.record.get("variant_of") is None:
        return None
    legs = check.text_list("variant_of", non_empty=True, prose=False)
    for i, leg in enumerate(legs):
        if not (ID_PATTERN.fullmatch(leg) and leg.startswith(LAYER_PREFIX["routes"])):
            message = f"item {i + 1}: {leg[:100]!r} is not a route id (route-...)"
            check.fail("variant_of", message, subpath=(i,))
            return None
    return list(legs) or None


def _names(check: RecordChecker, field: str) -> dict[str, str] | None:
    """A feature's names by language (scene/naming.py): {en: ..., ja: ..., ko: ..., zh: ..., ru: ...}."""
    value = check.record.get(field)
    if value is None:
        return None
    if not isinstance(value, dict) or any(k not in NAME_LANGUAGES for k in value):
        check.fail(field, f"must map language codes ({', '.join(NAME_LANGUAGES)}) to names")
        return None
    if not all(isinstance(v, str) and v.strip() and len(v) <= 200 for v in value.values()):
        check.fail(field, "every name must be non-blank text of at most 200 characters")
        return None
    return dict(value)


def _feature_geometry(check: RecordChecker, geometry: Any, layer: str):
    import shapely

    allowed = GEOMETRY_TYPES[layer]
    if not isinstance(geometry, dict):
        check.fail("geometry", "is missing or not an object")
        return None
    if isinstance(geometry, DuplicateKeys):
        check.fail(f"geometry.{geometry.duplicate}", _WRITTEN_TWICE)
        return None
    gtype = geometry.get("type")
    if gtype not in allowed:
        check.fail(
            "geometry", f"type {str(gtype)[:40]!r} is not allowed here; use {' or '.join(allowed)}"
        )
        return None
    try:
        geom = geometry.shape if isinstance(geometry, ParsedGeometry) else build_geometry(geometry)
    except GeometryError as exc:
        check.fail("geometry", str(exc))
        return None
    coords = shapely.get_coordinates(geom)
    if geom.is_empty or len(coords) == 0:
        check.fail("geometry", "is empty")
        return None
    if not np.isfinite(coords).all():
        check.fail("geometry", "has a coordinate that is not a finite number")
        return None
    bad_lon = (coords[:, 0] < -180) | (coords[:, 0] > 360)
    bad_lat = np.abs(coords[:, 1]) > 90
    if bad_lon.any() or bad_lat.any():
        lon, lat = coords[np.argmax(bad_lon | bad_lat)]
        check.fail(
            "geometry", f"coordinate ({lon}, {lat}) is out of range: lon −180…360, lat −90…90"
        )
        return None
    return geom


def _drop_invalid(frame, label: str, problems: list[Problem], rejected: set[str], read):
    """Shift into the Pacific frame, then report shapes that are invalid or cross 0°."""
    import shapely

    if frame.empty:
        return frame
    geoms = to_pacific_frame(frame.geometry.values.to_numpy())
    valid = shapely.is_valid(geoms)
    jumps = seam_jumps(geoms)
    for i in np.flatnonzero(~valid | jumps):
        row = frame.iloc[i]
        if jumps[i]:
            message = "has consecutive vertices more than 180° of longitude apart (crosses 0°?)"
        else:
            message = f"is not a valid shape: {shapely.is_valid_reason(geoms[i])}"
        line = read.line(("features", row["feature"]))
        problems.append(Problem(label, line, row["id"], "geometry", message))
        rejected.add(row["id"])
    frame = frame.set_geometry(geoms, crs="EPSG:4326")
    return frame[valid & ~jumps].reset_index(drop=True)


# --- helpers -------------------------------------------------------------------------------------


def _top_records(read: ReadResult, key: str, label: str, problems: list[Problem]):
    """Yield a checker per record of the top-level `key:` list of a YAML file."""
    if read.data is None:
        return
    data = read.data
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        problems.append(
            Problem(
                label, read.line(()), "", key, f"the file must be a mapping with a '{key}:' list"
            )
        )
        return
    top = RecordChecker(label, read, (), data, problems)
    top.closed(KEYS[f"{key} file"])
    version = data.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        message = (
            f"{str(version)[:20]!r} is not a format this patrolmap reads (version {FORMAT_VERSION})"
        )
        top.fail("version", message)
        return
    for index, record in enumerate(data[key]):
        if isinstance(record, dict):
            yield RecordChecker(label, read, (key, index), record, problems)
        else:
            problems.append(
                Problem(
                    label,
                    read.line((key, index)),
                    f"record {index + 1}",
                    "",
                    "each record must be a mapping of fields",
                )
            )


def file_label(root: Path, relative: str) -> str:
    return str(root / relative)
