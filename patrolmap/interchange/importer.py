"""`patrolmap import`: append tracks drawn elsewhere to a catalogue's routes.geojson as route legs.

Each track must be placed: an event (from --event, or the `event` a patrolmap export wrote on it), the
forces that flew or sailed it, and sources that the register knows (--source, the track's own, or else
the event's). A track that cannot be placed is refused with the reason, and nothing is written.

The file is edited as text, not rewritten: the new features are inserted at the end of the `features`
array in the file's own indentation, so every existing byte, id and order stays as it was. The result
is validated as a whole catalogue (a copy in a temporary directory, with every check `validate` runs)
before it replaces routes.geojson atomically.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from patrolmap.atomic import write_atomic
from patrolmap.catalog.init import CATALOG_FILES
from patrolmap.catalog.load import GEO_FILES, resolve_catalog_dir
from patrolmap.catalog.model import CONFIDENCE_LEVELS, Catalog
from patrolmap.errors import CatalogError, PatrolmapError, Problem
from patrolmap.geo import standard_lon
from patrolmap.interchange.readers import Track, read_tracks

ROUTES_FILE = GEO_FILES["routes"]
_FORCE = re.compile(r"^[A-Z]{2}$")
_FEATURES_KEY = re.compile(r'"features"\s*:\s*\[')
_NUMBER_PAIR = re.compile(r"\[\s*(-?[0-9.eE+-]+),\s*(-?[0-9.eE+-]+)\s*\]")


@dataclass(frozen=True)
class ImportResult:
    path: Path
    ids: tuple[str, ...]
    warnings: tuple[Problem, ...]


def import_tracks(
    track_file: str | os.PathLike[str],
    catalog_dir: str | os.PathLike[str] | None,
    *,
    event: str | None = None,
    forces: Sequence[str] = (),
    confidence: str = "approximate",
    sources: Sequence[str] = (),
    vehicles: str | None = None,
) -> ImportResult:
    """Append every track in `track_file` to the catalogue's routes; return the new legs' ids."""
    from patrolmap.catalog.validate import validate_catalog

    root = resolve_catalog_dir(catalog_dir)
    catalog = validate_catalog(root, join=False).catalog_or_raise()
    if confidence not in CONFIDENCE_LEVELS:
        raise PatrolmapError(f"--confidence must be one of {', '.join(CONFIDENCE_LEVELS)}")
    tracks = read_tracks(track_file)
    taken = _taken_ids(catalog)
    features = []
    for track in tracks:
        feature = _feature(track, catalog, event, forces, sources, taken)
        drawn_by = vehicles or _text(track.properties.get("vehicles"))
        feature["properties"].update(_description(drawn_by, confidence, Path(track_file).name))
        feature["properties"]["sources"] = feature["properties"].pop(
            "sources"
        )  # last, as in the file
        taken.add(feature["properties"]["id"])
        features.append(feature)
    routes_path = root / ROUTES_FILE
    original = routes_path.read_text(encoding="utf-8")
    updated = append_features(original, features)
    warnings = _validated(root, updated)
    write_atomic(routes_path, updated)
    return ImportResult(routes_path, tuple(f["properties"]["id"] for f in features), warnings)


# --- placing a track -----------------------------------------------------------------------------


def _feature(
    track: Track,
    catalog: Catalog,
    event_id: str | None,
    forces: Sequence[str],
    sources: Sequence[str],
    taken: set[str],
) -> dict[str, Any]:
    props = track.properties
    eid = event_id or (props.get("event") if isinstance(props.get("event"), str) else None)
    known = {e.id: e for e in catalog.events}
    if eid is None:
        raise PatrolmapError(
            f"{track.where}: no event: give --event ID to say which event this track belongs to "
            "(`patrolmap summary` lists them)"
        )
    if eid not in known:
        raise PatrolmapError(f"{track.where}: unknown event {eid!r} (see `patrolmap summary`)")
    who = list(forces) or _id_list(props.get("forces"))
    if not who:
        raise PatrolmapError(
            f"{track.where}: no forces: give --forces, e.g. --forces RU,CN, to say who flew it"
        )
    bad = [f for f in who if not _FORCE.match(f)]
    if bad:
        raise PatrolmapError(f"{track.where}: forces: {', '.join(bad)} is not a country code")
    cited = list(sources) or _id_list(props.get("sources")) or list(known[eid].sources)
    unknown = [s for s in cited if s not in catalog.sources]
    if unknown:
        raise PatrolmapError(
            f"{track.where}: unknown source {', '.join(unknown)} (add it to seeds/sources.yaml)"
        )
    name = track.name or f"Imported leg of {eid}"
    properties: dict[str, Any] = {
        "id": _new_id(eid, taken),
        "name": name,
        "event": eid,
        "forces": who,
    }
    properties["sources"] = cited
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "LineString", "coordinates": _catalogue_coords(track.coords)},
    }


def _description(vehicles: str | None, confidence: str, origin: str) -> dict[str, str]:
    out = {"vehicles": vehicles} if vehicles else {}
    return {**out, "confidence": confidence, "confidence_note": f"imported from {origin}"}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _id_list(value: Any) -> list[str]:
    """Ids from a list of strings, or of {"id": ...} objects as patrolmap exports write them."""
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list):
        return []
    out = [v.get("id") if isinstance(v, dict) else v for v in value]
    return [v for v in out if isinstance(v, str)]


def _taken_ids(catalog: Catalog) -> set[str]:
    ids = {e.id for e in catalog.events} | set(catalog.sources)
    for frame in catalog.layers.values():
        ids |= set(frame["id"])
    return ids | set(catalog.route_variants["id"])  # a variant's id is taken too


def _new_id(event_id: str, taken: set[str]) -> str:
    number = 1
    while f"route-{event_id}-imported-{number}" in taken:
        number += 1
    return f"route-{event_id}-imported-{number}"


def _catalogue_coords(coords: np.ndarray) -> list[list[float]]:
    """Longitudes in −180…180 as the catalogue writes them; a line over 180° keeps its jump."""
    lon = standard_lon(coords[:, 0])
    return [[float(x), float(y)] for x, y in zip(lon, coords[:, 1], strict=True)]


# --- editing the file ----------------------------------------------------------------------------


def append_features(text: str, features: list[dict[str, Any]]) -> str:
    """Insert `features` at the end of the FeatureCollection `text`, leaving every other byte alone."""
    try:
        before = json.loads(text)
    except ValueError as exc:
        raise PatrolmapError(f"{ROUTES_FILE}: not valid JSON ({exc})") from None
    start, end = _features_span(text, before)
    body = text[start:end]
    unit, indent = _indentation(text, start, body)
    rendered = [_render(f, unit, indent) for f in features]
    inner = body[1:-1]
    if inner.strip():
        closing = inner[len(inner.rstrip()) :]
        new_body = "[" + inner.rstrip() + "".join(f",\n{r}" for r in rendered) + closing + "]"
    else:
        outer = indent[: max(len(indent) - len(unit), 0)]
        new_body = "[\n" + ",\n".join(rendered) + "\n" + outer + "]"
    updated = text[:start] + new_body + text[end:]
    after = json.loads(updated)
    # Nothing else moved: the old features, in order, then the new ones.
    assert after == {**before, "features": [*before["features"], *features]}
    return updated


def _features_span(text: str, parsed: dict) -> tuple[int, int]:
    """Where the `features` array of the top-level object starts and ends in `text`."""
    decoder = json.JSONDecoder()
    for match in _FEATURES_KEY.finditer(text):
        start = match.end() - 1
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError:
            continue
        if value == parsed.get("features"):
            return start, end
    raise PatrolmapError(f"{ROUTES_FILE}: no FeatureCollection `features` array found")


def _indentation(text: str, start: int, body: str) -> tuple[str, str]:
    """The indent unit and the indent of features, read from the file (two spaces if it has none)."""
    first = re.search(r"\n([ \t]*)\{", body)
    line_start = text.rfind("\n", 0, start) + 1
    key_indent = re.match(r"[ \t]*", text[line_start:]).group()  # type: ignore[union-attr]
    if first:
        indent = first.group(1)
        unit = indent[len(key_indent) :] or "  "
        return unit, indent
    return "  ", key_indent + "  "


def _render(feature: dict[str, Any], unit: str, indent: str) -> str:
    """One feature as the catalogue writes them: indented JSON, each [lon, lat] pair on one line."""
    text = json.dumps(feature, indent=unit, ensure_ascii=False)
    text = _NUMBER_PAIR.sub(r"[\1, \2]", text)
    return "\n".join(indent + line for line in text.splitlines())


# --- validation ----------------------------------------------------------------------------------


def _validated(root: Path, routes_text: str) -> tuple[Problem, ...]:
    """Validate the catalogue with `routes_text` as its routes, in a copy; raise on any error."""
    from patrolmap.catalog.validate import validate_catalog

    with tempfile.TemporaryDirectory(prefix="patrolmap-import-") as tmp:
        copy = Path(tmp) / "catalogue"
        for relative in CATALOG_FILES:
            if (root / relative).is_file():
                (copy / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(root / relative, copy / relative)
        (copy / ROUTES_FILE).write_text(routes_text, encoding="utf-8")
        report = validate_catalog(copy)
        # Say where problems are in the real catalogue, not in the temporary copy.
        problems = tuple(_relocate(p, copy, root) for p in report.problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CatalogError(errors)
    return tuple(p for p in problems if p.severity == "warning")


def _relocate(problem: Problem, copy: Path, root: Path) -> Problem:
    from dataclasses import replace

    return replace(
        problem,
        file=problem.file.replace(str(copy), str(root)),
        message=problem.message.replace(str(copy), str(root)),
    )
